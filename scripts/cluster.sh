#!/usr/bin/env bash
# The scale-out stack on this machine (scripts/lib/cluster.sh): three Galera nodes over TLS, two
# API nodes (a, b) behind one nginx upstream, a reconciler per node, one private dockerd.
#
#   scripts/cluster.sh up STATE                 build, start everything, migrate, register hosts
#   scripts/cluster.sh down STATE               stop everything, by pid
#   scripts/cluster.sh admin STATE ARGS…        dro-admin with the operator's view of the cluster
#   scripts/cluster.sh sql STATE QUERY          root SQL on database node 0
#   scripts/cluster.sh db-kill|db-stop|db-rejoin STATE I    SIGKILL / SIGTERM / restart database node I
#   scripts/cluster.sh db-status STATE          each database node's state
#   scripts/cluster.sh db-joined-by STATE I     IST or SST: how node I's last start caught up
#   scripts/cluster.sh drain|undrain STATE NODE take API node a or b out of (back into) nginx's upstream
#   scripts/cluster.sh nginx-reload STATE       reload nginx (new workers; old ones finish their requests)
#   scripts/cluster.sh api-stop|api-start STATE NODE        SIGTERM / start node's responders
#   scripts/cluster.sh reconciler-stop|reconciler-kill|reconciler-start STATE NODE  (kill: SIGKILL, mid-run)
#   scripts/cluster.sh docker-restart STATE
#
# Settings: DRO_CLUSTER_PORT (18900), DRO_BUILD, DRO_THREADS, DRO_RECONCILER_JSON, DRO_ALLOWED_REGISTRIES.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
for lib in common build mariadb config api nginx dockerd busybox-image loops galera cluster; do
    # shellcheck source=/dev/null
    . "$ROOT/scripts/lib/$lib.sh"
done

command=${1:-}
state=$(realpath -m "${2:?usage: $0 up|down|admin|sql|db-kill|db-stop|db-rejoin|db-joined-by|db-status|nginx-reload|drain|undrain|api-stop|api-start|reconciler-stop|reconciler-kill|reconciler-start|docker-restart STATE [args]}")
shift 2
case "$command" in
up)
    dro_ensure_packages pkg-config libfcgi-dev libmariadb-dev libssl-dev libcurl4-openssl-dev \
        mariadb-server mariadb-client galera-4 rsync nginx openssl curl docker.io busybox-static iptables
    cluster_up "$state" "$ROOT"
    ;;
down) cluster_down "$state" ;;
admin) exec "$(stack_bin_dir)/dro-admin" "$@" --config "$state/dro.json" ;;
sql) mariadb --no-defaults --socket="$(galera_socket "$state" 0)" -uroot -N -B dro -e "$1" ;;
db-kill) galera_node_kill "$state" "${1:?node index}" ;;
db-stop) galera_node_stop "$state" "${1:?node index}" ;;
db-rejoin) galera_node_rejoin "$state" "${1:?node index}" ;;
db-joined-by) galera_node_joined_by "$state" "${1:?node index}" ;;
db-status) for i in 0 1 2; do echo "node $i: $(galera_status "$state" "$i" wsrep_local_state_comment 2>/dev/null || echo down)"; done ;;
nginx-reload) nginx_reload "$state" ;;
drain) nginx_drain "$state" "127.0.0.1:$(cluster_responder_port "${1:?node}" tenant)" ;;
undrain) nginx_undrain "$state" "127.0.0.1:$(cluster_responder_port "${1:?node}" tenant)" ;;
api-stop) api_stop "$state/node-${1:?node}" ;;
api-start) api_start "$state/node-${1:?node}" "$(stack_bin_dir)" ;;
reconciler-stop) loop_stop "$state/node-${1:?node}" reconciler ;;
reconciler-kill) loop_kill "$state/node-${1:?node}" reconciler ;;
reconciler-start) reconciler_start "$state/node-${1:?node}" "$(stack_bin_dir)" "$(cluster_host_key "$1")" ;;
docker-restart) dockerd_restart "$state" ;;
*) dro_die "unknown command '$command'" ;;
esac
