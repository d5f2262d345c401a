/* One MariaDB connection per thread with its prepared statements (binary protocol), every
   result column bound as a string as the Swift store binds them. */
#ifndef DB_H
#define DB_H

#include <mysql.h>
#include "strbuf.h"

/* One entry of database.hosts ("host:port", "[v6]:port"). */
typedef struct {
    char *host;
    unsigned port;
} db_host_t;

/* database.* of dro.json, as dro-api reads it: database.hosts when present (tried in order),
   otherwise the unix socket when set, otherwise host/port. database.tls, when present, makes
   every connection TLS (ca/cert/key files, server certificate verification). */
typedef struct {
    const char *socket, *host, *user, *password, *database;
    unsigned port;
    db_host_t *hosts;
    size_t host_count;
    int tls, tls_verify_server_cert;
    const char *tls_ca_file, *tls_cert_file, *tls_key_file;
    unsigned connect_timeout, lock_wait_timeout;
} db_config_t;

enum {
    ST_AUTH, ST_GET, ST_LIST_SIZES, ST_LIST, ST_HOST, ST_LOCK, ST_ALLOCATIONS, ST_INSERT, ST_CHARGE, ST_JOB_UPDATE, ST_JOB_INSERT,
    ST_EVENT, ST_COUNT
};

typedef struct {
    enum { P_NULL, P_TEXT, P_INT, P_BLOB } type;
    const char *s;
    unsigned long n;
    long long i;
} param_t;

#define TEXT(str) ((param_t){.type = P_TEXT, .s = (str), .n = strlen(str)})
#define TEXTN(str, len) ((param_t){.type = P_TEXT, .s = (str), .n = (len)})
#define INT(v) ((param_t){.type = P_INT, .i = (v)})
#define NUL ((param_t){.type = P_NULL})

typedef struct {
    MYSQL_STMT *stmt;
    unsigned columns;
    MYSQL_BIND *bind;
    char **buffers;
    unsigned long *capacities, *lengths;
    my_bool *nulls, *truncated;
} statement_t;

typedef struct {
    const db_config_t *config;
    MYSQL *mysql;
    statement_t statements[ST_COUNT];
} db_t;

/* Connects (with the session settings) and prepares every statement, if not connected. */
int db_connect(db_t *db);
void db_close(db_t *db);
/* Runs statement st; answers 0, or the MariaDB error number. */
unsigned db_run(db_t *db, int st, const param_t *params, unsigned count);
/* Fetches the next row of st's result: 1 for a row, 0 at the end, -1 on error. */
int db_fetch(db_t *db, int st);
/* Column i of the current row: NULL for SQL NULL; length in *n. */
const char *db_column(db_t *db, int st, unsigned i, unsigned long *n);
/* Reads what is left of st's result, so that the connection can run the next statement. */
void db_drain(db_t *db, int st);
unsigned long long db_affected(db_t *db, int st);
/* Text-protocol statement without a result (START TRANSACTION). */
unsigned db_text(db_t *db, const char *sql);
unsigned db_commit(db_t *db);
void db_rollback(db_t *db);
/* Drops the connection when err says it is gone, so that the next request reconnects. */
void db_forget_if_lost(db_t *db, unsigned err);

#endif
