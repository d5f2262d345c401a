"""Quota refusals: 403 quota_exceeded with a detail naming dimension, scope,
requested, in_use and cap, for every dimension and both scopes; the most restrictive scope
wins; absent limits get the platform defaults (with the defaults off, a capped dimension needs an
explicit limit); no allocation means cap 0 on `*`."""
import pytest

from conftest import assert_error, make_tenant
from side_responder import SideResponder

MIB = 1024 * 1024

# dimension: (caps, fields of the create that fills it, fields of the refused create, requested, in_use, cap)
DIMENSIONS = {
    "containers": (("--containers", "2"), [{}, {}], {}, 1, 2, 2),
    "cpu": (("--cpu", "1"), [{"cpu_limit": 0.75}], {"cpu_limit": 0.5}, 0.5, 0.75, 1),
    "memory": (("--memory", "64m"), [{"mem_limit": "48m"}], {"mem_limit": "32m"}, 32 * MIB, 48 * MIB, 64 * MIB),
}


def scope_name(which, region):
    return "*" if which == "*" else region["region"]


def assert_quota_refusal(response, dimension, scope, requested, in_use, cap):
    body = assert_error(response, 403, "quota_exceeded")
    assert body["detail"] == {"dimension": dimension, "scope": scope, "requested": requested, "in_use": in_use, "cap": cap}
    return body


@pytest.mark.parametrize("which", ["*", "region"])
@pytest.mark.parametrize("dimension", sorted(DIMENSIONS))
def test_each_dimension_and_scope_refuses_with_detail(tenant_factory, region, dimension, which):
    caps, fills, refused, requested, in_use, cap = DIMENSIONS[dimension]
    scope = scope_name(which, region)
    tenant = tenant_factory(scope=scope, caps=caps)
    for fields in fills:
        tenant.created(**fields)
    before = tenant.footprint()
    assert_quota_refusal(tenant.create(**refused), dimension, scope, requested, in_use, cap)
    assert tenant.footprint() == before
    # What the tenant sees of its quota agrees.
    (allocation,) = tenant.get("/v1/quota").json()["allocations"]
    assert allocation["scope"] == scope
    assert allocation["used_containers"] == len(fills)


def test_the_tenant_wide_scope_wins_when_it_is_tighter(tenant_factory, region):
    tenant = tenant_factory(scope=region["region"], caps=("--containers", "5"))
    tenant.quota("--scope", "*", "--containers", "1")
    tenant.created()
    assert_quota_refusal(tenant.create(), "containers", "*", 1, 1, 1)


def test_the_region_scope_wins_when_it_is_tighter(tenant_factory, region):
    tenant = tenant_factory(scope=region["region"], caps=("--containers", "1"))
    tenant.quota("--scope", "*", "--containers", "5")
    tenant.created()
    assert_quota_refusal(tenant.create(), "containers", region["region"], 1, 1, 1)


def test_tenant_wide_usage_counts_every_region(stack, tenant_factory, region, region_factory):
    other = region_factory()
    tenant = tenant_factory(scope=region["region"], caps=("--cpu", "none"))
    tenant.quota("--scope", other["region"], "--cpu", "none")
    tenant.quota("--scope", "*", "--cpu", "1")
    tenant.created(cpu_limit=0.75)
    refused = tenant.create(cpu_limit=0.5, host_key=other["hosts"][0])
    assert_quota_refusal(refused, "cpu", "*", 0.5, 0.75, 1)
    tenant.created(cpu_limit=0.25, host_key=other["hosts"][0])
    assert tenant.allocation("*")["used_cpu_millis"] == 1000
    assert tenant.allocation(region["region"])["used_cpu_millis"] == 750
    assert tenant.allocation(other["region"])["used_cpu_millis"] == 250


def test_absent_limits_get_the_platform_defaults_shown_stored_and_charged(tenant_factory, region):
    """The test stack ships the defaults: 1 vCPU and 512m."""
    tenant = tenant_factory(caps=("--cpu", "4", "--memory", "1536m"))
    body = tenant.created()
    assert (body["cpu_limit"], body["mem_limit"], body["mem_limit_bytes"]) == (1, "512m", 512 << 20)
    assert tenant.get(f"/v1/containers/{body['id']}").json() == body
    assert tenant.allocation()["used_cpu_millis"] == 1000 and tenant.allocation()["used_mem_bytes"] == 512 << 20
    row = tenant.container_row(body["id"])
    assert (int(row["cpu_millis"]), int(row["mem_bytes"])) == (1000, 512 << 20)
    # Hashed like the same values given explicitly: the same spec hash.
    explicit = tenant.created(cpu_limit=1, mem_limit="512m")
    assert tenant.container_row(explicit["id"])["spec_hash"] == row["spec_hash"]
    # A given limit is kept, and a default counts against the cap like an explicit one.
    assert tenant.created(cpu_limit=0.5)["mem_limit"] == "512m"
    assert_quota_refusal(tenant.create(cpu_limit=0.25), "memory", "*", 512 * MIB, 1536 * MIB, 1536 * MIB)


@pytest.fixture
def defaults_off(stack, tmp_path):
    """A responder of the stack's build whose platform defaults are turned off (null)."""
    def change(config):
        config["api"]["default_cpu_limit"] = None
        config["api"]["default_mem_limit"] = None
    responder = SideResponder(stack, tmp_path, change=change)
    yield responder
    responder.stop()


@pytest.mark.parametrize("which", ["*", "region"])
@pytest.mark.parametrize("cap,field", [(("--cpu", "4"), "cpu_limit"), (("--memory", "1g"), "mem_limit")])
def test_with_defaults_off_a_capped_dimension_needs_an_explicit_limit(tenant_factory, region, defaults_off, which, cap, field):
    tenant = tenant_factory(scope=scope_name(which, region), caps=cap)
    before = tenant.footprint()
    create = lambda **fields: defaults_off.request("POST", "/v1/containers", tenant.token, tenant.body(**fields))
    status, body = create()
    assert (status, body["error"], body["detail"]["field"]) == (400, "validation_error", field)
    assert tenant.footprint() == before
    # An uncapped dimension stays optional.
    other = {"cpu_limit": {"mem_limit": "64m"}, "mem_limit": {"cpu_limit": 0.5}}[field]
    status, body = create(**other)
    assert (status, body["detail"]["field"]) == (400, field)
    status, body = create(cpu_limit=0.5, mem_limit="64m")
    assert status == 201, body
    status, body = create(**{field: {"cpu_limit": 0.5, "mem_limit": "64m"}[field]})
    assert status == 201 and body[{"cpu_limit": "mem_limit", "mem_limit": "cpu_limit"}[field]] is None, body


def test_tenant_without_allocation_is_refused_on_star_with_cap_zero(stack, region):
    tenant = make_tenant(stack, region, scope=None)
    before = tenant.footprint()
    assert_quota_refusal(tenant.create(), "containers", "*", 1, 0, 0)
    assert_quota_refusal(tenant.create(cpu_limit=1, mem_limit="1g"), "containers", "*", 1, 0, 0)
    assert tenant.footprint() == before
    assert tenant.get("/v1/quota").json() == {"allocations": []}


def test_quota_route_reports_caps_and_usage_per_scope(tenant_factory, region):
    tenant = tenant_factory(scope=region["region"], caps=("--containers", "5", "--cpu", "2.5", "--memory", "1g"))
    tenant.quota("--scope", "*", "--containers", "none", "--cpu", "none", "--memory", "4g")
    tenant.created(cpu_limit=0.25, mem_limit="64m")
    tenant.created(cpu_limit=1, mem_limit="256m")
    r = tenant.get("/v1/quota")
    assert r.status_code == 200
    assert r.json() == {"allocations": [
        {"scope": region["region"], "max_containers": 5, "max_cpu": 2.5, "max_mem_bytes": 1 << 30,
         "used_containers": 2, "used_cpu": 1.25, "used_mem_bytes": 320 << 20},
        {"scope": "*", "max_containers": None, "max_cpu": None, "max_mem_bytes": 4 << 30,
         "used_containers": 2, "used_cpu": 1.25, "used_mem_bytes": 320 << 20},
    ]}


def test_backfill_gives_older_rows_the_defaults_charged_and_reported(stack, tenant_factory, defaults_off):
    tenant = tenant_factory(caps=("--containers", "10"))
    bare = [defaults_off.request("POST", "/v1/containers", tenant.token, tenant.body())[1] for _ in range(2)]
    given = defaults_off.request("POST", "/v1/containers", tenant.token, tenant.body(cpu_limit=0.5, mem_limit="64m"))[1]
    assert all(b["cpu_limit"] is None and b["mem_limit"] is None for b in bare)
    hashes = {b["id"]: tenant.container_row(b["id"])["spec_hash"] for b in bare}
    before = tenant.footprint()

    dry = stack.admin("policy", "backfill-limits", "--dry-run")
    assert dry["dry_run"] and {b["id"] for b in bare} <= {c["id"] for c in dry["changed"]}
    assert tenant.footprint() == before, "a dry run changes nothing"

    report = stack.admin("policy", "backfill-limits")
    changed = {c["id"] for c in report["changed"]}
    assert {b["id"] for b in bare} <= changed and given["id"] not in changed
    mine = [q for q in report["quota"] if q["tenant_id"] == tenant.id]
    assert mine and all(not q["drift"] for q in mine), "the counters match the rows after the charge"
    for b in bare:
        view = tenant.get(f"/v1/containers/{b['id']}").json()
        assert (view["cpu_limit"], view["mem_limit"]) == (1, "512m")
        row = tenant.container_row(b["id"])
        assert row["spec_hash"] != hashes[b["id"]] and int(row["generation"]) == 2
        assert [j["state"] for j in tenant.jobs(b["id"])][-1] == "pending", "the reconciler applies it"
    allocation = tenant.allocation()
    assert allocation["used_cpu_millis"] == 2 * 1000 + 500 and allocation["used_mem_bytes"] == 2 * 512 * MIB + 64 * MIB
    assert stack.admin("policy", "backfill-limits")["changed"] == [], "nothing twice"
