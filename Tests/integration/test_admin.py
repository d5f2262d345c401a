"""dro-admin: the forms scripts and panels call, their output, errors, drift and retention."""
import json
import subprocess

import pytest

from conftest import sql_literal, unique


def admin_human(stack, *args):
    """dro-admin without --json: what a script reading its output sees."""
    return subprocess.run([f"{stack.bin_dir}/dro-admin", *args, "--config", stack.config],
                          capture_output=True, text=True, timeout=60)


def test_tenant_create_prints_the_id_and_token_create_prints_the_token_alone_on_the_last_line(stack):
    name = unique("t")
    created = admin_human(stack, "tenant", "create", name)
    assert created.returncode == 0 and created.stdout.strip().startswith("ten_")
    token_run = admin_human(stack, "token", "create", name, "--expires", "90d")
    assert token_run.returncode == 0
    last = token_run.stdout.strip().splitlines()[-1]
    assert last.startswith("dro_") and " " not in last
    # The token works, by name or id; the list never shows a secret.
    listed = admin_human(stack, "token", "list", created.stdout.strip())
    assert listed.returncode == 0 and last not in listed.stdout and last.split("_")[-1] not in listed.stdout
    listed_json = stack.admin("token", "list", name)
    assert len(listed_json) == 1 and set(listed_json[0]) == {"id", "name", "tenant_id", "created_at", "expires_at", "revoked"}
    assert stack.session(last).get(stack.url("/v1/quota")).status_code == 200
    # Stored hashed: the secret is nowhere in the table.
    assert stack.count(f"SELECT COUNT(*) FROM api_tokens WHERE HEX(secret_sha256) = HEX({sql_literal(last)})") == 0


@pytest.mark.parametrize("by", ["token", "id"])
def test_token_revoke_by_token_or_id(stack, by):
    name = unique("t")
    stack.admin("tenant", "create", name)
    created = stack.admin("token", "create", name)
    revoked = stack.admin("token", "revoke", created["token"] if by == "token" else created["id"])
    assert revoked["id"] == created["id"]
    assert stack.session(created["token"]).get(stack.url("/v1/quota")).status_code == 401
    assert stack.admin("token", "list", name)[0]["revoked"] is True


@pytest.mark.parametrize("args, message", [
    (("tenant", "create", "Bad_Name"), "name"),
    (("token", "create", "no-such-tenant"), "no tenant"),
    (("token", "revoke", "tok_000000000000000000000000"), "no token"),
    (("quota", "set", "no-such-tenant", "--scope", "*"), "no tenant"),
    (("host", "disable", "no-such-host"), "no host"),
    (("token", "create", "x", "--expires", "soon"), "expires"),
])
def test_errors_go_to_stderr_with_a_non_zero_exit(stack, args, message):
    result = admin_human(stack, *args)
    assert result.returncode != 0
    assert message in result.stderr.lower() and result.stdout == ""


def test_quota_set_on_an_unknown_region_is_refused(stack):
    name = unique("t")
    stack.admin("tenant", "create", name)
    result = admin_human(stack, "quota", "set", name, "--scope", "no-such-region", "--containers", "1")
    assert result.returncode != 0 and "no region" in result.stderr


def test_quota_show_reports_usage_and_drift(stack, tenant):
    tenant.quota("--scope", "*", "--containers", "10", "--cpu", "4", "--memory", "1g")
    tenant.created(cpu_limit=1.5, mem_limit="128m")
    shown = stack.admin("quota", "show", tenant.id)
    assert shown[0]["allocation"]["used_containers"] == 1 and shown[0]["allocation"]["used_cpu"] == 1.5
    assert shown[0]["drift"] is False
    stack.sql(f"UPDATE allocations SET used_containers = 7 WHERE tenant_id = {sql_literal(tenant.id)}")
    shown = stack.admin("quota", "show", tenant.id)
    assert shown[0]["drift"] is True and shown[0]["counted"]["containers"] == 1


def test_host_disable_drains_and_enable_restores_placement(stack, region_factory, tenant_factory):
    made = region_factory()
    host = made["hosts"][0]
    tenant = tenant_factory(host=host)
    assert tenant.create().status_code == 201
    assert stack.admin("host", "disable", host)["enabled"] is False
    assert tenant.create().status_code == 400
    assert stack.admin("host", "enable", host)["enabled"] is True
    assert tenant.create().status_code == 201
    assert host in {h["host_key"] for h in stack.admin("host", "list")}


def test_purge_removes_what_retention_allows_and_keeps_the_rest(stack, tenant):
    old = tenant.created()
    recent = tenant.created()
    for body in (old, recent):
        assert tenant.action(body["id"], "delete").status_code == 202
    old_id, tenant_id = sql_literal(old["id"]), sql_literal(tenant.id)
    stack.sql(f"UPDATE containers SET deleted_at = UTC_TIMESTAMP(6) - INTERVAL 8 DAY WHERE id = {old_id}")
    stack.sql(f"UPDATE jobs SET state = 'done', updated_at = UTC_TIMESTAMP(6) - INTERVAL 2 DAY WHERE container_id = {old_id}")
    tenant.created(headers={"Idempotency-Key": "purge-me"})
    stack.sql(f"UPDATE idempotency_keys SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE tenant_id = {tenant_id}")
    report = stack.admin("purge")
    assert report["containers"] >= 1 and report["idempotency_keys"] >= 1
    assert tenant.get(f"/v1/containers/{old['id']}").status_code == 404
    assert tenant.get(f"/v1/containers/{recent['id']}").json()["desired_state"] == "deleted"
    assert stack.count(f"SELECT COUNT(*) FROM jobs WHERE container_id = {old_id}") == 0


def test_a_binary_refuses_a_schema_older_than_its_minimum(stack):
    """(Later schemas: test_schema_compat.py.) dro-reconcile needs more than schema 1."""
    saved = stack.rows("SELECT version, name, applied_at, breaking FROM schema_migrations WHERE version >= 2")
    stack.sql("DELETE FROM schema_migrations WHERE version >= 2")
    try:
        result = subprocess.run([f"{stack.bin_dir}/dro-reconcile", "--host-key", "x", "--once", "--config", stack.config],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode != 0 and "needs schema version" in result.stderr, result.stderr
        assert "dro-admin migrate" in result.stderr
    finally:
        for row in saved:
            stack.sql(f"INSERT INTO schema_migrations (version, name, applied_at, breaking) VALUES "
                      f"({row['version']}, '{row['name']}', '{row['applied_at']}', {row['breaking']})")
    assert json.loads(admin_human(stack, "host", "list", "--json").stdout) is not None


def test_migrate_is_idempotent(stack):
    assert stack.admin("migrate")["applied"] == []


def test_purge_removes_tenants_deleted_before_the_retention_and_keeps_recent_ones(stack):
    old, recent = (stack.admin("tenant", "create", unique("gone"))["id"] for _ in range(2))
    for tenant_id in (old, recent):
        stack.admin("token", "create", tenant_id)
        assert stack.admin("tenant", "delete", tenant_id)["status"] == "deleted"
    stack.sql(f"UPDATE tenants SET deleted_at = UTC_TIMESTAMP(6) - INTERVAL 8 DAY WHERE id = {sql_literal(old)}")
    assert stack.admin("purge")["tenants"] >= 1
    assert stack.count(f"SELECT COUNT(*) FROM tenants WHERE id = {sql_literal(old)}") == 0
    assert stack.count(f"SELECT COUNT(*) FROM api_tokens WHERE tenant_id = {sql_literal(old)}") == 0
    assert stack.admin("tenant", "show", recent)["status"] == "deleted"


def test_purge_removes_webhooks_deleted_before_the_retention(stack):
    stack.sql("INSERT INTO webhooks (id, url, secret_ciphertext, secret_nonce, status, created_at, deleted_at) VALUES "
              "('whk_purge_old', 'https://127.0.0.1:9/', '', '', 'active', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) - INTERVAL 8 DAY), "
              "('whk_purge_new', 'https://127.0.0.1:9/', '', '', 'active', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))")
    assert stack.admin("purge")["webhooks"] >= 1
    assert [r["id"] for r in stack.rows("SELECT id FROM webhooks WHERE id LIKE 'whk_purge_%'")] == ["whk_purge_new"]
