#!/usr/bin/env bash
# `make bench-reconcile`: dro-reconcile against raw `docker run -d` in one run, on a private stack
# (release build, private dockerd, rate limits off). Prints a table and writes
# bench/results/reconcile.json. Everything it started is stopped on exit.
#   BENCH_CREATES (200) creates timed from the API's 201 to Docker's start event
#   BENCH_DRAIN (200)   queued creates drained by one run, against docker run -d loops (serial, parallel)
#   BENCH_IDLE (500)    running managed containers under the idle sweep
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"
STATE=$ROOT/.run/bench-reconcile
export DRO_BUILD=release DRO_PORT=${BENCH_RECONCILE_PORT:-27443} DRO_RATE_LIMIT=off DRO_PRIVATE_DOCKERD=1 DRO_DOCKER_POOL=10.215.0.0/16 DRO_THREADS=4

dro_ensure_packages python3 python3-requests
dro_fresh_stack "$STATE"
"$ROOT/scripts/stack.sh" up "$STATE"
mkdir -p "$ROOT/bench/results"
/usr/bin/python3 "$ROOT/bench/reconcile/bench_reconcile.py" \
    --state "$STATE" --base-url "https://127.0.0.1:$DRO_PORT" --bin "$(cd "$ROOT" && swift build -c release --show-bin-path)" \
    --creates "${BENCH_CREATES:-200}" --drain "${BENCH_DRAIN:-200}" --idle "${BENCH_IDLE:-500}" \
    --out "$ROOT/bench/results/reconcile.json"
