"""Faults the scale-out stack survives with nothing lost: a database node killed mid-burst, an
API node drained and stopped under load, nginx reloaded under load, dockerd restarted during a
host drain, and the reconciler killed during a pull."""
import threading
import time

import pytest

from conftest import kit, wait_synced
from registry_stub import RegistryImage, RegistryStub
from retrying_client import RetryingClient

LONG_RUNNING = ["sleep", "86400"]


class Load:
    """Workers sending keyed creates and reads through nginx until stopped."""

    def __init__(self, client, workers=6, prefix="load"):
        self.client, self.prefix = client, prefix
        self.stop_event = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(w,), daemon=True) for w in range(workers)]

    def _run(self, worker):
        i = 0
        while not self.stop_event.is_set():
            i += 1
            if i % 3 == 0:
                self.client.call("GET", "/v1/containers", params={"limit": 20})
            else:
                self.client.call("POST", "/v1/containers", json=self.client.tenant.body(f"{self.prefix}-{worker}-{i}"))

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        for t in self.threads:
            t.join(timeout=60)


def assert_nothing_lost(cluster, tenant, client):
    assert client.failures() == [], client.failures()[:5]
    created = client.created_ids()
    assert created, "the load created nothing"
    ids = "', '".join(sorted(created))
    stored = cluster.count(f"SELECT COUNT(*) FROM containers WHERE tenant_id = '{tenant.id}' AND id IN ('{ids}')")
    assert stored == len(created)
    assert not any(report["drift"] for report in cluster.admin("quota", "show", tenant.id))


def test_a_database_node_killed_mid_burst(cluster, tenant_factory):
    """SIGKILL database node 1 (API node b's first choice) during a burst of creates against
    caps: no over-commit, every 201 is stored, and the node rejoins by IST; node b's sessions
    then return to it."""
    tenants = [tenant_factory(caps=("--containers", "15")) for _ in range(3)]
    clients = [RetryingClient(t) for t in tenants]
    answered = threading.Semaphore(0)

    def create(i):
        outcome = clients[i % 3].call("POST", "/v1/containers", key=f"burst-{i}", json=tenants[i % 3].body(f"b-{i}"))
        answered.release()
        return outcome

    killer = threading.Thread(target=lambda: (answered.acquire(timeout=60), [answered.acquire(timeout=60) for _ in range(14)],
                                              cluster.script("db-kill", "1")))
    killer.start()
    outcomes = kit.concurrently(create, range(60), workers=12)
    killer.join(timeout=90)
    assert not cluster.synced(1)
    assert [o for o in outcomes if o.status not in (201, 403)] == []
    for tenant, client in zip(tenants, clients):
        created = client.created_ids()
        assert len(created) == 15, [o for o in client.outcomes if o.status != 201][:3]
        live = cluster.count(f"SELECT COUNT(*) FROM containers WHERE tenant_id = '{tenant.id}' AND desired_state <> 'deleted'")
        assert live == 15 and tenant.allocation()["used_containers"] == 15
        for container_id in created:
            assert tenant.get(f"/v1/containers/{container_id}").status_code == 200
    cluster.script("db-rejoin", "1", timeout=240)
    wait_synced(cluster, 1)
    assert cluster.script("db-joined-by", "1").stdout.strip() == "IST"
    # Node b's sessions move back to node 1 within the return probe (2 s here) once they are used.
    probe = tenant_factory()

    def back_on_node_1():
        for _ in range(10):
            probe.get("/v1/containers")
        return cluster.clients_on(1, "dro_api") >= 1
    kit.wait_until(back_on_node_1, 60, interval=0.5, message="API node b to return to database node 1")


def test_an_api_node_drained_and_stopped_under_load_loses_nothing(cluster, tenant_factory):
    tenant = tenant_factory()
    client = RetryingClient(tenant)
    with Load(client):
        time.sleep(2)
        cluster.script("drain", "b")
        time.sleep(1)
        cluster.script("api-stop", "b")
        time.sleep(1)
        cluster.script("nginx-reload")
        time.sleep(1)
        cluster.script("api-start", "b")
        cluster.script("undrain", "b")
        served_before = cluster.access_lines("b")
        time.sleep(3)
    assert cluster.access_lines("b") > served_before, "node b serves again after it was put back"
    assert len(client.outcomes) > 50
    assert_nothing_lost(cluster, tenant, client)


def test_nginx_reloaded_under_load_loses_nothing(cluster, tenant_factory):
    tenant = tenant_factory()
    client = RetryingClient(tenant)
    with Load(client):
        for _ in range(3):
            time.sleep(1)
            cluster.script("nginx-reload")
        time.sleep(1)
    assert_nothing_lost(cluster, tenant, client)


def running_ids(cluster, tenant, ids):
    return {c["id"] for c in tenant.get("/v1/containers", params={"limit": 100}).json()["containers"]
            if c["id"] in ids and c["observed_state"] == "running"}


def test_dockerd_restarted_during_a_host_drain(cluster, tenant_factory, host_keys):
    """Host a disabled (no new placements, what runs keeps running), then dockerd restarted:
    everything desired running runs again."""
    tenant = tenant_factory(host=host_keys["a"])
    ids = {tenant.created(f"keep-{i}", command=LONG_RUNNING)["id"] for i in range(4)}
    kit.wait_until(lambda: running_ids(cluster, tenant, ids) == ids, 90, interval=0.5, message="the containers to run")
    cluster.admin("host", "disable", host_keys["a"])
    try:
        cluster.script("docker-restart", timeout=180)
        def restarted():
            views = {c["id"]: c for c in tenant.get("/v1/containers", params={"limit": 100}).json()["containers"]}
            return all(views[i]["observed_state"] == "running" for i in ids) and \
                all(cluster.docker("ps", "-q", "--filter", f"label=cloud.dro.container={i}", "--filter", "status=running").strip() for i in ids)
        kit.wait_until(restarted, 120, interval=1, message="every desired-running container to run again")
        refused = tenant.create("after-drain", command=LONG_RUNNING)
        kit.assert_error(refused, 400, "validation_error", field="host_key")
    finally:
        cluster.admin("host", "enable", host_keys["a"])


@pytest.fixture
def registry(cluster):
    """The registry stub on 127.0.0.1 (allowed by name in the cluster's config) serving the
    cluster dockerd's busybox image slowly, as a new image (its digests are salted)."""
    stub = RegistryStub(kit.required_env("DRO_TEST_REGISTRY"), slow_seconds=10,
                        image_source=lambda: RegistryImage.from_docker(cluster.docker_socket(), "busybox:latest"))
    try:
        yield stub
    finally:
        stub.stop()


def test_the_reconciler_killed_during_a_pull_converges_without_a_duplicate(cluster, tenant_factory, host_keys, registry):
    tenant = tenant_factory(host=host_keys["b"])
    created = tenant.created("pulled", image=registry.image("slow", "app", "1"), command=LONG_RUNNING)
    registry.wait_for_blob_request(timeout=120)
    cluster.script("reconciler-kill", "b")
    starts_at_kill = len(registry.pull_starts)
    cluster.script("reconciler-start", "b")
    view = kit.wait_until(lambda: (lambda v: v if v["observed_state"] == "running" else None)(
        tenant.get(f"/v1/containers/{created['id']}").json()), 180, interval=1, message="the pulled container to run")
    assert view["observed_state"] == "running"
    assert len(registry.pull_starts) > starts_at_kill, "the next run pulled again"
    docker_ids = cluster.docker("ps", "-aq", "--filter", f"label=cloud.dro.container={created['id']}").split()
    assert len(docker_ids) == 1, docker_ids
