#include "json.h"

#include <stdlib.h>
#include <string.h>

static const char *ws(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

static const char *skip_string(const char *p, const char *end) {
    for (p++; p < end; p++) {
        if (*p == '"') return p + 1;
        if (*p == '\\') p++;
        else if ((unsigned char)*p < 0x20) return NULL;
    }
    return NULL;
}

/* The end of the value starting at p, or NULL when it is malformed or too deep. */
static const char *skip(const char *p, const char *end, int depth) {
    p = ws(p, end);
    if (p >= end) return NULL;
    switch (*p) {
    case '"': return skip_string(p, end);
    case '{':
    case '[': {
        char close = *p == '{' ? '}' : ']';
        if (depth <= 0) return NULL;
        p = ws(p + 1, end);
        if (p < end && *p == close) return p + 1;
        for (;;) {
            if (close == '}') {
                p = ws(p, end);
                if (p >= end || *p != '"' || !(p = skip_string(p, end))) return NULL;
                p = ws(p, end);
                if (p >= end || *p != ':') return NULL;
                p++;
            }
            if (!(p = skip(p, end, depth - 1))) return NULL;
            p = ws(p, end);
            if (p >= end) return NULL;
            if (*p == close) return p + 1;
            if (*p != ',') return NULL;
            p++;
        }
    }
    case 't': return end - p >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
    case 'f': return end - p >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
    case 'n': return end - p >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
    default: {
        const char *start = p;
        if (p < end && *p == '-') p++;
        while (p < end && ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-')) p++;
        return p > start ? p : NULL;
    }
    }
}

span_t json_parse(const char *text, size_t n, int max_depth) {
    const char *end = text + n, *start = ws(text, end);
    const char *stop = skip(start, end, max_depth);
    if (!stop || ws(stop, end) != end) return (span_t){0};
    return (span_t){start, (size_t)(stop - start)};
}

char json_type(span_t v) {
    if (!v.n) return 0;
    switch (v.p[0]) {
    case '{': case '[': case '"': case 't': case 'f': return v.p[0];
    case 'n': return 'z';
    default: return 'n';
    }
}

int json_iter_init(json_iter_t *it, span_t container) {
    if (!container.n || (container.p[0] != '{' && container.p[0] != '[')) return -1;
    it->p = container.p + 1;
    it->end = container.p + container.n - 1;
    it->first = 1;
    return 0;
}

static int iter_next(json_iter_t *it) {
    it->p = ws(it->p, it->end);
    if (it->p >= it->end) return 0;
    if (!it->first) {
        if (*it->p != ',') return 0;
        it->p = ws(it->p + 1, it->end);
    }
    it->first = 0;
    return 1;
}

int json_iter_member(json_iter_t *it, span_t *key, span_t *value) {
    if (!iter_next(it)) return 0;
    const char *k = it->p, *kend = skip_string(k, it->end);
    if (!kend) return 0;
    *key = (span_t){k, (size_t)(kend - k)};
    const char *v = ws(ws(kend, it->end) + 1, it->end);
    const char *vend = skip(v, it->end, 64);
    if (!vend) return 0;
    *value = (span_t){v, (size_t)(vend - v)};
    it->p = vend;
    return 1;
}

int json_iter_item(json_iter_t *it, span_t *value) {
    if (!iter_next(it)) return 0;
    const char *vend = skip(it->p, it->end, 64);
    if (!vend) return 0;
    *value = (span_t){it->p, (size_t)(vend - it->p)};
    it->p = vend;
    return 1;
}

int json_key_is(span_t key, const char *name) {
    size_t n = strlen(name);
    return key.n == n + 2 && !memcmp(key.p + 1, name, n);
}

span_t json_get(span_t object, const char *name) {
    json_iter_t it;
    span_t key, value, found = {0};
    if (json_iter_init(&it, object) || object.p[0] != '{') return found;
    /* The last of repeated keys wins, as in Swift's decoder. */
    while (json_iter_member(&it, &key, &value))
        if (json_key_is(key, name)) found = value;
    if (json_type(found) == 'z') found.n = 0;
    return found;
}

static void put_utf8(buf_t *b, unsigned cp) {
    char u[4];
    if (cp < 0x80) { buf_putc(b, (char)cp); return; }
    if (cp < 0x800) { u[0] = (char)(0xc0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3f)); buf_put(b, u, 2); return; }
    if (cp < 0x10000) {
        u[0] = (char)(0xe0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3f)); u[2] = (char)(0x80 | (cp & 0x3f));
        buf_put(b, u, 3);
        return;
    }
    u[0] = (char)(0xf0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3f)); u[3] = (char)(0x80 | (cp & 0x3f));
    buf_put(b, u, 4);
}

static int hex4(const char *p, const char *end, unsigned *out) {
    if (end - p < 4) return -1;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

int json_string(span_t value, buf_t *out) {
    buf_reset(out);
    buf_reserve(out, value.n);
    if (json_type(value) != '"') return -1;
    const char *p = value.p + 1, *end = value.p + value.n - 1;
    while (p < end) {
        const char *run = p;
        while (p < end && *p != '\\') p++;
        buf_put(out, run, (size_t)(p - run));
        if (p >= end) break;
        p++;
        switch (*p++) {
        case '"': buf_putc(out, '"'); break;
        case '\\': buf_putc(out, '\\'); break;
        case '/': buf_putc(out, '/'); break;
        case 'b': buf_putc(out, '\b'); break;
        case 'f': buf_putc(out, '\f'); break;
        case 'n': buf_putc(out, '\n'); break;
        case 'r': buf_putc(out, '\r'); break;
        case 't': buf_putc(out, '\t'); break;
        case 'u': {
            unsigned cp, low;
            if (hex4(p, end, &cp)) return -1;
            p += 4;
            if (cp >= 0xd800 && cp < 0xdc00) {
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, end, &low) || low < 0xdc00 || low > 0xdfff) return -1;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                p += 6;
            } else if (cp >= 0xdc00 && cp < 0xe000) {
                return -1;
            }
            put_utf8(out, cp);
            break;
        }
        default: return -1;
        }
    }
    return 0;
}

int json_number(span_t value, double *out) {
    char tmp[64];
    if (json_type(value) != 'n' || value.n >= sizeof tmp) return -1;
    memcpy(tmp, value.p, value.n);
    tmp[value.n] = 0;
    char *stop;
    *out = strtod(tmp, &stop);
    return *stop ? -1 : 0;
}

void json_escape(buf_t *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    buf_reserve(b, n + 2);
    buf_putc(b, '"');
    const char *run = s, *end = s + n;
    for (; s < end; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        buf_put(b, run, (size_t)(s - run));
        run = s + 1;
        switch (c) {
        case '"': buf_put(b, "\\\"", 2); break;
        case '\\': buf_put(b, "\\\\", 2); break;
        case '\n': buf_put(b, "\\n", 2); break;
        case '\r': buf_put(b, "\\r", 2); break;
        case '\t': buf_put(b, "\\t", 2); break;
        case '\b': buf_put(b, "\\b", 2); break;
        case '\f': buf_put(b, "\\f", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            buf_put(b, u, 6);
        }
        }
    }
    buf_put(b, run, (size_t)(s - run));
    buf_putc(b, '"');
}
