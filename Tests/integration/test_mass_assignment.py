"""Mass assignment: create reads only its allowlist; platform-controlled fields in
a body are dropped without a word, and nothing of them reaches the stored row or spec."""
import json

HOSTILE = {
    "privileged": True,
    "volumes": ["/:/host"],
    "networks": ["host"],
    "cap_add": ["SYS_ADMIN"],
    "capabilities": ["NET_ADMIN"],
    "devices": ["/dev/kmsg"],
    "user": "root",
    "id": "ctr_attackerchosen00000000",
    "tenant_id": "ten_attackerchosen00000000",
    "desired_state": "stopped",
    "observed_state": "running",
    "generation": 99,
    "created_at": "2000-01-01T00:00:00Z",
}
SPEC_KEYS = {"image", "env", "ports", "cpu_millis", "mem_limit", "mem_bytes", "command", "restart", "labels"}


def test_platform_fields_are_dropped(tenant):
    r = tenant.create("web", env={"A": "1"}, ports=[80], cpu_limit=0.5, mem_limit="64m", command=["sleep", "60"], **HOSTILE)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["id"] != HOSTILE["id"] and body["id"].startswith("ctr_")
    assert body["desired_state"] == "running" and body["observed_state"] == "pending"
    assert body["created_at"] != HOSTILE["created_at"]
    for key in HOSTILE:
        if key not in ("id", "desired_state", "observed_state", "created_at"):
            assert key not in body, key

    row = tenant.container_row(body["id"])
    assert row["id"] == body["id"]
    assert row["tenant_id"] == tenant.id
    assert row["desired_state"] == "running"
    assert row["observed_state"] == "pending"
    assert row["generation"] == "1" and row["observed_generation"] == "0"
    assert not row["created_at"].startswith("2000")
    assert row["cpu_millis"] == "500" and row["mem_bytes"] == str(64 * 1024 * 1024)
    assert row["docker_id"] is None and row["published_ports"] is None

    spec = json.loads(row["spec"])
    assert set(spec) <= SPEC_KEYS, spec
    assert spec["env"] == {"A": "1"} and spec["command"] == ["sleep", "60"]
    for key in HOSTILE:
        assert f'"{key}"' not in row["spec"], key
    for value in ("SYS_ADMIN", "NET_ADMIN", "/host", "/dev/kmsg", "someone-else", "attackerchosen", "root"):
        assert value not in row["spec"], value


def test_start_false_is_the_only_way_to_a_stopped_create(tenant):
    body = tenant.created(start=False, desired_state="running")
    assert body["desired_state"] == "stopped"
    assert tenant.container_row(body["id"])["desired_state"] == "stopped"
