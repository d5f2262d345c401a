"""Each MariaDB user (tenant api, operator api, reconciler, webhook deliverer) holds only the grants it needs."""
import subprocess

import pytest


def as_user(stack, role, statement):
    config = __import__("json").load(open(stack.config))["database"][role]
    return subprocess.run(
        ["mariadb", "--no-defaults", f"--socket={stack.db_socket}", f"-u{config['user']}", f"-p{config['password']}",
         "dro", "-e", statement], capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("role, statement", [
    ("api", "DROP TABLE events"),
    ("api", "DELETE FROM containers"),
    ("api", "UPDATE containers SET observed_state = 'running'"),
    ("api", "UPDATE allocations SET max_containers = 1000000"),
    ("api", "DELETE FROM events"),
    ("api", "INSERT INTO tenants (id, name, created_at) VALUES ('ten_x', 'x', NOW())"),
    ("reconciler", "INSERT INTO tenants (id, name, created_at) VALUES ('ten_x', 'x', NOW())"),
    ("reconciler", "INSERT INTO api_tokens (id, tenant_id, secret_sha256, created_at) VALUES ('tok_x', 'ten_x', '', NOW())"),
    ("reconciler", "UPDATE containers SET desired_state = 'running'"),
    ("reconciler", "SELECT * FROM api_tokens"),
    ("reconciler", "DROP TABLE jobs"),
    ("reconciler", "UPDATE tenants SET allowed_egress_cidrs = '[\"0.0.0.0/0\"]'"),
    ("reconciler", "UPDATE hosts SET public_address = 'x'"),
    ("reconciler", "UPDATE containers SET recreate_generation = 9"),
    ("api", "UPDATE hosts SET public_address = 'x'"),
    ("api", "UPDATE containers SET policy_version = 9"),
    ("api", "SELECT * FROM leases"),
    ("api", "UPDATE tenants SET status = 'active'"),
    ("api", "UPDATE api_tokens SET revoked = 0"),
    ("api", "INSERT INTO api_tokens (id, tenant_id, secret_sha256, created_at) VALUES ('tok_x', 'ten_x', '', NOW())"),
    ("api", "SELECT * FROM operator_tokens"),
    ("operator", "INSERT INTO operator_tokens (id, name, secret_sha256, created_at) VALUES ('opt_x', 'x', '', NOW())"),
    ("operator", "UPDATE operator_tokens SET revoked = 0"),
    ("operator", "DROP TABLE events"),
    ("operator", "CREATE TABLE x (a INT)"),
    ("operator", "DELETE FROM events"),
    ("operator", "UPDATE containers SET spec = '{}'"),
    ("operator", "DELETE FROM containers"),
    ("operator", "SELECT * FROM container_logs"),
    ("operator", "SELECT * FROM leases"),
    ("reconciler", "SELECT * FROM operator_tokens"),
    ("reconciler", "UPDATE tenants SET name = 'x'"),
    ("webhooks", "UPDATE webhooks SET url = 'https://elsewhere.example/'"),
    ("webhooks", "UPDATE webhooks SET secret_ciphertext = ''"),
    ("webhooks", "UPDATE webhooks SET deleted_at = NULL"),
    ("webhooks", "UPDATE webhooks SET tenant_id = NULL"),
    ("webhooks", "INSERT INTO webhooks (id, url, secret_ciphertext, secret_nonce, created_at) VALUES ('whk_x', 'x', '', '', NOW())"),
    ("webhooks", "DELETE FROM webhooks"),
    ("webhooks", "INSERT INTO events (actor, action, created_at) VALUES ('x', 'x', NOW())"),
    ("webhooks", "DELETE FROM events"),
    ("webhooks", "SELECT * FROM tenants"),
    ("webhooks", "SELECT * FROM api_tokens"),
    ("webhooks", "SELECT * FROM operator_tokens"),
    ("webhooks", "SELECT * FROM containers"),
    ("webhooks", "SELECT * FROM leases"),
    ("webhooks", "DROP TABLE webhooks"),
    ("api", "SELECT * FROM webhooks"),
    ("reconciler", "SELECT * FROM webhooks"),
    ("operator", "DROP TABLE webhooks"),
    ("operator", "DELETE FROM metrics_export_lease"),
    ("api", "SELECT * FROM metrics_export_lease"),
    ("reconciler", "SELECT * FROM metrics_export_lease"),
    ("webhooks", "SELECT * FROM metrics_export_lease"),
])
def test_a_role_cannot_do_what_it_does_not_need(stack, role, statement):
    result = as_user(stack, role, statement)
    assert result.returncode != 0 and "denied" in result.stderr.lower(), result.stderr


@pytest.mark.parametrize("role, statement", [
    ("api", "SELECT COUNT(*) FROM containers"),
    ("reconciler", "SELECT COUNT(*) FROM containers"),
    ("reconciler", "SELECT COUNT(*) FROM jobs"),
    ("reconciler", "SELECT id, suspended, allowed_egress_cidrs FROM tenants LIMIT 1"),
    ("reconciler", "SELECT COUNT(*) FROM leases"),
    ("operator", "SELECT COUNT(*) FROM operator_tokens"),
    ("operator", "SELECT COUNT(*) FROM events"),
    ("operator", "SELECT COUNT(*) FROM jobs"),
    ("api", "SELECT COUNT(*) FROM events"),
    ("operator", "SELECT COUNT(*) FROM webhooks"),
    ("operator", "UPDATE webhooks SET status = 'active' WHERE id = 'whk_none'"),
    ("operator", "SELECT COUNT(*) FROM metrics_export_lease"),
    ("operator", "SELECT COUNT(*) FROM hosts WHERE last_seen_at IS NULL"),
    ("webhooks", "SELECT COUNT(*) FROM events"),
    ("webhooks", "SELECT COUNT(*) FROM webhooks"),
    ("webhooks", "UPDATE webhooks SET attempts = 0, status = 'active', position = position, lease_owner = NULL WHERE id = 'whk_none'"),
])
def test_a_role_can_do_what_it_needs(stack, role, statement):
    result = as_user(stack, role, statement)
    assert result.returncode == 0, result.stderr


def test_the_operator_reaches_only_the_metrics_export_lease_row(stack):
    """The view's check option refuses any other lease name, so the operator cannot take a sweep lease."""
    result = as_user(stack, "operator", "INSERT INTO metrics_export_lease (name, owner, expires_at, acquired_at) "
                                        "VALUES ('sweep:h', 'x', NOW(), NOW())")
    assert result.returncode != 0 and "check option" in result.stderr.lower(), result.stderr
    result = as_user(stack, "operator", "UPDATE metrics_export_lease SET name = 'sweep:h'")
    assert result.returncode != 0 and "check option" in result.stderr.lower(), result.stderr
