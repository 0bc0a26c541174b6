"""The explorer's chart callback after a user action: server time and answer size.

    .venv/bin/python -m bench.explorer [--repeat 60] [--json FILE]

Uses the model in VAR_DIR (default var/, as `make run` prepares it). Each scenario is a user
action: the browser shows the charts of one state (`before`) and the user moves to another
(`after`); the bench posts the chart callback for `after` through Flask's test client (no
network), with the states the browser holds after drawing `before`, as the page does. It
reports the server time uncached (an app without a cache, so every request computes the
aggregates, as for the first visitor to ask a selection) and cached (the aggregates read
from the in-process cache, as without REDIS_URL, for everyone after the first), both
including Dash's JSON encoding and the compression the browser asks for (Chromium: gzip,
deflate, br, zstd), and the answer's size raw, gzip-compressed (what a client that takes
only gzip downloads) and as sent.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import math
import statistics
import time

import brotli
from backports import zstd

from callbacks.explore import CHART_STATE
from callbacks.requests import explorer_request
from harness.stats import percentile

LASSO = {"x": "tuition", "points": [[20_000 + 15_000 * math.cos(i / 6.4),
                                     60_000 + 25_000 * math.sin(i / 6.4)] for i in range(40)]}
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"  # what Chromium asks for, also over http
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress, "zstd": zstd.decompress}
VIEW = ("x", "colour", "group", "small", "horizon")
BACHELORS = {"credential": [3], "control": [1], "region": [5, 8]}
# name: (the state the browser shows, the state the user asks for); None: a fresh page
SCENARIOS = {
    "first draw, no filter": (None, {}),
    "a region chosen": ({}, {"region": [5]}),
    "a field bar clicked": ({"region": [5]}, {"region": [5], "field": ["14"]}),
    "earnings range dragged": (BACHELORS, {**BACHELORS, "earnings": [30_000, 70_000]}),
    "lasso drawn (40 vertices)": ({"field": ["14", "52"]},
                                  {"field": ["14", "52"], "area": LASSO}),
    "states clicked, grouped by locale": ({"group": "locale", "x": "sat"},
                                          {"group": "locale", "x": "sat",
                                           "state": ["CA", "TX", "NY"]}),
    "x axis changed": ({}, {"x": "sat"}),
}


def _post(client, body: dict):
    started = time.perf_counter()
    response = client.post("/_dash-update-component", json=body,
                           headers={"Accept-Encoding": BROWSER_ENCODINGS})
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"the explorer callback answered {response.status_code}")
    return response, elapsed


def _answer(response) -> tuple[dict, bytes, int, str]:
    """The answer, its bytes decoded, its size as sent, and how it was sent."""
    data = response.get_data()
    encoding = response.headers.get("Content-Encoding", "none")
    raw = DECODE.get(encoding, lambda d: d)(data)
    return json.loads(raw), raw, len(data), encoding


def _drawn(answer: dict | None) -> dict:
    """The callback's states as the browser holds them after `answer`."""
    response = (answer or {}).get("response") or {}
    return {f"{s.component_id}.{s.component_property}":
            response[s.component_id][s.component_property] for s in CHART_STATE
            if s.component_property in response.get(s.component_id, {})}


def measure(app, service, repeat: int, scenarios: dict | None = None) -> list[dict]:
    """Each scenario's server time (p50, p99 over `repeat` posts) and answer size, for an
    `app` (uncached or cached, as it was made)."""
    client = app.server.test_client()
    rows = []
    for name, (before, after) in (scenarios or SCENARIOS).items():
        previous = None
        if before is not None:
            previous = _answer(_post(client, explorer_request(before))[0])[0]
        body = explorer_request(after, _drawn(previous))
        times = []
        for _ in range(repeat + 1):
            response, elapsed = _post(client, body)
            times.append(elapsed)
        _, raw, sent, encoding = _answer(response)
        filters = service.parse_filters({k: v for k, v in after.items()
                                         if k not in VIEW}).filters
        selected = len(service.explorer.selection(filters))
        rows.append({"scenario": name, "selected": selected, "p50_ms": statistics.median(
            times[1:]), "p99_ms": percentile(times[1:], 99), "first_ms": times[0],
            "bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, 6)),
            "sent_bytes": sent, "encoding": encoding})
    return rows


def run(config, repeat: int = 60) -> dict:
    """Every scenario on an app without a cache and on one with the in-process cache."""
    import dataclasses

    from dashboard import create_app
    from dashboard.app import load_service

    service = load_service(config)
    uncached = create_app(dataclasses.replace(config, cache_mb=0.0, redis_url=None),
                          service=service)
    cached = create_app(dataclasses.replace(config, redis_url=None), service=service)
    gc.freeze()  # as dashboard.wsgi does once the app is loaded
    return {"programs": int(service.explorer.total), "repeat": repeat,
            "uncached": measure(uncached, service, repeat),
            "cached": measure(cached, service, repeat)}


def markdown(result: dict, baseline: dict | None = None) -> str:
    """The explorer table: each scenario uncached and cached, and the answer's size, beside
    the baseline's (when given)."""
    before = {r["scenario"]: r for r in (baseline or {}).get("uncached", [])}
    before_cached = {r["scenario"]: r for r in (baseline or {}).get("cached", [])}

    def pair(now: float, then: float | None, unit: str, digits: int = 1) -> str:
        text = f"{now:,.{digits}f} {unit}"
        return f"{then:,.{digits}f} → {text}" if then is not None else text

    lines = ["| action | selected | uncached p50 | uncached p99 | cached p50 | answer | gzip "
             "| as sent |", "|---|---|---|---|---|---|---|---|"]
    for row, hit in zip(result["uncached"], result["cached"]):
        old = before.get(row["scenario"], {})
        old_hit = before_cached.get(row["scenario"], {})
        lines.append(
            f"| {row['scenario']} | {row['selected']:,} | "
            f"{pair(row['p50_ms'], old.get('p50_ms'), 'ms')} | "
            f"{pair(row['p99_ms'], old.get('p99_ms'), 'ms')} | "
            f"{pair(hit['p50_ms'], old_hit.get('p50_ms'), 'ms')} | "
            f"{pair(row['bytes'] / 1000, old['bytes'] / 1000 if old else None, 'kB', 0)} | "
            f"{pair(row['gzip_bytes'] / 1000, old['gzip_bytes'] / 1000 if old else None, 'kB')} "
            f"| {row['sent_bytes'] / 1000:,.1f} kB ({row['encoding']}) |")
    return "\n".join(lines) + "\n"


def main() -> None:
    from dashboard.config import Config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--baseline", help="a results file to show beside these")
    args = parser.parse_args()
    result = run(Config.from_env(), args.repeat)
    baseline = json.loads(open(args.baseline).read()) if args.baseline else None
    print(f"{result['programs']:,} programs; {args.repeat} requests per action\n")
    print(markdown(result, baseline))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
