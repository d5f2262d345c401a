"""The quota lock holds across database nodes: creates through both API nodes at once (each
writing through its own Galera node) never over-commit, a name is taken once and a racing
Idempotency-Key creates one container. Row locks are node-local under Galera; these pass only
because the quota lock is a write that certification orders."""
from pathlib import Path

from conftest import kit


def creates_served(cluster):
    """POST /v1/containers lines per API node so far."""
    counts = {}
    for node in ("a", "b"):
        text = Path(f"{cluster.state}/node-{node}/api/api.log").read_text(errors="replace")
        counts[node] = sum(1 for line in text.splitlines() if "method=POST" in line and "route=/v1/containers " in line)
    return counts


def served_by_both(cluster, before):
    after = creates_served(cluster)
    return all(after[node] > before[node] for node in after), after


def test_forty_creates_against_a_count_cap_of_ten(cluster, tenant_factory):
    tenant = tenant_factory(caps=("--containers", "10"))
    before = creates_served(cluster)
    responses = kit.concurrently(lambda i: tenant.create(f"race-{i}"), range(40))
    assert kit.status_counts(responses) == {201: 10, 403: 30}
    both, counts = served_by_both(cluster, before)
    assert both, counts
    assert tenant.allocation()["used_containers"] == 10
    footprint = tenant.footprint()
    assert (footprint["containers"], footprint["jobs"], footprint["events"]) == (10, 10, 10)
    assert not any(report["drift"] for report in cluster.admin("quota", "show", tenant.id))


def test_twenty_one_vcpu_creates_against_five_vcpu(cluster, tenant_factory):
    tenant = tenant_factory(caps=("--cpu", "5"))
    before = creates_served(cluster)
    responses = kit.concurrently(lambda i: tenant.create(f"cpu-{i}", cpu_limit=1), range(20))
    assert kit.status_counts(responses) == {201: 5, 403: 15}
    assert served_by_both(cluster, before)[0]
    for r in responses:
        if r.status_code == 403:
            assert kit.assert_error(r, 403, "quota_exceeded")["detail"]["dimension"] == "cpu"
    allocation = tenant.allocation()
    assert (allocation["used_containers"], allocation["used_cpu_millis"]) == (5, 5000)


def test_twelve_creates_of_one_name(cluster, tenant_factory):
    tenant = tenant_factory()
    before = creates_served(cluster)
    responses = kit.concurrently(lambda i: tenant.create("only-one", env={"ATTEMPT": str(i)}), range(12))
    assert kit.status_counts(responses) == {201: 1, 409: 11}
    assert served_by_both(cluster, before)[0]
    footprint = tenant.footprint()
    assert (footprint["containers"], footprint["jobs"], footprint["events"], footprint["used_containers"]) == (1, 1, 1, 1)


def test_eight_racing_replays_of_one_key(cluster, tenant_factory):
    tenant = tenant_factory()
    body = tenant.body("retried", cpu_limit=0.5, mem_limit="64m")
    before = creates_served(cluster)
    responses = kit.concurrently(
        lambda _: tenant.post("/v1/containers", json=body, headers={"Idempotency-Key": "order-42"}), range(8))
    assert kit.status_counts(responses) == {201: 8}
    assert served_by_both(cluster, before)[0]
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(1 for r in responses if "Idempotent-Replayed" not in r.headers) == 1
    footprint = tenant.footprint()
    assert (footprint["containers"], footprint["jobs"], footprint["idempotency_keys"], footprint["used_containers"]) == (1, 1, 1, 1)


def test_a_write_through_one_node_is_read_through_the_other(cluster, tenant_factory):
    """wsrep_sync_wait = 1: each request reads what an earlier one wrote, whichever node
    served either (nginx alternates them)."""
    tenant = tenant_factory()
    for i in range(20):
        created = tenant.created(f"ryw-{i}")
        got = tenant.get(f"/v1/containers/{created['id']}")
        assert got.status_code == 200, got.text
        listed = tenant.get("/v1/containers", params={"limit": 100}).json()["containers"]
        assert created["id"] in {c["id"] for c in listed}


def test_the_nodes_prefer_different_database_nodes(cluster):
    """Node a's sessions live on database node 0 and node b's on node 1, over TLS."""
    assert cluster.clients_on(0, "dro_api") >= 1
    assert cluster.clients_on(1, "dro_api") >= 1
    # Every dro_* user must present the client certificate (REQUIRE X509): a session that
    # exists is a TLS session.
    required = cluster.node_sql(0, "SELECT User, ssl_type FROM mysql.user WHERE User LIKE 'dro\\_%' AND is_role = 'N'")
    assert required and all(ssl_type == "X509" for _, ssl_type in required), required
