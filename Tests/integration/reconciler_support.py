"""Helpers for the reconciler suites: the stack's dockerd, dro-reconcile runs, and a fresh fleet
host per test (so runs of one test never touch another test's containers)."""
import json
import subprocess
import time

import pytest

from conftest import make_tenant, required_env, sql_literal, unique, wait_until
from registry_stub import RegistryImage, RegistryStub

LABEL_INSTALLATION = "cloud.dro.installation"
LABEL_HOST = "cloud.dro.host"
LABEL_CONTAINER = "cloud.dro.container"


class Docker:
    """The docker CLI against the stack's dockerd."""

    def __init__(self, stack):
        self.socket = stack.script("docker-socket").stdout.strip()

    def run(self, *args, check=True, timeout=60):
        result = subprocess.run(["/usr/bin/docker", "-H", f"unix://{self.socket}", *args],
                                capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"docker {' '.join(args)} failed: {result.stderr}")
        return result

    def inspect(self, reference):
        result = self.run("inspect", reference, check=False)
        return json.loads(result.stdout)[0] if result.returncode == 0 else None

    def ids(self, *labels):
        """Ids of all containers (running or not) carrying every `key=value` label."""
        filters = [arg for label in labels for arg in ("--filter", f"label={label}")]
        return self.run("ps", "-aq", "--no-trunc", *filters).stdout.split()


class Reconciler:
    """Runs dro-reconcile for one host key with the stack's config."""

    def __init__(self, stack, host):
        self.stack, self.host = stack, host
        self.binary = f"{stack.bin_dir}/dro-reconcile"

    def command(self, *args):
        return [self.binary, "--config", self.stack.config, "--host-key", self.host, *args]

    def once(self, check=True):
        result = subprocess.run(self.command("--once"), capture_output=True, text=True, timeout=180)
        if check and result.returncode != 0:
            raise AssertionError(f"dro-reconcile --once failed ({result.returncode}): {result.stderr}")
        return result

    def spawn(self, seconds):
        """A `--for SECONDS` run in the background."""
        return subprocess.Popen(self.command("--for", str(seconds)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class Fleet:
    """A fresh fleet host with its reconciler, and a tenant that places containers on it."""

    def __init__(self, stack, region, docker):
        self.stack, self.docker = stack, docker
        self.host = unique("fh")
        stack.admin("host", "add", self.host, "--region", region["region"])
        self.reconciler = Reconciler(stack, self.host)
        self.tenant = make_tenant(stack, region, host=self.host)
        self.installation = json.load(open(stack.config))["installation_id"]

    def row(self, container_id):
        return self.stack.row(f"SELECT * FROM containers WHERE id = {sql_literal(container_id)}")

    def view(self, container_id):
        r = self.tenant.get(f"/v1/containers/{container_id}")
        assert r.status_code == 200, r.text
        return r.json()

    def view_as(self, tenant, container_id):
        r = tenant.get(f"/v1/containers/{container_id}")
        assert r.status_code == 200, r.text
        return r.json()

    def docker_ids(self, container_id):
        return self.docker.ids(f"{LABEL_CONTAINER}={container_id}", f"{LABEL_HOST}={self.host}")

    def inspect(self, container_id):
        ids = self.docker_ids(container_id)
        assert len(ids) == 1, f"expected one Docker container for {container_id}, found {ids}"
        return self.docker.inspect(ids[0])

    def converge_until(self, container_id, predicate, timeout=30, message="the container to converge"):
        """Runs the reconciler until the API's view of the container satisfies predicate."""
        def step():
            self.reconciler.once()
            view = self.view(container_id)
            return view if predicate(view) else None
        return wait_until(step, timeout, interval=0.2, message=message)

    def starts(self, container_id):
        """created_at (seconds since the epoch, as floats) of each time the reconciler started the
        container: its `container.observed` events whose actions include a start."""
        return self.observed(container_id, "JSON_CONTAINS(JSON_EXTRACT(detail, '$.actions'), '\"start\"')")

    def failures(self, container_id):
        """created_at of each `container.observed` event that recorded a failure code."""
        return self.observed(container_id, "JSON_VALUE(detail, '$.last_error_code') IS NOT NULL")

    def observed(self, container_id, condition):
        rows = self.stack.rows(
            f"SELECT UNIX_TIMESTAMP(created_at) AS t FROM events WHERE container_id = {sql_literal(container_id)} "
            f"AND action = 'container.observed' AND {condition} ORDER BY id")
        return [float(r["t"]) for r in rows]


@pytest.fixture(scope="session")
def docker(stack):
    return Docker(stack)


@pytest.fixture
def fleet(stack, region, docker):
    return Fleet(stack, region, docker)


@pytest.fixture
def registry(docker):
    """The registry stub on 127.0.0.1 that the test stack's config allows by name (its hanging
    pulls are released when the test ends). Its `slow/...` repositories serve the test image
    (DRO_TEST_IMAGE, salted so that each test's pull really downloads), built on first use."""
    stub = RegistryStub(required_env("DRO_TEST_REGISTRY"),
                        image_source=lambda: RegistryImage.from_docker(docker.socket, required_env("DRO_TEST_IMAGE")))
    try:
        yield stub
    finally:
        stub.stop()


def running(view):
    return view["observed_state"] == "running"


def started_at(inspect):
    return inspect["State"]["StartedAt"]


def wait_seconds(seconds):
    time.sleep(seconds)
