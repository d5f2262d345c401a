# The table and the JSON of `make bench`, from the RPS, P50 and P99 arrays (keyed
# route/side/mode/round), CPU_TICKS and REQUESTS (keyed by mode), and RSS_MB, C_RSS_MB, FLUSH,
# LOAD_BEFORE, LOAD_AFTER set by scripts/bench.sh. bench_medians adds the medians over rounds:
# RPS/P50/P99[route/side] with metrics on (what production runs) and RATIO[route/mode].

BENCH_ROUTES=(get list create create_one_tenant)
declare -A RATIO

# The median of the numbers given.
bench_median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# utime + stime of the process in PIDFILE, in clock ticks (fields 14 and 15 of /proc/PID/stat,
# counted after the command name, which may hold spaces).
bench_cpu_ticks() {
    local pid
    pid=$(dro_live_pid "$1") || { echo 0; return; }
    sed -E 's/^.*\) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }'
}

# dro-api's CPU seconds per request with metrics MODE (on, off), in microseconds.
bench_cpu_us_per_request() {
    awk -v t="${CPU_TICKS[$1]:-0}" -v r="${REQUESTS[$1]:-0}" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (r > 0 ? t / hz / r * 1e6 : 0) }'
}

bench_medians() {
    local route side mode round rps p50 p99 ratios
    for route in "${BENCH_ROUTES[@]}"; do
        for mode in on off; do
            ratios=()
            for ((round = 1; round <= ROUNDS; round++)); do
                ratios+=("$(bench_ratio "${RPS[$route/swift/$mode/$round]}" "${RPS[$route/c/$mode/$round]}")")
            done
            RATIO[$route/$mode]=$(bench_median "${ratios[@]}")
        done
        for side in swift c; do
            rps=() p50=() p99=()
            for ((round = 1; round <= ROUNDS; round++)); do
                rps+=("${RPS[$route/$side/on/$round]}") p50+=("${P50[$route/$side/on/$round]}") p99+=("${P99[$route/$side/on/$round]}")
            done
            RPS[$route/$side]=$(bench_median "${rps[@]}")
            P50[$route/$side]=$(bench_median "${p50[@]}")
            P99[$route/$side]=$(bench_median "${p99[@]}")
        done
    done
}

# How much more CPU per request dro-api spends with metrics on, in percent.
bench_cpu_increase() {
    awk -v on="$(bench_cpu_us_per_request on)" -v off="$(bench_cpu_us_per_request off)" 'BEGIN { printf "%.1f", (off > 0 ? (on / off - 1) * 100 : 0) }'
}

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
bench_goal() { awk -v v="$1" -v g="$3" -v op="$2" 'BEGIN { ok = op == ">=" ? v >= g : op == "<=" ? v <= g : v < g; print ok ? "met" : "NOT met" }'; }

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
(medians of $ROUNDS runs of $DURATION s per side with dro-api's metrics on, alternating; latencies in ms;
 $READ_CONNECTIONS connections for reads, $CREATE_CONNECTIONS for creates; $DRO_THREADS responder threads each)

metrics on vs off (median swift/C ratios; modes interleaved in each of $ROUNDS rounds; with metrics on,
 both responders' metrics addresses are scraped every second during dro-api's runs):
  route                              on      off
  GET by id                       $(printf '%6s   %6s' "${RATIO[get/on]}" "${RATIO[get/off]}")
  list                            $(printf '%6s   %6s' "${RATIO[list/on]}" "${RATIO[list/off]}")
  create (100 tenants)            $(printf '%6s   %6s' "${RATIO[create/on]}" "${RATIO[create/off]}")
  create (1 tenant)               $(printf '%6s   %6s' "${RATIO[create_one_tenant/on]}" "${RATIO[create_one_tenant/off]}")
  dro-api CPU µs per request      $(printf '%6s   %6s' "$(bench_cpu_us_per_request on)" "$(bench_cpu_us_per_request off)")

dro-api peak RSS: $RSS_MB MB (C responder: $C_RSS_MB MB)
MariaDB innodb_flush_log_at_trx_commit=$FLUSH; load average before $LOAD_BEFORE, after $LOAD_AFTER ($(nproc) cores)

goals:
  GET by id >= 0.8x C        $(bench_ratio "${RPS[get/swift]}" "${RPS[get/c]}")  $(bench_goal "$(bench_ratio "${RPS[get/swift]}" "${RPS[get/c]}")" ">=" 0.8)
  list >= 0.7x C             $(bench_ratio "${RPS[list/swift]}" "${RPS[list/c]}")  $(bench_goal "$(bench_ratio "${RPS[list/swift]}" "${RPS[list/c]}")" ">=" 0.7)
  create >= 0.78x C          $(bench_ratio "${RPS[create/swift]}" "${RPS[create/c]}")  $(bench_goal "$(bench_ratio "${RPS[create/swift]}" "${RPS[create/c]}")" ">=" 0.78)
  GET p99 < 20 ms            ${P99[get/swift]}  $(bench_goal "${P99[get/swift]}" "<" 20)
  list p99 < 1.5x C p99      $list_p99  $(bench_goal "$list_p99" "<" 1.5)
  peak RSS < 64 MB           $RSS_MB  $(bench_goal "$RSS_MB" "<" 64)
  metrics CPU/req <= +5 %    $(bench_cpu_increase) %  $(bench_goal "$(bench_cpu_increase)" "<=" 5)
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
    for route in "${BENCH_ROUTES[@]}"; do
        printf '  "%s_ratio_metrics_on": %s,\n  "%s_ratio_metrics_off": %s,\n' "$route" "${RATIO[$route/on]}" "$route" "${RATIO[$route/off]}"
    done
    printf '  "cpu_us_per_request_metrics_on": %s,\n' "$(bench_cpu_us_per_request on)"
    printf '  "cpu_us_per_request_metrics_off": %s,\n' "$(bench_cpu_us_per_request off)"
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
