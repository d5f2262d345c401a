# The dro-api responders of a node under STATE/api: the tenant API (dro-api.pid, api.log) and the
# operator API (`--role operator`: dro-api-operator.pid, operator.log), each listening where
# STATE/dro.json says (api.listen, api.operator_listen: a unix socket or host:port).

# api_start STATE BIN_DIR
api_start() {
    local state=$1 bin=$2
    api_start_role "$state" "$bin" tenant dro-api.pid "$(api_listen_address "$state" listen)" api.log
    api_start_role "$state" "$bin" operator dro-api-operator.pid "$(api_listen_address "$state" operator_listen)" operator.log
}

# api_listen_address STATE KEY: api.KEY of STATE/dro.json.
api_listen_address() {
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api"][sys.argv[2]])' "$1/dro.json" "$2"
}

# api_listening ADDRESS: the unix socket exists, or host:port accepts a connection.
api_listening() {
    case $1 in
    /*) [ -S "$1" ] ;;
    *) (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null ;;
    esac
}

# api_start_role STATE BIN_DIR ROLE PIDFILE LISTEN LOG
api_start_role() {
    local state=$1 bin=$2 role=$3 dir="$1/api"
    local pidfile=$dir/$4 listen=$5 log=$dir/$6
    mkdir -p "$dir"
    if dro_live_pid "$pidfile" >/dev/null; then return 0; fi
    "$bin/dro-api" --config "$state/dro.json" --role "$role" >>"$log" 2>&1 &
    echo $! >"$pidfile"
    # Ready once it listens; a responder that refused to start (config, schema) exits at once.
    local tries=400
    until api_listening "$listen"; do
        dro_live_pid "$pidfile" >/dev/null && ((tries-- > 0)) || dro_die "dro-api ($role) did not start; see $log"
        sleep 0.1
    done
    dro_log "dro-api ($role) is up on $listen (pid $(cat "$pidfile"))"
}

api_stop() {
    dro_stop_pidfile "$1/api/dro-api-operator.pid" "dro-api (operator)" 40
    dro_stop_pidfile "$1/api/dro-api.pid" dro-api 40
}
