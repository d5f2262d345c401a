"""Env values are tenant secrets: never in error messages, events or the logs of
dro-api and nginx. Tokens never reach a log either."""
import secrets as random

from conftest import assert_error


def test_env_values_and_tokens_stay_out_of_messages_events_and_logs(stack, tenant):
    secret = "s3cr3t-" + random.token_hex(12)
    created = tenant.created(env={"DB_PASSWORD": secret})
    refusals = [
        tenant.create(env={"DB_PASSWORD": secret + "\u0000"}),          # NUL in the value
        tenant.create(env={"DB_PASSWORD": secret * 2000}),                # too long
        tenant.create(env={"DB_PASSWORD": secret, "1BAD": secret}),       # bad key next to it
        tenant.create(env={"DB_PASSWORD": 42, "X": secret}),              # not a string
        tenant.create(created["name"], env={"DB_PASSWORD": secret}),      # name conflict
    ]
    for r in refusals:
        assert_error(r, r.status_code, r.json()["error"])
        assert 400 <= r.status_code < 500
        assert secret not in r.text
    assert tenant.action(created["id"], "stop").status_code == 202
    events = stack.sql(f"SELECT CONCAT_WS(' ', action, detail, actor) FROM events WHERE tenant_id = '{tenant.id}'")
    assert events and not any(secret in row[0] for row in events)
    assert not any(tenant.token in row[0] for row in events)
    for log in (f"{stack.state}/api/api.log", f"{stack.state}/nginx/logs/access.log", f"{stack.state}/nginx/logs/error.log"):
        with open(log, "rb") as f:
            text = f.read()
        assert secret.encode() not in text, log
        assert tenant.token.encode() not in text, log
