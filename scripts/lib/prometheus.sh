# Prometheus, node_exporter, mtail and blackbox_exporter beside a stack (Debian's packages), on
# loopback only, with private data under STATE/<name>, stopped by pid. node_exporter runs only its
# textfile collector, on the directory the stack's reconciler runs write to; mtail runs
# deploy/prometheus/nginx-status.mtail on the stack's nginx access log; blackbox_exporter probes
# GET /v1/health through nginx's public port with the stack's CA. Prometheus scrapes them and the
# responders' metrics addresses and evaluates deploy/prometheus/rules/dro.yml.
#
# Loopback ports next to nginx's DRO_PORT: the tenant responder's metrics +1, the operator
# responder's +2, Prometheus +3, node_exporter +4, mtail +5, blackbox_exporter +6.
# DRO_ALERT_SCALE (1) scales the rules' windows for tests; DRO_SCRAPE_INTERVAL (15s) is also the
# evaluation interval.

PROMETHEUS_PACKAGES=(prometheus prometheus-node-exporter mtail prometheus-blackbox-exporter iproute2 curl)

# metrics_port BASE tenant|operator|prometheus|node|mtail|blackbox
metrics_port() {
    local base=$1
    case "$2" in
        tenant) echo $((base + 1)) ;;
        operator) echo $((base + 2)) ;;
        prometheus) echo $((base + 3)) ;;
        node) echo $((base + 4)) ;;
        mtail) echo $((base + 5)) ;;
        blackbox) echo $((base + 6)) ;;
    esac
}

# Installs the packages without letting their postinst start the system services (those listen on
# every address), then stops any that an earlier install started.
prometheus_ensure_packages() {
    local policy=/usr/sbin/policy-rc.d
    if [ -e "$policy" ]; then
        dro_ensure_packages "${PROMETHEUS_PACKAGES[@]}"
    else
        # policy-rc.d exiting 101 tells invoke-rc.d not to start anything during the install.
        (
            trap 'rm -f "$policy"' EXIT
            printf '#!/bin/sh\nexit 101\n' >"$policy"
            chmod 755 "$policy"
            dro_ensure_packages "${PROMETHEUS_PACKAGES[@]}"
        )
    fi
    prometheus_stop_system_services
}

# The packages' own daemons: disabled and stopped through the init system there is, then, should
# one still run (no init system here, or started by hand), stopped by the pid that listens on the
# package's public port with the package's binary.
prometheus_stop_system_services() {
    local service binary port pid
    for service in prometheus:/usr/bin/prometheus:9090 prometheus-node-exporter:/usr/bin/prometheus-node-exporter:9100 \
        mtail:/usr/bin/mtail:3903 prometheus-blackbox-exporter:/usr/bin/prometheus-blackbox-exporter:9115; do
        IFS=: read -r service binary port <<<"$service"
        if [ -d /run/systemd/system ]; then
            systemctl disable --now "$service" >/dev/null 2>&1 || true
        elif [ -x "/etc/init.d/$service" ]; then
            "/etc/init.d/$service" stop >/dev/null 2>&1 || true
            update-rc.d "$service" disable >/dev/null 2>&1 || true
        fi
        for pid in $(ss -Hltnp "sport = :$port" 2>/dev/null | grep -oE 'pid=[0-9]+' | cut -d= -f2 | sort -u); do
            [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$binary" ] || continue
            dro_log "stopping the system's $service (pid $pid, port $port)"
            kill -TERM "$pid" 2>/dev/null || true
            dro_wait_for 10 bash -c "! kill -0 $pid" || kill -KILL "$pid" 2>/dev/null || true
        done
    done
}

# node_exporter_start STATE PORT
node_exporter_start() {
    local state=$1 port=$2 dir="$1/node-exporter"
    mkdir -p "$(metrics_textfile_dir "$state")"
    if dro_live_pid "$dir/node-exporter.pid" >/dev/null; then return 0; fi
    prometheus-node-exporter --collector.disable-defaults --collector.textfile \
        --collector.textfile.directory="$(metrics_textfile_dir "$state")" \
        --web.listen-address="127.0.0.1:$port" >>"$dir/node-exporter.log" 2>&1 &
    echo $! >"$dir/node-exporter.pid"
    dro_wait_for 20 curl -fs "http://127.0.0.1:$port/metrics" || dro_die "node_exporter did not start; see $dir/node-exporter.log"
    dro_log "node_exporter is up on http://127.0.0.1:$port (pid $(cat "$dir/node-exporter.pid"), textfiles in $(metrics_textfile_dir "$state"))"
}

node_exporter_stop() { dro_stop_pidfile "$1/node-exporter/node-exporter.pid" node_exporter 20; }

# mtail_start STATE PORT ROOT: nginx's responses by status, from the stack's access log.
mtail_start() {
    local state=$1 port=$2 root=$3 dir="$1/mtail" log="$1/nginx/logs/access.log"
    mkdir -p "$dir" "$(dirname "$log")"
    if dro_live_pid "$dir/mtail.pid" >/dev/null; then return 0; fi
    # The log must exist when mtail starts: in polling mode it only follows files found then.
    touch "$log"
    mtail --progs "$root/deploy/prometheus/nginx-status.mtail" --logs "$log" --address 127.0.0.1 --port "$port" \
        --logtostderr >>"$dir/mtail.log" 2>&1 &
    echo $! >"$dir/mtail.pid"
    dro_wait_for 20 curl -fs "http://127.0.0.1:$port/metrics" || dro_die "mtail did not start; see $dir/mtail.log"
    dro_log "mtail is up on http://127.0.0.1:$port (pid $(cat "$dir/mtail.pid"), reading $log)"
}

mtail_stop() { dro_stop_pidfile "$1/mtail/mtail.pid" mtail 20; }

# blackbox_start STATE PORT: its http_2xx module trusts the stack's CA (the target is set by
# Prometheus' dro-health job).
blackbox_start() {
    local state=$1 port=$2 dir="$1/blackbox"
    mkdir -p "$dir"
    if dro_live_pid "$dir/blackbox.pid" >/dev/null; then return 0; fi
    cat >"$dir/blackbox.yml" <<YAML
# Rendered by scripts/lib/prometheus.sh for the stack under $state.
modules:
  http_2xx:
    prober: http
    timeout: 5s
    http:
      method: GET
      valid_status_codes: [200]
      preferred_ip_protocol: ip4
      tls_config:
        ca_file: $state/nginx/tls/cert.pem
YAML
    prometheus-blackbox-exporter --config.file="$dir/blackbox.yml" --web.listen-address="127.0.0.1:$port" >>"$dir/blackbox.log" 2>&1 &
    echo $! >"$dir/blackbox.pid"
    dro_wait_for 20 curl -fs "http://127.0.0.1:$port/metrics" || dro_die "blackbox_exporter did not start; see $dir/blackbox.log"
    dro_log "blackbox_exporter is up on http://127.0.0.1:$port (pid $(cat "$dir/blackbox.pid"))"
}

blackbox_stop() { dro_stop_pidfile "$1/blackbox/blackbox.pid" blackbox_exporter 20; }

# exporters_start STATE BASE_PORT ROOT / exporters_stop STATE: node_exporter, mtail and blackbox_exporter.
exporters_start() {
    node_exporter_start "$1" "$(metrics_port "$2" node)"
    mtail_start "$1" "$(metrics_port "$2" mtail)" "$3"
    blackbox_start "$1" "$(metrics_port "$2" blackbox)"
}

exporters_stop() {
    blackbox_stop "$1"
    mtail_stop "$1"
    node_exporter_stop "$1"
}

# prometheus_render STATE BASE_PORT ROOT: STATE/prometheus/prometheus.yml and the scaled rules.
prometheus_render() {
    local state=$1 base=$2 root=$3 dir="$1/prometheus" interval=${DRO_SCRAPE_INTERVAL:-15s}
    mkdir -p "$dir/rules"
    python3 "$root/scripts/prometheus-scale-rules.py" "$root/deploy/prometheus/rules/dro.yml" "$dir/rules/dro.yml" "${DRO_ALERT_SCALE:-1}"
    cat >"$dir/prometheus.yml" <<YAML
# Rendered by scripts/lib/prometheus.sh for the stack under $state.
global:
  scrape_interval: $interval
  evaluation_interval: $interval
rule_files:
  - rules/dro.yml
scrape_configs:
  - job_name: dro-api
    static_configs:
      - targets: ["127.0.0.1:$(metrics_port "$base" tenant)"]
  - job_name: dro-api-operator
    static_configs:
      - targets: ["127.0.0.1:$(metrics_port "$base" operator)"]
  - job_name: dro-node
    static_configs:
      - targets: ["127.0.0.1:$(metrics_port "$base" node)"]
  - job_name: dro-nginx
    static_configs:
      - targets: ["127.0.0.1:$(metrics_port "$base" mtail)"]
  - job_name: dro-health
    metrics_path: /probe
    params:
      module: [http_2xx]
    static_configs:
      - targets: ["https://127.0.0.1:$base/v1/health"]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: 127.0.0.1:$(metrics_port "$base" blackbox)
YAML
}

# prometheus_start STATE BASE_PORT ROOT
prometheus_start() {
    local state=$1 base=$2 root=$3 dir="$1/prometheus" port pid
    port=$(metrics_port "$base" prometheus)
    prometheus_render "$state" "$base" "$root"
    promtool check config "$dir/prometheus.yml" >"$dir/promtool.log" 2>&1 || dro_die "promtool refuses $dir/prometheus.yml; see $dir/promtool.log"
    if pid=$(dro_live_pid "$dir/prometheus.pid"); then
        kill -HUP "$pid"
        return 0
    fi
    mkdir -p "$dir/data"
    prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
        --web.listen-address="127.0.0.1:$port" >>"$dir/prometheus.log" 2>&1 &
    echo $! >"$dir/prometheus.pid"
    dro_wait_for 60 curl -fs "http://127.0.0.1:$port/-/ready" || dro_die "Prometheus did not start; see $dir/prometheus.log"
    # Where tests and operators find it without knowing the stack's port.
    echo "http://127.0.0.1:$port" >"$dir/url"
    dro_log "Prometheus is up on http://127.0.0.1:$port (pid $(cat "$dir/prometheus.pid"))"
}

prometheus_stop() { dro_stop_pidfile "$1/prometheus/prometheus.pid" Prometheus 30; }
