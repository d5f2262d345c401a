"""Images come only from registries the operator allows by name (IP literals, localhost and
single-label hosts never otherwise); published ports show where they are reachable."""
import pytest

from conftest import assert_error, make_tenant, required_env
from reconciler_support import docker, fleet, running  # noqa: F401 (fixtures)


@pytest.mark.parametrize("image", [
    "127.0.0.1:22/x", "127.0.0.1/x", "10.0.0.5:5000/team/app:1", "localhost:5000/x", "localhost/x", "registry:5000/x",
    "[::1]:5000/x", "ghcr.io/org/app:1", "quay.io/org/app",
])
def test_a_registry_not_allowed_by_name_is_400_on_image_and_changes_nothing(tenant, image):
    before = tenant.footprint()
    assert_error(tenant.create(image=image), 400, "validation_error", field="image")
    assert tenant.footprint() == before


@pytest.mark.parametrize("image", ["busybox:latest", "library/busybox", "dro-test/busybox:latest"])
def test_unqualified_images_come_from_docker_io(tenant, image):
    assert tenant.create(image=image).status_code == 201


def test_a_registry_on_loopback_is_accepted_when_allowed_by_name(tenant):
    allowed = required_env("DRO_TEST_REGISTRY")  # in the test stack's api.allowed_registries
    assert tenant.create(image=f"{allowed}/team/app:1").status_code == 201
    host, port = allowed.rsplit(":", 1)
    assert_error(tenant.create(image=f"{host}:{int(port) + 1}/team/app:1"), 400, "validation_error", field="image")


def test_published_ports_show_the_hosts_address(stack, fleet):
    body = fleet.tenant.created(command=["httpd", "-f", "-p", "8080"], ports=[8080])
    assert body["ports"] == [{"container_port": 8080, "protocol": "tcp", "host_ip": None, "host_port": None}]
    view = fleet.converge_until(body["id"], running)
    (port,) = view["ports"]
    assert port["host_ip"] == "127.0.0.1" and port["host_port"], "the bind IP until the operator sets an address"
    stack.admin("host", "set-address", fleet.host, "fra-07.hosting.test")
    (port,) = fleet.view(body["id"])["ports"]
    assert port["host_ip"] == "fra-07.hosting.test"
    (listed,) = [c for c in fleet.tenant.get("/v1/containers").json()["containers"] if c["id"] == body["id"]]
    assert listed["ports"] == [port]
    (host,) = [h for h in fleet.tenant.get("/v1/hosts").json()["hosts"] if h["host_key"] == fleet.host]
    assert host["public_address"] == "fra-07.hosting.test"
    stack.admin("host", "set-address", fleet.host, "--clear")
    assert fleet.view(body["id"])["ports"][0]["host_ip"] == "127.0.0.1"


@pytest.mark.parametrize("address, accepted", [
    ("203.0.113.7", True), ("2001:db8::7", True), ("node-1.example.net", True), ("bad-", False), ("a b", False),
    ("x" * 64 + ".net", False),
])
def test_a_hosts_address_is_an_ip_or_a_dns_name(stack, fleet, address, accepted):
    result = stack.admin("host", "set-address", fleet.host, address, check=False)
    if accepted:
        assert result["public_address"] == address
    else:
        assert result.returncode != 0 and "public_address" in result.stderr


def test_a_tenant_without_an_allocation_sees_no_hosts(stack, region):
    tenant = make_tenant(stack, region, scope=None)
    assert tenant.get("/v1/hosts").json() == {"hosts": []}
