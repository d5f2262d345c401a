/* The C ceiling of dro-api's architecture for `make bench`: a threaded libfcgi responder (one
   MYSQL* per thread, new connections accepted under a mutex, a connection nginx keeps waited on
   outside it; like Sources/FCGIApp/Server/ResponderServer.swift) serving the benchmarked routes
   with the same SQL. Not part of the product.

     c-responder --config STATE/dro.json --listen ADDR      (--socket ADDR is the same)

   ADDR is a unix socket path, or host:port for TCP (IPv4; ":port" means every interface). On TCP
   anyone who can connect can send FastCGI parameters, so bind loopback or a private address and
   set FCGI_WEB_SERVER_ADDRS (libfcgi's list of web server addresses allowed to connect).
   It reads the database settings, thread count and body limit from dro.json, as dro-api does. */
#include <errno.h>
#include <fcgiapp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "responder.h"

static pthread_mutex_t accept_lock = PTHREAD_MUTEX_INITIALIZER;
static int listen_fd = -1;
static db_config_t db_config;
static long max_body_bytes = 1048576;
static volatile sig_atomic_t stopping;

static void on_signal(int sig) {
    (void)sig;
    stopping = 1;
    FCGX_ShutdownPending();
    shutdown(listen_fd, SHUT_RDWR);
}

static char *config_string(span_t root, const char *section, const char *sub, const char *key) {
    span_t v = json_get(root, section);
    if (sub) v = json_get(v, sub);
    v = json_get(v, key);
    buf_t out = {0};
    if (!v.n || json_string(v, &out)) return NULL;
    return out.p;
}

static long config_number_at(span_t v, long fallback) {
    double number;
    return json_number(v, &number) ? fallback : (long)number;
}

/* database.hosts: ["host:port", "[v6]:port", "host"] (port 3306 when absent). */
static int config_hosts(span_t database, db_config_t *c) {
    span_t hosts = json_get(database, "hosts"), item;
    json_iter_t it;
    if (!hosts.n) return 0;
    if (json_iter_init(&it, hosts)) return -1;
    while (json_iter_item(&it, &item)) {
        buf_t text = {0};
        if (json_string(item, &text) || !text.len) return -1;
        char *host = text.p, *colon = strrchr(host, ':');
        unsigned port = 3306;
        if (host[0] == '[') {
            char *close = strchr(host, ']');
            if (!close) return -1;
            *close = 0;
            colon = close[1] == ':' ? close + 1 : NULL;
            if (!colon && close[1]) return -1;
            host++;
        } else if (colon && strchr(host, ':') != colon) {
            colon = NULL; /* a bare IPv6 address */
        }
        if (colon) {
            char *end;
            long n = strtol(colon + 1, &end, 10);
            if (*end || n < 1 || n > 65535) return -1;
            *colon = 0;
            port = (unsigned)n;
        }
        c->hosts = realloc(c->hosts, (c->host_count + 1) * sizeof *c->hosts);
        c->hosts[c->host_count++] = (db_host_t){.host = host, .port = port};
    }
    return c->host_count ? 0 : -1;
}

static long config_number(span_t root, const char *section, const char *key, long fallback) {
    return config_number_at(json_get(json_get(root, section), key), fallback);
}

static const char *reason(int status) {
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
    }
}

static const char *param(worker_t *w, const char *name) { return FCGX_GetParam(name, w->request.envp); }

static double elapsed_ms(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) * 1e3 + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

static void serve_one(worker_t *w) {
    struct timespec started;
    clock_gettime(CLOCK_MONOTONIC, &started);
    buf_reset(&w->headers);
    buf_reset(&w->out);
    buf_reset(&w->body);
    w->method = param(w, "REQUEST_METHOD");
    if (!w->method) w->method = "GET";
    const char *uri = param(w, "REQUEST_URI");
    if (!uri) uri = "/";
    snprintf(w->path, sizeof w->path, "%.*s", (int)strcspn(uri, "?"), uri);
    w->query = param(w, "QUERY_STRING");
    w->authorization = param(w, "HTTP_AUTHORIZATION");
    w->content_type = param(w, "CONTENT_TYPE");
    const char *id = param(w, "REQUEST_ID");
    if (id && *id) {
        snprintf(w->request_id, sizeof w->request_id, "%s", id);
    } else {
        snprintf(w->request_id, sizeof w->request_id, "req_%lx%lx", (long)random(), (long)random());
    }
    const char *length = param(w, "CONTENT_LENGTH");
    long declared = length ? atol(length) : 0;
    if (declared > w->max_body_bytes) {
        w->status = 413;
        buf_puts(&w->out, "{\"detail\":{},\"error\":\"payload_too_large\",\"message\":\"the request body is larger than 1048576 bytes\",\"request_id\":\"");
        buf_puts(&w->out, w->request_id);
        buf_puts(&w->out, "\"}");
    } else {
        if (declared > 0) {
            buf_reserve(&w->body, (size_t)declared);
            int got;
            while (w->body.len < (size_t)declared &&
                   (got = FCGX_GetStr(w->body.p + w->body.len, (int)(declared - (long)w->body.len), w->request.in)) > 0)
                w->body.len += (size_t)got;
            w->body.p[w->body.len] = 0;
        }
        handle(w);
    }
    buf_t *h = &w->line;
    buf_reset(h);
    buf_printf(h, "Status: %d %s\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nX-Request-Id: %s\r\n",
               w->status, reason(w->status), w->request_id);
    buf_put(h, w->headers.p ? w->headers.p : "", w->headers.len);
    buf_printf(h, "Content-Length: %zu\r\n\r\n", w->out.len);
    FCGX_PutStr(h->p, (int)h->len, w->request.out);
    FCGX_PutStr(w->out.p, (int)w->out.len, w->request.out);
    /* The parameters (REQUEST_METHOD among them) are freed by FCGX_Finish_r: copy what the log needs. */
    char method[16];
    snprintf(method, sizeof method, "%s", w->method);
    FCGX_Finish_r(&w->request);

    /* The access log line dro-api writes (AccessLog.swift, swift-log's stream format). */
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S+0000", &tm);
    buf_reset(h);
    buf_printf(h, "%s info c-responder: duration_ms=%.3f method=%s path=%s request_id=%s status=%d tenant=%s [c] request\n",
               stamp, elapsed_ms(&started), method, w->path, w->request_id, w->status,
               w->tenant_id[0] ? w->tenant_id : "-");
    (void)!write(2, h->p, h->len);
}

/* Waits, without the accept lock, for the next request on the connection nginx kept
   (fastcgi_keep_conn on): 1 when its first bytes are there, 0 when nginx closed it (its
   keepalive_timeout, a reload, a full cache) or the responder is stopping; the connection is then
   closed (request->ipcFd < 0) and the thread goes back to accepting. The poll timeout only bounds
   how late a stopping responder notices. A request nginx sends in the instant a stopping thread
   closes its idle connection fails (502, and nginx does not resend a POST): drain a responder in
   nginx (scripts/lib/nginx.sh nginx_drain) before stopping it. */
static int kept_connection_ready(FCGX_Request *request) {
    struct pollfd fd = {.fd = request->ipcFd, .events = POLLIN};
    for (;;) {
        int rc = poll(&fd, 1, 500);
        if (rc > 0) {
            char byte;
            ssize_t n = recv(request->ipcFd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
            if (n > 0) return 1;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
            break; /* end of file or an error */
        }
        if (rc < 0 && errno != EINTR) break;
        if (stopping) break;
    }
    FCGX_Free(request, 1);
    return 0;
}

static void *serve(void *arg) {
    worker_t *w = arg;
    mysql_thread_init();
    w->db.config = &db_config;
    w->max_body_bytes = max_body_bytes;
    if (db_connect(&w->db)) fprintf(stderr, "a thread starts without a database connection; it retries per request\n");
    FCGX_InitRequest(&w->request, listen_fd, 0);
    for (;;) {
        int rc;
        /* After FCGX_Finish_r a connection nginx asked to keep (FCGI_KEEP_CONN) stays open in
           w->request, and FCGX_Accept_r reads the next request from it instead of accepting. That
           wait can last as long as nginx keeps the connection idle, so it must not happen under the
           accept lock, or one idle kept connection would stop every other thread from accepting.
           Only accepting a new connection (ipcFd < 0) is serialized. Should the kept connection
           carry a malformed request, FCGX_Accept_r closes it and accepts unlocked: harmless on
           Linux, where concurrent accept() on one socket is supported (libfcgi takes no lock
           there either); the lock is libfcgi's threaded.c pattern, not a requirement. */
        if (w->request.ipcFd >= 0 && kept_connection_ready(&w->request)) {
            rc = FCGX_Accept_r(&w->request);
        } else {
            if (stopping) break;
            pthread_mutex_lock(&accept_lock);
            rc = FCGX_Accept_r(&w->request);
            pthread_mutex_unlock(&accept_lock);
        }
        if (rc < 0) break;
        serve_one(w);
    }
    db_close(&w->db);
    mysql_thread_end();
    return NULL;
}

int main(int argc, char **argv) {
    const char *config_path = NULL, *listen_address = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--config")) config_path = argv[i + 1];
        else if (!strcmp(argv[i], "--listen") || !strcmp(argv[i], "--socket")) listen_address = argv[i + 1];
    }
    if (!config_path || !listen_address) {
        fprintf(stderr, "usage: %s --config DRO_JSON --listen UNIX_PATH|HOST:PORT\n", argv[0]);
        return 2;
    }
    /* libfcgi's own rule (FCGX_OpenSocket): an address with a colon is host:port. */
    int unix_socket = strchr(listen_address, ':') == NULL;
    FILE *f = fopen(config_path, "r");
    if (!f) {
        fprintf(stderr, "cannot read %s: %s\n", config_path, strerror(errno));
        return 1;
    }
    buf_t text = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_put(&text, chunk, n);
    fclose(f);
    span_t root = json_parse(text.p, text.len, 8);
    span_t database = json_get(root, "database"), tls = json_get(database, "tls");
    db_config.socket = config_string(root, "database", NULL, "socket");
    db_config.host = config_string(root, "database", NULL, "host");
    db_config.port = (unsigned)config_number(root, "database", "port", 3306);
    if (config_hosts(database, &db_config)) {
        fprintf(stderr, "%s: database.hosts must be a non-empty array of \"host:port\" strings\n", config_path);
        return 1;
    }
    if (tls.n) {
        db_config.tls = 1;
        db_config.tls_ca_file = config_string(root, "database", "tls", "ca_file");
        db_config.tls_cert_file = config_string(root, "database", "tls", "cert_file");
        db_config.tls_key_file = config_string(root, "database", "tls", "key_file");
        db_config.tls_verify_server_cert = json_type(json_get(tls, "verify_server_cert")) != 'f';
    }
    db_config.database = config_string(root, "database", NULL, "name");
    db_config.user = config_string(root, "database", "api", "user");
    db_config.password = config_string(root, "database", "api", "password");
    db_config.connect_timeout = (unsigned)config_number(root, "database", "connect_timeout_seconds", 2);
    db_config.lock_wait_timeout = (unsigned)config_number(root, "database", "lock_wait_timeout_seconds", 3);
    long threads = config_number(root, "api", "threads", 8);
    max_body_bytes = config_number(root, "api", "max_body_bytes", 1048576);
    if (!db_config.database || !db_config.user || !db_config.password) {
        fprintf(stderr, "%s lacks database.name or database.api credentials\n", config_path);
        return 1;
    }
    if (threads < 1) threads = 1;

    if (mysql_library_init(0, NULL, NULL) || FCGX_Init()) return 1;
    if (unix_socket) unlink(listen_address);
    if ((listen_fd = FCGX_OpenSocket(listen_address, 1024)) < 0) {
        fprintf(stderr, "cannot listen on %s\n", listen_address);
        return 1;
    }
    if (unix_socket) chmod(listen_address, 0660);
    signal(SIGPIPE, SIG_IGN);
    struct sigaction action = {.sa_handler = on_signal};
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    srandom((unsigned)time(NULL) ^ (unsigned)getpid());

    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    worker_t *workers = calloc((size_t)threads, sizeof *workers);
    for (long i = 0; i < threads; i++) pthread_create(&ids[i], NULL, serve, &workers[i]);
    fprintf(stderr, "c-responder listening on %s with %ld threads\n", listen_address, threads);
    for (long i = 0; i < threads; i++) pthread_join(ids[i], NULL);
    close(listen_fd);
    if (unix_socket) unlink(listen_address);
    mysql_library_end();
    return 0;
}
