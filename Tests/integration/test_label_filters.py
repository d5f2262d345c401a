"""`GET /v1/containers?label=key=value`: the tenant's live containers carrying that exact label,
oldest first, with the same cursor pages as the unfiltered list; the key and value are held to
the label rules (a bad filter is a 400 naming `label`)."""
from urllib.parse import quote

import pytest

from conftest import assert_error, retry_rate_limited


def listed(tenant, label, limit=None, cursor=None):
    path = f"/v1/containers?label={quote(label, safe='')}" + (f"&limit={limit}" if limit else "") + (f"&cursor={cursor}" if cursor else "")
    r = retry_rate_limited(lambda: tenant.get(path))
    assert r.status_code == 200, r.text
    return r.json()


def ids(tenant, label):
    return [c["id"] for c in listed(tenant, label)["containers"]]


def test_only_the_tenants_live_containers_with_that_exact_label(tenant_factory):
    tenant, other = tenant_factory(), tenant_factory()
    shop = [tenant.created(labels={"app": "shop", "tier": "web"})["id"] for _ in range(3)]
    tenant.created(labels={"app": "Shop"})
    tenant.created(labels={"app": "shop "})
    tenant.created(labels={"app": "sho"})
    tenant.created(labels={"application": "shop"})
    tenant.created()
    other.created(labels={"app": "shop"})
    deleted = tenant.created(labels={"app": "shop"})["id"]
    assert tenant.action(deleted, "delete").status_code == 202

    assert ids(tenant, "app=shop") == shop
    assert len(ids(tenant, "app=shop ")) == 1, "a trailing space is part of the value"
    assert len(ids(tenant, "app=Shop")) == 1 and ids(tenant, "app=nothing") == []
    assert ids(tenant, "tier=web") == shop
    assert listed(tenant, "app=shop")["containers"][0]["labels"] == {"app": "shop", "tier": "web"}


def test_filtered_pages_walk_every_match_once(tenant):
    matching = []
    for i in range(7):
        matching.append(tenant.created(labels={"group": "a"})["id"])
        tenant.created(labels={"group": "b"})
    seen, cursor = [], None
    while True:
        page = listed(tenant, "group=a", limit=3, cursor=cursor)
        assert len(page["containers"]) <= 3
        seen += [c["id"] for c in page["containers"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == matching


def test_a_patched_label_is_found_under_its_new_value_only(tenant):
    body = tenant.created(labels={"env": "staging"})
    r = tenant.request("PATCH", f"/v1/containers/{body['id']}", json={"labels": {"env": "prod"}})
    assert r.status_code == 200, r.text
    assert ids(tenant, "env=prod") == [body["id"]] and ids(tenant, "env=staging") == []


@pytest.mark.parametrize("label, accepted", [
    ("a" * 63 + "=v", True), ("a" * 64 + "=v", False),
    ("k=" + "é" * 256, True), ("k=" + "é" * 257, False),
    ("k=", True), ("k=a=b", True), ("team/owner.x_y-z=1", True),
    ("k", False), ("=v", False), ("", False), ("Upper=v", False), ("-k=v", False), ("k:x=v", False), ("k=line\nbreak", False),
    ("k=tab\there", False),
])
def test_filter_bounds(tenant, label, accepted):
    key, _, value = label.partition("=")
    if accepted:
        body = tenant.created(labels={key: value})
        assert ids(tenant, label) == [body["id"]]
    else:
        r = tenant.get(f"/v1/containers?label={quote(label, safe='')}")
        assert_error(r, 400, "validation_error", field="label")
