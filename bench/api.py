"""Throughput and latency of GET /api/v1/predict under gunicorn (2 workers), next to the floor
(a bare Flask JSON endpoint on the same server) and the tutorial's endpoint (a one-row
DataFrame through Pipeline.predict), at concurrency 1 and 16, on loopback, with wrk.

    .venv/bin/python -m bench.api [--seconds 5] [--rounds 3]

Needs `wrk` (apt-get install wrk) and the model in VAR_DIR (default var/, as `make run`
prepares it).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from dashboard.app import load_service
from dashboard.config import Config

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"floor": 0.70, "tutorial": 20.0,  # ours >= 70% of the floor, >= 20x the tutorial
           "compressed": 0.90}  # a client asking for gzip: >= 90% of the uncompressed path


GZIP = {"Accept-Encoding": "gzip"}  # wrk's, curl --compressed
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # Chromium's


def urls(base: str) -> dict[str, tuple[str, dict]]:
    """The endpoints (URL and request headers), asked for the same program."""
    service = load_service(Config.from_env())
    d = {k: v for k, v in service.options()["default"].items() if v is not None}
    labels = {n: {o["value"]: o["label"] for o in service.options()[n]} for n in ("credential",
                                                                                 "field")}
    tutorial = {"CONTROL": d["control"], "CREDDESC": labels["credential"][d["credential"]],
                "FIELD": labels["field"][d["field"]], "REGION": d["region"],
                "LOCALE": d["locale"], "SAT_AVG_ALL": d.get("sat", ""),
                "ADM_RATE_ALL": d.get("admission_rate", ""), "tuition": d["tuition"]}
    ours = f"{base}/api/v1/predict?{urlencode(d)}"
    return {"ours": (ours, {}), "ours, gzip": (ours, GZIP), "ours, browser": (ours, BROWSER),
            "floor": (f"{base}/bench/floor", {}), "server": (f"{base}/bench/server", {}),
            "tutorial": (f"{base}/bench/tutorial?{urlencode(tutorial)}", {})}


def wrk(url: str, headers: dict, connections: int, seconds: int) -> dict:
    """Requests per second and p50/p99 latency (ms) from wrk."""
    threads = min(connections, 2)
    header_args = [arg for k, v in headers.items() for arg in ("-H", f"{k}: {v}")]
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
                          "--latency", *header_args, url],
                         capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": ms("50%"), "p99": ms("99%"), "non_2xx": int(errors.group(1)) if errors else 0}


def median_run(values: list[dict]) -> dict:
    """The run with the median throughput."""
    return sorted(values, key=lambda r: r["rps"])[len(values) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="runs per cell (median kept)")
    parser.add_argument("--port", type=int, default=8097)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    env = {**os.environ, "WEB_CONCURRENCY": "2", "PORT": str(args.port), "HOST": "127.0.0.1",
           "GUNICORN_MAX_REQUESTS": "0",  # steady state: no worker recycling mid-run
           "GUNICORN_CMD_ARGS": "--access-logfile=/dev/null --no-control-socket"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
                               "bench.api_server:server"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/api/v1/health/ready", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        endpoints = urls(base)
        for url, headers in endpoints.values():  # warm every worker
            for _ in range(20):
                request = urllib.request.Request(url, headers=headers)
                urllib.request.urlopen(request, timeout=5).read()
        runs: dict[tuple, list[dict]] = {}
        for _ in range(args.rounds):  # interleaved, so drift in the machine hits all alike
            for connections in (1, 16):
                for name, (url, headers) in endpoints.items():
                    runs.setdefault((name, connections), []).append(
                        wrk(url, headers, connections, args.seconds))
        results = {key: median_run(values) for key, values in runs.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"gunicorn, 2 workers, loopback; wrk, {args.rounds} interleaved runs of "
          f"{args.seconds} s per cell, the median run shown\n")
    print("| endpoint | concurrency | requests/s | p50 | p99 | non-2xx |")
    print("|---|---|---|---|---|---|")
    for (name, c), r in results.items():
        print(f"| {name} | {c} | {r['rps']:,.0f} | {r['p50']:.2f} ms | {r['p99']:.2f} ms | "
              f"{r['non_2xx']} |")
    print()
    for c in (1, 16):
        ours = results[("ours", c)]["rps"]
        floor, tut = results[("floor", c)]["rps"], results[("tutorial", c)]["rps"]
        print(f"concurrency {c}: ours / floor = {ours / floor:.0%} (target >= "
              f"{TARGETS['floor']:.0%}); ours / tutorial = {ours / tut:.1f}x (target >= "
              f"{TARGETS['tutorial']:.0f}x); the floor is {floor / tut:.1f}x the tutorial, "
              f"gunicorn alone {results[('server', c)]['rps'] / tut:.1f}x; compressed / "
              f"uncompressed: gzip {results[('ours, gzip', c)]['rps'] / ours:.0%}, "
              f"zstd (browsers) {results[('ours, browser', c)]['rps'] / ours:.0%} (target >= "
              f"{TARGETS['compressed']:.0%})")


if __name__ == "__main__":
    main()
