"""Delete: name and quota are freed when the DELETE commits; the row stays
readable as deleted, refuses state changes with 409, answers a repeated DELETE with 202 and
disappears from lists."""
from conftest import assert_error


def test_delete_frees_name_and_quota_at_once(tenant_factory):
    tenant = tenant_factory(caps=("--containers", "1", "--cpu", "1", "--memory", "128m"))
    old = tenant.created("web", cpu_limit=1, mem_limit="128m")
    allocation = tenant.allocation()
    assert (allocation["used_containers"], allocation["used_cpu_millis"], allocation["used_mem_bytes"]) == (1, 1000, 128 << 20)

    r = tenant.action(old["id"], "delete")
    assert r.status_code == 202, r.text
    assert r.json()["desired_state"] == "deleted"
    allocation = tenant.allocation()
    assert (allocation["used_containers"], allocation["used_cpu_millis"], allocation["used_mem_bytes"]) == (0, 0, 0)

    new = tenant.created("web", cpu_limit=1, mem_limit="128m")
    assert new["id"] != old["id"]
    assert tenant.allocation()["used_containers"] == 1


def test_deleted_container_is_readable_refuses_changes_and_leaves_lists(tenant):
    keep = tenant.created("keep")
    gone = tenant.created("gone")
    assert tenant.action(gone["id"], "delete").status_code == 202
    row = tenant.container_row(gone["id"])
    assert (row["desired_state"], row["generation"], row["live_name"]) == ("deleted", "2", None)
    assert row["deleted_at"] is not None

    got = tenant.get(f"/v1/containers/{gone['id']}")
    assert got.status_code == 200 and got.json()["desired_state"] == "deleted" and got.json()["name"] == "gone"
    for action in ("start", "stop", "restart"):
        assert_error(tenant.action(gone["id"], action), 409, "conflict")
    again = tenant.action(gone["id"], "delete")
    assert again.status_code == 202 and again.json()["desired_state"] == "deleted"
    # Nothing changed after the first delete: no new generation, job or event.
    assert tenant.container_row(gone["id"])["generation"] == "2"
    assert [(j["generation"], j["state"]) for j in tenant.jobs(gone["id"])] == [("2", "pending")]
    assert tenant.footprint()["events"] == 3  # two creates, one delete
    assert [c["id"] for c in tenant.get("/v1/containers").json()["containers"]] == [keep["id"]]
    assert tenant.allocation()["used_containers"] == 1


def test_a_purged_container_is_gone(stack, tenant):
    c = tenant.created("purged")
    assert tenant.action(c["id"], "delete").status_code == 202
    assert tenant.get(f"/v1/containers/{c['id']}").status_code == 200
    # Deleted longer ago than the retention period (7 days on the test stack).
    stack.sql(f"UPDATE containers SET deleted_at = NOW(6) - INTERVAL 8 DAY WHERE id = '{c['id']}'")
    stack.admin("purge")
    assert_error(tenant.get(f"/v1/containers/{c['id']}"), 404, "not_found")
    assert_error(tenant.action(c["id"], "delete"), 404, "not_found")
    assert tenant.allocation()["used_containers"] == 0
