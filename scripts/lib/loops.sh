# The cron jobs of a dev stack, as loops: what cron does on a platform machine, a `--for 65` run
# started every minute (consecutive runs overlap and hand over). Each loop's pid file holds its
# process group, under STATE/<name>/loop.pid, with its log beside it.

# loop_start STATE NAME COMMAND...: runs COMMAND every 60 s in the background.
loop_start() {
    local state=$1 name=$2 dir="$1/$2"
    shift 2
    mkdir -p "$dir"
    if dro_live_pid "$dir/loop.pid" >/dev/null; then return 0; fi
    local command
    command=$(printf '%q ' "$@")
    setsid bash -c "while :; do $command & sleep 60; done" >>"$dir/$name.log" 2>&1 </dev/null &
    echo $! >"$dir/loop.pid"
    dro_log "$name loop is running (pid $(cat "$dir/loop.pid"), log $dir/$name.log)"
}

# loop_stop STATE NAME: stops the loop and the run it started (they share its process group).
loop_stop() {
    local file="$1/$2/loop.pid" pid
    if pid=$(dro_live_pid "$file"); then
        kill -TERM -- "-$pid" 2>/dev/null || true
        local waited=0
        while dro_pid_alive "$pid" && ((waited < 200)); do
            sleep 0.1
            waited=$((waited + 1))
        done
        dro_pid_alive "$pid" && kill -KILL -- "-$pid" 2>/dev/null
        dro_log "stopped the $2 loop (pid $pid)"
    fi
    rm -f "$file"
}

# loop_kill STATE NAME: SIGKILL to the loop and the run it started, as a crash or an OOM kill
# would end them: no handler runs, leases stay held until they expire.
loop_kill() {
    local file="$1/$2/loop.pid" pid
    if pid=$(dro_live_pid "$file"); then
        kill -KILL -- "-$pid" 2>/dev/null || true
        dro_log "killed the $2 loop and its run (process group $pid)"
    fi
    rm -f "$file"
}

# reconciler_start STATE BIN_DIR HOST_KEY: the reconciler of one fleet host.
reconciler_start() {
    loop_start "$1" reconciler "$2/dro-reconcile" --host-key "$3" --for 65 --config "$1/dro.json"
}

# webhooks_start STATE BIN_DIR: the webhook deliverer.
webhooks_start() {
    loop_start "$1" webhooks "$2/dro-webhooks" --for 65 --config "$1/dro.json"
}
