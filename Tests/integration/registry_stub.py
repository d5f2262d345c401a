"""A registry stub on 127.0.0.1 for tests that need a pull to hang, fail or be refused, so no
test pull ever leaves the machine. Repositories pick the behaviour by their first path segment:

  hang/...     the manifest request blocks until release() (or the stub stops)
  missing/...  404 MANIFEST_UNKNOWN
  denied/...   401 UNAUTHORIZED

Docker treats 127.0.0.0/8 registries as insecure by default, so it speaks plain HTTP here."""
import http.server
import json
import threading


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep pytest's output clean
        pass

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Docker-Distribution-API-Version", "registry/2.0")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        stub = self.server.stub
        stub.requests.append(self.path)
        if self.path in ("/v2/", "/v2"):
            return self._answer(200, {})
        kind = self.path.split("/")[2] if self.path.startswith("/v2/") else ""
        if kind == "hang":
            stub.hanging.release()
            stub.released.wait(timeout=stub.max_hang_seconds)
            return self._answer(404, {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown"}]})
        if kind == "denied":
            return self._answer(401, {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]})
        return self._answer(404, {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown"}]})


class RegistryStub:
    """Started on `address` (127.0.0.1:PORT, which the test stack's config allows by name);
    image references name it."""

    def __init__(self, address, max_hang_seconds=120):
        self.max_hang_seconds = max_hang_seconds
        self.requests = []
        self.released = threading.Event()
        # Counts the requests that reached the hanging handler, so a test can wait for one.
        self.hanging = threading.Semaphore(0)
        host, port = address.rsplit(":", 1)
        assert host == "127.0.0.1", "the stub only ever listens on loopback"
        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self.server = http.server.ThreadingHTTPServer((host, int(port)), _Handler)
        self.server.daemon_threads = True
        self.server.stub = self
        self.address = address
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def image(self, kind, name="app", tag="1"):
        return f"{self.address}/{kind}/{name}:{tag}"

    def wait_for_hanging_pull(self, timeout=30):
        assert self.hanging.acquire(timeout=timeout), "no pull reached the stub"

    def release(self):
        """Lets every hanging request answer (404), now and from now on."""
        self.released.set()

    def stop(self):
        self.release()
        self.server.shutdown()
        self.server.server_close()
