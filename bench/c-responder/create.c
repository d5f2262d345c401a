/* POST /v1/containers: the quota-locked create transaction of ContainerCreation, statement for
   statement, with the host lookup before it. */
#include <errmsg.h>
#include <math.h>
#include <mysqld_error.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "respond.h"
#include "view.h"

#define TRANSACTION_ATTEMPTS 4

typedef struct {
    char name[64], host_key[256], image[256], mem_given[64];
    int start, has_cpu, has_mem;
    long long cpu_millis, mem_bytes;
} create_t;

typedef struct {
    size_t key, key_n, value, value_n; /* offsets into the pairs buffer */
} env_pair_t;

typedef struct {
    int port;
    const char *proto;
} port_t;

static __thread const char *pair_base;

static int compare_pairs(const void *a, const void *b) {
    const env_pair_t *x = a, *y = b;
    size_t n = x->key_n < y->key_n ? x->key_n : y->key_n;
    int c = memcmp(pair_base + x->key, pair_base + y->key, n);
    return c ? c : (x->key_n > y->key_n) - (x->key_n < y->key_n);
}

static int compare_ports(const void *a, const void *b) {
    const port_t *x = a, *y = b;
    return x->port != y->port ? (x->port > y->port) - (x->port < y->port) : strcmp(x->proto, y->proto);
}

static const char *protocol(const char *s, size_t n) {
    static const char *const names[] = {"tcp", "udp", "sctp"};
    for (int i = 0; i < 3; i++)
        if (strlen(names[i]) == n && !strncasecmp(s, names[i], n)) return names[i];
    return NULL;
}

/* A string field into dst (1..cap-1 bytes); -1 with the 400 rendered. */
static int string_field(worker_t *w, span_t body, const char *key, char *dst, size_t cap) {
    char message[96];
    span_t v = json_get(body, key);
    if (!v.n) {
        snprintf(message, sizeof message, "%s is required", key);
        fail_field(w, key, message);
        return -1;
    }
    if (json_string(v, &w->text)) {
        snprintf(message, sizeof message, "%s must be a string", key);
        fail_field(w, key, message);
        return -1;
    }
    if (!w->text.len || w->text.len >= cap) {
        snprintf(message, sizeof message, "%s must be 1 to %zu characters", key, cap - 1);
        fail_field(w, key, message);
        return -1;
    }
    memcpy(dst, w->text.p, w->text.len + 1);
    return 0;
}

/* Docker's memory syntax (`512m`, `1.5g`, bytes), binary units, at least 6 MiB. */
static int parse_memory(const char *text, long long *bytes) {
    char s[64];
    size_t n = strlen(text);
    if (!n || n >= sizeof s) return -1;
    for (size_t i = 0; i <= n; i++) s[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
    if (n && s[n - 1] == 'b') s[--n] = 0;
    long double multiplier = 1;
    const char *units = "kmgtp", *unit = n ? strchr(units, s[n - 1]) : NULL;
    if (n && unit && *unit) {
        multiplier = powl(2, 10 * (int)(unit - units + 1));
        s[--n] = 0;
    }
    char *dot = strchr(s, '.');
    size_t whole = dot ? (size_t)(dot - s) : n;
    if (!whole || strspn(s, "0123456789") != whole) return -1;
    if (dot && (!dot[1] || strspn(dot + 1, "0123456789") != strlen(dot + 1))) return -1;
    long double value = strtold(s, NULL) * multiplier;
    if (value >= 9.2e18L) return -1;
    *bytes = (long long)value;
    return *bytes >= 6LL * 1024 * 1024 ? 0 : -1;
}

static int is_env_key(const char *k, size_t n) {
    if (!n || n > 128 || !((k[0] >= 'A' && k[0] <= 'Z') || (k[0] >= 'a' && k[0] <= 'z') || k[0] == '_')) return 0;
    for (size_t i = 1; i < n; i++)
        if (!((k[i] >= 'A' && k[i] <= 'Z') || (k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_')) return 0;
    return 1;
}

/* Reads the allowlisted fields and writes the canonical spec JSON (ContainerSpec.canonicalJSON:
   sorted keys, absent optionals omitted, restart and labels at their defaults) into w->spec, and
   the normalised document the spec hash is taken of (ContainerSpec.hash: no mem_limit spelling,
   no restart or labels) into w->hash_doc. */
static int parse_create(worker_t *w, span_t body, create_t *c) {
    memset(c, 0, sizeof *c);
    if (json_type(body) != '{') {
        fail_field(w, "body", "the request body must be a JSON object");
        return -1;
    }
    if (string_field(w, body, "name", c->name, sizeof c->name)) return -1;
    for (const char *p = c->name; *p; p++) {
        int alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
        if (!(alnum || (*p == '-' && p != c->name && p[1]))) {
            fail_field(w, "name", "name may contain only a-z, 0-9 and '-', and must start and end with a letter or digit");
            return -1;
        }
    }
    if (string_field(w, body, "image", c->image, sizeof c->image)) return -1;
    if (string_field(w, body, "host_key", c->host_key, sizeof c->host_key)) return -1;
    span_t v = json_get(body, "start");
    c->start = 1;
    if (v.n) {
        if (json_type(v) != 't' && json_type(v) != 'f') {
            fail_field(w, "start", "start must be true or false");
            return -1;
        }
        c->start = json_type(v) == 't';
    }

    /* env: decoded pairs, sorted by key. */
    env_pair_t pairs[200];
    size_t npairs = 0;
    buf_reset(&w->pairs);
    span_t env = json_get(body, "env");
    if (env.n) {
        json_iter_t it;
        span_t key, value;
        if (json_type(env) != '{' || json_iter_init(&it, env)) {
            fail_field(w, "env", "env must be an object of string values");
            return -1;
        }
        while (json_iter_member(&it, &key, &value)) {
            if (npairs == 200) {
                fail_field(w, "env", "env may hold at most 200 variables");
                return -1;
            }
            env_pair_t *pair = &pairs[npairs++];
            json_string(key, &w->text);
            if (!is_env_key(w->text.p, w->text.len)) {
                fail_field(w, "env", "env keys must match ^[A-Za-z_][A-Za-z0-9_]*$ and be at most 128 characters");
                return -1;
            }
            pair->key = w->pairs.len;
            pair->key_n = w->text.len;
            buf_put(&w->pairs, w->text.p, w->text.len);
            if (json_string(value, &w->text) || w->text.len > 32 * 1024 || memchr(w->text.p, 0, w->text.len)) {
                fail_field(w, "env", "env values must be strings of at most 32768 bytes without NUL");
                return -1;
            }
            pair->value = w->pairs.len;
            pair->value_n = w->text.len;
            buf_put(&w->pairs, w->text.p, w->text.len);
        }
        pair_base = w->pairs.p;
        qsort(pairs, npairs, sizeof *pairs, compare_pairs);
    }

    /* ports: 80, "80", "80/tcp" or {"container_port": 80, "protocol": "tcp"}; sorted, no repeats. */
    port_t ports[50];
    size_t nports = 0;
    span_t list = json_get(body, "ports");
    if (list.n) {
        json_iter_t it;
        span_t item;
        if (json_type(list) != '[' || json_iter_init(&it, list)) {
            fail_field(w, "ports", "ports must be an array");
            return -1;
        }
        while (json_iter_item(&it, &item)) {
            double number = 0;
            const char *proto = "tcp";
            int ok = 1;
            if (nports == 50) {
                fail_field(w, "ports", "at most 50 ports may be declared");
                return -1;
            }
            if (json_type(item) == 'n') {
                ok = !json_number(item, &number);
            } else if (json_type(item) == '"') {
                char *slash, *end;
                json_string(item, &w->text);
                slash = strchr(w->text.p, '/');
                if (slash) {
                    proto = protocol(slash + 1, strlen(slash + 1));
                    *slash = 0;
                }
                number = (double)strtol(w->text.p, &end, 10);
                ok = proto && *w->text.p && !*end && strspn(w->text.p, "0123456789") == strlen(w->text.p);
            } else if (json_type(item) == '{') {
                span_t cp = json_get(item, "container_port"), pr = json_get(item, "protocol");
                ok = !json_get(item, "host_port").n && !json_get(item, "host_ip").n && !json_number(cp, &number);
                if (ok && pr.n) {
                    ok = !json_string(pr, &w->text) && (proto = protocol(w->text.p, w->text.len));
                }
            } else {
                ok = 0;
            }
            if (!ok || number != floor(number) || number < 1 || number > 65535) {
                fail_field(w, "ports", "ports must look like 80, \"80/tcp\", \"53/udp\" or \"80/sctp\" (1 to 65535)");
                return -1;
            }
            ports[nports++] = (port_t){(int)number, proto};
        }
        qsort(ports, nports, sizeof *ports, compare_ports);
        for (size_t i = 1; i < nports; i++) {
            if (!compare_ports(&ports[i - 1], &ports[i])) {
                fail_field(w, "ports", "each container port and protocol may be declared once");
                return -1;
            }
        }
    }

    v = json_get(body, "cpu_limit");
    if (v.n) {
        double vcpus;
        if (json_number(v, &vcpus) || !(vcpus >= 0.01 && vcpus <= 256) || fabs(vcpus * 1000 - round(vcpus * 1000)) >= 1e-6) {
            fail_field(w, "cpu_limit", "cpu_limit must be between 0.01 and 256 vCPUs, with at most 3 decimal places");
            return -1;
        }
        c->has_cpu = 1;
        c->cpu_millis = llround(vcpus * 1000);
    }
    v = json_get(body, "mem_limit");
    if (v.n) {
        double bytes;
        if (json_type(v) == '"' && !json_string(v, &w->text) && w->text.len < sizeof c->mem_given)
            memcpy(c->mem_given, w->text.p, w->text.len + 1);
        else if (!json_number(v, &bytes) && bytes >= 0 && bytes == floor(bytes) && bytes < 9.2e18)
            snprintf(c->mem_given, sizeof c->mem_given, "%lld", (long long)bytes);
        if (!c->mem_given[0] || parse_memory(c->mem_given, &c->mem_bytes)) {
            fail_field(w, "mem_limit", "mem_limit must be a memory size such as \"512m\", \"2g\" or \"1.5g\", at least 6m");
            return -1;
        }
        c->has_mem = 1;
    }

    buf_t *s = &w->spec;
    buf_reset(s);
    buf_putc(s, '{');
    span_t command = json_get(body, "command");
    size_t command_start = s->len;
    if (command.n) {
        json_iter_t it;
        span_t item;
        int count = 0;
        if (json_type(command) != '[' || json_iter_init(&it, command)) {
            fail_field(w, "command", "command must be an array of strings");
            return -1;
        }
        buf_puts(s, "\"command\":[");
        while (json_iter_item(&it, &item)) {
            if (count == 64 || json_string(item, &w->text) || w->text.len > 4096 || memchr(w->text.p, 0, w->text.len)) {
                fail_field(w, "command", "command must be at most 64 strings of at most 4096 bytes without NUL");
                return -1;
            }
            if (count++) buf_putc(s, ',');
            json_escape(s, w->text.p, w->text.len);
        }
        buf_puts(s, "],");
    }
    size_t command_end = s->len;
    if (c->has_cpu) buf_printf(s, "\"cpu_millis\":%lld,", c->cpu_millis);
    buf_puts(s, "\"env\":{");
    size_t env_start = s->len;
    for (size_t i = 0; i < npairs; i++) {
        if (i) buf_putc(s, ',');
        json_escape(s, w->pairs.p + pairs[i].key, pairs[i].key_n);
        buf_putc(s, ':');
        json_escape(s, w->pairs.p + pairs[i].value, pairs[i].value_n);
    }
    size_t env_end = s->len;
    buf_puts(s, "},\"image\":");
    size_t image_start = s->len;
    json_escape(s, c->image, strlen(c->image));
    size_t image_end = s->len;
    buf_puts(s, ",\"labels\":{}");
    if (c->has_mem) {
        buf_printf(s, ",\"mem_bytes\":%lld,\"mem_limit\":", c->mem_bytes);
        json_escape(s, c->mem_given, strlen(c->mem_given));
    }
    buf_puts(s, ",\"ports\":[");
    size_t ports_start = s->len;
    for (size_t i = 0; i < nports; i++)
        buf_printf(s, "%s{\"container_port\":%d,\"protocol\":\"%s\"}", i ? "," : "", ports[i].port, ports[i].proto);
    size_t ports_end = s->len;
    buf_puts(s, "],\"restart\":\"on-failure\"}");

    buf_t *h = &w->hash_doc;
    buf_reset(h);
    buf_putc(h, '{');
    buf_put(h, s->p + command_start, command_end - command_start);
    if (c->has_cpu) buf_printf(h, "\"cpu_millis\":%lld,", c->cpu_millis);
    buf_puts(h, "\"env\":{");
    buf_put(h, s->p + env_start, env_end - env_start);
    buf_puts(h, "},\"image\":");
    buf_put(h, s->p + image_start, image_end - image_start);
    if (c->has_mem) buf_printf(h, ",\"mem_bytes\":%lld", c->mem_bytes);
    buf_puts(h, ",\"ports\":[");
    buf_put(h, s->p + ports_start, ports_end - ports_start);
    buf_puts(h, "]}");
    return 0;
}

typedef struct {
    char scope[64];
    int has_cap[3];
    long long cap[3], used[3];
} allocation_t;

typedef struct {
    char region[64];
    int enabled, has_cpus, has_mem;
    long long cpus, mem;
} host_t;

enum { TX_OK, TX_REFUSED, TX_FAILED };

/* The body of the create transaction; TX_REFUSED with the answer rendered, TX_FAILED with *err. */
static int create_transaction(worker_t *w, const create_t *c, const host_t *host, const char *id, const char *now,
                              const char *spec_hash, unsigned *err) {
    db_t *db = &w->db;
    param_t lock[] = {TEXT(w->tenant_id)};
    if ((*err = db_run(db, ST_LOCK, lock, 1))) return TX_FAILED;
    if ((*err = db_run(db, ST_ALLOCATIONS, lock, 1))) return TX_FAILED;
    allocation_t allocations[16];
    int count = 0, row, regions = 0, region_permitted = 0;
    while ((row = db_fetch(db, ST_ALLOCATIONS)) == 1) {
        if (count == 16) continue;
        allocation_t *a = &allocations[count++];
        unsigned long n;
        const char *scope = db_column(db, ST_ALLOCATIONS, 0, &n);
        snprintf(a->scope, sizeof a->scope, "%.*s", (int)n, scope);
        for (int d = 0; d < 3; d++) {
            a->cap[d] = column_int(db, ST_ALLOCATIONS, 1 + d, &a->has_cap[d]);
            a->used[d] = column_int(db, ST_ALLOCATIONS, 4 + d, NULL);
        }
        if (strcmp(a->scope, "*")) {
            regions++;
            if (!strcmp(a->scope, host->region)) region_permitted = 1;
        }
    }
    if (row < 0) {
        *err = mysql_stmt_errno(db->statements[ST_ALLOCATIONS].stmt);
        return TX_FAILED;
    }

    /* PlacementDecision.decide */
    if (!host->enabled || (regions && !region_permitted)) {
        fail_field(w, "host_key", "host_key does not name a host available to you; see GET /v1/hosts");
        return TX_REFUSED;
    }
    if (host->has_cpus && c->has_cpu && c->cpu_millis > host->cpus * 1000) {
        fail_field(w, "cpu_limit", "cpu_limit exceeds the CPUs of the host");
        return TX_REFUSED;
    }
    if (host->has_mem && c->has_mem && c->mem_bytes > host->mem) {
        fail_field(w, "mem_limit", "mem_limit exceeds the memory of the host");
        return TX_REFUSED;
    }

    /* QuotaDecision.decide: the region's allocation first, then `*`. */
    allocation_t *applicable[2];
    int napplicable = 0;
    for (int i = 0; i < count; i++)
        if (!strcmp(allocations[i].scope, host->region)) applicable[napplicable++] = &allocations[i];
    for (int i = 0; i < count; i++)
        if (!strcmp(allocations[i].scope, "*")) applicable[napplicable++] = &allocations[i];
    long long requested[3] = {1, c->has_cpu ? c->cpu_millis : 0, c->has_mem ? c->mem_bytes : 0};
    static const char *const dimensions[3] = {"containers", "cpu", "memory"};
    if (!napplicable) {
        fail_detail(w, 403, "quota_exceeded", "the containers quota of scope '*' would be exceeded",
                    "{\"cap\":0,\"dimension\":\"containers\",\"in_use\":0,\"requested\":1,\"scope\":\"*\"}");
        return TX_REFUSED;
    }
    for (int i = 0; i < napplicable; i++) {
        if (applicable[i]->has_cap[1] && !c->has_cpu) {
            fail_field(w, "cpu_limit", "cpu_limit is required: your quota caps this resource");
            return TX_REFUSED;
        }
    }
    for (int i = 0; i < napplicable; i++) {
        if (applicable[i]->has_cap[2] && !c->has_mem) {
            fail_field(w, "mem_limit", "mem_limit is required: your quota caps this resource");
            return TX_REFUSED;
        }
    }
    for (int d = 0; d < 3; d++) {
        for (int i = 0; i < napplicable; i++) {
            allocation_t *a = applicable[i];
            if (!a->has_cap[d] || a->used[d] + requested[d] <= a->cap[d]) continue;
            buf_t *detail = &w->text;
            char message[160];
            buf_reset(detail);
            buf_puts(detail, "{\"cap\":");
            if (d == 1) put_millis(detail, a->cap[d]);
            else buf_printf(detail, "%lld", a->cap[d]);
            buf_printf(detail, ",\"dimension\":\"%s\",\"in_use\":", dimensions[d]);
            if (d == 1) put_millis(detail, a->used[d]);
            else buf_printf(detail, "%lld", a->used[d]);
            buf_puts(detail, ",\"requested\":");
            if (d == 1) put_millis(detail, requested[d]);
            else buf_printf(detail, "%lld", requested[d]);
            buf_puts(detail, ",\"scope\":");
            json_escape(detail, a->scope, strlen(a->scope));
            buf_putc(detail, '}');
            snprintf(message, sizeof message, "the %s quota of scope '%s' would be exceeded", dimensions[d], a->scope);
            fail_detail(w, 403, "quota_exceeded", message, detail->p);
            return TX_REFUSED;
        }
    }

    param_t insert[] = {
        TEXT(id), TEXT(w->tenant_id), TEXT(c->name), TEXT(c->image), TEXT(c->host_key), TEXT(host->region),
        TEXTN(w->spec.p, w->spec.len), TEXT(spec_hash), c->has_cpu ? INT(c->cpu_millis) : NUL,
        c->has_mem ? INT(c->mem_bytes) : NUL, TEXT("on-failure"), TEXT(c->start ? "running" : "stopped"), TEXT(now), TEXT(now),
    };
    if ((*err = db_run(db, ST_INSERT, insert, 14))) {
        if (*err != ER_DUP_ENTRY) return TX_FAILED;
        char message[128];
        snprintf(message, sizeof message, "a container named '%s' already exists", c->name);
        fail_detail(w, 409, "conflict", message, "{\"reason\":\"name_taken\"}");
        return TX_REFUSED;
    }
    param_t charge[] = {INT(1), INT(requested[1]), INT(requested[2]), TEXT(now), TEXT(w->tenant_id), TEXT(host->region)};
    if ((*err = db_run(db, ST_CHARGE, charge, 6))) return TX_FAILED;
    param_t job_update[] = {INT(1), TEXT(now), TEXT(now), TEXT(id)};
    if ((*err = db_run(db, ST_JOB_UPDATE, job_update, 4))) return TX_FAILED;
    if (db_affected(db, ST_JOB_UPDATE) == 0) {
        param_t job_insert[] = {TEXT(id), TEXT(c->host_key), INT(1), TEXT(now), TEXT(now), TEXT(now)};
        if ((*err = db_run(db, ST_JOB_INSERT, job_insert, 6))) return TX_FAILED;
    }
    char actor[80], detail[1025];
    snprintf(actor, sizeof actor, "token:%s", w->token_id);
    snprintf(detail, sizeof detail, "name=%s image=%s host=%s", c->name, c->image, c->host_key);
    param_t event[] = {TEXT(w->tenant_id), TEXT(id), TEXT(actor), TEXT("container.create"), TEXT(detail),
                       TEXT(w->request_id)};
    if ((*err = db_run(db, ST_EVENT, event, 6))) return TX_FAILED;
    return TX_OK;
}

void create_container(worker_t *w) {
    const char *type = w->content_type;
    size_t type_n = type ? strcspn(type, ";") : 0;
    while (type_n && (type[type_n - 1] == ' ' || type[type_n - 1] == '\t')) type_n--;
    while (type && type_n && (*type == ' ' || *type == '\t')) type++, type_n--;
    if (!type || type_n != 16 || strncasecmp(type, "application/json", 16))
        return fail(w, 415, "unsupported_media_type", "the request body must be sent as Content-Type: application/json");
    if (!w->body.len) return fail_field(w, "body", "the request body must be a JSON object");
    span_t body = json_parse(w->body.p, w->body.len, 32);
    if (!body.n) return fail_field(w, "body", "the request body is not valid JSON or is nested more than 32 levels deep");
    create_t c;
    if (parse_create(w, body, &c)) return;

    /* The host lookup takes no lock, so it happens before the transaction (ContainerCreation). */
    host_t host = {0};
    param_t p[] = {TEXT(c.host_key)};
    unsigned err = db_run(&w->db, ST_HOST, p, 1);
    if (err) return fail_database(w, err);
    int row = db_fetch(&w->db, ST_HOST);
    if (row < 0) return fail_database(w, mysql_stmt_errno(w->db.statements[ST_HOST].stmt));
    if (row == 0) return fail_field(w, "host_key", "host_key does not name a host available to you; see GET /v1/hosts");
    unsigned long n;
    const char *region = db_column(&w->db, ST_HOST, 1, &n);
    snprintf(host.region, sizeof host.region, "%.*s", (int)n, region);
    host.enabled = column_int(&w->db, ST_HOST, 2, NULL) != 0;
    host.cpus = column_int(&w->db, ST_HOST, 3, &host.has_cpus);
    host.mem = column_int(&w->db, ST_HOST, 4, &host.has_mem);
    db_drain(&w->db, ST_HOST);

    char now[27], id[29] = "ctr_", spec_hash[65];
    unsigned char random[12], digest[32];
    now_sql(now);
    RAND_bytes(random, sizeof random);
    hex(id + 4, random, sizeof random);
    sha256(w->hash_doc.p, w->hash_doc.len, digest);
    hex(spec_hash, digest, 32);

    /* The 201 body is rendered before the transaction, as ContainerRow.newView is. */
    row_fields_t r = {
        .id = id, .id_n = strlen(id), .name = c.name, .name_n = strlen(c.name),
        .host_key = c.host_key, .host_key_n = strlen(c.host_key), .region = host.region, .region_n = strlen(host.region),
        .desired = c.start ? "running" : "stopped", .desired_n = 7, .observed = "pending", .observed_n = 7,
        .created = now, .created_n = 26, .updated = now, .updated_n = 26,
    };
    buf_reset(&w->view);
    put_view(&w->view, (span_t){w->spec.p, w->spec.len}, &r);

    for (int attempt = 1;; attempt++) {
        int outcome;
        if ((err = db_text(&w->db, "START TRANSACTION"))) return fail_database(w, err);
        outcome = create_transaction(w, &c, &host, id, now, spec_hash, &err);
        if (outcome == TX_OK && !(err = db_commit(&w->db))) break;
        db_rollback(&w->db);
        if (outcome == TX_REFUSED) return;
        if ((err == ER_LOCK_DEADLOCK || err == ER_LOCK_WAIT_TIMEOUT) && attempt < TRANSACTION_ATTEMPTS) {
            usleep((useconds_t)((1000 + rand() % 4001) * attempt));
            continue;
        }
        return fail_database(w, err);
    }
    buf_t swap = w->out;
    w->out = w->view;
    w->view = swap;
    w->status = 201;
    char location[64];
    snprintf(location, sizeof location, "/v1/containers/%s", id);
    header(w, "Location", location);
}

