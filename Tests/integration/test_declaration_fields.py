"""The container definition's newer fields: `labels` (metadata kept in the database, never given
to Docker, bounded) and `restart` (on-failure, always, never), accepted, shown and checked at
both sides of every bound; a refusal names the field and changes nothing."""
import json

import pytest

from conftest import assert_error, sql_literal
from reconciler_support import docker, fleet, running  # noqa: F401 (fixtures)


def test_labels_and_restart_are_stored_shown_everywhere_and_kept_from_docker(tenant):
    labels = {"app": "shop", "team/owner": "ops é", "tier.web-1_x": "v" * 256}
    body = tenant.created(labels=labels, restart="always")
    assert body["labels"] == labels and body["restart"] == "always"
    assert tenant.get(f"/v1/containers/{body['id']}").json() == body
    (listed,) = [c for c in tenant.get("/v1/containers").json()["containers"] if c["id"] == body["id"]]
    assert listed["labels"] == labels and listed["restart"] == "always"
    rows = tenant.stack.rows(f"SELECT label_key, label_value, tenant_id FROM container_labels "
                             f"WHERE container_id = {sql_literal(body['id'])} ORDER BY label_key")
    assert {r["label_key"]: r["label_value"] for r in rows} == labels and {r["tenant_id"] for r in rows} == {tenant.id}
    assert tenant.container_row(body["id"])["restart_policy"] == "always"
    plain = tenant.created()
    assert plain["labels"] == {} and plain["restart"] == "on-failure"


@pytest.mark.parametrize("labels, accepted, field", [
    ({f"k{i}": "v" for i in range(32)}, True, None),
    ({f"k{i}": "v" for i in range(33)}, False, "labels"),
    ({"a" * 63: "v"}, True, None),
    ({"a" * 64: "v"}, False, "labels"),
    ({"Upper": "v"}, False, "labels"),
    ({"-lead": "v"}, False, "labels"),
    ({"a:b": "v"}, False, "labels"),
    ({"k": "é" * 256}, True, None),
    ({"k": "é" * 257}, False, "labels.k"),
    ({"k": "line\nbreak"}, False, "labels.k"),
    ({"k": 1}, False, "labels.k"),
    ({"k": ""}, True, None),
    ("not an object", False, "labels"),
])
def test_label_bounds(tenant, labels, accepted, field):
    before = tenant.footprint()
    r = tenant.create(labels=labels)
    if accepted:
        assert r.status_code == 201, r.text
    else:
        assert_error(r, 400, "validation_error", field=field)
        assert tenant.footprint() == before


@pytest.mark.parametrize("restart, accepted", [
    ("on-failure", True), ("always", True), ("never", True), ("sometimes", False), ("ALWAYS", False), (1, False), ("", False),
])
def test_restart_values(tenant, restart, accepted):
    before = tenant.footprint()
    r = tenant.create(restart=restart)
    if accepted:
        assert r.status_code == 201 and r.json()["restart"] == restart
    else:
        assert_error(r, 400, "validation_error", field="restart")
        assert tenant.footprint() == before


def test_the_idempotency_fingerprint_covers_labels_and_restart(tenant):
    key = {"Idempotency-Key": "labels-key"}
    first = tenant.create("same", headers=key, labels={"a": "1"})
    assert first.status_code == 201
    for other in ({"labels": {"a": "2"}}, {"labels": {"a": "1"}, "restart": "never"}):
        body = assert_error(tenant.create("same", headers=key, **other), 409, "conflict")
        assert body["detail"]["reason"] == "idempotency_key_reused"
    replay = tenant.create("same", headers=key, labels={"a": "1"})
    assert replay.headers.get("Idempotent-Replayed") == "true" and replay.json() == first.json()


def test_the_planner_honours_each_restart_policy_on_a_real_dockerd(fleet, docker):
    always = fleet.tenant.created(command=["sh", "-c", "exit 0"], restart="always")
    never = fleet.tenant.created(command=["sh", "-c", "exit 1"], restart="never")
    on_failure = fleet.tenant.created(command=["sh", "-c", "exit 0"])
    run = fleet.reconciler.spawn(8)  # backoff starts at 2 s in the test stack, sweeps every second
    run.communicate(timeout=60)
    assert run.returncode == 0
    assert len(fleet.starts(always["id"])) >= 2, "an exit 0 under `always` starts again"
    assert len(fleet.starts(never["id"])) == 1 and fleet.view(never["id"])["observed_state"] == "exited"
    assert fleet.view(never["id"])["exit_code"] == 1
    assert len(fleet.starts(on_failure["id"])) == 1
    labels = fleet.inspect(always["id"])["Config"]["Labels"]
    assert all(key.startswith("cloud.dro.") for key in labels), "tenant labels never reach Docker"
