"""Fixtures for the integration suites: a real stack (nginx + dro-api + MariaDB) started by
scripts/test.sh, reached over HTTPS. Each test gets its own tenant, so tests never depend on
each other's leftovers. Shared helpers live here, not in the suites."""
import concurrent.futures
import json
import os
import secrets
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parents[2]
# A well-formed container id that no tenant owns: the reference answer for "does not exist".
MISSING_ID = "ctr_" + "0" * 24


def required_env(name):
    value = os.environ.get(name)
    if not value:
        # Never skip: a suite that silently does not run must fail CI.
        pytest.fail(f"{name} is not set: run the integration tests through `make test`", pytrace=False)
    return value


def sql_literal(value):
    """A quoted SQL string literal (ids here are plain ASCII; quotes and backslashes are escaped)."""
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


class Stack:
    """The running stack: its URL, CA certificate, state directory and operator tools."""

    def __init__(self):
        self.base_url = required_env("DRO_TEST_BASE_URL")
        self.ca = required_env("DRO_TEST_CA")
        self.state = required_env("DRO_TEST_STATE")
        self.config = f"{self.state}/dro.json"
        self.db_socket = f"{self.state}/mariadb/mysqld.sock"
        self.api_pid_file = f"{self.state}/api/dro-api.pid"
        self._bin_dir = None

    @property
    def bin_dir(self):
        """The binaries of the build the stack runs (DRO_BUILD, as scripts/stack.sh picks it), found once."""
        if self._bin_dir is None:
            result = subprocess.run(
                ["swift", "build", "-c", os.environ.get("DRO_BUILD", "release"), "--show-bin-path"],
                cwd=ROOT, capture_output=True, text=True, check=True, timeout=300)
            self._bin_dir = result.stdout.strip().splitlines()[-1]
        return self._bin_dir

    def script(self, command, *args, check=True):
        return subprocess.run(
            [str(ROOT / "scripts/stack.sh"), command, self.state, *args],
            capture_output=True, text=True, check=check, timeout=120)

    def admin(self, *args, check=True):
        """Runs dro-admin with --json and answers the decoded output. Calls the binary directly
        (what `stack.sh admin` does, without resolving the build on every call)."""
        result = subprocess.run(
            [f"{self.bin_dir}/dro-admin", *args, "--json", "--config", self.config],
            capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise AssertionError(f"dro-admin {' '.join(args)} failed: {result.stderr}")
        return json.loads(result.stdout) if result.returncode == 0 else result

    def mariadb_command(self, *args):
        """The root mariadb client over the private socket, on the `dro` database."""
        return ["mariadb", "--no-defaults", f"--socket={self.db_socket}", "-uroot", *args, "dro"]

    def _run_sql(self, query, *flags):
        result = subprocess.run(self.mariadb_command("-B", *flags, "-e", query),
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise AssertionError(f"SQL failed: {query}\n{result.stderr}")
        return result.stdout.splitlines()

    def sql(self, query):
        """Rows of a root SQL query, as lists of strings (NULL as 'NULL')."""
        return [line.split("\t") for line in self._run_sql(query, "-N")]

    def scalar(self, query):
        rows = self.sql(query)
        return rows[0][0] if rows else None

    def count(self, query):
        return int(self.scalar(query))

    def rows(self, query):
        """Rows of a root SQL query as dicts by column name (NULL as None)."""
        lines = self._run_sql(query)
        if not lines:
            return []
        header = lines[0].split("\t")
        return [{k: (None if v == "NULL" else v) for k, v in zip(header, line.split("\t"))} for line in lines[1:]]

    def row(self, query):
        rows = self.rows(query)
        assert len(rows) == 1, f"expected one row from {query}, got {rows}"
        return rows[0]

    def session(self, token=None):
        s = requests.Session()
        s.trust_env = False  # REQUESTS_CA_BUNDLE or a proxy in the environment would override verify
        s.verify = self.ca
        # Enough pooled connections for the concurrent suites (the default keeps 10).
        s.mount("https://", HTTPAdapter(pool_connections=4, pool_maxsize=128))
        if token:
            s.headers["Authorization"] = f"Bearer {token}"
        return s

    def url(self, path):
        return self.base_url + path

    def health(self, timeout=10):
        return self.session().get(self.url("/v1/health"), timeout=timeout)

    def api_pid(self):
        return int(Path(self.api_pid_file).read_text().strip())


@pytest.fixture(scope="session")
def stack():
    return Stack()


def unique(prefix):
    return f"{prefix}-{secrets.token_hex(4)}"


def make_region(stack, hosts=1):
    """A fresh region with `hosts` enabled fleet hosts: {"region": name, "hosts": [keys]}."""
    name = unique("r")
    keys = [unique("host") for _ in range(hosts)]
    for key in keys:
        stack.admin("host", "add", key, "--region", name)
    return {"region": name, "hosts": keys}


@pytest.fixture(scope="session")
def region(stack):
    """A region with one enabled fleet host, shared by the session."""
    made = make_region(stack)
    return {"region": made["region"], "host": made["hosts"][0]}


@pytest.fixture
def region_factory(stack):
    """Fresh regions with their own hosts, for tests that disable hosts or set capacities."""
    return lambda hosts=1: make_region(stack, hosts)


class Tenant:
    def __init__(self, stack, name, tenant_id, token, host):
        self.stack, self.name, self.id, self.token, self.host = stack, name, tenant_id, token, host
        self.http = stack.session(token)

    def request(self, method, path, **kw):
        kw.setdefault("timeout", 60)
        return self.http.request(method, self.stack.url(path), **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def body(self, name=None, **fields):
        """A valid create body, with `fields` added or overriding."""
        body = {"name": name or unique("c"), "image": "busybox:latest", "host_key": self.host}
        body.update(fields)
        return body

    def create(self, name=None, headers=None, **fields):
        return self.post("/v1/containers", json=self.body(name, **fields), headers=headers or {})

    def created(self, name=None, headers=None, **fields):
        """Creates a container that must succeed; answers its body."""
        r = self.create(name, headers=headers, **fields)
        assert r.status_code == 201, r.text
        return r.json()

    def post_raw(self, data, content_type="application/json", headers=None):
        headers = dict(headers or {})
        if content_type is not None:
            headers["Content-Type"] = content_type
        return self.post("/v1/containers", data=data, headers=headers)

    def action(self, container_id, action):
        """start / stop / restart / delete."""
        if action == "delete":
            return self.delete(f"/v1/containers/{container_id}")
        return self.post(f"/v1/containers/{container_id}/{action}")

    def quota(self, *args):
        return self.stack.admin("quota", "set", self.id, *args)

    # Stored state, read with root SQL.

    def container_row(self, container_id):
        return self.stack.row(f"SELECT * FROM containers WHERE id = {sql_literal(container_id)}")

    def allocation(self, scope="*"):
        row = self.stack.row(
            f"SELECT * FROM allocations WHERE tenant_id = {sql_literal(self.id)} AND scope = {sql_literal(scope)}")
        return {k: (int(v) if k.startswith(("used_", "max_", "version")) and v is not None else v) for k, v in row.items()}

    def footprint(self):
        """What creates leave behind for this tenant: rows, jobs, events, idempotency keys, counters."""
        t = sql_literal(self.id)
        row = self.stack.row(f"""
            SELECT (SELECT COUNT(*) FROM containers WHERE tenant_id = {t}) AS containers,
                   (SELECT COUNT(*) FROM jobs j JOIN containers c ON c.id = j.container_id WHERE c.tenant_id = {t}) AS jobs,
                   (SELECT COUNT(*) FROM events WHERE tenant_id = {t} AND container_id IS NOT NULL) AS events,
                   (SELECT COUNT(*) FROM idempotency_keys WHERE tenant_id = {t}) AS idempotency_keys,
                   (SELECT COALESCE(SUM(used_containers), 0) FROM allocations WHERE tenant_id = {t}) AS used_containers,
                   (SELECT COALESCE(SUM(used_cpu_millis), 0) FROM allocations WHERE tenant_id = {t}) AS used_cpu_millis,
                   (SELECT COALESCE(SUM(used_mem_bytes), 0) FROM allocations WHERE tenant_id = {t}) AS used_mem_bytes""")
        return {k: int(v) for k, v in row.items()}

    def jobs(self, container_id):
        return self.stack.rows(
            f"SELECT id, generation, state FROM jobs WHERE container_id = {sql_literal(container_id)} ORDER BY id")


def make_tenant(stack, region, scope="*", caps=("--containers", "1000"), host=None):
    name = unique("t")
    tenant_id = stack.admin("tenant", "create", name)["id"]
    if scope is not None:
        stack.admin("quota", "set", tenant_id, "--scope", scope, *caps)
    token = stack.admin("token", "create", tenant_id)["token"]
    return Tenant(stack, name, tenant_id, token, host or region["host"])


@pytest.fixture
def tenant(stack, region):
    """A fresh tenant with a generous tenant-wide allocation and its own token."""
    return make_tenant(stack, region)


@pytest.fixture
def tenant_factory(stack, region):
    return lambda **kw: make_tenant(stack, region, **kw)


def assert_error(response, status, code, field=None):
    """The shared error shape, with the request id of the response."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "message", "detail", "request_id"}, body
    assert body["error"] == code, body
    assert body["message"]
    assert isinstance(body["detail"], dict), body
    assert body["request_id"] and body["request_id"] == response.headers.get("X-Request-Id"), body
    if field is not None:
        assert body["detail"].get("field") == field, body
    return body


def without_request_id(response):
    """The raw body bytes with the request id blanked out, for byte-for-byte comparisons."""
    request_id = response.json()["request_id"]
    assert request_id
    return response.content.replace(request_id.encode(), b"<request-id>")


def concurrently(fn, items, workers=None):
    """Calls fn(item) for every item on a pool of `workers` threads (default: one per item), the first
    wave released at once; answers the results in order."""
    items = list(items)
    workers = workers or len(items)
    gate = threading.Barrier(min(workers, len(items)))

    def run(index_item):
        index, item = index_item
        if index < gate.parties:  # the first wave starts together; later items follow as threads free up
            gate.wait(timeout=30)
        return fn(item)

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, enumerate(items)))


def retry_rate_limited(call, deadline_seconds=30):
    """Runs call() until it answers something other than 429, within a deadline (the stack's
    per-token rate limit is 50 r/s with bursts of 100; bulk set-up may exceed it)."""
    deadline = time.monotonic() + deadline_seconds
    while True:
        response = call()
        if response.status_code != 429 or time.monotonic() > deadline:
            return response
        time.sleep(0.05)


def bulk_create(tenant, count, prefix="bulk", workers=8, **fields):
    """Creates `count` containers named prefix-000… on a thread pool; answers their bodies by name."""
    names = [f"{prefix}-{i:03d}" for i in range(count)]

    def create(name):
        return retry_rate_limited(lambda: tenant.create(name, **fields))

    responses = concurrently(create, names, workers=workers)
    for r in responses:
        assert r.status_code == 201, r.text
    return {r.json()["name"]: r.json() for r in responses}


# One factor for every timing bound of the suites (DRO_TEST_TIME_FACTOR, default 1): a slower
# machine raises it instead of editing waits one by one.
TIME_FACTOR = float(os.environ.get("DRO_TEST_TIME_FACTOR", "1"))


def scaled(seconds):
    """A timing bound of the tests, scaled by DRO_TEST_TIME_FACTOR."""
    return seconds * TIME_FACTOR


def wait_until(predicate, timeout, interval=0.05, message="condition"):
    """Polls predicate() until it answers something other than None or False (a 4xx Response is
    falsy, so truthiness would not do), within `timeout` seconds (scaled); answers that value."""
    timeout = scaled(timeout)
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last is not None and last is not False:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message} (last: {last!r})")


def process_alive(pid):
    """True while the process runs; a zombie (exited, not yet reaped) counts as gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def status_counts(responses):
    counts = {}
    for r in responses:
        counts[r.status_code] = counts.get(r.status_code, 0) + 1
    return counts



# Per-suite timing: .ci/run prints it, so a suite that grows past its budget shows.
_suite_seconds = {}


def pytest_runtest_logreport(report):
    suite = report.nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
    _suite_seconds[suite] = _suite_seconds.get(suite, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter):
    if not _suite_seconds:
        return
    terminalreporter.write_line("")
    terminalreporter.write_line(f"{'integration suite':48} {'seconds':>8}")
    for suite, seconds in sorted(_suite_seconds.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{suite:48} {seconds:8.1f}")
    terminalreporter.write_line(f"{'(all)':48} {sum(_suite_seconds.values()):8.1f}")


def raw_exchange(stack, request):
    """Sends raw bytes over TLS and answers (status, headers, body) of nginx's reply."""
    host, port = urllib.parse.urlsplit(stack.base_url).hostname, urllib.parse.urlsplit(stack.base_url).port
    context = ssl.create_default_context(cafile=stack.ca)
    with socket.create_connection((host, port), timeout=10) as plain, context.wrap_socket(plain, server_hostname=host) as tls:
        tls.sendall(request)
        reply = b""
        while b"\r\n\r\n" not in reply or len(reply.split(b"\r\n\r\n", 1)[1]) < content_length(reply):
            chunk = tls.recv(65536)
            if not chunk:
                break
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def content_length(reply):
    head = reply.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    for line in head.split("\r\n"):
        if line.startswith("content-length:"):
            return int(line.split(":", 1)[1])
    return 0
