#!/usr/bin/env bash
# The OpenAPI contract against the running test stack: validates both documents, then runs
# schemathesis (pinned, in a venv under .build-venv/) against the tenant and the operator API
# with a tenant and an operator token of its own. It runs last (it leaves random tenants, regions
# and hosts behind) and first limits the stack's registries to the loopback stub, so nothing it
# creates can make dockerd pull from elsewhere (no reconciler serves its host either).
# Usage: scripts/openapi-check.sh STATE BASE_URL
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"
STATE=${1:?usage: $0 STATE BASE_URL}
BASE=${2:?usage: $0 STATE BASE_URL}
VENV=$ROOT/.build-venv
SCHEMATHESIS_VERSION=4.32.5
VALIDATOR_VERSION=0.9.0
EXAMPLES=${DRO_SCHEMATHESIS_EXAMPLES:-25}

if [ ! -x "$VENV/bin/schemathesis" ] || ! "$VENV/bin/pip" show schemathesis 2>/dev/null | grep -q "^Version: $SCHEMATHESIS_VERSION$"; then
    dro_log "installing schemathesis $SCHEMATHESIS_VERSION and openapi-spec-validator $VALIDATOR_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION" "openapi-spec-validator==$VALIDATOR_VERSION"
fi
"$VENV/bin/openapi-spec-validator" "$ROOT/openapi/tenant.json" "$ROOT/openapi/operator.json"

# Registries: the loopback stub only, for the rest of this stack's life.
python3 - "$STATE/dro.json" "${DRO_TEST_REGISTRY:?}" <<'PY'
import json, sys
path, stub = sys.argv[1], sys.argv[2]
config = json.load(open(path))
config["api"]["allowed_registries"] = [stub]
json.dump(config, open(path, "w"), indent=2)
PY
"$ROOT/scripts/stack.sh" api-stop "$STATE" >/dev/null
"$ROOT/scripts/stack.sh" api-start "$STATE" >/dev/null

admin() { "$ROOT/scripts/stack.sh" admin "$STATE" "$@"; }
suffix=$(openssl rand -hex 4)
admin host add "contract-$suffix" --region "contract-$suffix" >/dev/null
tenant=$(admin tenant create "contract-$suffix" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
admin quota set "$tenant" --scope '*' --containers 50 --cpu 16 --memory 16g >/dev/null
tenant_token=$(admin token create "$tenant" --name contract | tail -n 1)
operator_token=$(admin operator-token create "contract-$suffix" | tail -n 1)
# One container of its own so that the routes under /v1/containers/{id} reach their logic (its image
# names the loopback stub; no reconciler serves the host, so nothing is ever pulled).
container=$(curl -sf --cacert "$STATE/nginx/tls/cert.pem" -H "Authorization: Bearer $tenant_token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"contract\",\"image\":\"$DRO_TEST_REGISTRY/contract:latest\",\"host_key\":\"contract-$suffix\"}" \
    "$BASE/v1/containers" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
printf '[parameters]\n"path.id" = "%s"\n' "$container" >"$STATE/schemathesis-tenant.toml"
printf '[parameters]\n"path.id" = "%s"\n"path.key" = "contract-%s"\n' "$tenant" "$suffix" >"$STATE/schemathesis-operator.toml"

run() {
    local document=$1 token=$2
    # Under the stack's per-token and per-address rates (50/s in the test stack).
    "$VENV/bin/schemathesis" --no-color --config-file "$STATE/schemathesis-$document.toml" run "$ROOT/openapi/$document.json" --rate-limit 1200/m --url "$BASE" --tls-verify "$STATE/nginx/tls/cert.pem" \
        -H "Authorization: Bearer $token" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
        --max-examples "$EXAMPLES" --seed 1042 --request-timeout 30
}
status=0
run tenant "$tenant_token" || status=1
run operator "$operator_token" || status=1
exit "$status"
