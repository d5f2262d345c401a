# The dro-api responder, its socket, pid file and log under STATE/api.

# api_start STATE BIN_DIR
api_start() {
    local state=$1 bin=$2 dir="$1/api"
    mkdir -p "$dir"
    if dro_live_pid "$dir/dro-api.pid" >/dev/null; then return 0; fi
    "$bin/dro-api" --config "$state/dro.json" >>"$dir/api.log" 2>&1 &
    echo $! >"$dir/dro-api.pid"
    # Ready once the socket exists; a responder that refused to start (config, schema) exits at once.
    local tries=400
    until [ -S "$dir/api.sock" ]; do
        dro_live_pid "$dir/dro-api.pid" >/dev/null && ((tries-- > 0)) || dro_die "dro-api did not start; see $dir/api.log"
        sleep 0.1
    done
    dro_log "dro-api is up on $dir/api.sock (pid $(cat "$dir/dro-api.pid"))"
}

api_stop() { dro_stop_pidfile "$1/api/dro-api.pid" dro-api 40; }
