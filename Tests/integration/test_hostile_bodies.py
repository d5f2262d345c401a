"""Hostile and malformed requests: each gets a clear 4xx in the error shape,
never a 500 or a cut connection, nothing is stored, and the service stays healthy."""
import json

import pytest

from conftest import assert_error, raw_exchange

MIB = 1024 * 1024


def nested(tenant, depth):
    """A create body whose deepest nesting is `depth` levels (the object itself is level 1)."""
    arrays = depth - 1
    return ('{"name": ' + "[" * arrays + "]" * arrays + ', "image": "busybox:latest", "host_key": "%s"}' % tenant.host).encode()


def padded(tenant, size, name):
    """A valid create body of exactly `size` bytes (an unknown field carries the padding)."""
    skeleton = json.dumps(tenant.body(name, padding=""), separators=(",", ":")).encode()
    body = skeleton.replace(b'"padding":""', b'"padding":"' + b"x" * (size - len(skeleton)) + b'"')
    assert len(body) == size
    return body


BAD_BODIES = {
    "not-json": (b"{this is not json", "application/json", 400, "validation_error"),
    "truncated-json": (b'{"name": "x", "image": ', "application/json", 400, "validation_error"),
    "json-array": (b'[{"name": "x"}]', "application/json", 400, "validation_error"),
    "json-string": (b'"just a string"', "application/json", 400, "validation_error"),
    "json-number": (b"42", "application/json", 400, "validation_error"),
    "json-null": (b"null", "application/json", 400, "validation_error"),
    "empty": (b"", "application/json", 400, "validation_error"),
    "invalid-utf8": (b'{"name": "\xff\xfe", "image": "busybox"}', "application/json", 400, "validation_error"),
    "10000-deep-arrays": (b"[" * 10000 + b"]" * 10000, "application/json", 400, "validation_error"),
    "10000-deep-objects": (b'{"a":' * 10000 + b"1" + b"}" * 10000, "application/json", 400, "validation_error"),
    "10000-unclosed": (b"[" * 10000, "application/json", 400, "validation_error"),
    "3-MB": (b"{" + b" " * (3 * MIB) + b"}", "application/json", 413, "payload_too_large"),
    "text-plain": (b'{"name": "x"}', "text/plain", 415, "unsupported_media_type"),
    "form": (b"name=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    "no-content-type": (b'{"name": "x"}', None, 415, "unsupported_media_type"),
    "json-lookalike": (b'{"name": "x"}', "application/jsonp", 415, "unsupported_media_type"),
}


def assert_still_healthy(stack, tenant):
    assert stack.health().status_code == 200
    assert tenant.create().status_code == 201


@pytest.mark.parametrize("case", sorted(BAD_BODIES))
def test_bad_bodies_get_a_clear_4xx(stack, tenant, case):
    data, content_type, status, code = BAD_BODIES[case]
    before = tenant.footprint()
    r = tenant.post_raw(data, content_type)
    assert_error(r, status, code)
    assert r.headers["X-Request-Id"]
    assert tenant.footprint() == before
    assert_still_healthy(stack, tenant)


def test_nesting_33_deep_is_refused_before_validation_and_32_deep_reaches_it(tenant):
    assert_error(tenant.post_raw(nested(tenant, 33)), 400, "validation_error", field="body")
    assert_error(tenant.post_raw(nested(tenant, 32)), 400, "validation_error", field="name")
    # Brackets inside strings are not nesting.
    assert_error(tenant.create("[" * 100), 400, "validation_error", field="name")


def test_one_mebibyte_is_accepted_and_one_byte_more_is_413(stack, tenant):
    exact = tenant.post_raw(padded(tenant, MIB, "exactly-one-mib"))
    assert exact.status_code == 201, exact.text
    assert "padding" not in exact.json()
    over = tenant.post_raw(padded(tenant, MIB + 1, "one-byte-more"))
    assert_error(over, 413, "payload_too_large")
    assert [c["name"] for c in tenant.get("/v1/containers").json()["containers"]] == ["exactly-one-mib"]
    assert_still_healthy(stack, tenant)


def test_json_content_type_with_parameters_is_accepted(tenant):
    r = tenant.post_raw(json.dumps(tenant.body("charset")).encode(), "Application/JSON; charset=utf-8")
    assert r.status_code == 201, r.text


def test_chunked_body_is_read_whole(tenant):
    data = json.dumps(tenant.body("chunked")).encode()
    r = tenant.post("/v1/containers", data=iter([data[:7], data[7:]]), headers={"Content-Type": "application/json"})
    assert r.status_code == 201, r.text


@pytest.mark.parametrize("path", ["/v1/nope", "/v2/containers", "/", "/v1/containers/x/y/z", "/v1/containers/x/reboot", "/v1"])
def test_unknown_routes_are_404(stack, tenant, path):
    assert_error(tenant.get(path), 404, "not_found")
    assert_still_healthy(stack, tenant)


@pytest.mark.parametrize("method,path,allow", [
    ("PUT", "/v1/containers", "GET, POST"),
    ("PUT", "/v1/containers/{id}", "DELETE, GET, PATCH"),
    ("POST", "/v1/containers/{id}", "DELETE, GET, PATCH"),
    ("PATCH", "/v1/containers", "GET, POST"),
    ("GET", "/v1/containers/{id}/start", "POST"),
    ("DELETE", "/v1/containers/{id}/logs", "GET"),
    ("POST", "/v1/quota", "GET"),
    ("DELETE", "/v1/hosts", "GET"),
    ("POST", "/v1/health", "GET"),
])
def test_wrong_methods_are_405_with_allow(stack, tenant, method, path, allow):
    container = tenant.created()
    r = tenant.request(method, path.format(id=container["id"]), json={})
    body = assert_error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == allow
    assert body["detail"]["allow"] == allow.split(", ")
    assert tenant.container_row(container["id"])["generation"] == "1"
    assert_still_healthy(stack, tenant)


def create_text(tenant, name, middle=""):
    """A create body as JSON text, with `middle` (members, already JSON) spliced in."""
    return ('{"name": "%s", "image": "busybox:latest", "host_key": "%s"%s}' % (name, tenant.host, middle)).encode()


MALFORMED_JSON = {
    "trailing-comma-object": b'{"name": "x", "image": "busybox", "host_key": "h",}',
    "trailing-comma-array": b'{"name": "x", "image": "busybox", "host_key": "h", "command": ["a",]}',
    "leading-zero": b'{"name": "x", "image": "busybox", "host_key": "h", "cpu_limit": 01}',
    "bare-dot": b'{"name": "x", "image": "busybox", "host_key": "h", "cpu_limit": .5}',
    "trailing-dot": b'{"name": "x", "image": "busybox", "host_key": "h", "cpu_limit": 1.}',
    "plus-sign": b'{"name": "x", "image": "busybox", "host_key": "h", "cpu_limit": +1}',
    "nan": b'{"name": "x", "image": "busybox", "host_key": "h", "cpu_limit": NaN}',
    "infinity": b'{"name": "x", "image": "busybox", "host_key": "h", "cpu_limit": Infinity}',
    "single-quotes": b"{'name': 'x'}",
    "unquoted-key": b'{name: "x"}',
    "comment": b'{"name": "x" /* hi */, "image": "busybox", "host_key": "h"}',
    "two-documents": b'{"name": "x"}{"name": "y"}',
    "trailing-garbage": b'{"name": "x", "image": "busybox", "host_key": "h"} x',
    "bad-escape": b'{"name": "\\x41", "image": "busybox", "host_key": "h"}',
    "short-unicode-escape": b'{"name": "\\u00e", "image": "busybox", "host_key": "h"}',
    "lone-surrogate": b'{"name": "x", "image": "busybox", "host_key": "h", "env": {"A": "\\ud800"}}',
    "raw-newline-in-string": b'{"name": "x", "image": "busybox", "host_key": "h", "env": {"A": "a\nb"}}',
    "unclosed-string": b'{"name": "x, "image": "busybox"}',
    "missing-colon": b'{"name" "x"}',
    "missing-comma": b'{"name": "x" "image": "busybox"}',
    "true-typo": b'{"name": "x", "image": "busybox", "host_key": "h", "start": tru}',
    "overlong-utf8": b'{"name": "x", "image": "busybox", "host_key": "h", "env": {"A": "\xc0\xaf"}}',
    "utf-16": '{"name": "x", "image": "busybox", "host_key": "h"}'.encode("utf-16-le"),
    "nul-byte": b'{"name": "x", "image": "busybox", "host_key": "h"}\x00',
}


@pytest.mark.parametrize("case", sorted(MALFORMED_JSON))
def test_malformed_json_is_400_on_the_body(tenant, case):
    before = tenant.footprint()
    assert_error(tenant.post_raw(MALFORMED_JSON[case]), 400, "validation_error", field="body")
    assert tenant.footprint() == before


# Valid JSON in less common forms: (members spliced into a create, expected env, expected
# cpu_limit; 1 is the platform default filled in when none is given)
WELL_FORMED = {
    "unicode-escapes": (', "env": {"A": "\\u00e9\\u65e5 \\ud83d\\ude80 \\u0041"}', {"A": "\u00e9\u65e5 \U0001F680 A"}, 1),
    "short-escapes": (', "env": {"A": "\\"\\\\\\/\\b\\f\\n\\r\\t"}', {"A": "\"\\/\b\f\n\r\t"}, 1),
    "escaped-key": (', "env": {"\\u0041B": "x"}', {"AB": "x"}, 1),
    "exponent": (', "cpu_limit": 5e-1', {}, 0.5),
    "upper-exponent": (', "cpu_limit": 1.25E+1', {}, 12.5),
    "trailing-zeros": (', "cpu_limit": 0.50000', {}, 0.5),
    "long-fraction": (', "cpu_limit": 0.2500000000000000000000000000000000', {}, 0.25),
    "whitespace": (' ,\t\r\n "cpu_limit"\n:\t2 \r\n', {}, 2),
    "null-optionals": (', "env": null, "ports": null, "cpu_limit": null, "command": null, "start": null', {}, 1),
}


@pytest.mark.parametrize("case", sorted(WELL_FORMED))
def test_less_common_valid_json_is_read_as_json(tenant, case):
    middle, env, cpu = WELL_FORMED[case]
    r = tenant.post_raw(create_text(tenant, case, middle))
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["name"], body["env"], body["cpu_limit"]) == (case, env, cpu)
    assert body["desired_state"] == "running"


def test_escaped_name_is_validated_after_decoding(tenant):
    r = tenant.post_raw(create_text(tenant, "\\u0077eb"))
    assert r.status_code == 201 and r.json()["name"] == "web", r.text
    assert_error(tenant.post_raw(create_text(tenant, "W\\u0045B")), 400, "validation_error", field="name")


MALFORMED_HTTP = {
    "garbage-request-line": b"GARBAGE\r\n\r\n",
    "lower-case-method": b"get /v1/health HTTP/1.1\r\nHost: x\r\n\r\n",
    "no-host": b"GET /v1/health HTTP/1.1\r\n\r\n",
    "two-hosts": b"GET /v1/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
    "bad-content-length": b"POST /v1/containers HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    "path-escape": b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
    "huge-header": b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n",
    "huge-uri": b"GET /v1/containers/" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    # nginx's own 505 and 501, answered as malformed requests.
    "unsupported-http-version": b"GET /v1/health HTTP/2.7\r\nHost: x\r\n\r\n",
    "unknown-transfer-encoding": b"POST /v1/containers HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
}


@pytest.mark.parametrize("case", sorted(MALFORMED_HTTP))
def test_malformed_http_gets_a_json_400_from_nginx(stack, tenant, case):
    status, headers, body = raw_exchange(stack, MALFORMED_HTTP[case])
    assert status == 400, body
    assert headers["content-type"].startswith("application/json")
    parsed = json.loads(body)
    assert set(parsed) == {"error", "message", "detail", "request_id"} and parsed["error"] == "validation_error"
    assert parsed["request_id"] == headers["x-request-id"]
    assert_still_healthy(stack, tenant)


def test_trace_is_refused_by_nginx_as_405_in_the_error_shape(stack, tenant):
    status, headers, body = raw_exchange(stack, b"TRACE /v1/containers HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 405, body
    parsed = json.loads(body)
    assert parsed["error"] == "method_not_allowed" and parsed["request_id"] == headers["x-request-id"]
    assert_still_healthy(stack, tenant)


def test_nginx_error_locations_are_not_routes(stack):
    r = stack.session().get(stack.url("/.dro-error/400"), timeout=30)
    assert_error(r, 404, "not_found")
