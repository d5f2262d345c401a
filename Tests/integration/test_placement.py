"""Placement: unknown, disabled and not-permitted hosts get the same 400 on
host_key, byte for byte; a request above a host's reported capacity is a 400 on that field;
GET /v1/hosts lists exactly the hosts the tenant may place on."""
from conftest import assert_error, sql_literal, without_request_id

GIB = 1024 ** 3


def test_unknown_disabled_and_foreign_region_hosts_are_refused_identically(stack, tenant_factory, region_factory):
    home, elsewhere = region_factory(hosts=2), region_factory()
    usable, drained = home["hosts"]
    stack.admin("host", "disable", drained)
    tenant = tenant_factory(scope=home["region"], caps=("--containers", "10"), host=usable)
    before = tenant.footprint()
    refusals = [tenant.create("same-name", host_key=key) for key in ("no-such-host-" + usable, drained, elsewhere["hosts"][0])]
    for r in refusals:
        assert_error(r, 400, "validation_error", field="host_key")
    bodies = [without_request_id(r) for r in refusals]
    assert bodies[0] == bodies[1] == bodies[2]
    assert len({tuple(sorted(k.lower() for k in r.headers)) for r in refusals}) == 1
    assert tenant.footprint() == before
    # The permitted host works, with the same body otherwise.
    assert tenant.create("same-name", host_key=usable).status_code == 201


def test_star_only_tenant_may_use_any_region_but_no_disabled_host(stack, tenant_factory, region_factory):
    a, b = region_factory(), region_factory()
    tenant = tenant_factory()
    assert tenant.create(host_key=a["hosts"][0]).status_code == 201
    assert tenant.create(host_key=b["hosts"][0]).status_code == 201
    stack.admin("host", "disable", b["hosts"][0])
    assert_error(tenant.create(host_key=b["hosts"][0]), 400, "validation_error", field="host_key")


def test_requests_above_host_capacity_are_refused_on_the_field(stack, tenant_factory, region_factory):
    host = region_factory()["hosts"][0]
    stack.sql(f"UPDATE hosts SET cpu_count = 2, mem_bytes = {GIB} WHERE host_key = {sql_literal(host)}")
    tenant = tenant_factory(host=host)
    before = tenant.footprint()
    assert_error(tenant.create(cpu_limit=2.001), 400, "validation_error", field="cpu_limit")
    assert_error(tenant.create(cpu_limit=3), 400, "validation_error", field="cpu_limit")
    assert_error(tenant.create(mem_limit="2g"), 400, "validation_error", field="mem_limit")
    assert_error(tenant.create(mem_limit=str(GIB + 1)), 400, "validation_error", field="mem_limit")
    assert tenant.footprint() == before
    assert tenant.create(cpu_limit=2, mem_limit="1g").status_code == 201


def test_hosts_lists_only_where_the_tenant_may_place(stack, tenant_factory, region_factory):
    home, elsewhere = region_factory(hosts=2), region_factory()
    usable, drained = home["hosts"]
    stack.admin("host", "disable", drained)
    stack.sql(f"UPDATE hosts SET cpu_count = 8, mem_bytes = {16 * GIB} WHERE host_key = {sql_literal(usable)}")

    confined = tenant_factory(scope=home["region"], caps=("--containers", "10"), host=usable)
    r = confined.get("/v1/hosts")
    assert r.status_code == 200
    assert r.json() == {"hosts": [{"host_key": usable, "region": home["region"], "cpu_count": 8, "mem_bytes": 16 * GIB,
                                   "public_address": None}]}

    anywhere = tenant_factory()
    listed = {h["host_key"]: h for h in anywhere.get("/v1/hosts").json()["hosts"]}
    enabled = {row[0] for row in stack.sql("SELECT host_key FROM hosts WHERE enabled = 1")}
    assert set(listed) == enabled
    assert drained not in listed and usable in listed and elsewhere["hosts"][0] in listed
    assert all(set(h) == {"host_key", "region", "cpu_count", "mem_bytes", "public_address"} for h in listed.values())
