"""Ownership: only containers with this installation's and this host's labels are ever touched."""
import json

from conftest import make_tenant, unique
from reconciler_support import (LABEL_CONTAINER, LABEL_HOST, LABEL_INSTALLATION, Fleet, Reconciler, docker,  # noqa: F401
                                fleet, running)


def busybox_sleeping(docker, name, *labels):
    args = [a for label in labels for a in ("--label", label)]
    return docker.run("run", "-d", "--name", name, "--network", "none", *args, "busybox:latest", "sleep", "3600").stdout.strip()


def test_a_labelled_container_without_a_row_is_removed(fleet, docker):
    orphan = busybox_sleeping(docker, unique("orphan"), f"{LABEL_INSTALLATION}={fleet.installation}",
                              f"{LABEL_HOST}={fleet.host}", f"{LABEL_CONTAINER}=ctr_000000000000000000000000")
    fleet.reconciler.once()
    assert docker.inspect(orphan) is None


def test_foreign_containers_are_never_touched(fleet, docker):
    unlabelled = busybox_sleeping(docker, unique("mine-not"))
    other_installation = busybox_sleeping(
        docker, unique("other-inst"), f"{LABEL_INSTALLATION}=another-installation", f"{LABEL_HOST}={fleet.host}",
        f"{LABEL_CONTAINER}=ctr_000000000000000000000001")
    try:
        fleet.reconciler.once()
        for container in (unlabelled, other_installation):
            state = docker.inspect(container)["State"]
            assert state["Running"], "a foreign container must keep running"
    finally:
        docker.run("rm", "-f", unlabelled, other_installation)


def test_two_host_keys_sharing_one_dockerd_never_touch_each_others_containers(stack, region, docker):
    first, second = Fleet(stack, region, docker), Fleet(stack, region, docker)
    a = first.tenant.created(command=["sleep", "3600"])
    b = second.tenant.created(command=["sleep", "3600"])
    first.converge_until(a["id"], running)
    second.converge_until(b["id"], running)
    a_docker, b_docker = first.inspect(a["id"])["Id"], second.inspect(b["id"])["Id"]
    # Each host's sweep sees the other's container on the same dockerd, and leaves it be.
    for _ in range(2):
        first.reconciler.once()
        second.reconciler.once()
    assert docker.inspect(a_docker)["State"]["Running"] and docker.inspect(b_docker)["State"]["Running"]
    # Deleting on one host removes only that host's container.
    assert first.tenant.action(a["id"], "delete").status_code == 202
    first.converge_until(a["id"], lambda v: v["observed_state"] == "removed")
    second.reconciler.once()
    assert docker.inspect(a_docker) is None
    assert docker.inspect(b_docker)["State"]["Running"]
