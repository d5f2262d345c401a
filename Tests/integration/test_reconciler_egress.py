"""Tenant containers cannot open connections to the host's own addresses; published ports stay reachable."""
import json
import secrets
import socket
import subprocess
import threading
import urllib.request

from conftest import make_tenant, wait_until
from reconciler_support import docker, fleet, running  # noqa: F401 (fixtures)


def test_a_container_cannot_reach_the_host_but_its_published_port_answers(fleet, docker):
    body = fleet.tenant.created(command=["httpd", "-f", "-p", "8080"], ports=[8080])
    view = fleet.converge_until(body["id"], running)
    inspect = fleet.inspect(body["id"])
    network = next(iter(inspect["NetworkSettings"]["Networks"].values()))
    gateway = network["Gateway"]  # the host's address on the tenant bridge

    # A listener on the host, on the bridge's address.
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((gateway, 0))
    listener.listen(4)
    port = listener.getsockname()[1]
    accepted = []

    def accept():
        try:
            accepted.append(listener.accept())
        except OSError:  # the listener closed with nobody connecting, as it should
            pass
    threading.Thread(target=accept, daemon=True).start()
    try:
        attempt = docker.run("exec", inspect["Id"], "nc", "-w", "2", gateway, str(port), check=False, timeout=30)
        assert not accepted, "the container reached a port on the host"
        assert attempt.returncode != 0
    finally:
        listener.close()

    # The published port answers from the host (busybox httpd: 404 for a missing index is an answer).
    host_port = next(p["host_port"] for p in view["ports"] if p["container_port"] == 8080)
    try:
        status = urllib.request.urlopen(f"http://127.0.0.1:{host_port}/", timeout=5).status
    except urllib.error.HTTPError as error:
        status = error.code
    assert status in (200, 404)


def iptables_rules(chain):
    return subprocess.run(["/usr/sbin/iptables", "-w", "5", "-S", chain], capture_output=True, text=True, check=True).stdout


def test_a_run_drops_the_rules_of_bridges_that_are_gone_and_keeps_live_ones(fleet):
    body = fleet.tenant.created(command=["sleep", "600"])
    fleet.converge_until(body["id"], running)
    live = next(iter(fleet.inspect(body["id"])["NetworkSettings"]["Networks"]))
    live_bridge = json.loads(fleet.docker.run("network", "inspect", live).stdout)[0]["Options"]["com.docker.network.bridge.name"]
    # What a network removed by an earlier run (or by hand) leaves behind.
    vanished = "drob" + secrets.token_hex(6)[:11]
    subprocess.run(["/usr/sbin/iptables", "-w", "5", "-I", "DRO-ISOLATION", "1", "-i", vanished, "-o", vanished, "-j", "RETURN"], check=True)

    fleet.reconciler.once()

    rules = iptables_rules("DRO-ISOLATION")
    assert vanished not in rules
    assert f"-A DRO-ISOLATION -i {live_bridge} -o {live_bridge} -j RETURN" in rules


def test_containers_reach_their_own_tenants_network_but_not_another_tenants(stack, region, fleet):
    neighbour = make_tenant(stack, region, host=fleet.host)
    serve = dict(command=["sh", "-c", "echo ok > /tmp/index.html && exec httpd -f -p 8080 -h /tmp"], ports=[8080])
    own_server = fleet.tenant.created(**serve)["id"]
    client = fleet.tenant.created(command=["sleep", "600"])["id"]
    foreign_server = neighbour.created(**serve)["id"]
    for container_id in (own_server, client):
        fleet.converge_until(container_id, running)
    wait_until(lambda: fleet.reconciler.once() and running(neighbour.get(f"/v1/containers/{foreign_server}").json()),
               30, interval=0.2, message="the neighbour's container to run")

    def address(container_id):
        ids = fleet.docker.ids(f"cloud.dro.container={container_id}")
        return next(iter(fleet.docker.inspect(ids[0])["NetworkSettings"]["Networks"].values()))["IPAddress"]

    def connects(target):
        # busybox-static's wget crashes in a container (static glibc without NSS); nc does not.
        request = f'printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc -w 3 {address(target)} 8080'
        fetch = fleet.docker.run("exec", fleet.inspect(client)["Id"], "sh", "-c", request, check=False, timeout=30)
        return fetch.stdout.rstrip().endswith("ok")

    assert connects(own_server), "containers of one tenant on one host share a network"
    assert not connects(foreign_server), "a container reached another tenant's container"
