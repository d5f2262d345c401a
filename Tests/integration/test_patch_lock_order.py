"""PATCH takes the tenant's quota lock before the container's row, the order of a termination:
PATCHes that change limits while the operator terminates the tenant never deadlock (the
database's deadlock counter stays put) and each answers 200, or 409 once the container is
deleted, or 401 once the tenant's tokens are revoked."""
from conftest import concurrently
from operator_support import operator  # noqa: F401 (fixture)


def deadlocks(stack):
    return int(stack.sql("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'")[0][1])


def test_limit_patches_racing_a_termination_do_not_deadlock(stack, tenant_factory, operator):
    before = deadlocks(stack)
    for _ in range(6):
        tenant = tenant_factory()
        ids = [tenant.created(command=["sleep", "3600"], cpu_limit=0.25)["id"] for _ in range(4)]

        def act(item):
            if item == "terminate":
                return operator.request("DELETE", f"/tenants/{tenant.id}").status_code
            return tenant.request("PATCH", f"/v1/containers/{item}", json={"cpu_limit": 0.5}).status_code

        statuses = concurrently(act, ids + ["terminate"])
        assert statuses[-1] == 202
        assert set(statuses[:-1]) <= {200, 401, 409}, statuses
    assert deadlocks(stack) == before
