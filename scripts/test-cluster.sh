#!/usr/bin/env bash
# `make test-cluster`: the scale-out stack of scripts/cluster.sh on this machine (three Galera
# nodes over TLS, two API nodes behind one nginx upstream, a reconciler per node, one private
# dockerd), then the cluster suites (Tests/cluster): races through both API nodes, and faults —
# a database node killed mid-burst, an API node drained and stopped under load, nginx reloaded
# under load, dockerd restarted during a drain, the reconciler killed during a pull. Everything it
# started is stopped by pid on exit. Uses the debug build `make test` made (builds it if missing).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"
. "$ROOT/scripts/lib/phases.sh"
. "$ROOT/scripts/lib/cluster.sh"
. "$ROOT/scripts/lib/cluster-test-env.sh"

STATE=${DRO_CLUSTER_STATE:-$ROOT/.run/cluster-test}
export DRO_DOCKER_POOL=10.216.0.0/16

dro_ensure_packages python3 python3-pytest python3-requests
phase "Debian packages"
cluster_stop() { "$ROOT/scripts/cluster.sh" down "$1"; }
dro_fresh_stack "$STATE" cluster_stop
"$ROOT/scripts/cluster.sh" up "$STATE"
phase "cluster up (build, 3 Galera nodes, 2 API nodes, nginx)"

status=0
DRO_TEST_STATE=$STATE DRO_TEST_BASE_URL="$(cluster_url)" DRO_TEST_CA="$STATE/nginx/tls/cert.pem" \
    timeout 1500 python3 -m pytest -q -p no:cacheprovider "$ROOT/Tests/cluster" "$@" || status=$?
phase "cluster suites (races, faults)"
print_phases "make test-cluster phase"
exit "$status"
