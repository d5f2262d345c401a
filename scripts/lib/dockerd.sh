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

dockerd_stop() {
    local state=$1 run ns
    run=$(dockerd_runtime_dir "$state")
    dro_stop_pidfile "$state/docker/dockerd.pid" dockerd 60
    # dockerd can leave network namespace mounts behind; they keep the directory busy.
    for ns in "$run"/exec/netns/*; do
        [ -e "$ns" ] && umount "$ns" 2>/dev/null
    done
    rm -rf "$run" 2>/dev/null || dro_log "could not remove $run (busy mounts); it is reused next time"
}
