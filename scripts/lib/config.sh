# The stack's secrets (generated once) and its dro.json config file.

# Where the stack's reconciler runs write their textfiles and its node_exporter reads them.
metrics_textfile_dir() { echo "$1/node-exporter/textfile"; }

# config_write STATE THREADS DOCKER_SOCKET: creates STATE/secrets.env and STATE/webhooks.key (the
# key sealing webhook secrets) on first use and renders STATE/dro.json. DRO_RECONCILER_JSON and
# DRO_WEBHOOKS_JSON may add reconciler and webhooks settings (e.g. shorter test timings);
# DRO_ALLOWED_REGISTRIES lists the registries tenants may use (docker.io only by default; the
# test stack adds its registry stub on 127.0.0.1 by name). Reconciler runs write their metrics
# textfile where the stack's node_exporter reads (scripts/lib/prometheus.sh). Each responder serves
# its metrics on loopback at DRO_PORT+1 (tenant) and DRO_PORT+2 (operator), so parallel stacks do
# not collide; DRO_METRICS=off turns both off.
config_write() {
    local state=$1 threads=${2:-8} docker_socket=${3:-/var/run/docker.sock} extra=${DRO_RECONCILER_JSON:-}
    local webhooks_extra=${DRO_WEBHOOKS_JSON:-}
    mkdir -p "$state"
    if [ ! -s "$state/secrets.env" ]; then
        umask 077
        cat >"$state/secrets.env" <<ENV
DRO_DB_ADMIN_PASSWORD=$(dro_random_secret)
DRO_DB_API_PASSWORD=$(dro_random_secret)
DRO_DB_RECONCILER_PASSWORD=$(dro_random_secret)
DRO_INSTALLATION_ID=dro-$(openssl rand -hex 6)
ENV
        umask 022
    fi
    # A state directory made by an older release lacks the operator responder's password.
    grep -q '^DRO_DB_OPERATOR_PASSWORD=' "$state/secrets.env" \
        || echo "DRO_DB_OPERATOR_PASSWORD=$(dro_random_secret)" >>"$state/secrets.env"
    grep -q '^DRO_DB_WEBHOOKS_PASSWORD=' "$state/secrets.env" \
        || echo "DRO_DB_WEBHOOKS_PASSWORD=$(dro_random_secret)" >>"$state/secrets.env"
    [ -s "$state/webhooks.key" ] || (umask 077 && openssl rand 32 >"$state/webhooks.key")
    # shellcheck source=/dev/null
    . "$state/secrets.env"
    # A private dockerd's pid file tells the reconciler when the daemon last started.
    local registries=${DRO_ALLOWED_REGISTRIES:-'"docker.io"'}
    local port=${DRO_PORT:-8443} metrics_listen=null operator_metrics_listen=null
    if [ "${DRO_METRICS:-on}" != off ]; then
        metrics_listen="\"127.0.0.1:$((port + 1))\"" operator_metrics_listen="\"127.0.0.1:$((port + 2))\""
    fi
    local pidfile=/var/run/docker.pid
    [ -s "$state/docker/dockerd.pid" ] && pidfile=$state/docker/dockerd.pid
    local previous_umask
    previous_umask=$(umask)
    umask 077
    cat >"$state/dro.json" <<JSON
{
  "installation_id": "$DRO_INSTALLATION_ID",
  "database": {
    "socket": "$state/mariadb/mysqld.sock",
    "name": "dro",
    "connect_timeout_seconds": 2,
    "lock_wait_timeout_seconds": 3,
    "api": {"user": "dro_api", "password": "$DRO_DB_API_PASSWORD"},
    "operator": {"user": "dro_operator", "password": "$DRO_DB_OPERATOR_PASSWORD"},
    "reconciler": {"user": "dro_reconciler", "password": "$DRO_DB_RECONCILER_PASSWORD"},
    "webhooks": {"user": "dro_webhooks", "password": "$DRO_DB_WEBHOOKS_PASSWORD"},
    "admin": {"user": "dro_admin", "password": "$DRO_DB_ADMIN_PASSWORD"}
  },
  "api": {
    "listen": "$state/api/api.sock",
    "operator_listen": "$state/api/operator.sock",
    "operator_threads": 2,
    "metrics_listen": $metrics_listen,
    "operator_metrics_listen": $operator_metrics_listen,
    "socket_mode": "0660",
    "threads": $threads,
    "max_body_bytes": 1048576,
    "idempotency_ttl_hours": 24,
    "allowed_registries": [$registries]
  },
  "reconciler": {
    "docker_socket": "$docker_socket",
    "docker_pidfile": "$pidfile",
    "bind_ip": "127.0.0.1",
    "metrics_textfile": "$(metrics_textfile_dir "$state")/dro-reconcile-{host_key}.prom"${extra:+,
    $extra}
  },
  "retention": {"deleted_days": 7, "events_days": 90, "finished_jobs_hours": 24},
  "webhooks": {
    "key_file": "$state/webhooks.key"${webhooks_extra:+,
    $webhooks_extra}
  }
}
JSON
    umask "$previous_umask"
}
