#!/usr/bin/env bash
# `make test`: installs what it needs, builds, runs the unit tests, then starts a private stack
# (own state directory, sockets and port, independent of `make run`) and runs the integration
# suites against it over HTTPS. Everything it started is stopped by pid on exit, pass or fail.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"
. "$ROOT/scripts/lib/phases.sh"
. "$ROOT/scripts/lib/dockerd.sh"
. "$ROOT/scripts/lib/busybox-image.sh"
. "$ROOT/scripts/lib/previous-release.sh"

STATE=${DRO_TEST_STATE:-$ROOT/.run/test}
PORT=${DRO_TEST_PORT:-18443}
export DRO_BUILD=debug DRO_PORT=$PORT DRO_RATE=50 DRO_BURST=100 DRO_RATE_LIMIT=on DRO_THREADS=8
# The tests use a private dockerd, and short reconciler timings so backoff and sweeps are observable.
export DRO_PRIVATE_DOCKERD=1 DRO_DOCKER_POOL=10.212.0.0/15
# The registry stub the reconciler suites start on 127.0.0.1, allowed by name like any registry.
export DRO_TEST_REGISTRY=127.0.0.1:18555 DRO_ALLOWED_REGISTRIES='"docker.io", "127.0.0.1:18555"'
# Webhook receivers of the tests listen on 127.0.0.1 over plain http; backoff and the failing
# window are short so that retries and `failing` are observable.
export DRO_WEBHOOKS_JSON='"allowed_hosts": ["127.0.0.1"], "allowed_plain_http_hosts": ["127.0.0.1"], "backoff_initial_seconds": 1, "backoff_max_seconds": 4, "failing_after_hours": 0.003, "poll_interval_ms": 100'
# Prometheus scrapes every second and the alert rules' windows shrink to 1/20 (3 minutes: 9 s).
export DRO_ALERT_SCALE=0.05 DRO_SCRAPE_INTERVAL=1s
export DRO_RECONCILER_JSON='"backoff_initial_seconds": 2, "backoff_max_seconds": 16, "sweep_interval_seconds": 1, "log_capture_interval_seconds": 1, "stop_timeout_seconds": 2, "lease_seconds": 30, "pull_timeout_seconds": 3'

dro_ensure_packages pkg-config libfcgi-dev libmariadb-dev libssl-dev libcurl4-openssl-dev \
    mariadb-server mariadb-client nginx openssl curl python3 python3-pytest python3-requests python3-venv \
    docker.io busybox-static iptables php-cli php-curl phpunit

dro_require_swift
phase "Debian packages"
dro_fresh_stack "$STATE"
DOCKER_SOCKET=$(dockerd_start "$STATE")
dro_busybox_image "$DOCKER_SOCKET" dro-test/busybox:latest
phase "private dockerd and test image"
export DRO_TEST_DOCKER_SOCKET=$DOCKER_SOCKET DRO_TEST_IMAGE=dro-test/busybox:latest

dro_log "unit tests, and the Docker Engine client against dockerd at $DOCKER_SOCKET"
build_log=$(cd "$ROOT" && swift build --build-tests 2>&1) || { echo "$build_log" >&2; dro_die "the build failed"; }
if grep -E 'warning:' <<<"$build_log" >&2; then dro_die "the build has warnings"; fi
phase "build (debug, with tests)"
"$ROOT/scripts/check-seams.sh" || dro_die "a module seam is broken (see above)"
phase "module seams (imports, no traps on request paths)"
(cd "$ROOT" && swift test --skip-build 2>&1 | grep -E 'recorded an issue|^✘|Test run with|Executed')
phase "unit tests (Core, Docker Engine client)"

PREVIOUS_BIN=$(previous_release_build "$ROOT")
[ -x "$PREVIOUS_BIN/dro-reconcile" ] || dro_die "the previous release did not build"
phase "previous release build (schema compatibility)"

dro_log "integration tests against a private stack on https://127.0.0.1:$PORT"
"$ROOT/scripts/stack.sh" up "$STATE"
phase "test stack up"
"$ROOT/scripts/prometheus-check.sh" "$STATE"
phase "promtool: scrape config and alert rules"
status=0
DRO_TEST_PREVIOUS_BIN=$PREVIOUS_BIN DRO_TEST_STATE=$STATE DRO_TEST_BASE_URL="https://127.0.0.1:$PORT" DRO_TEST_CA="$STATE/nginx/tls/cert.pem" \
    /usr/bin/python3 -m pytest -q -p no:cacheprovider "$ROOT/Tests/integration" "$@" || status=$?
phase "integration suites"
# The PHP client and the WHMCS module against the same stack: an operator token of their own, and
# a region and fleet host whose reconciler runs they drive themselves (dro-reconcile --once).
dro_log "PHP client and WHMCS module suites (PHPUnit)"
php_run="php-$(date +%s)-$$"
php_status=0
if php_token=$("$ROOT/scripts/stack.sh" admin "$STATE" operator-token create "$php_run" | tail -1) \
    && "$ROOT/scripts/stack.sh" admin "$STATE" region create "$php_run" >/dev/null \
    && "$ROOT/scripts/stack.sh" admin "$STATE" host add "$php_run" --region "$php_run" >/dev/null \
    && php_bin=$(cd "$ROOT" && swift build -c debug --show-bin-path); then
    DRO_TEST_BASE_URL="https://127.0.0.1:$PORT" DRO_TEST_CA="$STATE/nginx/tls/cert.pem" DRO_TEST_STATE=$STATE \
    DRO_TEST_BIN_DIR=$php_bin DRO_TEST_OPERATOR_TOKEN=$php_token DRO_TEST_HOST=$php_run \
        timeout 300 phpunit -c "$ROOT/clients/php/phpunit.xml" || php_status=$?
else
    dro_log "error: could not prepare the PHP suites (operator token, region, host)"
    php_status=1
fi
[ "$php_status" -eq 0 ] || status=$php_status
phase "PHP suites (client, WHMCS module)"

# Last: it leaves random tenants, regions and hosts behind and limits the stack's registries.
dro_log "the OpenAPI contract: openapi-spec-validator and schemathesis against the stack"
"$ROOT/scripts/openapi-check.sh" "$STATE" "https://127.0.0.1:$PORT" || status=1
phase "OpenAPI contract (schemathesis)"
print_phases "make test phase"
exit "$status"
