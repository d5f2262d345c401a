"""The basic path: health, create, get, list, through nginx over HTTPS."""
from conftest import assert_error


def test_health_answers_without_auth(stack):
    r = stack.session().get(stack.url("/v1/health"))
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert r.headers["X-Request-Id"]


def test_create_then_get_and_list(tenant):
    r = tenant.create(name="web", ports=[80], env={"GREETING": "hi"}, cpu_limit=0.5, mem_limit="64m")
    assert r.status_code == 201, r.text
    body = r.json()
    assert r.headers["Location"] == f"/v1/containers/{body['id']}"
    assert body["id"].startswith("ctr_")
    assert body["desired_state"] == "running" and body["observed_state"] == "pending"
    assert body["mem_limit"] == "64m" and body["mem_limit_bytes"] == 64 * 1024 * 1024
    got = tenant.get(f"/v1/containers/{body['id']}")
    assert got.status_code == 200 and got.json()["name"] == "web"
    listed = tenant.get("/v1/containers").json()
    assert [c["id"] for c in listed["containers"]] == [body["id"]]
    assert listed["next_cursor"] is None


def test_unknown_route_is_404_in_shape(tenant):
    assert_error(tenant.get("/v1/nope"), 404, "not_found")
