/* Responses in the API's shapes, and the small text formats the routes share. */
#ifndef RESPOND_H
#define RESPOND_H

#include "responder.h"

void header(worker_t *w, const char *name, const char *value);
/* The shared error shape; detail_json is an object. */
void fail_detail(worker_t *w, int status, const char *code, const char *message, const char *detail_json);
void fail(worker_t *w, int status, const char *code, const char *message);
void fail_field(worker_t *w, const char *field, const char *message);
void fail_database(worker_t *w, unsigned err);
void now_sql(char out[27]);
void put_rfc3339(buf_t *b, const char *sql, size_t n);
void put_millis(buf_t *b, long long millis);
void put_span(buf_t *b, span_t s);
void put_text_or_null(buf_t *b, const char *s, unsigned long n);
void hex(char *out, const unsigned char *bytes, size_t n);
void sha256(const void *data, size_t n, unsigned char out[32]);
/* An integer column of the current row; *present (when given) says whether it was not NULL. */
long long column_int(db_t *db, int st, unsigned i, int *present);

#endif
