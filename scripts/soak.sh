#!/usr/bin/env bash
# `make soak DURATION=30m`: starts the scale-out stack (scripts/cluster.sh) fresh and runs
# Tests/cluster/soak.py for DURATION (seconds, or with an m suffix: minutes; default 30m): 20
# tenants' mixed traffic through both API nodes with random faults, checked every minute, and a
# report at the end. Everything it started is stopped by pid on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"
. "$ROOT/scripts/lib/cluster.sh"
export DRO_CLUSTER_PORT=${DRO_CLUSTER_PORT:-19000}
. "$ROOT/scripts/lib/cluster-test-env.sh"

duration=${1:-30m}
case $duration in
*m) seconds=$((${duration%m} * 60)) ;;
*s) seconds=${duration%s} ;;
*) seconds=$duration ;;
esac
[[ $seconds =~ ^[0-9]+$ ]] && ((seconds >= 60)) || dro_die "DURATION must be at least 60 seconds (e.g. 3m, 30m, 600)"

STATE=${DRO_SOAK_STATE:-$ROOT/.run/cluster-soak}
export DRO_DOCKER_POOL=10.217.0.0/16
dro_ensure_packages python3 python3-pytest python3-requests
cluster_stop() { "$ROOT/scripts/cluster.sh" down "$1"; }
dro_fresh_stack "$STATE" cluster_stop
"$ROOT/scripts/cluster.sh" up "$STATE"
DRO_TEST_STATE=$STATE DRO_TEST_BASE_URL="$(cluster_url)" DRO_TEST_CA="$STATE/nginx/tls/cert.pem" \
    timeout $((seconds + 900)) python3 "$ROOT/Tests/cluster/soak.py" "$seconds"
