#!/usr/bin/env bash
# `make bench`: dro-api against the ceiling of its architecture, a C libfcgi responder
# (bench/c-responder: the same threads, one MariaDB connection each, the same SQL per route),
# both behind nginx with the same TLS settings and over one MariaDB with the same data. Loads
# each with wrk, alternating, and prints a table; writes bench/results/api.json. dro-api runs with
# its metrics on and off, interleaved (on-off, off-on, on-off, …): the table shows the medians of
# both, dro-api's CPU seconds per request in each mode (utime + stime from /proc) and its peak RSS.
# With metrics on, both responders' metrics addresses are scraped every second during dro-api's
# runs (warm-up included), as Prometheus would: the exposition and the database-gauge refresh
# are part of what "on" costs.
#
# Settings (environment): DRO_FLUSH (innodb_flush_log_at_trx_commit, 1), DRO_THREADS (8),
# BENCH_DURATION (10 s per measured run), BENCH_WARMUP (2 s before each), BENCH_ROUNDS (3: each
# round runs every route in both metrics modes, Swift-then-C or C-then-Swift, alternating; the
# table shows the medians over rounds), BENCH_CONNECTIONS
# (32, reads), BENCH_CREATE_CONNECTIONS (32), BENCH_WRK_THREADS (2), BENCH_TENANTS (100),
# BENCH_CONTAINERS (60 per tenant).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"
. "$ROOT/scripts/lib/nginx.sh"
. "$ROOT/scripts/lib/c-responder.sh"
. "$ROOT/scripts/lib/bench-data.sh"
. "$ROOT/scripts/lib/bench-report.sh"
. "$ROOT/scripts/lib/config.sh"

STATE=$ROOT/.run/bench
SWIFT_PORT=28443
# Not SWIFT_PORT+1 or +2: dro-api serves its metrics there.
C_PORT=28450
export DRO_PORT=$SWIFT_PORT DRO_BUILD=release DRO_RATE_LIMIT=off DRO_DOCKER_POOL=10.214.0.0/16 DRO_FLUSH=${DRO_FLUSH:-1} DRO_THREADS=${DRO_THREADS:-8}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-2}
ROUNDS=${BENCH_ROUNDS:-3}
READ_CONNECTIONS=${BENCH_CONNECTIONS:-32}
CREATE_CONNECTIONS=${BENCH_CREATE_CONNECTIONS:-32}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
TENANTS=${BENCH_TENANTS:-100}
PER_TENANT=${BENCH_CONTAINERS:-60}
((PER_TENANT > 50)) || dro_die "BENCH_CONTAINERS must exceed 50: the list route reads full pages of 50"

dro_ensure_packages wrk gcc pkg-config libfcgi-dev libmariadb-dev libssl-dev curl

# scrapes_start / scrapes_stop: GET /metrics on both responders' metrics addresses every second,
# in the background (its pid in SCRAPER), like Prometheus at a short interval.
SCRAPER=""
scrapes_start() {
    local tenant=127.0.0.1:$((SWIFT_PORT + 1)) operator=127.0.0.1:$((SWIFT_PORT + 2))
    while :; do
        curl -fsS -o /dev/null --max-time 2 "http://$tenant/metrics" || true
        curl -fsS -o /dev/null --max-time 2 "http://$operator/metrics" || true
        sleep 1
    done >>"$STATE/scrapes.log" 2>&1 &
    SCRAPER=$!
}

scrapes_stop() {
    [ -n "$SCRAPER" ] || return 0
    kill "$SCRAPER" 2>/dev/null || true
    wait "$SCRAPER" 2>/dev/null || true
    SCRAPER=""
}

# What stops beside the stack when the script ends, however it ends.
bench_stop_extra() {
    scrapes_stop
    c_responder_stop "$1"
}

dro_fresh_stack "$STATE" bench_stop_extra

# No Prometheus beside the bench: with metrics on, scrapes_start stands in for it, at a known rate.
DRO_PROMETHEUS=off "$ROOT/scripts/stack.sh" up "$STATE"
DRO_BIN_DIR=$(cd "$ROOT" && swift build -c release --show-bin-path)
export DRO_BIN_DIR
c_responder_build "$ROOT"
c_responder_start "$STATE" "$C_PORT" "$ROOT"
FLUSH=$("$ROOT/scripts/stack.sh" sql "$STATE" "SELECT @@innodb_flush_log_at_trx_commit")
dro_log "MariaDB innodb_flush_log_at_trx_commit=$FLUSH (the same server for both sides)"
bench_seed "$STATE" "$SWIFT_PORT" "$TENANTS" "$PER_TENANT"
DATA=$STATE/bench-data.tsv

# Per run, keyed ROUTE/SIDE/MODE/ROUND (the C side runs in both modes too, as the reference of
# each); CPU_TICKS and REQUESTS per MODE sum dro-api's measured Swift runs.
declare -A RPS P50 P99 CPU_TICKS REQUESTS
RSS_MB=0
LOAD_BEFORE=$(cut -d ' ' -f 1-3 /proc/loadavg)

# load ROUTE SIDE MODE ROUND CONNECTIONS SCRIPT ARGS...: a warm-up, then the measured run.
load() {
    local route=$1 side=$2 mode=$3 round=$4 connections=$5 script=$6 port=$SWIFT_PORT output line key ticks_before
    shift 6
    [ "$side" = c ] && port=$C_PORT
    # The create script's last argument is a run tag that makes every container name unique.
    local tag="${side}${route//_/}${mode}${round}" wrk=(wrk -t"$WRK_THREADS" -c"$connections" --timeout 30s -s "$ROOT/bench/wrk/$script" "https://127.0.0.1:$port/")
    if [ "$side" = swift ] && [ "$mode" = on ]; then scrapes_start; fi
    if ((WARMUP > 0)); then "${wrk[@]}" -d"${WARMUP}s" -- "$@" "${tag}w" >/dev/null; fi
    ticks_before=$(bench_cpu_ticks "$STATE/api/dro-api.pid")
    output=$("${wrk[@]}" -d"${DURATION}s" -- "$@" "$tag")
    scrapes_stop
    line=$(grep '^BENCH ' <<<"$output") || dro_die "wrk printed no summary for $route on $side: $output"
    dro_log "$route on $side, metrics $mode (round $round): ${line#BENCH }"
    if ! grep -q ' non2xx=0 socket_errors=0' <<<"$line"; then
        dro_log "warning: $route on $side had failed requests; see $STATE/api/api.log and $STATE/c/api/c-responder.log"
    fi
    if [ "$side" = swift ]; then
        CPU_TICKS[$mode]=$((${CPU_TICKS[$mode]:-0} + $(bench_cpu_ticks "$STATE/api/dro-api.pid") - ticks_before))
        REQUESTS[$mode]=$((${REQUESTS[$mode]:-0} + $(sed -E 's/^BENCH requests=([0-9]+).*/\1/' <<<"$line")))
    fi
    key=$route/$side/$mode/$round
    RPS[$key]=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")
    P50[$key]=$(sed -E 's/.* p50_ms=([0-9.]+).*/\1/' <<<"$line")
    P99[$key]=$(sed -E 's/.* p99_ms=([0-9.]+).*/\1/' <<<"$line")
}

# metrics_mode on|off: restarts dro-api with its metrics listeners on or off (the C side keeps
# running), after noting the peak RSS of the process it stops.
metrics_mode() {
    local rss
    rss=$(bench_peak_rss_mb "$STATE/api/dro-api.pid")
    RSS_MB=$(awk -v a="$RSS_MB" -v b="$rss" 'BEGIN { print (b > a ? b : a) }')
    "$ROOT/scripts/stack.sh" api-stop "$STATE"
    DRO_METRICS=$1 config_write "$STATE" "$DRO_THREADS" "$("$ROOT/scripts/stack.sh" docker-socket "$STATE")"
    "$ROOT/scripts/stack.sh" api-start "$STATE"
}

# Every route in both modes per round; the mode order and the side order swap every round.
load_all() {
    local round mode modes sides side
    for ((round = 1; round <= ROUNDS; round++)); do
        modes="on off" sides="swift c"
        ((round % 2 == 0)) && modes="off on" sides="c swift"
        for mode in $modes; do
            metrics_mode "$mode"
            for side in $sides; do
                load get "$side" "$mode" "$round" "$READ_CONNECTIONS" get.lua "$DATA"
                load list "$side" "$mode" "$round" "$READ_CONNECTIONS" list.lua "$DATA"
                load create "$side" "$mode" "$round" "$CREATE_CONNECTIONS" create.lua "$DATA" "$BENCH_HOST" all
                load create_one_tenant "$side" "$mode" "$round" "$CREATE_CONNECTIONS" create.lua "$DATA" "$BENCH_HOST" one
            done
        done
    done
}

dro_log "load: $ROUNDS rounds, metrics on and off, of $DURATION s per side and route after $WARMUP s of warm-up, $READ_CONNECTIONS connections for reads, $CREATE_CONNECTIONS for creates"
load_all
bench_medians
# The stack is left as it started: metrics on.
metrics_mode on

LOAD_AFTER=$(cut -d ' ' -f 1-3 /proc/loadavg)
C_RSS_MB=$(bench_peak_rss_mb "$STATE/c/api/c-responder.pid")
bench_table
mkdir -p "$ROOT/bench/results"
bench_json >"$ROOT/bench/results/api.json"
dro_log "wrote bench/results/api.json"
