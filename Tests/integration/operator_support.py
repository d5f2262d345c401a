"""An operator of the test stack: operator tokens made with dro-admin, and an HTTP session on
the operator API under /v1/admin/."""
import pytest

from conftest import retry_rate_limited, unique


class Operator:
    def __init__(self, stack, read_only=False):
        args = ["operator-token", "create", unique("op")] + (["--read-only"] if read_only else [])
        created = stack.admin(*args)
        self.stack, self.name, self.token, self.id = stack, created["name"], created["token"], created["id"]
        self.http = stack.session(self.token)

    def request(self, method, path, **kw):
        """One request; a 429 (the suite shares this token) is retried as a panel would."""
        kw.setdefault("timeout", 60)
        return retry_rate_limited(lambda: self.http.request(method, self.stack.url("/v1/admin" + path), **kw))

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def ok(self, method, path, status=200, **kw):
        r = self.request(method, path, **kw)
        assert r.status_code == status, (method, path, r.status_code, r.text)
        return r.json()


@pytest.fixture(scope="session")
def operator(stack):
    return Operator(stack)


@pytest.fixture(scope="session")
def read_only_operator(stack):
    return Operator(stack, read_only=True)
