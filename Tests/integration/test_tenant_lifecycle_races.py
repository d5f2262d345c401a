"""Tenant creation races through the operator API: concurrent creates with one external_ref make
one tenant, and every other request answers that tenant (200), never a spurious conflict."""
import pytest

from conftest import concurrently, retry_rate_limited, unique
from operator_support import operator  # noqa: F401 (fixture)


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_identical_creates_answer_one_tenant(stack, operator, round_):
    body = {"name": unique("t"), "external_ref": unique("ref")}

    def create(_):
        session = stack.session(operator.token)
        return retry_rate_limited(lambda: session.post(stack.url("/v1/admin/tenants"), json=body, timeout=60))

    answers = concurrently(create, range(8))
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [200] * 7 + [201], [(r.status_code, r.text) for r in answers]
    assert len({r.json()["id"] for r in answers}) == 1
    assert stack.count(f"SELECT COUNT(*) FROM tenants WHERE external_ref = '{body['external_ref']}'") == 1


def test_a_concurrent_create_with_the_reference_under_another_name_is_refused(stack, operator):
    ref = unique("ref")

    def create(name):
        session = stack.session(operator.token)
        return retry_rate_limited(lambda: session.post(stack.url("/v1/admin/tenants"), json={"name": name, "external_ref": ref}, timeout=60))

    answers = concurrently(create, [unique("t") for _ in range(4)])
    assert sorted(r.status_code for r in answers) == [201, 409, 409, 409], [r.text for r in answers]
    assert all(r.json()["detail"]["reason"] == "external_ref_taken" for r in answers if r.status_code == 409)
