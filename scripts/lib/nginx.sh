# A private nginx: TLS on a loopback port with a self-signed certificate, under STATE/nginx.

# nginx_render_site STATE LISTEN RATE BURST LIMIT(on|off) ROOT: renders nginx/dro-api.conf. The
# per-address zone allows 20x the per-token rate and burst (DRO_ADDRESS_RATE/DRO_ADDRESS_BURST);
# DRO_RATE_EXEMPT lists space-separated CIDRs exempt from it.
# The responders (space-separated; each a unix socket path or host:port):
#   DRO_API_UPSTREAMS       tenant responders (default STATE/api/api.sock, the single-node stack)
#   DRO_OPERATOR_UPSTREAMS  operator responders (default STATE/api/operator.sock)
#   DRO_API_DOWN            entries of either list rendered ` down` (as are those nginx_drain
#                           recorded in STATE/nginx/drained)
# The idle-connection cache: DRO_API_KEEPALIVE / DRO_OPERATOR_KEEPALIVE set N per worker (0: no
# cache), else nginx_default_keepalive picks it (none for unix sockets, 1 over TCP); refused above
# the keepalive rule of nginx/dro-api.conf, N = floor((threads - 1) / workers), from
# DRO_API_THREADS (default DRO_THREADS, else 8), DRO_OPERATOR_THREADS (2) and the worker count
# (nginx_workers). Everything resolved is kept in STATE/nginx/site.env, so nginx_drain and
# nginx_undrain re-render the same site later, from another shell.
nginx_render_site() {
    local state=$1 listen=$2 rate=$3 burst=$4 limit=$5 root=$6 dir="$1/nginx" limit_req="" exempt="" cidr
    local address_rate=${DRO_ADDRESS_RATE:-$((rate * 20))} address_burst=${DRO_ADDRESS_BURST:-$((burst * 20))}
    [ "$limit" = on ] && limit_req="limit_req zone=dro_per_token burst=$burst nodelay; limit_req zone=dro_per_address burst=$address_burst nodelay;"
    for cidr in ${DRO_RATE_EXEMPT:-}; do exempt+="$cidr 1; "; done
    local workers api_threads=${DRO_API_THREADS:-${DRO_THREADS:-8}} operator_threads=${DRO_OPERATOR_THREADS:-2}
    workers=$(nginx_workers)
    local api_keepalive operator_keepalive api_list=${DRO_API_UPSTREAMS:-$state/api/api.sock}
    local operator_list=${DRO_OPERATOR_UPSTREAMS:-$state/api/operator.sock}
    api_keepalive=$(nginx_keepalive "${DRO_API_KEEPALIVE:-}" "$(nginx_default_keepalive "$api_list")" "$api_threads" "$workers" dro_api) || exit 1
    operator_keepalive=$(nginx_keepalive "${DRO_OPERATOR_KEEPALIVE:-}" "$(nginx_default_keepalive "$operator_list")" "$operator_threads" "$workers" dro_operator) || exit 1
    mkdir -p "$dir"
    {
        printf 'template=%q\nlisten=%q\nrate=%q\nlimit_req=%q\naddress_rate=%q\nexempt=%q\n' \
            "$root/nginx/dro-api.conf" "$listen" "$rate" "$limit_req" "$address_rate" "$exempt"
        printf 'api_upstreams=%q\noperator_upstreams=%q\ndown=%q\napi_keepalive=%q\noperator_keepalive=%q\n' \
            "$api_list" "$operator_list" \
            "${DRO_API_DOWN:-}" "$api_keepalive" "$operator_keepalive"
    } >"$dir/site.env"
    nginx_write_site "$state"
}

# nginx_workers: nginx's worker_processes for the private nginx (DRO_NGINX_WORKERS, else the CPUs
# this process may run on, which is what `auto` means), written explicitly so that the keepalive
# rule is computed from the same number.
nginx_workers() {
    local workers=${DRO_NGINX_WORKERS:-$(nproc)}
    [[ $workers =~ ^[1-9][0-9]*$ ]] || dro_die "DRO_NGINX_WORKERS must be a positive number, not '$workers'"
    echo "$workers"
}

# nginx_default_keepalive LIST: the cache wanted when none is set: none for unix sockets (a
# connection costs next to nothing, and measured with 8 threads and 2 workers a cache of 3 per
# worker took GET p99 from 15 ms to about 1 s: kept connections are served at once while new ones
# wait in the backlog for a thread), one per worker when a responder is reached over TCP (saves
# the handshakes; p99 27 ms in the same measurement). nginx_keepalive still caps it by the rule.
nginx_default_keepalive() {
    local entry
    for entry in $1; do
        case $entry in /* | unix:*) ;; *) echo 1; return 0 ;; esac
    done
    echo 0
}

# nginx_keepalive WANTED DEFAULT THREADS WORKERS NAME: the idle connections each worker may cache
# for an upstream whose smallest responder runs THREADS threads: WANTED when given (refused above
# the rule's floor((THREADS - 1) / WORKERS)), else DEFAULT capped by the rule.
nginx_keepalive() {
    local wanted=$1 default=$2 threads=$3 workers=$4 name=$5 most
    [[ $threads =~ ^[1-9][0-9]*$ ]] || dro_die "$name: responder threads must be a positive number, not '$threads'"
    most=$(((threads - 1) / workers))
    [ -z "$wanted" ] && { echo $((default < most ? default : most)); return 0; }
    [[ $wanted =~ ^[0-9]+$ ]] || dro_die "$name: keepalive must be a number, not '$wanted'"
    ((wanted <= most)) || dro_die "$name: keepalive $wanted x $workers workers would pin all $threads threads of a responder with idle connections; at most $most (nginx/dro-api.conf, the keepalive rule)"
    echo "$wanted"
}

# nginx_server_lines LIST DOWN: the upstream's `server` lines for the entries of LIST (a unix
# socket path, unix:PATH or host:port), ` down` for those in DOWN.
nginx_server_lines() {
    local list=$1 down=" $2 " entry server lines=""
    for entry in $list; do
        case $entry in
        unix:/*) server=$entry ;;
        /*) server="unix:$entry" ;;
        *:*)
            [[ $entry =~ ^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}$ ]] || dro_die "not a host:port: '$entry'"
            server=$entry
            ;;
        *) dro_die "an upstream is a unix socket path (absolute) or host:port, not '$entry'" ;;
        esac
        if [[ $down == *" $entry "* ]]; then
            lines+="    server $server down;"$'\n'
        else
            lines+="    server $server max_fails=3 fail_timeout=10s;"$'\n'
        fi
    done
    [ -n "$lines" ] || dro_die "an upstream needs at least one responder"
    printf '%s' "${lines%$'\n'}"
}

# Escapes TEXT for the replacement side of a sed s||| command (newlines included).
nginx_sed_escape() {
    local text=$1
    text=${text//\\/\\\\}
    text=${text//&/\\&}
    text=${text//|/\\|}
    printf '%s' "${text//$'\n'/\\n}"
}

# nginx_write_site STATE: writes STATE/nginx/dro-api.conf from STATE/nginx/site.env and the
# entries in STATE/nginx/drained.
nginx_write_site() {
    local state=$1 dir="$1/nginx" template listen rate limit_req address_rate exempt
    local api_upstreams operator_upstreams down api_keepalive operator_keepalive
    [ -s "$dir/site.env" ] || dro_die "$dir/site.env is missing: nginx_start renders the site first"
    # shellcheck source=/dev/null
    . "$dir/site.env"
    [ -s "$dir/drained" ] && down+=" $(tr '\n' ' ' <"$dir/drained")"
    local api_servers operator_servers
    api_servers=$(nginx_server_lines "$api_upstreams" "$down") || exit 1
    operator_servers=$(nginx_server_lines "$operator_upstreams" "$down") || exit 1
    local api_cache="keepalive $api_keepalive;" api_keep=on operator_cache="keepalive $operator_keepalive;" operator_keep=on
    ((api_keepalive > 0)) || api_cache="# no idle-connection cache (the keepalive rule)" api_keep=off
    ((operator_keepalive > 0)) || operator_cache="# no idle-connection cache (the keepalive rule)" operator_keep=off
    sed -e "s|@@LISTEN@@|$listen|g" -e "s|@@CERT@@|$dir/tls/cert.pem|g" -e "s|@@KEY@@|$dir/tls/key.pem|g" \
        -e "s|^@@API_SERVERS@@$|$(nginx_sed_escape "$api_servers")|" \
        -e "s|^@@OPERATOR_SERVERS@@$|$(nginx_sed_escape "$operator_servers")|" \
        -e "s|@@API_KEEPALIVE@@|$api_cache|g" -e "s|@@OPERATOR_KEEPALIVE@@|$operator_cache|g" \
        -e "s|@@API_KEEP_CONN@@|$api_keep|g" -e "s|@@OPERATOR_KEEP_CONN@@|$operator_keep|g" \
        -e "s|@@RATE@@|$rate|g" -e "s|@@LIMIT_REQ@@|$limit_req|g" \
        -e "s|@@ADDRESS_RATE@@|$address_rate|g" -e "s|@@EXEMPT@@|$exempt|g" \
        "$template" >"$dir/dro-api.conf.new"
    mv "$dir/dro-api.conf.new" "$dir/dro-api.conf"
}

# nginx_children PID: the pids of PID's child processes (nginx's workers), sorted.
nginx_children() {
    local pid=$1 task children=""
    for task in /proc/"$pid"/task/*/children; do
        [ -r "$task" ] && children+=" $(cat "$task" 2>/dev/null)"
    done
    # shellcheck disable=SC2086 # one pid per word
    printf '%s\n' $children | sort -n
}

# nginx_reload STATE: tests the config, then reloads the running nginx (HUP to its master) and
# waits until it serves with new workers: new children present and every old worker gone (they
# finish their requests in flight and close their kept upstream connections first). Bounded by
# DRO_NGINX_RELOAD_TIMEOUT seconds (40: the longest request, 30 s, and a margin); fails after it.
nginx_reload() {
    local state=$1 dir="$1/nginx" master old now pid waited=0 timeout=${DRO_NGINX_RELOAD_TIMEOUT:-40}
    master=$(dro_live_pid "$dir/nginx.pid") || dro_die "nginx is not running under $dir"
    nginx -t -p "$dir" -c "$dir/nginx.conf" >/dev/null 2>&1 || nginx -t -p "$dir" -c "$dir/nginx.conf" || dro_die "nginx config test failed"
    old=$(nginx_children "$master")
    kill -HUP "$master"
    while :; do
        now=$(nginx_children "$master")
        local fresh=0 stale=0
        for pid in $now; do
            if grep -qx "$pid" <<<"$old"; then stale=1; else fresh=1; fi
        done
        ((fresh && !stale)) && return 0
        if ((waited >= timeout * 10)); then
            dro_log "nginx under $dir did not finish reloading in ${timeout}s (old workers: $(grep -xF "$old" <<<"$now" | tr '\n' ' '))"
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
}

# nginx_drain STATE ENTRY: stops sending requests to one responder (ENTRY as given in
# DRO_API_UPSTREAMS or DRO_OPERATOR_UPSTREAMS): records it in STATE/nginx/drained, re-renders the
# site with its server ` down` and reloads a running nginx (nginx_reload: when it returns, no
# worker holds a request or a kept connection to it, and the responder may be stopped). Refuses
# to drain the last responder of an upstream.
nginx_drain() {
    local state=$1 entry=$2 dir="$1/nginx" list live candidate
    local template listen rate limit_req address_rate exempt api_upstreams operator_upstreams down api_keepalive operator_keepalive
    [ -s "$dir/site.env" ] || dro_die "$dir/site.env is missing: nginx_start renders the site first"
    # shellcheck source=/dev/null
    . "$dir/site.env"
    [[ " $api_upstreams $operator_upstreams " == *" $entry "* ]] || dro_die "'$entry' is not an upstream of $dir/dro-api.conf"
    [ -s "$dir/drained" ] && down+=" $(tr '\n' ' ' <"$dir/drained")"
    for list in "$api_upstreams" "$operator_upstreams"; do
        [[ " $list " == *" $entry "* ]] || continue
        live=0
        for candidate in $list; do
            [ "$candidate" = "$entry" ] || [[ " $down " == *" $candidate "* ]] || live=$((live + 1))
        done
        ((live > 0)) || dro_die "'$entry' is the last live responder of its upstream; draining it would answer every request 502"
    done
    grep -qxF "$entry" "$dir/drained" 2>/dev/null || echo "$entry" >>"$dir/drained"
    nginx_write_site "$state"
    if dro_live_pid "$dir/nginx.pid" >/dev/null; then nginx_reload "$state" || return 1; fi
    dro_log "drained $entry"
}

# nginx_undrain STATE ENTRY: sends requests to a drained responder again (re-render, reload).
nginx_undrain() {
    local state=$1 entry=$2 dir="$1/nginx"
    if [ -s "$dir/drained" ]; then
        grep -vxF "$entry" "$dir/drained" >"$dir/drained.new" || true
        mv "$dir/drained.new" "$dir/drained"
    fi
    nginx_write_site "$state"
    local down=""
    # shellcheck source=/dev/null
    down=$(. "$dir/site.env" && echo "$down")
    [[ " $down " != *" $entry "* ]] || dro_log "$entry stays down: it was rendered with DRO_API_DOWN"
    if dro_live_pid "$dir/nginx.pid" >/dev/null; then nginx_reload "$state" || return 1; fi
    dro_log "undrained $entry"
}

# nginx_configure STATE PORT RATE BURST LIMIT(on|off) ROOT: writes STATE/nginx (certificate,
# site, nginx.conf) without starting anything; `nginx -t -p STATE/nginx -c STATE/nginx/nginx.conf`
# checks it.
nginx_configure() {
    local state=$1 port=$2 rate=$3 burst=$4 limit=$5 root=$6 dir="$1/nginx"
    mkdir -p "$dir/tls" "$dir/logs" "$dir/tmp"
    if [ ! -s "$dir/tls/cert.pem" ]; then
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
            -subj "/CN=localhost" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
            -keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" >/dev/null 2>&1 || dro_die "openssl could not make a certificate"
        chmod 600 "$dir/tls/key.pem"
    fi
    cp /etc/nginx/fastcgi_params "$dir/fastcgi_params"
    nginx_render_site "$state" "127.0.0.1:$port" "$rate" "$burst" "$limit" "$root"
    # The dev/test stack runs its workers as the invoking user (root here) so they can reach
    # the socket under the checkout; production uses the distribution's nginx.conf and user.
    cat >"$dir/nginx.conf" <<CONF
user $(id -un);
worker_processes $(nginx_workers);
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    access_log $dir/logs/access.log;
    client_body_temp_path $dir/tmp/body;
    fastcgi_temp_path $dir/tmp/fastcgi;
    proxy_temp_path $dir/tmp/proxy;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    keepalive_requests 100000;
    include $dir/dro-api.conf;
}
CONF
}

# nginx_start STATE PORT RATE BURST LIMIT(on|off) ROOT: configures, then starts nginx, or reloads
# it when it runs.
nginx_start() {
    local state=$1 port=$2 dir="$1/nginx"
    nginx_configure "$@"
    if dro_live_pid "$dir/nginx.pid" >/dev/null; then
        nginx_reload "$state" || dro_die "nginx under $dir did not reload"
        return 0
    fi
    nginx -t -p "$dir" -c "$dir/nginx.conf" >/dev/null 2>&1 || nginx -t -p "$dir" -c "$dir/nginx.conf" || dro_die "nginx config test failed"
    nginx -p "$dir" -c "$dir/nginx.conf"
    dro_wait_for 10 test -s "$dir/nginx.pid" || dro_die "nginx did not start; see $dir/logs/error.log"
    dro_log "nginx is up on https://127.0.0.1:$port (pid $(cat "$dir/nginx.pid"))"
}

nginx_stop() { dro_stop_pidfile "$1/nginx/nginx.pid" nginx 20; }
