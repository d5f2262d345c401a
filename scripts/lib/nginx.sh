# A private nginx: TLS on a loopback port with a self-signed certificate, under STATE/nginx.

# nginx_render_site STATE LISTEN RATE BURST LIMIT(on|off) ROOT: renders nginx/dro-api.conf. The
# per-address zone allows 20x the per-token rate and burst (DRO_ADDRESS_RATE/DRO_ADDRESS_BURST);
# DRO_RATE_EXEMPT lists space-separated CIDRs exempt from it.
nginx_render_site() {
    local state=$1 listen=$2 rate=$3 burst=$4 limit=$5 root=$6 dir="$1/nginx" limit_req="" exempt="" cidr
    local address_rate=${DRO_ADDRESS_RATE:-$((rate * 20))} address_burst=${DRO_ADDRESS_BURST:-$((burst * 20))}
    [ "$limit" = on ] && limit_req="limit_req zone=dro_per_token burst=$burst nodelay; limit_req zone=dro_per_address burst=$address_burst nodelay;"
    for cidr in ${DRO_RATE_EXEMPT:-}; do exempt+="$cidr 1; "; done
    sed -e "s|@@LISTEN@@|$listen|g" -e "s|@@CERT@@|$dir/tls/cert.pem|g" -e "s|@@KEY@@|$dir/tls/key.pem|g" \
        -e "s|@@API_SOCKET@@|$state/api/api.sock|g" -e "s|@@OPERATOR_SOCKET@@|$state/api/operator.sock|g" -e "s|@@RATE@@|$rate|g" -e "s|@@LIMIT_REQ@@|$limit_req|g" \
        -e "s|@@ADDRESS_RATE@@|$address_rate|g" -e "s|@@EXEMPT@@|$exempt|g" \
        "$root/nginx/dro-api.conf" >"$dir/dro-api.conf"
}

# nginx_start STATE PORT RATE BURST LIMIT(on|off) ROOT
nginx_start() {
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
worker_processes auto;
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
    if pid=$(dro_live_pid "$dir/nginx.pid"); then
        nginx -p "$dir" -c "$dir/nginx.conf" -s reload
        return 0
    fi
    nginx -t -p "$dir" -c "$dir/nginx.conf" >/dev/null 2>&1 || nginx -t -p "$dir" -c "$dir/nginx.conf" || dro_die "nginx config test failed"
    nginx -p "$dir" -c "$dir/nginx.conf"
    dro_wait_for 10 test -s "$dir/nginx.pid" || dro_die "nginx did not start; see $dir/logs/error.log"
    dro_log "nginx is up on https://127.0.0.1:$port (pid $(cat "$dir/nginx.pid"))"
}

nginx_stop() { dro_stop_pidfile "$1/nginx/nginx.pid" nginx 20; }
