"""A refused create leaves nothing behind: no container row, no job, no event, no
idempotency key and no quota charge — whether validation, placement, the quota or a name
conflict refused it."""
import pytest

from conftest import assert_error

# kind: (status, error code, the refused request); quota refusals run with the quota full,
# the others with room left, so that each is refused for its own reason.
REFUSALS = {
    "bad-name": (400, "validation_error", lambda t: t.create("Bad_Name")),
    "bad-image": (400, "validation_error", lambda t: t.create(image="UPPER/Case")),
    "bad-env-key": (400, "validation_error", lambda t: t.create(env={"1BAD": "x"})),
    "host-port": (400, "validation_error", lambda t: t.create(ports=["8080:80"])),
    "zero-cpu": (400, "validation_error", lambda t: t.create(cpu_limit=0)),
    "tiny-memory": (400, "validation_error", lambda t: t.create(mem_limit="1k")),
    "command-string": (400, "validation_error", lambda t: t.create(command="sleep 1")),
    "unknown-host": (400, "validation_error", lambda t: t.create(host_key="no-such-host")),
    "not-json": (400, "validation_error", lambda t: t.post_raw(b"[1, 2")),
    "not-json-media-type": (415, "unsupported_media_type", lambda t: t.post_raw(b"{}", "text/plain")),
    "name-conflict": (409, "conflict", lambda t: t.create("taken", headers={"Idempotency-Key": "conflict-key"})),
    "quota": (403, "quota_exceeded", lambda t: t.create("fresh-name")),
    "quota-keyed": (403, "quota_exceeded", lambda t: t.create("fresh-name", headers={"Idempotency-Key": "quota-key"})),
}


@pytest.mark.parametrize("kind", list(REFUSALS))
def test_a_refused_create_leaves_no_trace(tenant_factory, kind):
    status, code, refused = REFUSALS[kind]
    tenant = tenant_factory(caps=("--containers", "3"))
    tenant.created("taken", headers={"Idempotency-Key": "taken-key"})
    tenant.created("other")
    if code == "quota_exceeded":
        tenant.created("third")
    before = tenant.footprint()
    live = 3 if code == "quota_exceeded" else 2
    assert (before["containers"], before["jobs"], before["events"], before["used_containers"]) == (live,) * 4
    assert before["idempotency_keys"] == 1
    assert_error(refused(tenant), status, code)
    assert tenant.footprint() == before
