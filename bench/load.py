"""Load and faults: visitors (bench/locustfile.py, run by locust) against the production
gunicorn (the README's command, 2 workers, Redis) on loopback, in four scenarios:

- steady: the visitors alone. Target: no errors.
- kill: SIGKILL of one worker every quarter of the run (15 s of 60). Target: at most 0.5%
  errors, and the readiness check answers every probe (one every 0.25 s).
- redis: Redis stopped a third of the way in. Target: no errors (answers only slower).
- exports: bursts of uncached chart exports, three times what the workers' export queues
  hold, every sixth of the run; the visitors' own exports are left out. Target: each burst
  request gets its image or a 503 with Retry-After, the visitors see no errors, no worker
  dies.

    python -m bench.load                 # 32 visitors, 60 s each: about 6 minutes
    python -m bench.load --users 8 --seconds 10 --out /tmp/load    # the suite's smoke run
    python -m bench.load --curve 32,64,128,256   # the capacity curve: about 7 minutes

The capacity curve runs the steady scenario at each number of visitors and reports requests
per second, p50/p95/p99 and errors per step, and the most visitors held with p95 <= 250 ms
and no errors (capacity-results.md and .json).

Writes load-results.md and load-results.json (to bench/ unless --out is given): errors,
p50/p95/p99 overall and per kind of request, and each scenario's faults.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode

from harness.servers import (
    ROOT,
    RedisServer,
    all_workers,
    free_port,
    seconds_until,
    start,
    stop,
    workers,
)

SCENARIOS = ("steady", "kill", "redis", "exports")
WEIGHTS = {"page": 1, "predictor callback": 4, "explorer callback": 2, "api predict": 3,
           "api programs": 1, "export": 1}
WORKERS, EXPORT_QUEUE = 2, 3
TARGET_ERRORS = {"steady": 0.0, "kill": 0.005, "redis": 0.0, "exports": 0.0}
CURVE = (32, 64, 128, 256)  # visitors per step of the capacity curve
HELD_P95 = 250.0  # ms: a step is held with p95 at most this and no errors


def plan(service, exports: bool = True) -> list[dict]:
    """Every request the visitors choose from, with what a right answer contains."""
    from callbacks.requests import explorer_request, predictor_request
    from layouts import ids

    options = service.options()
    default = {k: v for k, v in options["default"].items() if v is not None}
    credentials = [o["value"] for o in options["credential"]]
    regions = [o["value"] for o in options["region"]]
    items = [{"kind": "page", "method": "GET", "path": "/", "expect": "College Earnings"}]
    for c in credentials:
        items += [
            {"kind": "predictor callback", "method": "POST", "path": "/_dash-update-component",
             "json": predictor_request(service, **{ids.CREDENTIAL: c}), "expect": ids.CARD},
            {"kind": "api predict", "method": "GET",
             "path": f"/api/v1/predict?{urlencode({**default, 'credential': c})}",
             "expect": '"prediction"'},
            {"kind": "api programs", "method": "GET",
             "path": f"/api/v1/programs?{urlencode({'credential': c, 'per_page': 20})}",
             "expect": '"rows"'}]
        if exports:
            items.append({"kind": "export", "method": "GET", "path": "/api/v1/charts/"
                          f"distribution.png?{urlencode({**default, 'credential': c})}",
                          "expect": "\x89PNG"})
    for region in [None, *regions[:4]]:
        items.append({"kind": "explorer callback", "method": "POST",
                      "path": "/_dash-update-component",
                      "json": explorer_request({"region": [region] if region else None}),
                      "expect": ids.EXPLORE_SCATTER})
    for item in items:
        item["weight"] = WEIGHTS[item["kind"]]
    return items


def _get(url: str, timeout: float = 30) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _check(base: str, item: dict) -> None:
    """One request of the plan, answered right (before the load starts)."""
    data = json.dumps(item["json"]).encode() if "json" in item else None
    request = urllib.request.Request(base + item["path"], data=data, method=item["method"],
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
    if item["expect"].encode("latin-1") not in body:
        raise RuntimeError(f"{item['kind']} {item['path'][:80]}: unexpected answer")


class Every(threading.Thread):
    """Calls `action(i)` every `interval` seconds (first after one interval) until stopped."""

    def __init__(self, interval: float, action) -> None:
        super().__init__(daemon=True)
        self.interval, self.action, self.stopped = interval, action, threading.Event()
        self.count = 0

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            self.action(self.count)
            self.count += 1


def _probe(url: str, record: dict):
    def action(_):
        try:
            status = _get(url, timeout=5)[0]
        except OSError:
            status = None
        record["probes"] += 1
        record["probes_answered"] += status == 200
    return action


def _burst(base: str, default: dict, size: int, record: dict):
    """`size` exports at once, each a width nobody asked for (so the cache cannot help)."""
    def one() -> None:
        query = {**default, "width": random.randint(400, 1600)}
        try:
            status, headers, body = _get(f"{base}/api/v1/charts/distribution.png?"
                                         f"{urlencode(query)}", timeout=120)
        except OSError as exc:
            status, headers, body = repr(exc), {}, b""
        ok = (status == 200 and body.startswith(b"\x89PNG")) or (
            status == 503 and headers.get("Retry-After") == "5")
        with lock:
            record["burst_statuses"][str(status)] = record["burst_statuses"].get(
                str(status), 0) + 1
            record["burst_wrong"] += not ok

    lock = threading.Lock()

    def action(_):
        threads = [threading.Thread(target=one) for _ in range(size)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(150)
    return action


def _stats(prefix: Path) -> dict:
    with open(f"{prefix}_stats.csv") as stats, open(f"{prefix}_failures.csv") as errors:
        rows, failures = list(csv.DictReader(stats)), list(csv.DictReader(errors))

    def row(r: dict) -> dict:
        n = int(r["Request Count"])
        return {"requests": n, "failures": int(r["Failure Count"]),
                "p50": float(r["50%"]), "p95": float(r["95%"]), "p99": float(r["99%"]),
                "rps": float(r["Requests/s"])}

    return {"total": row(next(r for r in rows if r["Name"] == "Aggregated")),
            "by_kind": {r["Name"]: row(r) for r in rows if r["Name"] != "Aggregated"},
            "failure_reasons": {f"{r['Name']}: {r['Error']}"[:160]: int(r["Occurrences"])
                                for r in failures}}


def scenario(name: str, var: Path, users: int, seconds: int, work: Path, service) -> dict:
    """Run one scenario; its numbers and whether its target is met."""
    redis = RedisServer(work).start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {"VAR_DIR": str(var), "SECRET_KEY": secrets.token_hex(32), "HOST": "127.0.0.1",
           "PORT": str(port), "WEB_CONCURRENCY": str(WORKERS), "REDIS_URL": redis.url,
           "EXPORT_QUEUE": str(EXPORT_QUEUE), "DEBUG": "", "METRICS_INTERVAL": "0"}
    server = start([sys.executable, "-m", "dashboard", "production"], env,
                   work / f"{name}-server.log")
    record = {"scenario": name, "users": users, "seconds": seconds, "probes": 0,
              "probes_answered": 0, "burst_statuses": {}, "burst_wrong": 0, "faults": 0}
    try:
        seconds_until([f"{base}/api/v1/health/ready"], server, time.perf_counter(), 300)
        items = plan(service, exports=name != "exports")
        for item in items:  # every request answered right, and the caches warm
            _check(base, item)
        default = {k: v for k, v in service.options()["default"].items() if v is not None}
        # each worker's browser started, as after a served app's first exports (a cold one
        # takes 2-3 s to start, while exports arriving meanwhile fill its queue)
        warm = {"burst_statuses": {}, "burst_wrong": 0}
        for _ in range(2):
            _burst(base, default, 2 * WORKERS, warm)(0)
        plan_file = work / f"{name}-plan.json"
        plan_file.write_text(json.dumps(items))
        before = set(all_workers(server.pid, WORKERS))
        background = [Every(0.25, _probe(f"{base}/api/v1/health/ready", record))]
        killed: list[int] = []
        if name == "kill":
            def kill(_):
                victims = workers(server.pid)
                if victims:
                    victim = random.choice(victims)
                    with contextlib.suppress(ProcessLookupError):  # it may have just gone
                        os.kill(victim, signal.SIGKILL)
                        killed.append(victim)
            background.append(Every(seconds / 4, kill))
        elif name == "redis":
            background.append(Every(seconds / 3, lambda i: redis.stop() if i == 0 else None))
        elif name == "exports":
            background.append(Every(seconds / 6, _burst(base, default,
                                                        3 * EXPORT_QUEUE * WORKERS, record)))
        prefix = work / name
        for thread in background:
            thread.start()
        locust = subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
             "--headless", "--users", str(users), "--spawn-rate", str(users),
             "--run-time", f"{seconds}s", "--host", base, "--csv", str(prefix),
             "--only-summary", "--loglevel", "ERROR", "--stop-timeout", "30"],
            cwd=ROOT, env={**env, "LOAD_PLAN": str(plan_file)}, capture_output=True,
            text=True, timeout=seconds + 180, check=False)
        for thread in background:
            thread.stopped.set()
            thread.join(200)
        record["faults"] = (len(killed) if name == "kill"  # the kills that hit a worker
                            else background[-1].count if name != "steady" else 0)
        if not Path(f"{prefix}_stats.csv").exists():
            raise RuntimeError(f"locust wrote no results: {locust.stderr[-2000:]}")
        record.update(_stats(prefix))
        try:  # every killed worker is replaced
            after = set(all_workers(server.pid, WORKERS, timeout=60))
        except RuntimeError:
            after = set(workers(server.pid))
        record["server_alive"] = server.poll() is None
        record["workers_back"] = len(after) == WORKERS and not after & set(killed)
        # workers found at the start and gone at the end (a replacement may itself be killed)
        record["workers_replaced"] = len(before - after)
    finally:
        stop(server)
        redis.stop()
    record["errors"] = record["total"]["failures"] / max(1, record["total"]["requests"])
    record["met"] = (record["errors"] <= TARGET_ERRORS[name] and record["server_alive"]
                     and record["probes_answered"] == record["probes"]
                     and record["burst_wrong"] == 0
                     and record["workers_back"]
                     and (name == "kill" or record["workers_replaced"] == 0))
    return record


def report(results: list[dict], out: Path) -> None:
    intro = (f"`python -m bench.load`, {datetime.now(UTC).isoformat(timespec='seconds')}, "
             f"the production command with {WORKERS} workers x 4 threads, Redis, "
             f"EXPORT_QUEUE={EXPORT_QUEUE}; locust visitors pausing 0.2-1 s between actions "
             "(page, predictor and explorer callbacks, API, exports).")
    lines = ["# Load and faults", "", intro, "",
             ("| scenario | visitors x s | requests | errors | p50 | p95 | p99 | faults | "
              "readiness | target |"),
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        t = r["total"]
        faults = {"steady": "none", "kill": f"{r['faults']} workers SIGKILLed",
                  "redis": "Redis stopped at 1/3", "exports": f"{r['faults']} bursts: "
                  + ", ".join(f"{k}: {v}" for k, v in sorted(r["burst_statuses"].items()))}
        target = {"steady": "0 errors", "kill": "<= 0.5% errors", "redis": "0 errors",
                  "exports": "0 errors; bursts 200 or 503 + Retry-After"}[r["scenario"]]
        lines.append(
            f"| {r['scenario']} | {r['users']} x {r['seconds']} | {t['requests']:,} | "
            f"{t['failures']} ({r['errors']:.2%}) | {t['p50']:.0f} ms | {t['p95']:.0f} ms | "
            f"{t['p99']:.0f} ms | {faults[r['scenario']]} | {r['probes_answered']}/"
            f"{r['probes']} | {target}: {'met' if r['met'] else '**missed**'} |")
    lines += ["", "Per kind of request (p50 / p95 / p99, ms):", "",
              "| scenario | " + " | ".join(WEIGHTS) + " |", "|---|" + "---|" * len(WEIGHTS)]
    for r in results:
        cells = [(f"{k['p50']:.0f} / {k['p95']:.0f} / {k['p99']:.0f}"
                  if (k := r["by_kind"].get(kind)) else "-") for kind in WEIGHTS]
        lines.append(f"| {r['scenario']} | " + " | ".join(cells) + " |")
    reasons = [f"- {r['scenario']}: {reason} ({n})" for r in results
               for reason, n in r["failure_reasons"].items()]
    lines += ["", "Failures:" if reasons else "No failures.", *reasons, ""]
    out.mkdir(parents=True, exist_ok=True)
    (out / "load-results.md").write_text("\n".join(lines))
    (out / "load-results.json").write_text(json.dumps(results, indent=2) + "\n")


def curve(var: Path, steps: list[int], seconds: int, work: Path, service,
          log=print) -> dict:
    """The steady scenario at each number of visitors: the capacity curve."""
    rows = []
    for users in steps:
        log(f"steady: {users} visitors for {seconds} s ...")
        step = work / f"curve-{users}"
        step.mkdir(parents=True, exist_ok=True)
        r = scenario("steady", var, users, seconds, step, service)
        t = r["total"]
        rows.append({"users": users, "seconds": seconds, "requests": t["requests"],
                     "rps": t["rps"], "failures": t["failures"], "p50": t["p50"],
                     "p95": t["p95"], "p99": t["p99"],
                     "by_kind": {k: {"p50": v["p50"], "p95": v["p95"], "p99": v["p99"]}
                                 for k, v in r["by_kind"].items()},
                     "held": t["failures"] == 0 and t["p95"] <= HELD_P95})
        log(f"  {t['rps']:,.0f} requests/s, p95 {t['p95']:.0f} ms, {t['failures']} errors")
    held = [r["users"] for r in rows if r["held"]]
    return {"when": datetime.now(UTC).isoformat(timespec="seconds"), "workers": WORKERS,
            "steps": rows, "held": max(held) if held else 0}


def curve_markdown(result: dict, baseline: dict | None = None) -> str:
    """The capacity curve as a table (beside the baseline's steps, when given)."""
    before = {r["users"]: r for r in (baseline or {}).get("steps", [])}

    def cell(row: dict, old: dict | None, key: str, unit: str = " ms") -> str:
        now = f"{row[key]:,.0f}{unit}"
        return f"{old[key]:,.0f} → {now}" if old else now

    lines = ["| visitors | requests/s | p50 | p95 | p99 | errors | explorer p95 | held |",
             "|---|---|---|---|---|---|---|---|"]
    for row in result["steps"]:
        old = before.get(row["users"])
        explorer = row["by_kind"].get("explorer callback", {}).get("p95")
        old_explorer = (old or {}).get("by_kind", {}).get("explorer callback", {}).get("p95")
        lines.append(
            f"| {row['users']} | {cell(row, old, 'rps', '')} | {cell(row, old, 'p50')} | "
            f"{cell(row, old, 'p95')} | {cell(row, old, 'p99')} | "
            f"{cell(row, old, 'failures', '')} | "
            + (f"{old_explorer:,.0f} → " if old_explorer is not None else "")
            + (f"{explorer:,.0f} ms" if explorer is not None else "-")
            + f" | {'yes' if row['held'] else 'no'}"
            + (f" (was {'yes' if old['held'] else 'no'})" if old else "") + " |")
    lines.append("")
    lines.append(f"Most visitors held (p95 <= {HELD_P95:.0f} ms, no errors): {result['held']}"
                 + (f" (before: {baseline['held']})" if baseline else "") + ".")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--only", choices=SCENARIOS, action="append")
    parser.add_argument("--out", type=Path, default=ROOT / "bench")
    parser.add_argument("--curve", help="visitors per step, e.g. 32,64,128,256: the "
                                        "capacity curve instead of the scenarios")
    parser.add_argument("--baseline", type=Path,
                        help="a capacity-results.json to show beside the curve")
    args = parser.parse_args(argv)
    from dashboard.cli import prepare
    from dashboard.config import Config
    from model.serving.service import ModelService

    config = Config.from_env()
    prepare(config)
    service = ModelService.load(config.model_path)
    if args.curve:
        steps = [int(v) for v in args.curve.split(",")]
        with tempfile.TemporaryDirectory(prefix="load-") as tmp:
            result = curve(config.var_dir, steps, args.seconds, Path(tmp), service)
        baseline = json.loads(args.baseline.read_text()) if args.baseline else None
        if baseline:
            result["baseline"] = baseline
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "capacity-results.json").write_text(json.dumps(result, indent=2) + "\n")
        (args.out / "capacity-results.md").write_text(
            "# Capacity curve\n\n" + curve_markdown(result, baseline))
        print(curve_markdown(result, baseline))
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        for name in args.only or SCENARIOS:
            print(f"{name}: {args.users} visitors for {args.seconds} s ...", flush=True)
            results.append(scenario(name, config.var_dir, args.users, args.seconds,
                                    Path(tmp), service))
            r = results[-1]
            print(f"  {r['total']['requests']:,} requests, {r['total']['failures']} errors, "
                  f"p50 {r['total']['p50']:.0f} ms, p99 {r['total']['p99']:.0f} ms, "
                  f"readiness {r['probes_answered']}/{r['probes']}: "
                  f"{'met' if r['met'] else 'MISSED'}", flush=True)
    report(results, args.out)
    print(f"Wrote {args.out / 'load-results.md'}")
    return 0 if all(r["met"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
