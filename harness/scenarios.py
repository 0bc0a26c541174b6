"""What visitors see while an operator works on the hosts behind HAProxy: each scenario runs
under a steady load of the visitor mix (harness.cluster.visitor_mix) through the balancer and
answers its requests, errors and latency. Measured by `python -m bench.scale_out`, held by
tests/integration/test_scale_out.py."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import requests

from harness.cluster import Cluster, Load, summary
from harness.servers import ROOT

EXPORT = "credential=3&x=tuition&tuition_min=4321&tuition_max=31234"  # asked by nobody else


def steady(cluster: Cluster, mix: list, seconds: float) -> dict:
    """Both hosts serving."""
    load = Load(cluster.url, mix).start()
    time.sleep(seconds)
    return summary(load.stop())


def killed(cluster: Cluster, mix: list, seconds: float) -> dict:
    """One host SIGKILLed a third of the way in; the balancer's health checks take it out;
    after the load it is started again and back in rotation."""
    load = Load(cluster.url, mix).start()
    time.sleep(seconds / 3)
    host = cluster.hosts[0]
    host.kill()
    out_after = cluster.wait_status(host.name, "DOWN")
    time.sleep(seconds * 2 / 3)
    records = load.stop()
    host.start()
    host.wait_ready(cluster.prefix)
    cluster.wait_status(host.name, "UP")
    return {**summary(records), "out_of_rotation_s": round(out_after, 2)}


def rolling(cluster: Cluster, mix: list) -> dict:
    """A rolling restart under load: each host SIGTERMed, started and ready in turn."""
    load = Load(cluster.url, mix).start()
    time.sleep(1)
    timings = cluster.roll()
    time.sleep(1)
    return {**summary(load.stop()), "hosts": timings}


def refresh(cluster: Cluster, mix: list, release: dict) -> dict:
    """`prepare` on a new release while both hosts serve, then a rolling restart; readiness
    through the balancer is asked throughout to see which models answer."""
    before = requests.get(cluster.url + "api/v1/health/ready", timeout=10).json()["model"]
    seen: dict[str, set] = {}
    stop = threading.Event()

    def watch() -> None:  # which model answers, as visitors' requests are spread
        while not stop.is_set():
            try:
                answer = requests.get(cluster.url + "api/v1/health/ready", timeout=10)
                seen.setdefault(answer.json()["model"]["id"], set()).add(
                    answer.headers.get("X-Served-By", ""))
            except (requests.RequestException, ValueError, KeyError):
                seen.setdefault("no answer", set())
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    load = Load(cluster.url, mix).start()
    watcher.start()
    started = time.monotonic()
    prepared = subprocess.run([sys.executable, "-m", "dashboard", "prepare"], cwd=ROOT,
                              env={**os.environ, "VAR_DIR": str(cluster.var_dir), **release},
                              capture_output=True, text=True, timeout=600)
    if prepared.returncode != 0:
        stop.set()
        load.stop()
        raise RuntimeError(f"prepare failed: {prepared.stderr[-2000:]}")
    prepare_s = time.monotonic() - started
    during_prepare = requests.get(cluster.url + "api/v1/health/ready", timeout=10).json()
    timings = cluster.roll()
    time.sleep(1)
    records = load.stop()
    stop.set()
    watcher.join(timeout=10)
    after = requests.get(cluster.url + "api/v1/health/ready", timeout=10).json()["model"]
    return {**summary(records), "prepare_s": round(prepare_s, 1), "hosts": timings,
            "model_before": before, "model_after": after,
            "served_while_preparing": during_prepare["model"]["id"],
            "models_seen": {k: sorted(v) for k, v in seen.items()}}


def shared_cache(cluster: Cluster, export_query: str) -> dict:
    """An explorer answer and an export computed on one host, then asked of the other and
    of the balancer: counted as results stored in Redis."""
    from callbacks.requests import explorer_request

    first, second = (h.url(cluster.prefix) for h in cluster.hosts[:2])
    body = explorer_request({"tuition": [4321, 31234]})  # a selection nobody asked for yet
    out: dict = {}
    for what, ask in (("explorer", lambda base: requests.post(
            base + "_dash-update-component", json=body, timeout=30)),
                      ("export", lambda base: requests.get(
            base + "api/v1/charts/scatter.svg?" + export_query, timeout=120))):
        start = cluster.computations()
        one = ask(first)
        after_first = cluster.computations()
        two = ask(second)
        after_second = cluster.computations()
        through = [ask(cluster.url) for _ in range(4)]
        out[what] = {"status": [one.status_code, two.status_code,
                                *[t.status_code for t in through]],
                     "computed_on_first": after_first - start,
                     "computed_on_second": after_second - after_first,
                     "computed_through_balancer": cluster.computations() - after_second,
                     "same_answer": one.content == two.content == through[-1].content}
    return out
