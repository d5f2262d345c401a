"""Rate limits: nginx limits each token (the test stack: 50 r/s, bursts of 100), and each address
over all its requests (20x that, with an exemption list for panels); a flood gets 429
rate_limited in the API's error shape, and other tokens are unaffected."""
from conftest import assert_error, concurrently, status_counts


def test_a_flood_from_one_token_is_limited_and_others_are_not(tenant_factory):
    flooder, bystander = tenant_factory(), tenant_factory()
    responses = concurrently(lambda _: flooder.get("/v1/quota"), range(400), workers=64)
    counts = status_counts(responses)
    assert set(counts) == {200, 429}, counts
    assert counts[429] > 0 and counts[200] >= 100, counts
    for r in responses:
        if r.status_code == 429:
            assert_error(r, 429, "rate_limited")
            assert r.headers["X-Request-Id"] and r.headers["Retry-After"] == "1"
    # The flooder's bucket is empty; another tenant's token is not.
    bystanders = concurrently(lambda _: bystander.get("/v1/quota"), range(20), workers=10)
    assert status_counts(bystanders) == {200: 20}


def side_nginx(stack, tmp_path, port, **env):
    """nginx rendered from the same site template with other limits, in front of the stack's
    dro-api, on a loopback port of its own; answers a stop function."""
    import os
    import subprocess
    from conftest import ROOT
    state = tmp_path / "side"
    (state / "api").mkdir(parents=True)
    (state / "api" / "api.sock").symlink_to(f"{stack.state}/api/api.sock")
    script = f'. {ROOT}/scripts/lib/common.sh; . {ROOT}/scripts/lib/nginx.sh; nginx_start {state} {port} 50 100 on {ROOT}'
    subprocess.run(["bash", "-c", script], check=True, capture_output=True, timeout=60, env={**os.environ, **env})
    stop = f'. {ROOT}/scripts/lib/common.sh; . {ROOT}/scripts/lib/nginx.sh; nginx_stop {state}'
    return state / "nginx" / "tls" / "cert.pem", lambda: subprocess.run(["bash", "-c", stop], capture_output=True, timeout=60)


def test_the_per_address_zone_limits_all_tokens_of_an_address_unless_it_is_exempt(stack, tenant_factory, tmp_path):
    import requests
    tenants = [tenant_factory() for _ in range(4)]
    for exempt, port in (("", 18601), ("127.0.0.1/32", 18602)):
        cert, stop = side_nginx(stack, tmp_path / str(port), port, DRO_ADDRESS_RATE="1", DRO_ADDRESS_BURST="5", DRO_RATE_EXEMPT=exempt)
        try:
            session = requests.Session()
            session.trust_env = False
            session.verify = str(cert)
            calls = [session.get(f"https://127.0.0.1:{port}/v1/quota", headers={"Authorization": f"Bearer {t.token}"}, timeout=30)
                     for t in tenants for _ in range(5)]
            counts = status_counts(calls)
            if exempt:
                assert counts == {200: 20}, counts  # each token stays inside its own burst
            else:
                assert counts.get(429, 0) >= 10 and counts.get(200, 0) <= 8, counts
        finally:
            stop()
