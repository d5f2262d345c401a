#!/usr/bin/env bash
# Starts or stops one self-contained DRO Cloud stack under a state directory:
# MariaDB (private datadir and socket), dro-api and nginx (TLS on a loopback port), and
# Prometheus and its exporters on loopback ports next to it (scripts/lib/prometheus.sh).
#
#   scripts/stack.sh up STATE_DIR     build, start everything, migrate; returns when /v1/health answers
#   scripts/stack.sh down STATE_DIR   stop what was started, by pid
#
# Settings (environment): DRO_PORT (8443), DRO_BUILD (release|debug), DRO_RATE (100), DRO_BURST (200),
# DRO_RATE_LIMIT (on|off), DRO_FLUSH (innodb_flush_log_at_trx_commit, 1), DRO_THREADS (8), DRO_BIN_DIR (built binaries),
# DRO_PROMETHEUS (on|off: Prometheus and its exporters), DRO_ALERT_SCALE (1: the alert rules' windows as
# shipped), DRO_SCRAPE_INTERVAL (15s).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"
. "$ROOT/scripts/lib/build.sh"
. "$ROOT/scripts/lib/mariadb.sh"
. "$ROOT/scripts/lib/config.sh"
. "$ROOT/scripts/lib/api.sh"
. "$ROOT/scripts/lib/nginx.sh"
. "$ROOT/scripts/lib/dockerd.sh"
. "$ROOT/scripts/lib/busybox-image.sh"
. "$ROOT/scripts/lib/loops.sh"
. "$ROOT/scripts/lib/prometheus.sh"

BUILD_PACKAGES=(pkg-config libfcgi-dev libmariadb-dev libssl-dev libcurl4-openssl-dev)
RUNTIME_PACKAGES=(mariadb-server mariadb-client nginx openssl curl docker.io busybox-static iptables)

stack_admin() {
    local state=$1
    shift
    "$(stack_bin_dir)/dro-admin" "$@" --config "$state/dro.json"
}

stack_up() {
    local state=$1 port=${DRO_PORT:-8443}
    dro_ensure_packages "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}"
    if [ "${DRO_PROMETHEUS:-on}" = on ]; then prometheus_ensure_packages; fi
    stack_build
    mkdir -p "$state"
    local docker_socket
    docker_socket=$(dockerd_start "$state")
    # No registry is needed for the quick start: busybox comes from Debian's busybox-static.
    dro_busybox_image "$docker_socket" busybox:latest
    config_write "$state" "${DRO_THREADS:-8}" "$docker_socket"
    mariadb_start "$state" "${DRO_FLUSH:-1}"
    mariadb_bootstrap "$state" "$ROOT"
    stack_admin "$state" migrate >&2
    api_start "$state" "$(stack_bin_dir)"
    nginx_start "$state" "$port" "${DRO_RATE:-100}" "${DRO_BURST:-200}" "${DRO_RATE_LIMIT:-on}" "$ROOT"
    dro_wait_for 30 curl -fsk "https://127.0.0.1:$port/v1/health" || dro_die "GET /v1/health does not answer; see $state/api/api.log"
    if [ "${DRO_PROMETHEUS:-on}" = on ]; then
        exporters_start "$state" "$port" "$ROOT"
        prometheus_start "$state" "$port" "$ROOT"
    fi
}

stack_down() {
    local state=$1
    loop_stop "$state" webhooks
    loop_stop "$state" reconciler
    prometheus_stop "$state"
    exporters_stop "$state"
    nginx_stop "$state"
    api_stop "$state"
    mariadb_stop "$state"
    dockerd_stop "$state"
}

command=${1:-}
state=$(realpath -m "${2:?usage: $0 up|down|admin|sql|db-stop|db-start|api-stop|api-start|reconciler-start|reconciler-stop|reconcile|webhooks|webhooks-start|docker-restart|docker-socket|metrics-start STATE_DIR [args]}")
shift 2
case "$command" in
    up) stack_up "$state" ;;
    down) stack_down "$state" ;;
    admin) stack_admin "$state" "$@" ;;
    # Root SQL over the private socket, tab-separated without headers (for tests and operators).
    sql) mariadb_root "$state" -N -B dro -e "$1" ;;
    # Single components, for outage and shutdown tests.
    db-stop) mariadb_stop "$state" ;;
    db-start) mariadb_start "$state" "${DRO_FLUSH:-1}" ;;
    api-stop) api_stop "$state" ;;
    api-start) api_start "$state" "$(stack_bin_dir)" ;;
    reconciler-start) reconciler_start "$state" "$(stack_bin_dir)" "${1:?host key}" ;;
    reconciler-stop) loop_stop "$state" reconciler ;;
    webhooks-start) webhooks_start "$state" "$(stack_bin_dir)" ;;
    # One dro-reconcile run with the stack's config, e.g. `reconcile STATE --host-key h1 --once`.
    reconcile) exec "$(stack_bin_dir)/dro-reconcile" --config "$state/dro.json" "$@" ;;
    # One dro-webhooks run with the stack's config, e.g. `webhooks STATE --once`.
    webhooks) exec "$(stack_bin_dir)/dro-webhooks" --config "$state/dro.json" "$@" ;;
    docker-restart) dockerd_restart "$state" ;;
    # The exporters and Prometheus alone, for a stack started before they were part of it.
    metrics-start) exporters_start "$state" "${DRO_PORT:-8443}" "$ROOT"; prometheus_start "$state" "${DRO_PORT:-8443}" "$ROOT" ;;
    # The Docker socket the stack uses (the system one, or its private dockerd).
    docker-socket) python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["reconciler"]["docker_socket"])' "$state/dro.json" ;;
    *) echo "usage: $0 up|down|admin|sql|db-stop|db-start|api-stop|api-start|reconciler-start|reconciler-stop|reconcile|webhooks|webhooks-start|docker-restart|docker-socket|metrics-start STATE_DIR [args]" >&2; exit 2 ;;
esac
