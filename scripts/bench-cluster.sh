#!/usr/bin/env bash
# `make bench-cluster`: quota-locked creates across 100 tenants through both API nodes of the
# scale-out stack (scripts/cluster.sh: three Galera nodes over TLS, one nginx upstream), dro-api
# against its C ceiling (bench/c-responder: the same SQL, TLS and wsrep_sync_wait, listening on
# the same addresses with the same node configs). The sides alternate over BENCH_ROUNDS rounds;
# writes bench/results/cluster.json with both sides' raw rates, their ratio
# (`cluster_create_ratio`, goal >= 0.8) and, for information, the single-node create figures of
# bench/results/api.json when `make bench` ran in the same session (the last 12 hours).
#
# Settings: BENCH_DURATION (10 s per run), BENCH_WARMUP (2 s), BENCH_ROUNDS (3),
# BENCH_CREATE_CONNECTIONS (32), BENCH_WRK_THREADS (2), BENCH_TENANTS (100), DRO_THREADS (8).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
for lib in common build config api nginx dockerd loops galera cluster c-responder bench-data bench-report; do
    # shellcheck source=/dev/null
    . "$ROOT/scripts/lib/$lib.sh"
done

export DRO_CLUSTER_PORT=${BENCH_CLUSTER_PORT:-19100} DRO_BUILD=release DRO_RATE_LIMIT=off DRO_PRIVATE_DOCKERD=1
export DRO_DOCKER_POOL=10.220.0.0/16 DRO_THREADS=${DRO_THREADS:-8} BENCH_STACK=$ROOT/scripts/cluster.sh
STATE=$ROOT/.run/cluster-bench
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-2}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=${BENCH_CREATE_CONNECTIONS:-32}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
TENANTS=${BENCH_TENANTS:-100}
PORT=$(cluster_port 43)

dro_ensure_packages wrk gcc pkg-config libfcgi-dev libmariadb-dev libssl-dev curl
c_nodes_stop() { local node; for node in "${CLUSTER_NODES[@]}"; do dro_stop_pidfile "$1/node-$node/c/c-responder.pid" c-responder 20; done; }
cluster_stop() { c_nodes_stop "$1"; "$ROOT/scripts/cluster.sh" down "$1"; }
dro_fresh_stack "$STATE" cluster_stop
"$ROOT/scripts/cluster.sh" up "$STATE"
# The benchmark measures the API: no reconciler runs beside it.
for node in "${CLUSTER_NODES[@]}"; do "$ROOT/scripts/cluster.sh" reconciler-stop "$STATE" "$node"; done
DRO_BIN_DIR=$(stack_bin_dir)
export DRO_BIN_DIR
c_responder_build "$ROOT"
bench_seed "$STATE" "$PORT" "$TENANTS" 1
DATA=$STATE/bench-data.tsv

# side swift|c: puts that side's tenant responders on both nodes' addresses.
side() {
    local node dir listen
    for node in "${CLUSTER_NODES[@]}"; do
        dir=$STATE/node-$node listen=127.0.0.1:$(cluster_responder_port "$node" tenant)
        if [ "$1" = swift ]; then
            dro_stop_pidfile "$dir/c/c-responder.pid" c-responder 20
            api_start "$dir" "$DRO_BIN_DIR"
        else
            dro_stop_pidfile "$dir/api/dro-api.pid" dro-api 40
            dro_live_pid "$dir/c/c-responder.pid" >/dev/null && continue
            mkdir -p "$dir/c"
            "$ROOT/bench/bin/c-responder" --config "$dir/dro.json" --listen "$listen" >>"$dir/c/c-responder.log" 2>&1 &
            echo $! >"$dir/c/c-responder.pid"
            dro_wait_for 10 api_listening "$listen" || dro_die "the C responder did not start; see $dir/c/c-responder.log"
        fi
    done
    dro_wait_for 10 curl -fsk "https://127.0.0.1:$PORT/v1/health" >/dev/null || dro_die "$1 side does not answer"
}

declare -A RATE
# run SIDE ROUND: a warm-up, then the measured run of creates across every tenant.
run() {
    local side=$1 round=$2 tag="k$1$2" output line
    local wrk=(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" --timeout 30s -s "$ROOT/bench/wrk/create.lua" "https://127.0.0.1:$PORT/")
    if ((WARMUP > 0)); then "${wrk[@]}" -d"${WARMUP}s" -- "$DATA" "$BENCH_HOST" all "${tag}w" >/dev/null; fi
    output=$("${wrk[@]}" -d"${DURATION}s" -- "$DATA" "$BENCH_HOST" all "$tag")
    line=$(grep '^BENCH ' <<<"$output") || dro_die "wrk printed no summary for $side: $output"
    grep -q ' non2xx=0 socket_errors=0' <<<"$line" || dro_log "warning: failed requests on the $side side: ${line#BENCH }"
    RATE[$side/$round]=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")
    dro_log "creates through both nodes, $side (round $round): ${line#BENCH }"
}

LOAD_BEFORE=$(cut -d ' ' -f 1-3 /proc/loadavg)
for ((round = 1; round <= ROUNDS; round++)); do
    order="swift c"
    ((round % 2 == 0)) && order="c swift"
    for s in $order; do
        side "$s"
        run "$s" "$round"
    done
done
side swift
LOAD_AFTER=$(cut -d ' ' -f 1-3 /proc/loadavg)

swift_rates=() c_rates=() ratios=()
for ((round = 1; round <= ROUNDS; round++)); do
    swift_rates+=("${RATE[swift/$round]}") c_rates+=("${RATE[c/$round]}")
    ratios+=("$(bench_ratio "${RATE[swift/$round]}" "${RATE[c/$round]}")")
done
SWIFT=$(bench_median "${swift_rates[@]}") C=$(bench_median "${c_rates[@]}") RATIO=$(bench_median "${ratios[@]}")

single_node=null
if [ -s "$ROOT/bench/results/api.json" ] && (($(date +%s) - $(stat -c %Y "$ROOT/bench/results/api.json") < 43200)); then
    single_node=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(json.dumps({"measured_at": sys.argv[2], "routes": {k: v for k, v in r.items() if "create" in k}}))' \
        "$ROOT/bench/results/api.json" "$(date -u -d "@$(stat -c %Y "$ROOT/bench/results/api.json")" +%FT%TZ)" 2>/dev/null || echo null)
fi

printf '\n%-44s %12s %12s %8s\n' "creates through 2 API nodes, 3 Galera nodes" "dro-api r/s" "C r/s" "ratio"
for ((round = 1; round <= ROUNDS; round++)); do
    printf '%-44s %12s %12s %8s\n' "round $round" "${RATE[swift/$round]}" "${RATE[c/$round]}" "${ratios[$((round - 1))]}"
done
printf '%-44s %12s %12s %8s  (goal >= 0.8: %s)\n' "median" "$SWIFT" "$C" "$RATIO" "$(bench_goal "$RATIO" '>=' 0.8)"

mkdir -p "$ROOT/bench/results"
cat >"$ROOT/bench/results/cluster.json" <<JSON
{
  "measured_at": "$(date -u +%FT%TZ)",
  "setup": {"api_nodes": 2, "database_nodes": 3, "database_tls": true, "wsrep_sync_wait": 1, "tenants": $TENANTS,
            "connections": $CONNECTIONS, "duration_seconds": $DURATION, "rounds": $ROUNDS, "threads_per_node": $DRO_THREADS,
            "machine": "$(nproc) cores", "load_before": "$LOAD_BEFORE", "load_after": "$LOAD_AFTER"},
  "cluster_create_ratio": $RATIO,
  "swift_create_rps": $SWIFT,
  "c_create_rps": $C,
  "rounds": {"swift": [$(IFS=,; echo "${swift_rates[*]}")], "c": [$(IFS=,; echo "${c_rates[*]}")], "ratios": [$(IFS=,; echo "${ratios[*]}")]},
  "single_node": $single_node
}
JSON
dro_log "wrote bench/results/cluster.json"
