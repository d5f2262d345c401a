"""The API's boundary: one accepted form of the bearer header, so every authenticated request is
rate-limited on its token; request ids nginx did not make are replaced; list pages stay under
4 MiB; another tenant's id answers as fast as a missing one, even while its owner holds a lock;
a tenant without an allocation learns nothing about the fleet; whatever a client puts in the path
or its headers, the responder logs its request on exactly one line, escaped, with no key forged."""
import subprocess
import time

import pytest

from conftest import MISSING_ID, assert_error, concurrently, make_tenant, raw_exchange, scaled, sql_literal, status_counts


@pytest.mark.parametrize("spaces", [2, 3, 7])
def test_only_one_space_after_bearer_authenticates(tenant, spaces):
    r = tenant.stack.session().get(tenant.stack.url("/v1/containers"),
                                   headers={"Authorization": "Bearer" + " " * spaces + tenant.token}, timeout=30)
    assert_error(r, 401, "unauthorized")


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "BeArEr"])
def test_the_scheme_in_any_letter_case_authenticates(tenant, scheme):
    r = tenant.stack.session().get(tenant.stack.url("/v1/containers"), headers={"Authorization": f"{scheme} {tenant.token}"},
                                   timeout=30)
    assert r.status_code == 200, r.text


def test_respelling_the_header_does_not_get_fresh_rate_limit_buckets(stack, tenant):
    """600 requests over 32 connections, each spelled with its own number of spaces: none
    authenticates with a spelling other than one space, and all are limited on one key (the
    test stack: 50 r/s per token, bursts of 100; per address, generous but finite)."""
    session = stack.session()

    def call(i):
        spelling = "Bearer" + " " * (1 + i % 12) + tenant.token
        return session.get(stack.url("/v1/quota"), headers={"Authorization": spelling}, timeout=30).status_code

    counts = status_counts(type("R", (), {"status_code": s})() for s in concurrently(call, range(600), workers=32))
    assert 200 in counts and counts[200] < 600 / 12 + 110, counts  # one spelling authenticates, within its burst
    assert set(counts) <= {200, 401, 429}, counts


@pytest.mark.parametrize("passed", ["not-hex", "0123456789ABCDEF0123456789ABCDEF", "x" * 200, "\u00e9"])
def test_a_request_id_that_is_not_nginxs_is_replaced(stack, passed):
    """nginx sets REQUEST_ID itself; the responder also refuses one that is not 32 lowercase hex
    (checked through FastCGI directly, which nginx would never let a client do)."""
    import fastcgi_client
    status, headers, body = fastcgi_client.request(f"{stack.state}/api/api.sock", "GET", "/v1/health",
                                                   request_id=passed)
    request_id = headers["x-request-id"]
    assert request_id != passed and len(request_id) == 32 and all(c in "0123456789abcdef" for c in request_id)


def test_a_list_page_stops_before_4_mib(tenant):
    env = {f"K{i:03d}": "v" * 30_000 for i in range(30)}  # ~0.9 MB per container
    ids = [tenant.created(f"big-{i}", env=env)["id"] for i in range(6)]
    first = tenant.get("/v1/containers?limit=50")
    assert first.status_code == 200 and len(first.content) <= 4 * 1024 * 1024
    page = first.json()
    assert 1 <= len(page["containers"]) < 6 and page["next_cursor"]
    rest = tenant.get(f"/v1/containers?limit=50&cursor={page['next_cursor']}").json()
    assert [c["id"] for c in page["containers"] + rest["containers"]] == ids and rest["next_cursor"] is None


def test_another_tenants_id_answers_like_a_missing_one_while_its_owner_holds_a_lock(stack, tenant_factory):
    owner, stranger = tenant_factory(), tenant_factory()
    container = owner.created()
    holder = subprocess.Popen(stack.mariadb_command("-e", f"BEGIN; SELECT id FROM containers WHERE id = {sql_literal(container['id'])} "
                                                          "FOR UPDATE; SELECT SLEEP(6); COMMIT;"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)  # the lock is held
        for path in (f"/v1/containers/{container['id']}/stop", f"/v1/containers/{MISSING_ID}/stop"):
            started = time.monotonic()
            assert_error(stranger.post(path), 404, "not_found")
            assert time.monotonic() - started < scaled(1.0), "no wait on the owner's lock"
    finally:
        holder.wait(timeout=30)


@pytest.mark.parametrize("host_key", ["known", "unknown", "disabled"])
def test_a_tenant_without_an_allocation_gets_the_same_refusal_for_every_host(stack, region, region_factory, host_key):
    tenant = make_tenant(stack, region, scope=None)
    disabled = region_factory()["hosts"][0]
    stack.admin("host", "disable", disabled)
    key = {"known": region["host"], "unknown": "no-such-host-x", "disabled": disabled}[host_key]
    body = assert_error(tenant.create(host_key=key), 403, "quota_exceeded")
    assert body["detail"] == {"dimension": "containers", "scope": "*", "requested": 1, "in_use": 0, "cap": 0}


ACCESS_LOG_KEYS = {"duration_ms", "method", "path", "request_id", "route", "status", "tenant"}


def access_log_pairs(line):
    """The key=value pairs of one access-log line, each value as written (quoted ones with their
    quotes and escapes)."""
    head, separator, rest = line.partition(" dro-api: request ")
    assert separator, line
    pairs, i = {}, 0
    while i < len(rest):
        equals = rest.index("=", i)
        key, i = rest[i:equals], equals + 1
        if rest[i] == '"':
            j = i + 1
            while rest[j] != '"':
                j += 2 if rest[j] == "\\" else 1
            end = j + 1
        else:
            end = rest.find(" ", i)
            end = len(rest) if end < 0 else end
        pairs[key], i = rest[i:end], end
        assert i == len(rest) or rest[i] == " ", line
        i += 1
    return pairs


def logged_lines(stack, request_id):
    """The responder's log lines naming the request id, once its line is written."""
    deadline = time.monotonic() + 10
    while True:
        with open(f"{stack.state}/api/api.log", "rb") as f:
            lines = [line for line in f.read().decode("utf-8").split("\n") if f"request_id={request_id}" in line]
        if lines or time.monotonic() > deadline:
            return lines
        time.sleep(0.1)


@pytest.mark.parametrize("target, logged, headers", [
    # Raw quote, backslash and UTF-8 in the path: quoted and escaped.
    ('/v1/containers/a"b\\c%0a\u00e9'.encode(), '"/v1/containers/a\\"b\\\\c%0a\u00e9"', b""),
    # The same, percent-encoded as a browser sends it: plain, logged as sent, never decoded.
    (b"/v1/containers/a%22b%5Cc%0a%C3%A9", "/v1/containers/a%22b%5Cc%0a%C3%A9", b""),
    # A plain path with hostile headers, which are never logged.
    (b"/v1/quota", "/v1/quota",
     'User-Agent: a" status=200 \\ \u00e9\r\nReferer: x%0atenant=ten_forged\r\nX-Request-Id: 0" route=/forged\r\n'.encode()),
])
def test_a_hostile_path_or_header_is_one_escaped_access_log_line(stack, tenant, target, logged, headers):
    request = (b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + tenant.token.encode() + b"\r\n"
               + headers + b"Connection: close\r\n\r\n")
    status, response_headers, _ = raw_exchange(stack, request)
    assert status in (200, 404), status
    request_id = response_headers["x-request-id"]
    lines = logged_lines(stack, request_id)
    assert len(lines) == 1, lines
    pairs = access_log_pairs(lines[0])
    assert set(pairs) == ACCESS_LOG_KEYS, lines[0]
    assert pairs["path"] == logged and pairs["status"] == str(status), lines[0]
    # A path no route matches is refused before authentication.
    assert pairs["tenant"] == (tenant.id if pairs["route"] != "-" else "-"), lines[0]
    for header_text in ("ten_forged", "/forged", 'a\\" status'):
        assert header_text not in lines[0]
