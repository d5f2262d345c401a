"""Schema compatibility: each binary accepts its minimum schema and any later one whose
migrations since are all additive, so a migration applied while reconcilers and responders run
does not stop them; a migration marked breaking does. The future migrations here are rows in
schema_migrations only (what a newer dro-admin would have recorded), removed afterwards."""
import subprocess

import pytest

from conftest import required_env
from side_responder import SideResponder
from reconciler_support import docker, fleet, running  # noqa: F401 (fixtures)


@pytest.fixture
def future_migration(stack):
    """Records a migration newer than this build knows; answers a setter for its breaking flag."""
    version = int(stack.scalar("SELECT MAX(version) FROM schema_migrations")) + 100
    stack.sql(f"INSERT INTO schema_migrations (version, name, applied_at, breaking) "
              f"VALUES ({version}, 'a later release', UTC_TIMESTAMP(6), 0)")
    try:
        yield lambda breaking: stack.sql(
            f"UPDATE schema_migrations SET breaking = {int(breaking)} WHERE version = {version}")
    finally:
        stack.sql(f"DELETE FROM schema_migrations WHERE version = {version}")


def restart_api(stack, check=True):
    stack.script("api-stop")
    return stack.script("api-start", check=check)


def test_a_later_additive_schema_keeps_every_binary_working(stack, fleet, future_migration):
    body = fleet.tenant.created(command=["sleep", "600"])
    fleet.converge_until(body["id"], running)
    assert stack.admin("host", "list")
    restart_api(stack)
    assert stack.health().status_code == 200
    assert fleet.view(body["id"])["observed_state"] == "running"


def test_a_later_breaking_schema_stops_the_binaries_with_a_clear_message(stack, fleet, future_migration):
    future_migration(True)
    result = fleet.reconciler.once(check=False)
    assert result.returncode != 0
    assert "breaking" in result.stderr and "upgrade dro-reconcile" in result.stderr, result.stderr
    refused = stack.admin("host", "list", check=False)
    assert refused.returncode != 0 and "upgrade dro-admin" in refused.stderr, refused.stderr
    try:
        assert restart_api(stack, check=False).returncode != 0
        assert "upgrade dro-api" in open(f"{stack.state}/api/api.log").read().splitlines()[-1]
    finally:
        future_migration(False)
        restart_api(stack)
    fleet.reconciler.once()
    assert stack.health().status_code == 200


def previous_binary(name):
    return f"{required_env('DRO_TEST_PREVIOUS_BIN')}/{name}"


def test_the_previous_release_works_against_this_schema(stack, fleet, tmp_path):
    """The binaries of compat/previous-release, on the schema this tree migrated the stack to."""
    admin = subprocess.run([previous_binary("dro-admin"), "host", "list", "--json", "--config", stack.config],
                           capture_output=True, text=True, timeout=60)
    assert admin.returncode == 0, admin.stderr
    assert fleet.host in admin.stdout
    body = fleet.tenant.created(command=["sleep", "600"])
    reconcile = subprocess.run([previous_binary("dro-reconcile"), "--host-key", fleet.host, "--once", "--config", stack.config],
                               capture_output=True, text=True, timeout=120)
    assert reconcile.returncode == 0, reconcile.stderr
    assert fleet.view(body["id"])["observed_state"] == "running"
    # The previous responder on a socket of its own, asked directly over FastCGI.
    responder = SideResponder(stack, tmp_path, binary=previous_binary("dro-api"))
    try:
        status, answer = responder.request("GET", f"/v1/containers/{body['id']}", token=fleet.tenant.token)
        assert status == 200, answer
        assert answer["observed_state"] == "running"
    finally:
        responder.stop()
