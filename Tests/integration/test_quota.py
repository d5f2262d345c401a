"""Quota refusals: 403 quota_exceeded with a detail naming dimension, scope,
requested, in_use and cap, for every dimension and both scopes; the most restrictive scope
wins; a capped dimension needs an explicit limit; no allocation means cap 0 on `*`."""
import pytest

from conftest import assert_error, make_tenant

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


@pytest.mark.parametrize("which", ["*", "region"])
@pytest.mark.parametrize("cap,field", [(("--cpu", "4"), "cpu_limit"), (("--memory", "1g"), "mem_limit")])
def test_a_capped_dimension_needs_an_explicit_limit(tenant_factory, region, which, cap, field):
    tenant = tenant_factory(scope=scope_name(which, region), caps=cap)
    before = tenant.footprint()
    assert_error(tenant.create(), 400, "validation_error", field=field)
    assert tenant.footprint() == before
    # An uncapped dimension stays optional.
    other = {"cpu_limit": {"mem_limit": "64m"}, "mem_limit": {"cpu_limit": 0.5}}[field]
    assert_error(tenant.create(**other), 400, "validation_error", field=field)
    tenant.created(**{"cpu_limit": 0.5, "mem_limit": "64m"})


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
