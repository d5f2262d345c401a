"""The client the failover promises are made to: it retries idempotent requests and keyed POSTs
once on 502, 503, a timeout or a reset, and records every outcome."""
import threading
import uuid

import requests

RETRIED_STATUSES = (502, 503)


class Outcome:
    def __init__(self, method, path, status, body, error=None, retried=False):
        self.method, self.path, self.status, self.body, self.error, self.retried = method, path, status, body, error, retried

    @property
    def failed(self):
        return self.error is not None or self.status >= 500

    def __repr__(self):
        return f"{self.method} {self.path} -> {self.status or self.error} (retried={self.retried})"


class RetryingClient:
    def __init__(self, tenant, timeout=20):
        self.tenant, self.timeout = tenant, timeout
        self.outcomes = []
        self._lock = threading.Lock()

    def _once(self, method, path, **kw):
        try:
            r = self.tenant.request(method, path, timeout=self.timeout, **kw)
            return r, None
        except (requests.ConnectionError, requests.Timeout) as error:
            return None, type(error).__name__

    def call(self, method, path, key=None, **kw):
        """One logical request: a POST carries an Idempotency-Key so it may be retried."""
        if method == "POST":
            kw.setdefault("headers", {})["Idempotency-Key"] = key or uuid.uuid4().hex
        response, error = self._once(method, path, **kw)
        retried = False
        if error or response.status_code in RETRIED_STATUSES:
            retried = True
            response, error = self._once(method, path, **kw)
        outcome = Outcome(method, path, response.status_code if response is not None else 0,
                          response.json() if response is not None and response.content else None, error, retried)
        with self._lock:
            self.outcomes.append(outcome)
        return outcome

    def failures(self):
        return [o for o in self.outcomes if o.failed]

    def created_ids(self):
        return {o.body["id"] for o in self.outcomes if o.method == "POST" and o.status == 201}
