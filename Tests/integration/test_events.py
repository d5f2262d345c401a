"""The events feed (GET /v1/events): each request's event once, with its actor and request id;
the reconciler's observed changes; only settled events; a consumer that stores next_cursor sees
every event while others are written; strict tenant scope; filters, limits and cursors; no env
value anywhere; rows of an older release shown under the new types."""
import re
import secrets
import threading
import time

import pytest

from conftest import assert_error, bulk_create, concurrently, retry_rate_limited, sql_literal, wait_until
from reconciler_support import docker, fleet, running  # noqa: F401  (fixtures)

SETTLE_SECONDS = 2  # api.events_settle_seconds, the default
AT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
EVENT_KEYS = {"id", "at", "type", "tenant_id", "container_id", "actor", "request_id", "detail"}


def settle():
    time.sleep(SETTLE_SECONDS + 0.5)


def actor(tenant):
    """`token:<token id>`: the id is `tok_` and the hex part of `dro_<hex>_<secret>`."""
    return "token:tok_" + tenant.token.split("_")[1]


def page(tenant, **params):
    r = retry_rate_limited(lambda: tenant.get("/v1/events", params=params))
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"events", "next_cursor"}, body
    assert isinstance(body["next_cursor"], str) and body["next_cursor"], body
    for event in body["events"]:
        assert set(event) == EVENT_KEYS, event
        assert AT.match(event["at"]), event
        assert isinstance(event["detail"], dict), event
    return body


def drain(tenant, cursor=None, **params):
    """Every settled event after `cursor`, page by page; answers (events, the cursor to store)."""
    events = []
    while True:
        body = page(tenant, **params, **({"cursor": cursor} if cursor else {}))
        events += body["events"]
        cursor = body["next_cursor"]
        if not body["events"]:
            return events, cursor


def stored_ids(stack, where):
    return {f"evt_{row[0]}" for row in stack.sql(f"SELECT id FROM events WHERE {where}")}


def test_each_request_is_one_event_with_its_actor_and_request_id_and_the_reconciler_reports(fleet):  # noqa: F811
    tenant = fleet.tenant
    created = tenant.create(env={"GREETING": "hello"})
    assert created.status_code == 201, created.text
    container_id = created.json()["id"]
    request_ids = {"container.created": created.headers["X-Request-Id"]}
    fleet.converge_until(container_id, running)
    for action, kind in (("stop", "stop_requested"), ("start", "start_requested"), ("restart", "restart_requested"),
                         ("delete", "deleted")):
        r = tenant.action(container_id, action)
        assert r.status_code == 202, r.text
        request_ids[f"container.{kind}"] = r.headers["X-Request-Id"]
    settle()

    events, _ = drain(tenant, container_id=container_id)
    requested = [e for e in events if e["type"] != "container.observed"]
    assert [e["type"] for e in requested] == list(request_ids), events
    for event in requested:
        assert event["request_id"] == request_ids[event["type"]], event
        assert (event["actor"], event["tenant_id"], event["container_id"]) == (actor(tenant), tenant.id, container_id)
    assert [e["detail"]["generation"] for e in requested] == [1, 2, 3, 4, 5]
    observed = [e for e in events if e["type"] == "container.observed"]
    assert any(e["detail"]["observed_state"] == "running" and e["detail"]["generation"] == 1 for e in observed), events
    for event in observed:
        assert (event["actor"], event["request_id"]) == (f"reconciler:{fleet.host}", None), event
        assert set(event["detail"]) <= {"observed_state", "generation", "exit_code", "last_error_code", "actions"}, event
    # The feed's order is id order, and each event is in it once.
    assert [e["id"] for e in events] == sorted(stored_ids(tenant.stack, f"container_id = {sql_literal(container_id)}"),
                                               key=lambda i: int(i[4:]))


def test_events_show_only_once_settled(tenant):
    first = page(tenant)
    assert first["events"] == []  # a new tenant: nothing yet, and still a cursor to store
    container = tenant.created()
    fresh = page(tenant, cursor=first["next_cursor"])
    assert fresh["events"] == [] and fresh["next_cursor"]
    settle()
    later = page(tenant, cursor=fresh["next_cursor"])
    assert [(e["type"], e["container_id"]) for e in later["events"]] == [("container.created", container["id"])]
    assert page(tenant, cursor=later["next_cursor"])["events"] == []


def test_a_consumer_that_stores_the_cursor_misses_nothing_while_events_are_written(tenant):
    done = threading.Event()
    seen = []
    cursor = {"value": page(tenant)["next_cursor"]}

    def consume():
        while True:
            finished = done.is_set()
            events, cursor["value"] = drain(tenant, cursor["value"])
            seen.extend(events)
            if finished:
                return
            time.sleep(0.1)

    consumer = threading.Thread(target=consume)
    consumer.start()
    try:
        containers = bulk_create(tenant, 40, prefix="feed", workers=8)
        concurrently(lambda c: retry_rate_limited(lambda: tenant.action(c["id"], "delete")), containers.values(), workers=8)
    finally:
        settle()
        done.set()
        consumer.join(timeout=60)
    ids = [e["id"] for e in seen]
    assert len(ids) == len(set(ids)), "no event twice in one consumer's reading"
    assert ids == sorted(ids, key=lambda i: int(i[4:])), "in id order"
    assert set(ids) == stored_ids(tenant.stack, f"tenant_id = {sql_literal(tenant.id)} AND container_id IS NOT NULL")
    assert len(ids) == 80


def test_a_tenant_never_sees_another_tenants_events(tenant_factory):
    a, b = tenant_factory(), tenant_factory()
    b_start = page(b)["next_cursor"]
    a_container = a.created()
    b_container = b.created()
    settle()
    a_events, _ = drain(a)
    assert [(e["tenant_id"], e["container_id"]) for e in a_events] == [(a.id, a_container["id"])]
    # Not by filter (an operator's filter is ignored on the tenant route), not by another's container, not by cursor.
    assert drain(a, tenant_id=b.id)[0] == a_events
    assert drain(a, container_id=b_container["id"])[0] == []
    assert drain(a, cursor=b_start)[0] == a_events
    b_events, _ = drain(b)
    assert [(e["tenant_id"], e["container_id"]) for e in b_events] == [(b.id, b_container["id"])]


def test_filters_by_container_and_type(tenant):
    one, two = tenant.created(), tenant.created()
    assert tenant.action(one["id"], "stop").status_code == 202
    settle()
    assert [e["type"] for e in drain(tenant, container_id=one["id"])[0]] == ["container.created", "container.stop_requested"]
    assert [e["container_id"] for e in drain(tenant, type="container.created")[0]] == [one["id"], two["id"]]
    assert [e["container_id"] for e in drain(tenant, type="container.stop_requested", container_id=one["id"])[0]] == [one["id"]]
    assert drain(tenant, type="container.deleted")[0] == []
    for bad in ("container.create", "nonsense", ""):
        assert_error(tenant.get("/v1/events", params={"type": bad}), 400, "validation_error", field="type")
    assert_error(tenant.get("/v1/events", params={"container_id": ""}), 400, "validation_error", field="container_id")


def test_limit_bounds(tenant):
    tenant.created()
    tenant.created()
    settle()
    first = page(tenant, limit=1)
    assert len(first["events"]) == 1
    second = page(tenant, limit=1, cursor=first["next_cursor"])
    assert len(second["events"]) == 1 and second["events"][0]["id"] != first["events"][0]["id"]
    assert len(page(tenant, limit=200)["events"]) == 2
    for bad in ("0", "201", "-1", "x"):
        assert_error(tenant.get("/v1/events", params={"limit": bad}), 400, "validation_error", field="limit")


@pytest.mark.parametrize("cursor", ["nonsense", "ZTEuMS4y!", "YzE6NQ", "ZTEuLTEuMg", "ZTIuMS4y", "a" * 100])
def test_a_malformed_cursor_is_400(tenant, cursor):
    assert_error(tenant.get("/v1/events", params={"cursor": cursor}), 400, "validation_error", field="cursor")


def test_a_cursor_older_than_the_retention_is_410(stack, tenant):
    tenant.created()
    tenant.created()
    settle()
    drained_cursor = drain(tenant)[1]
    # Both events written longer ago than the retention (90 days on the test stack).
    stack.sql(f"UPDATE events SET created_at = created_at - INTERVAL 91 DAY WHERE tenant_id = {sql_literal(tenant.id)}")
    first = page(tenant, limit=1)
    assert len(first["events"]) == 1
    # Its position is that old event: what followed it may have been purged.
    body = assert_error(tenant.get("/v1/events", params={"cursor": first["next_cursor"]}), 410, "cursor_expired")
    assert body["detail"] == {}
    # A cursor that had read everything stays good: nothing after it is old.
    assert page(tenant, cursor=drained_cursor)["events"] == []


def test_env_values_never_appear_in_events(stack, tenant):
    secret = "s3cret-" + secrets.token_hex(8)
    c = tenant.created(env={"DB_PASSWORD": secret, "API_KEY": secret})
    for action in ("stop", "start", "delete"):
        assert tenant.action(c["id"], action).status_code == 202
    settle()
    events, _ = drain(tenant)
    assert len(events) == 4
    assert secret not in str(events)
    assert stack.count(f"SELECT COUNT(*) FROM events WHERE detail LIKE {sql_literal('%' + secret + '%')}") == 0


def test_rows_of_an_older_release_show_under_the_new_types(stack, tenant):
    t = sql_literal(tenant.id)
    stack.sql(
        "INSERT INTO events (tenant_id, container_id, actor, action, detail, request_id, created_at) VALUES "
        f"({t}, 'ctr_old', 'token:tok_old', 'container.create', 'created web', 'req-old', UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE), "
        f"({t}, 'ctr_old', 'reconciler:h1', 'docker.die', 'exited with 1', NULL, UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE), "
        f"({t}, 'ctr_old', 'token:tok_old', 'container.delete', NULL, 'req-old2', UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE)")
    events, _ = drain(tenant)
    assert [(e["type"], e["detail"]) for e in events] == [
        ("container.created", {"text": "created web"}),
        ("container.observed", {"text": "exited with 1"}),
        ("container.deleted", {}),
    ]
    assert [e["request_id"] for e in events] == ["req-old", None, "req-old2"]
    assert [e["type"] for e in drain(tenant, type="container.observed")[0]] == ["container.observed"]
    assert [e["detail"] for e in drain(tenant, type="container.created")[0]] == [{"text": "created web"}]


def test_a_tenants_feed_holds_its_containers_events_not_the_operators_account_events(stack, tenant):
    c = tenant.created()
    account = stack.count(f"SELECT COUNT(*) FROM events WHERE tenant_id = {sql_literal(tenant.id)} AND container_id IS NULL")
    assert account >= 2, "tenant.created and allocation.changed (and token.created) are recorded"
    events, _ = wait_until(lambda: (lambda got: got if got[0] else None)(drain(tenant)), 10, interval=0.5, message="the create")
    assert {e["container_id"] for e in events} == {c["id"]}
    assert not [e for e in events if e["actor"].startswith("operator:")]
