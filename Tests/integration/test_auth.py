"""Authentication: identity comes only from a valid bearer token; anything
else is 401 in the error shape, and a suspended tenant is 403 forbidden."""
import pytest

from conftest import assert_error, wait_until

PROTECTED = [("GET", "/v1/containers"), ("POST", "/v1/containers"), ("GET", "/v1/quota"), ("GET", "/v1/hosts")]


def assert_unauthorized(response):
    body = assert_error(response, 401, "unauthorized")
    assert response.headers.get("WWW-Authenticate", "").startswith("Bearer")
    return body


@pytest.mark.parametrize("method,path", PROTECTED)
def test_no_authorization_header_is_401(stack, method, path):
    assert_unauthorized(stack.session().request(method, stack.url(path), json={}, timeout=30))


@pytest.mark.parametrize("header", [
    "Bearer nope",
    "Bearer ",
    "Basic dXNlcjpwYXNz",
    "Bearer dro_" + "0" * 24 + "_" + "A" * 43,  # well-formed, unknown id
    "bearer",
])
def test_garbage_tokens_are_401(stack, header):
    r = stack.session().get(stack.url("/v1/containers"), headers={"Authorization": header}, timeout=30)
    assert_unauthorized(r)


def test_right_id_wrong_secret_is_401(stack, tenant):
    forged = tenant.token[:-43] + ("A" * 43 if not tenant.token.endswith("A" * 43) else "B" * 43)
    assert_unauthorized(stack.session(forged).get(stack.url("/v1/containers"), timeout=30))
    assert tenant.get("/v1/containers").status_code == 200


def test_expired_token_is_401(stack, tenant):
    token = stack.admin("token", "create", tenant.id, "--expires", "1s")["token"]
    session = stack.session(token)
    # It stops working once its second is over (polled, never a fixed sleep).
    def refused():
        r = session.get(stack.url("/v1/containers"), timeout=30)
        return r if r.status_code == 401 else None

    assert_unauthorized(wait_until(refused, timeout=6, message="the token to expire"))
    assert_unauthorized(session.post(stack.url("/v1/containers"), json=tenant.body(), timeout=30))
    # The tenant's other token is unaffected.
    assert tenant.get("/v1/containers").status_code == 200


def test_revoked_token_is_401(stack, tenant):
    created = stack.admin("token", "create", tenant.id)
    session = stack.session(created["token"])
    assert session.get(stack.url("/v1/containers"), timeout=30).status_code == 200
    stack.admin("token", "revoke", created["id"])
    assert_unauthorized(session.get(stack.url("/v1/containers"), timeout=30))
    assert_unauthorized(session.post(stack.url("/v1/containers"), json=tenant.body(), timeout=30))
    assert stack.count(f"SELECT COUNT(*) FROM containers WHERE tenant_id = '{tenant.id}'") == 0
    assert tenant.get("/v1/containers").status_code == 200


def test_suspended_tenant_is_403_forbidden(stack, tenant):
    container = tenant.created()
    stack.admin("tenant", "suspend", tenant.id)
    assert_error(tenant.get("/v1/containers"), 403, "forbidden")
    assert_error(tenant.get(f"/v1/containers/{container['id']}"), 403, "forbidden")
    assert_error(tenant.create(), 403, "forbidden")
    assert_error(tenant.action(container["id"], "stop"), 403, "forbidden")
    assert tenant.container_row(container["id"])["desired_state"] == "running"
    assert stack.count(f"SELECT COUNT(*) FROM containers WHERE tenant_id = '{tenant.id}'") == 1
    stack.admin("tenant", "resume", tenant.id)
    assert tenant.get("/v1/containers").status_code == 200
