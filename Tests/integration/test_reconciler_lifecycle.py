"""Create, stop, start, restart and delete reach Docker, asserted with docker inspect."""
from conftest import assert_error, sql_literal
from reconciler_support import docker, fleet, running, started_at  # noqa: F401 (fixtures)

POLICY_CAPS = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID", "NET_BIND_SERVICE"]


def test_create_runs_with_declared_limits_and_every_hardening_setting(fleet):
    body = fleet.tenant.created(
        "web", command=["httpd", "-f", "-p", "8080"], ports=[8080, "5353/udp"], env={"GREETING": "hello", "MODE": "x y"},
        cpu_limit=0.5, mem_limit="64m",
        # Mass assignment: none of these may reach Docker.
        privileged=True, cap_add=["SYS_ADMIN"], volumes=["/:/host"], devices=["/dev/mem"], network_mode="host",
        user="root", labels={"evil": "1"})
    view = fleet.converge_until(body["id"], running)
    inspect = fleet.inspect(body["id"])
    host_config, config = inspect["HostConfig"], inspect["Config"]
    assert inspect["State"]["Running"]
    assert host_config["Memory"] == 64 * 1024 * 1024
    assert host_config["MemorySwap"] == host_config["Memory"]
    assert host_config["NanoCpus"] == 500_000_000
    assert sorted(config["Env"]) == sorted(["GREETING=hello", "MODE=x y"]) or \
        {"GREETING=hello", "MODE=x y"} <= set(config["Env"])
    assert config["Cmd"] == ["httpd", "-f", "-p", "8080"]
    assert set(config["ExposedPorts"]) == {"8080/tcp", "5353/udp"}
    assert host_config["Privileged"] is False
    assert host_config["CapDrop"] == ["ALL"]
    assert host_config["CapAdd"] == POLICY_CAPS
    assert host_config["SecurityOpt"] == ["no-new-privileges"]
    assert host_config["PidsLimit"] == 512
    assert host_config["RestartPolicy"]["Name"] == "no"
    assert host_config["LogConfig"]["Type"] == "json-file" and host_config["LogConfig"]["Config"]["max-size"]
    assert host_config["NetworkMode"].startswith(f"dro-{fleet.tenant.id}-")
    assert not host_config.get("Binds") and not host_config.get("Devices")
    assert config["User"] == "" and "evil" not in config["Labels"]
    assert inspect["Name"] == f"/dro-{fleet.tenant.id}-web-{body['id'][4:12]}"
    published = inspect["NetworkSettings"]["Ports"]["8080/tcp"]
    assert published[0]["HostIp"] == "127.0.0.1" and int(published[0]["HostPort"]) > 0
    # The API reports the published port.
    port = next(p for p in view["ports"] if p["container_port"] == 8080)
    assert port["host_port"] == int(published[0]["HostPort"])


def test_stop_start_keep_the_container_and_restart_restarts_it(fleet):
    body = fleet.tenant.created(command=["sleep", "3600"])
    fleet.converge_until(body["id"], running)
    first = fleet.inspect(body["id"])

    assert fleet.tenant.action(body["id"], "stop").status_code == 202
    fleet.converge_until(body["id"], lambda v: v["observed_state"] == "stopped")
    stopped = fleet.inspect(body["id"])
    assert stopped["Id"] == first["Id"] and not stopped["State"]["Running"]

    assert fleet.tenant.action(body["id"], "start").status_code == 202
    fleet.converge_until(body["id"], running)
    again = fleet.inspect(body["id"])
    assert again["Id"] == first["Id"] and again["State"]["Running"]

    assert fleet.tenant.action(body["id"], "restart").status_code == 202
    fleet.reconciler.once()
    restarted = fleet.inspect(body["id"])
    assert restarted["Id"] == first["Id"] and restarted["State"]["Running"]
    assert started_at(restarted) > started_at(again)


def test_start_false_creates_the_container_without_starting_it(fleet):
    body = fleet.tenant.created(command=["sleep", "3600"], start=False)
    fleet.converge_until(body["id"], lambda v: v["observed_state"] == "stopped")
    inspect = fleet.inspect(body["id"])
    assert inspect["State"]["Status"] == "created"


def test_delete_removes_the_container_and_frees_quota(fleet):
    fleet.tenant.quota("--scope", "*", "--containers", "1")
    body = fleet.tenant.created(command=["sleep", "3600"])
    fleet.converge_until(body["id"], running)
    assert fleet.tenant.action(body["id"], "delete").status_code == 202
    assert fleet.tenant.create(command=["sleep", "1"]).status_code == 201, "quota is freed at once"
    fleet.converge_until(body["id"], lambda v: v["observed_state"] == "removed")
    assert fleet.docker_ids(body["id"]) == []


def test_a_request_above_the_hosts_reported_cpus_is_refused(fleet, docker):
    fleet.reconciler.once()  # reports the host's capacity from Docker's /info
    host = fleet.stack.row(f"SELECT cpu_count, mem_bytes, last_seen_at FROM hosts WHERE host_key = {sql_literal(fleet.host)}")
    cpus = int(host["cpu_count"])
    assert cpus >= 1 and int(host["mem_bytes"]) > 0 and host["last_seen_at"]
    assert fleet.tenant.create(cpu_limit=cpus).status_code == 201
    assert_error(fleet.tenant.create(cpu_limit=cpus + 1), 400, "validation_error", field="cpu_limit")
