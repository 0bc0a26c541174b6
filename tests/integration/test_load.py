"""The load-and-faults command (bench/load.py) in a seconds-long version, so that it never
rots: every scenario runs against the production command and answers as its target says
(the kill scenario's 0.5% target needs the full run's request count; here each SIGKILL may
cost at most the requests in flight). Four seconds a scenario: the load itself is measured
by the benchmark (`python -m bench.load`, a minute a scenario)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_load_and_faults_smoke(config, tmp_path):
    # A copy: the command prepares its var folder for its own sources, and the session's
    # dataset and model must stay the ones the other tests' service was loaded from.
    var = shutil.copytree(config.var_dir, tmp_path / "var", symlinks=True)  # links are relative
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "bench.load", "--users", "8", "--seconds", "4",
         "--out", str(out)], cwd=ROOT, env={**os.environ, "VAR_DIR": str(var)},
        capture_output=True, text=True, timeout=900, check=False)
    assert (out / "load-results.json").exists(), result.stdout[-2000:] + result.stderr[-2000:]
    runs = {r["scenario"]: r for r in json.loads((out / "load-results.json").read_text())}
    assert set(runs) == {"steady", "kill", "redis", "exports"}
    for name, run in runs.items():
        assert run["total"]["requests"] > 20, name
        assert run["server_alive"] and run["probes"] >= 12, name  # one every 0.25 s
        assert run["workers_back"], name  # all workers running at the end, none a killed one
        assert run["probes_answered"] == run["probes"], name  # readiness always answered
        assert 0 < run["total"]["p50"] <= run["total"]["p95"] <= run["total"]["p99"], name
    for name in ("steady", "redis", "exports"):
        assert runs[name]["total"]["failures"] == 0, runs[name]["failure_reasons"]
        assert runs[name]["workers_replaced"] == 0, name
    kill = runs["kill"]
    assert kill["faults"] >= 3  # workers SIGKILLed
    assert kill["workers_replaced"] >= 1  # an original worker gone, a new one in its place
    # a SIGKILL loses the requests in flight at that worker: at most one per visitor (8)
    assert kill["total"]["failures"] <= 8 * kill["faults"], kill["failure_reasons"]
    exports = runs["exports"]
    assert exports["burst_wrong"] == 0 and {"200", "503"} <= set(exports["burst_statuses"])
    assert "load-results.md" in os.listdir(out)
