"""Section 3: cold start, from starting the process to the first 200 on `/` and to the model
being ready, for our app (it loads the trained artifact) and for the tutorial's approach
(training at start): our own model trained at start, then served, and the tutorial's app."""

from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path

from harness.servers import GUNICORN, free_port, seconds_until, start, stop


def _time(command: list[str], env: dict, urls: list[str], log: Path) -> dict[str, float]:
    started = time.perf_counter()
    process = start(command, env, log)
    try:
        found = seconds_until(urls, process, started)
    finally:
        stop(process)
    return {"first_200": found[urls[0]], "ready": found[urls[-1]]}


def run(var_dir: Path, work: Path, workers: int = 2) -> dict:
    """Seconds to the first 200 on / and to readiness, for each approach."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {"VAR_DIR": str(var_dir), "HOST": "127.0.0.1", "PORT": str(port),
           "WEB_CONCURRENCY": str(workers), "METRICS_INTERVAL": "0"}
    ours = _time([*GUNICORN, "dashboard.wsgi:server"], env,
                 [base, base + "api/v1/health/ready"], work / "cold-ours.log")
    # the tutorial's approach on our model: train at start (into a scratch path), then serve
    model = work / "trained-at-start" / "model.joblib"
    train = f"{shlex.quote(sys.executable)} -m dashboard train"
    serve = " ".join(shlex.quote(a) for a in [*GUNICORN, "dashboard.wsgi:server"])
    at_start = _time(["sh", "-c", f"{train} > /dev/null && exec {serve}"],
                     {**env, "MODEL_PATH": str(model)},
                     [base, base + "api/v1/health/ready"], work / "cold-train.log")
    tutorial = _time([*GUNICORN, "--workers", "1", "bench.tutorial_server:app"], env,
                     [base], work / "cold-tutorial.log")
    return {"ours": ours, "ours_trained_at_start": at_start, "tutorial_app": tutorial,
            "ratio": ours["ready"] / at_start["ready"]}
