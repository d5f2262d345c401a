# The C ceiling of `make bench` (bench/c-responder): built with gcc into bench/bin, run with the
# stack's dro.json on its own socket under STATE/c/api (or DRO_C_LISTEN), fronted by a second
# nginx rendered from the same site template (STATE/c/nginx).

c_responder_build() {
    local root=$1
    mkdir -p "$root/bench/bin"
    # shellcheck disable=SC2046 # pkg-config prints several flags
    gcc -O2 -Wall -Wextra -Werror -pthread -o "$root/bench/bin/c-responder" "$root"/bench/c-responder/*.c \
        $(pkg-config --cflags --libs fcgi libmariadb libcrypto) -lm || dro_die "the C responder does not build"
}

# c_responder_start STATE PORT ROOT: DRO_C_LISTEN is where the C responder listens, a unix socket
# path or host:port (default STATE/c/api/api.sock); its nginx's tenant upstream is that address
# alone, whatever DRO_API_UPSTREAMS says for the Swift stack's nginx.
c_responder_start() {
    local state=$1 port=$2 root=$3 dir="$1/c/api"
    local listen=${DRO_C_LISTEN:-$dir/api.sock}
    mkdir -p "$dir"
    if ! dro_live_pid "$dir/c-responder.pid" >/dev/null; then
        "$root/bench/bin/c-responder" --config "$state/dro.json" --listen "$listen" >>"$dir/c-responder.log" 2>&1 &
        echo $! >"$dir/c-responder.pid"
        if [[ $listen == *:* ]]; then
            dro_wait_for 10 bash -c "exec 3<>/dev/tcp/${listen%:*}/${listen##*:}" || dro_die "the C responder did not start; see $dir/c-responder.log"
        else
            dro_wait_for 10 test -S "$listen" || dro_die "the C responder did not start; see $dir/c-responder.log"
        fi
        dro_log "C responder is up on $listen (pid $(cat "$dir/c-responder.pid"))"
    fi
    DRO_API_UPSTREAMS=$listen DRO_OPERATOR_UPSTREAMS="" DRO_API_DOWN="" nginx_start "$state/c" "$port" 100 200 off "$root"
    dro_wait_for 10 curl -fsk "https://127.0.0.1:$port/v1/health" || dro_die "the C responder does not answer on $port"
}

c_responder_stop() {
    local state=$1
    nginx_stop "$state/c"
    dro_stop_pidfile "$state/c/api/c-responder.pid" c-responder 20
}
