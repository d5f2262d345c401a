/* A small in-place JSON scanner: values are spans of the source text, decoded on demand. */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>
#include "strbuf.h"

typedef struct {
    const char *p;
    size_t n;
} span_t;

/* Iterates the members of an object or the items of an array. */
typedef struct {
    const char *p, *end;
    int first;
} json_iter_t;

/* The span of the one JSON value in text (surrounding white space allowed); n == 0 when invalid
   or nested deeper than max_depth. */
span_t json_parse(const char *text, size_t n, int max_depth);
char json_type(span_t v); /* '{', '[', '"', 'n' (number), 't', 'f', 'z' (null), 0 (absent) */
int json_iter_init(json_iter_t *it, span_t container);
int json_iter_member(json_iter_t *it, span_t *key, span_t *value); /* 1 while there is one */
int json_iter_item(json_iter_t *it, span_t *value);
int json_key_is(span_t key, const char *name);
/* The member `name` of an object; absent (n == 0) when missing or null. */
span_t json_get(span_t object, const char *name);
/* Decodes a string value into out (replacing its contents); -1 when not a valid string. */
int json_string(span_t value, buf_t *out);
int json_number(span_t value, double *out);
/* Appends s as a JSON string literal, escaped as Swift's JSONEncoder (.withoutEscapingSlashes) does. */
void json_escape(buf_t *b, const char *s, size_t n);

#endif
