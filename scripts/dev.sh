#!/usr/bin/env bash
# `make run` / `make stop`: the whole stack on this machine, under .run/dev, on https://127.0.0.1:8443.
# Safe to run twice: what is running keeps running, and the demo data is created once.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"
STATE=$ROOT/.run/dev
export DRO_PORT=${DRO_PORT:-8443} DRO_BUILD=${DRO_BUILD:-release} DRO_DOCKER_POOL=${DRO_DOCKER_POOL:-10.208.0.0/14}

admin() { "$ROOT/scripts/stack.sh" admin "$STATE" "$@"; }

# The fixed demo data: tenant demo, region local, host local-1, a `*` allocation.
demo_data() {
    admin tenant create demo >/dev/null 2>&1 || true
    admin host add local-1 --region local >/dev/null
    if ! admin quota show demo --json | grep -q '"scope" : "\*"'; then
        admin quota set demo --scope '*' --containers 20 --cpu 8 --memory 16g >/dev/null
    fi
    # The demo token is kept (mode 600) so a second `make run` prints the same one.
    if [ ! -s "$STATE/demo-token" ]; then
        (umask 077 && admin token create demo --name demo | tail -n 1 >"$STATE/demo-token")
    fi
    # An operator token for the operator API under /v1/admin/ (what a hosting panel uses).
    if [ ! -s "$STATE/operator-token" ]; then
        (umask 077 && admin operator-token create dev-panel | tail -n 1 >"$STATE/operator-token")
    fi
}

case "${1:-up}" in
    up)
        "$ROOT/scripts/stack.sh" up "$STATE"
        demo_data
        "$ROOT/scripts/stack.sh" reconciler-start "$STATE" local-1
        "$ROOT/scripts/stack.sh" webhooks-start "$STATE"
        token=$(cat "$STATE/demo-token")
        operator_token=$(cat "$STATE/operator-token")
        cat <<TEXT

DRO Cloud is running on https://127.0.0.1:$DRO_PORT (self-signed certificate: $STATE/nginx/tls/cert.pem)

  export DRO_TOKEN=$token
  export DRO_CA=$STATE/nginx/tls/cert.pem

  curl --cacert \$DRO_CA https://127.0.0.1:$DRO_PORT/v1/health
  curl --cacert \$DRO_CA -H "Authorization: Bearer \$DRO_TOKEN" https://127.0.0.1:$DRO_PORT/v1/hosts
  curl --cacert \$DRO_CA -H "Authorization: Bearer \$DRO_TOKEN" -H 'Content-Type: application/json' \\
       -d '{"name":"hello","image":"busybox:latest","host_key":"local-1","command":["httpd","-f","-p","8080"],"ports":[8080],"cpu_limit":0.5,"mem_limit":"64m"}' \\
       https://127.0.0.1:$DRO_PORT/v1/containers
  curl --cacert \$DRO_CA -H "Authorization: Bearer \$DRO_TOKEN" https://127.0.0.1:$DRO_PORT/v1/containers

The operator API (what a hosting panel provisions with; see README "The operator API"):

  export DRO_OPERATOR_TOKEN=$operator_token
  curl --cacert \$DRO_CA -H "Authorization: Bearer \$DRO_OPERATOR_TOKEN" https://127.0.0.1:$DRO_PORT/v1/admin/tenants
  curl --cacert \$DRO_CA -H "Authorization: Bearer \$DRO_OPERATOR_TOKEN" https://127.0.0.1:$DRO_PORT/v1/admin/hosts

Operator CLI: scripts/stack.sh admin $STATE <command>   (e.g. quota show demo, tenant list, events)
Prometheus with the shipped alert rules: http://127.0.0.1:$((DRO_PORT + 3))/alerts (node_exporter reads the
reconciler's textfiles in $STATE/node-exporter/textfile, mtail nginx's access log, blackbox_exporter probes
/v1/health; see README "Hooking into an existing Prometheus")
Logs: $STATE/api/api.log, $STATE/api/operator.log, $STATE/nginx/logs/   Stop everything: make stop
TEXT
        ;;
    down) "$ROOT/scripts/stack.sh" down "$STATE" ;;
    *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
