"""Idempotency-Key on create: retries replay the stored 201 and charge once, even
when they race; refusals are not stored; a reused key with another body is a 409; keys are
per tenant; malformed keys are a 400."""
import pytest

from conftest import assert_error, concurrently, status_counts


def keyed(key):
    return {"Idempotency-Key": key}


def test_racing_retries_create_once_and_replay(tenant):
    body = tenant.body("retried", cpu_limit=0.5, mem_limit="64m", env={"A": "1"})
    responses = concurrently(lambda _: tenant.post("/v1/containers", json=body, headers=keyed("order-42")), range(8))
    assert status_counts(responses) == {201: 8}
    originals = [r for r in responses if "Idempotent-Replayed" not in r.headers]
    replays = [r for r in responses if r.headers.get("Idempotent-Replayed") == "true"]
    assert len(originals) == 1 and len(replays) == 7
    assert {r.content for r in responses} == {originals[0].content}
    assert {r.headers["Location"] for r in responses} == {f"/v1/containers/{originals[0].json()['id']}"}
    footprint = tenant.footprint()
    assert (footprint["containers"], footprint["jobs"], footprint["events"], footprint["idempotency_keys"]) == (1, 1, 1, 1)
    allocation = tenant.allocation()
    assert (allocation["used_containers"], allocation["used_cpu_millis"], allocation["used_mem_bytes"]) == (1, 500, 64 << 20)
    # A later retry replays as well.
    later = tenant.post("/v1/containers", json=body, headers=keyed("order-42"))
    assert later.status_code == 201 and later.headers["Idempotent-Replayed"] == "true"
    assert later.content == originals[0].content


def test_a_refused_keyed_create_succeeds_once_quota_is_freed(tenant_factory):
    tenant = tenant_factory(caps=("--containers", "1"))
    first = tenant.created("first")
    body = tenant.body("second")
    refused = tenant.post("/v1/containers", json=body, headers=keyed("retry-me"))
    assert_error(refused, 403, "quota_exceeded")
    assert tenant.footprint()["idempotency_keys"] == 0
    assert tenant.action(first["id"], "delete").status_code == 202
    retried = tenant.post("/v1/containers", json=body, headers=keyed("retry-me"))
    assert retried.status_code == 201, retried.text
    assert "Idempotent-Replayed" not in retried.headers
    replayed = tenant.post("/v1/containers", json=body, headers=keyed("retry-me"))
    assert replayed.headers.get("Idempotent-Replayed") == "true" and replayed.json()["id"] == retried.json()["id"]
    assert tenant.allocation()["used_containers"] == 1


def test_same_key_with_another_body_is_a_conflict(tenant):
    assert tenant.create("one", headers=keyed("k1")).status_code == 201
    before = tenant.footprint()
    for other in (tenant.body("two"), tenant.body("one", env={"X": "y"}), tenant.body("one", start=False)):
        r = tenant.post("/v1/containers", json=other, headers=keyed("k1"))
        assert assert_error(r, 409, "conflict")["detail"]["reason"] == "idempotency_key_reused"
    assert tenant.footprint() == before


def test_same_key_in_two_tenants_creates_two_containers(tenant_factory):
    a, b = tenant_factory(), tenant_factory()
    ra = a.create("same", headers=keyed("shared-key"))
    rb = b.create("same", headers=keyed("shared-key"))
    assert ra.status_code == rb.status_code == 201
    assert "Idempotent-Replayed" not in ra.headers and "Idempotent-Replayed" not in rb.headers
    assert ra.json()["id"] != rb.json()["id"]
    assert a.footprint()["containers"] == b.footprint()["containers"] == 1


@pytest.mark.parametrize("key", ["", "k" * 256, "tab\there", "del\x7f", "caf\xe9", "bell\x07"],
                         ids=["empty", "256-chars", "tab", "del", "latin1", "control"])
def test_malformed_keys_are_refused(tenant, key):
    r = tenant.create(headers=keyed(key))
    assert_error(r, 400, "validation_error", field="Idempotency-Key")
    assert tenant.footprint()["containers"] == 0


def test_an_expired_key_can_be_used_again(stack, tenant):
    first = tenant.create("before-expiry", headers=keyed("daily-job"))
    assert first.status_code == 201
    stack.sql(f"UPDATE idempotency_keys SET expires_at = NOW(6) - INTERVAL 1 SECOND WHERE tenant_id = '{tenant.id}'")
    again = tenant.create("after-expiry", headers=keyed("daily-job"))
    assert again.status_code == 201, again.text
    assert "Idempotent-Replayed" not in again.headers and again.json()["id"] != first.json()["id"]
    replay = tenant.create("after-expiry", headers=keyed("daily-job"))
    assert replay.headers.get("Idempotent-Replayed") == "true" and replay.json()["id"] == again.json()["id"]
    assert tenant.footprint()["containers"] == 2 and tenant.footprint()["idempotency_keys"] == 1
