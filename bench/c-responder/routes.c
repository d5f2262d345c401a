/* Routing, the token lookup and the two read routes, statement for statement as the Swift
   responder runs them (Responder, TokenStore, ContainerStore). */
#include <errmsg.h>
#include <openssl/crypto.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "respond.h"
#include "view.h"

#define LIST_DEFAULT 50
#define LIST_MAX 200
#define LIST_MAX_BODY (4 * 1024 * 1024)

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void put_cursor(buf_t *b, long long seq) {
    char text[32];
    int n = snprintf(text, sizeof text, "c1:%lld", seq);
    buf_putc(b, '"');
    for (int i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)(unsigned char)text[i] << 16;
        if (i + 1 < n) v |= (uint32_t)(unsigned char)text[i + 1] << 8;
        if (i + 2 < n) v |= (unsigned char)text[i + 2];
        buf_putc(b, b64url[v >> 18 & 63]);
        buf_putc(b, b64url[v >> 12 & 63]);
        if (i + 1 < n) buf_putc(b, b64url[v >> 6 & 63]);
        if (i + 2 < n) buf_putc(b, b64url[v & 63]);
    }
    buf_putc(b, '"');
}

static int decode_cursor(const char *text, size_t n, long long *seq) {
    char out[64];
    size_t len = 0;
    uint32_t acc = 0;
    int bits = 0;
    if (n % 4 == 1 || n > 80) return -1;
    for (size_t i = 0; i < n; i++) {
        const char *at = memchr(b64url, text[i], 64);
        if (!at || !text[i]) return -1;
        acc = acc << 6 | (uint32_t)(at - b64url);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[len++] = (char)(acc >> bits);
        }
    }
    out[len] = 0;
    char *end;
    if (len < 4 || memcmp(out, "c1:", 3) || out[3] < '0' || out[3] > '9') return -1;
    *seq = strtoll(out + 3, &end, 10);
    return *end ? -1 : 0;
}

/* The value of a query parameter (not percent-decoded: the routes here take digits and base64url). */
static const char *query_value(const char *query, const char *name, size_t *n) {
    size_t len = strlen(name);
    for (const char *p = query; p && *p;) {
        const char *amp = strchr(p, '&'), *stop = amp ? amp : p + strlen(p);
        if ((size_t)(stop - p) >= len && !memcmp(p, name, len) && (p[len] == '=' || p + len == stop)) {
            const char *v = p[len] == '=' ? p + len + 1 : stop;
            *n = (size_t)(stop - v);
            return v;
        }
        p = amp ? amp + 1 : NULL;
    }
    return NULL;
}

/* ---- authentication ---- */

/* `Authorization: Bearer dro_<24 hex>_<43 base64url>` → the tenant, or a 401/403 already rendered. */
static int authenticate(worker_t *w) {
    const char *h = w->authorization;
    if (!h || strlen(h) <= 7 || strncasecmp(h, "bearer ", 7)) {
        fail(w, 401, "unauthorized", "missing bearer token: send Authorization: Bearer <token>");
        return -1;
    }
    const char *token = h + 7, *end = h + strlen(h);
    while (token < end && (*token == ' ' || *token == '\t')) token++;
    while (end > token && (end[-1] == ' ' || end[-1] == '\t')) end--;
    size_t n = (size_t)(end - token);
    int ok = n == 4 + 24 + 1 + 43 && !memcmp(token, "dro_", 4) && token[28] == '_';
    for (int i = 4; ok && i < 28; i++) ok = (token[i] >= '0' && token[i] <= '9') || (token[i] >= 'a' && token[i] <= 'f');
    if (!ok) {
        fail(w, 401, "unauthorized", "invalid bearer token");
        return -1;
    }
    snprintf(w->token_id, sizeof w->token_id, "tok_%.24s", token + 4);
    param_t p[] = {TEXT(w->token_id)};
    unsigned err = db_run(&w->db, ST_AUTH, p, 1);
    if (err) {
        fail_database(w, err);
        return -1;
    }
    int row = db_fetch(&w->db, ST_AUTH);
    if (row < 0) {
        fail_database(w, mysql_stmt_errno(w->db.statements[ST_AUTH].stmt));
        return -1;
    }
    unsigned char digest[32];
    sha256(token + 29, 43, digest);
    unsigned long len, tenant_n;
    const char *stored = row ? db_column(&w->db, ST_AUTH, 1, &len) : NULL;
    if (!stored || len != 32 || CRYPTO_memcmp(stored, digest, 32)) {
        db_drain(&w->db, ST_AUTH);
        fail(w, 401, "unauthorized", "invalid bearer token");
        return -1;
    }
    const char *tenant = db_column(&w->db, ST_AUTH, 0, &tenant_n);
    const char *expires = db_column(&w->db, ST_AUTH, 2, &len);
    char now[27], expiry[32] = "";
    if (expires) snprintf(expiry, sizeof expiry, "%.*s", (int)len, expires);
    const char *revoked = db_column(&w->db, ST_AUTH, 3, &len);
    int is_revoked = revoked && atoi(revoked) != 0;
    /* TokenStore.authenticate: an active tenant passes, a suspended one is refused with 403, and
       any other status (deleting, deleted) answers as a revoked token. */
    const char *status = db_column(&w->db, ST_AUTH, 4, &len);
    int is_active = status && len == 6 && !memcmp(status, "active", 6);
    int is_suspended = status && len == 9 && !memcmp(status, "suspended", 9);
    snprintf(w->tenant_id, sizeof w->tenant_id, "%.*s", (int)tenant_n, tenant);
    db_drain(&w->db, ST_AUTH);
    now_sql(now);
    if (is_revoked) fail(w, 401, "unauthorized", "the token is revoked");
    else if (expires && strcmp(expiry, now) <= 0) fail(w, 401, "unauthorized", "the token is expired");
    else if (is_suspended) fail(w, 403, "forbidden", "the tenant is suspended");
    else if (!is_active) fail(w, 401, "unauthorized", "the token is revoked");
    else return 0;
    return -1;
}

/* ---- GET /v1/containers/{id} ---- */

static void get_container(worker_t *w, const char *id) {
    param_t p[] = {TEXT(id), TEXT(w->tenant_id)};
    unsigned err = db_run(&w->db, ST_GET, p, 2);
    if (err) return fail_database(w, err);
    int row = db_fetch(&w->db, ST_GET);
    if (row <= 0) {
        if (row < 0) return fail_database(w, mysql_stmt_errno(w->db.statements[ST_GET].stmt));
        return fail(w, 404, "not_found", "no such container");
    }
    buf_reset(&w->out);
    int bad = put_row(w, &w->out, ST_GET);
    db_drain(&w->db, ST_GET);
    if (bad) return fail(w, 500, "internal", "internal error");
    w->status = 200;
}

/* ---- GET /v1/containers?limit=&cursor= ---- */

static void list_containers(worker_t *w) {
    long long limit = LIST_DEFAULT, after = 0;
    size_t n;
    const char *v = query_value(w->query, "limit", &n);
    if (v) {
        char digits[16];
        char *end;
        snprintf(digits, sizeof digits, "%.*s", (int)(n < 15 ? n : 15), v);
        limit = strtoll(digits, &end, 10);
        if (!n || n > 15 || *end || limit < 1 || limit > LIST_MAX)
            return fail_field(w, "limit", "limit must be a whole number from 1 to 200");
    }
    if ((v = query_value(w->query, "cursor", &n)) && decode_cursor(v, n, &after))
        return fail_field(w, "cursor", "cursor is not one this API returned");
    /* As ContainerStore.list: the stored spec sizes first, then only the rows the 4 MiB body
       can hold (ContainerPageCut), through the last of them. */
    param_t sp[] = {TEXT(w->tenant_id), INT(after), INT(limit + 1)};
    unsigned err = db_run(&w->db, ST_LIST_SIZES, sp, 3);
    if (err) return fail_database(w, err);
    long long sized = 0, count = 0, through = 0, total = 0;
    int row, cut = 0;
    while ((row = db_fetch(&w->db, ST_LIST_SIZES)) == 1) {
        if (++sized > limit || cut) continue;
        unsigned long n_seq, n_bytes;
        const char *bytes = db_column(&w->db, ST_LIST_SIZES, 1, &n_bytes);
        total += bytes ? strtoll(bytes, NULL, 10) : 0;
        if (count && total > LIST_MAX_BODY) {
            cut = 1;
            continue;
        }
        through = strtoll(db_column(&w->db, ST_LIST_SIZES, 0, &n_seq), NULL, 10);
        count++;
    }
    if (row < 0) return fail_database(w, mysql_stmt_errno(w->db.statements[ST_LIST_SIZES].stmt));
    int more = sized > count;
    buf_t *b = &w->out;
    buf_reset(b);
    buf_puts(b, "{\"containers\":[");
    long long written = 0, last_seq = 0;
    if (count) {
        param_t p[] = {TEXT(w->tenant_id), INT(after), INT(through), INT(count)};
        if ((err = db_run(&w->db, ST_LIST, p, 4))) return fail_database(w, err);
        while ((row = db_fetch(&w->db, ST_LIST)) == 1) {
            if (written) buf_putc(b, ',');
            if (put_row(w, b, ST_LIST)) {
                db_drain(&w->db, ST_LIST);
                return fail(w, 500, "internal", "internal error");
            }
            unsigned long seq_n;
            last_seq = strtoll(db_column(&w->db, ST_LIST, 15, &seq_n), NULL, 10);
            written++;
        }
        if (row < 0) return fail_database(w, mysql_stmt_errno(w->db.statements[ST_LIST].stmt));
    }
    buf_puts(b, "],\"next_cursor\":");
    if (more && written) put_cursor(b, last_seq);
    else buf_puts(b, "null");
    buf_putc(b, '}');
    w->status = 200;
}

/* ---- routing ---- */

void handle(worker_t *w) {
    static const char prefix[] = "/v1/containers";
    w->tenant_id[0] = 0;
    const char *path = w->path;
    if (!strcmp(path, "/v1/health")) {
        if (strcmp(w->method, "GET")) return fail(w, 405, "method_not_allowed", "use GET");
        unsigned err = db_connect(&w->db) ? CR_CONNECTION_ERROR : 0;
        if (err) return fail_database(w, err);
        buf_reset(&w->out);
        buf_puts(&w->out, "{\"status\":\"ok\",\"database\":\"ok\"}");
        w->status = 200;
        return;
    }
    if (strncmp(path, prefix, sizeof prefix - 1)) return fail(w, 404, "not_found", "no such route");
    const char *rest = path + sizeof prefix - 1;
    if (*rest == 0) {
        int get = !strcmp(w->method, "GET"), post = !strcmp(w->method, "POST");
        if (!get && !post) {
            header(w, "Allow", "GET, POST");
            return fail_detail(w, 405, "method_not_allowed", "use GET, POST", "{\"allow\":[\"GET\",\"POST\"]}");
        }
        if (authenticate(w)) return;
        return get ? list_containers(w) : create_container(w);
    }
    if (*rest != '/' || !rest[1] || strchr(rest + 1, '/')) return fail(w, 404, "not_found", "no such route");
    if (strcmp(w->method, "GET")) {
        header(w, "Allow", "GET");
        return fail_detail(w, 405, "method_not_allowed", "only GET is served here", "{\"allow\":[\"GET\"]}");
    }
    if (authenticate(w)) return;
    get_container(w, rest + 1);
}
