"""A second dro-api on a socket of its own, with a changed copy of the stack's config, asked
directly over FastCGI: for settings the shared stack cannot switch per test (platform defaults
off, say) and for other builds of the responder (the previous release)."""
import json
import os
import subprocess

import fastcgi_client
from conftest import wait_until


class SideResponder:
    def __init__(self, stack, directory, binary=None, change=None):
        config = json.load(open(stack.config))
        # `listen` for this build, `socket` (its older name) for the previous release's.
        config["api"]["listen"] = config["api"]["socket"] = str(directory / "side.sock")
        config["api"]["threads"] = 1
        # The stack's responders hold its metrics addresses.
        config["api"]["metrics_listen"] = None
        config["api"]["operator_metrics_listen"] = None
        if change:
            change(config)
        path = directory / "dro.json"
        path.write_text(json.dumps(config))
        path.chmod(0o600)
        self.socket = config["api"]["socket"]
        self.process = subprocess.Popen([binary or f"{stack.bin_dir}/dro-api", "--config", str(path)],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        wait_until(lambda: os.path.exists(self.socket) or self.process.poll() is not None, 30, interval=0.05,
                   message="the side responder to listen")
        assert self.process.poll() is None, self.process.stdout.read()

    def request(self, method, path, token=None, body=None):
        """Answers (status, decoded JSON body)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = b""
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        status, _, answer = fastcgi_client.request(self.socket, method, path, headers=headers, body=data)
        return status, json.loads(answer) if answer else None

    def stop(self):
        self.process.terminate()
        self.process.communicate(timeout=30)
