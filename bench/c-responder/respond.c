/* Responses in the API's shapes, and the small text formats the routes share. */
#include <errmsg.h>
#include <mysqld_error.h>
#include <openssl/evp.h>
#include <string.h>
#include <time.h>

#include "respond.h"

void header(worker_t *w, const char *name, const char *value) {
    buf_puts(&w->headers, name);
    buf_put(&w->headers, ": ", 2);
    buf_puts(&w->headers, value);
    buf_put(&w->headers, "\r\n", 2);
}

/* The shared error shape, keys sorted as the Swift encoder sorts them; detail_json is an object. */
void fail_detail(worker_t *w, int status, const char *code, const char *message, const char *detail_json) {
    w->status = status;
    buf_reset(&w->out);
    buf_puts(&w->out, "{\"detail\":");
    buf_puts(&w->out, detail_json);
    buf_puts(&w->out, ",\"error\":");
    json_escape(&w->out, code, strlen(code));
    buf_puts(&w->out, ",\"message\":");
    json_escape(&w->out, message, strlen(message));
    buf_puts(&w->out, ",\"request_id\":");
    json_escape(&w->out, w->request_id, strlen(w->request_id));
    buf_putc(&w->out, '}');
    if (status == 401) header(w, "WWW-Authenticate", "Bearer");
}

void fail(worker_t *w, int status, const char *code, const char *message) { fail_detail(w, status, code, message, "{}"); }

void fail_field(worker_t *w, const char *field, const char *message) {
    buf_t *d = &w->text;
    buf_reset(d);
    buf_puts(d, "{\"field\":");
    json_escape(d, field, strlen(field));
    buf_putc(d, '}');
    fail_detail(w, 400, "validation_error", message, d->p);
}

void fail_database(worker_t *w, unsigned err) {
    db_forget_if_lost(&w->db, err);
    if (err == ER_LOCK_DEADLOCK || err == ER_LOCK_WAIT_TIMEOUT || (err >= 2000 && err < 3000) || err == ER_CONNECTION_KILLED ||
        err == ER_SERVER_SHUTDOWN || err == 4031)
        fail(w, 503, "unavailable", "the service is temporarily unavailable; retry shortly");
    else
        fail(w, 500, "internal", "internal error");
}

/* `2026-11-23 10:38:50.123456`, as DATETIME(6) takes it. */
void now_sql(char out[27]) {
    struct timespec ts;
    struct tm tm;
    char text[96];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%06ld", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000);
    memcpy(out, text, 26);
    out[26] = 0;
}

void put_rfc3339(buf_t *b, const char *sql, size_t n) {
    buf_putc(b, '"');
    const char *space = memchr(sql, ' ', n);
    if (space) {
        buf_put(b, sql, (size_t)(space - sql));
        buf_putc(b, 'T');
        buf_put(b, space + 1, n - (size_t)(space - sql) - 1);
    } else {
        buf_put(b, sql, n);
    }
    buf_put(b, "Z\"", 2);
}

/* Milli-vCPUs as the Swift encoder writes the Double millis/1000: 250 → 0.25, 1000 → 1. */
void put_millis(buf_t *b, long long millis) {
    if (millis % 1000 == 0) {
        buf_printf(b, "%lld", millis / 1000);
        return;
    }
    char fraction[8];
    snprintf(fraction, sizeof fraction, "%03lld", millis % 1000);
    int digits = 3;
    while (fraction[digits - 1] == '0') digits--;
    buf_printf(b, "%lld.%.*s", millis / 1000, digits, fraction);
}

void put_span(buf_t *b, span_t s) { buf_put(b, s.p, s.n); }

void put_text_or_null(buf_t *b, const char *s, unsigned long n) {
    if (s) json_escape(b, s, n);
    else buf_puts(b, "null");
}

void hex(char *out, const unsigned char *bytes, size_t n) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = 0;
}

void sha256(const void *data, size_t n, unsigned char out[32]) {
    unsigned int length = 0;
    EVP_Digest(data, n, out, &length, EVP_sha256(), NULL);
}

long long column_int(db_t *db, int st, unsigned i, int *present) {
    unsigned long n;
    const char *s = db_column(db, st, i, &n);
    if (present) *present = s != NULL;
    return s ? strtoll(s, NULL, 10) : 0;
}
