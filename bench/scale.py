"""Section 5: how each cost grows with the data: data build, training, artifact size, peak
memory, the main callback's server time and the explorer's (a filter change, uncached, and
a first draw) at multiples of the demo data (6,300 institutions, about 62,000 programs).
Each phase runs in its own process, so its peak memory (ru_maxrss) is its own.

    python -m bench.scale PHASE FACTOR VAR_DIR    # one phase; prints JSON
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness.servers import ROOT

DEMO_INSTITUTIONS = 6_300


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(factor: float, var: Path) -> dict:
    from model.data import dataset
    from model.data.dataset import Sources

    started = time.perf_counter()
    manifest = dataset.build(Sources(demo_institutions=max(10, round(DEMO_INSTITUTIONS
                                                                     * factor))),
                             var / "data", log=lambda _: None)
    return {"seconds": time.perf_counter() - started, "programs": manifest.rows,
            "peak_mb": _peak_mb()}


def train(factor: float, var: Path) -> dict:
    from dashboard.cli import train as train_model
    from dashboard.config import Config
    from model.learning import artifact

    config = Config(var_dir=var)
    started = time.perf_counter()
    train_model(config)  # its progress goes to stdout, before the JSON line
    horizons = artifact.read_metadata(config.model_path).get("horizons") or []
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(),
            "artifact_mb": config.model_path.stat().st_size / 1e6,
            # one model per earnings horizon: each one's fit (the rest is reading and writing)
            "horizons": {h["column"]: h["train_seconds"] for h in horizons}}


EXPLORER_ACTIONS = ("first draw, no filter", "a region chosen")


def serve(factor: float, var: Path, repeat: int = 200) -> dict:
    import dataclasses
    import gc

    from bench import explorer
    from callbacks.requests import predictor_request
    from dashboard import create_app
    from dashboard.config import Config
    from layouts import ids
    from model.serving.service import ModelService

    config = Config(var_dir=var)
    started = time.perf_counter()
    service = ModelService.load(config.model_path)
    app = create_app(config, service=service)
    load_seconds = time.perf_counter() - started
    client = app.server.test_client()
    credentials = [o["value"] for o in service.options()["credential"]]
    bodies = [predictor_request(service, **{ids.CREDENTIAL: c}) for c in credentials]
    for body in bodies:
        client.post("/_dash-update-component", json=body)
    times = []
    for i in range(repeat):
        begun = time.perf_counter()
        response = client.post("/_dash-update-component", json=bodies[i % len(bodies)])
        times.append((time.perf_counter() - begun) * 1000)
        assert response.status_code == 200
    serving = _rss_mb()  # the model and the app, as a worker holds them before any request
    uncached = create_app(dataclasses.replace(config, cache_mb=0.0), service=service)
    gc.freeze()  # as dashboard.wsgi does
    rows = explorer.measure(uncached, service, max(5, min(30, repeat // 10)),
                            {k: explorer.SCENARIOS[k] for k in EXPLORER_ACTIONS})
    return {"load_seconds": load_seconds, "callback_p50_ms": statistics.median(times),
            "rss_mb": _peak_mb(), "serving_rss_mb": serving,
            "explorer": {r["scenario"]: {"p50_ms": r["p50_ms"], "p99_ms": r["p99_ms"],
                                         "gzip_kb": r["gzip_bytes"] / 1000} for r in rows}}


def _rss_mb() -> float:
    """This process's resident memory now."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


PHASES = {"build": build, "train": train, "serve": serve}


def phase(name: str, factor: float, var: Path, timeout: float) -> dict:
    """Run one phase in a fresh process."""
    result = subprocess.run([sys.executable, "-m", "bench.scale", name, str(factor), str(var)],
                            cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                            check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{name} at {factor}x failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(factors: list[float], work: Path, timeout: float = 3600, log=print) -> list[dict]:
    """Every phase at every factor."""
    rows = []
    for factor in factors:
        var = work / f"scale-{factor:g}x"
        row = {"factor": factor}
        for name in PHASES:
            log(f"  {factor:g}x: {name} ...")
            row[name] = phase(name, factor, var, timeout)
        rows.append(row)
    return rows


if __name__ == "__main__":
    phase_name, factor_text, var_dir = sys.argv[1:4]
    print(json.dumps(PHASES[phase_name](float(factor_text), Path(var_dir))))
