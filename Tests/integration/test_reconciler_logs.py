"""The logs route serves what the container printed, stdout and stderr, captured by the reconciler."""
from conftest import wait_until
from reconciler_support import docker, fleet  # noqa: F401 (fixtures)


def test_logs_hold_stdout_and_stderr(fleet):
    script = "echo out-one; echo err-one >&2; echo out-two; sleep 3600"
    body = fleet.tenant.created(command=["sh", "-c", script])

    def captured():
        fleet.reconciler.once()
        logs = fleet.tenant.get(f"/v1/containers/{body['id']}/logs").json()
        return logs if len(logs["lines"]) >= 3 else None

    logs = wait_until(captured, 30, interval=0.3, message="the logs to be captured")
    assert logs["container_id"] == body["id"] and logs["captured_at"]
    by_stream = {(line["stream"], line["text"]) for line in logs["lines"]}
    assert {("stdout", "out-one"), ("stdout", "out-two"), ("stderr", "err-one")} <= by_stream
    stdout = [line["text"] for line in logs["lines"] if line["stream"] == "stdout"]
    assert stdout.index("out-one") < stdout.index("out-two")
    assert all(line["ts"] for line in logs["lines"])
    # A second capture reads only what is new: nothing is duplicated.
    fleet.reconciler.once()
    again = fleet.tenant.get(f"/v1/containers/{body['id']}/logs").json()
    assert len(again["lines"]) == len(logs["lines"])
    assert fleet.tenant.get(f"/v1/containers/{body['id']}/logs?tail=1").json()["lines"] == again["lines"][-1:]
