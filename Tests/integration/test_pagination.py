"""Listing: oldest first, keyset pages of `limit` with an opaque cursor; every
live container appears exactly once; a cursor the API did not issue is a 400."""
import base64

import pytest

from conftest import assert_error, bulk_create, retry_rate_limited, sql_literal


def walk(tenant, limit):
    """Every page of the list; answers the pages' container lists."""
    pages, cursor = [], None
    while True:
        path = f"/v1/containers?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        r = retry_rate_limited(lambda: tenant.get(path))
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == {"containers", "next_cursor"}
        pages.append(body["containers"])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 100, "the cursor does not advance"


def test_walking_pages_yields_every_container_once_oldest_first(stack, tenant):
    created = bulk_create(tenant, 121, prefix="page")
    deleted = created.pop("page-060")
    assert retry_rate_limited(lambda: tenant.action(deleted["id"], "delete")).status_code == 202

    pages = walk(tenant, 7)
    assert [len(p) for p in pages] == [7] * 17 + [1]
    ids = [c["id"] for page in pages for c in page]
    assert len(ids) == len(set(ids)) == 120
    assert set(ids) == {c["id"] for c in created.values()}
    oldest_first = [row[0] for row in stack.sql(
        f"SELECT id FROM containers WHERE tenant_id = {sql_literal(tenant.id)} AND desired_state <> 'deleted' ORDER BY seq")]
    assert ids == oldest_first
    # Pages of the maximum size agree with the small ones; the default page holds 50.
    assert [c["id"] for page in walk(tenant, 200) for c in page] == ids
    default = retry_rate_limited(lambda: tenant.get("/v1/containers")).json()
    assert [c["id"] for c in default["containers"]] == ids[:50] and default["next_cursor"]


def test_default_page_and_exact_fit(tenant):
    bulk_create(tenant, 14, prefix="fit")
    first = tenant.get("/v1/containers").json()
    assert len(first["containers"]) == 14 and first["next_cursor"] is None
    pages = walk(tenant, 7)
    assert [len(p) for p in pages] == [7, 7]


def test_cursor_of_another_tenant_shows_only_ones_own(tenant_factory):
    a, b = tenant_factory(), tenant_factory()
    bulk_create(a, 3, prefix="a")
    b_ids = [c["id"] for c in bulk_create(b, 3, prefix="b").values()]
    cursor = a.get("/v1/containers?limit=1").json()["next_cursor"]
    listed = b.get(f"/v1/containers?cursor={cursor}").json()["containers"]
    assert {c["id"] for c in listed} <= set(b_ids)


def b64(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", ["garbage", "!!!", b64("c1:-5"), b64("c1:abc"), b64("c2:10"), b64("10"), "%00"])
def test_garbage_cursor_is_400(tenant, cursor):
    tenant.created()
    assert_error(tenant.get(f"/v1/containers?cursor={cursor}"), 400, "validation_error", field="cursor")
