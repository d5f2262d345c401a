"""Containment: one container's trouble stays that container's. A Docker refusal quoting a huge
command, a pull that hangs past the pull timeout, or a lease taken over mid-action is recorded on
(or dropped for) that container alone; the host's runs keep converging the other tenants'
containers and keep exiting 0."""
import json
import os
import tempfile
import time

from conftest import make_tenant, scaled, sql_literal, wait_until
from reconciler_support import Reconciler, docker, fleet, registry, running  # noqa: F401 (fixtures)

# One base letter and 2,000 combining marks: a single Swift Character of 2,001 code points
# (4,001 bytes), a valid command item under 4 KiB that no executable is named.
COMBINING = "a" + "\u0301" * 2000


def neighbour(stack, region, fleet):
    """Another tenant placing on the same fleet host."""
    return make_tenant(stack, region, host=fleet.host)


def summary(stderr):
    line = [l for l in stderr.splitlines() if "run finished" in l][-1]
    return dict(part.split("=", 1) for part in line.split() if "=" in part)


def time_to_running(tenant, container_id, timeout):
    start = time.monotonic()
    wait_until(lambda: tenant.get(f"/v1/containers/{container_id}").json()["observed_state"] == "running",
               timeout, interval=0.1, message="the neighbour's container to run")
    return time.monotonic() - start


def test_a_start_refusal_quoting_a_huge_command_fails_only_that_container(stack, region, fleet):
    other = neighbour(stack, region, fleet)
    run = fleet.reconciler.spawn(8)
    try:
        bad = fleet.tenant.created(command=[COMBINING])
        good = other.created(command=["sleep", "600"])
        assert time_to_running(other, good["id"], 5) < scaled(5)
        view = wait_until(lambda: (v := fleet.view(bad["id"]))["observed_state"] == "failed" and v, 10, interval=0.1,
                          message="the refused container to fail")
    finally:
        _, stderr = run.communicate(timeout=60)
    assert run.returncode == 0, stderr
    assert view["last_error_code"] == "start_refused"
    assert view["last_error"] and len(view["last_error"]) <= 1024 and "\u0301" not in view["last_error"]
    # Docker's own words, which quote the command, are in the operator's log only.
    assert "start_refused" in stderr and "container failed" in stderr
    row = fleet.row(bad["id"])
    assert row["lease_owner"] is None and int(row["failures"]) >= 1 and row["backoff_until"]
    assert stack.count(f"SELECT COUNT(*) FROM jobs WHERE container_id = {sql_literal(bad['id'])} AND state <> 'done'") == 0
    # Later runs are not stuck on it: they exit 0 and leave the neighbour running.
    for _ in range(2):
        assert fleet.reconciler.once().returncode == 0
    assert other.get(f"/v1/containers/{good['id']}").json()["observed_state"] == "running"


def test_a_hanging_pull_times_out_as_the_containers_failure_while_others_run(stack, region, fleet, registry):
    other = neighbour(stack, region, fleet)
    run = fleet.reconciler.spawn(12)
    try:
        slow = fleet.tenant.created(image=registry.image("hang"), command=["true"])
        registry.wait_for_hanging_pull()
        good = other.created(command=["sleep", "600"])
        assert time_to_running(other, good["id"], 5) < scaled(5)
        # The test stack's pull timeout is 3 s: the pull fails the container, not the run.
        view = wait_until(lambda: (v := fleet.view(slow["id"]))["observed_state"] == "failed" and v, 20, interval=0.2,
                          message="the hanging pull to time out")
        assert (view["last_error_code"], view["last_error"]) == ("pull_timeout", "pull timed out")
    finally:
        _, stderr = run.communicate(timeout=60)
    assert run.returncode == 0, stderr
    assert int(summary(stderr)["failed"]) >= 1


def test_a_run_whose_lease_was_taken_over_mid_action_writes_nothing(stack, fleet, registry):
    # This run's pull would wait a minute: the test decides when it ends, not a timeout.
    config = json.load(open(stack.config))
    config["reconciler"]["pull_timeout_seconds"] = 60
    fd, path = tempfile.mkstemp(suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump(config, f)
    reconciler = Reconciler(stack, fleet.host)
    reconciler.command = lambda *args: [reconciler.binary, "--config", path, "--host-key", fleet.host, *args]
    body = fleet.tenant.created(image=registry.image("hang"), command=["true"])
    container = sql_literal(body["id"])
    # A short window: the run stops claiming after 2 s but cannot end before its pull returns.
    run = reconciler.spawn(2)
    try:
        registry.wait_for_hanging_pull()
        assert fleet.row(body["id"])["observed_state"] == "creating"
        events_before = stack.count(f"SELECT COUNT(*) FROM events WHERE container_id = {container}")
        # Another run takes the lease over (as after an expiry); then the pull ends (404).
        stack.sql(f"UPDATE containers SET lease_owner = 'elsewhere/1/1', lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL 10 MINUTE "
                  f"WHERE id = {container}")
        registry.release()
        _, stderr = run.communicate(timeout=60)
    finally:
        run.kill()
        os.unlink(path)
    assert run.returncode == 0, stderr
    assert "lease lost" in stderr, stderr
    row = fleet.row(body["id"])
    assert row["observed_state"] == "creating" and row["last_error"] is None and row["last_error_code"] is None
    assert int(row["failures"]) == 0 and row["lease_owner"] == "elsewhere/1/1"
    assert stack.count(f"SELECT COUNT(*) FROM events WHERE container_id = {container}") == events_before
