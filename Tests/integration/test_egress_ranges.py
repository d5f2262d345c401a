"""Egress from tenant containers: new connections to private, link-local (cloud metadata) and
other blocked ranges and to TCP 25 are dropped; the public internet stays reachable; an operator
can open a range for one tenant. The target addresses live on a test host in a network namespace
this suite creates (never the real metadata address, never another machine): 10.250.0.1 and
169.254.100.1 in blocked ranges, 198.18.0.1 in none (the positive control)."""
import json
import secrets
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import make_tenant, wait_until
from reconciler_support import Reconciler, docker, fleet, running  # noqa: F401 (fixtures)

BLOCKED_PRIVATE, BLOCKED_METADATA, PUBLIC = "10.250.0.1", "169.254.100.1", "198.18.0.1"
LISTENER = """
import socket, threading
def serve(port):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", port)); s.listen(16)
    while True:
        c, _ = s.accept(); c.sendall(b"ok\\n"); c.close()
for port in (80, 25):
    threading.Thread(target=serve, args=(port,), daemon=True).start()
threading.Event().wait()
"""


def sh(*args, check=True):
    return subprocess.run(args, capture_output=True, text=True, check=check, timeout=30)


@pytest.fixture(scope="module")
def test_host():
    """A network namespace joined to this machine by a veth pair, holding the three targets on its
    loopback with listeners on TCP 80 and 25, routed from here through the veth."""
    tag = secrets.token_hex(3)
    namespace, outside, inside = f"dro-egress-{tag}", f"dvh{tag}", f"dvn{tag}"
    targets = (BLOCKED_PRIVATE, BLOCKED_METADATA, PUBLIC)
    sh("ip", "netns", "add", namespace)
    listener = None
    try:
        sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
        sh("ip", "link", "set", inside, "netns", namespace)
        sh("ip", "addr", "add", "192.0.2.1/30", "dev", outside)
        sh("ip", "link", "set", outside, "up")
        inns = ["ip", "netns", "exec", namespace]
        sh(*inns, "ip", "addr", "add", "192.0.2.2/30", "dev", inside)
        sh(*inns, "ip", "link", "set", inside, "up")
        sh(*inns, "ip", "link", "set", "lo", "up")
        for address in targets:
            sh(*inns, "ip", "addr", "add", f"{address}/32", "dev", "lo")
            sh("ip", "route", "replace", f"{address}/32", "via", "192.0.2.2", "dev", outside)
        sh(*inns, "ip", "route", "add", "default", "via", "192.0.2.1")
        listener = subprocess.Popen([*inns, "/usr/bin/python3", "-c", LISTENER])
        wait_until(lambda: reaches_from_host(PUBLIC, 80) or None, 10, interval=0.1, message="the test host's listener")
        yield namespace
    finally:
        if listener:
            listener.kill()
            listener.wait()
        for address in targets:
            sh("ip", "route", "del", f"{address}/32", check=False)
        sh("ip", "netns", "del", namespace, check=False)
        sh("ip", "link", "del", outside, check=False)


def reaches_from_host(address, port):
    try:
        with socket.create_connection((address, port), timeout=2) as s:
            return s.recv(8).startswith(b"ok")
    except OSError:
        return False


def reaches(docker, container_id, address, port):
    """Whether a container opens a connection to address:port (busybox nc; the listener says ok)."""
    result = docker.run("exec", container_id, "sh", "-c", f"nc -w 2 {address} {port} </dev/null", check=False, timeout=30)
    return result.stdout.startswith("ok")




def test_blocked_ranges_and_smtp_are_dropped_and_the_public_internet_is_not(stack, region, fleet, docker, test_host):
    body = fleet.tenant.created(command=["sh", "-c", "echo ok > /tmp/index.html && exec httpd -f -p 8080 -h /tmp"], ports=[8080])
    view = fleet.converge_until(body["id"], running)
    container = fleet.inspect(body["id"])["Id"]
    assert reaches(docker, container, PUBLIC, 80), "the positive control: a public address answers"
    assert not reaches(docker, container, BLOCKED_PRIVATE, 80)
    assert not reaches(docker, container, BLOCKED_METADATA, 80)
    assert not reaches(docker, container, PUBLIC, 25), "outbound SMTP is blocked"
    # This machine reaches all three, and the container's published port still answers.
    assert all(reaches_from_host(a, 80) for a in (BLOCKED_PRIVATE, BLOCKED_METADATA, PUBLIC))
    assert reaches_from_host(PUBLIC, 25)
    port = view["ports"][0]["host_port"]
    assert urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5).read().startswith(b"ok")


def test_an_opened_range_is_opened_for_that_tenant_only_and_exactly(stack, region, fleet, docker, test_host):
    other = make_tenant(stack, region, host=fleet.host)
    mine = fleet.tenant.created(command=["sleep", "600"])
    theirs = other.created(command=["sleep", "600"])
    stack.admin("tenant", "egress", fleet.tenant.id, "--allow", "10.250.0.0/24")
    try:
        fleet.converge_until(mine["id"], running)
        wait_until(lambda: fleet.reconciler.once() and running(other.get(f"/v1/containers/{theirs['id']}").json()), 30,
                   interval=0.2, message="the other tenant's container to run")
        my_container, their_container = fleet.inspect(mine["id"])["Id"], fleet.inspect(theirs["id"])["Id"]
        assert reaches(docker, my_container, BLOCKED_PRIVATE, 80), "the tenant's opened range"
        assert not reaches(docker, their_container, BLOCKED_PRIVATE, 80), "another tenant's is still closed"
        assert not reaches(docker, my_container, BLOCKED_METADATA, 80), "only that range is opened"
        assert not reaches(docker, my_container, "10.250.1.1", 80)
    finally:
        stack.admin("tenant", "egress", fleet.tenant.id, "--clear")
    fleet.reconciler.once()
    assert not reaches(docker, my_container, BLOCKED_PRIVATE, 80), "closed again once the operator clears it"


def iptables_rules(chain):
    return [line for line in sh("/usr/sbin/iptables", "-w", "5", "-S", chain).stdout.splitlines() if line.startswith("-A")]


def test_the_platforms_rules_stay_first_in_their_chains(fleet):
    fleet.reconciler.once()
    sh("/usr/sbin/iptables", "-w", "5", "-I", "DOCKER-USER", "1", "-j", "RETURN")
    sh("/usr/sbin/iptables", "-w", "5", "-I", "INPUT", "1", "-p", "udp", "--dport", "9", "-j", "ACCEPT")
    try:
        fleet.reconciler.once()
        assert iptables_rules("DOCKER-USER")[:2] == ["-A DOCKER-USER -j DRO-ISOLATION", "-A DOCKER-USER -j DRO-EGRESS"]
        assert iptables_rules("INPUT")[0] == "-A INPUT -j DRO-INPUT"
    finally:
        sh("/usr/sbin/iptables", "-w", "5", "-D", "DOCKER-USER", "-j", "RETURN", check=False)
        sh("/usr/sbin/iptables", "-w", "5", "-D", "INPUT", "-p", "udp", "--dport", "9", "-j", "ACCEPT", check=False)


def test_a_host_whose_rules_cannot_be_applied_fails_closed(stack, fleet, tmp_path):
    running_one = fleet.tenant.created(command=["sleep", "600"])
    fleet.converge_until(running_one["id"], running)
    config = json.load(open(stack.config))
    config["reconciler"]["iptables"] = "/nonexistent/iptables"
    broken = tmp_path / "dro.json"
    broken.write_text(json.dumps(config))
    run_broken = lambda: subprocess.run([Reconciler(stack, fleet.host).binary, "--config", str(broken), "--host-key", fleet.host, "--once"],
                                        capture_output=True, text=True, timeout=120)
    new = fleet.tenant.created(command=["sleep", "600"])
    assert fleet.tenant.action(running_one["id"], "stop").status_code == 202
    result = run_broken()
    assert result.returncode == 0, result.stderr
    assert "failing closed" in result.stderr
    (host,) = [h for h in stack.admin("host", "list") if h["host_key"] == fleet.host]
    assert host["policy_error"] and "/nonexistent/iptables" in host["policy_error"]
    assert fleet.docker_ids(new["id"]) == [], "nothing is created"
    view = fleet.view(new["id"])
    assert (view["observed_state"], view["last_error_code"]) == ("failed", "host_policy_error")
    assert fleet.view(running_one["id"])["observed_state"] == "stopped", "stops go on"
    assert fleet.inspect(running_one["id"])["State"]["Running"] is False
    # Fixed: the error clears and the new container runs (the tenant's start retries at once).
    fleet.tenant.action(new["id"], "start")
    fleet.converge_until(new["id"], running)
    (host,) = [h for h in stack.admin("host", "list") if h["host_key"] == fleet.host]
    assert host["policy_error"] is None
