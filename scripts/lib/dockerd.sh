# The Docker daemon a stack uses: the system one when its socket answers (or DRO_DOCKER_SOCKET),
# else a private dockerd with its data under STATE/docker.

# Short runtime paths: containerd's sockets live under the exec root and unix socket paths are
# limited to 108 bytes, so they cannot sit under a deep checkout.
dockerd_runtime_dir() { echo "/run/dro-docker-$(printf '%s' "$1" | sha256sum | cut -c1-10)"; }

docker_answers() { curl -fs --max-time 2 --unix-socket "$1" http://docker/_ping >/dev/null 2>&1; }

# Prints the socket in use, starting the private daemon when needed.
dockerd_start() {
    local state=$1 dir="$1/docker" run
    run=$(dockerd_runtime_dir "$state")
    if [ -n "${DRO_DOCKER_SOCKET:-}" ]; then
        docker_answers "$DRO_DOCKER_SOCKET" || dro_die "DRO_DOCKER_SOCKET=$DRO_DOCKER_SOCKET does not answer"
        echo "$DRO_DOCKER_SOCKET"
        return 0
    fi
    if [ -z "${DRO_PRIVATE_DOCKERD:-}" ] && docker_answers /var/run/docker.sock; then
        echo /var/run/docker.sock
        return 0
    fi
    mkdir -p "$dir" "$run"
    if ! dro_live_pid "$dir/dockerd.pid" >/dev/null; then
        # Kept with the data root: its networks keep their subnets across restarts, and the stop
        # removes the bridges in this pool.
        [ -s "$dir/address-pool" ] || dockerd_address_pool "$state" >"$dir/address-pool"
        # No default bridge (it would clash with a system docker0); per-tenant bridges come from
        # this stack's own pool, so stacks on one machine never route to each other's. A tenant
        # network's size bounds the tenant's containers on the host: a /22 holds 1022 (a /24, 253).
        dockerd --host "unix://$run/docker.sock" --data-root "$dir/data" --exec-root "$run/exec" \
            --pidfile "$dir/dockerd.pid" --bridge=none --default-address-pool "base=$(cat "$dir/address-pool"),size=22" \
            --log-level warn >>"$dir/dockerd.log" 2>&1 &
        dro_wait_for 60 docker_answers "$run/docker.sock" || dro_die "dockerd did not start; see $dir/dockerd.log"
        dro_log "dockerd is up on $run/docker.sock (pid $(cat "$dir/dockerd.pid"))"
    fi
    echo "$run/docker.sock"
}

# The private dockerd's address pool: DRO_DOCKER_POOL (the scripts give each stack its own
# within 10.208.0.0/13), else a /16 of 10.216.0.0/13 picked by the state directory.
dockerd_address_pool() {
    if [ -n "${DRO_DOCKER_POOL:-}" ]; then echo "$DRO_DOCKER_POOL"; return; fi
    echo "10.$((216 + 16#$(printf '%s' "$1" | sha256sum | cut -c1-2) % 8)).0.0/16"
}

# An IPv4 address as an integer.
dockerd_ipv4_int() {
    local IFS=.
    # shellcheck disable=SC2086 # split on the dots
    set -- $1
    echo $((($1 << 24) | ($2 << 16) | ($3 << 8) | $4))
}

# The bridge devices holding an address in POOL (a.b.c.d/bits).
dockerd_bridges_in_pool() {
    local base mask name address
    base=$(dockerd_ipv4_int "${1%/*}")
    mask=$(((0xffffffff << (32 - ${1#*/})) & 0xffffffff))
    ip -o -4 addr show type bridge | awk '{print $2, $4}' | while read -r name address; do
        if ((($(dockerd_ipv4_int "${address%/*}") & mask) == (base & mask))); then echo "$name"; fi
    done
}

# A stopped (or killed) dockerd leaves its bridges and their iptables rules in the kernel. They
# would pile up across runs and, holding routes, shadow or use up the pool; a restart on the same
# data root creates them again.
dockerd_forget_bridges() {
    local bridge table rule
    for bridge in "$@"; do
        ip link delete "$bridge" 2>/dev/null || true
        for table in filter nat; do
            iptables -w 5 -t "$table" -S | { grep -E -- "-[io] $bridge( |\$)" || true; } | sed 's/^-A /-D /' |
                while read -r rule; do
                    # shellcheck disable=SC2086 # a rule as iptables -S prints it: one word per argument
                    iptables -w 5 -t "$table" $rule 2>/dev/null || true
                done
        done
    done
}

# dockerd gives up stopping its containers after its shutdown timeout (15 s) and exits: with
# hundreds running (the reconciler bench) their shims and processes outlive it. Kills them.
dockerd_kill_leftover_containers() {
    local run=$1 shim
    for shim in $(pgrep -f -- "containerd-shim-runc-v2 .*-address $run/" || true); do
        pkill -KILL -P "$shim" 2>/dev/null || true
        kill -KILL "$shim" 2>/dev/null || true
    done
}

dockerd_stop() {
    local state=$1 run
    run=$(dockerd_runtime_dir "$state")
    dro_stop_pidfile "$state/docker/dockerd.pid" dockerd 60
    dockerd_kill_leftover_containers "$run"
    if [ -s "$state/docker/address-pool" ]; then
        # shellcheck disable=SC2046 # bridge names have no spaces
        dockerd_forget_bridges $(dockerd_bridges_in_pool "$(cat "$state/docker/address-pool")")
    fi
    # A dockerd that was killed (or a session cut short) leaves its netns, overlay and data-root
    # mounts behind; they keep the directories busy and the next `rm -rf` of the state fails.
    dro_unmount_under "$run"
    dro_unmount_under "$state/docker"
    rm -rf "$run" 2>/dev/null || dro_log "could not remove $run (busy mounts); it is reused next time"
}

# Restarts a stack's private dockerd on the same data root, as a daemon upgrade or crash-restart
# would (its containers stop with it and stay stopped: the reconciler starts them again).
dockerd_restart() {
    local state=$1
    dro_live_pid "$state/docker/dockerd.pid" >/dev/null || dro_die "no private dockerd runs under $state"
    dro_stop_pidfile "$state/docker/dockerd.pid" dockerd 60
    dockerd_kill_leftover_containers "$(dockerd_runtime_dir "$state")"
    dockerd_start "$state" >/dev/null
}
