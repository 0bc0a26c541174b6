"""Several app hosts behind HAProxy on one machine, as a team runs them on several: each host
is `python -m dashboard production` (its own gunicorn master and workers) on its own port, all
share one redis-server, and HAProxy runs `deploy/haproxy.cfg` unchanged in front. Used by
tests/integration/test_scale_out.py and `python -m bench.scale_out`.

`Load` sends a steady mix of what visitors do (page, layout, predictor and explorer callbacks,
the API) through the balancer from threads and records every answer, so a scenario (a host
killed, a rolling restart, a new model) reports its requests, errors and latency.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from harness.servers import ROOT, RedisServer, answers, free_port, start
from harness.stats import percentile

PRODUCTION = [sys.executable, "-m", "dashboard", "production"]
HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"


class Host:
    """One app host: the production command on its own port (a new process group, so that
    SIGKILL takes its master and workers at once, as a machine going away would)."""

    def __init__(self, name: str, env: dict, workdir: Path) -> None:
        self.name, self.port, self.workdir = name, free_port(), workdir
        self.env = {**env, "PORT": str(self.port), "HOST": "127.0.0.1"}
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, prefix: str) -> str:
        return f"http://{self.address}{prefix}"

    def start(self) -> None:
        self.starts += 1
        self.process = start(PRODUCTION, self.env, self.workdir / f"{self.name}-{self.starts}.log")

    def ready(self, prefix: str) -> bool:
        return answers(self.url(prefix) + "api/v1/health/ready")

    def wait_ready(self, prefix: str, timeout: float = 120) -> float:
        """Seconds until its readiness answers 200."""
        started = time.monotonic()
        while not self.ready(prefix):
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.workdir}")
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"{self.name} not ready after {timeout:.0f} s")
            time.sleep(0.1)
        return time.monotonic() - started

    def terminate(self, timeout: float = 60) -> float:
        """SIGTERM (gunicorn finishes the requests in flight); seconds until it exited."""
        assert self.process is not None
        started = time.monotonic()
        self.process.terminate()
        self.process.wait(timeout=timeout)
        return time.monotonic() - started

    def kill(self) -> None:
        """SIGKILL the master and every worker at once."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.process.pid, signal.SIGKILL)


class Cluster:
    """redis-server, `hosts` app hosts and HAProxy, all on free loopback ports."""

    def __init__(self, var_dir: Path, workdir: Path, prefix: str = "/earnings/",
                 hosts: int = 2, workers: int = 2, env: dict | None = None) -> None:
        if shutil.which("haproxy") is None:
            raise FileNotFoundError("haproxy is not installed (apt-get install haproxy)")
        self.var_dir, self.workdir, self.prefix = Path(var_dir), Path(workdir), prefix
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.redis = RedisServer(self.workdir)
        common = {"VAR_DIR": str(self.var_dir), "SECRET_KEY": secrets.token_hex(32),
                  "URL_BASE_PATHNAME": prefix, "WEB_CONCURRENCY": str(workers),
                  "DEBUG": "", "REDIS_URL": self.redis.url, **(env or {})}
        self.hosts = [Host(f"app{i + 1}", common, self.workdir) for i in range(hosts)]
        self.port, self.stats_port = free_port(), free_port()
        self.balancer: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The balancer's base URL, prefix included."""
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def start(self) -> Cluster:
        self.redis.start()
        for host in self.hosts:
            host.start()
        for host in self.hosts:
            host.wait_ready(self.prefix)
        env = {"LISTEN": f"127.0.0.1:{self.port}", "STATS": f"127.0.0.1:{self.stats_port}",
               "URL_BASE_PATHNAME": self.prefix,
               **{f"APP{i + 1}": h.address for i, h in enumerate(self.hosts)}}
        log = open(self.workdir / "haproxy.log", "w")  # noqa: SIM115 - closed in stop
        self.balancer = subprocess.Popen(["haproxy", "-db", "-f", str(HAPROXY_CONFIG)],
                                         env={**os.environ, **env}, stdout=log,
                                         stderr=subprocess.STDOUT, cwd=self.workdir)
        for host in self.hosts:
            self.wait_status(host.name, "UP")
        return self

    def stop(self) -> None:
        if self.balancer is not None and self.balancer.poll() is None:
            self.balancer.terminate()
            self.balancer.wait(timeout=10)
        for host in self.hosts:
            host.stop()
        self.redis.stop()

    def __enter__(self) -> Cluster:
        try:
            return self.start()
        except BaseException:  # leave nothing running that was started
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- what the balancer and the cache say ----------------------------------------------
    def status(self) -> dict[str, str]:
        """Each host's state in the balancer (UP, DOWN, "UP 1/2" while it changes, ...)."""
        try:
            text = requests.get(f"http://127.0.0.1:{self.stats_port}/stats;csv", timeout=5).text
        except requests.ConnectionError:  # not listening yet
            return {}
        rows = csv.DictReader(io.StringIO(text.lstrip("# ")))
        return {r["svname"]: r["status"] for r in rows if r["pxname"] == "app"
                and r["svname"] not in ("FRONTEND", "BACKEND")}

    def wait_status(self, name: str, state: str, timeout: float = 60) -> float:
        """Seconds until the balancer reports host `name` in `state`."""
        started = time.monotonic()
        while self.status().get(name) != state:
            if self.balancer is not None and self.balancer.poll() is not None:
                raise RuntimeError(f"haproxy exited; see {self.workdir / 'haproxy.log'}")
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"{name} not {state} after {timeout:.0f} s: {self.status()}")
            time.sleep(0.05)
        return time.monotonic() - started

    def computations(self) -> int:
        """Results computed and stored in the shared cache so far (Redis SETs): a result
        served from the cache by any host adds none."""
        import redis

        stats = redis.Redis.from_url(self.redis.url).info("commandstats")
        return sum(stats.get(f"cmdstat_{c}", {}).get("calls", 0) for c in ("set", "setex"))

    def roll(self) -> list[dict]:
        """A rolling restart: one host after the other, SIGTERM, start, ready, back in the
        balancer. Returns each host's timings."""
        timings = []
        for host in self.hosts:
            stopped = host.terminate()
            host.start()
            ready = host.wait_ready(self.prefix)
            back = self.wait_status(host.name, "UP")
            timings.append({"host": host.name, "stop_s": stopped, "ready_s": ready,
                            "in_rotation_s": ready + back})
        return timings


# --- load --------------------------------------------------------------------------------
@dataclass
class Record:
    """One request: when it was sent (monotonic s), what it was, how it ended."""

    at: float
    what: str
    status: int  # 0: no answer (connection refused or reset, timeout)
    ms: float
    host: str = ""
    error: str = ""


@dataclass
class Load:
    """Threads sending `requests` ([(what, method, path, json body or None)]) round robin
    through `base` until stopped; every answer is recorded."""

    base: str
    requests: list
    threads: int = 6
    records: list[Record] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []
        self._lock = threading.Lock()

    def _run(self, offset: int) -> None:
        session = requests.Session()
        for what, method, path, body in itertools.islice(
                itertools.cycle(self.requests), offset, None):
            if self._stop.is_set():
                return
            at = time.monotonic()
            try:
                answer = session.request(method, self.base + path, json=body, timeout=30)
                record = Record(at, what, answer.status_code, (time.monotonic() - at) * 1000,
                                answer.headers.get("X-Served-By", ""))
            except requests.RequestException as exc:
                record = Record(at, what, 0, (time.monotonic() - at) * 1000,
                                error=type(exc).__name__)
            with self._lock:
                self.records.append(record)

    def start(self) -> Load:
        self._workers = [threading.Thread(target=self._run, args=(i * 3,), daemon=True)
                         for i in range(self.threads)]
        for worker in self._workers:
            worker.start()
        return self

    def stop(self) -> list[Record]:
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=60)
        return self.records


def summary(records: list[Record]) -> dict:
    """Requests, errors (no answer or 5xx) and latency percentiles of `records`."""
    ms = [r.ms for r in records]

    def pct(p: float) -> float:
        return round(percentile(ms, p), 1) if ms else 0.0

    errors = [r for r in records if r.status == 0 or r.status >= 500]
    kinds: dict[str, int] = {}
    for r in errors:
        kind = r.error or str(r.status)
        kinds[kind] = kinds.get(kind, 0) + 1
    hosts: dict[str, int] = {}
    for r in records:
        hosts[r.host or "-"] = hosts.get(r.host or "-", 0) + 1
    return {"requests": len(records), "errors": len(errors), "error_kinds": kinds,
            "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "max_ms": pct(100),
            "by_host": hosts}


def visitor_mix(service) -> list:
    """What visitors ask for, as (what, method, path under the prefix, body): the page and
    its layout, the predictor for several credentials, the explorer for several regions,
    and the API."""
    from callbacks.requests import explorer_request, predictor_request
    from layouts import ids

    default = {k: v for k, v in service.options()["default"].items() if v is not None}
    query = "&".join(f"{k}={v}" for k, v in default.items())
    credentials = [c["value"] for c in service.options()["credential"]][:4]
    regions = [None, *[r["value"] for r in service.options()["region"]][:3]]
    mix = [("page", "GET", "", None), ("layout", "GET", "_dash-layout", None)]
    mix += [("predictor", "POST", "_dash-update-component",
             predictor_request(service, **{ids.CREDENTIAL: c})) for c in credentials]
    mix += [("explorer", "POST", "_dash-update-component",
             explorer_request({"region": [r] if r is not None else None})) for r in regions]
    mix += [("api", "GET", f"api/v1/predict?{query}", None)]
    return mix
