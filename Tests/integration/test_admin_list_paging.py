"""The operator API's region, host and tenant-token lists page like every other list: `limit`
1–200 (default 50), a keyset `next_cursor` that is null after the last page, and a 400 naming
`cursor` for a cursor the list did not issue."""
import base64

import pytest

from conftest import assert_error, make_region, unique
from operator_support import operator  # noqa: F401 (fixture)


def walk(operator, path, key, limit):
    """Every page of a list; answers the items in order."""
    items, cursor = [], None
    while True:
        page = operator.ok("GET", f"{path}?limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        assert set(page) == {key, "next_cursor"}
        assert len(page[key]) <= limit
        items += page[key]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
        assert len(page[key]) == limit
        assert len(items) < 10_000, "the cursor does not advance"


@pytest.fixture(scope="module")
def fleet_lists(stack):
    """Three regions of two hosts each, so that every list here has several pages."""
    return [make_region(stack, hosts=2) for _ in range(3)]


def test_regions_page_in_name_order(stack, operator, fleet_lists):
    regions = walk(operator, "/regions", "regions", 2)
    names = [r["name"] for r in regions]
    assert names == sorted(names) and len(set(names)) == len(names)
    assert {r["region"] for r in fleet_lists} <= set(names)
    assert names == [r["name"] for r in walk(operator, "/regions", "regions", 200)]


def test_hosts_page_in_region_and_key_order(stack, operator, fleet_lists):
    hosts = walk(operator, "/hosts", "hosts", 3)
    keys = [(h["region"], h["host_key"]) for h in hosts]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert {k for r in fleet_lists for k in r["hosts"]} <= {h["host_key"] for h in hosts}
    assert "queued_jobs" in hosts[0]


def test_a_tenants_tokens_page_oldest_first(operator):
    tenant = operator.ok("POST", "/tenants", 201, json={"name": unique("t")})
    made = [operator.ok("POST", f"/tenants/{tenant['id']}/tokens", 201, json={"name": f"k{n}"})["id"] for n in range(5)]
    first = operator.ok("GET", f"/tenants/{tenant['id']}/tokens?limit=2")
    assert [t["id"] for t in first["tokens"]] == made[:2] and first["next_cursor"]
    assert [t["id"] for t in walk(operator, f"/tenants/{tenant['id']}/tokens", "tokens", 2)] == made
    whole = operator.ok("GET", f"/tenants/{tenant['id']}/tokens")
    assert [t["id"] for t in whole["tokens"]] == made and whole["next_cursor"] is None


@pytest.mark.parametrize("path", ["/regions", "/hosts", "/tenants/{tenant}/tokens"])
def test_the_limit_is_1_to_200(operator, fleet_lists, path):
    tenant = operator.ok("POST", "/tenants", 201, json={"name": unique("t")})
    path = path.format(tenant=tenant["id"])
    for limit in (0, 201, -1, "x"):
        assert_error(operator.request("GET", f"{path}?limit={limit}"), 400, "validation_error", "limit")
    for limit in (1, 200):
        operator.ok("GET", f"{path}?limit={limit}")


def b64(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("path", ["/regions", "/hosts", "/tenants/{tenant}/tokens"])
def test_a_cursor_the_list_did_not_issue_is_400(operator, fleet_lists, path):
    tenant = operator.ok("POST", "/tenants", 201, json={"name": unique("t")})
    path = path.format(tenant=tenant["id"])
    others = {"/regions": "/hosts", "/hosts": "/regions"}
    foreign = operator.ok("GET", f"{others.get(path, '/regions')}?limit=1")["next_cursor"]
    tenants_cursor = operator.ok("GET", "/tenants?limit=1")["next_cursor"]
    for cursor in ["garbage", "%00", b64("r1:[1]"), b64('h1:["a"]'), b64("k1:x|y"), foreign, tenants_cursor]:
        assert_error(operator.request("GET", f"{path}?cursor={cursor}"), 400, "validation_error", "cursor")
