"""State rules: a start or stop that asks for the desired state changes nothing;
real changes bump the generation and keep exactly one pending job; restart needs a running
container."""
from conftest import assert_error


def snapshot(tenant, container_id):
    row = tenant.container_row(container_id)
    jobs = tenant.jobs(container_id)
    pending = [j for j in jobs if j["state"] == "pending"]
    return row["desired_state"], int(row["generation"]), len(jobs), len(pending), pending[0]["generation"] if pending else None


def test_no_op_start_and_stop_change_nothing(tenant):
    running = tenant.created()
    r = tenant.action(running["id"], "start")
    assert r.status_code == 202 and r.json()["desired_state"] == "running"
    assert snapshot(tenant, running["id"]) == ("running", 1, 1, 1, "1")

    stopped = tenant.created(start=False)
    assert snapshot(tenant, stopped["id"]) == ("stopped", 1, 1, 1, "1")
    r = tenant.action(stopped["id"], "stop")
    assert r.status_code == 202 and r.json()["desired_state"] == "stopped"
    assert snapshot(tenant, stopped["id"]) == ("stopped", 1, 1, 1, "1")
    assert tenant.footprint()["events"] == 2  # the two creates only


def test_changes_bump_the_generation_and_keep_one_pending_job(tenant):
    c = tenant.created()
    steps = [("stop", "stopped"), ("start", "running"), ("restart", "running"), ("stop", "stopped")]
    for generation, (action, state) in enumerate(steps, start=2):
        r = tenant.action(c["id"], action)
        assert r.status_code == 202, r.text
        assert r.json()["desired_state"] == state
        # The pending job is superseded in place: one job row, pending, at the new generation.
        assert snapshot(tenant, c["id"]) == (state, generation, 1, 1, str(generation))
    assert tenant.stack.count(
        f"SELECT COUNT(*) FROM jobs WHERE container_id = '{c['id']}' AND state = 'pending'") == 1
    assert tenant.footprint()["events"] == 1 + len(steps)


def test_restart_on_a_stopped_container_is_a_conflict(tenant):
    c = tenant.created(start=False)
    before = snapshot(tenant, c["id"])
    assert_error(tenant.action(c["id"], "restart"), 409, "conflict")
    assert snapshot(tenant, c["id"]) == before
    assert tenant.action(c["id"], "start").status_code == 202
    assert tenant.action(c["id"], "stop").status_code == 202
    assert_error(tenant.action(c["id"], "restart"), 409, "conflict")
    assert snapshot(tenant, c["id"]) == ("stopped", 3, 1, 1, "3")


def test_changes_are_audited_with_actor_and_request_id(stack, tenant):
    created = tenant.create()
    cid = created.json()["id"]
    responses = [created, tenant.action(cid, "stop"), tenant.action(cid, "stop"), tenant.action(cid, "start"),
                 tenant.action(cid, "restart"), tenant.action(cid, "delete"), tenant.action(cid, "delete")]
    events = stack.rows(f"SELECT action, actor, request_id, detail FROM events WHERE container_id = '{cid}' ORDER BY id")
    assert [e["action"] for e in events] == ["container.created", "container.stop_requested", "container.start_requested",
                                             "container.restart_requested", "container.deleted"]
    effective = [responses[i] for i in (0, 1, 3, 4, 5)]
    assert [e["request_id"] for e in events] == [r.headers["X-Request-Id"] for r in effective]
    token_id = "tok_" + tenant.token.split("_")[1]
    assert {e["actor"] for e in events} == {f"token:{token_id}"}
