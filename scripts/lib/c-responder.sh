# The C ceiling of `make bench` (bench/c-responder): built with gcc into bench/bin, run with the
# stack's dro.json on its own socket under STATE/c/api, fronted by a second nginx rendered from
# the same site template (STATE/c/nginx).

c_responder_build() {
    local root=$1
    mkdir -p "$root/bench/bin"
    # shellcheck disable=SC2046 # pkg-config prints several flags
    gcc -O2 -Wall -Wextra -Werror -pthread -o "$root/bench/bin/c-responder" "$root"/bench/c-responder/*.c \
        $(pkg-config --cflags --libs fcgi libmariadb libcrypto) -lm || dro_die "the C responder does not build"
}

# c_responder_start STATE PORT ROOT
c_responder_start() {
    local state=$1 port=$2 root=$3 dir="$1/c/api"
    mkdir -p "$dir"
    if ! dro_live_pid "$dir/c-responder.pid" >/dev/null; then
        "$root/bench/bin/c-responder" --config "$state/dro.json" --socket "$dir/api.sock" >>"$dir/c-responder.log" 2>&1 &
        echo $! >"$dir/c-responder.pid"
        dro_wait_for 10 test -S "$dir/api.sock" || dro_die "the C responder did not start; see $dir/c-responder.log"
        dro_log "C responder is up on $dir/api.sock (pid $(cat "$dir/c-responder.pid"))"
    fi
    nginx_start "$state/c" "$port" 100 200 off "$root"
    dro_wait_for 10 curl -fsk "https://127.0.0.1:$port/v1/health" || dro_die "the C responder does not answer on $port"
}

c_responder_stop() {
    local state=$1
    nginx_stop "$state/c"
    dro_stop_pidfile "$state/c/api/c-responder.pid" c-responder 20
}
