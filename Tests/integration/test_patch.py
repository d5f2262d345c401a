"""PATCH /v1/containers/{id}: a partial spec, validated like a create, applied in one transaction
that re-checks the quota for the difference. A change of what Docker runs replaces the Docker
container (same id, same name, desired state kept); `restart` applies without a replacement;
labels need no job; a change by value only is a no-op; every effective change is one
`container.updated` event naming the fields (never their values)."""
import json

import pytest

from conftest import MISSING_ID, assert_error, concurrently, sql_literal, without_request_id
from reconciler_support import docker, fleet, running  # noqa: F401 (fixtures)

MIB = 1024 * 1024
OTHER_IMAGE = "dro-test/busybox:latest"  # also on the stack's dockerd, no pull needed


def patch(tenant, container_id, body):
    return tenant.request("PATCH", f"/v1/containers/{container_id}", json=body)


def patched(tenant, container_id, body):
    r = patch(tenant, container_id, body)
    assert r.status_code == 200, r.text
    return r.json()


def state(tenant, container_id):
    """What a patch may change: the row's declaration, its labels, its jobs and events, the counters."""
    row = tenant.container_row(container_id)
    labels = tenant.stack.rows(
        f"SELECT label_key, label_value FROM container_labels WHERE container_id = {sql_literal(container_id)} ORDER BY label_key")
    return {"row": {k: row[k] for k in ("image", "spec", "spec_hash", "cpu_millis", "mem_bytes", "restart_policy", "generation",
                                        "desired_state", "updated_at")},
            "labels": labels, "jobs": tenant.jobs(container_id), "footprint": tenant.footprint()}


def updated_events(tenant, container_id):
    return tenant.stack.rows(
        f"SELECT actor, detail, request_id FROM events WHERE container_id = {sql_literal(container_id)} "
        f"AND action = 'container.updated' ORDER BY id")


def converged(fleet, container_id):
    """Runs the reconciler until it has applied the row's current generation."""
    def done(view):
        row = fleet.row(container_id)
        return row["observed_generation"] == row["generation"] and view["observed_state"] in ("running", "stopped")
    return fleet.converge_until(container_id, done, message="the new generation to be applied")


def test_image_env_and_limits_replace_the_docker_container_under_the_same_id_and_name(fleet):
    tenant = fleet.tenant
    body = tenant.created("web", command=["sleep", "3600"], env={"A": "1", "SECRET": "s3cret-old"}, cpu_limit=0.5, mem_limit="64m")
    fleet.converge_until(body["id"], running)
    before = fleet.inspect(body["id"])
    row_before = fleet.row(body["id"])
    used_before = tenant.allocation()

    response = patch(tenant, body["id"], {"image": OTHER_IMAGE, "env": {"A": "2", "SECRET": "s3cret-new"}, "cpu_limit": 0.75,
                                          "mem_limit": "96m"})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["id"], answer["name"], answer["image"], answer["env"]) == (body["id"], "web", OTHER_IMAGE, {"A": "2", "SECRET": "s3cret-new"})
    assert (answer["cpu_limit"], answer["mem_limit"], answer["mem_limit_bytes"]) == (0.75, "96m", 96 * MIB)
    assert answer["desired_state"] == "running" and tenant.get(f"/v1/containers/{body['id']}").json() == answer
    row = fleet.row(body["id"])
    assert row["spec_hash"] != row_before["spec_hash"] and int(row["generation"]) == int(row_before["generation"]) + 1
    assert (row["image"], int(row["cpu_millis"]), int(row["mem_bytes"])) == (OTHER_IMAGE, 750, 96 * MIB)
    used = tenant.allocation()
    assert used["used_cpu_millis"] - used_before["used_cpu_millis"] == 250
    assert used["used_mem_bytes"] - used_before["used_mem_bytes"] == 32 * MIB
    assert used["used_containers"] == used_before["used_containers"]
    assert [j["state"] for j in tenant.jobs(body["id"])][-1] == "pending"
    (event,) = updated_events(tenant, body["id"])
    assert json.loads(event["detail"]) == {"changed": ["cpu_limit", "env", "image", "mem_limit"], "generation": int(row["generation"])}
    assert event["actor"].startswith("token:") and event["request_id"] == response.headers["X-Request-Id"]
    assert "s3cret" not in event["detail"]

    converged(fleet, body["id"])
    after = fleet.inspect(body["id"])
    assert after["Id"] != before["Id"], "a new Docker container"
    assert after["Name"] == before["Name"] == f"/dro-{tenant.id}-web-{body['id'][4:12]}"
    assert after["State"]["Running"]
    assert after["Config"]["Image"] == OTHER_IMAGE and "A=2" in after["Config"]["Env"]
    assert after["HostConfig"]["NanoCpus"] == 750_000_000 and after["HostConfig"]["Memory"] == 96 * MIB
    assert after["Config"]["Labels"]["cloud.dro.spec-hash"] == row["spec_hash"]
    assert fleet.docker.inspect(before["Id"]) is None, "the old one is gone"


def test_a_stopped_container_is_replaced_but_not_started(fleet):
    body = fleet.tenant.created(command=["sleep", "3600"], start=False)
    fleet.converge_until(body["id"], lambda v: v["observed_state"] == "stopped")
    before = fleet.inspect(body["id"])
    patched(fleet.tenant, body["id"], {"env": {"B": "1"}})
    view = converged(fleet, body["id"])
    after = fleet.inspect(body["id"])
    assert after["Id"] != before["Id"] and not after["State"]["Running"] and "B=1" in after["Config"]["Env"]
    assert view["observed_state"] == "stopped" and view["desired_state"] == "stopped"


def test_restart_alone_applies_without_replacing(fleet):
    body = fleet.tenant.created(command=["sleep", "3600"])
    fleet.converge_until(body["id"], running)
    before, row_before = fleet.inspect(body["id"]), fleet.row(body["id"])
    answer = patched(fleet.tenant, body["id"], {"restart": "never"})
    assert answer["restart"] == "never"
    row = fleet.row(body["id"])
    assert row["restart_policy"] == "never" and row["spec_hash"] == row_before["spec_hash"]
    assert int(row["generation"]) == int(row_before["generation"]) + 1
    assert [j["state"] for j in fleet.tenant.jobs(body["id"])][-1] == "pending"
    converged(fleet, body["id"])
    after = fleet.inspect(body["id"])
    assert after["Id"] == before["Id"] and after["State"]["StartedAt"] == before["State"]["StartedAt"]


def test_a_restart_patch_on_a_finished_job_does_not_run_it_again(fleet):
    done = fleet.tenant.created(command=["sh", "-c", "exit 0"])
    fleet.converge_until(done["id"], lambda v: v["observed_state"] == "exited")
    started = fleet.inspect(done["id"])["State"]["StartedAt"]
    patched(fleet.tenant, done["id"], {"restart": "never"})
    row = fleet.converge_until(done["id"], lambda v: int(fleet.row(done["id"])["observed_generation"]) == int(fleet.row(done["id"])["generation"]))
    assert row["observed_state"] == "exited"
    assert fleet.inspect(done["id"])["State"]["StartedAt"] == started, "a policy change is not a start"
    # Under `always`, the new policy itself says an exit 0 restarts.
    patched(fleet.tenant, done["id"], {"restart": "always"})
    fleet.converge_until(done["id"], lambda v: fleet.inspect(done["id"])["State"]["StartedAt"] != started, message="always to restart it")


def test_labels_alone_are_stored_with_an_event_and_no_generation_or_job(tenant):
    body = tenant.created(labels={"app": "shop", "tier": "web"})
    before = state(tenant, body["id"])
    answer = patched(tenant, body["id"], {"labels": {"app": "blog"}})
    assert answer["labels"] == {"app": "blog"}
    after = state(tenant, body["id"])
    assert after["labels"] == [{"label_key": "app", "label_value": "blog"}]
    assert after["row"]["generation"] == before["row"]["generation"] and after["jobs"] == before["jobs"]
    assert after["row"]["spec_hash"] == before["row"]["spec_hash"]
    (event,) = updated_events(tenant, body["id"])
    assert json.loads(event["detail"]) == {"changed": ["labels"], "generation": int(before["row"]["generation"])}


@pytest.mark.parametrize("body", [
    {}, {"mem_limit": "64M"}, {"mem_limit": 64 * MIB}, {"cpu_limit": 0.5, "env": {"A": "1"}, "image": "busybox:latest"},
    {"labels": {"app": "shop"}, "restart": "on-failure", "ports": [80], "command": None},
    {"privileged": True, "tenant_id": "ten_x", "generation": 99, "desired_state": "stopped"},
])
def test_a_change_by_value_only_is_a_no_op(tenant, body):
    created = tenant.created(env={"A": "1"}, cpu_limit=0.5, mem_limit="64m", labels={"app": "shop"}, ports=["80/tcp"])
    before = state(tenant, created["id"])
    assert patched(tenant, created["id"], body) == created, "the stored spelling stays"
    assert state(tenant, created["id"]) == before
    assert updated_events(tenant, created["id"]) == []


def test_a_no_op_leaves_the_docker_container_alone(fleet):
    body = fleet.tenant.created(command=["sleep", "3600"], mem_limit="64m")
    fleet.converge_until(body["id"], running)
    before, generation = fleet.inspect(body["id"]), fleet.row(body["id"])["generation"]
    jobs = fleet.tenant.jobs(body["id"])
    patched(fleet.tenant, body["id"], {"mem_limit": "64M", "command": ["sleep", "3600"]})
    fleet.reconciler.once()
    assert fleet.inspect(body["id"])["Id"] == before["Id"]
    assert fleet.row(body["id"])["generation"] == generation and fleet.tenant.jobs(body["id"]) == jobs


@pytest.mark.parametrize("field", ["name", "host_key", "start"])
def test_name_host_key_and_start_are_refused_even_unchanged(tenant, field):
    body = tenant.created()
    current = {"name": body["name"], "host_key": body["host_key"], "start": True}[field]
    before = state(tenant, body["id"])
    assert_error(patch(tenant, body["id"], {field: current}), 400, "validation_error", field=field)
    assert_error(patch(tenant, body["id"], {field: current, "env": {"X": "1"}}), 400, "validation_error", field=field)
    assert state(tenant, body["id"]) == before


@pytest.mark.parametrize("body, field", [
    ({"image": "Not An Image"}, "image"), ({"image": None}, "image"), ({"image": "ghcr.io/acme/app:1"}, "image"),
    ({"env": {"1BAD": "x"}}, "env"), ({"ports": ["80:80"]}, "ports[0]"), ({"cpu_limit": 0.001}, "cpu_limit"),
    ({"cpu_limit": 257}, "cpu_limit"), ({"mem_limit": "5m"}, "mem_limit"), ({"command": "sh"}, "command"),
    ({"labels": {"Bad": "x"}}, "labels"), ({"restart": "sometimes"}, "restart"),
])
def test_members_are_validated_like_a_create_and_a_refusal_changes_nothing(tenant, body, field):
    created = tenant.created()
    before = state(tenant, created["id"])
    assert_error(patch(tenant, created["id"], body), 400, "validation_error", field=field)
    assert_error(tenant.create(**body), 400, "validation_error", field=field)
    assert state(tenant, created["id"])["row"] == before["row"]


def test_a_body_that_is_not_json_is_refused(tenant):
    created = tenant.created()
    r = tenant.request("PATCH", f"/v1/containers/{created['id']}", data="{", headers={"Content-Type": "application/json"})
    assert_error(r, 400, "validation_error", field="body")
    r = tenant.request("PATCH", f"/v1/containers/{created['id']}", data="{}", headers={"Content-Type": "text/plain"})
    assert_error(r, 415, "unsupported_media_type")


def test_a_deleted_container_is_a_conflict(tenant):
    body = tenant.created()
    assert tenant.action(body["id"], "delete").status_code == 202
    before = state(tenant, body["id"])
    assert_error(patch(tenant, body["id"], {"env": {"A": "1"}}), 409, "conflict")
    assert state(tenant, body["id"]) == before


def test_another_tenants_container_answers_like_a_missing_one(tenant_factory):
    owner, other = tenant_factory(), tenant_factory()
    body = owner.created()
    before = state(owner, body["id"])
    foreign = patch(other, body["id"], {"env": {"A": "1"}})
    missing = patch(other, MISSING_ID.replace("0", "1"), {"env": {"A": "1"}})
    assert_error(foreign, 404, "not_found")
    assert without_request_id(foreign) == without_request_id(missing)
    assert state(owner, body["id"]) == before


def assert_quota_refusal(response, dimension, requested, in_use, cap, scope="*"):
    body = assert_error(response, 403, "quota_exceeded")
    assert body["detail"] == {"dimension": dimension, "scope": scope, "requested": requested, "in_use": in_use, "cap": cap}


def test_an_increase_past_a_cap_is_refused_and_nothing_changes(fleet):
    tenant = fleet.tenant
    tenant.quota("--scope", "*", "--cpu", "1", "--memory", "256m")
    body = tenant.created(command=["sleep", "3600"], cpu_limit=0.5, mem_limit="128m")
    tenant.created(cpu_limit=0.25, mem_limit="64m")
    fleet.converge_until(body["id"], running)
    docker_id = fleet.inspect(body["id"])["Id"]
    before = state(tenant, body["id"])
    assert_quota_refusal(patch(tenant, body["id"], {"cpu_limit": 0.8, "env": {"A": "1"}}), "cpu", 0.3, 0.75, 1)
    assert_quota_refusal(patch(tenant, body["id"], {"mem_limit": "200m"}), "memory", 72 * MIB, 192 * MIB, 256 * MIB)
    assert state(tenant, body["id"]) == before
    assert updated_events(tenant, body["id"]) == []
    fleet.reconciler.once()
    assert fleet.inspect(body["id"])["Id"] == docker_id
    # Exactly up to the cap fits.
    assert patched(tenant, body["id"], {"cpu_limit": 0.75})["cpu_limit"] == 0.75
    assert tenant.allocation()["used_cpu_millis"] == 1000


def test_a_decrease_always_passes_even_over_a_cap(tenant):
    body = tenant.created(cpu_limit=2, mem_limit="1g")
    tenant.quota("--scope", "*", "--cpu", "0.5", "--memory", "64m")
    answer = patched(tenant, body["id"], {"cpu_limit": 1, "mem_limit": "512m"})
    assert (answer["cpu_limit"], answer["mem_limit"]) == (1, "512m")
    used = tenant.allocation()
    assert (used["used_cpu_millis"], used["used_mem_bytes"]) == (1000, 512 * MIB)
    assert_quota_refusal(patch(tenant, body["id"], {"cpu_limit": 1.5}), "cpu", 0.5, 1, 0.5)


def test_null_for_a_limit_means_the_platform_default(tenant):
    """The test stack ships the defaults: 1 vCPU and 512m."""
    body = tenant.created(cpu_limit=0.25, mem_limit="64m")
    answer = patched(tenant, body["id"], {"cpu_limit": None, "mem_limit": None})
    assert (answer["cpu_limit"], answer["mem_limit"], answer["mem_limit_bytes"]) == (1, "512m", 512 * MIB)
    used = tenant.allocation()
    assert (used["used_cpu_millis"], used["used_mem_bytes"]) == (1000, 512 * MIB)
    explicit = tenant.created(cpu_limit=1, mem_limit="512m")
    assert tenant.container_row(body["id"])["spec_hash"] == tenant.container_row(explicit["id"])["spec_hash"]


def test_concurrent_raises_and_creates_never_over_commit(tenant_factory):
    tenant = tenant_factory(caps=("--containers", "100", "--cpu", "4"))
    ids = [tenant.created(cpu_limit=0.25)["id"] for _ in range(6)]  # 1.5 of 4 vCPUs

    def act(item):
        kind, value = item
        if kind == "patch":
            return patch(tenant, value, {"cpu_limit": 1})
        return tenant.create(cpu_limit=0.5)

    work = [("patch", i) for i in ids] + [("create", None)] * 6
    responses = concurrently(act, work)
    assert {r.status_code for r in responses} <= {200, 201, 403}, [r.text for r in responses]
    t = sql_literal(tenant.id)
    live = tenant.stack.row(f"SELECT COUNT(*) AS n, SUM(cpu_millis) AS cpu FROM containers WHERE tenant_id = {t} AND desired_state <> 'deleted'")
    used = tenant.allocation()
    assert used["used_cpu_millis"] == int(live["cpu"]) <= 4000
    assert used["used_containers"] == int(live["n"])
    granted = sum(1 for r in responses if r.status_code in (200, 201))
    assert granted >= 2 and any(r.status_code == 403 for r in responses)
