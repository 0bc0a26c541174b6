"""A real gunicorn serving the small demo model, and Playwright on Debian's Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ..servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    """Poll `url` until it answers 200, failing early if the server exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {seconds}s")


@contextlib.contextmanager
def serving(command: list[str], env: dict, log_path: Path, ready: str):
    """Run a server `command` (its output in `log_path`) until `ready` answers 200; stop it
    on leaving."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=log,
                                   stderr=subprocess.STDOUT)
        try:
            wait_for(ready, process)
            yield process
        finally:
            process.terminate()
            process.wait(timeout=30)


@contextlib.contextmanager
def official_site(real_data: Path, var: Path, **release):
    """The real extract written in the official layout (`release`: write_release's
    options), built, trained and served by gunicorn; yields the base URL and the model
    service (to pick the cases from the data)."""
    from dashboard.cli import train
    from dashboard.config import Config
    from model.data import dataset
    from model.data.dataset import Sources
    from model.serving.service import ModelService
    from tests.official_layout import write_release

    files = write_release(real_data, var / "release", **release)
    config = Config(var_dir=var)
    dataset.build(Sources(fos=str(files.fos), institution=str(files.institution)),
                  config.data_dir, log=lambda _: None)
    train(config)
    port = free_port()
    env = {"VAR_DIR": str(var), "PORT": str(port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": "1"}
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
               "--no-control-socket", "dashboard.wsgi:server"]
    with serving(command, env, var / "gunicorn.log", url + "/"):
        yield url, ModelService.load(config.model_path)


@pytest.fixture(scope="session")
def test_site(real_data, tmp_path_factory):
    """The real extract in the official layout with the earnings test's columns filled,
    built, trained and served by gunicorn (shared by the earnings test's and the
    institution view's browser tests): its URL and service."""
    with official_site(real_data, tmp_path_factory.mktemp("test-site"),
                       earnings_test=True) as site:
        yield site


@pytest.fixture(scope="session")
def live_gunicorn(config):
    """gunicorn, as `make run` starts it, on a free loopback port; yields its base URL and
    its master process (tests look at this master's processes only)."""
    port = free_port()
    env = {"VAR_DIR": str(config.var_dir), "PORT": str(port), "HOST": "127.0.0.1",
           "WEB_CONCURRENCY": "2"}
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
               "dashboard.wsgi:server"]
    with serving(command, env, config.var_dir / "gunicorn.log", url + "/") as process:
        yield url, process


@pytest.fixture(scope="session")
def live_server(live_gunicorn):
    """The live gunicorn's base URL."""
    return live_gunicorn[0]


@pytest.fixture(scope="session")
def gunicorn_log(config) -> Path:
    """The live server's log file."""
    return config.var_dir / "gunicorn.log"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless, with background networking off (no internet here)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed")
    return {**browser_type_launch_args, "executable_path": chromium, "headless": True,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


def callback_request(base: str, query: str = "college") -> tuple[urllib.request.Request, str]:
    """A real Dash callback request (the institution search) against the app at `base`
    (ending without '/'); returns it and the query it searches for."""
    import json

    from layouts import ids

    body = {"output": f"{ids.INSTITUTION}.options",
            "outputs": {"id": ids.INSTITUTION, "property": "options"},
            "inputs": [{"id": ids.INSTITUTION, "property": "search_value", "value": query}],
            "changedPropIds": [f"{ids.INSTITUTION}.search_value"],
            "state": [{"id": ids.INSTITUTION, "property": "value", "value": None}]}
    return urllib.request.Request(base + "/_dash-update-component",
                                  data=json.dumps(body).encode(),
                                  headers={"Content-Type": "application/json"}), query
