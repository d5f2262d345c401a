/* A containers row as ContainerView encodes it, the stored spec embedded as Swift decodes it. */
#include <stdlib.h>
#include <string.h>

#include "respond.h"
#include "view.h"

typedef struct {
    span_t command, env, image, labels, mem_limit, mem_bytes, ports, restart;
    long long cpu_millis;
    int has_cpu;
} spec_fields_t;

static int spec_fields(span_t spec, spec_fields_t *f) {
    json_iter_t it;
    span_t key, value;
    memset(f, 0, sizeof *f);
    if (json_iter_init(&it, spec)) return -1;
    while (json_iter_member(&it, &key, &value)) {
        if (json_type(value) == 'z') continue;
        if (json_key_is(key, "command")) f->command = value;
        else if (json_key_is(key, "env")) f->env = value;
        else if (json_key_is(key, "image")) f->image = value;
        else if (json_key_is(key, "labels")) f->labels = value;
        else if (json_key_is(key, "restart")) f->restart = value;
        else if (json_key_is(key, "mem_limit")) f->mem_limit = value;
        else if (json_key_is(key, "mem_bytes")) f->mem_bytes = value;
        else if (json_key_is(key, "ports")) f->ports = value;
        else if (json_key_is(key, "cpu_millis")) {
            f->cpu_millis = strtoll(value.p, NULL, 10);
            f->has_cpu = 1;
        }
    }
    return f->env.n && f->ports.n && f->image.n ? 0 : -1;
}

/* The declared ports with the address and host port Docker published each on, once known: the
   host's public address when set, else the address Docker bound. */
static void put_ports(buf_t *b, span_t ports, span_t published, const char *public_address, unsigned long public_n) {
    json_iter_t it, pit;
    span_t item, pitem;
    int first = 1;
    buf_putc(b, '[');
    json_iter_init(&it, ports);
    while (json_iter_item(&it, &item)) {
        span_t port = json_get(item, "container_port"), proto = json_get(item, "protocol"), host = {0}, ip = {0};
        if (published.n && !json_iter_init(&pit, published)) {
            while (json_iter_item(&pit, &pitem)) {
                span_t pp = json_get(pitem, "container_port"), pr = json_get(pitem, "protocol");
                if (pp.n == port.n && !memcmp(pp.p, port.p, port.n) && pr.n == proto.n && !memcmp(pr.p, proto.p, pr.n))
                    host = json_get(pitem, "host_port"), ip = json_get(pitem, "host_ip");
            }
        }
        if (!first) buf_putc(b, ',');
        first = 0;
        buf_puts(b, "{\"container_port\":");
        put_span(b, port);
        buf_puts(b, ",\"host_ip\":");
        if (host.n && public_address) json_escape(b, public_address, public_n);
        else if (host.n && ip.n) put_span(b, ip);
        else buf_puts(b, "null");
        buf_puts(b, ",\"host_port\":");
        if (host.n) put_span(b, host);
        else buf_puts(b, "null");
        buf_puts(b, ",\"protocol\":");
        put_span(b, proto);
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
}

int put_view(buf_t *b, span_t spec, const row_fields_t *r) {
    spec_fields_t f;
    if (spec_fields(spec, &f)) return -1;
    buf_puts(b, "{\"command\":");
    if (f.command.n) put_span(b, f.command);
    else buf_puts(b, "null");
    buf_puts(b, ",\"cpu_limit\":");
    if (f.has_cpu) put_millis(b, f.cpu_millis);
    else buf_puts(b, "null");
    buf_puts(b, ",\"created_at\":");
    put_rfc3339(b, r->created, r->created_n);
    buf_puts(b, ",\"desired_state\":");
    json_escape(b, r->desired, r->desired_n);
    buf_puts(b, ",\"env\":");
    put_span(b, f.env);
    buf_puts(b, ",\"exit_code\":");
    if (r->exit_code) buf_put(b, r->exit_code, r->exit_code_n);
    else buf_puts(b, "null");
    buf_puts(b, ",\"host_key\":");
    json_escape(b, r->host_key, r->host_key_n);
    buf_puts(b, ",\"id\":");
    json_escape(b, r->id, r->id_n);
    buf_puts(b, ",\"image\":");
    put_span(b, f.image);
    buf_puts(b, ",\"labels\":");
    if (f.labels.n) put_span(b, f.labels);
    else buf_puts(b, "{}");
    buf_puts(b, ",\"last_error\":");
    put_text_or_null(b, r->last_error, r->last_error_n);
    buf_puts(b, ",\"last_error_code\":");
    put_text_or_null(b, r->last_error_code, r->last_error_code_n);
    buf_puts(b, ",\"mem_limit\":");
    if (f.mem_limit.n) put_span(b, f.mem_limit);
    else buf_puts(b, "null");
    buf_puts(b, ",\"mem_limit_bytes\":");
    if (f.mem_bytes.n) put_span(b, f.mem_bytes);
    else buf_puts(b, "null");
    buf_puts(b, ",\"name\":");
    json_escape(b, r->name, r->name_n);
    buf_puts(b, ",\"observed_at\":");
    if (r->observed_at) put_rfc3339(b, r->observed_at, r->observed_at_n);
    else buf_puts(b, "null");
    buf_puts(b, ",\"observed_state\":");
    json_escape(b, r->observed, r->observed_n);
    buf_puts(b, ",\"ports\":");
    span_t published = {0};
    if (r->published) published = json_parse(r->published, r->published_n, 8);
    put_ports(b, f.ports, published, r->public_address, r->public_address_n);
    buf_puts(b, ",\"region\":");
    json_escape(b, r->region, r->region_n);
    buf_puts(b, ",\"restart\":");
    if (f.restart.n) put_span(b, f.restart);
    else buf_puts(b, "\"on-failure\"");
    buf_puts(b, ",\"updated_at\":");
    put_rfc3339(b, r->updated, r->updated_n);
    buf_putc(b, '}');
    return 0;
}

int put_row(worker_t *w, buf_t *b, int st) {
    db_t *db = &w->db;
    row_fields_t r;
    unsigned long spec_n;
    r.id = db_column(db, st, 0, &r.id_n);
    r.name = db_column(db, st, 1, &r.name_n);
    r.host_key = db_column(db, st, 2, &r.host_key_n);
    r.region = db_column(db, st, 3, &r.region_n);
    const char *spec = db_column(db, st, 4, &spec_n);
    r.desired = db_column(db, st, 5, &r.desired_n);
    r.observed = db_column(db, st, 6, &r.observed_n);
    r.exit_code = db_column(db, st, 7, &r.exit_code_n);
    r.last_error = db_column(db, st, 8, &r.last_error_n);
    r.published = db_column(db, st, 9, &r.published_n);
    r.created = db_column(db, st, 10, &r.created_n);
    r.updated = db_column(db, st, 11, &r.updated_n);
    r.observed_at = db_column(db, st, 12, &r.observed_at_n);
    r.last_error_code = db_column(db, st, 13, &r.last_error_code_n);
    r.public_address = db_column(db, st, 14, &r.public_address_n);
    span_t parsed = json_parse(spec, spec_n, 8);
    return parsed.n ? put_view(b, parsed, &r) : -1;
}

