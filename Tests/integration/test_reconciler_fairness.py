"""Parallel, fair convergence and cron hand-over: one tenant's stubborn stops cannot delay
another tenant's create, and a create made in the last seconds of a run's window runs at once."""
import time

from conftest import bulk_create, concurrently, make_tenant, retry_rate_limited, scaled, wait_until
from reconciler_support import docker, fleet, running  # noqa: F401 (fixtures)


def seconds_until_running(tenant, container_id, timeout):
    start = time.monotonic()
    wait_until(lambda: tenant.get(f"/v1/containers/{container_id}").json()["observed_state"] == "running",
               timeout, interval=0.1, message=f"{container_id} to run")
    return time.monotonic() - start


def test_twenty_stubborn_stops_of_one_tenant_do_not_delay_another_tenants_create(stack, region, fleet):
    # `sleep` as PID 1 ignores SIGTERM: each stop waits the full stop timeout (2 s here) for the kill.
    stubborn = bulk_create(fleet.tenant, 20, prefix="stubborn", command=["sleep", "3600"])
    for _ in range(3):
        fleet.reconciler.once()
    assert all(fleet.view(c["id"])["observed_state"] == "running" for c in stubborn.values())
    other = make_tenant(stack, region, host=fleet.host)
    run = fleet.reconciler.spawn(40)
    try:
        ids = [c["id"] for c in stubborn.values()]
        statuses = concurrently(lambda i: retry_rate_limited(lambda: fleet.tenant.action(i, "stop")).status_code, ids, workers=8)
        assert set(statuses) == {202}
        time.sleep(0.5)  # the stops are claimed and under way
        created = other.created(command=["sleep", "600"])
        # Serially, 20 stops of 2 s each would hold the host for 40 s.
        assert seconds_until_running(other, created["id"], 15) < scaled(15)
        statuses = concurrently(lambda i: retry_rate_limited(lambda: fleet.tenant.action(i, "start")).status_code, ids, workers=8)
        assert set(statuses) == {202}
        wait_until(lambda: all(fleet.view(i)["observed_state"] == "running" for i in ids), 40, interval=0.5,
                   message="the stubborn containers to run again")
    finally:
        run.terminate()
        run.communicate(timeout=60)


def test_creates_in_the_last_seconds_of_a_run_run_within_three_seconds(fleet):
    # Cron's shape, shortened: a run of 4 s, and the next one started before it ends.
    first = fleet.reconciler.spawn(4)
    started = time.monotonic()
    second = None
    try:
        waits = []
        for at in (2.5, 3.2, 3.9):
            time.sleep(max(0, started + at - time.monotonic()))
            if second is None and at > 3:
                second = fleet.reconciler.spawn(10)
            body = fleet.tenant.created(command=["sleep", "600"])
            waits.append(seconds_until_running(fleet.tenant, body["id"], 3))
        assert max(waits) < scaled(3), waits
        _, stderr = first.communicate(timeout=60)
        assert first.returncode == 0, stderr
    finally:
        for run in (first, second):
            if run is not None and run.poll() is None:
                run.terminate()
                run.communicate(timeout=60)
