"""Measures dro-reconcile against raw Docker in one run:
(a) create-to-running latency, from the API's 201 to Docker's start event, against `docker run -d`
    of the same image and limits; (b) an idle sweep over N running managed containers against
    `docker ps -a` of the same containers; (c) queued creates drained by one run (its parallelism
    of workers) against loops of `docker run -d`, one at a time and with the same parallelism, and
    the run's peak RSS."""
import argparse
import concurrent.futures
import json
import os
import re
import statistics
import subprocess
import sys
import time

import requests

from docker_api import StartEvents

IMAGE = "busybox:latest"
LIMITS = ["--memory", "64m", "--memory-swap", "64m", "--cpus", "0.5", "--pids-limit", "512", "--cap-drop", "ALL",
          "--security-opt", "no-new-privileges", "--restart", "no"]


def parse():
    p = argparse.ArgumentParser()
    for name in ("state", "base-url", "bin", "out"):
        p.add_argument(f"--{name}", required=True)
    for name in ("creates", "drain", "idle"):
        p.add_argument(f"--{name}", type=int, required=True)
    return p.parse_args()


class Bench:
    def __init__(self, args):
        self.args = args
        self.config = f"{args.state}/dro.json"
        self.socket = json.load(open(self.config))["reconciler"]["docker_socket"]
        self.host = "bench-1"
        self.admin("host", "add", self.host, "--region", "bench")
        tenant = self.admin("tenant", "create", "bench")["id"]
        self.admin("quota", "set", tenant, "--scope", "*", "--containers", "5000")
        token = self.admin("token", "create", tenant)["token"]
        self.http = requests.Session()
        self.http.trust_env = False
        self.http.verify = f"{args.state}/nginx/tls/cert.pem"
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.docker("network", "create", "bench-raw")
        self.counter = 0
        self.parallelism = json.load(open(self.config))["reconciler"].get("parallelism", 4)

    def admin(self, *args):
        out = subprocess.run([f"{self.args.bin}/dro-admin", *args, "--json", "--config", self.config],
                             capture_output=True, text=True, check=True).stdout
        return json.loads(out)

    def docker(self, *args):
        return subprocess.run(["/usr/bin/docker", "-H", f"unix://{self.socket}", *args], capture_output=True, text=True, check=True)

    def reconcile(self, *args):
        return [f"{self.args.bin}/dro-reconcile", "--config", self.config, "--host-key", self.host, *args]

    def create(self, prefix):
        self.counter += 1
        body = {"name": f"{prefix}-{self.counter}", "image": IMAGE, "host_key": self.host, "command": ["sleep", "86400"],
                "cpu_limit": 0.5, "mem_limit": "64m"}
        r = self.http.post(f"{self.args.base_url}/v1/containers", json=body, timeout=60)
        assert r.status_code == 201, r.text
        return r.json()["id"]

    def raw_run(self, name):
        started = time.monotonic()
        self.docker("run", "-d", "--name", name, "--network", "bench-raw", *LIMITS, IMAGE, "sleep", "86400")
        return time.monotonic() - started

    def summary(self, stderr):
        """The fields of the run's summary line."""
        line = [l for l in stderr.splitlines() if "run finished" in l][-1]
        return dict(re.findall(r"(\w+)=(\S+)", line))

    def latency(self):
        events = StartEvents(self.socket, self.host)
        loop = subprocess.Popen(self.reconcile("--for", "3600"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            ours = []
            for _ in range(self.args.creates):
                container = self.create("lat")
                created_ns = time.time_ns()
                started_ns = events.wait(container, timeout=60)
                assert started_ns, f"{container} never started"
                ours.append((started_ns - created_ns) / 1e9)
        finally:
            loop.terminate()
            loop.wait()
        raw = [self.raw_run(f"raw-lat-{i}") for i in range(self.args.creates)]
        return ours, raw

    def drain(self):
        """One `--once` run converges the queued creates: its wall time and peak RSS (wait4)."""
        ids = [self.create("drain") for _ in range(self.args.drain)]
        before = self.running()
        started = time.monotonic()
        run = subprocess.Popen(self.reconcile("--once"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        stderr = run.stderr.read()
        _, status, usage = os.wait4(run.pid, 0)
        seconds = time.monotonic() - started
        run.returncode = os.waitstatus_to_exitcode(status)
        assert run.returncode == 0, stderr
        assert self.running() - before >= len(ids), f"only {self.running() - before} of {len(ids)} run after the drain"
        serial = self.raw_loop("serial", 1)
        parallel = self.raw_loop("parallel", self.parallelism)
        return len(ids) / seconds, serial, parallel, usage.ru_maxrss * 1024

    def running(self):
        return self.docker("ps", "-q", "--filter", f"label=cloud.dro.host={self.host}").stdout.count("\n")

    def raw_loop(self, label, workers):
        """Containers per second of `docker run -d` loops, `workers` at once."""
        names = [f"raw-{label}-{i}" for i in range(self.args.drain)]
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(self.raw_run, names))
        rate = self.args.drain / (time.monotonic() - started)
        self.docker("rm", "-f", *names)
        return rate

    def idle_sweep(self):
        have = int(self.docker("ps", "-q", "--filter", f"label=cloud.dro.host={self.host}").stdout.count("\n"))
        for _ in range(max(0, self.args.idle - have)):
            self.create("idle")
        subprocess.run(self.reconcile("--once"), capture_output=True, check=True)  # converge them all
        sweeps, listings = [], []
        for _ in range(7):
            run = subprocess.run(self.reconcile("--once"), capture_output=True, text=True, check=True)
            fields = self.summary(run.stderr)
            assert fields["created"] == "0" and fields["started"] == "0" and fields["swept"] == "0", \
                f"the sweep was not idle: {fields}"
            sweeps.append(float(fields["sweep_ms"]))
            started = time.monotonic()
            self.docker("ps", "-a", "--filter", f"label=cloud.dro.host={self.host}")
            listings.append((time.monotonic() - started) * 1000)
        managed = int(self.docker("ps", "-q", "--filter", f"label=cloud.dro.host={self.host}").stdout.count("\n"))
        assert managed >= self.args.idle, f"only {managed} of {self.args.idle} containers are running"
        return statistics.median(sweeps[2:]), statistics.median(listings[2:]), managed


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    args = parse()
    bench = Bench(args)
    print(f"(a) create-to-running over {args.creates} creates …", file=sys.stderr)
    ours, raw = bench.latency()
    print(f"(c) draining {args.drain} queued creates …", file=sys.stderr)
    drain_rate, serial_rate, parallel_rate, peak_rss = bench.drain()
    print(f"(b) idle sweep over {args.idle} running containers …", file=sys.stderr)
    sweep_ms, ps_ms, managed = bench.idle_sweep()
    result = {
        "create_to_running_p50_s": round(statistics.median(ours), 3),
        "create_to_running_p99_s": round(percentile(ours, 99), 3),
        "raw_run_p50_s": round(statistics.median(raw), 3),
        "raw_run_p99_s": round(percentile(raw, 99), 3),
        "idle_sweep_ms": round(sweep_ms, 1),
        "docker_ps_ms": round(ps_ms, 1),
        "idle_sweep_ratio": round(sweep_ms / ps_ms, 2),
        "idle_containers": managed,
        "create_to_running_p95_s": round(percentile(ours, 95), 3),
        "create_to_running_samples": len(ours),
        "drain_containers_per_s": round(drain_rate, 2),
        "raw_serial_containers_per_s": round(serial_rate, 2),
        "raw_parallel_containers_per_s": round(parallel_rate, 2),
        "parallelism": bench.parallelism,
        "drain_ratio": round(drain_rate / serial_rate, 2),
        "drain_ratio_goal": round(min(2.0, 0.8 * parallel_rate / serial_rate), 2),
        "drain_parallel_ratio": round(drain_rate / parallel_rate, 2),
        "drain_peak_rss_bytes": peak_rss,
    }
    json.dump(result, open(args.out, "w"), indent=2)
    rows = [
        (f"create → running p50 (n={len(ours)})", f"{result['create_to_running_p50_s']} s",
         f"{result['raw_run_p50_s']} s (docker run -d)",
         f"+{result['create_to_running_p50_s'] - result['raw_run_p50_s']:.3f} s", "≤ raw + 0.1 s"),
        ("create → running p95", f"{result['create_to_running_p95_s']} s", "", "", "≤ 1.0 s"),
        ("create → running p99", f"{result['create_to_running_p99_s']} s", f"{result['raw_run_p99_s']} s", "", ""),
        (f"idle sweep, {managed} running", f"{result['idle_sweep_ms']} ms", f"{result['docker_ps_ms']} ms (docker ps -a)",
         f"{result['idle_sweep_ratio']}×", "≤ 1×"),
        (f"drain {args.drain} vs serial loop", f"{result['drain_containers_per_s']}/s",
         f"{result['raw_serial_containers_per_s']}/s (docker run -d, 1 at a time)", f"{result['drain_ratio']}×",
         f"≥ {result['drain_ratio_goal']}×"),
        (f"drain vs parallel loop", f"{result['drain_containers_per_s']}/s",
         f"{result['raw_parallel_containers_per_s']}/s ({bench.parallelism} at a time)", f"{result['drain_parallel_ratio']}×", "≥ 0.8×"),
        ("dro-reconcile peak RSS, drain", f"{peak_rss / 2**20:.1f} MiB", "", "", ""),
    ]
    print(f"{'measure':32} {'dro-reconcile':16} {'baseline':44} {'vs baseline':12} goal")
    for row in rows:
        print(f"{row[0]:32} {row[1]:16} {row[2]:44} {row[3]:12} {row[4]}")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
