"""Every limit of the API contract, on both sides, through the API (Core's unit tests cover them in
depth; these prove the responder applies them)."""
import pytest

from conftest import assert_error

KIB = 1024

# id: (extra create fields, None when accepted or the field a 400 names)
CASES = {
    "name-63": ({"name": "n" * 63}, None),
    "name-64": ({"name": "n" * 64}, "name"),
    "env-200-keys": ({"env": {f"K{i}": "v" for i in range(200)}}, None),
    "env-201-keys": ({"env": {f"K{i}": "v" for i in range(201)}}, "env"),
    "env-value-32KiB": ({"env": {"BIG": "v" * (32 * KIB)}}, None),
    "env-value-32KiB+1": ({"env": {"BIG": "v" * (32 * KIB + 1)}}, "env.BIG"),
    "env-key-128": ({"env": {"K" * 128: "v"}}, None),
    "env-key-129": ({"env": {"K" * 129: "v"}}, "env"),
    "ports-50": ({"ports": list(range(1000, 1050))}, None),
    "ports-51": ({"ports": list(range(1000, 1051))}, "ports"),
    "port-65535": ({"ports": [65535]}, None),
    "port-65536": ({"ports": [65536]}, "ports[0]"),
    "port-0": ({"ports": ["0/udp"]}, "ports[0]"),
    "cpu-0.01": ({"cpu_limit": 0.01}, None),
    "cpu-0.009": ({"cpu_limit": 0.009}, "cpu_limit"),
    "cpu-256": ({"cpu_limit": 256}, None),
    "cpu-256.5": ({"cpu_limit": 256.5}, "cpu_limit"),
    "mem-6m": ({"mem_limit": "6m"}, None),
    "mem-6MiB-bytes": ({"mem_limit": 6 * KIB * KIB}, None),
    "mem-6MiB-minus-1": ({"mem_limit": str(6 * KIB * KIB - 1)}, "mem_limit"),
    "mem-5m": ({"mem_limit": "5m"}, "mem_limit"),
    "mem-overflow": ({"mem_limit": "9999999999p"}, "mem_limit"),
    "command-64": ({"command": ["x"] * 64}, None),
    "command-65": ({"command": ["x"] * 65}, "command"),
    "command-item-4KiB": ({"command": ["x" * 4 * KIB]}, None),
    "command-item-4KiB+1": ({"command": ["x" * (4 * KIB + 1)]}, "command[0]"),
    "image-255": ({"image": "a" * 251 + ":tag"}, None),
    "image-256": ({"image": "a" * 252 + ":tag"}, "image"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_create_field_limits(tenant, case):
    fields, refused_field = CASES[case]
    r = tenant.create(**fields)
    if refused_field is None:
        assert r.status_code == 201, r.text
    else:
        assert_error(r, 400, "validation_error", field=refused_field)
        assert tenant.footprint()["containers"] == 0


@pytest.mark.parametrize("length,accepted", [(1, True), (255, True), (256, False)])
def test_idempotency_key_length(tenant, length, accepted):
    r = tenant.create(headers={"Idempotency-Key": "k" * length})
    if accepted:
        assert r.status_code == 201, r.text
        assert tenant.footprint()["idempotency_keys"] == 1
    else:
        assert_error(r, 400, "validation_error", field="Idempotency-Key")
        assert tenant.footprint()["containers"] == 0


@pytest.mark.parametrize("query,accepted", [
    ("limit=1", True), ("limit=200", True), ("limit=201", False), ("limit=0", False), ("limit=-1", False),
    ("limit=abc", False), ("limit=", False),
])
def test_list_limit(tenant, query, accepted):
    r = tenant.get(f"/v1/containers?{query}")
    if accepted:
        assert r.status_code == 200, r.text
    else:
        assert_error(r, 400, "validation_error", field="limit")


@pytest.mark.parametrize("query,accepted", [
    ("tail=1", True), ("tail=5000", True), ("tail=5001", False), ("tail=0", False), ("tail=x", False),
])
def test_logs_tail(tenant, query, accepted):
    container = tenant.created()
    r = tenant.get(f"/v1/containers/{container['id']}/logs?{query}")
    if accepted:
        assert r.status_code == 200, r.text
    else:
        assert_error(r, 400, "validation_error", field="tail")
