"""Drift repair and exit semantics: kills, removals behind our back, clean exits, crashes, missing images."""
from conftest import wait_until
from reconciler_support import docker, fleet, registry, running  # noqa: F401 (fixtures)


def test_a_container_killed_behind_our_back_runs_again(fleet, docker):
    body = fleet.tenant.created(command=["sleep", "3600"])
    fleet.converge_until(body["id"], running)
    before = fleet.inspect(body["id"])
    docker.run("kill", before["Id"])
    view = fleet.converge_until(body["id"], lambda v: fleet.inspect(body["id"])["State"]["Running"] and running(v))
    after = fleet.inspect(body["id"])
    assert after["Id"] == before["Id"], "started again, not recreated"
    assert view["observed_state"] == "running"


def test_a_container_removed_behind_our_back_is_recreated(fleet, docker):
    body = fleet.tenant.created(command=["sleep", "3600"])
    fleet.converge_until(body["id"], running)
    before = fleet.inspect(body["id"])
    docker.run("rm", "-f", before["Id"])
    fleet.converge_until(body["id"], lambda v: len(fleet.docker_ids(body["id"])) == 1 and running(v))
    after = fleet.inspect(body["id"])
    assert after["Id"] != before["Id"] and after["State"]["Running"]


def test_a_clean_exit_is_left_alone(fleet):
    body = fleet.tenant.created(command=["sh", "-c", "echo done"])
    view = fleet.converge_until(body["id"], lambda v: v["observed_state"] == "exited")
    assert view["exit_code"] == 0
    docker_id = fleet.inspect(body["id"])["Id"]
    for _ in range(3):
        fleet.reconciler.once()
    assert fleet.view(body["id"])["observed_state"] == "exited"
    assert fleet.starts(body["id"]) and len(fleet.starts(body["id"])) == 1
    assert fleet.inspect(body["id"])["Id"] == docker_id
    # Starting it again is a real change: it runs once more.
    assert fleet.tenant.action(body["id"], "start").status_code == 202
    wait_until(lambda: fleet.reconciler.once() and len(fleet.starts(body["id"])) == 2, 20,
               message="the second start")


def test_a_crashing_container_is_restarted_with_growing_intervals(fleet):
    body = fleet.tenant.created(command=["sh", "-c", "exit 3"])
    run = fleet.reconciler.spawn(15)  # backoff starts at 2 s in the test stack, sweeps every second
    run.communicate(timeout=60)
    assert run.returncode == 0
    starts = fleet.starts(body["id"])
    assert len(starts) >= 4, starts
    intervals = [b - a for a, b in zip(starts, starts[1:])]
    assert all(later > earlier for earlier, later in zip(intervals[1:], intervals[2:])), intervals
    assert intervals[-1] >= 3.5, intervals
    row = fleet.row(body["id"])
    assert int(row["failures"]) >= 3
    view = fleet.view(body["id"])
    assert view["observed_state"] in ("exited", "running")
    if view["observed_state"] == "exited":
        assert view["exit_code"] == 3


def test_a_missing_image_fails_with_its_code_and_backs_off(fleet, registry):
    body = fleet.tenant.created(image=registry.image("missing"), command=["true"])
    run = fleet.reconciler.spawn(9)
    run.communicate(timeout=120)
    assert run.returncode == 0
    view = fleet.view(body["id"])
    assert view["observed_state"] == "failed"
    assert (view["last_error_code"], view["last_error"]) == ("image_not_found", "image not found")
    attempts = fleet.failures(body["id"])
    assert len(attempts) >= 3, attempts
    intervals = [b - a for a, b in zip(attempts, attempts[1:])]
    assert all(later > earlier for earlier, later in zip(intervals, intervals[1:])), intervals
    assert fleet.docker_ids(body["id"]) == []
