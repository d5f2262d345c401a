"""Webhook fairness: a deliverer run with fewer threads than endpoints takes the endpoints that
have something to deliver in turn, so endpoints beyond its parallelism are not starved by older
ones that keep catching up, and a failing endpoint retries without holding up the others. The
runs here use a copy of the stack's config with `webhooks.parallelism` at 2."""
import json
import time

import pytest

from conftest import wait_until
from operator_support import operator  # noqa: F401 (fixture)
from webhook_support import deliverer, receivers, webhooks  # noqa: F401 (fixtures)
from webhook_support import Deliverer, make_events, position, tenant_events

HEALTHY = 5


@pytest.fixture
def narrow_deliverer(stack, tmp_path):
    config = json.load(open(stack.config))
    config.setdefault("webhooks", {})["parallelism"] = 2
    path = tmp_path / "dro-parallelism-2.json"
    path.write_text(json.dumps(config))
    return Deliverer(stack, str(path))


@pytest.fixture
def endpoints(stack, tenant, receivers, webhooks):
    """Five healthy endpoints for the tenant, then one that always answers 500 (registered last,
    so that it never frees a thread for the others by backing off first), and a few container
    events. Answers each healthy receiver with the events it should get (from its registration
    on, so the later endpoints' `webhook.created` too), and the failing receiver."""
    healthy = []
    for _ in range(HEALTHY):
        receiver = receivers()
        healthy.append((receiver, position(stack, webhooks(receiver.url, tenant_id=tenant.id)["id"])))
    failing = receivers(lambda n: 500)
    webhooks(failing.url, tenant_id=tenant.id)
    make_events(tenant, 3)
    return [(receiver, tenant_events(stack, tenant.id, start)) for receiver, start in healthy], failing


def test_every_endpoint_beyond_the_parallelism_gets_every_event_in_order(endpoints, narrow_deliverer):
    healthy, failing = endpoints
    run = narrow_deliverer.spawn(30)
    try:
        wait_until(lambda: all(r.accepted() == expected for r, expected in healthy), 20, interval=0.1,
                   message="every healthy endpoint's deliveries")
        wait_until(lambda: len(failing.attempts()) >= 2, 10, interval=0.1, message="the failing endpoint's retry")
    finally:
        run.terminate()
        run.wait(10)
    for receiver, expected in healthy:
        assert receiver.accepted() == expected
    first = {r["headers"]["DRO-Event-Id"] for r in failing.attempts()}
    assert len(first) == 1 and all(r["status"] == 500 for r in failing.attempts())


def test_one_once_run_delivers_everything_due(endpoints, narrow_deliverer):
    """--once keeps taking due endpoints until none is left, not just its first batch."""
    healthy, failing = endpoints
    time.sleep(2.5)  # the events settle
    started = time.monotonic()
    narrow_deliverer.once()
    assert time.monotonic() - started < 30
    for receiver, expected in healthy:
        assert receiver.accepted() == expected
    assert len(failing.attempts()) >= 1
