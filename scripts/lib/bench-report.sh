# The table and the JSON of `make bench`, from the RPS, P50 and P99 arrays (keyed route/side)
# and RSS_MB, C_RSS_MB, FLUSH, LOAD_BEFORE, LOAD_AFTER set by scripts/bench.sh.

BENCH_ROUTES=(get list create create_one_tenant)

# Peak resident memory (VmHWM) of the process in PIDFILE, in MB.
bench_peak_rss_mb() {
    local pid
    pid=$(dro_live_pid "$1") || { echo 0; return; }
    awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status"
}

bench_add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a + b }'; }
bench_divide() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
bench_ratio() { awk -v s="$1" -v c="$2" 'BEGIN { printf "%.3f", (c > 0 ? s / c : 0) }'; }

# Whether value OP goal holds, as "met" or "NOT met".
bench_goal() { awk -v v="$1" -v g="$3" -v op="$2" 'BEGIN { ok = op == ">=" ? v >= g : v < g; print ok ? "met" : "NOT met" }'; }

bench_table() {
    local route label list_p99
    declare -A labels=([get]="GET /v1/containers/{id}" [list]="GET /v1/containers?limit=50"
        [create]="POST /v1/containers (100 tenants)" [create_one_tenant]="POST /v1/containers (1 tenant)")
    printf '\n%-36s %10s %10s %8s %9s %9s %9s %9s\n' route "swift r/s" "C r/s" swift/C "swift p50" "swift p99" "C p50" "C p99"
    for route in "${BENCH_ROUTES[@]}"; do
        label=${labels[$route]}
        printf '%-36s %10.0f %10.0f %8s %9s %9s %9s %9s\n' "$label" "${RPS[$route/swift]}" "${RPS[$route/c]}" \
            "$(bench_ratio "${RPS[$route/swift]}" "${RPS[$route/c]}")" "${P50[$route/swift]}" "${P99[$route/swift]}" \
            "${P50[$route/c]}" "${P99[$route/c]}"
    done
    list_p99=$(bench_ratio "${P99[list/swift]}" "${P99[list/c]}")
    cat <<TEXT
(means of $ROUNDS runs of $DURATION s per side, alternating; latencies in ms; $READ_CONNECTIONS connections for reads,
 $CREATE_CONNECTIONS for creates; $DRO_THREADS responder threads each)

dro-api peak RSS: $RSS_MB MB (C responder: $C_RSS_MB MB)
MariaDB innodb_flush_log_at_trx_commit=$FLUSH; load average before $LOAD_BEFORE, after $LOAD_AFTER ($(nproc) cores)

goals:
  GET by id >= 0.8x C        $(bench_ratio "${RPS[get/swift]}" "${RPS[get/c]}")  $(bench_goal "$(bench_ratio "${RPS[get/swift]}" "${RPS[get/c]}")" ">=" 0.8)
  list >= 0.7x C             $(bench_ratio "${RPS[list/swift]}" "${RPS[list/c]}")  $(bench_goal "$(bench_ratio "${RPS[list/swift]}" "${RPS[list/c]}")" ">=" 0.7)
  create >= 0.78x C          $(bench_ratio "${RPS[create/swift]}" "${RPS[create/c]}")  $(bench_goal "$(bench_ratio "${RPS[create/swift]}" "${RPS[create/c]}")" ">=" 0.78)
  GET p99 < 20 ms            ${P99[get/swift]}  $(bench_goal "${P99[get/swift]}" "<" 20)
  list p99 < 1.5x C p99      $list_p99  $(bench_goal "$list_p99" "<" 1.5)
  peak RSS < 64 MB           $RSS_MB  $(bench_goal "$RSS_MB" "<" 64)
TEXT
}

# The worse p99 of the two Swift read routes.
bench_read_p99() { awk -v a="${P99[get/swift]}" -v b="${P99[list/swift]}" 'BEGIN { print (a > b ? a : b) }'; }

bench_json() {
    local route side key
    printf '{\n'
    printf '  "get_ratio": %s,\n' "$(bench_ratio "${RPS[get/swift]}" "${RPS[get/c]}")"
    printf '  "list_ratio": %s,\n' "$(bench_ratio "${RPS[list/swift]}" "${RPS[list/c]}")"
    printf '  "create_ratio": %s,\n' "$(bench_ratio "${RPS[create/swift]}" "${RPS[create/c]}")"
    printf '  "create_one_tenant_ratio": %s,\n' "$(bench_ratio "${RPS[create_one_tenant/swift]}" "${RPS[create_one_tenant/c]}")"
    printf '  "read_p99_ms": %s,\n' "$(bench_read_p99)"
    printf '  "list_p99_ratio": %s,\n' "$(bench_ratio "${P99[list/swift]}" "${P99[list/c]}")"
    printf '  "rss_mb": %s,\n' "$RSS_MB"
    printf '  "c_rss_mb": %s,\n' "$C_RSS_MB"
    for route in "${BENCH_ROUTES[@]}"; do
        for side in swift c; do
            key=${side}_${route}
            printf '  "%s_rps": %s,\n  "%s_p50_ms": %s,\n  "%s_p99_ms": %s,\n' "$key" "${RPS[$route/$side]}" \
                "$key" "${P50[$route/$side]}" "$key" "${P99[$route/$side]}"
        done
    done
    printf '  "rounds": %s,\n' "$ROUNDS"
    printf '  "duration_s": %s,\n  "read_connections": %s,\n  "create_connections": %s,\n  "threads": %s,\n' \
        "$DURATION" "$READ_CONNECTIONS" "$CREATE_CONNECTIONS" "$DRO_THREADS"
    printf '  "load_average_before": "%s",\n  "load_average_after": "%s",\n' "$LOAD_BEFORE" "$LOAD_AFTER"
    printf '  "innodb_flush_log_at_trx_commit": %s\n}\n' "$FLUSH"
}
