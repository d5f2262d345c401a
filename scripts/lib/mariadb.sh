# A private MariaDB server: data directory, socket and pid file under STATE/mariadb.

mariadb_socket() { echo "$1/mariadb/mysqld.sock"; }

# mariadb_start STATE FLUSH: FLUSH is innodb_flush_log_at_trx_commit (1 = durable per commit).
mariadb_start() {
    local state=$1 flush=${2:-1} dir="$1/mariadb"
    mkdir -p "$dir"
    if dro_live_pid "$dir/mariadbd.pid" >/dev/null; then return 0; fi
    if [ ! -d "$dir/data/mysql" ]; then
        dro_log "initialising MariaDB data directory $dir/data"
        mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" \
            --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1 \
            || dro_die "mariadb-install-db failed; see $dir/install.log"
    fi
    mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/mysqld.sock" --pid-file="$dir/mariadbd.pid" \
        --skip-networking --user="$(id -un)" --log-error="$dir/error.log" \
        --innodb-flush-log-at-trx-commit="$flush" --innodb-buffer-pool-size=256M \
        --max-connections=1000 --character-set-server=utf8mb4 --collation-server=utf8mb4_bin >>"$dir/error.log" 2>&1 &
    echo $! >"$dir/mariadbd.pid"
    dro_wait_for 60 mariadb-admin --no-defaults --socket="$dir/mysqld.sock" -uroot ping \
        || dro_die "MariaDB did not start; see $dir/error.log"
    dro_log "MariaDB is up on $dir/mysqld.sock (pid $(cat "$dir/mariadbd.pid"), innodb_flush_log_at_trx_commit=$flush)"
}

mariadb_stop() { dro_stop_pidfile "$1/mariadb/mariadbd.pid" MariaDB 60; }

# Runs the mariadb client as root over the private socket.
mariadb_root() {
    local state=$1
    shift
    mariadb --no-defaults --socket="$(mariadb_socket "$state")" -uroot "$@"
}

# Creates the database, the roles the migrations grant to, and the users,
# from deploy/bootstrap.sql with the passwords of STATE/secrets.env. Safe to run again.
mariadb_bootstrap() {
    mariadb_bootstrap_sql "$1" "$2" localhost | mariadb_root "$1"
}

# mariadb_bootstrap_sql STATE ROOT CLIENT_HOST: deploy/bootstrap.sql with the stack's passwords,
# for users connecting from CLIENT_HOST.
mariadb_bootstrap_sql() {
    local state=$1 root=$2 client_host=$3
    # shellcheck source=/dev/null
    . "$state/secrets.env"
    sed -e "s/@ADMIN_PASSWORD@/$DRO_DB_ADMIN_PASSWORD/g" -e "s/@API_PASSWORD@/$DRO_DB_API_PASSWORD/g" \
        -e "s/@OPERATOR_PASSWORD@/$DRO_DB_OPERATOR_PASSWORD/g" \
        -e "s/@RECONCILER_PASSWORD@/$DRO_DB_RECONCILER_PASSWORD/g" -e "s/@WEBHOOKS_PASSWORD@/$DRO_DB_WEBHOOKS_PASSWORD/g" -e "s/@CLIENT_HOST@/$client_host/g" \
        "$root/deploy/bootstrap.sql"
}
