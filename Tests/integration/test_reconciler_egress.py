"""Tenant containers cannot open connections to the host's own addresses; published ports stay reachable."""
import socket
import threading
import urllib.request

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
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
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
