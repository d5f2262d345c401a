"""Rate limits: nginx limits each token (the test stack: 50 r/s, bursts of 100);
a flood gets 429 rate_limited in the API's error shape, and other tokens are unaffected."""
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
