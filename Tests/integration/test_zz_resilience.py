"""Resilience: a database outage is a 503 `unavailable` and heals by itself
once MariaDB is back, without restarting dro-api; SIGTERM lets the requests already accepted
finish normally. These disturb the shared stack, so they run last and restore it in `finally`."""
import os
import signal
import subprocess

from conftest import assert_error, concurrently, process_alive, sql_literal, status_counts, wait_until
from reconciler_support import Fleet, docker, running  # noqa: F401 (fixtures)


def status_of(call):
    """The status of a request, or the exception's class name when it did not complete."""
    try:
        return call().status_code
    except Exception as error:  # noqa: BLE001 - any failure to get an answer is reported, not raised
        return type(error).__name__


def test_database_outage_is_503_and_heals_without_restarting_the_api(stack, tenant):
    container = tenant.created()
    pid = stack.api_pid()
    try:
        stack.script("db-stop")
        assert_error(stack.health(), 503, "unavailable")
        assert_error(tenant.get("/v1/containers"), 503, "unavailable")
        assert_error(tenant.get(f"/v1/containers/{container['id']}"), 503, "unavailable")
        assert_error(tenant.create(), 503, "unavailable")
        assert_error(tenant.action(container["id"], "stop"), 503, "unavailable")
    finally:
        stack.script("db-start")
    wait_until(lambda: stack.health().status_code == 200 or None, timeout=10, interval=0.1, message="health after db-start")
    wait_until(lambda: tenant.get("/v1/containers").status_code == 200 or None, timeout=10, interval=0.1,
               message="an authenticated request after db-start")
    # Every responder thread reconnects, not only the one that answered first.
    responses = concurrently(lambda _: tenant.get(f"/v1/containers/{container['id']}"), range(24), workers=12)
    assert status_counts(responses) == {200: 24}
    assert tenant.create().status_code == 201
    assert stack.api_pid() == pid and process_alive(pid)


def test_a_database_restart_between_requests_is_invisible(stack, tenant):
    """Every responder thread holds a connection the restart kills; the next request on each
    reconnects transparently instead of failing."""
    container = tenant.created()
    warm = concurrently(lambda _: tenant.get(f"/v1/containers/{container['id']}"), range(32), workers=16)
    assert status_counts(warm) == {200: 32}
    try:
        stack.script("db-stop")
    finally:
        stack.script("db-start")
    reads = concurrently(lambda _: tenant.get(f"/v1/containers/{container['id']}"), range(32), workers=16)
    assert status_counts(reads) == {200: 32}
    writes = concurrently(lambda i: tenant.create(f"after-restart-{i}"), range(16))
    assert status_counts(writes) == {201: 16}


def lock_allocations(stack, tenant, seconds):
    """Holds a write lock on the tenant's allocation rows from a separate root session."""
    sql = (f"BEGIN; UPDATE allocations SET version = version WHERE tenant_id = {sql_literal(tenant.id)}; "
           f"SELECT SLEEP({seconds}); COMMIT;")
    return subprocess.Popen(stack.mariadb_command("-N", "-B", "-e", sql), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def statements_running(stack, pattern):
    """How many sessions run a statement like `pattern` (the process list is live; InnoDB's
    innodb_trx table is a cache that is not refreshed while it is read more often than 10/s)."""
    return stack.count(f"SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE {sql_literal(pattern)}")


def lock_waits(stack):
    """Creates waiting for the allocation rows' write lock."""
    return statements_running(stack, "UPDATE allocations SET version = version + 1 %")


def test_sigterm_lets_accepted_requests_finish(stack, tenant):
    pid = stack.api_pid()
    in_flight = 5  # fewer than the responder's threads: each is accepted at once
    holder = lock_allocations(stack, tenant, 2.5)  # under the 3 s lock wait: no create needs a retry
    try:
        wait_until(lambda: statements_running(stack, "SELECT SLEEP(%") == 1 or None, timeout=5, message="the lock holder")

        def create(i):
            return status_of(lambda: tenant.create(f"in-flight-{i}"))

        def terminate_when_blocked():
            # SIGTERM is sent while every create is inside its transaction, waiting for the lock.
            try:
                wait_until(lambda: lock_waits(stack) >= in_flight or None, timeout=5, interval=0.02,
                           message="the creates to block on the allocation lock")
            finally:
                os.kill(pid, signal.SIGTERM)
            # Once the signal is handled the stopping responder accepts nothing new: nginx answers a
            # late request at once, in the API's error shape (polled: delivery is asynchronous).
            late = wait_until(lambda: (lambda r: r if r.status_code != 200 else None)(stack.health()), timeout=5,
                              interval=0.02, message="the responder to stop accepting")
            assert_error(late, 502, "unavailable")
            return lock_waits(stack)

        results = concurrently(lambda job: job(), [lambda i=i: create(i) for i in range(in_flight)] + [terminate_when_blocked])
        assert results == [201] * in_flight + [in_flight]
        assert holder.wait(timeout=10) == 0, holder.stderr.read()
        wait_until(lambda: not process_alive(pid) or None, timeout=15, interval=0.05, message="dro-api to exit")
        rows = tenant.footprint()
        assert (rows["containers"], rows["jobs"], rows["used_containers"]) == (in_flight, in_flight, in_flight)
    finally:
        if holder.poll() is None:
            holder.kill()
        restart_api(stack, pid)
    wait_until(lambda: stack.health().status_code == 200 or None, timeout=20, interval=0.1, message="health after api-start")
    assert tenant.create().status_code == 201


def restart_api(stack, old_pid):
    """Starts the responder again once the old one is gone. An exited process may linger as a
    zombie until init reaps it, which `stack.sh` would take for alive: its pid file is dropped."""
    if process_alive(old_pid):
        os.kill(old_pid, signal.SIGTERM)
        wait_until(lambda: not process_alive(old_pid) or None, timeout=40, interval=0.1, message="dro-api to stop")
    if os.path.exists(stack.api_pid_file) and stack.api_pid() == old_pid:
        os.remove(stack.api_pid_file)
    stack.script("api-start")


def test_a_server_that_exits_0_on_sigterm_runs_again_after_a_dockerd_restart(stack, region, docker):
    """Runs last with the other disturbances: the restart stops every container of the stack."""
    fleet = Fleet(stack, region, docker)
    server = fleet.tenant.created(command=["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"])
    finished = fleet.tenant.created(command=["sh", "-c", "exit 0"])
    fleet.converge_until(server["id"], running)
    fleet.converge_until(finished["id"], lambda v: v["observed_state"] == "exited")
    before = fleet.inspect(server["id"])
    stack.script("docker-restart")
    stopped = fleet.inspect(server["id"])
    assert stopped["State"]["Running"] is False and stopped["State"]["ExitCode"] == 0, stopped["State"]
    fleet.reconciler.once()
    after = fleet.inspect(server["id"])
    assert after["Id"] == before["Id"] and after["State"]["Running"] is True, "started again, at once"
    row = fleet.row(server["id"])
    assert row["observed_state"] == "running" and int(row["failures"]) == 0
    # A finished job stays finished across the restart.
    assert fleet.row(finished["id"])["observed_state"] == "exited"
    assert fleet.inspect(finished["id"])["State"]["Running"] is False
