"""Fixtures for the cluster suite: the scale-out stack of scripts/cluster.sh (three Galera nodes
over TLS, API nodes a and b behind one nginx upstream, a reconciler per node, one private
dockerd), started by scripts/test-cluster.sh and reached over HTTPS. The integration suites'
helpers (tenants, concurrency, waits) are reused; what differs is how the stack is operated."""
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "integration"))
_spec = importlib.util.spec_from_file_location("integration_kit", HERE.parent / "integration" / "conftest.py")
kit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kit)

ROOT = kit.ROOT
NODES = ("a", "b")


class Cluster(kit.Stack):
    """The running cluster. SQL goes to database node 0 over its socket as root (tests read
    what the cluster committed; `wsrep_sync_wait` makes the read causal)."""

    def __init__(self):
        super().__init__()
        self.db_socket = f"{self.state}/galera/node0/mysqld.sock"

    def mariadb_command(self, *args):
        return ["mariadb", "--no-defaults", f"--socket={self.db_socket}", "-uroot",
                "--init-command=SET SESSION wsrep_sync_wait = 1", *args, "dro"]

    def _run_sql(self, query, *flags):
        """On the first database node that answers: a fault may have stopped node 0."""
        for index in range(3):
            self.db_socket = f"{self.state}/galera/node{index}/mysqld.sock"
            try:
                return super()._run_sql(query, *flags)
            except AssertionError:
                if index == 2:
                    raise
        return []

    def script(self, command, *args, check=True, timeout=180):
        return subprocess.run([str(ROOT / "scripts/cluster.sh"), command, self.state, *args],
                              capture_output=True, text=True, check=check, timeout=timeout)

    def node_sql(self, index, query):
        """A root query on one database node, as rows of strings."""
        result = subprocess.run(
            ["mariadb", "--no-defaults", f"--socket={self.state}/galera/node{index}/mysqld.sock", "-uroot", "-N", "-B", "-e", query],
            capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise AssertionError(f"SQL on node {index} failed: {query}\n{result.stderr}")
        return [line.split("\t") for line in result.stdout.splitlines()]

    def node_status(self, index, variable):
        rows = self.node_sql(index, f"SHOW GLOBAL STATUS LIKE '{variable}'")
        return rows[0][1] if rows else None

    def synced(self, index):
        try:
            return self.node_status(index, "wsrep_local_state_comment") == "Synced" and \
                self.node_status(index, "wsrep_ready") == "ON"
        except AssertionError:
            return False

    def clients_on(self, index, user):
        """Connections a database user holds on one node."""
        return int(self.node_sql(index, f"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '{user}'")[0][0])

    def access_lines(self, node):
        """Requests a node's tenant responder has logged so far."""
        path = Path(f"{self.state}/node-{node}/api/api.log")
        return sum(1 for line in path.read_text(errors="replace").splitlines() if " route=" in line)

    def responder_pid(self, node, role="tenant"):
        name = "dro-api.pid" if role == "tenant" else "dro-api-operator.pid"
        return int(Path(f"{self.state}/node-{node}/api/{name}").read_text().strip())

    def rss_kib(self, pid):
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def docker_socket(self):
        return json.load(open(self.config))["reconciler"]["docker_socket"]

    def docker(self, *args, check=True):
        result = subprocess.run(["/usr/bin/docker", "-H", f"unix://{self.docker_socket()}", *args],
                                capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f"docker {' '.join(args)} failed: {result.stderr}")
        return result.stdout


@pytest.fixture(scope="session")
def cluster():
    return Cluster()


@pytest.fixture(scope="session")
def host_keys():
    return {node: f"cluster-{node}" for node in NODES}


# A fleet host no reconciler serves: the races and load tests place there, so that what they
# create does not queue ahead of the containers the Docker-side tests wait for.
QUIET_HOST = "cluster-quiet"


@pytest.fixture(scope="session", autouse=True)
def quiet_host(cluster):
    if QUIET_HOST not in {h["host_key"] for h in cluster.admin("host", "list")}:
        cluster.admin("host", "add", QUIET_HOST, "--region", "cluster")
    return QUIET_HOST


def make_tenant(cluster, caps=("--containers", "1000"), host=QUIET_HOST):
    name = kit.unique("t")
    tenant_id = cluster.admin("tenant", "create", name)["id"]
    cluster.admin("quota", "set", tenant_id, "--scope", "*", *caps)
    token = cluster.admin("token", "create", tenant_id)["token"]
    return kit.Tenant(cluster, name, tenant_id, token, host)


@pytest.fixture
def tenant_factory(cluster):
    return lambda **kw: make_tenant(cluster, **kw)


def wait_synced(cluster, index, timeout=120):
    return kit.wait_until(lambda: cluster.synced(index), timeout, interval=0.5, message=f"database node {index} to be Synced")


def elapsed(since):
    return time.monotonic() - since


pytest_runtest_logreport = kit.pytest_runtest_logreport
pytest_terminal_summary = kit.pytest_terminal_summary
