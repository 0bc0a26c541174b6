"""Every benchmark in one run on this machine; writes results.md and results.json.

    .venv/bin/python -m bench                 # the full run (about 35 minutes; 100x: ~10 GB)
    .venv/bin/python -m bench --smoke --out DIR   # a minute or two, on a tiny demo (CI runs it)

The full run uses the model in VAR_DIR (default var/, prepared if missing) and writes
bench/results.md and bench/results.json; scratch data goes to VAR_DIR/bench. Sections with a
baseline measured before a change (bench/baselines/) show it beside today's figures.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from . import (
    browser,
    callback,
    cold_start,
    explorer,
    institution,
    load,
    memory,
    report,
    round_trips,
    scale,
)

HERE = Path(__file__).resolve().parent
BASELINES = HERE / "baselines"  # the starting point, measured on this machine
SECTIONS = ["callback", "browser", "cold_start", "memory", "scale", "explorer", "round_trips",
            "capacity", "institution"]
FULL = {"repeat": 500, "changes": 20, "warm_up": 2, "rounds": 40,
        "factors": [0.1, 1, 10, 100], "explorer_repeat": 60,
        "curve": list(load.CURVE), "curve_seconds": 60, "institution_repeat": 40,
        "reports": 3, "institutions": institution.INSTITUTIONS}
SMOKE = {"repeat": 20, "changes": 3, "warm_up": 1, "rounds": 2, "factors": [0.01, 0.02],
         "explorer_repeat": 5, "curve": [4], "curve_seconds": 5, "institution_repeat": 3,
         "reports": 1, "institutions": institution.SMOKE_INSTITUTIONS}
SMOKE_INSTITUTIONS = 150  # about 1,500 programs


def _log(text: str) -> None:
    print(text, flush=True)


def _prepare(config, smoke: bool) -> None:
    from dashboard.cli import prepare, train
    from model.data import dataset
    from model.data.dataset import Sources

    if smoke:
        dataset.build(Sources(demo_institutions=SMOKE_INSTITUTIONS), config.data_dir,
                      log=lambda _: None)
        train(config)
    else:
        prepare(config)


def run(smoke: bool, out: Path, only: set[str] | None = None) -> dict:
    """Run the sections (all, or `only`) and write the results to `out`."""
    from dashboard import create_app
    from dashboard.app import load_service
    from dashboard.config import Config
    from model.data import columns, dataset

    params = SMOKE if smoke else FULL
    out.mkdir(parents=True, exist_ok=True)
    base = Config.from_env()
    work = (out / "scratch") if smoke else base.var_dir / "bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    config = Config(var_dir=work / "var") if smoke else base
    _log(f"Preparing the model in {config.var_dir} ...")
    _prepare(config, smoke)
    service = load_service(config)
    df = columns.published(dataset.load_current(config.data_dir)[0])
    previous = out / "results.json"
    results: dict = json.loads(previous.read_text()) if only and previous.exists() else {}
    results.update({"when": datetime.now(UTC).isoformat(timespec="seconds"), "smoke": smoke,
                    "machine": _machine(), "programs": len(df)})
    wanted = only or set(SECTIONS)
    if "callback" in wanted:
        _log("1. Main callback against the floor and the tutorial ...")
        app = create_app(config, service=service)
        results["callback"] = callback.run(app, service, df, params["repeat"])
    if "browser" in wanted or "cold_start" in wanted or "memory" in wanted:
        labels = _labels(service)
    if "browser" in wanted:
        _log("2. Browser: credential change to updated prediction and charts ...")
        results["browser"] = _with_server(config, work, lambda url: browser.run(
            url, labels, params["changes"], params["warm_up"]))
    if "cold_start" in wanted:
        _log("3. Cold start ...")
        results["cold_start"] = cold_start.run(config.var_dir, work)
    if "memory" in wanted:
        _log("4. Memory under gunicorn ...")
        results["memory"] = memory.run(config.var_dir, service, work, params["rounds"])
    if "scale" in wanted:
        _log("5. Scale ...")
        results["scale"] = scale.run(params["factors"], work, log=_log)
    if "explorer" in wanted:
        _log("6. Explorer: user actions, uncached and cached ...")
        results["explorer"] = explorer.run(config, params["explorer_repeat"])
    if "round_trips" in wanted:
        _log("7. Round trips per user action ...")
        results["round_trips"] = _with_server(config, work, round_trips.run)
    if "capacity" in wanted:
        _log("8. Capacity curve ...")
        results["capacity"] = load.curve(config.var_dir, params["curve"],
                                         params["curve_seconds"], work / "capacity", service,
                                         log=_log)
    if "institution" in wanted:
        _log("9. One institution of 300 programs: its view and report ...")
        results["institution"] = institution.run(work / "institution",
                                                 params["institution_repeat"],
                                                 params["reports"], log=_log,
                                                 institutions=params["institutions"])
    if not smoke:
        results["baselines"] = _baselines()
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    (out / "results.md").write_text(report.markdown(results))
    _log(f"Wrote {out / 'results.md'} and {out / 'results.json'}")
    return results


def _baselines() -> dict:
    """The recorded baselines, by section."""
    return {path.stem: json.loads(path.read_text()) for path in sorted(BASELINES.glob("*.json"))}


def _labels(service) -> list[str]:
    """Credentials to cycle through in the browser: the first four."""
    options = service.options()["credential"]
    return [o["label"] for o in options][:4]


def _with_server(config, work: Path, measure):
    from harness.servers import GUNICORN, free_port, seconds_until, start, stop

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    process = start([*GUNICORN, "dashboard.wsgi:server"],
                    {"VAR_DIR": str(config.var_dir), "HOST": "127.0.0.1", "PORT": str(port),
                     "WEB_CONCURRENCY": "2", "METRICS_INTERVAL": "0"},
                    work / "browser-server.log")
    try:
        seconds_until([url + "api/v1/health/ready"], process, time.perf_counter())
        return measure(url)
    finally:
        stop(process)


def _machine() -> dict:
    import os

    return {"python": platform.python_version(), "cores": os.cpu_count(),
            "platform": platform.platform()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="seconds-long, tiny demo data")
    parser.add_argument("--out", type=Path, default=HERE,
                        help="where results.md and results.json go (default bench/)")
    parser.add_argument("--only", action="append",
                        choices=SECTIONS,
                        help="run only these sections (repeatable); the others' results "
                             "are kept from the last run")
    args = parser.parse_args()
    if args.smoke and args.out == HERE:
        parser.error("--smoke writes elsewhere: give --out DIR")
    run(args.smoke, args.out, set(args.only) if args.only else None)


if __name__ == "__main__":
    main()
