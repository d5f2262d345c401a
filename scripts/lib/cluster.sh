# The scale-out stack of `make test-cluster`, `make soak` and the cluster benchmark, on this
# machine: three MariaDB Galera nodes (scripts/lib/galera.sh), two API nodes `a` and `b` whose
# responders listen on TCP and prefer different database nodes, one nginx spreading requests
# over both, a reconciler per node with its own host key, and one private dockerd.
#
# Layout under STATE: dro.json (the operator's view: every database node, for dro-admin),
# node-a/ and node-b/ (each a node's dro.json, api/ and reconciler/), galera/ (with tls/: the
# private CA, server and client certificates), nginx/, docker/.
# Ports from DRO_CLUSTER_PORT (18900): database node i at +10*i (client), +10*i+1..3 (group,
# IST, SST); nginx HTTPS at +43; node n's tenant/operator responders at +51/+52 (a), +53/+54 (b)
# and their metrics at +55/+56 (a), +57/+58 (b).

CLUSTER_NODES=(a b)

cluster_port() { echo $((${DRO_CLUSTER_PORT:-18900} + $1)); }

# The database node a node prefers first (then the others in ring order).
cluster_preferred_db() {
    case $1 in a) echo 0 ;; b) echo 1 ;; *) dro_die "no API node '$1'" ;; esac
}

cluster_responder_port() { # NODE ROLE(tenant|operator) [metrics]
    local offset=51
    [ "$1" = b ] && offset=53
    [ "$2" = operator ] && offset=$((offset + 1))
    [ "${3:-}" = metrics ] && offset=$((offset + 4))
    cluster_port "$offset"
}

cluster_host_key() { echo "cluster-$1"; }

# cluster_write_configs STATE: from the stack's STATE/dro.json (config_write), each node's view
# and the operator's: database hosts in order of preference over TLS with a client certificate,
# responders on TCP, a short return probe so tests see a node come back.
cluster_write_configs() {
    local state=$1 node
    local hosts=()
    for i in 0 1 2; do hosts+=("127.0.0.1:$(cluster_port $((10 * i)))"); done
    cluster_patch_config "$state/dro.json" "$state/dro.json" "$state/galera/tls" 0 "${hosts[@]}"
    for node in "${CLUSTER_NODES[@]}"; do
        mkdir -p "$state/node-$node"
        cluster_patch_config "$state/dro.json" "$state/node-$node/dro.json" "$state/galera/tls" "$(cluster_preferred_db "$node")" "${hosts[@]}" \
            "127.0.0.1:$(cluster_responder_port "$node" tenant)" "127.0.0.1:$(cluster_responder_port "$node" operator)" \
            "127.0.0.1:$(cluster_responder_port "$node" tenant metrics)" "127.0.0.1:$(cluster_responder_port "$node" operator metrics)"
    done
}

# cluster_patch_config FROM TO TLS_DIR FIRST HOST0 HOST1 HOST2 [LISTEN OPERATOR_LISTEN METRICS OPERATOR_METRICS]
cluster_patch_config() {
    (umask 077 && python3 - "$@" <<'PY'
import json, os, sys
source, target, tls, first, *rest = sys.argv[1:]
hosts, listens = rest[:3], rest[3:]
first = int(first)
config = json.load(open(source))
database = config["database"]
for key in ("socket", "host", "port"):
    database.pop(key, None)
database["hosts"] = hosts[first:] + hosts[:first]
database["tls"] = {"ca_file": f"{tls}/ca.pem", "verify_server_cert": True,
                   "cert_file": f"{tls}/client-cert.pem", "key_file": f"{tls}/client-key.pem"}
database["return_probe_seconds"] = 2
if listens:
    api = config["api"]
    api.pop("socket", None), api.pop("operator_socket", None)
    api["listen"], api["operator_listen"], api["metrics_listen"], api["operator_metrics_listen"] = listens
with open(target + ".tmp", "w") as f:
    json.dump(config, f, indent=2)
os.replace(target + ".tmp", target)
PY
    )
}

# The database users connect over TCP from 127.0.0.1 and must present the client certificate.
cluster_bootstrap_sql() {
    local state=$1 root=$2 user
    mariadb_bootstrap_sql "$state" "$root" 127.0.0.1
    for user in dro_admin dro_api dro_operator dro_reconciler dro_webhooks; do
        echo "ALTER USER '$user'@'127.0.0.1' REQUIRE X509;"
    done
}

cluster_up() {
    local state=$1 root=$2 node docker_socket
    mkdir -p "$state"
    stack_build
    docker_socket=$(dockerd_start "$state")
    dro_busybox_image "$docker_socket" busybox:latest
    config_write "$state" "${DRO_THREADS:-8}" "$docker_socket"
    mkdir -p "$(metrics_textfile_dir "$state")"
    galera_tls_make "$state/galera/tls"
    cluster_write_configs "$state"
    galera_cluster_up "$state" "$(cluster_port 0)"
    cluster_bootstrap_sql "$state" "$root" | mariadb --no-defaults --socket="$(galera_socket "$state" 0)" -uroot
    "$(stack_bin_dir)/dro-admin" migrate --config "$state/dro.json" >&2
    for node in "${CLUSTER_NODES[@]}"; do api_start "$state/node-$node" "$(stack_bin_dir)"; done
    cluster_nginx "$state" "$root"
    dro_wait_for 30 curl -fsk "$(cluster_url)/v1/health" >/dev/null || dro_die "GET /v1/health does not answer through nginx"
    "$(stack_bin_dir)/dro-admin" region create cluster --config "$state/dro.json" >/dev/null
    for node in "${CLUSTER_NODES[@]}"; do
        "$(stack_bin_dir)/dro-admin" host add "$(cluster_host_key "$node")" --region cluster --config "$state/dro.json" >/dev/null
        reconciler_start "$state/node-$node" "$(stack_bin_dir)" "$(cluster_host_key "$node")"
    done
    dro_log "cluster is up: $(cluster_url) (API nodes a, b; database nodes 0, 1, 2 over TLS)"
}

cluster_url() { echo "https://127.0.0.1:$(cluster_port 43)"; }

# cluster_nginx STATE ROOT: one nginx in front of both nodes' responders (no rate limit unless
# DRO_RATE_LIMIT=on: the suites measure races, not the limiter).
cluster_nginx() {
    local state=$1 root=$2 node api="" operator=""
    for node in "${CLUSTER_NODES[@]}"; do
        api+="127.0.0.1:$(cluster_responder_port "$node" tenant) "
        operator+="127.0.0.1:$(cluster_responder_port "$node" operator) "
    done
    DRO_API_UPSTREAMS=${api% } DRO_OPERATOR_UPSTREAMS=${operator% } \
        nginx_start "$state" "$(cluster_port 43)" "${DRO_RATE:-1000}" "${DRO_BURST:-2000}" "${DRO_RATE_LIMIT:-off}" "$root"
}

cluster_down() {
    local state=$1 node
    for node in "${CLUSTER_NODES[@]}"; do loop_stop "$state/node-$node" reconciler; done
    nginx_stop "$state"
    for node in "${CLUSTER_NODES[@]}"; do api_stop "$state/node-$node"; done
    galera_cluster_down "$state"
    dockerd_stop "$state"
}
