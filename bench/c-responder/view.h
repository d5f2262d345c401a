/* A containers row as ContainerView encodes it. */
#ifndef VIEW_H
#define VIEW_H

#include "responder.h"

typedef struct {
    const char *id, *name, *host_key, *region, *desired, *observed, *exit_code, *last_error, *last_error_code, *public_address, *published;
    unsigned long id_n, name_n, host_key_n, region_n, desired_n, observed_n, exit_code_n, last_error_n, last_error_code_n, public_address_n, published_n;
    const char *created, *updated, *observed_at;
    unsigned long created_n, updated_n, observed_at_n;
} row_fields_t;

/* A container from its canonical spec JSON and row fields (sorted keys, explicit nulls). */
int put_view(buf_t *b, span_t spec, const row_fields_t *r);
/* The current row of ST_GET or ST_LIST (ContainerRow.columns order). */
int put_row(worker_t *w, buf_t *b, int st);

#endif
