"""A minimal Docker Engine API client over the unix socket, for timing (no docker CLI start-up in the loop)."""
import http.client
import json
import socket
import threading
import urllib.parse


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=60):
        super().__init__("docker", timeout=timeout)
        self.socket_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)


class StartEvents:
    """Docker's `start` events for containers of one host key, with their nanosecond times."""

    def __init__(self, socket_path, host_key):
        self.started = {}  # container label id (ctr_…) or docker id → timeNano
        self.changed = threading.Condition()
        filters = json.dumps({"type": ["container"], "event": ["start"]})
        self.connection = UnixConnection(socket_path, timeout=None)
        self.connection.request("GET", "/v1.41/events?filters=" + urllib.parse.quote(filters))
        self.response = self.connection.getresponse()
        self.host_key = host_key
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.response:
            event = json.loads(line)
            attributes = event.get("Actor", {}).get("Attributes", {})
            with self.changed:
                self.started[attributes.get("cloud.dro.container") or event["id"]] = event["timeNano"]
                self.changed.notify_all()

    def wait(self, key, timeout):
        with self.changed:
            self.changed.wait_for(lambda: key in self.started, timeout=timeout)
            return self.started.get(key)
