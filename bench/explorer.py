"""Server time and response size of an explorer cross-filter update, at the demo's full size.

    .venv/bin/python -m bench.explorer [--repeat 30]

Uses the model in VAR_DIR (default var/, as `make run` prepares it). Each scenario posts the
explorer's chart callback through Flask's test client (no network), as a browser does after
a filter change, and reports the first request's server time (the aggregates computed and
cached), the median and 99th percentile of the rest (the aggregates read from the cache, as
for everyone after the first to ask; in-process here, as without REDIS_URL) and the response
size, raw and gzip-compressed (what the browser downloads). The baseline is the same
selection sent the naive way: every selected program's row as JSON.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import statistics
import time

from bench.dash_requests import explorer_request
from bench.stats import percentile
from dashboard import create_app
from dashboard.app import load_service
from dashboard.config import Config

SCENARIOS = {
    "no filter": {},
    "one region": {"region": [5]},
    "bachelor's, public, 2 regions, earnings range": {
        "credential": [3], "control": [1], "region": [5, 8], "earnings": [30_000, 70_000]},
    "lasso (40 vertices) + field": {
        "field": ["14", "52"],
        "area": {"x": "tuition", "points": [[20_000 + 15_000 * math.cos(i / 6.4),
                                             60_000 + 25_000 * math.sin(i / 6.4)]
                                            for i in range(40)]}},
    "states by click, grouped by locale": {"state": ["CA", "TX", "NY"], "group": "locale",
                                           "x": "sat"},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    config = Config.from_env()
    service = load_service(config)
    app = create_app(config, service=service)
    client = app.server.test_client()
    n = service.explorer.total
    print(f"{n:,} programs; {args.repeat} requests per scenario\n")
    print("| scenario | selected | first (uncached) | server p50 | server p99 | response | "
          "gzip | naive rows JSON (gzip) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, values in SCENARIOS.items():
        request = explorer_request(values)
        times = []
        for _ in range(args.repeat + 1):
            started = time.perf_counter()
            response = client.post("/_dash-update-component", json=request,
                                   headers={"Accept-Encoding": "gzip"})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        zipped = len(response.get_data())
        raw = len(gzip.decompress(response.get_data())) if response.headers.get(
            "Content-Encoding") == "gzip" else zipped
        body = json.loads(gzip.decompress(response.get_data()) if raw != zipped
                          else response.get_data())
        filters = service.parse_filters(body["response"]["explore-selection"]["data"]).filters
        idx = service.explorer.selection(filters)
        rows = service.explorer.table(idx).to_json(orient="records").encode()
        first, cached = times[0], times[1:]
        print(f"| {name} | {len(idx):,} | {first:.1f} ms | {statistics.median(cached):.1f} ms | "
              f"{percentile(cached, 99):.1f} ms | {raw / 1000:,.0f} kB | {zipped / 1000:,.0f} kB | "
              f"{len(rows) / 1e6:,.1f} MB ({len(gzip.compress(rows)) / 1e6:,.2f} MB) |")


if __name__ == "__main__":
    main()
