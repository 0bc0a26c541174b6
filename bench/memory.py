"""Section 4: memory of the served app under gunicorn (preloaded, as deployed): one worker's
RSS, and the total for 4 workers, after each has answered page loads, predictor callbacks
and API calls. RSS counts the pages workers share with the master once per process; PSS
splits them fairly, and private memory is what one more worker costs."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from callbacks.requests import predictor_request
from harness.servers import GUNICORN, all_workers, free_port, memory_mb, seconds_until, start, stop
from layouts import ids


def _exercise(base: str, service, rounds: int) -> None:
    default = {k: v for k, v in service.options()["default"].items() if v is not None}
    credentials = [o["value"] for o in service.options()["credential"]]
    for i in range(rounds):
        urllib.request.urlopen(base, timeout=30).read()
        change = {ids.CREDENTIAL: credentials[i % len(credentials)]}
        body = json.dumps(predictor_request(service, **change))
        urllib.request.urlopen(urllib.request.Request(
            base + "_dash-update-component", data=body.encode(),
            headers={"Content-Type": "application/json"}), timeout=30).read()
        urllib.request.urlopen(f"{base}api/v1/predict?{urlencode(default)}", timeout=30).read()


def measure(var_dir: Path, service, work: Path, count: int, preload: bool = True,
            rounds: int = 40) -> dict:
    """Memory (MB) of the master and each of `count` workers after `rounds` of requests."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {"VAR_DIR": str(var_dir), "HOST": "127.0.0.1", "PORT": str(port),
           "WEB_CONCURRENCY": str(count), "GUNICORN_PRELOAD": "1" if preload else "0",
           "METRICS_INTERVAL": "0"}
    process = start([*GUNICORN, "dashboard.wsgi:server"], env,
                    work / f"memory-{count}-{int(preload)}.log")
    try:
        seconds_until([base + "api/v1/health/ready"], process, time.perf_counter())
        pids = all_workers(process.pid, count)  # so that every one of them is exercised
        _exercise(base, service, rounds * count)
        each = [memory_mb(pid) for pid in pids]
        master = memory_mb(process.pid)
    finally:
        stop(process)
    total = {k: master[k] + sum(w[k] for w in each) for k in ("rss", "pss", "private")}
    return {"workers": count, "preload": preload, "master": master, "each": each,
            "total": total}


def run(var_dir: Path, service, work: Path, rounds: int = 40) -> dict:
    """One worker, and four with preload."""
    return {"one": measure(var_dir, service, work, 1, rounds=rounds),
            "four": measure(var_dir, service, work, 4, rounds=rounds)}
