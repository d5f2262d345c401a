#!/usr/bin/env bash
# `make bench`: dro-api against the ceiling of its architecture, a C libfcgi responder
# (bench/c-responder: the same threads, one MariaDB connection each, the same SQL per route),
# both behind nginx with the same TLS settings and over one MariaDB with the same data. Loads
# each with wrk, alternating, and prints a table; writes bench/results/api.json.
#
# Settings (environment): DRO_FLUSH (innodb_flush_log_at_trx_commit, 1), DRO_THREADS (8),
# BENCH_DURATION (10 s per measured run), BENCH_WARMUP (2 s before each), BENCH_ROUNDS (2: each
# route runs Swift-then-C, then C-then-Swift, and the table shows the means), BENCH_CONNECTIONS
# (32, reads), BENCH_CREATE_CONNECTIONS (32), BENCH_WRK_THREADS (2), BENCH_TENANTS (100),
# BENCH_CONTAINERS (60 per tenant).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"
. "$ROOT/scripts/lib/nginx.sh"
. "$ROOT/scripts/lib/c-responder.sh"
. "$ROOT/scripts/lib/bench-data.sh"
. "$ROOT/scripts/lib/bench-report.sh"

STATE=$ROOT/.run/bench
SWIFT_PORT=28443
C_PORT=28444
export DRO_PORT=$SWIFT_PORT DRO_BUILD=release DRO_RATE_LIMIT=off DRO_DOCKER_POOL=10.214.0.0/16 DRO_FLUSH=${DRO_FLUSH:-1} DRO_THREADS=${DRO_THREADS:-8}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-2}
ROUNDS=${BENCH_ROUNDS:-2}
READ_CONNECTIONS=${BENCH_CONNECTIONS:-32}
CREATE_CONNECTIONS=${BENCH_CREATE_CONNECTIONS:-32}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
TENANTS=${BENCH_TENANTS:-100}
PER_TENANT=${BENCH_CONTAINERS:-60}
((PER_TENANT > 50)) || dro_die "BENCH_CONTAINERS must exceed 50: the list route reads full pages of 50"

dro_ensure_packages wrk gcc pkg-config libfcgi-dev libmariadb-dev libssl-dev curl

dro_fresh_stack "$STATE" c_responder_stop

"$ROOT/scripts/stack.sh" up "$STATE"
DRO_BIN_DIR=$(cd "$ROOT" && swift build -c release --show-bin-path)
export DRO_BIN_DIR
c_responder_build "$ROOT"
c_responder_start "$STATE" "$C_PORT" "$ROOT"
FLUSH=$("$ROOT/scripts/stack.sh" sql "$STATE" "SELECT @@innodb_flush_log_at_trx_commit")
dro_log "MariaDB innodb_flush_log_at_trx_commit=$FLUSH (the same server for both sides)"
bench_seed "$STATE" "$SWIFT_PORT" "$TENANTS" "$PER_TENANT"
DATA=$STATE/bench-data.tsv

declare -A RPS P50 P99
LOAD_BEFORE=$(cut -d ' ' -f 1-3 /proc/loadavg)

# load ROUTE SIDE ROUND CONNECTIONS SCRIPT ARGS...: a warm-up, then the measured run; its figures
# are added to RPS/P50/P99[ROUTE/SIDE], divided by ROUNDS at the end.
load() {
    local route=$1 side=$2 round=$3 connections=$4 script=$5 port=$SWIFT_PORT output line key
    shift 5
    [ "$side" = c ] && port=$C_PORT
    # The create script's last argument is a run tag that makes every container name unique.
    local tag="${side}${route//_/}${round}" wrk=(wrk -t"$WRK_THREADS" -c"$connections" --timeout 30s -s "$ROOT/bench/wrk/$script" "https://127.0.0.1:$port/")
    if ((WARMUP > 0)); then "${wrk[@]}" -d"${WARMUP}s" -- "$@" "${tag}w" >/dev/null; fi
    output=$("${wrk[@]}" -d"${DURATION}s" -- "$@" "$tag")
    line=$(grep '^BENCH ' <<<"$output") || dro_die "wrk printed no summary for $route on $side: $output"
    dro_log "$route on $side (round $round): ${line#BENCH }"
    if ! grep -q ' non2xx=0 socket_errors=0' <<<"$line"; then
        dro_log "warning: $route on $side had failed requests; see $STATE/api/api.log and $STATE/c/api/c-responder.log"
    fi
    key=$route/$side
    RPS[$key]=$(bench_add "${RPS[$key]:-0}" "$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")")
    P50[$key]=$(bench_add "${P50[$key]:-0}" "$(sed -E 's/.* p50_ms=([0-9.]+).*/\1/' <<<"$line")")
    P99[$key]=$(bench_add "${P99[$key]:-0}" "$(sed -E 's/.* p99_ms=([0-9.]+).*/\1/' <<<"$line")")
}

# Both sides of one route per round, the order swapped every round so that neither always goes first.
load_route() {
    local route=$1 round sides
    shift
    for ((round = 1; round <= ROUNDS; round++)); do
        sides="swift c"
        ((round % 2 == 0)) && sides="c swift"
        for side in $sides; do load "$route" "$side" "$round" "$@"; done
    done
}

dro_log "load: $ROUNDS rounds of $DURATION s per side and route after $WARMUP s of warm-up, $READ_CONNECTIONS connections for reads, $CREATE_CONNECTIONS for creates"
load_route get "$READ_CONNECTIONS" get.lua "$DATA"
load_route list "$READ_CONNECTIONS" list.lua "$DATA"
load_route create "$CREATE_CONNECTIONS" create.lua "$DATA" "$BENCH_HOST" all
load_route create_one_tenant "$CREATE_CONNECTIONS" create.lua "$DATA" "$BENCH_HOST" one
for key in "${!RPS[@]}"; do
    RPS[$key]=$(bench_divide "${RPS[$key]}" "$ROUNDS")
    P50[$key]=$(bench_divide "${P50[$key]}" "$ROUNDS")
    P99[$key]=$(bench_divide "${P99[$key]}" "$ROUNDS")
done

LOAD_AFTER=$(cut -d ' ' -f 1-3 /proc/loadavg)
RSS_MB=$(bench_peak_rss_mb "$STATE/api/dro-api.pid")
C_RSS_MB=$(bench_peak_rss_mb "$STATE/c/api/c-responder.pid")
bench_table
mkdir -p "$ROOT/bench/results"
bench_json >"$ROOT/bench/results/api.json"
dro_log "wrote bench/results/api.json"
