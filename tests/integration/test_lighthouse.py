"""Lighthouse's accessibility audit (npm's lighthouse, pinned in tests/lighthouse/, run with
Debian's Chromium): 100 on the Predict and Explore tabs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
LIGHTHOUSE = Path(__file__).resolve().parents[1] / "lighthouse/node_modules/.bin/lighthouse"


@pytest.fixture(scope="module")
def lighthouse() -> Path:
    if not LIGHTHOUSE.exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("Lighthouse or chromium is missing: `make test` installs them")
        pytest.skip("Lighthouse is not installed: `make test` installs it")
    return LIGHTHOUSE


@pytest.mark.parametrize("link", ["/", "/?tab=explore"])
def test_lighthouse_accessibility_score_is_100(lighthouse, live_server, tmp_path, link):
    report = tmp_path / "report.json"
    run = subprocess.run(
        [str(lighthouse), live_server + link, "--only-categories=accessibility",
         "--output=json", f"--output-path={report}", "--quiet",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        env={**os.environ, "CHROME_PATH": shutil.which("chromium")},
        capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(report.read_text())
    failed = [f"{key}: {audit['title']}" for key, audit in result["audits"].items()
              if audit.get("scoreDisplayMode") in ("binary", "numeric")
              and audit.get("score") is not None and audit["score"] < 1]
    assert result["categories"]["accessibility"]["score"] == 1, failed
