"""The stack's Prometheus (scripts/lib/prometheus.sh) over its HTTP query API, for the suites
that assert what it scraped and which alerts it evaluates."""
from pathlib import Path

import pytest
import requests

from conftest import wait_until


class Prometheus:
    """The stack's Prometheus over its HTTP query API on 127.0.0.1."""

    def __init__(self, stack):
        url_file = Path(stack.state) / "prometheus/url"
        if not url_file.exists():
            # Never skip: a stack without Prometheus fails these tests.
            pytest.fail(f"no Prometheus beside the stack ({url_file}): start it with `scripts/stack.sh metrics-start`", pytrace=False)
        self.url = url_file.read_text().strip()
        self.http = requests.Session()
        self.http.trust_env = False

    def api(self, path, **params):
        r = self.http.get(f"{self.url}/api/v1/{path}", params=params, timeout=10)
        assert r.status_code == 200, r.text
        return r.json()["data"]

    def value(self, expr):
        """The single value of an instant query, or None when it answers no series."""
        result = self.api("query", query=expr)["result"]
        assert len(result) <= 1, f"{expr} answered several series: {result}"
        return float(result[0]["value"][1]) if result else None

    def eventually(self, expr, predicate, timeout=30, message=None):
        """Waits until the query's value satisfies predicate; answers it."""
        def step():
            value = self.value(expr)
            return value if value is not None and predicate(value) else None
        return wait_until(step, timeout, interval=0.5, message=message or expr)

    def alerts(self, name, **labels):
        return [a for a in self.api("alerts")["alerts"]
                if a["labels"].get("alertname") == name and all(a["labels"].get(k) == v for k, v in labels.items())]

    def rule(self, name):
        for group in self.api("rules")["groups"]:
            for rule in group["rules"]:
                if rule.get("name") == name:
                    return rule
        raise AssertionError(f"Prometheus has no rule {name}")


@pytest.fixture(scope="module")
def prometheus(stack):
    return Prometheus(stack)


def scraped_since(prometheus, job, moment, timeout=20):
    """Waits until every target of `job` was scraped after `moment` (wall clock): values read
    next include everything the target had counted by then. Answers the scrape's time."""
    return prometheus.eventually(f'min(timestamp(up{{job="{job}"}}))', lambda v: v > moment, timeout=timeout,
                                 message=f"a scrape of {job} after {moment}")
