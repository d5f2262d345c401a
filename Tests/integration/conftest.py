"""Fixtures for the integration suites: a real stack (nginx + dro-api + MariaDB) started by
scripts/test.sh, reached over HTTPS. Each test gets its own tenant, so tests never depend on
each other's leftovers."""
import json
import os
import secrets
import subprocess
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def _required_env(name):
    value = os.environ.get(name)
    if not value:
        # Never skip: a suite that silently does not run must fail CI.
        pytest.fail(f"{name} is not set: run the integration tests through `make test`", pytrace=False)
    return value


class Stack:
    """The running stack: its URL, CA certificate, state directory and operator tools."""

    def __init__(self):
        self.base_url = _required_env("DRO_TEST_BASE_URL")
        self.ca = _required_env("DRO_TEST_CA")
        self.state = _required_env("DRO_TEST_STATE")

    def script(self, command, *args, check=True):
        return subprocess.run(
            [str(ROOT / "scripts/stack.sh"), command, self.state, *args],
            capture_output=True, text=True, check=check, timeout=120)

    def admin(self, *args, check=True):
        """Runs dro-admin with --json and answers the decoded output."""
        result = self.script("admin", *args, "--json", check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"dro-admin {' '.join(args)} failed: {result.stderr}")
        return json.loads(result.stdout) if result.returncode == 0 else result

    def sql(self, query):
        """Rows of a root SQL query, as lists of strings (NULL as 'NULL')."""
        out = self.script("sql", query).stdout
        return [line.split("\t") for line in out.splitlines()]

    def scalar(self, query):
        rows = self.sql(query)
        return rows[0][0] if rows else None

    def session(self, token=None):
        s = requests.Session()
        s.trust_env = False  # REQUESTS_CA_BUNDLE or a proxy in the environment would override verify
        s.verify = self.ca
        if token:
            s.headers["Authorization"] = f"Bearer {token}"
        return s

    def url(self, path):
        return self.base_url + path


@pytest.fixture(scope="session")
def stack():
    return Stack()


@pytest.fixture(scope="session")
def region(stack):
    """A region with one enabled fleet host, shared by the session."""
    name = "r-" + secrets.token_hex(3)
    host = "host-" + secrets.token_hex(3)
    stack.admin("host", "add", host, "--region", name)
    return {"region": name, "host": host}


class Tenant:
    def __init__(self, stack, name, tenant_id, token, host):
        self.stack, self.name, self.id, self.token, self.host = stack, name, tenant_id, token, host
        self.http = stack.session(token)

    def get(self, path, **kw):
        return self.http.get(self.stack.url(path), timeout=60, **kw)

    def post(self, path, **kw):
        return self.http.post(self.stack.url(path), timeout=60, **kw)

    def delete(self, path, **kw):
        return self.http.delete(self.stack.url(path), timeout=60, **kw)

    def create(self, name=None, headers=None, **fields):
        body = {"name": name or "c-" + secrets.token_hex(4), "image": "busybox:latest", "host_key": self.host}
        body.update(fields)
        return self.post("/v1/containers", json=body, headers=headers or {})

    def quota(self, *args):
        return self.stack.admin("quota", "set", self.id, *args)


def make_tenant(stack, region, scope="*", caps=("--containers", "1000")):
    name = "t-" + secrets.token_hex(5)
    tenant_id = stack.admin("tenant", "create", name)["id"]
    if scope is not None:
        stack.admin("quota", "set", tenant_id, "--scope", scope, *caps)
    token = stack.admin("token", "create", tenant_id)["token"]
    return Tenant(stack, name, tenant_id, token, region["host"])


@pytest.fixture
def tenant(stack, region):
    """A fresh tenant with a generous tenant-wide allocation and its own token."""
    return make_tenant(stack, region)


@pytest.fixture
def tenant_factory(stack, region):
    return lambda **kw: make_tenant(stack, region, **kw)


def assert_error(response, status, code, field=None):
    """The shared error shape (DESIGN.md §6), with the request id of the response."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "message", "detail", "request_id"}, body
    assert body["error"] == code, body
    assert body["message"]
    assert body["request_id"] and body["request_id"] == response.headers.get("X-Request-Id"), body
    if field is not None:
        assert body["detail"].get("field") == field, body
    return body
