"""Host PATCH on the operator API: a change is stored with one `host.updated` event naming the
fields that changed by value; a PATCH that changes nothing is a 200 no-op without an event."""
import json

import pytest

from conftest import sql_literal, unique
from operator_support import operator  # noqa: F401 (fixture)


@pytest.fixture
def host(operator):
    key = unique("host")
    operator.ok("POST", "/hosts", 201, json={"host_key": key, "region": unique("region")})
    return key


def updates(stack, key):
    return [json.loads(row[0])["fields"] for row in stack.sql(
        f"SELECT detail FROM events WHERE action = 'host.updated' AND JSON_VALUE(detail, '$.host_key') = {sql_literal(key)} ORDER BY id")]


def test_an_unchanged_host_patch_is_a_no_op(stack, operator, host):
    first = operator.ok("PATCH", f"/hosts/{host}", json={"public_address": "127.0.0.1", "cpu_count": 3})
    assert updates(stack, host) == [["public_address", "cpu_count"]]
    again = operator.ok("PATCH", f"/hosts/{host}", json={"public_address": "127.0.0.1", "cpu_count": 3})
    assert again == first
    assert updates(stack, host) == [["public_address", "cpu_count"]]


def test_a_host_patch_names_only_the_fields_that_changed(stack, operator, host):
    operator.ok("PATCH", f"/hosts/{host}", json={"cpu_count": 3})
    changed = operator.ok("PATCH", f"/hosts/{host}", json={"cpu_count": 3, "mem_bytes": 64 * 1048576})
    assert changed["mem_bytes_override"] == 64 * 1048576
    assert updates(stack, host) == [["cpu_count"], ["mem_bytes"]]
    operator.ok("PATCH", f"/hosts/{host}", json={"mem_bytes": None, "public_address": None})
    assert updates(stack, host) == [["cpu_count"], ["mem_bytes"], ["mem_bytes"]]
