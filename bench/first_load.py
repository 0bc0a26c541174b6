"""A visitor's first load beside a bare Dash page's: both served by gunicorn in one run,
loaded in turn (interleaved, so the machine's drift falls on both), each load in a fresh
browser context: the time to the first chart drawn, the bytes on the wire and the requests.

    .venv/bin/python -m bench.first_load [--loads 7] [--path /?tab=explore]

Serves the model in VAR_DIR (default var/) with the production command and bench/bare_app.py
with the same gunicorn settings, on free ports. Prints medians as a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import launch
from harness.servers import GUNICORN, ROOT, free_port, seconds_until, start, stop

FIRST_CHART = """() => {
  const svg = document.querySelector('.js-plotly-plot .main-svg');
  return svg ? performance.now() : null;
}"""


def one_load(browser, url: str) -> dict:
    """One load in a fresh context: ms to the first drawn chart, bytes and requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes: list[int] = []

    def finished(request):
        try:
            sizes.append(request.sizes()["responseBodySize"] + request.sizes()[
                "responseHeadersSize"])
        except Exception:  # noqa: BLE001 - a request the browser dropped has no sizes
            pass

    page.on("requestfinished", finished)
    try:
        page.goto(url)
        drawn = page.wait_for_function(FIRST_CHART, timeout=60_000).json_value()
        page.wait_for_load_state("networkidle")
        return {"first_chart_ms": drawn, "bytes": sum(sizes), "requests": len(sizes)}
    finally:
        context.close()


def run(ours: str, bare: str, loads: int) -> dict:
    """`loads` loads of each page, interleaved: medians of each figure."""
    from playwright.sync_api import sync_playwright

    found: dict[str, list[dict]] = {"ours": [], "bare": []}
    with sync_playwright() as p:
        browser = launch(p)
        for name, url in (("ours", ours), ("bare", bare)):  # one untimed load each: caches
            one_load(browser, url)                           # of the server, not the browser
        for _ in range(loads):
            for name, url in (("ours", ours), ("bare", bare)):
                found[name].append(one_load(browser, url))
        browser.close()
    return {name: {key: statistics.median(r[key] for r in runs)
                   for key in ("first_chart_ms", "bytes", "requests")} | {"n": len(runs)}
            for name, runs in found.items()}


def markdown(result: dict, path: str) -> str:
    ours, bare = result["ours"], result["bare"]
    return "\n".join([
        f"First load of `{path}`, medians of {ours['n']} loads each (fresh context each):", "",
        "| | first chart drawn | on the wire | requests |", "|---|---|---|---|",
        f"| this dashboard | {ours['first_chart_ms']:,.0f} ms | "
        f"{ours['bytes'] / 1e6:.2f} MB | {ours['requests']:.0f} |",
        f"| bare Dash page | {bare['first_chart_ms']:,.0f} ms | "
        f"{bare['bytes'] / 1e6:.2f} MB | {bare['requests']:.0f} |",
        f"| ratio | {ours['first_chart_ms'] / bare['first_chart_ms']:.2f}x | "
        f"{ours['bytes'] / bare['bytes']:.2f}x | |"])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.first_load", description=__doc__)
    parser.add_argument("--loads", type=int, default=7)
    parser.add_argument("--path", default="/", help="the dashboard's page, e.g. /?tab=explore")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        ours_port, bare_port = free_port(), free_port()
        common = {"HOST": "127.0.0.1", "WEB_CONCURRENCY": "2", "METRICS_INTERVAL": "0",
                  "SECRET_KEY": secrets.token_hex(32), "DEBUG": ""}
        ours = start([sys.executable, "-m", "dashboard", "production"],
                     {**common, "PORT": str(ours_port),
                      "VAR_DIR": os.environ.get("VAR_DIR", str(ROOT / "var"))},
                     Path(work) / "ours.log")
        bare = start([*GUNICORN, "bench.bare_app:server"], {**common, "PORT": str(bare_port)},
                     Path(work) / "bare.log")
        try:
            base_ours, base_bare = (f"http://127.0.0.1:{p}/" for p in (ours_port, bare_port))
            seconds_until([base_ours + "api/v1/health/ready", base_bare], ours,
                          time.perf_counter(), 300)
            result = run(base_ours.rstrip("/") + args.path, base_bare, args.loads)
        finally:
            stop(ours)
            stop(bare)
    print(markdown(result, args.path))


if __name__ == "__main__":
    main()
