"""GET /v1/containers/{id}/logs: an empty answer until something is captured,
then the captured lines with their streams and timestamps, the last `tail` of them, and invalid
UTF-8 replaced by U+FFFD."""
from conftest import sql_literal

LINES = [
    ("1", "2026-01-02T03:04:01.000000001Z", "hello world"),
    ("2", "2026-01-02T03:04:02.000000002Z", "oops: disk full"),
    ("1", "2026-01-02T03:04:03.000000003Z", None),  # holds an invalid byte, see below
    ("2", "2026-01-02T03:04:04.000000004Z", "  spaced  text  "),
]


def capture(stack, tenant, container_id, truncated):
    """Stores captured lines as the reconciler does: `<1|2> <timestamp> <bytes>\\n` per line."""
    parts = []
    for stream, ts, text in LINES:
        if text is None:
            parts += [sql_literal(f"{stream} {ts} bad "), "UNHEX('FF')", sql_literal(" byte \u00e9\n")]
        else:
            parts.append(sql_literal(f"{stream} {ts} {text}\n"))
    stack.sql(f"""INSERT INTO container_logs (container_id, tenant_id, captured_lines, truncated, since, captured_at)
                  VALUES ({sql_literal(container_id)}, {sql_literal(tenant.id)}, CONCAT({', '.join(parts)}),
                          {int(truncated)}, '2026-01-02T03:04:04.000000004Z', '2026-01-02 03:04:05.123456')""")


def expected_lines():
    streams = {"1": "stdout", "2": "stderr"}
    return [{"stream": streams[s], "ts": ts, "text": text if text is not None else "bad \ufffd byte \u00e9"}
            for s, ts, text in LINES]


def test_nothing_captured_yet(tenant):
    c = tenant.created()
    r = tenant.get(f"/v1/containers/{c['id']}/logs")
    assert r.status_code == 200
    assert r.json() == {"container_id": c["id"], "captured_at": None, "truncated": False, "lines": []}


def test_captured_lines_streams_tail_and_replacement(stack, tenant):
    c = tenant.created()
    capture(stack, tenant, c["id"], truncated=True)
    r = tenant.get(f"/v1/containers/{c['id']}/logs")
    assert r.status_code == 200
    body = r.json()
    assert body == {"container_id": c["id"], "captured_at": "2026-01-02T03:04:05.123456Z", "truncated": True,
                    "lines": expected_lines()}
    # The answer is valid UTF-8 JSON (the replacement character, not the raw byte).
    assert b"\xff" not in r.content
    for tail in (1, 2, 4, 5000):
        got = tenant.get(f"/v1/containers/{c['id']}/logs?tail={tail}").json()["lines"]
        assert got == expected_lines()[-tail:]


def test_logs_of_a_deleted_container_stay_readable(stack, tenant):
    c = tenant.created()
    capture(stack, tenant, c["id"], truncated=False)
    assert tenant.action(c["id"], "delete").status_code == 202
    body = tenant.get(f"/v1/containers/{c['id']}/logs?tail=1").json()
    assert body["truncated"] is False and body["lines"] == expected_lines()[-1:]


def test_default_tail_is_100(stack, tenant):
    c = tenant.created()
    records = "".join(f"{1 + i % 2} 2026-01-02T03:04:05.{i:09d}Z line {i}\n" for i in range(150))
    stack.sql(f"""INSERT INTO container_logs (container_id, tenant_id, captured_lines, truncated, captured_at)
                  VALUES ({sql_literal(c['id'])}, {sql_literal(tenant.id)}, {sql_literal(records)}, 0, NOW(6))""")
    lines = tenant.get(f"/v1/containers/{c['id']}/logs").json()["lines"]
    assert [line["text"] for line in lines] == [f"line {i}" for i in range(50, 150)]
    assert [line["stream"] for line in lines[:2]] == ["stdout", "stderr"]
    assert len(tenant.get(f"/v1/containers/{c['id']}/logs?tail=5000").json()["lines"]) == 150
