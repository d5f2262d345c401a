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
        # No default bridge (it would clash with a system docker0); per-tenant bridges come
        # from pools wide enough for a thousand /24 networks.
        dockerd --host "unix://$run/docker.sock" --data-root "$dir/data" --exec-root "$run/exec" \
            --pidfile "$dir/dockerd.pid" --bridge=none --default-address-pool base=10.208.0.0/14,size=24 \
            --log-level warn >>"$dir/dockerd.log" 2>&1 &
        dro_wait_for 60 docker_answers "$run/docker.sock" || dro_die "dockerd did not start; see $dir/dockerd.log"
        dro_log "dockerd is up on $run/docker.sock (pid $(cat "$dir/dockerd.pid"))"
    fi
    echo "$run/docker.sock"
}

# The bridge devices of a dockerd's networks: the `com.docker.network.bridge.name` option, else
# Docker's default name `br-<first 12 of the id>`.
dockerd_bridges() {
    local socket=$1 ids
    ids=$(docker -H "unix://$socket" network ls -q --filter driver=bridge 2>/dev/null) || return 0
    [ -n "$ids" ] || return 0
    # shellcheck disable=SC2086 # one argument per id
    docker -H "unix://$socket" network inspect $ids \
        --format '{{with index .Options "com.docker.network.bridge.name"}}{{.}}{{else}}br-{{printf "%.12s" $.Id}}{{end}}' 2>/dev/null
}

# A stopped dockerd leaves its bridges and their iptables rules in the kernel. They would pile
# up across test runs and, holding routes, use up the address pool; a restart on the same data
# root creates them again.
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

dockerd_stop() {
    local state=$1 run bridges=""
    run=$(dockerd_runtime_dir "$state")
    dro_live_pid "$state/docker/dockerd.pid" >/dev/null && bridges=$(dockerd_bridges "$run/docker.sock")
    dro_stop_pidfile "$state/docker/dockerd.pid" dockerd 60
    # shellcheck disable=SC2086 # bridge names have no spaces
    dockerd_forget_bridges $bridges
    # A dockerd that was killed (or a session cut short) leaves its netns, overlay and data-root
    # mounts behind; they keep the directories busy and the next `rm -rf` of the state fails.
    dro_unmount_under "$run"
    dro_unmount_under "$state/docker"
    rm -rf "$run" 2>/dev/null || dro_log "could not remove $run (busy mounts); it is reused next time"
}
