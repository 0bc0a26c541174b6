"""The production command from the README: what it refuses, and gunicorn started by it under
a path prefix serving the page, its assets, a callback and the API."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import urllib.request
from urllib.parse import urlencode

import pytest

from layouts import ids
from tests.servers import PRODUCTION as COMMAND

from .conftest import ROOT, callback_request, free_port, serving


def _run(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(COMMAND, cwd=ROOT, env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=60, check=False)


@pytest.mark.parametrize(("env", "said"), [
    ({"SECRET_KEY": ""}, "SECRET_KEY is not set"),
    ({"SECRET_KEY": "too-short"}, "SECRET_KEY is 9 bytes long: it must be at least 32"),
    ({"DEBUG": "1"}, "DEBUG is on"),
    ({"MODEL_PATH": "/nonexistent/model.joblib"}, "no trained model at /nonexistent"),
])
def test_production_refuses_unsafe_settings(config, env, said):
    settings = {"VAR_DIR": str(config.var_dir), "SECRET_KEY": secrets.token_hex(32),
                "DEBUG": "", **env}
    result = _run(settings)
    assert result.returncode == 2
    assert said in result.stderr and "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def production(config):
    """gunicorn from the production command, under /earnings/; yields the app's base URL."""
    port = free_port()
    env = {"VAR_DIR": str(config.var_dir), "SECRET_KEY": secrets.token_hex(32),
           "URL_BASE_PATHNAME": "/earnings/", "HOST": "127.0.0.1", "PORT": str(port),
           "WEB_CONCURRENCY": "2", "DEBUG": "", "METRICS_INTERVAL": "1"}
    base = f"http://127.0.0.1:{port}/earnings/"
    with serving(COMMAND, env, config.var_dir / "production.log",
                 base + "api/v1/health/ready"):
        yield base


def _log_line(path, text: str, seconds: float = 10) -> str:
    """The first log line containing `text` (gunicorn writes it just after answering)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        found = [x for x in path.read_text().splitlines() if text in x]
        if found or time.monotonic() > deadline:
            assert found, f"no log line with {text!r}"
            return found[0]
        time.sleep(0.1)


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_production_serves_the_app_under_a_prefix(production, service, config):
    status, page = _get(production)
    assert status == 200 and b"College Earnings" in page
    assert b'"/earnings/_dash-' in page or b"/earnings/_dash-" in page
    assert _get(production + "vendor/bootstrap/bootstrap.min.css")[0] == 200
    status, layout = _get(production + "_dash-layout")
    assert status == 200 and ids.CARD.encode() in layout

    request, query = callback_request(production.rstrip("/"))
    with urllib.request.urlopen(request, timeout=10) as response:
        options = json.loads(response.read())["response"][ids.INSTITUTION]["options"]
    assert options == service.search_institutions(query)

    d = {k: v for k, v in service.options()["default"].items() if v is not None}
    status, answer = _get(f"{production}api/v1/predict?{urlencode(d)}")
    assert status == 200
    assert json.loads(answer)["prediction"]["value"] == service.predict(
        service.validate(d))["value"]
    line = _log_line(config.var_dir / "production.log", "path=/earnings/api/v1/predict")
    assert "method=GET" in line and "status=200" in line and " ms=" in line
    metrics = _log_line(config.var_dir / "production.log", "metrics pid=")
    assert re.search(r"api=[1-9]\d* .* p50_ms=[\d.]+ p99_ms=[\d.]+", metrics)


@pytest.mark.browser
def test_the_page_works_under_the_prefix_in_a_browser(production, page):
    import re

    from playwright.sync_api import expect

    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    page.goto(production)
    expect(page.locator("#predict-value")).to_have_text(re.compile(r"^\$[\d,]+$"),
                                                        timeout=20_000)
    expect(page.locator(f"#{ids.DISTRIBUTION} .main-svg").first).to_be_visible()
    page.get_by_role("tab", name="Explore").click()
    expect(page.locator(f"#{ids.EXPLORE_STATES} .main-svg").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert "/earnings/" in page.url and errors == []
