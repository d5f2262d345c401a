# The reconciler loop of a dev stack: what cron does on a fleet host, a `--for 65` run started
# every minute (so consecutive runs overlap and hand over) for one host key. Its pid file holds
# the loop's process group.

# reconciler_start STATE BIN_DIR HOST_KEY
reconciler_start() {
    local state=$1 bin=$2 host=$3 dir="$1/reconciler"
    mkdir -p "$dir"
    if dro_live_pid "$dir/loop.pid" >/dev/null; then return 0; fi
    setsid bash -c "while :; do '$bin/dro-reconcile' --host-key '$host' --for 65 --config '$state/dro.json' & sleep 60; done" \
        >>"$dir/reconcile.log" 2>&1 </dev/null &
    echo $! >"$dir/loop.pid"
    dro_log "reconciler loop for host $host is running (pid $(cat "$dir/loop.pid"), log $dir/reconcile.log)"
}

reconciler_stop() {
    local file="$1/reconciler/loop.pid" pid
    if pid=$(dro_live_pid "$file"); then
        # The loop and the dro-reconcile it runs share the process group the loop leads.
        kill -TERM -- "-$pid" 2>/dev/null || true
        local waited=0
        while dro_pid_alive "$pid" && ((waited < 200)); do
            sleep 0.1
            waited=$((waited + 1))
        done
        dro_pid_alive "$pid" && kill -KILL -- "-$pid" 2>/dev/null
        dro_log "stopped the reconciler loop (pid $pid)"
    fi
    rm -f "$file"
}
