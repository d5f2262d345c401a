"""nginx's own view of failures, through the stack's real exporters and Prometheus
(scripts/lib/prometheus.sh): mtail counting nginx's access log, and blackbox_exporter probing
GET /v1/health through nginx's public port. With the responders stopped nginx answers 502 itself,
which no responder counter sees; both must, and their alerts must follow."""
import re
import time
from pathlib import Path

from conftest import wait_until
from prometheus_support import prometheus, scraped_since  # noqa: F401 (fixture)

NGINX_502 = 'sum(dro_nginx_responses_total{job="dro-nginx",status="502"})'
PROBE = 'probe_success{job="dro-health"}'
# The status of a line in nginx's combined format, and the client it names last.
LOG_LINE = re.compile(r'^\S+ \S+ \S+ \[[^\]]+\] "(?:[^"\\]|\\.)*" (\d{3}) \S+ "(?:[^"\\]|\\.)*" "((?:[^"\\]|\\.)*)"$')


def logged_502s(lines):
    """(all 502s, 502s answered to python-requests: this test's own) among access-log lines."""
    statuses = [m.groups() for m in map(LOG_LINE.match, lines) if m]
    return (sum(1 for status, _ in statuses if status == "502"),
            sum(1 for status, agent in statuses if status == "502" and agent.startswith("python-requests")))


def test_nginx_502s_reach_prometheus_through_mtail_and_the_health_probe_fails_while_the_api_is_down(stack, prometheus):
    access_log = Path(stack.state) / "nginx/logs/access.log"
    prometheus.eventually(PROBE, lambda v: v == 1, message="the health probe succeeding before the outage")
    offset = access_log.stat().st_size
    scraped_since(prometheus, "dro-nginx", time.time())
    before = prometheus.value(NGINX_502) or 0.0
    sent = 5
    session = stack.session()
    try:
        stack.script("api-stop")
        for _ in range(sent):
            assert session.get(stack.url("/v1/health"), timeout=10).status_code == 502
        # blackbox_exporter sees the same outage as a client: the probe fails and its alert follows.
        prometheus.eventually(PROBE, lambda v: v == 0, timeout=20, message="the health probe failing")
        probe_rule = prometheus.rule("DroHealthProbeFailing")
        alert = wait_until(lambda: prometheus.alerts("DroHealthProbeFailing") or None, probe_rule["duration"] + 15,
                           interval=0.5, message="the health-probe alert")[0]
        assert alert["state"] in ("pending", "firing")
        # The nginx-side 5xx rule's expression (with the stack's shortened range) is above its threshold.
        nginx_rule = prometheus.rule("DroNginxErrorRate")
        above = wait_until(lambda: prometheus.api("query", query=nginx_rule["query"])["result"] or None, 30, interval=0.5,
                           message=f"{nginx_rule['query']} above its threshold")
        assert float(above[0]["value"][1]) > 0.01
    finally:
        stack.script("api-start")
    wait_until(lambda: stack.health().status_code == 200 or None, timeout=30, interval=0.1, message="health after api-start")
    prometheus.eventually(PROBE, lambda v: v == 1, timeout=20, message="the health probe succeeding again")
    prometheus.eventually('min(up{job=~"dro-api|dro-api-operator"})', lambda v: v == 1, timeout=20)
    # The probes also met 502s during the outage: the counter moved by every 502 nginx logged,
    # exactly this test's own among them. mtail reads the log every 250 ms.
    time.sleep(1)
    scraped_since(prometheus, "dro-nginx", time.time())
    with access_log.open() as log:
        log.seek(offset)
        all_502s, ours = logged_502s(log.read().splitlines())
    assert ours == sent
    assert prometheus.value(NGINX_502) - before == all_502s
