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


def _damaged(config, tmp_path, how: str):
    """A copy of the trained model, damaged `how`; returns the copy's path."""
    import shutil

    folder = tmp_path / "model"
    folder.mkdir()
    model = folder / "model.joblib"
    shutil.copy(config.model_path, model)
    shutil.copy(config.model_path.with_suffix(".json"), folder / "model.json")
    whole = model.read_bytes()
    if how == "truncated":
        model.write_bytes(whole[:len(whole) // 3])
    elif how == "not a model":
        model.write_bytes(b"<html>Not Found</html>")
    elif how == "another version":  # a format this code does not read
        meta = json.loads((folder / "model.json").read_text())
        (folder / "model.json").write_text(json.dumps({**meta, "artifact_version": 1}))
    return model


@pytest.mark.parametrize(("how", "said"), [
    ("truncated", "is truncated"), ("not a model", "is not a model file"),
    ("another version", "has format 1, this code reads"),
])
def test_a_damaged_model_is_named_in_one_line_before_gunicorn_starts(config, tmp_path, how,
                                                                     said):
    model = _damaged(config, tmp_path, how)
    result = _run({"VAR_DIR": str(config.var_dir), "SECRET_KEY": secrets.token_hex(32),
                   "DEBUG": "", "MODEL_PATH": str(model), "PORT": str(free_port())})
    assert result.returncode == 2, result.stderr[-500:]
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and said in lines[0] and "python -m dashboard prepare" in lines[0]
    assert "Traceback" not in result.stderr and "Starting gunicorn" not in result.stderr


def test_gunicorn_on_a_damaged_model_says_so_in_one_line(config, tmp_path):
    """Started directly (no production check), gunicorn loads the model before forking and
    stops with the same one line."""
    import sys

    model = _damaged(config, tmp_path, "truncated")
    meta = json.loads(model.with_suffix(".json").read_text())
    meta.pop("file_bytes", None)  # as a model written before sizes were recorded
    model.with_suffix(".json").write_text(json.dumps(meta))
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
         "dashboard.wsgi:server"], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "VAR_DIR": str(config.var_dir), "MODEL_PATH": str(model),
             "PORT": str(free_port()), "HOST": "127.0.0.1"})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    errors = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
    assert len(errors) == 1 and "is truncated" in errors[0], result.stderr[-800:]


@pytest.mark.parametrize("header", ["SCRIPT_NAME", "PATH_INFO", "X_Forwarded_For"])
def test_a_header_posing_as_a_wsgi_variable_gets_a_400(production, header):
    """gunicorn would set SCRIPT_NAME from the header (and answer 500 when the path does not
    start with it): no peer sets WSGI variables here, and such a header is refused."""
    from urllib.error import HTTPError

    for path in ("", "_dash-layout", "api/v1/health/ready", "api/v1/options"):
        request = urllib.request.Request(production + path, headers={header: "/x"})
        with pytest.raises(HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 400, (path, refused.value.code)
        assert b"Invalid HTTP header name" in refused.value.read()


def test_readiness_says_which_model_it_serves(production, service):
    status, body = _get(production + "api/v1/health/ready")
    model = json.loads(body)["model"]
    meta = service.metadata
    assert status == 200 and model == {
        "id": service.identity()["id"], "release": meta["data"]["release"],
        "data": meta["data"]["kind"], "trained_at": meta["created_at"]}
    assert re.fullmatch(r"[0-9a-f]{12}", model["id"])


def test_the_health_command_asks_this_hosts_readiness(production, service):
    """`python -m dashboard health`, the image's HEALTHCHECK: 0 and the model when ready,
    1 and why not when nothing answers."""
    import sys
    from urllib.parse import urlsplit

    port = str(urlsplit(production).port)
    env = {**os.environ, "PORT": port, "URL_BASE_PATHNAME": "/earnings/", "HOST": "0.0.0.0"}
    ready = subprocess.run([sys.executable, "-m", "dashboard", "health"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)
    assert ready.returncode == 0, ready.stderr
    assert ready.stdout.startswith(f"ready: model {service.identity()['id']}")
    down = subprocess.run([sys.executable, "-m", "dashboard", "health"], cwd=ROOT,
                          env={**env, "PORT": str(free_port())}, capture_output=True,
                          text=True, timeout=60)
    assert down.returncode == 1 and down.stderr.startswith("not ready: http://127.0.0.1:")
    # --url takes the dashboard's address (with its prefix), or the check's own URL
    for url in (production, production.rstrip("/"), production + "api/v1/health/ready"):
        asked = subprocess.run([sys.executable, "-m", "dashboard", "health", "--url", url],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert asked.returncode == 0, (url, asked.stderr)
        assert asked.stdout.startswith(f"ready: model {service.identity()['id']}"), url
    # an address that answers 200, but not as the dashboard does, is said so
    import http.server
    import threading

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>another site</html>")

        def log_message(self, *args):
            pass

    other_site = http.server.HTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=other_site.serve_forever, daemon=True).start()
    try:
        other = subprocess.run([sys.executable, "-m", "dashboard", "health", "--url",
                                f"http://127.0.0.1:{other_site.server_port}/"], cwd=ROOT,
                               env=env, capture_output=True, text=True, timeout=60)
    finally:
        other_site.shutdown()
    assert other.returncode == 1 and "Traceback" not in other.stderr
    assert "not as the dashboard's readiness check does" in other.stderr

