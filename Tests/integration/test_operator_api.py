"""The operator API a hosting panel provisions with: operator tokens, the tenant lifecycle
(external_ref, suspension, termination), tokens and allocations over HTTPS through nginx, with
real MariaDB and dockerd, and an event for every mutation."""
import json
import pathlib
import time

import pytest

from conftest import Tenant, assert_error, sql_literal, unique, wait_until
from operator_support import Operator, operator, read_only_operator  # noqa: F401 (fixtures)
from reconciler_support import docker, fleet, running  # noqa: F401 (fixtures)


class EventReader:
    """A feed consumer that keeps only its cursor between reads and deduplicates by id. `get`
    answers a page for a query string: the tenant's `/v1/events` or the operator's `/v1/admin/events`."""

    def __init__(self, get, query=""):
        self.get, self.query = get, query
        self.cursor, self.events = None, []

    @property
    def ids(self):
        return [e["id"] for e in self.events]

    @property
    def types(self):
        return [e["type"] for e in self.events]

    def observed(self, container_id):
        return [e["detail"] for e in self.events if e["type"] == "container.observed" and e["container_id"] == container_id]

    def read(self):
        while True:
            r = self.get(f"?limit=200{self.query}" + (f"&cursor={self.cursor}" if self.cursor else ""))
            assert r.status_code == 200, r.text
            page = r.json()
            known = set(self.ids)
            self.events += [e for e in page["events"] if e["id"] not in known]
            done = page["next_cursor"] == self.cursor or not page["events"]
            self.cursor = page["next_cursor"]
            if done:
                return self.types

    def read_until(self, predicate, timeout=15):
        start = len(self.types)
        wait_until(lambda: predicate(self.read()[start:]), timeout, interval=0.5, message="the events to settle")
        return self.types[start:]


SETTLE_SECONDS = 2  # api.events_settle_seconds, the default


def tenant_feed(client, query=""):
    return EventReader(lambda q: client.get("/v1/events" + q), query)


def operator_feed(operator, query=""):
    return EventReader(lambda q: operator.get("/events" + q), query)


def stored_event_ids(stack, where):
    return [f"evt_{row[0]}" for row in stack.sql(f"SELECT id FROM events WHERE {where} ORDER BY id")]


def in_order(types, expected):
    """`expected` appears in `types` as a subsequence: the steps happened in this order."""
    remaining = iter(types)
    return all(any(t == step for t in remaining) for step in expected)


def provision(operator, ref, name=None, caps=None):
    """What a panel's CreateAccount does: tenant by external_ref, an allocation, a token."""
    name = name or unique("acct")
    tenant = operator.ok("POST", "/tenants", 201, json={"name": name, "external_ref": ref})
    caps = caps or {"max_containers": 10, "max_cpu": 4, "max_mem_bytes": "4g"}
    operator.ok("PUT", f"/tenants/{tenant['id']}/allocations/%2A", json=caps)
    token = operator.ok("POST", f"/tenants/{tenant['id']}/tokens", 201, json={"name": "panel"})
    return tenant, token


def test_a_panels_whole_story(stack, operator, fleet):
    ref = unique("svc")
    tenant, token = provision(operator, ref)
    tid = tenant["id"]
    # The panel's operator-side consumer follows the tenant's events and stores only its cursor.
    ops = operator_feed(operator, f"&tenant_id={tid}")
    ops.read_until(lambda types: in_order(types, ["tenant.created", "allocation.changed", "token.created"]))
    # The same external_ref and name again is the same tenant (200), never a second one.
    again = operator.request("POST", "/tenants", json={"name": tenant["name"], "external_ref": ref})
    assert again.status_code == 200 and again.json()["id"] == tid
    assert stack.count(f"SELECT COUNT(*) FROM tenants WHERE external_ref = {sql_literal(ref)}") == 1
    taken = operator.request("POST", "/tenants", json={"name": unique("x"), "external_ref": ref})
    assert assert_error(taken, 409, "conflict")["detail"]["reason"] == "external_ref_taken"
    client = Tenant(stack, tenant["name"], tid, token["token"], fleet.host)
    feed = tenant_feed(client)
    web = client.created(command=["sleep", "3600"], labels={"service": "web"})
    worker = client.created(command=["sleep", "3600"], labels={"service": "worker"})
    for c in (web, worker):
        fleet.reconciler.once()
    for c in (web, worker):
        wait_until(lambda: fleet.reconciler.once() and fleet.view_as(client, c["id"])["observed_state"] == "running", 30,
                   message="running")

    # A panel lists by label; it follows the feed from a stored cursor.
    listed = client.get("/v1/containers?label=service=web").json()["containers"]
    assert [c["id"] for c in listed] == [web["id"]]
    feed.read_until(lambda types: types.count("container.created") == 2)
    ops.read()

    # PATCH image and env: same id, a new Docker container with the new spec, quota charged for the difference.
    old_docker, old_name = fleet.inspect(web["id"])["Id"], fleet.inspect(web["id"])["Name"]
    used = operator.ok("GET", f"/tenants/{tid}")["allocations"][0]
    r = client.request("PATCH", f"/v1/containers/{web['id']}", json={"image": "dro-test/busybox:latest", "env": {"V": "2"},
                                                                     "cpu_limit": 1.5})
    assert r.status_code == 200 and r.json()["id"] == web["id"], r.text
    wait_until(lambda: fleet.reconciler.once() and fleet.docker_ids(web["id"]) and fleet.inspect(web["id"])["Id"] != old_docker
               and fleet.inspect(web["id"])["State"]["Running"], 30, message="the replacement")
    replaced = fleet.inspect(web["id"])
    assert "V=2" in replaced["Config"]["Env"] and replaced["Config"]["Image"] == "dro-test/busybox:latest"
    assert replaced["Name"] == old_name and fleet.docker_ids(web["id"]) == [replaced["Id"]]
    after = operator.ok("GET", f"/tenants/{tid}")["allocations"][0]
    assert after["used_cpu"] == used["used_cpu"] + 0.5 and after["used_containers"] == used["used_containers"]
    # The panel lowers the package to what is in use; a PATCH above it is 403 and changes nothing.
    after = operator.ok("PUT", f"/tenants/{tid}/allocations/*",
                        json={"max_containers": 10, "max_cpu": after["used_cpu"], "max_mem_bytes": "4g"})
    assert_error(client.request("PATCH", f"/v1/containers/{web['id']}", json={"cpu_limit": 2}), 403, "quota_exceeded")
    assert operator.ok("GET", f"/tenants/{tid}")["allocations"][0] == after
    feed.read()

    # Suspend: the tenant's token is refused and both containers stop in Docker within a sweep.
    suspended = operator.ok("POST", f"/tenants/{tid}/suspend", 202)
    assert suspended["status"] == "suspended"
    assert_error(client.get("/v1/containers"), 403, "forbidden")
    fleet.reconciler.once()
    for c in (web, worker):
        assert fleet.inspect(c["id"])["State"]["Running"] is False
    ops.read()
    # Resume: they run again.
    assert operator.ok("POST", f"/tenants/{tid}/resume", 202)["status"] == "active"
    fleet.reconciler.once()
    for c in (web, worker):
        assert fleet.inspect(c["id"])["State"]["Running"] is True

    # The tenant's feed, resumed from its stored cursor, shows every step in order, each once, and
    # holds exactly the container events stored for the tenant: the consumer missed nothing.
    def stopped_by_suspension_then_running(_):
        return all([d.get("last_error_code") for d in feed.observed(c["id"])].count("suspended") == 1
                   and feed.observed(c["id"])[-1]["observed_state"] == "running" for c in (web, worker))
    feed.read_until(stopped_by_suspension_then_running)
    assert in_order(feed.types, ["container.created", "container.created", "container.updated"]), feed.types
    assert feed.types.count("container.updated") == 1
    time.sleep(SETTLE_SECONDS + 0.5)
    feed.read()
    assert feed.ids == stored_event_ids(stack, f"tenant_id = {sql_literal(tid)} AND container_id IS NOT NULL"), \
        "the tenant's consumer saw each of its container events once, in id order"
    assert len(set(feed.ids)) == len(feed.ids)

    # Terminate: containers gone from Docker, quota rows gone, tokens refused, tenant deleted.
    deleting = operator.ok("DELETE", f"/tenants/{tid}", 202)
    assert deleting["status"] == "deleting"
    assert_error(client.get("/v1/containers"), 401, "unauthorized")
    assert_error(operator.request("POST", f"/tenants/{tid}/tokens", json={"name": "late"}), 409, "conflict")
    wait_until(lambda: fleet.reconciler.once() and not fleet.docker_ids(web["id"]) and not fleet.docker_ids(worker["id"]), 30,
               message="the tenant's containers to be removed")
    assert operator.ok("GET", f"/tenants/{tid}")["status"] == "deleted"
    assert stack.count(f"SELECT COUNT(*) FROM allocations WHERE tenant_id = {sql_literal(tid)}") == 0
    assert operator.request("DELETE", f"/tenants/{tid}").status_code == 202, "a repeated DELETE is 202"
    # The same external_ref (and name) provisions a new tenant.
    reborn = operator.ok("POST", "/tenants", 201, json={"name": tenant["name"], "external_ref": ref})
    assert reborn["id"] != tid and reborn["status"] == "active"

    # The operator's consumer, resumed from its stored cursor, saw the whole story in order and
    # exactly the events stored for the tenant, each once.
    story = ["tenant.created", "allocation.changed", "token.created", "container.created", "container.created",
             "container.updated", "allocation.changed", "tenant.suspended", "tenant.resumed", "tenant.deleted"]
    ops.read_until(lambda types: "tenant.deleted" in types and types.count("container.deleted") == 2
                   and all(ops.observed(c["id"])[-1]["observed_state"] == "removed" for c in (web, worker)))
    time.sleep(SETTLE_SECONDS + 0.5)
    ops.read()
    assert in_order(ops.types, story), ops.types
    assert ops.types.count("container.deleted") == 2 and ops.types.count("tenant.suspended") == 1
    assert ops.ids == stored_event_ids(stack, f"tenant_id = {sql_literal(tid)}"), "nothing missed, nothing twice"
    fresh = operator_feed(operator, f"&tenant_id={tid}")
    fresh.read()
    assert fresh.ids == ops.ids, "a consumer reading it all at once sees the same feed"

    # Every operator mutation is an event with the operator's name and the request id.
    events = stack.rows(f"SELECT action, actor, request_id FROM events WHERE tenant_id = {sql_literal(tid)} "
                        "AND actor LIKE 'operator:%' ORDER BY id")
    kinds = [e["action"] for e in events]
    for kind in ("tenant.created", "allocation.changed", "token.created", "tenant.suspended", "tenant.resumed",
                 "tenant.deleted", "container.deleted"):
        assert kind in kinds, (kind, kinds)
    assert all(e["actor"] == f"operator:{operator.name}" and e["request_id"] for e in events)


def test_a_repeated_suspend_is_a_no_op(stack, operator):
    tenant, _ = provision(operator, unique("svc"))
    for _ in range(2):
        assert operator.ok("POST", f"/tenants/{tenant['id']}/suspend", 202)["status"] == "suspended"
    assert stack.count(f"SELECT COUNT(*) FROM events WHERE tenant_id = {sql_literal(tenant['id'])} "
                       "AND action = 'tenant.suspended'") == 1


def test_force_termination_marks_containers_on_a_disabled_host_removed(stack, operator, region):
    host = unique("dead")
    stack.admin("host", "add", host, "--region", region["region"])
    tenant, token = provision(operator, unique("svc"))
    client = Tenant(stack, tenant["name"], tenant["id"], token["token"], host)
    c = client.created(command=["sleep", "3600"])
    operator.ok("POST", f"/hosts/{host}/disable")
    assert operator.ok("DELETE", f"/tenants/{tenant['id']}", 202)["status"] == "deleting", "no reconciler on a dead host"
    assert operator.ok("DELETE", f"/tenants/{tenant['id']}?force=true", 202)["status"] == "deleted"
    assert stack.row(f"SELECT observed_state FROM containers WHERE id = {sql_literal(c['id'])}")["observed_state"] == "removed"


def admin_operations():
    """Every (method, path) of the operator document, ids filled in, and methods no route has."""
    document = json.loads((pathlib.Path(__file__).parents[2] / "openapi" / "operator.json").read_text())
    fill = {"{id}": "ten_0123456789abcdef", "{token_id}": "tok_0123456789abcdef", "{scope}": "%2A",
            "{key}": "host-x"}
    operations = []
    for template, item in document["paths"].items():
        path = template
        for placeholder, value in fill.items():
            path = path.replace(placeholder, value)
        assert "{" not in path, template
        operations += [(method.upper(), path) for method in item if method in ("get", "post", "put", "patch", "delete")]
    return operations + [("PUT", "/v1/admin/tenants"), ("PATCH", "/v1/admin/hosts"), ("GET", "/v1/admin/nothing")]


@pytest.mark.parametrize("method, path", admin_operations())
def test_without_an_operator_token_every_admin_route_is_an_unknown_route(stack, tenant, method, path):
    """No token, a tenant token and an unknown operator token get exactly the answer of a path that
    does not exist: nothing tells a prober which admin routes there are."""
    for http in (stack.session(), tenant.http, stack.session("droa_" + "0" * 24 + "_" + "A" * 43)):
        unknown = http.request("GET", stack.url("/v1/admin/nothing"))
        r = http.request(method, stack.url(path), json={})
        assert r.status_code == 404 and "Allow" not in r.headers, (method, path, r.status_code)
        body, expected = r.json(), unknown.json()
        assert body.pop("request_id") and expected.pop("request_id")
        assert body == expected, (method, path, body)
        assert r.headers["Content-Type"] == unknown.headers["Content-Type"]


def test_an_operator_token_on_tenant_routes_is_401(stack, operator):
    assert_error(operator.http.get(stack.url("/v1/containers")), 401, "unauthorized")


def test_a_read_only_token_reads_and_cannot_mutate(stack, operator, read_only_operator):
    tenant, _ = provision(operator, unique("svc"))
    assert read_only_operator.ok("GET", f"/tenants/{tenant['id']}")["id"] == tenant["id"]
    before = stack.count("SELECT COUNT(*) FROM events")
    for method, path, body in [("POST", "/tenants", {"name": unique("t")}), ("POST", f"/tenants/{tenant['id']}/suspend", None),
                               ("DELETE", f"/tenants/{tenant['id']}", None), ("PUT", f"/tenants/{tenant['id']}/allocations/*", {}),
                               ("POST", "/regions", {"name": "x"}), ("POST", "/hosts/none/disable", None)]:
        body = assert_error(read_only_operator.request(method, path, json=body), 403, "forbidden")
        assert body["detail"]["reason"] == "read_only_token"
    assert stack.count("SELECT COUNT(*) FROM events") == before
    assert operator.ok("GET", f"/tenants/{tenant['id']}")["status"] == "active"


def test_revoked_operator_tokens_are_unknown(stack):
    op = Operator(stack, read_only=True)
    assert op.get("/tenants").status_code == 200

    def listed():
        return [t for t in stack.admin("operator-token", "list") if t["id"] == op.id]
    assert [{k: v for k, v in t.items() if k != "created_at"} for t in listed()] == \
        [{"id": op.id, "name": op.name, "read_only": True, "revoked": False}], "names and kinds, never a secret"
    stack.admin("operator-token", "revoke", op.name)
    assert op.get("/tenants").status_code == 404
    assert listed()[0]["revoked"] is True


def test_a_deleting_tenant_is_not_live(stack, operator, region):
    """While its containers are being removed, its name and external_ref stay taken and every
    mutation answers 409 tenant_deleted; a repeated DELETE is 202."""
    host = unique("slow")
    stack.admin("host", "add", host, "--region", region["region"])
    ref = unique("svc")
    tenant, token = provision(operator, ref)
    Tenant(stack, tenant["name"], tenant["id"], token["token"], host).created(command=["sleep", "3600"])
    assert operator.ok("DELETE", f"/tenants/{tenant['id']}", 202)["status"] == "deleting"
    for body in ({"name": tenant["name"], "external_ref": ref}, {"name": unique("other"), "external_ref": ref},
                 {"name": tenant["name"]}):
        refused = assert_error(operator.request("POST", "/tenants", json=body), 409, "conflict")
        assert refused["detail"]["reason"] == "tenant_deleted", (body, refused)
    for method, path, body in (("POST", "suspend", None), ("POST", "tokens", {"name": "late"}),
                               ("PUT", "allocations/*", {"max_containers": 1, "max_cpu": 1, "max_mem_bytes": "1g"})):
        refused = assert_error(operator.request(method, f"/tenants/{tenant['id']}/{path}", json=body), 409, "conflict")
        assert refused["detail"]["reason"] == "tenant_deleted", (path, refused)
    assert operator.ok("DELETE", f"/tenants/{tenant['id']}", 202)["status"] == "deleting"


def test_allocations_put_and_delete(stack, operator):
    tenant, _ = provision(operator, unique("svc"))
    path = f"/tenants/{tenant['id']}/allocations/*"
    view = operator.ok("PUT", path, json={"max_containers": None, "max_cpu": 0.5, "max_mem_bytes": 1073741824})
    assert view == {"scope": "*", "max_containers": None, "max_cpu": 0.5, "max_mem_bytes": 1073741824,
                    "used_containers": 0, "used_cpu": 0, "used_mem_bytes": 0}
    quota = Tenant(stack, tenant["name"], tenant["id"], operator.ok("POST", f"/tenants/{tenant['id']}/tokens", 201,
                                                                     json={"name": "q"})["token"], None).get("/v1/quota").json()
    assert quota["allocations"] == [view], "PUT answers exactly the GET /v1/quota item"
    for missing in ("max_containers", "max_cpu", "max_mem_bytes"):
        body = {"max_containers": 1, "max_cpu": 1, "max_mem_bytes": 1 << 30}
        del body[missing]
        assert_error(operator.request("PUT", path, json=body), 400, "validation_error", missing)
    for field, value in (("max_containers", -1), ("max_cpu", "x"), ("max_mem_bytes", "lots"), ("max_containers", 2 ** 53 + 2)):
        body = {"max_containers": 1, "max_cpu": 1, "max_mem_bytes": 1 << 30, field: value}
        assert_error(operator.request("PUT", path, json=body), 400, "validation_error", field)
    assert operator.ok("PUT", path, json={"max_containers": 0, "max_cpu": 0, "max_mem_bytes": 2 ** 53})["max_containers"] == 0
    assert_error(operator.request("PUT", f"/tenants/{tenant['id']}/allocations/no-such-region",
                                  json={"max_containers": 1, "max_cpu": 1, "max_mem_bytes": 1}), 404, "not_found")
    assert operator.ok("DELETE", f"/tenants/{tenant['id']}/allocations/%2A") == {"scope": "*", "removed": True}
    assert_error(operator.request("DELETE", f"/tenants/{tenant['id']}/allocations/%2A"), 404, "not_found")


def test_a_put_recounts_the_usage_from_the_rows(stack, operator, tenant):
    """Counters that drifted (a repair by hand, an old release) are recounted by the next PUT."""
    tenant.created(start=False, cpu_limit=0.5, mem_limit="64m")
    truth = operator.ok("GET", f"/tenants/{tenant.id}")["allocations"][0]
    stack.sql(f"UPDATE allocations SET used_containers = 99, used_cpu_millis = 1, used_mem_bytes = 7 "
              f"WHERE tenant_id = {sql_literal(tenant.id)} AND scope = '*'")
    caps = {"max_containers": 50, "max_cpu": 8, "max_mem_bytes": "2g"}
    put = operator.ok("PUT", f"/tenants/{tenant.id}/allocations/*", json=caps)
    assert (put["used_containers"], put["used_cpu"], put["used_mem_bytes"]) == \
        (truth["used_containers"], truth["used_cpu"], truth["used_mem_bytes"]) == (1, 0.5, 64 << 20)
    assert stack.admin("quota", "show", tenant.id)[0]["drift"] is False


def test_tenant_inputs_are_bounded(stack, operator):
    for body, field in (({"name": "Bad_Name"}, "name"), ({}, "name"), ({"name": "ok", "external_ref": "x" * 129}, "external_ref"),
                        ({"name": "ok", "external_ref": ""}, "external_ref"), ({"name": "a" * 64}, "name")):
        assert_error(operator.request("POST", "/tenants", json=body), 400, "validation_error", field)
    assert operator.request("POST", "/tenants", json={"name": unique("b"), "external_ref": "r" * 120 + unique("")[:8]}).status_code == 201
    assert_error(operator.request("GET", "/tenants?limit=0"), 400, "validation_error", "limit")
    assert_error(operator.request("GET", "/tenants?limit=201"), 400, "validation_error", "limit")
    assert operator.request("GET", "/tenants?limit=200").status_code == 200
    assert_error(operator.request("GET", "/tenants?status=gone"), 400, "validation_error", "status")


def test_tenant_list_pages_and_filters(stack, operator):
    refs = [unique("page") for _ in range(3)]
    ids = [operator.ok("POST", "/tenants", 201, json={"name": unique("p"), "external_ref": r})["id"] for r in refs]
    assert [t["id"] for t in operator.ok("GET", f"/tenants?external_ref={refs[1]}")["tenants"]] == [ids[1]]
    everything, cursor = [], None
    while True:
        page = operator.ok("GET", "/tenants?limit=200" + (f"&cursor={cursor}" if cursor else ""))
        everything += [t["id"] for t in page["tenants"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(everything) == len(set(everything)) and set(ids) <= set(everything)
    # Small pages walk the same order.
    small, cursor = [], None
    for _ in range(3):
        page = operator.ok("GET", "/tenants?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        small += [t["id"] for t in page["tenants"]]
        cursor = page["next_cursor"]
    assert small == everything[:len(small)]


def test_operator_creates_honour_idempotency_keys(stack, operator):
    key = {"Idempotency-Key": unique("k")}
    body = {"name": unique("idem")}
    first = operator.request("POST", "/tenants", json=body, headers=key)
    replay = operator.request("POST", "/tenants", json=body, headers=key)
    assert first.status_code == replay.status_code == 201 and replay.headers.get("Idempotent-Replayed") == "true"
    assert replay.json() == first.json()
    assert_error(operator.request("POST", "/tenants", json={"name": unique("other")}, headers=key), 409, "conflict")
    token_key = {"Idempotency-Key": unique("tk")}
    created = operator.ok("POST", f"/tenants/{first.json()['id']}/tokens", 201, json={"name": "a"}, headers=token_key)
    refused = assert_error(operator.request("POST", f"/tenants/{first.json()['id']}/tokens", json={"name": "a"}, headers=token_key),
                           409, "conflict")
    assert refused["detail"] == {"reason": "secret_not_replayable", "id": created["id"]}
    assert created["token"] not in stack.sql("SELECT response_body FROM idempotency_keys")


def admin_host(operator, key):
    """One host of the operator's paged hosts list."""
    cursor = None
    while True:
        page = operator.ok("GET", "/hosts?limit=200" + (f"&cursor={cursor}" if cursor else ""))
        found = [h for h in page["hosts"] if h["host_key"] == key]
        if found or not page["next_cursor"]:
            return found[0]
        cursor = page["next_cursor"]


def test_hosts_view_shows_the_queue_and_the_last_run(stack, operator, fleet):
    fleet.tenant.created(command=["sleep", "3600"])
    host = admin_host(operator, fleet.host)
    assert host["queued_jobs"] == 1 and host["oldest_queued_seconds"] >= 0 and host["last_run_at"] is None
    fleet.reconciler.once()
    host = admin_host(operator, fleet.host)
    assert host["queued_jobs"] == 0 and host["oldest_queued_seconds"] is None
    assert host["last_run_outcome"] == "ok" and host["last_run_at"]
    patched = operator.ok("PATCH", f"/hosts/{fleet.host}", json={"cpu_count": 3, "public_address": "127.0.0.1"})
    assert (patched["cpu_count"], patched["cpu_count_override"], patched["public_address"]) == (3, 3, "127.0.0.1")
    assert operator.ok("PATCH", f"/hosts/{fleet.host}", json={"cpu_count": None})["cpu_count_override"] is None
    assert_error(operator.request("PATCH", f"/hosts/{fleet.host}", json={"cpu_count": 0}), 400, "validation_error", "cpu_count")


def test_operators_list_any_tenants_containers_and_events_with_filters(stack, operator, tenant_factory):
    a, b = tenant_factory(), tenant_factory()
    web = a.created(labels={"tier": "web"})
    other = b.created(labels={"tier": "web"})
    both = [c["id"] for c in operator.ok("GET", "/containers?label=tier=web&limit=200")["containers"]]
    assert web["id"] in both and other["id"] in both
    only_a = operator.ok("GET", f"/containers?tenant_id={a.id}")["containers"]
    assert [c["id"] for c in only_a] == [web["id"]]
    assert operator.ok("GET", f"/containers/{other['id']}")["id"] == other["id"]
    assert operator.ok("GET", f"/containers?host_key={a.host}&observed_state=pending&tenant_id={b.id}")["containers"][0]["id"] == other["id"]
    assert_error(operator.request("GET", "/containers?observed_state=sleeping"), 400, "validation_error", "observed_state")
    assert_error(operator.request("GET", "/containers?label=Bad"), 400, "validation_error", "label")
    assert_error(operator.request("GET", "/containers/ctr_000000000000000000000000"), 404, "not_found")
    events = wait_until(lambda: operator.ok("GET", f"/events?tenant_id={a.id}&type=container.created")["events"] or None, 10,
                        interval=0.5, message="the create to settle")
    assert [e["container_id"] for e in events] == [web["id"]] and events[0]["tenant_id"] == a.id


def test_dro_admin_shares_the_operations(stack):
    ref = unique("cli")
    name = unique("cli")
    first = stack.admin("tenant", "create", name, "--external-ref", ref)
    assert stack.admin("tenant", "create", name, "--external-ref", ref)["id"] == first["id"]
    assert [t["id"] for t in stack.admin("tenant", "list", "--external-ref", ref)] == [first["id"]]
    stack.admin("quota", "set", first["id"], "--scope", "*", "--containers", "3")
    stack.admin("allocation", "remove", first["id"], "--scope", "*")
    assert stack.admin("tenant", "show", first["id"])["allocations"] == []
    deleted = stack.admin("tenant", "delete", first["id"])
    assert deleted["status"] == "deleted"
    assert stack.admin("tenant", "list", "--status", "deleted", "--external-ref", ref)[0]["id"] == first["id"]
    assert any(r["name"] for r in stack.admin("region", "list"))
    def feed():
        types = [e["type"] for e in stack.admin("events", "--tenant", first["id"], "--limit", "200")["events"]]
        return types if "tenant.deleted" in types else None
    assert wait_until(feed, 10, interval=0.5, message="the CLI's events to settle") == [
        "tenant.created", "allocation.changed", "allocation.changed", "tenant.deleted"]
    events = stack.rows(f"SELECT action, actor FROM events WHERE tenant_id = {sql_literal(first['id'])} ORDER BY id")
    assert [e["action"] for e in events] == ["tenant.created", "allocation.changed", "allocation.changed", "tenant.deleted"]
    assert {e["actor"] for e in events} == {"operator:dro-admin"}


def test_the_openapi_documents_are_served(stack, operator, tenant):
    tenant_doc = stack.session().get(stack.url("/v1/openapi.json"))
    assert tenant_doc.status_code == 200 and tenant_doc.json()["openapi"] == "3.1.0"
    assert "/v1/containers/{id}" in tenant_doc.json()["paths"] and not any(p.startswith("/v1/admin") for p in tenant_doc.json()["paths"])
    assert operator.ok("GET", "/openapi.json")["info"]["title"] == "DRO Cloud operator API"
    for http in (stack.session(), tenant.http):
        assert http.get(stack.url("/v1/admin/openapi.json")).status_code == 404
