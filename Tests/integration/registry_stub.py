"""A registry stub on 127.0.0.1 for tests that need a pull to hang, fail, be refused or take its
time, so no test pull ever leaves the machine. Repositories pick the behaviour by their first path
segment:

  hang/...     the manifest request blocks until release() (or the stub stops), then 404
  missing/...  404 MANIFEST_UNKNOWN
  denied/...   401 UNAUTHORIZED
  slow/...     a real, pullable image (any name, any tag), its blobs sent slowly

`slow/...` serves the image that `image_source` gives (a RegistryImage, or a callable returning
one, called once on the first slow request; RegistryImage.from_docker builds one from a local
image with `docker save`). Its manifest (Docker image manifest schema 2) answers at once, by tag or
by its digest, with Content-Type and Docker-Content-Digest. Its blobs (the config and the gzipped
layers, addressed by sha256) are written in small chunks with pauses, at a rate that sends all of
the image's blob bytes in `slow_seconds`: a pull takes about that long (less when the image has
several layers, which Docker fetches in parallel). HEAD answers the headers (the full
Content-Length) without a body and without a pause. A GET with `Range: bytes=N-` or
`bytes=N-M` gets 206 with Content-Range. Every blob request is recorded (`blob_requests`), so a
test can wait until a pull is under way (`wait_for_blob_request`) and then kill what pulls.

What Docker 20.10 does against it (observed with a private dockerd):
  * a pull first tries https://127.0.0.1:PORT/v2/ (the stub answers the TLS hello with a 400 and
    dockerd falls back to plain HTTP), then GET /v2/, HEAD /v2/slow/NAME/manifests/TAG, GET of the
    manifest by its digest (skipped when dockerd still has that manifest cached, e.g. a pull after
    `docker rmi`), then GET of the config blob and of each layer blob (up to 3 at a time, in either
    order), without Range. A pull of an image it has stops after the HEAD.
  * when a layer's connection breaks mid-body, the daemon retries that layer within the same pull
    (after "Retrying in 5 seconds") with `Range: bytes=<bytes it has>-`, which the stub answers
    with 206 and Content-Range (`interrupt_after` cuts each layer's first GET short to see this);
  * when the `docker pull` client is killed (it holds POST /images/create open, as dro-reconcile
    does), the daemon cancels the pull as soon as no client watches it any more ("Not continuing
    with pull after error: context canceled" in its log): the blob connection is dropped within
    ~0.2 s, the partial download is discarded and no image appears; the next pull fetches every
    blob again from byte 0 (no Range). While another client pulls the same image, the download
    goes on for that one.

Docker treats 127.0.0.0/8 registries as insecure by default, so it speaks plain HTTP here."""
import gzip
import hashlib
import http.server
import io
import json
import re
import subprocess
import sys
import tarfile
import threading
import time
import uuid

MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json"
IMAGE_CONFIG = "application/vnd.docker.container.image.v1+json"
LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip"

_SLOW = re.compile(r"^/v2/slow/(?P<name>.+)/(?P<what>manifests|blobs)/(?P<reference>[^/]+)$")
_RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")


def _digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _with_file(layer, name, content):
    """LAYER (an uncompressed tar, bytes) with one more regular file."""
    buffer = io.BytesIO(layer)
    with tarfile.open(fileobj=buffer, mode="a") as tar:
        info = tarfile.TarInfo(name)
        info.size, info.mode = len(content), 0o644
        tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # Docker drops idle keep-alive connections and pulls that are cancelled: not worth a traceback.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class RegistryImage:
    """An image as a registry serves it, all in memory: the manifest and the blobs by digest."""

    def __init__(self, config, layers):
        """config: the image config JSON (bytes); layers: the gzipped layer tars (bytes), base first."""
        self.config_digest = _digest(config)
        self.layer_digests = [_digest(layer) for layer in layers]
        self.blobs = {self.config_digest: config, **dict(zip(self.layer_digests, layers))}
        self.manifest = json.dumps({
            "schemaVersion": 2,
            "mediaType": MANIFEST_V2,
            "config": {"mediaType": IMAGE_CONFIG, "size": len(config), "digest": self.config_digest},
            "layers": [{"mediaType": LAYER_GZIP, "size": len(layer), "digest": digest}
                       for layer, digest in zip(layers, self.layer_digests)],
        }, indent=3).encode()
        self.manifest_digest = _digest(self.manifest)
        self.size = sum(len(blob) for blob in self.blobs.values())

    @classmethod
    def from_docker_save(cls, archive, salt=None):
        """From the tar that `docker save` writes for one image (bytes).

        A daemon that holds a layer already (by its content) does not download it again, and the
        image saved came from that daemon: so by default (salt None) the top layer gets one more
        file, /.dro-registry-stub, holding a random salt, which makes that layer and the image new
        to the daemon and a pull of it really download it. A string salt gives the same digests
        each time; salt=False serves the image unchanged."""
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            def read(name):
                return tar.extractfile(name).read()
            [entry] = json.loads(read("manifest.json"))
            config = read(entry["Config"])
            layers = [read(layer) for layer in entry["Layers"]]
        if salt is not False and layers:
            salt = uuid.uuid4().hex if salt is None else salt
            layers[-1] = _with_file(layers[-1], ".dro-registry-stub", f"{salt}\n".encode())
            parsed = json.loads(config)
            parsed["rootfs"]["diff_ids"][-1] = _digest(layers[-1])
            config = json.dumps(parsed, separators=(",", ":")).encode()
        # mtime=0: the same layer gives the same digest every time.
        return cls(config, [gzip.compress(layer, compresslevel=6, mtime=0) for layer in layers])

    @classmethod
    def from_docker(cls, socket, reference, salt=None, docker="/usr/bin/docker"):
        """From REFERENCE, an image on the dockerd at unix socket SOCKET (`docker save`); salt as
        in from_docker_save."""
        result = subprocess.run([docker, "-H", f"unix://{socket}", "save", reference], capture_output=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"docker save {reference} failed: {result.stderr.decode(errors='replace')}")
        return cls.from_docker_save(result.stdout, salt)


class BlobRequest:
    """One blob request that reached the stub (slow kind)."""

    def __init__(self, method, digest, range_header, start):
        self.method, self.digest, self.range, self.start = method, digest, range_header, start
        self.started = time.monotonic()
        self.finished = None  # monotonic, once the answer ended (sent, cut or broken)
        self.bytes_sent = 0
        self.status = None
        self.outcome = None  # "complete", "interrupted" (interrupt_after), "broken" (the client left), "stopped"

    def __repr__(self):
        return (f"BlobRequest({self.method} {self.digest[:19]} range={self.range!r} status={self.status} "
                f"sent={self.bytes_sent} outcome={self.outcome})")


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
        if kind == "slow":
            return self._slow()
        if kind == "hang":
            stub.hanging.release()
            stub.released.wait(timeout=stub.max_hang_seconds)
            return self._answer(404, {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown"}]})
        if kind == "denied":
            return self._answer(401, {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]})
        return self._answer(404, {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown"}]})

    # The slow kind answers HEAD without a body (the other kinds keep their old answers).

    def _headers(self, status, content_type, length, digest=None, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Docker-Distribution-API-Version", "registry/2.0")
        self.send_header("Content-Length", str(length))
        if digest:
            self.send_header("Docker-Content-Digest", digest)
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()

    def _error(self, status, code, message):
        data = json.dumps({"errors": [{"code": code, "message": message}]}).encode()
        self._headers(status, "application/json", len(data))
        if self.command != "HEAD":
            self.wfile.write(data)

    def _slow(self):
        stub = self.server.stub
        match = _SLOW.match(self.path.split("?", 1)[0])
        if not match:
            return self._error(404, "NAME_UNKNOWN", "repository name not known to registry")
        image = stub.served_image()
        if image is None:
            return self._error(404, "MANIFEST_UNKNOWN", "the stub was started without an image_source")
        reference = match["reference"]
        if match["what"] == "manifests":
            if reference.startswith("sha256:") and reference != image.manifest_digest:
                return self._error(404, "MANIFEST_UNKNOWN", "manifest unknown")
            stub._manifest_requested(reference)
            self._headers(200, MANIFEST_V2, len(image.manifest), image.manifest_digest)
            if self.command != "HEAD":
                self.wfile.write(image.manifest)
            return
        blob = image.blobs.get(reference)
        if blob is None:
            return self._error(404, "BLOB_UNKNOWN", "blob unknown to registry")
        self._blob(stub, image, reference, blob)

    def _blob(self, stub, image, digest, blob):
        size = len(blob)
        range_header = self.headers.get("Range")
        # Only `bytes=N-` and `bytes=N-M` are understood; any other Range gets the whole blob.
        parsed = _RANGE.match(range_header.strip()) if range_header else None
        partial = parsed is not None
        start, end = 0, size - 1
        if partial:
            start = int(parsed[1])
            end = min(int(parsed[2]), size - 1) if parsed[2] else size - 1
        record = stub._blob_request(self.command, digest, range_header, start)
        try:
            if partial and start > end:
                record.status = 416
                self._headers(416, "application/octet-stream", 0, digest, [("Content-Range", f"bytes */{size}")])
                record.outcome = "complete"
                return
            record.status = 206 if partial else 200
            extra = [("Accept-Ranges", "bytes")]
            if partial:
                extra.append(("Content-Range", f"bytes {start}-{end}/{size}"))
            self._headers(record.status, "application/octet-stream", end - start + 1, digest, extra)
            if self.command == "HEAD":
                record.outcome = "complete"
                return
            # The first GET of each layer is cut after `interrupt_after` bytes when asked, so that
            # Docker's retry (with Range) can be seen.
            cut = None
            if stub.interrupt_after is not None and digest in image.layer_digests:
                with stub.changed:
                    if digest not in stub._interrupted:
                        stub._interrupted.add(digest)
                        cut = start + stub.interrupt_after
            rate = image.size / stub.slow_seconds  # bytes a second
            chunk = max(512, int(rate / 20))  # about 20 writes a second
            position, began = start, time.monotonic()
            while position <= end:
                if cut is not None and position >= cut:
                    record.outcome = "interrupted"
                    self.close_connection = True
                    return
                # Paced by the clock: byte k of this answer leaves at began + k / rate.
                pause = began + (position - start) / rate - time.monotonic()
                if pause > 0 and stub.stopping.wait(pause):
                    record.outcome = "stopped"
                    self.close_connection = True
                    return
                piece = blob[position:min(end + 1, position + chunk, cut if cut is not None else end + 1)]
                self.wfile.write(piece)
                self.wfile.flush()
                position += len(piece)
                record.bytes_sent += len(piece)
            record.outcome = "complete"
        except (BrokenPipeError, ConnectionResetError):
            record.outcome = "broken"
            self.close_connection = True
        finally:
            stub._blob_request_ended(record)


class RegistryStub:
    """Started on `address` (127.0.0.1:PORT, which the test stack's config allows by name);
    image references name it.

    image_source: for `slow/...`, a RegistryImage or a callable returning one (called once, on the
    first slow request); slow_seconds: about how long one pull of it takes; interrupt_after: when
    set, the first GET of each layer is cut short after that many bytes (Docker then resumes it with
    a Range request within the same pull)."""

    def __init__(self, address, max_hang_seconds=120, image_source=None, slow_seconds=8.0, interrupt_after=None):
        self.max_hang_seconds = max_hang_seconds
        self.requests = []
        self.released = threading.Event()
        # Counts the requests that reached the hanging handler, so a test can wait for one.
        self.hanging = threading.Semaphore(0)
        assert slow_seconds > 0
        self.image_source, self.slow_seconds, self.interrupt_after = image_source, slow_seconds, interrupt_after
        self._image, self._image_lock = None, threading.Lock()
        self._interrupted = set()
        self.stopping = threading.Event()
        self.changed = threading.Condition()
        # The slow kind's record: monotonic times at which pulls started (their first manifest
        # GET), and its blob requests in arrival order.
        self.pull_starts = []
        self._last_tag_request = None
        self.blob_requests = []
        host, port = address.rsplit(":", 1)
        assert host == "127.0.0.1", "the stub only ever listens on loopback"
        self.server = _Server((host, int(port)), _Handler)
        self.server.stub = self
        self.address = address
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def image(self, kind, name="app", tag="1"):
        return f"{self.address}/{kind}/{name}:{tag}"

    def served_image(self):
        """The RegistryImage of the slow kind (None without an image_source)."""
        with self._image_lock:
            if self._image is None and self.image_source is not None:
                source = self.image_source
                self._image = source if isinstance(source, RegistryImage) else source()
            return self._image

    def wait_for_hanging_pull(self, timeout=30):
        assert self.hanging.acquire(timeout=timeout), "no pull reached the stub"

    @property
    def pull_started(self):
        """Monotonic time at which the latest pull of the slow kind started, None before any."""
        return self.pull_starts[-1] if self.pull_starts else None

    def blob_gets(self, layers_only=True):
        image = self._image
        with self.changed:
            return [r for r in self.blob_requests if r.method == "GET"
                    and (not layers_only or image is None or r.digest in image.layer_digests)]

    def wait_for_blob_request(self, timeout=30, count=1, layers_only=True):
        """Waits until `count` blob GETs (of layers only, by default) have reached the stub in all
        (the latest is then being sent slowly: a pull is under way), and returns the latest."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while len(self.blob_gets(layers_only)) < count:
                left = deadline - time.monotonic()
                assert left > 0, f"fewer than {count} blob requests reached the stub in {timeout}s"
                self.changed.wait(left)
            return self.blob_gets(layers_only)[-1]

    def _manifest_requested(self, reference):
        # Docker 20.10 asks HEAD of the tag, then (unless it has that manifest cached) GET by the
        # digest: one pull, one start. A pull by digest alone starts at its GET.
        now = time.monotonic()
        with self.changed:
            by_digest = reference.startswith("sha256:")
            if not (by_digest and self._last_tag_request is not None and now - self._last_tag_request < 10):
                self.pull_starts.append(now)
            if not by_digest:
                self._last_tag_request = now
            self.changed.notify_all()

    def _blob_request(self, method, digest, range_header, start):
        record = BlobRequest(method, digest, range_header, start)
        with self.changed:
            self.blob_requests.append(record)
            self.changed.notify_all()
        return record

    def _blob_request_ended(self, record):
        with self.changed:
            record.finished = time.monotonic()
            self.changed.notify_all()

    def release(self):
        """Lets every hanging request answer (404), now and from now on."""
        self.released.set()

    def stop(self):
        self.release()
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
