"""Events are the last writes of their transaction: the feed's settle window assumes an event
commits right after its id is taken. Triggers of the test's own (dropped afterwards) log every
row written to the tables an operator mutation touches, with the connection that wrote it; no
other write of a mutation may follow its events."""
import pytest

from conftest import unique
from operator_support import operator  # noqa: F401 (fixture)

TABLES = ["tenants", "api_tokens", "allocations", "containers", "jobs", "regions", "hosts", "idempotency_keys", "events"]


@pytest.fixture
def write_log(stack):
    """Answers a function giving the tables written since the last call, in write order, per connection."""
    stack.sql("CREATE TABLE IF NOT EXISTS zz_write_log (seq BIGINT AUTO_INCREMENT PRIMARY KEY, conn BIGINT, tbl VARCHAR(64))")
    triggers = [f"zz_log_{table}_{op.lower()}" for table in TABLES for op in ("INSERT", "UPDATE", "DELETE")]
    for table in TABLES:
        for op in ("INSERT", "UPDATE", "DELETE"):
            stack.sql(f"CREATE TRIGGER IF NOT EXISTS zz_log_{table}_{op.lower()} AFTER {op} ON {table} FOR EACH ROW "
                      f"INSERT INTO zz_write_log (conn, tbl) VALUES (CONNECTION_ID(), '{table}')")

    def since():
        rows = stack.sql("SELECT conn, tbl FROM zz_write_log ORDER BY seq")
        stack.sql("DELETE FROM zz_write_log")
        writes = {}
        for conn, table in rows:
            writes.setdefault(conn, []).append(table)
        return writes
    since()
    try:
        yield since
    finally:
        for trigger in triggers:
            stack.sql(f"DROP TRIGGER IF EXISTS {trigger}")
        stack.sql("DROP TABLE IF EXISTS zz_write_log")


def assert_events_last(writes, *expected):
    """Each connection's writes end with its events; the given event-writing tables were written."""
    assert writes, "nothing was written"
    for tables in writes.values():
        if "events" in tables:
            first = tables.index("events")
            assert set(tables[first:]) == {"events"}, tables
    written = {t for tables in writes.values() for t in tables}
    assert set(expected) <= written, written


def test_terminating_a_tenant_writes_its_events_last(tenant, operator, write_log):
    for _ in range(2):
        tenant.created(command=["sleep", "3600"])
    write_log()
    operator.ok("DELETE", f"/tenants/{tenant.id}", 202)
    assert_events_last(write_log(), "containers", "jobs", "api_tokens", "allocations", "tenants", "events")


def test_adding_a_host_in_a_new_region_writes_its_events_last(operator, write_log):
    operator.ok("POST", "/hosts", 201, json={"host_key": unique("host"), "region": unique("region")})
    assert_events_last(write_log(), "regions", "hosts", "events")


def test_a_keyed_operator_create_writes_its_event_last(operator, write_log):
    operator.ok("POST", "/tenants", 201, json={"name": unique("t")}, headers={"Idempotency-Key": unique("key")})
    assert_events_last(write_log(), "idempotency_keys", "tenants", "events")
