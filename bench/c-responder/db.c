#include "db.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COLUMNS "id, name, host_key, region, spec, desired_state, observed_state, exit_code, last_error, " \
                "published_ports, created_at, updated_at, observed_at, last_error_code, " \
                "(SELECT public_address FROM hosts WHERE hosts.host_key = containers.host_key) AS public_address"

/* The statements of TokenStore.authenticate, ContainerStore.get/list/insert, FleetStore.host,
   AllocationStore.lockAndRead/charge, JobQueue.enqueue and EventLog.append, as Swift sends them. */
static const char *const sql[ST_COUNT] = {
    [ST_AUTH] = "SELECT k.tenant_id, k.secret_sha256, k.expires_at, k.revoked, t.status\n"
                "FROM api_tokens k JOIN tenants t ON t.id = k.tenant_id WHERE k.id = ?",
    [ST_GET] = "SELECT " COLUMNS " FROM containers WHERE id = ? AND tenant_id = ?",
    [ST_LIST_SIZES] = "SELECT seq, LENGTH(spec) AS spec_bytes FROM containers "
                      "WHERE tenant_id = ? AND seq > ? AND desired_state <> 'deleted' ORDER BY seq LIMIT ?",
    [ST_LIST] = "SELECT " COLUMNS ", seq FROM containers "
                "WHERE tenant_id = ? AND seq > ? AND desired_state <> 'deleted' AND seq <= ? ORDER BY seq LIMIT ?",
    [ST_HOST] = "SELECT host_key, region, enabled, COALESCE(cpu_count_override, cpu_count) AS cpu_count, "
                "COALESCE(mem_bytes_override, mem_bytes) AS mem_bytes, last_seen_at, public_address FROM hosts WHERE host_key = ?",
    [ST_LOCK] = "UPDATE allocations SET version = version + 1 WHERE tenant_id = ?",
    [ST_ALLOCATIONS] = "SELECT scope, max_containers, max_cpu_millis, max_mem_bytes, used_containers, used_cpu_millis, "
                       "used_mem_bytes FROM allocations WHERE tenant_id = ? ORDER BY scope = '*', scope",
    [ST_INSERT] = "INSERT INTO containers (id, tenant_id, name, image, host_key, region, spec, spec_hash, cpu_millis, mem_bytes,\n"
                  "  restart_policy, desired_state, generation, created_at, updated_at)\n"
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
    [ST_CHARGE] = "UPDATE allocations SET used_containers = GREATEST(used_containers + ?, 0),\n"
                  "  used_cpu_millis = GREATEST(used_cpu_millis + ?, 0), used_mem_bytes = GREATEST(used_mem_bytes + ?, 0),\n"
                  "  version = version + 1, updated_at = ?\n"
                  "WHERE tenant_id = ? AND scope IN (?, '*')",
    [ST_JOB_UPDATE] = "UPDATE jobs SET generation = ?, run_after = ?, attempts = 0, updated_at = ? WHERE pending_container = ?",
    [ST_JOB_INSERT] = "INSERT INTO jobs (container_id, host_key, generation, state, attempts, run_after, created_at, updated_at)\n"
                      "VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)",
    [ST_EVENT] = "INSERT INTO events (tenant_id, container_id, actor, action, detail, request_id, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))",
};

static void close_statement(statement_t *s) {
    if (!s->stmt) return;
    mysql_stmt_close(s->stmt);
    for (unsigned i = 0; i < s->columns; i++) free(s->buffers[i]);
    free(s->bind); free(s->buffers); free(s->capacities); free(s->lengths); free(s->nulls); free(s->truncated);
    memset(s, 0, sizeof *s);
}

static int prepare(MYSQL *mysql, statement_t *s, const char *text) {
    memset(s, 0, sizeof *s);
    if (!(s->stmt = mysql_stmt_init(mysql))) return -1;
    if (mysql_stmt_prepare(s->stmt, text, strlen(text))) {
        fprintf(stderr, "prepare failed: %s\n", mysql_stmt_error(s->stmt));
        return -1;
    }
    s->columns = mysql_stmt_field_count(s->stmt);
    if (!s->columns) return 0;
    s->bind = calloc(s->columns, sizeof *s->bind);
    s->buffers = calloc(s->columns, sizeof *s->buffers);
    s->capacities = calloc(s->columns, sizeof *s->capacities);
    s->lengths = calloc(s->columns, sizeof *s->lengths);
    s->nulls = calloc(s->columns, sizeof *s->nulls);
    s->truncated = calloc(s->columns, sizeof *s->truncated);
    for (unsigned i = 0; i < s->columns; i++) {
        s->capacities[i] = 1024;
        s->buffers[i] = malloc(s->capacities[i]);
        s->bind[i].buffer_type = MYSQL_TYPE_STRING;
        s->bind[i].buffer = s->buffers[i];
        s->bind[i].buffer_length = s->capacities[i];
        s->bind[i].length = &s->lengths[i];
        s->bind[i].is_null = &s->nulls[i];
        s->bind[i].error = &s->truncated[i];
    }
    return 0;
}

/* One connection attempt with dro-api's client options; NULL (after saying why) when it fails. */
static MYSQL *open_connection(const db_config_t *c, const char *host, unsigned port, const char *socket) {
    MYSQL *mysql = mysql_init(NULL);
    if (!mysql) return NULL;
    unsigned io_timeout = 30, connect_timeout = c->connect_timeout;
    mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
    mysql_options(mysql, MYSQL_OPT_READ_TIMEOUT, &io_timeout);
    mysql_options(mysql, MYSQL_OPT_WRITE_TIMEOUT, &io_timeout);
    mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (c->tls) {
        /* TLS is required once configured: no silent fall back to plaintext. */
        my_bool enforce = 1, verify = c->tls_verify_server_cert ? 1 : 0;
        mysql_optionsv(mysql, MYSQL_OPT_SSL_ENFORCE, &enforce);
        mysql_optionsv(mysql, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
        if (c->tls_ca_file) mysql_optionsv(mysql, MYSQL_OPT_SSL_CA, c->tls_ca_file);
        if (c->tls_cert_file) mysql_optionsv(mysql, MYSQL_OPT_SSL_CERT, c->tls_cert_file);
        if (c->tls_key_file) mysql_optionsv(mysql, MYSQL_OPT_SSL_KEY, c->tls_key_file);
    }
    if (!mysql_real_connect(mysql, host, c->user, c->password, c->database, port, socket, 0)) {
        fprintf(stderr, "cannot connect to %s: %s\n", socket ? socket : host ? host : "localhost", mysql_error(mysql));
        mysql_close(mysql);
        return NULL;
    }
    return mysql;
}

/* On a Galera node (@@wsrep_on = 1) reads wait for the node to apply what the cluster committed
   before them, as dro-api's API sessions do; a server without wsrep variables is not Galera. */
static int wsrep_sync_wait(MYSQL *mysql) {
    if (mysql_query(mysql, "SELECT @@wsrep_on")) return mysql_errno(mysql) == ER_UNKNOWN_SYSTEM_VARIABLE ? 0 : -1;
    MYSQL_RES *result = mysql_store_result(mysql);
    if (!result) return -1;
    MYSQL_ROW row = mysql_fetch_row(result);
    int on = row && row[0] && (!strcmp(row[0], "1") || !strcasecmp(row[0], "ON"));
    mysql_free_result(result);
    return on && mysql_query(mysql, "SET SESSION wsrep_sync_wait = 1") ? -1 : 0;
}

int db_connect(db_t *db) {
    if (db->mysql) return 0;
    const db_config_t *c = db->config;
    MYSQL *mysql = NULL;
    if (c->host_count) {
        /* The first of database.hosts that answers. Failing over from a node that dies later is
           dro-api's job and not reproduced here: the bench runs against a healthy cluster, and a
           lost connection is simply reopened the same way on the next request. */
        for (size_t i = 0; i < c->host_count && !mysql; i++)
            mysql = open_connection(c, c->hosts[i].host, c->hosts[i].port, NULL);
    } else if (c->socket) {
        mysql = open_connection(c, NULL, 0, c->socket);
    } else {
        mysql = open_connection(c, c->host, c->port, NULL);
    }
    if (!mysql) return -1;
    char session[256];
    snprintf(session, sizeof session,
             "SET SESSION innodb_lock_wait_timeout = %u, time_zone = '+00:00', "
             "sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION'",
             c->lock_wait_timeout ? c->lock_wait_timeout : 1);
    if (mysql_query(mysql, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED") || mysql_query(mysql, session) ||
        wsrep_sync_wait(mysql)) {
        fprintf(stderr, "session setup failed: %s\n", mysql_error(mysql));
        mysql_close(mysql);
        return -1;
    }
    db->mysql = mysql;
    for (int i = 0; i < ST_COUNT; i++) {
        if (prepare(mysql, &db->statements[i], sql[i])) {
            db_close(db);
            return -1;
        }
    }
    return 0;
}

void db_close(db_t *db) {
    for (int i = 0; i < ST_COUNT; i++) close_statement(&db->statements[i]);
    if (db->mysql) mysql_close(db->mysql);
    db->mysql = NULL;
}

void db_forget_if_lost(db_t *db, unsigned err) {
    if (err == CR_SERVER_GONE_ERROR || err == CR_SERVER_LOST || err == CR_CONNECTION_ERROR || err == ER_CONNECTION_KILLED ||
        err == ER_SERVER_SHUTDOWN || err == 4031)
        db_close(db);
}

unsigned db_run(db_t *db, int st, const param_t *params, unsigned count) {
    if (db_connect(db)) return CR_CONNECTION_ERROR;
    statement_t *s = &db->statements[st];
    MYSQL_BIND bind[16];
    memset(bind, 0, sizeof(MYSQL_BIND) * count);
    for (unsigned i = 0; i < count; i++) {
        switch (params[i].type) {
        case P_NULL: bind[i].buffer_type = MYSQL_TYPE_NULL; break;
        case P_INT:
            bind[i].buffer_type = MYSQL_TYPE_LONGLONG;
            bind[i].buffer = (void *)&params[i].i;
            break;
        case P_TEXT:
        case P_BLOB:
            bind[i].buffer_type = params[i].type == P_TEXT ? MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
            bind[i].buffer = (void *)params[i].s;
            bind[i].buffer_length = params[i].n;
            break;
        }
    }
    if ((count && mysql_stmt_bind_param(s->stmt, bind)) || mysql_stmt_execute(s->stmt)) {
        unsigned err = mysql_stmt_errno(s->stmt);
        if (err != ER_DUP_ENTRY && err != ER_LOCK_DEADLOCK && err != ER_LOCK_WAIT_TIMEOUT)
            fprintf(stderr, "statement %d failed: %u %s\n", st, err, mysql_stmt_error(s->stmt));
        return err ? err : CR_UNKNOWN_ERROR;
    }
    if (s->columns && mysql_stmt_bind_result(s->stmt, s->bind)) return mysql_stmt_errno(s->stmt);
    return 0;
}

int db_fetch(db_t *db, int st) {
    statement_t *s = &db->statements[st];
    int rc = mysql_stmt_fetch(s->stmt);
    if (rc == MYSQL_NO_DATA) return 0;
    if (rc == 1) return -1;
    if (rc == MYSQL_DATA_TRUNCATED) {
        /* Grow the buffers of the long columns, fetch them whole, and keep the larger buffers. */
        for (unsigned i = 0; i < s->columns; i++) {
            if (!s->truncated[i]) continue;
            s->capacities[i] = s->lengths[i] + 1;
            s->buffers[i] = realloc(s->buffers[i], s->capacities[i]);
            s->bind[i].buffer = s->buffers[i];
            s->bind[i].buffer_length = s->capacities[i];
            if (mysql_stmt_fetch_column(s->stmt, &s->bind[i], i, 0)) return -1;
        }
        if (mysql_stmt_bind_result(s->stmt, s->bind)) return -1;
    }
    return 1;
}

const char *db_column(db_t *db, int st, unsigned i, unsigned long *n) {
    statement_t *s = &db->statements[st];
    if (s->nulls[i]) {
        *n = 0;
        return NULL;
    }
    *n = s->lengths[i];
    return s->buffers[i];
}

void db_drain(db_t *db, int st) {
    while (db_fetch(db, st) == 1) {}
}

unsigned long long db_affected(db_t *db, int st) { return mysql_stmt_affected_rows(db->statements[st].stmt); }

unsigned db_text(db_t *db, const char *text) {
    if (db_connect(db)) return CR_CONNECTION_ERROR;
    return mysql_real_query(db->mysql, text, strlen(text)) ? mysql_errno(db->mysql) : 0;
}

unsigned db_commit(db_t *db) { return mysql_commit(db->mysql) ? mysql_errno(db->mysql) : 0; }

void db_rollback(db_t *db) {
    if (db->mysql && mysql_rollback(db->mysql)) db_close(db);
}
