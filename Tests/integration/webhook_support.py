"""What the webhook tests share: receivers on 127.0.0.1 (the only target host the test stack
allows, over plain http too), endpoints registered for one test, dro-webhooks runs with the
stack's config (or a variant of it), and the events a tenant's endpoint should receive."""
import hashlib
import hmac
import json
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import sql_literal, wait_until


class Receiver:
    """An HTTP endpoint on 127.0.0.1: records every POST (time, headers, body) and answers what
    `answer(n)` says for the n-th request (a status, or ("hang", seconds) then 200)."""

    def __init__(self, answer=lambda n: 200):
        self.answer, self.requests, self.lock = answer, [], threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    n = len(receiver.requests)
                    receiver.requests.append({"at": time.monotonic(), "headers": dict(self.headers), "body": body})
                verdict = receiver.answer(n)
                if isinstance(verdict, tuple):
                    time.sleep(verdict[1])
                    verdict = 200
                with receiver.lock:
                    receiver.requests[n]["status"] = verdict
                self.send_response(verdict)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def accepted(self):
        """Event ids of the requests answered 2xx, in arrival order."""
        with self.lock:
            return [r["headers"]["DRO-Event-Id"] for r in self.requests if r.get("status") == 200]

    def attempts(self):
        with self.lock:
            return list(self.requests)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receivers():
    made = []

    def make(answer=lambda n: 200):
        made.append(Receiver(answer))
        return made[-1]
    yield make
    for receiver in made:
        receiver.stop()


@pytest.fixture
def webhooks(operator):
    """Registers endpoints for one test and deletes them afterwards (so later runs skip them)."""
    made = []

    def register(url, **fields):
        created = operator.ok("POST", "/webhooks", 201, json={"url": url, **fields})
        made.append(created["id"])
        return created
    yield register
    for webhook_id in made:
        operator.request("DELETE", f"/webhooks/{webhook_id}")


class Deliverer:
    """dro-webhooks with the stack's config, or another config file."""

    def __init__(self, stack, config=None):
        self.command = [f"{stack.bin_dir}/dro-webhooks", "--config", config or stack.config]
        self.output = ""

    def once(self):
        result = subprocess.run(self.command + ["--once"], capture_output=True, text=True, timeout=120)
        self.output += result.stdout + result.stderr
        assert result.returncode == 0, result.stderr
        return result

    def spawn(self, seconds):
        return subprocess.Popen(self.command + ["--for", str(seconds)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def until(self, predicate, timeout=30, message="the deliveries"):
        """--once runs until predicate() holds (events settle for a couple of seconds first)."""
        return wait_until(lambda: self.once() and predicate(), timeout, interval=0.3, message=message)


@pytest.fixture
def deliverer(stack):
    return Deliverer(stack)


def verify(request, secret):
    """The DRO-Signature of a delivery checks against the secret, and is recent."""
    parts = dict(item.split("=", 1) for item in request["headers"]["DRO-Signature"].split(","))
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + request["body"], hashlib.sha256).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected), "the signature does not verify"
    assert abs(time.time() - int(parts["t"])) < 120
    assert request["headers"]["Content-Type"] == "application/json"
    assert json.loads(request["body"])["id"] == request["headers"]["DRO-Event-Id"]


def tenant_events(stack, tenant_id, after_id=0):
    return [f"evt_{r[0]}" for r in stack.sql(
        f"SELECT id FROM events WHERE tenant_id = {sql_literal(tenant_id)} AND id > {int(after_id)} ORDER BY id")]


def position(stack, webhook_id):
    return int(stack.scalar(f"SELECT position FROM webhooks WHERE id = {sql_literal(webhook_id)}"))


def make_events(tenant, count=1):
    """Container events of the tenant without the reconciler: a create, then stop/start pairs."""
    container = tenant.created(command=["sleep", "3600"])
    for n in range(count - 1):
        assert tenant.action(container["id"], "stop" if n % 2 == 0 else "start").status_code in (200, 202)
    return container
