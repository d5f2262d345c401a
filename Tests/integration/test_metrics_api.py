"""Each dro-api process serves Prometheus metrics on its own loopback address (api.metrics_listen,
api.operator_metrics_listen), scraped here directly: request counters by route template, quota
refusals, idempotent replays, build info; the database-derived gauges come from exactly one
process; the public port never serves /metrics."""
import json
import os
import re
import signal
import time
from pathlib import Path

import pytest
import requests

from conftest import make_tenant, unique, wait_until
from operator_support import operator, read_only_operator  # noqa: F401 (fixtures)

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def metrics_addresses(stack):
    with open(stack.config) as f:
        api = json.load(f)["api"]
    return {"tenant": api["metrics_listen"], "operator": api["operator_metrics_listen"]}


def scrape(address):
    """{(name, frozenset(labels)): value} of one process's exposition."""
    r = requests.get(f"http://{address}/metrics", timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/plain")
    samples = {}
    for line in r.text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        assert match, f"not an exposition line: {line!r}"
        labels = frozenset(LABEL.findall(match.group(3) or ""))
        samples[(match.group(1), labels)] = float(match.group(4))
    return samples


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0.0)


def names(samples):
    return {name for name, _ in samples}


@pytest.fixture(scope="module")
def addresses(stack):
    return metrics_addresses(stack)


def test_each_role_serves_its_own_metrics_with_build_info(addresses):
    for role, address in addresses.items():
        assert address.startswith("127.0.0.1:")
        samples = scrape(address)
        (info,) = [dict(labels) for name, labels in samples if name == "dro_build_info"]
        assert info["role"] == role and info["version"]
        assert value(samples, "dro_db_up") == 1.0
        assert "dro_responder_threads_busy" in names(samples)


def test_creates_and_quota_refusals_move_the_counters_by_exactly_their_number(stack, region, addresses):
    tenant = make_tenant(stack, region, caps=("--containers", "3"))
    created = dict(name="dro_http_requests_total", route="/v1/containers", method="POST", status="201")
    refused = dict(name="dro_http_requests_total", route="/v1/containers", method="POST", status="403")
    before = scrape(addresses["tenant"])
    for _ in range(3):
        tenant.created()
    for _ in range(2):
        assert tenant.create().status_code == 403
    after = scrape(addresses["tenant"])
    assert value(after, **created) - value(before, **created) == 3
    assert value(after, **refused) - value(before, **refused) == 2
    quota = dict(name="dro_quota_refusals_total", dimension="containers")
    assert value(after, **quota) - value(before, **quota) == 2
    # Every series with a route label carries a template, never an id.
    assert not [labels for name, labels in after if any(k == "route" and "ctr_" in v for k, v in labels)]


def test_an_idempotent_replay_is_counted(stack, region, addresses):
    tenant = make_tenant(stack, region)
    key = {"Idempotency-Key": unique("key")}
    body = tenant.body()
    before = value(scrape(addresses["tenant"]), "dro_idempotent_replays_total")
    assert tenant.post("/v1/containers", json=body, headers=key).status_code == 201
    replay = tenant.post("/v1/containers", json=body, headers=key)
    assert replay.status_code == 201 and replay.headers.get("Idempotent-Replayed") == "true"
    assert value(scrape(addresses["tenant"]), "dro_idempotent_replays_total") - before == 1


def test_a_404_is_counted_under_its_route_template_or_dash(stack, region, addresses):
    tenant = make_tenant(stack, region)
    templated = dict(name="dro_http_requests_total", route="/v1/containers/{id}", method="GET", status="404")
    unrouted = dict(name="dro_http_requests_total", route="-", method="GET", status="404")
    before = scrape(addresses["tenant"])
    assert tenant.get("/v1/containers/ctr_doesnotexist").status_code == 404
    assert tenant.get("/v1/no-such-route").status_code == 404
    after = scrape(addresses["tenant"])
    assert value(after, **templated) - value(before, **templated) == 1
    assert value(after, **unrouted) - value(before, **unrouted) == 1
    duration = dict(name="dro_http_request_duration_seconds_count", route="/v1/containers/{id}")
    assert value(after, **duration) > value(before, **duration)


def test_a_405_is_counted_under_its_route_template(stack, region, addresses):
    tenant = make_tenant(stack, region)
    series = dict(name="dro_http_requests_total", route="/v1/quota", method="PUT", status="405")
    before = value(scrape(addresses["tenant"]), **series)
    assert tenant.request("PUT", "/v1/quota", json={}).status_code == 405
    assert value(scrape(addresses["tenant"]), **series) - before == 1


def test_the_operator_responder_counts_its_own_requests(operator, addresses):  # noqa: F811
    series = dict(name="dro_http_requests_total", route="/v1/admin/hosts", method="GET", status="200")
    before = value(scrape(addresses["operator"]), **series)
    operator.ok("GET", "/hosts")
    assert value(scrape(addresses["operator"]), **series) - before == 1


def test_the_metrics_listener_answers_only_get_metrics(addresses):
    address = addresses["tenant"]
    assert requests.get(f"http://{address}/", timeout=10).status_code == 404
    assert requests.get(f"http://{address}/v1/health", timeout=10).status_code == 404
    assert requests.post(f"http://{address}/metrics", timeout=10).status_code == 404


def test_the_public_port_does_not_serve_metrics(stack):
    for path in ("/metrics", "/v1/metrics", "/v1/admin/metrics"):
        r = stack.session().get(stack.url(path), timeout=10)
        assert r.status_code == 404, (path, r.status_code)
        assert "dro_build_info" not in r.text


def test_admin_health_shows_the_database_and_each_hosts_freshness_and_queue(stack, region, operator, read_only_operator):  # noqa: F811
    for caller in (operator, read_only_operator):
        body = caller.ok("GET", "/health")
        assert body["database"]["up"] is True and 0 <= body["database"]["latency_seconds"] < 5
        hosts = {h["host_key"]: h for h in body["hosts"]}
        host = hosts[region["host"]]
        assert set(host) == {"host_key", "region", "enabled", "last_seen_at", "seconds_since_seen", "last_run_at",
                             "last_run_outcome", "queued_jobs", "oldest_queued_seconds"}
        assert host["region"] == region["region"] and host["queued_jobs"] >= 0
        assert (host["last_seen_at"] is None) == (host["seconds_since_seen"] is None)


def test_admin_health_is_hidden_without_an_operator_token(stack, region):
    tenant = make_tenant(stack, region)
    anonymous = stack.session().get(stack.url("/v1/admin/health"), timeout=10)
    assert anonymous.status_code == 404
    assert tenant.get("/v1/admin/health").status_code == 404
    # The tenant API's liveness check stays as it was.
    assert stack.health().json() == {"status": "ok", "database": "ok"}


DB_GAUGES = {"dro_jobs_pending", "dro_jobs_oldest_pending_seconds", "dro_host_last_seen_seconds", "dro_containers",
             "dro_webhook_endpoints_failing"}


def scrape_until(address, predicate, timeout=20):
    """Scrapes until `predicate(samples)` holds (the gauges refresh at most every 5 s)."""
    found = {}

    def check():
        found["samples"] = scrape(address)
        return predicate(found["samples"])
    wait_until(check, timeout, interval=0.5, message=f"scrape of {address}")
    return found["samples"]


def test_the_database_gauges_come_from_exactly_one_process(stack, region, addresses):
    tenant = make_tenant(stack, region)
    tenant.created()  # a pending job on the region's host (no reconciler serves it)
    host = region["host"]
    samples = scrape_until(addresses["operator"], lambda s: value(s, "dro_jobs_pending", host_key=host) >= 1)
    assert DB_GAUGES - {"dro_host_last_seen_seconds"} <= names(samples)
    assert value(samples, "dro_jobs_oldest_pending_seconds", host_key=host) >= 0
    assert not DB_GAUGES & names(scrape(addresses["tenant"]))
    assert stack.scalar("SELECT COUNT(*) FROM leases WHERE name = 'metrics-export' AND expires_at > UTC_TIMESTAMP(6)") == "1"


def test_a_process_without_the_lease_exports_no_database_gauges(stack, addresses):
    scrape_until(addresses["operator"], lambda s: "dro_containers" in names(s))
    stack.sql("UPDATE leases SET owner = 'elsewhere/1/0', expires_at = UTC_TIMESTAMP(6) + INTERVAL 1 HOUR "
              "WHERE name = 'metrics-export'")
    try:
        scrape_until(addresses["operator"], lambda s: not DB_GAUGES & names(s))
    finally:
        stack.sql("UPDATE leases SET expires_at = UTC_TIMESTAMP(6) WHERE name = 'metrics-export'")
    # Once the other holder's lease expires, this process takes it over.
    scrape_until(addresses["operator"], lambda s: "dro_containers" in names(s))


def test_db_up_follows_the_database_without_requests_and_the_gauges_leave_with_it(stack, addresses):
    """Each scrape (at most every 5 s) touches the database from the metrics thread, so an idle
    process still reports an outage; stale database gauges are removed rather than kept."""
    try:
        stack.script("db-stop")
        for address in addresses.values():
            scrape_until(address, lambda s: value(s, "dro_db_up") == 0.0)
        assert not DB_GAUGES & names(scrape(addresses["operator"]))
    finally:
        stack.script("db-start")
    for address in addresses.values():
        scrape_until(address, lambda s: value(s, "dro_db_up") == 1.0)
    scrape_until(addresses["operator"], lambda s: "dro_containers" in names(s))
    wait_until(lambda: stack.health().status_code == 200 or None, timeout=10, interval=0.1, message="health after db-start")


def test_a_stalled_database_shows_as_db_up_0_within_a_scrape(stack, addresses):
    """The metrics thread's own connection has short timeouts: with MariaDB frozen (SIGSTOP, it
    accepts but never answers) every scrape still answers within a few seconds, saying dro_db_up 0,
    rather than timing out and making the process look down."""
    pid = int(Path(stack.state, "mariadb/mariadbd.pid").read_text().strip())
    slowest = 0.0
    os.kill(pid, signal.SIGSTOP)
    try:
        for address in addresses.values():
            def stalled():
                nonlocal slowest
                began = time.monotonic()
                samples = scrape(address)
                slowest = max(slowest, time.monotonic() - began)
                return value(samples, "dro_db_up") == 0.0
            wait_until(stalled, 40, interval=0.5, message=f"dro_db_up 0 at {address}")
    finally:
        os.kill(pid, signal.SIGCONT)
    assert slowest < 9, f"a scrape took {slowest:.1f} s with the database stalled"
    for address in addresses.values():
        scrape_until(address, lambda s: value(s, "dro_db_up") == 1.0, timeout=30)
    wait_until(lambda: stack.health().status_code == 200 or None, timeout=30, interval=0.2, message="health after the stall")
