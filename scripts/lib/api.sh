# The dro-api responders under STATE/api: the tenant API (api.sock, dro-api.pid, api.log) and
# the operator API (`--role operator`: operator.sock, dro-api-operator.pid, operator.log).

# api_start STATE BIN_DIR
api_start() {
    api_start_role "$1" "$2" tenant dro-api.pid api.sock api.log
    api_start_role "$1" "$2" operator dro-api-operator.pid operator.sock operator.log
}

# api_start_role STATE BIN_DIR ROLE PIDFILE SOCKET LOG
api_start_role() {
    local state=$1 bin=$2 role=$3 dir="$1/api"
    local pidfile=$dir/$4 socket=$dir/$5 log=$dir/$6
    mkdir -p "$dir"
    if dro_live_pid "$pidfile" >/dev/null; then return 0; fi
    "$bin/dro-api" --config "$state/dro.json" --role "$role" >>"$log" 2>&1 &
    echo $! >"$pidfile"
    # Ready once the socket exists; a responder that refused to start (config, schema) exits at once.
    local tries=400
    until [ -S "$socket" ]; do
        dro_live_pid "$pidfile" >/dev/null && ((tries-- > 0)) || dro_die "dro-api ($role) did not start; see $log"
        sleep 0.1
    done
    dro_log "dro-api ($role) is up on $socket (pid $(cat "$pidfile"))"
}

api_stop() {
    dro_stop_pidfile "$1/api/dro-api-operator.pid" "dro-api (operator)" 40
    dro_stop_pidfile "$1/api/dro-api.pid" dro-api 40
}
