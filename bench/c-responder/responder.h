/* What one responder thread owns, and the routes it serves. */
#ifndef RESPONDER_H
#define RESPONDER_H

#include <fcgiapp.h>
#include "db.h"
#include "json.h"
#include "strbuf.h"

typedef struct {
    db_t db;
    FCGX_Request request;
    long max_body_bytes;
    /* The response: status, extra header lines, body. */
    int status;
    buf_t headers, out;
    /* Scratch buffers reused by every request. */
    buf_t body, spec, hash_doc, view, text, pairs, line;
    /* The request, read from the FastCGI parameters. */
    const char *method, *query, *authorization, *content_type;
    char path[512], request_id[65], tenant_id[64], token_id[64];
} worker_t;

/* Serves the request in w->request, filling status, headers and out (routes.c). */
void handle(worker_t *w);
/* POST /v1/containers, once authenticated (create.c). */
void create_container(worker_t *w);

#endif
