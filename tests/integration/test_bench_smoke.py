"""The benchmark's smoke run (what CI runs so the benchmark never rots): every section runs
on a tiny demo and reports numbers that make sense."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT


def test_the_benchmark_smoke_run_reports_every_section(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bench", "--smoke", "--out", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    r = json.loads((tmp_path / "results.json").read_text())
    callback = r["callback"]
    assert 0 < callback["floor"]["p50"] < callback["ours"]["p50"] < callback["tutorial"]["p50"]
    assert callback["ours"]["n"] == 20 and callback["ours"]["bytes"] > 1000
    assert r["browser"]["n"] == 3 and 0 < r["browser"]["p50"] < 10_000
    cold = r["cold_start"]
    assert 0 < cold["ours"]["ready"] < cold["ours_trained_at_start"]["ready"]
    assert r["memory"]["four"]["workers"] == len(r["memory"]["four"]["each"]) == 4
    assert [row["factor"] for row in r["scale"]] == [0.01, 0.02]
    assert r["scale"][0]["build"]["programs"] < r["scale"][1]["build"]["programs"]
    assert all(row["serve"]["explorer"]["a region chosen"]["p50_ms"] > 0 for row in r["scale"])
    explorer = {row["scenario"]: row for row in r["explorer"]["uncached"]}
    assert 0 < explorer["a region chosen"]["p50_ms"] <= explorer["a region chosen"]["p99_ms"]
    # a lasso leaves the scatter's points where they are: its answer is a patch
    assert explorer["lasso drawn (40 vertices)"]["bytes"] < explorer["a region chosen"]["bytes"]
    # (dash-ag-grid asks for the programs table's rows itself, at moments of its own)
    trips = {row["action"]: [c for c in row["callbacks"] if c != "explore-table"]
             for row in r["round_trips"]}
    assert trips["credential chosen"] == ["predict-card"]
    assert trips["Explore tab opened"] == ["explore-scatter"]
    step = r["capacity"]["steps"][0]
    assert step["users"] == 4 and step["requests"] > 0 and step["failures"] == 0
    institution = r["institution"]  # a 300-program institution's view and report
    assert institution["programs"] == 300 and institution["report_pages"] >= 5
    assert 0 < institution["predictor_ms"]["p50"] < institution["view_ms"]["p50"]
    page = (tmp_path / "results.md").read_text()
    for heading in ("1. Main dashboard callback", "2. Browser", "3. Cold start", "4. Memory",
                    "5. Scale", "6. Explorer", "7. Round trips", "8. Capacity curve",
                    "9. One institution of 300 programs"):
        assert heading in page
