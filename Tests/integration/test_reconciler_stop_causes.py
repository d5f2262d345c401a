"""Why a container stopped decides what happens next: the platform's own stop (a suspension
here) and a dockerd restart start it again without backoff; only its own exit has exit semantics."""
from conftest import sql_literal
from reconciler_support import docker, fleet, running  # noqa: F401 (fixtures)


def test_suspension_stops_the_tenants_containers_and_resume_restarts_exactly_those_without_backoff(stack, fleet):
    server = fleet.tenant.created(command=["sleep", "3600"])
    finished = fleet.tenant.created(command=["sh", "-c", "exit 0"])
    fleet.converge_until(server["id"], running)
    fleet.converge_until(finished["id"], lambda v: v["observed_state"] == "exited")
    # A container that crashed before: a backoff that would otherwise hold a restart for minutes.
    stack.sql(f"UPDATE containers SET failures = 5, backoff_until = UTC_TIMESTAMP(6) + INTERVAL 10 MINUTE "
              f"WHERE id = {sql_literal(server['id'])}")
    stack.admin("tenant", "suspend", fleet.tenant.id)
    try:
        fleet.reconciler.once()
        row = fleet.row(server["id"])
        assert (row["observed_state"], row["last_error_code"], row["stop_cause"]) == ("stopped", "suspended", "suspension")
        assert "suspended" in row["last_error"]
        assert row["desired_state"] == "running", "suspension never changes desired state"
        assert int(row["failures"]) == 5, "a suspension's stop is not a failure"
        assert fleet.inspect(server["id"])["State"]["Running"] is False
        fleet.reconciler.once()  # steady while suspended
        assert fleet.inspect(server["id"])["State"]["Running"] is False
    finally:
        stack.admin("tenant", "resume", fleet.tenant.id)
    fleet.reconciler.once()
    assert fleet.inspect(server["id"])["State"]["Running"] is True, "resumed at once, whatever the backoff said"
    row = fleet.row(server["id"])
    assert row["observed_state"] == "running" and row["last_error_code"] is None and row["stop_cause"] is None
    # The finished job was not running when the suspension came: it stays down.
    assert fleet.row(finished["id"])["observed_state"] == "exited"
    assert fleet.inspect(finished["id"])["State"]["Running"] is False


def test_an_own_exit_0_stays_down_and_a_crash_backs_off(fleet):
    done = fleet.tenant.created(command=["sh", "-c", "exit 0"])
    view = fleet.converge_until(done["id"], lambda v: v["observed_state"] == "exited")
    assert view["exit_code"] == 0
    fleet.reconciler.once()
    row = fleet.row(done["id"])
    assert (row["observed_state"], row["stop_cause"]) == ("exited", "exit")
    assert len(fleet.starts(done["id"])) == 1
