"""While the reconciler works on a container, its row shows `creating` or `removing`."""
import pytest

from conftest import sql_literal
from reconciler_support import docker, fleet, running  # noqa: F401 (fixtures)


@pytest.fixture
def state_trail(stack):
    """Every change of a container's observed_state, in order, recorded by a trigger for the test."""
    stack.sql("CREATE TABLE test_state_trail (seq INT AUTO_INCREMENT PRIMARY KEY, container_id VARCHAR(64), state VARCHAR(16))")
    stack.sql(
        "CREATE TRIGGER test_state_trail_on_update AFTER UPDATE ON containers FOR EACH ROW "
        "INSERT INTO test_state_trail (container_id, state) SELECT NEW.id, NEW.observed_state FROM DUAL "
        "WHERE NOT (NEW.observed_state <=> OLD.observed_state)")
    try:
        yield lambda container_id: [r[0] for r in stack.sql(
            f"SELECT state FROM test_state_trail WHERE container_id = {sql_literal(container_id)} ORDER BY seq")]
    finally:
        stack.sql("DROP TRIGGER IF EXISTS test_state_trail_on_update")
        stack.sql("DROP TABLE IF EXISTS test_state_trail")


def test_a_create_shows_creating_and_a_delete_removing_before_the_outcome(fleet, state_trail):
    body = fleet.tenant.created(command=["sleep", "600"])
    fleet.converge_until(body["id"], running)
    assert state_trail(body["id"]) == ["creating", "running"]

    assert fleet.tenant.delete(f"/v1/containers/{body['id']}").status_code == 202
    fleet.converge_until(body["id"], lambda v: v["observed_state"] == "removed")
    assert state_trail(body["id"]) == ["creating", "running", "removing", "removed"]
    assert fleet.docker_ids(body["id"]) == []


def test_a_stop_and_a_start_record_the_outcome_only(fleet, state_trail):
    body = fleet.tenant.created(command=["sleep", "600"])
    fleet.converge_until(body["id"], running)
    assert fleet.tenant.action(body["id"], "stop").status_code == 202
    fleet.converge_until(body["id"], lambda v: v["observed_state"] == "stopped")
    assert fleet.tenant.action(body["id"], "start").status_code == 202
    fleet.converge_until(body["id"], running)
    assert state_trail(body["id"]) == ["creating", "running", "stopped", "running"]
