"""The reconciler's node_exporter textfile, read through the stack's real node_exporter and
Prometheus (scripts/lib/prometheus.sh): last-run gauges, counters carried from run to run, the
stale-reconciler alert with the test stack's shortened windows, a corrupt previous file, and
atomic replacement."""
import json
import re
import subprocess
import threading
import time
from pathlib import Path

from conftest import make_region, scaled, wait_until
from prometheus_support import prometheus, scraped_since  # noqa: F401 (fixture)
from reconciler_support import Reconciler, docker, fleet, running  # noqa: F401 (fixtures)

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$')


def textfile(stack, host):
    template = json.load(open(stack.config))["reconciler"]["metrics_textfile"]
    return Path(template.replace("{host_key}", host))


def samples(text):
    """name + labels -> value of a textfile's sample lines; raises on any line that is not one."""
    values = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        assert match, f"not a sample line: {line!r}"
        values[match.group(1) + (match.group(2) or "")] = float(match.group(3))
    return values


def series(name, host, **labels):
    selectors = ",".join([f'host_key="{host}"'] + [f'{k}="{v}"' for k, v in sorted(labels.items())])
    return f"{name}{{{selectors}}}"


def fresh_host(stack):
    host = make_region(stack)["hosts"][0]
    return host, Reconciler(stack, host)


def test_last_success_is_recent_and_counters_carry_across_runs(fleet, prometheus):
    body = fleet.tenant.created("metrics", command=["sleep", "3600"])
    fleet.converge_until(body["id"], running)
    host = fleet.host
    age = prometheus.eventually(f"time() - {series('dro_reconcile_last_run_success_timestamp_seconds', host)}",
                                lambda v: v < scaled(30), message="a recent last success in Prometheus")
    assert age >= 0
    assert prometheus.value(series("dro_reconcile_last_run_succeeded", host)) == 1
    assert prometheus.eventually(series("dro_reconcile_last_run_containers", host, observed_state="running"), lambda v: v == 1)
    runs = prometheus.value(series("dro_reconcile_runs_total", host))
    jobs = prometheus.value(series("dro_reconcile_jobs_done_total", host))
    converged = prometheus.value(series("dro_reconcile_containers_converged_total", host))
    assert runs >= 1 and jobs >= 1 and converged >= 1

    # A stop is one more job and one more convergence, on top of what the earlier runs counted.
    assert fleet.tenant.action(body["id"], "stop").status_code == 202
    fleet.converge_until(body["id"], lambda view: view["observed_state"] == "stopped")
    fleet.reconciler.once()
    written = samples(textfile(fleet.stack, host).read_text())
    total_runs = written[series("dro_reconcile_runs_total", host)]
    assert total_runs >= runs + 2
    assert written[series("dro_reconcile_jobs_done_total", host)] == jobs + 1
    assert written[series("dro_reconcile_containers_converged_total", host)] >= converged + 1
    # Prometheus reads the same figures through node_exporter.
    prometheus.eventually(series("dro_reconcile_runs_total", host), lambda v: v == total_runs)
    assert prometheus.value(series("dro_reconcile_jobs_done_total", host)) == jobs + 1
    assert prometheus.value(series("dro_reconcile_failed_runs_total", host)) == 0


def stale_rule(prometheus):
    """The stale-reconciler rule with the test stack's scaled threshold and `for:` (seconds)."""
    rule = prometheus.rule("DroReconcilerStale")
    threshold = float(re.search(r"> (\d+(?:\.\d+)?)", rule["query"]).group(1))
    assert threshold < 60, f"the test stack's rules are not shortened: {rule['query']}"
    return threshold, rule["duration"]


def test_stopping_the_reconciler_loop_makes_the_stale_alert_pending_within_the_shortened_window(stack, prometheus):
    """The stack's loop (cron's `--for 65` run every minute) reports after each sweep cycle, so
    while it runs the host is never stale, however short the window; stopped, it is."""
    threshold, pending_for = stale_rule(prometheus)
    host = make_region(stack)["hosts"][0]
    loop_pid = Path(stack.state) / "reconciler/loop.pid"
    assert not loop_pid.exists(), "another reconciler loop runs on this stack"
    stack.script("reconciler-start", host)
    try:
        prometheus.eventually(f"time() - {series('dro_reconcile_last_run_success_timestamp_seconds', host)}",
                              lambda v: v < threshold, timeout=30, message="the loop's first report in Prometheus")
        # Twice the threshold: a run that reported only at its end would look stale by now.
        healthy_until = time.monotonic() + 2 * threshold + pending_for
        while time.monotonic() < healthy_until:
            assert not prometheus.alerts("DroReconcilerStale", host_key=host), "a host whose loop runs is stale"
            time.sleep(0.5)
    finally:
        stack.script("reconciler-stop")
    stopped_at = time.monotonic()
    alert = wait_until(lambda: prometheus.alerts("DroReconcilerStale", host_key=host) or None, threshold + pending_for + 10,
                       interval=0.5, message="the stale-reconciler alert after the loop stopped")[0]
    assert alert["state"] in ("pending", "firing")
    # The last report came at most a sweep cycle before the stop.
    assert time.monotonic() - stopped_at >= threshold - 2


def test_a_host_whose_reconciler_never_ran_shows_its_age_and_goes_stale(stack, prometheus):
    threshold, pending_for = stale_rule(prometheus)
    host = make_region(stack)["hosts"][0]
    added_at = time.monotonic()
    age = prometheus.eventually(f'dro_host_last_seen_seconds{{host_key="{host}"}}', lambda v: v >= 0, timeout=20,
                                message="the never-seen host's age in Prometheus")
    assert age < scaled(20)
    # The gauges refresh at most every 5 s; then the alert waits out its `for:`.
    alert = wait_until(lambda: prometheus.alerts("DroReconcilerStale", host_key=host) or None, threshold + pending_for + 15,
                       interval=0.5, message="the stale-reconciler alert for a host that never ran")[0]
    assert alert["state"] in ("pending", "firing")
    assert time.monotonic() - added_at >= threshold


def test_a_corrupt_previous_textfile_does_not_stop_the_run_and_restarts_the_counters(stack):
    host, reconciler = fresh_host(stack)
    reconciler.once()
    reconciler.once()
    path = textfile(stack, host)
    assert samples(path.read_text())[series("dro_reconcile_runs_total", host)] == 2
    path.write_bytes(b'dro_reconcile_runs_total{host_key="' + host.encode() + b'"} 40\ndro_reconcile_jobs_do\xff\n')
    result = reconciler.once()
    assert "malformed" in result.stderr
    values = samples(path.read_text())
    assert values[series("dro_reconcile_runs_total", host)] == 1
    assert values[series("dro_reconcile_last_run_succeeded", host)] == 1
    assert time.time() - values[series("dro_reconcile_last_run_success_timestamp_seconds", host)] < scaled(30)


def test_a_failed_run_writes_the_file_and_keeps_the_last_success(stack, tmp_path):
    host, reconciler = fresh_host(stack)
    reconciler.once()
    path = textfile(stack, host)
    succeeded_at = samples(path.read_text())[series("dro_reconcile_last_run_success_timestamp_seconds", host)]
    # The same config with a dockerd that is not there: the run fails reaching it.
    config = json.load(open(stack.config))
    config["reconciler"]["docker_socket"] = str(tmp_path / "no-dockerd.sock")
    broken = tmp_path / "dro.json"
    broken.write_text(json.dumps(config))
    result = subprocess.run([reconciler.binary, "--config", str(broken), "--host-key", host, "--once"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    values = samples(path.read_text())
    assert values[series("dro_reconcile_last_run_succeeded", host)] == 0
    assert values[series("dro_reconcile_last_run_success_timestamp_seconds", host)] == succeeded_at
    assert values[series("dro_reconcile_last_run_timestamp_seconds", host)] > succeeded_at
    assert values[series("dro_reconcile_failed_runs_total", host)] == 1
    assert values[series("dro_reconcile_runs_total", host)] == 2
    assert values[series("dro_reconcile_docker_errors_total", host)] >= 1


def test_the_textfile_is_replaced_atomically(stack):
    host, reconciler = fresh_host(stack)
    reconciler.once()
    path = textfile(stack, host)
    families = path.read_text().count("# TYPE ")
    reads, torn, stop = [0], [], threading.Event()

    def read_loop():
        while not stop.is_set():
            text = path.read_text()
            reads[0] += 1
            try:
                samples(text)
                complete = text.endswith("\n") and text.count("# TYPE ") == families
            except AssertionError:
                complete = False
            if not complete:
                torn.append(text)

    reader = threading.Thread(target=read_loop)
    reader.start()
    try:
        for _ in range(8):
            reconciler.once()
    finally:
        stop.set()
        reader.join()
    assert not torn, f"{len(torn)} of {reads[0]} reads saw a partial file, e.g. {torn[0]!r}"
    assert reads[0] > 100
    assert samples(path.read_text())[series("dro_reconcile_runs_total", host)] == 9
    assert not [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_prometheus_scrapes_node_exporter_and_has_the_api_targets_configured(prometheus):
    """The responders' metrics addresses are configured as targets (tenant DRO_PORT+1, operator
    DRO_PORT+2); whether they answer is the API metrics suite's to assert."""
    targets = prometheus.api("targets")["activeTargets"]
    jobs = {t["labels"]["job"]: t for t in targets}
    assert {"dro-api", "dro-api-operator", "dro-node"} <= set(jobs)
    wait_until(lambda: prometheus.value('up{job="dro-node"}') == 1, 30, interval=0.5, message="node_exporter scraped")


def requests_counted(prometheus, route, method, status):
    """`dro_http_requests_total` of one route, method and status as Prometheus scraped it (0 when absent)."""
    expr = f'sum(dro_http_requests_total{{job="dro-api",route="{route}",method="{method}",status="{status}"}})'
    return prometheus.value(expr) or 0.0


def scraped_after(prometheus, expr, target, job="dro-api", timeout=20):
    """Waits until `expr` reaches `target`, then checks it still reads exactly `target` after two
    more scrapes (so a value that overshoots later is caught)."""
    prometheus.eventually(expr, lambda v: v == target, timeout=timeout, message=f"{expr} to reach {target}")
    scraped = scraped_since(prometheus, job, time.time())
    scraped_since(prometheus, job, scraped)
    assert prometheus.value(expr) == target, f"{expr} moved past {target}"


def test_prometheus_sees_exactly_the_creates_refusals_and_404s_of_the_api(stack, prometheus, tenant_factory):
    """Through the query API: N creates, M quota refusals and a 404 move the responders'
    counters by exactly N, M and 1, under their route templates."""
    assert prometheus.eventually('min(up{job=~"dro-api|dro-api-operator"})', lambda v: v == 1) == 1
    tenant = tenant_factory(caps=("--containers", "3"))
    # Baselines from a scrape that began after every earlier request had been answered.
    scraped_since(prometheus, "dro-api", time.time())
    created_before = requests_counted(prometheus, "/v1/containers", "POST", "201")
    refused_before = prometheus.value('sum(dro_quota_refusals_total{job="dro-api",dimension="containers"})') or 0.0
    missing_before = requests_counted(prometheus, "/v1/containers/{id}", "GET", "404")
    for _ in range(3):
        assert tenant.create().status_code == 201
    for _ in range(2):
        assert tenant.create().status_code == 403
    assert tenant.get("/v1/containers/ctr_000000000000000000000000").status_code == 404
    scraped_after(prometheus, 'sum(dro_http_requests_total{job="dro-api",route="/v1/containers",method="POST",status="201"})',
                  created_before + 3)
    scraped_after(prometheus, 'sum(dro_quota_refusals_total{job="dro-api",dimension="containers"})', refused_before + 2)
    scraped_after(prometheus, 'sum(dro_http_requests_total{job="dro-api",route="/v1/containers/{id}",method="GET",status="404"})',
                  missing_before + 1)
    assert prometheus.value('count(dro_build_info{role="operator"})') == 1
