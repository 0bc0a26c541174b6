"""Two app hosts behind HAProxy (`deploy/haproxy.cfg`), one Redis: what visitors see while an
operator works on the hosts.

    .venv/bin/python -m bench.scale_out [--seconds 20] [--release ../shared/data/scorecard]

Scenarios, each under a steady load of the visitor mix (bench.cluster.visitor_mix) through
the balancer: both hosts serving; one host SIGKILLed (master and workers) mid-load; a rolling
restart (SIGTERM, start, ready, one host after the other); a data refresh (`python -m
dashboard prepare` on a new release while both serve, then a rolling restart, old and new
models answering side by side). Also: a result computed on one host is served from the shared
cache by the other (Redis SETs counted). Prints a table per scenario and writes
bench/scale-out-results.{md,json}.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from bench.cluster import Cluster, Load, summary, visitor_mix
from bench.servers import ROOT

RESULTS = ROOT / "bench"
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


def run(var_dir: Path, workdir: Path, seconds: float, release: dict | None) -> dict:
    """Every scenario on a copy of `var_dir` (the refresh rewrites its data and model)."""
    from model.service import ModelService

    var = workdir / "var"
    shutil.copytree(var_dir, var, symlinks=True, ignore=shutil.ignore_patterns("bench"))
    service = ModelService.load(var / "model" / "model.joblib")
    mix = visitor_mix(service)
    results: dict = {"when": time.strftime("%Y-%m-%d %H:%M"), "seconds": seconds,
                     "hosts": 2, "workers_per_host": 2, "threads": Load("", []).threads}
    with Cluster(var, workdir / "cluster") as cluster:
        results["steady"] = steady(cluster, mix, seconds)
        results["shared_cache"] = shared_cache(cluster, EXPORT)
        results["killed"] = killed(cluster, mix, seconds)
        results["rolling"] = rolling(cluster, mix)
        if release:
            results["refresh"] = refresh(cluster, mix, release)
    return results


ROWS = (("steady", "both hosts serving"), ("killed", "one host SIGKILLed under load"),
        ("rolling", "rolling restart (SIGTERM, start, ready; one host after the other)"),
        ("refresh", "prepare a new release while serving, then a rolling restart"))


def markdown(results: dict) -> str:
    """The scenarios as a table, and what the shared cache computed."""
    lines = [f"Two hosts (`python -m dashboard production`, {results['workers_per_host']} "
             f"workers each) behind HAProxy with `deploy/haproxy.cfg`, one Redis; "
             f"{results['threads']} visitors' threads through the balancer "
             f"({results['when']}).", "",
             "| scenario | requests | errors | p50 | p95 | p99 | max | by host | notes |",
             "|---|---|---|---|---|---|---|---|---|"]
    for key, words in ROWS:
        r = results.get(key)
        if not r:
            continue
        notes = []
        if "out_of_rotation_s" in r:
            notes.append(f"out of rotation after {r['out_of_rotation_s']} s")
        for h in r.get("hosts", []):
            notes.append(f"{h['host']} stopped in {h['stop_s']:.1f} s, back in "
                         f"{h['in_rotation_s']:.1f} s")
        if "prepare_s" in r:
            notes.append(f"prepare {r['prepare_s']} s; models seen "
                         + ", ".join(f"{k} ({'/'.join(v)})" for k, v in
                                     r["models_seen"].items()))
        hosts = ", ".join(f"{k} {v}" for k, v in sorted(r["by_host"].items()))
        kinds = f" ({r['error_kinds']})" if r["errors"] else ""
        lines.append(f"| {words} | {r['requests']:,} | {r['errors']}{kinds} | {r['p50_ms']} ms "
                     f"| {r['p95_ms']} ms | {r['p99_ms']} ms | {r['max_ms']} ms | {hosts} "
                     f"| {'; '.join(notes)} |")
    cache = results.get("shared_cache", {})
    if cache:
        lines += ["", "| shared cache | on host 1 | then on host 2 | then 4 through the "
                  "balancer | same bytes |", "|---|---|---|---|---|"]
        for what, c in cache.items():
            lines.append(f"| {what} | {c['computed_on_first']} computed | "
                         f"{c['computed_on_second']} computed | "
                         f"{c['computed_through_balancer']} computed | {c['same_answer']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    from dashboard.config import Config

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="load per scenario")
    parser.add_argument("--release", type=Path, default=os.environ.get(
        "SCORECARD_TEST_DATA", ROOT.parent / "shared" / "data" / "scorecard"),
        help="the real extracts, written as a new official release for the refresh")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    config = Config.from_env()
    with tempfile.TemporaryDirectory(prefix="scale-out-") as scratch:
        release = None
        if Path(args.release).is_dir():
            from tests.official_layout import write_release

            files = write_release(Path(args.release), Path(scratch) / "release")
            release = {"SCORECARD_FOS": str(files.fos),
                       "SCORECARD_INSTITUTION": str(files.institution)}
        results = run(config.var_dir, Path(scratch), args.seconds, release)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale-out-results.json").write_text(json.dumps(results, indent=2) + "\n")
    text = markdown(results)
    (args.out / "scale-out-results.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
