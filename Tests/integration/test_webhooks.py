"""Webhooks: operators register endpoints over the operator API; dro-webhooks posts each matching
settled event to them, in feed order, at least once, signed with the endpoint's secret, retrying
with backoff and marking an endpoint `failing` after the (shortened) window. Receivers are
Python servers on 127.0.0.1, the only target host the test stack allows (over plain http too), so
no registration here can send traffic anywhere else."""
import json
import threading
import time
from pathlib import Path

import pytest

from conftest import assert_error, sql_literal, unique, wait_until
from operator_support import operator, read_only_operator  # noqa: F401 (fixtures)
from reconciler_support import docker, fleet, running  # noqa: F401 (fixtures)
from webhook_support import deliverer, receivers, webhooks  # noqa: F401 (fixtures)
from webhook_support import make_events, position, tenant_events, verify


def test_every_event_of_a_containers_life_arrives_in_order_signed(stack, operator, fleet, receivers, webhooks, deliverer):
    receiver = receivers()
    hook = webhooks(receiver.url, tenant_id=fleet.tenant.id)
    start = position(stack, hook["id"])
    container = fleet.tenant.created(command=["sleep", "3600"])
    fleet.converge_until(container["id"], running, message="running")
    assert fleet.tenant.action(container["id"], "stop").status_code == 202
    fleet.converge_until(container["id"], lambda v: v["observed_state"] == "exited" or v["observed_state"] == "stopped")
    assert fleet.tenant.action(container["id"], "delete").status_code in (200, 202, 204)
    wait_until(lambda: fleet.reconciler.once() and not fleet.docker_ids(container["id"]), 30, message="removal")
    expected = tenant_events(stack, fleet.tenant.id, start)
    deliverer.until(lambda: receiver.accepted() == tenant_events(stack, fleet.tenant.id, start), message="every event")
    delivered = receiver.accepted()
    assert delivered[:len(expected)] == expected
    types = [json.loads(r["body"])["type"] for r in receiver.attempts()]
    for kind in ("container.created", "container.observed", "container.stop_requested", "container.deleted"):
        assert kind in types, (kind, types)
    # Each body is the feed's event, signed; ids never go backwards.
    feed = {e["id"]: e for e in operator.ok("GET", f"/events?tenant_id={fleet.tenant.id}&limit=200")["events"]}
    for request in receiver.attempts():
        verify(request, hook["secret"])
        assert json.loads(request["body"]) == feed[request["headers"]["DRO-Event-Id"]]
    numbers = [int(i.split("_")[1]) for i in delivered]
    assert numbers == sorted(numbers)
    shown = operator.ok("GET", f"/webhooks/{hook['id']}")
    assert shown["status"] == "active" and shown["delivery"]["last_event_id"] == delivered[-1]
    assert shown["delivery"]["attempts"] == 0 and shown["delivery"]["last_error"] is None


def test_tenant_and_type_filters_choose_the_events(stack, tenant_factory, receivers, webhooks, deliverer):
    one, two = tenant_factory(), tenant_factory()
    of_one, created_only, deleted_of_two = receivers(), receivers(), receivers()
    webhooks(of_one.url, tenant_id=one.id)
    typed = webhooks(created_only.url, event_types=["container.created"])
    assert typed["event_types"] == ["container.created"] and typed["tenant_id"] is None
    webhooks(deleted_of_two.url, tenant_id=two.id, event_types=["container.deleted", "container.stop_requested"])
    first, second = make_events(one, 2), make_events(two, 2)
    assert two.action(second["id"], "delete").status_code in (200, 202, 204)
    deliverer.until(lambda: len(of_one.accepted()) == 3 and len(deleted_of_two.accepted()) == 2
                    and {first["id"], second["id"]} <= {json.loads(r["body"])["container_id"] for r in created_only.attempts()})
    bodies = lambda r: [json.loads(x["body"]) for x in r.attempts()]
    # A tenant's endpoint gets its own registration too: the event is about the tenant's account.
    assert [(e["tenant_id"], e["type"]) for e in bodies(of_one)] == [
        (one.id, "webhook.created"), (one.id, "container.created"), (one.id, "container.stop_requested")]
    assert {e["type"] for e in bodies(created_only)} == {"container.created"}
    assert [(e["tenant_id"], e["type"]) for e in bodies(deleted_of_two)] == [
        (two.id, "container.stop_requested"), (two.id, "container.deleted")]


def test_a_receiver_failing_three_times_then_recovering_gets_everything_in_order(stack, tenant, receivers, webhooks, deliverer):
    receiver = receivers(lambda n: 500 if n < 3 else 200)
    hook = webhooks(receiver.url, tenant_id=tenant.id)
    start = position(stack, hook["id"])
    make_events(tenant, 3)
    expected = tenant_events(stack, tenant.id, start)
    run = deliverer.spawn(30)
    try:
        wait_until(lambda: receiver.accepted() == expected, 30, interval=0.2, message="every event after the failures")
    finally:
        run.terminate()
        run.wait(10)
    attempts = receiver.attempts()
    # The first event is retried until it is accepted; nothing after it is sent before.
    assert [a["headers"]["DRO-Event-Id"] for a in attempts[:4]] == [expected[0]] * 4
    assert [a["headers"]["DRO-Event-Id"] for a in attempts[4:]] == expected[1:]
    gaps = [b["at"] - a["at"] for a, b in zip(attempts[:4], attempts[1:4])]
    assert gaps[0] >= 0.9 and gaps[1] > gaps[0] * 1.5 and gaps[2] > gaps[1] * 1.5, gaps
    assert operator_view(stack, hook["id"])["attempts"] == "0"


def operator_view(stack, webhook_id):
    return stack.row(f"SELECT status, attempts, last_error, failing_since FROM webhooks WHERE id = {sql_literal(webhook_id)}")


def test_an_endpoint_failing_past_the_window_is_failing_until_resumed(stack, operator, tenant, receivers, webhooks, deliverer):
    healthy = threading.Event()
    receiver = receivers(lambda n: 200 if healthy.is_set() else 503)
    hook = webhooks(receiver.url, tenant_id=tenant.id)
    start = position(stack, hook["id"])
    make_events(tenant, 2)
    expected = tenant_events(stack, tenant.id, start)
    run = deliverer.spawn(40)
    try:
        wait_until(lambda: operator.ok("GET", f"/webhooks/{hook['id']}")["status"] == "failing", 35, interval=0.5,
                   message="the endpoint to be marked failing")
    finally:
        run.terminate()
        run.wait(10)
    shown = operator.ok("GET", f"/webhooks/{hook['id']}")
    assert shown["delivery"]["failing_since"] and shown["delivery"]["last_error"] == "HTTP 503"
    assert {a["headers"]["DRO-Event-Id"] for a in receiver.attempts()} == {expected[0]}
    listed = {w["id"]: w for w in operator.ok("GET", "/webhooks?limit=200")["webhooks"]}
    assert listed[hook["id"]]["status"] == "failing"
    # A failing endpoint gets nothing, even once its receiver is back.
    healthy.set()
    tried = len(receiver.attempts())
    deliverer.once()
    assert len(receiver.attempts()) == tried
    resumed = operator.ok("POST", f"/webhooks/{hook['id']}/resume")
    assert resumed["status"] == "active"
    assert stack.count(f"SELECT COUNT(*) FROM events WHERE action = 'webhook.resumed' AND detail LIKE '%{hook['id']}%'") == 1
    assert operator.ok("POST", f"/webhooks/{hook['id']}/resume")["status"] == "active"
    assert stack.count(f"SELECT COUNT(*) FROM events WHERE action = 'webhook.resumed' AND detail LIKE '%{hook['id']}%'") == 1
    deliverer.until(lambda: receiver.accepted() == expected, message="re-delivery from the first undelivered event")


def test_a_failing_endpoint_does_not_delay_another(stack, tenant, receivers, webhooks, deliverer):
    slow = receivers(lambda n: ("hang", 8))
    quick = receivers()
    webhooks(slow.url, tenant_id=tenant.id)
    hook = webhooks(quick.url, tenant_id=tenant.id)
    start = position(stack, hook["id"])
    make_events(tenant, 3)
    expected = tenant_events(stack, tenant.id, start)
    run = deliverer.spawn(20)
    try:
        wait_until(lambda: len(slow.attempts()) > 0, 15, interval=0.05, message="the slow endpoint's first attempt")
        first_slow = slow.attempts()[0]["at"]
        wait_until(lambda: quick.accepted() == expected, 15, interval=0.05, message="the quick endpoint's deliveries")
        # Everything reached the quick endpoint while the slow one's first attempt was still waiting
        # for its 5-second timeout.
        assert quick.attempts()[-1]["at"] - first_slow < 3
    finally:
        run.terminate()
        run.wait(10)


def test_the_secret_is_shown_once_and_stored_only_sealed(stack, operator, tenant, receivers, webhooks, deliverer):
    receiver = receivers()
    key = {"Idempotency-Key": unique("wk")}
    body = {"url": receiver.url, "tenant_id": tenant.id}
    created = operator.ok("POST", "/webhooks", 201, json=body, headers=key)
    webhooks_cleanup = created["id"]
    try:
        secret = created["secret"]
        assert secret.startswith("whsec_") and len(secret) == 49
        assert set(created) == {"id", "url", "event_types", "tenant_id", "status", "secret", "created_at"}
        assert created["id"].startswith("whk_") and created["status"] == "active" and created["event_types"] is None
        refused = assert_error(operator.request("POST", "/webhooks", json=body, headers=key), 409, "conflict")
        assert refused["detail"] == {"reason": "secret_not_replayable", "id": created["id"]}
        assert_error(operator.request("POST", "/webhooks", json={**body, "event_types": ["container.created"]}, headers=key),
                     409, "conflict")
        assert stack.count(f"SELECT COUNT(*) FROM webhooks WHERE url = {sql_literal(receiver.url)}") == 1
        shown = operator.request("GET", f"/webhooks/{created['id']}")
        listed = operator.request("GET", "/webhooks?limit=200")
        assert "secret" not in shown.json() and secret not in shown.text and secret not in listed.text
        make_events(tenant, 1)
        deliverer.until(lambda: len(receiver.accepted()) > 0, message="a delivery")
        verify(receiver.attempts()[0], secret)
        # Never in clear in the database (in any form we could find), nor in the logs.
        stored = "\n".join("\t".join(r) for query in [
            "SELECT id, url, event_types, last_error, LOWER(HEX(secret_ciphertext)), LOWER(HEX(secret_nonce)) FROM webhooks",
            "SELECT idem_key, container_id, response_body FROM idempotency_keys", "SELECT actor, detail FROM events"]
            for r in stack.sql(query))
        assert secret not in stored and secret.encode().hex() not in stored
        logs = "".join(p.read_text(errors="replace") for p in Path(stack.state).glob("**/*.log"))
        assert secret not in logs and secret not in deliverer.output
    finally:
        operator.request("DELETE", f"/webhooks/{webhooks_cleanup}")


def test_deleting_an_endpoint_stops_its_deliveries(stack, operator, tenant, receivers, webhooks, deliverer):
    receiver = receivers()
    hook = webhooks(receiver.url, tenant_id=tenant.id)
    deleted = operator.ok("DELETE", f"/webhooks/{hook['id']}")
    assert deleted["id"] == hook["id"]
    assert_error(operator.request("GET", f"/webhooks/{hook['id']}"), 404, "not_found")
    assert_error(operator.request("DELETE", f"/webhooks/{hook['id']}"), 404, "not_found")
    assert hook["id"] not in operator.request("GET", "/webhooks?limit=200").text
    assert stack.count(f"SELECT COUNT(*) FROM events WHERE action = 'webhook.deleted' AND detail LIKE '%{hook['id']}%'") == 1
    make_events(tenant, 1)
    time.sleep(2.5)
    deliverer.once()
    assert receiver.attempts() == []


@pytest.mark.parametrize("url", [
    "http://127.0.0.2/hook",                 # plain http to a host the config does not list
    "http://localhost:8080/hook",
    "https://user:pass@127.0.0.1/hook",      # credentials
    "https://token@127.0.0.1/hook",
    "ftp://127.0.0.1/hook",
    "https://",
    "https://hooks local/hook",
    "https://127.0.0.1/hook#part",
    "https://127.0.0.1:99999/hook",
    "https://127.0.0.2/hook",                  # a host the test stack does not allow as a target
    "https://" + "a" * 2050 + ".com/",
    "127.0.0.1/hook",
])
def test_webhook_urls_are_bounded(operator, url):
    assert_error(operator.request("POST", "/webhooks", json={"url": url}), 400, "validation_error", field="url")


def test_webhook_bodies_are_validated(stack, operator, webhooks):
    assert_error(operator.request("POST", "/webhooks", json={}), 400, "validation_error", field="url")
    assert_error(operator.request("POST", "/webhooks", json={"url": "https://127.0.0.1:9/", "event_types": ["nope"]}),
                 400, "validation_error", field="event_types")
    assert_error(operator.request("POST", "/webhooks", json={"url": "https://127.0.0.1:9/", "event_types": "container.created"}),
                 400, "validation_error", field="event_types")
    assert_error(operator.request("POST", "/webhooks", json={"url": "https://127.0.0.1:9/", "tenant_id": "ten_missing"}),
                 400, "validation_error", field="tenant_id")
    made = webhooks("https://127.0.0.1:9/hook?x=1", event_types=["tenant.created", "container.created", "tenant.created"])
    assert made["event_types"] == ["container.created", "tenant.created"]
    assert made["url"] == "https://127.0.0.1:9/hook?x=1"
    detail = stack.scalar(f"SELECT detail FROM events WHERE action = 'webhook.created' AND detail LIKE '%{made['id']}%'")
    assert json.loads(detail) == {"webhook_id": made["id"], "origin": "https://127.0.0.1:9"}, "never the path or query"


def test_the_deliverer_refuses_a_url_the_config_does_not_allow(stack, operator, tenant, receivers, webhooks, deliverer):
    receiver = receivers()
    hook = webhooks(receiver.url, tenant_id=tenant.id)
    # A row written around the API (or a host removed from the list since) is checked again.
    stack.sql(f"UPDATE webhooks SET url = {sql_literal(receiver.url.replace('127.0.0.1', 'localhost'))} "
              f"WHERE id = {sql_literal(hook['id'])}")
    make_events(tenant, 1)
    wait_until(lambda: deliverer.once() and operator.ok("GET", f"/webhooks/{hook['id']}")["delivery"]["attempts"] >= 1, 20,
               interval=0.3, message="a refused attempt")
    assert receiver.attempts() == []
    assert "allows as a webhook target" in operator.ok("GET", f"/webhooks/{hook['id']}")["delivery"]["last_error"]


def test_read_only_tokens_cannot_change_webhooks(stack, operator, read_only_operator, webhooks):
    made = webhooks("https://127.0.0.1:9/hook")
    assert read_only_operator.ok("GET", f"/webhooks/{made['id']}")["id"] == made["id"]
    assert made["id"] in read_only_operator.request("GET", "/webhooks?limit=200").text
    for method, path, body in [("POST", "/webhooks", {"url": "https://127.0.0.1:9/"}), ("DELETE", f"/webhooks/{made['id']}", None),
                               ("POST", f"/webhooks/{made['id']}/resume", None)]:
        refused = assert_error(read_only_operator.request(method, path, json=body), 403, "forbidden")
        assert refused["detail"]["reason"] == "read_only_token"
    assert operator.ok("GET", f"/webhooks/{made['id']}")["id"] == made["id"]


def test_webhook_lists_page(operator, webhooks):
    ids = [webhooks(f"https://127.0.0.1:9/{n}")["id"] for n in range(3)]
    seen, cursor = [], None
    while True:
        page = operator.ok("GET", "/webhooks?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        assert set(page) == {"webhooks", "next_cursor"} and len(page["webhooks"]) <= 2
        seen += [w["id"] for w in page["webhooks"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [i for i in seen if i in ids] == ids
    assert_error(operator.request("GET", "/webhooks?cursor=bogus"), 400, "validation_error", field="cursor")
