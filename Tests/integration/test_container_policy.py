"""Container policy, checked on the real dockerd: anonymous volumes go with their container, the
image's HEALTHCHECK is off, an open-files limit is set, every container carries the policy
version, and `dro-admin host roll` recreates older-policy containers at a bounded pace; the
config's bind_ip and cap_add are validated when it loads."""
import json
import subprocess
import time

import pytest

from conftest import make_tenant, sql_literal, wait_until
from reconciler_support import Reconciler, docker, fleet, running  # noqa: F401 (fixtures)

POLICY_IMAGE = "dro-test/policy:latest"


@pytest.fixture(scope="module")
def policy_image(docker):
    """An image with its own HEALTHCHECK and a VOLUME, built from the local busybox (no registry)."""
    dockerfile = "FROM dro-test/busybox:latest\nHEALTHCHECK --interval=1s CMD false\nVOLUME /data\n"
    result = subprocess.run(["/usr/bin/docker", "-H", f"unix://{docker.socket}", "build", "-q", "-t", POLICY_IMAGE, "-"],
                            input=dockerfile, capture_output=True, text=True, timeout=120, env={"DOCKER_BUILDKIT": "0"})
    assert result.returncode == 0, result.stderr
    return POLICY_IMAGE


def test_the_images_healthcheck_is_off_and_open_files_are_limited(fleet, policy_image, docker):
    body = fleet.tenant.created(image=policy_image, command=["sleep", "600"])
    fleet.converge_until(body["id"], running)
    inspect = fleet.inspect(body["id"])
    assert inspect["Config"]["Healthcheck"]["Test"] == ["NONE"]
    assert "Health" not in inspect["State"] or inspect["State"]["Health"] is None
    assert inspect["HostConfig"]["Ulimits"] == [{"Name": "nofile", "Soft": 4096, "Hard": 16384}]
    assert docker.run("exec", inspect["Id"], "sh", "-c", "ulimit -n").stdout.strip() == "4096"
    assert inspect["Config"]["Labels"]["cloud.dro.policy-version"] == "2"
    assert fleet.row(body["id"])["policy_version"] == "2"


def test_a_removed_container_takes_its_anonymous_volume(fleet, policy_image, docker):
    body = fleet.tenant.created(image=policy_image, command=["sleep", "600"])
    fleet.converge_until(body["id"], running)
    (mount,) = [m for m in fleet.inspect(body["id"])["Mounts"] if m["Destination"] == "/data"]
    assert mount["Type"] == "volume" and mount["Name"] in docker.run("volume", "ls", "-q").stdout.split()
    assert fleet.tenant.action(body["id"], "delete").status_code == 202
    fleet.converge_until(body["id"], lambda v: v["observed_state"] == "removed")
    assert mount["Name"] not in docker.run("volume", "ls", "-q").stdout.split()


def as_an_older_policy_made_it(docker, inspect):
    """Replaces a managed container with one as policy 1 made it: the same name, labels (but the
    policy version), network, image and command, without the later policy's settings."""
    labels = {k: v for k, v in inspect["Config"]["Labels"].items() if k != "cloud.dro.policy-version"}
    network = next(iter(inspect["NetworkSettings"]["Networks"]))
    docker.run("rm", "-f", inspect["Id"])
    args = ["run", "-d", "--name", inspect["Name"].lstrip("/"), "--network", network]
    for key, value in labels.items():
        args += ["--label", f"{key}={value}"]
    return docker.run(*args, inspect["Config"]["Image"], *inspect["Config"]["Cmd"]).stdout.strip()


def test_host_roll_recreates_older_policy_containers_at_its_pace(stack, fleet, docker):
    bodies = [fleet.tenant.created(command=["sleep", "600"]) for _ in range(3)]
    for body in bodies:
        fleet.converge_until(body["id"], running)
        as_an_older_policy_made_it(docker, fleet.inspect(body["id"]))
    before = {b["id"]: fleet.inspect(b["id"]) for b in bodies}
    assert all("cloud.dro.policy-version" not in i["Config"]["Labels"] for i in before.values())
    fleet.reconciler.once()  # records the policy version it finds, touches nothing
    assert {fleet.row(b["id"])["policy_version"] for b in bodies} == {"1"}
    assert {fleet.inspect(b["id"])["Id"] for b in bodies} == {i["Id"] for i in before.values()}

    dry = stack.admin("host", "roll", fleet.host, "--dry-run")
    assert sorted(c["id"] for c in dry) == sorted(before)
    started = time.monotonic()
    asked = stack.admin("host", "roll", fleet.host, "--per-minute", "120")
    assert sorted(c["id"] for c in asked) == sorted(before)
    assert time.monotonic() - started >= 1.0, "three requests at 120 a minute take at least a second"
    assert stack.admin("host", "roll", fleet.host) == [], "nothing is asked twice"
    rolled = {}
    for body in bodies:
        view = fleet.converge_until(body["id"], lambda v: running(v) and fleet.inspect(v["id"])["Id"] != before[v["id"]]["Id"])
        after = rolled[body["id"]] = fleet.inspect(body["id"])
        assert after["Id"] != before[body["id"]]["Id"] and after["Name"] == before[body["id"]]["Name"]
        assert after["Config"]["Labels"]["cloud.dro.policy-version"] == "2"
        assert after["Config"]["Healthcheck"]["Test"] == ["NONE"]
        assert view["id"] == body["id"]
    fleet.reconciler.once()
    assert {b["id"]: fleet.inspect(b["id"])["Id"] for b in bodies} == {i: a["Id"] for i, a in rolled.items()}, "rolled once"


@pytest.mark.parametrize("key, value, accepted", [
    ("bind_ip", "127.0.0.1", True), ("bind_ip", "::1", True), ("bind_ip", "localhost", False), ("bind_ip", "127.0.0.256", False),
    ("cap_add", ["CHOWN", "NET_BIND_SERVICE"], True), ("cap_add", ["SYS_ADMIN"], False), ("cap_add", ["NET_RAW"], False),
    ("nofile", {"soft": 1024, "hard": 1024}, True), ("nofile", {"soft": 2048, "hard": 1024}, False),
    ("parallelism", 64, True), ("parallelism", 65, False), ("parallelism", 0, False),
])
def test_the_reconciler_validates_its_policy_when_the_config_loads(stack, fleet, tmp_path, key, value, accepted):
    config = json.load(open(stack.config))
    config["reconciler"][key] = value
    path = tmp_path / "dro.json"
    path.write_text(json.dumps(config))
    reconciler = Reconciler(stack, fleet.host)
    result = subprocess.run([reconciler.binary, "--config", str(path), "--host-key", fleet.host, "--once"],
                            capture_output=True, text=True, timeout=120)
    if accepted:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode != 0 and f"reconciler.{key}" in result.stderr, result.stderr
