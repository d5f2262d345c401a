"""Any number of reconcilers may drain one host's queue; a run killed at any point is repaired by the next."""
import collections
import signal
import time

from conftest import bulk_create, scaled, sql_literal, wait_until
from reconciler_support import LABEL_CONTAINER, LABEL_HOST, docker, fleet  # noqa: F401 (fixtures)


def managed_per_row(fleet, docker):
    counts = collections.Counter()
    for docker_id in docker.ids(f"{LABEL_HOST}={fleet.host}"):
        counts[docker.inspect(docker_id)["Config"]["Labels"][LABEL_CONTAINER]] += 1
    return counts


def test_three_reconcilers_drain_100_jobs_once_each(fleet, docker):
    created = bulk_create(fleet.tenant, 100, prefix="drain", command=["sleep", "3600"], start=False)
    runs = [fleet.reconciler.spawn(40) for _ in range(3)]
    host = sql_literal(fleet.host)
    wait_until(lambda: fleet.stack.count(f"SELECT COUNT(*) FROM jobs WHERE host_key = {host} AND state <> 'done'") == 0,
               120, interval=0.5, message="the queue to drain")
    for run in runs:
        run.send_signal(signal.SIGTERM)
        run.communicate(timeout=30)
    counts = managed_per_row(fleet, docker)
    assert set(counts) == {c["id"] for c in created.values()}
    assert max(counts.values()) == 1, "no duplicate container"
    creates = fleet.stack.count(
        f"SELECT COUNT(*) FROM events e JOIN containers c ON c.id = e.container_id WHERE c.host_key = {host} "
        "AND e.action = 'container.observed' AND JSON_CONTAINS(JSON_EXTRACT(e.detail, '$.actions'), '\"create\"')")
    assert creates == 100, "each job applied once"
    assert fleet.stack.count(f"SELECT COUNT(*) FROM jobs WHERE host_key = {host} AND attempts > 1") == 0


def test_sigkill_mid_drain_then_the_next_run_converges(fleet, docker):
    created = bulk_create(fleet.tenant, 30, prefix="killed", command=["sleep", "3600"])
    run = fleet.reconciler.spawn(60)
    # Kill it once it has started some of the work.
    wait_until(lambda: len(docker.ids(f"{LABEL_HOST}={fleet.host}")) >= 3, 60, interval=0.05, message="work to begin")
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=30)
    started = time.monotonic()
    fleet.reconciler.once()
    assert time.monotonic() - started < scaled(60), "the dead run's leases were taken over at once"
    counts = managed_per_row(fleet, docker)
    assert set(counts) == {c["id"] for c in created.values()}
    assert max(counts.values()) == 1, "no duplicate container"
    states = fleet.stack.rows(
        f"SELECT observed_state FROM containers WHERE host_key = {sql_literal(fleet.host)}")
    assert {r["observed_state"] for r in states} == {"running"}
