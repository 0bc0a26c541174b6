"""Two app hosts behind HAProxy (`deploy/haproxy.cfg`), one Redis: what visitors see while an
operator works on the hosts.

    .venv/bin/python -m bench.scale_out [--seconds 20] [--release ../shared/data/scorecard]

Scenarios, each under a steady load of the visitor mix (harness.cluster.visitor_mix) through
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
import tempfile
import time
from pathlib import Path

from harness.cluster import Cluster, Load, visitor_mix
from harness.scenarios import EXPORT, killed, refresh, rolling, shared_cache, steady
from harness.servers import ROOT

RESULTS = ROOT / "bench"


def run(var_dir: Path, workdir: Path, seconds: float, release: dict | None) -> dict:
    """Every scenario on a copy of `var_dir` (the refresh rewrites its data and model)."""
    from model.serving.service import ModelService

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
