"""Strict isolation: another tenant's container answers exactly like a missing one
on every route, lists only show one's own, and a tenant_id in a body is ignored."""
import pytest

from conftest import MISSING_ID, assert_error

ROUTES = [
    ("GET", "/v1/containers/{id}"),
    ("DELETE", "/v1/containers/{id}"),
    ("POST", "/v1/containers/{id}/start"),
    ("POST", "/v1/containers/{id}/stop"),
    ("POST", "/v1/containers/{id}/restart"),
    ("GET", "/v1/containers/{id}/logs"),
]
# Headers whose values legitimately differ between any two responses.
VARYING_HEADERS = {"date", "x-request-id"}


def comparable(response):
    body = response.json()
    body.pop("request_id")
    headers = {k.lower(): v for k, v in response.headers.items() if k.lower() not in VARYING_HEADERS}
    return response.status_code, body, headers


@pytest.mark.parametrize("method,path", ROUTES)
def test_foreign_container_is_indistinguishable_from_missing(tenant_factory, method, path):
    owner, intruder = tenant_factory(), tenant_factory()
    container = owner.created(cpu_limit=0.5, mem_limit="64m")
    foreign = intruder.request(method, path.format(id=container["id"]))
    missing = intruder.request(method, path.format(id=MISSING_ID))
    foreign_body = assert_error(foreign, 404, "not_found")
    missing_body = assert_error(missing, 404, "not_found")
    assert set(foreign_body) == set(missing_body)
    assert comparable(foreign) == comparable(missing)
    # Nothing happened to the owner's container, and nothing was recorded for the intruder.
    row = owner.container_row(container["id"])
    assert (row["desired_state"], row["generation"], row["tenant_id"]) == ("running", "1", owner.id)
    assert [j["generation"] for j in owner.jobs(container["id"])] == ["1"]
    assert intruder.footprint()["events"] == 0
    assert owner.get(f"/v1/containers/{container['id']}").status_code == 200


def test_lists_show_only_ones_own(tenant_factory):
    a, b = tenant_factory(), tenant_factory()
    a_ids = {a.created()["id"] for _ in range(3)}
    b_ids = {b.created()["id"] for _ in range(2)}
    assert {c["id"] for c in a.get("/v1/containers").json()["containers"]} == a_ids
    assert {c["id"] for c in b.get("/v1/containers").json()["containers"]} == b_ids


def test_same_name_in_two_tenants_is_fine(tenant_factory):
    a, b = tenant_factory(), tenant_factory()
    assert a.create("shared-name").status_code == 201
    assert b.create("shared-name").status_code == 201


def test_tenant_id_in_body_is_ignored(stack, tenant_factory):
    victim, caller = tenant_factory(), tenant_factory()
    body = caller.created(tenant_id=victim.id, tenant=victim.id, owner=victim.id)
    assert caller.container_row(body["id"])["tenant_id"] == caller.id
    assert victim.get("/v1/containers").json()["containers"] == []
    assert_error(victim.get(f"/v1/containers/{body['id']}"), 404, "not_found")
    assert [c["id"] for c in caller.get("/v1/containers").json()["containers"]] == [body["id"]]
    assert victim.footprint()["containers"] == 0
    assert caller.allocation()["used_containers"] == 1
