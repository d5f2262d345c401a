"""What the API answers is what was declared: every route that shows a container
(create, replay, get, list, actions) gives the same view, strings come back byte for byte
whatever they hold, and numbers keep their values."""
import json

import pytest

from conftest import concurrently

TRICKY = {
    "QUOTE": 'say "hi"',
    "BACKSLASH": "C:\\path\\to\\file \\n not a newline",
    "SLASH": "</script><script>alert(1)</script>",
    "NEWLINES": "line1\nline2\r\nline3",
    "CONTROL": "".join(chr(c) for c in range(1, 32)) + "\x7f",
    "UNICODE": "h\u00e9llo w\u00f6rld \u65e5\u672c\u8a9e \U0001F680 \u2028\u2029 \ufeff \ufffd",
    "ESCAPE_LOOKALIKE": "\\u0041 \\\" \\\\ \\/",
    "EMPTY": "",
    "SPACES": "  leading and trailing  ",
    "_": "underscore key",
    "a": "lower-case key sorts after upper-case",
    "Z9": "digits",
}
COMMAND = ["sh", "-c", 'echo "$QUOTE" | tr a-z A-Z; printf "%s\\n" \'\\\\\'', "\u00e9\U0001F680", "", "\t\n"]


def comparable(view):
    """A view without the fields an action legitimately changes."""
    return {k: v for k, v in view.items() if k not in ("desired_state", "updated_at")}


def test_strings_round_trip_on_every_route(tenant):
    r = tenant.create("tricky", env=TRICKY, command=COMMAND, ports=[80, "53/udp", {"container_port": 9000, "protocol": "sctp"}],
                      cpu_limit=0.3, mem_limit="1.5G", headers={"Idempotency-Key": "tricky-key"})
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["env"] == TRICKY
    assert created["command"] == COMMAND
    assert created["ports"] == [
        {"container_port": 53, "protocol": "udp", "host_ip": None, "host_port": None},
        {"container_port": 80, "protocol": "tcp", "host_ip": None, "host_port": None},
        {"container_port": 9000, "protocol": "sctp", "host_ip": None, "host_port": None},
    ]
    assert created["cpu_limit"] == 0.3
    assert created["mem_limit"] == "1.5G" and created["mem_limit_bytes"] == 1536 * 1024 * 1024

    replay = tenant.create("tricky", env=TRICKY, command=COMMAND, ports=[80, "53/udp", {"container_port": 9000, "protocol": "sctp"}],
                           cpu_limit=0.3, mem_limit="1.5G", headers={"Idempotency-Key": "tricky-key"})
    assert replay.headers.get("Idempotent-Replayed") == "true" and replay.content == r.content

    got = tenant.get(f"/v1/containers/{created['id']}").json()
    assert got == created
    (listed,) = tenant.get("/v1/containers").json()["containers"]
    assert listed == created
    stopped = tenant.action(created["id"], "stop").json()
    assert comparable(stopped) == comparable(created) and stopped["desired_state"] == "stopped"
    # The stored spec holds the same strings.
    spec_hex = tenant.stack.scalar(f"SELECT HEX(spec) FROM containers WHERE id = '{created['id']}'")
    spec = json.loads(bytes.fromhex(spec_hex).decode())
    assert spec["env"] == TRICKY and spec["command"] == COMMAND


@pytest.mark.parametrize("cpu", [0.01, 0.1, 0.125, 0.3, 0.999, 1, 1.5, 2.25, 12.345, 100, 255.999, 256])
def test_cpu_limits_keep_their_value(tenant, cpu):
    created = tenant.created(cpu_limit=cpu)
    assert created["cpu_limit"] == cpu
    assert tenant.get(f"/v1/containers/{created['id']}").json()["cpu_limit"] == cpu
    assert tenant.container_row(created["id"])["cpu_millis"] == str(round(cpu * 1000))


@pytest.mark.parametrize("given,expected", [
    ("6m", 6 << 20), ("512M", 512 << 20), ("1.5g", 1536 << 20), ("2GB", 2 << 30), ("1048576000", 1048576000),
    ("7340032b", 7340032), ("0.5t", 1 << 39), (8 << 20, 8 << 20), ("1p", 1 << 50),
])
def test_memory_limits_echo_and_convert(tenant, given, expected):
    created = tenant.created(mem_limit=given)
    assert created["mem_limit"] == (given if isinstance(given, str) else str(given))
    assert created["mem_limit_bytes"] == expected
    assert tenant.get(f"/v1/containers/{created['id']}").json()["mem_limit_bytes"] == expected


def test_every_response_has_the_view_fields_and_a_request_id(tenant):
    created = tenant.create()
    fields = {"id", "name", "image", "host_key", "region", "env", "ports", "cpu_limit", "mem_limit", "mem_limit_bytes",
              "command", "desired_state", "observed_state", "exit_code", "last_error", "last_error_code", "created_at", "updated_at",
              "observed_at", "labels", "restart"}
    cid = created.json()["id"]
    responses = [created, tenant.get(f"/v1/containers/{cid}"), tenant.action(cid, "stop"), tenant.action(cid, "start"),
                 tenant.action(cid, "restart")]
    for r in responses:
        assert r.status_code in (200, 201, 202), r.text
        assert set(r.json()) == fields
        assert r.headers["X-Request-Id"] and r.headers["Content-Type"].startswith("application/json")
    for r in (tenant.get("/v1/containers"), tenant.get("/v1/quota"), tenant.get("/v1/hosts"), tenant.get(f"/v1/containers/{cid}/logs")):
        assert r.status_code == 200 and r.headers["X-Request-Id"]


def test_views_agree_under_concurrent_reads(tenant):
    created = tenant.created(env=TRICKY, command=COMMAND)
    views = concurrently(lambda _: tenant.get(f"/v1/containers/{created['id']}").json(), range(16))
    assert all(v == created for v in views)
