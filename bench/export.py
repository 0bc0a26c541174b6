"""Chart export time, cold (a new browser) and warm (the browser reused), per format, next to
the baseline of plotly's `fig.to_image()`, which starts a browser for every image.

    .venv/bin/python -m bench.export [--warm 10] [--baseline 3]

Needs Chromium and the model in VAR_DIR (default var/, as `make run` prepares it).
"""

from __future__ import annotations

import argparse
import statistics
import time

import plotly.io as pio

from charts.catalog import SIZES
from charts.compose import explorer_figures, scenario_figures
from dashboard.app import load_service
from dashboard.config import Config
from dashboard.export.renderer import FORMATS, Exporter
from dashboard.export.report import build_report
from model.serving.filters import Filters


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm", type=int, default=10, help="warm exports per cell")
    parser.add_argument("--baseline", type=int, default=3, help="to_image calls per cell")
    args = parser.parse_args()
    service = load_service(Config.from_env())
    s = service.validate(service.options()["default"])
    figures = {"distribution": scenario_figures(service, s)["distribution"],
               "scatter": explorer_figures(service, Filters())["scatter"]}

    print("| chart | format | cold (new browser) | warm p50 | warm p90 | "
          "`fig.to_image()` p50 | size |")
    print("|---|---|---|---|---|---|---|")
    for name, fig in figures.items():
        width, height = SIZES[name]
        for fmt in FORMATS:
            exporter = Exporter()  # a browser of its own: the first export starts it
            cold, data = _timed(lambda: exporter.export(fig, fmt, width, height))
            warm = sorted(_timed(lambda: exporter.export(fig, fmt, width, height))[0]
                          for _ in range(args.warm))
            exporter.close()
            base = [_timed(lambda: pio.to_image(fig, format=fmt, width=width,
                                                height=height))[0]
                    for _ in range(args.baseline)]
            print(f"| {name} | {fmt} | {cold:.2f} s | {statistics.median(warm):.3f} s | "
                  f"{warm[int(0.9 * (len(warm) - 1))]:.3f} s | "
                  f"{statistics.median(base):.2f} s | {len(data) / 1000:,.0f} kB |")

    exporter = Exporter()
    cold, data = _timed(lambda: build_report(service, s, exporter))
    warm = sorted(_timed(lambda: build_report(service, s, exporter))[0]
                  for _ in range(max(3, args.warm // 2)))
    exporter.close()
    print(f"| report (3 charts) | pdf | {cold:.2f} s | {statistics.median(warm):.3f} s | "
          f"{warm[int(0.9 * (len(warm) - 1))]:.3f} s | | {len(data) / 1000:,.0f} kB |")


if __name__ == "__main__":
    main()
