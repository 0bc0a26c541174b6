"""Two checkouts side by side in one run: the main predictor callback (with the trivial
callback floor) and an uncached explorer filter change, each side in its own process on
its own model, interleaved round by round so that the machine's drift falls on both.

    git worktree add /tmp/before <commit>            # the code to compare with
    .venv/bin/python -m bench.side_by_side --before /tmp/before [--rounds 5] [--repeat 200]

Each side prepares its demo model in its own VAR_DIR (under --work) with its own Python
code, then, per round, a fresh process times `repeat` predictor posts cycling through the
credentials (bench.callback) and `repeat` posts of one explorer action on an app without a
cache (bench.explorer: "a region chosen"). Prints medians over rounds as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASURE = """
import dataclasses, gc, json, sys
from bench import callback, explorer
from dashboard import create_app
from dashboard.app import load_service
from dashboard.config import Config
try:  # the model's rooms; a checkout from before them has model.schema
    from model.data import columns, dataset
except ImportError:
    from model import dataset, schema as columns
config = Config.from_env()
service = load_service(config)
df = columns.published(dataset.load_current(config.data_dir)[0])
app = create_app(dataclasses.replace(config, redis_url=None), service=service)
uncached = create_app(dataclasses.replace(config, cache_mb=0.0, redis_url=None),
                      service=service)
gc.freeze()
repeat = int(sys.argv[1])
main = callback.run(app, service, df, repeat)
change = explorer.measure(uncached, service, repeat,
                          {"a region chosen": explorer.SCENARIOS["a region chosen"]})[0]
print(json.dumps({"callback_p50": main["ours"]["p50"], "floor_p50": main["floor"]["p50"],
                  "callback_bytes": main["ours"]["bytes"], "explorer_p50": change["p50_ms"],
                  "explorer_bytes": change["bytes"]}))
"""


def _python(checkout: Path) -> str:
    own = checkout / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def _env(checkout: Path, var: Path) -> dict:
    return {**os.environ, "VAR_DIR": str(var), "PYTHONPATH": str(checkout)}


def prepare(checkout: Path, var: Path) -> None:
    """The side's demo data and model, built by its own code."""
    subprocess.run([_python(checkout), "-m", "dashboard", "prepare"], cwd=checkout,
                   env=_env(checkout, var), check=True, capture_output=True)


def measure(checkout: Path, var: Path, repeat: int) -> dict:
    """One round of one side, in a fresh process."""
    done = subprocess.run([_python(checkout), "-c", MEASURE, str(repeat)], cwd=checkout,
                          env=_env(checkout, var), check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(results: dict[str, list[dict]]) -> str:
    """Medians over rounds, before beside after."""
    keys = [("callback_p50", "predictor callback p50 (ms)"),
            ("floor_p50", "trivial callback floor p50 (ms)"),
            ("explorer_p50", "explorer filter change, uncached, p50 (ms)"),
            ("callback_bytes", "predictor answer (bytes)"),
            ("explorer_bytes", "explorer answer (bytes)")]
    lines = ["| measure | before | after | after / before |", "|---|---|---|---|"]
    for key, label in keys:
        before = statistics.median(r[key] for r in results["before"])
        after = statistics.median(r[key] for r in results["after"])
        lines.append(f"| {label} | {before:,.2f} | {after:,.2f} | {after / before:.2f} |")
    ratio = {side: statistics.median(r["callback_p50"] / r["floor_p50"] for r in rows)
             for side, rows in results.items()}
    lines.append(f"| predictor callback / floor | {ratio['before']:.2f}x | "
                 f"{ratio['after']:.2f}x | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the other checkout")
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench" / "side-by-side")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--json", type=Path, help="also write the rounds here")
    args = parser.parse_args()
    sides = {"before": args.before.resolve(), "after": ROOT}
    for name, checkout in sides.items():
        print(f"Preparing {name} ({checkout}) ...", flush=True)
        prepare(checkout, args.work / name)
    results: dict[str, list[dict]] = {name: [] for name in sides}
    for i in range(args.rounds):
        order = list(sides) if i % 2 == 0 else list(reversed(sides))  # interleaved
        for name in order:
            results[name].append(measure(sides[name], args.work / name, args.repeat))
        print(f"round {i + 1}/{args.rounds}: " + ", ".join(
            f"{n} {results[n][-1]['callback_p50']:.2f} / {results[n][-1]['explorer_p50']:.2f} ms"
            for n in sides), flush=True)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
