"""The container files, checked without a container engine (none runs on the machines this is
built on): the Dockerfile and compose.yaml parsed, every path and command they name found in
the repository, and the runtime requirements kept apart from the development ones."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from dockerfile_parse import DockerfileParser

from dashboard.cli.commands import parser as cli_parser
from dashboard.config import Config

ROOT = Path(__file__).resolve().parents[2]
VOLUME = "/var/lib/college-earnings"
DEV_TOOLS = {"pytest", "pytest-playwright", "pytest-base-url", "playwright",
             "axe-playwright-python", "locust", "schemathesis", "hypothesis", "pip-audit",
             "import-linter", "nbclient", "nbformat", "ipykernel", "openpyxl", "pyyaml",
             "dockerfile-parse", "mcp", "ruff"}


def _settings() -> set[str]:
    """Every environment variable the app reads: Config's fields and gunicorn.conf.py's."""
    conf = (ROOT / "gunicorn.conf.py").read_text()
    return {f.upper() for f in Config.__dataclass_fields__} | set(
        re.findall(r"""(?:environ\.get|_int)\(['"](\w+)['"]""", conf))


@pytest.fixture(scope="module")
def dockerfile() -> list[dict]:
    return DockerfileParser(fileobj=open(ROOT / "Dockerfile", "rb")).structure  # noqa: SIM115


def _instructions(structure: list[dict], name: str) -> list[str]:
    return [i["value"] for i in structure if i["instruction"] == name]


def _exec_form(value: str) -> list[str]:
    return json.loads(value)


def test_the_image_is_debian_python_311_and_runs_the_production_command(dockerfile):
    assert _instructions(dockerfile, "FROM") == ["python:3.11-slim-bookworm"]
    entry = _exec_form(_instructions(dockerfile, "ENTRYPOINT")[0])
    command = _exec_form(_instructions(dockerfile, "CMD")[0])
    assert entry + command == ["python", "-m", "dashboard", "production"]
    cli_parser().parse_args(command)  # a command the command line knows


def test_the_image_installs_chromium_and_only_the_runtime_requirements(dockerfile):
    runs = " ".join(_instructions(dockerfile, "RUN"))
    assert re.search(r"apt-get install [^&]*\bchromium\b", runs)
    assert "pip install -r requirements.txt" in runs and "requirements-dev" not in runs
    env = dict(re.findall(r"(\w+)=(\S+)", " ".join(_instructions(dockerfile, "ENV"))))
    assert Path(env["BROWSER_PATH"]).name == "chromium"
    assert env["VAR_DIR"] == VOLUME and _instructions(dockerfile, "VOLUME") == [VOLUME]
    known = _settings()
    app_settings = set(env) - {"PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED",
                               "PIP_NO_CACHE_DIR", "PIP_DISABLE_PIP_VERSION_CHECK",
                               "BROWSER_PATH"}
    assert app_settings <= known, app_settings - known


def test_the_image_runs_as_a_user_without_privileges_after_installing(dockerfile):
    order = [i["instruction"] for i in dockerfile]
    users = _instructions(dockerfile, "USER")
    assert users == ["app"]
    assert "useradd --system --uid 10001" in " ".join(_instructions(dockerfile, "RUN"))
    user_at = order.index("USER")
    assert all(name not in ("RUN", "COPY") for name in order[user_at:])  # nothing as root after


def test_every_path_the_image_copies_exists_and_the_app_needs_nothing_else(dockerfile):
    copied = []
    for value in _instructions(dockerfile, "COPY"):
        *sources, _ = shlex.split(value)
        copied += [s.rstrip("/") for s in sources]
    for source in copied:
        assert (ROOT / source).exists(), source
    # every Python package of the app and what it reads at run time
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    assert packages - {"tests", "bench", "harness"} <= set(copied)
    assert {"assets", "gunicorn.conf.py", "requirements.txt"} <= set(copied)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "var", ".git", "tests"} <= set(ignored)


def test_the_health_check_asks_readiness_with_a_command_that_exists(dockerfile):
    check = _instructions(dockerfile, "HEALTHCHECK")[0]
    assert "--interval=" in check and "--start-period=" in check
    command = _exec_form(check.split("CMD", 1)[1].strip())
    assert command[:3] == ["python", "-m", "dashboard"]
    assert cli_parser().parse_args(command[3:]).command == "health"  # (tested against a
    # real server in tests/integration/test_production.py)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_runs_two_replicas_redis_and_the_balancer(compose):
    services = compose["services"]
    app, prepare = services["app"], services["prepare"]
    assert app["deploy"]["replicas"] == 2 and app["command"] == ["production"]
    assert prepare["command"] == ["prepare"]
    for name in ("app", "prepare"):
        cli_parser().parse_args(services[name]["command"])
        assert services[name]["build"] == "." and (ROOT / "Dockerfile").exists()
        assert services[name]["volumes"] == [f"earnings:{VOLUME}"]
    assert app["depends_on"]["prepare"]["condition"] == "service_completed_successfully"
    assert app["depends_on"]["redis"]["condition"] == "service_healthy"
    assert app["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    known = _settings()
    assert "WEB_CONCURRENCY" in known
    assert set(app["environment"]) <= known, set(app["environment"]) - known
    assert services["redis"]["image"].startswith("redis:")
    balancer = services["balancer"]
    assert balancer["image"].startswith("haproxy:2.6")
    source, target = balancer["volumes"][0].split(":")[:2]
    assert (ROOT / source).is_file() and target == "/usr/local/etc/haproxy/haproxy.cfg"
    # the balancer names each replica as compose names its containers, on the app's port
    names = {balancer["environment"][k] for k in ("APP1", "APP2")}
    assert names == {f"{compose['name']}-app-{i}:8050" for i in (1, 2)}
    assert balancer["depends_on"]["app"]["condition"] == "service_healthy"


def test_the_balancer_config_checks_readiness_and_is_valid_with_compose_settings(compose):
    text = (ROOT / "deploy" / "haproxy.cfg").read_text()
    assert re.search(r'http-check send meth GET uri "\$\{URL_BASE_PATHNAME-/\}api/v1/health/'
                     r'ready"', text)
    assert "http-request del-header SCRIPT_NAME" in text
    if shutil.which("haproxy") is None:
        if os.environ.get("CI"):
            pytest.fail("haproxy is missing: `make test` installs it")
        pytest.skip("haproxy is not installed")
    env = {k: str(v) for k, v in compose["services"]["balancer"]["environment"].items()}
    env["URL_BASE_PATHNAME"] = "/earnings/"
    checked = subprocess.run(["haproxy", "-c", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
                             env={**os.environ, **env}, capture_output=True, text=True,
                             timeout=30)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Configuration file is valid" in checked.stdout + checked.stderr


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].split(";", 1)[0].strip()
        if line and not line.startswith("-r"):
            name, _, version = line.partition("==")
            assert version, f"{path.name}: {line} is not pinned exactly"
            pins[name.strip().lower()] = version.strip()
    return pins


def test_runtime_and_development_requirements_are_apart_and_pinned_exactly():
    runtime = _pins(ROOT / "requirements.txt")
    dev = _pins(ROOT / "requirements-dev.txt")
    assert not DEV_TOOLS & set(runtime), DEV_TOOLS & set(runtime)
    assert set(dev) <= DEV_TOOLS and not set(dev) & set(runtime)
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text()
    assert {"dash", "gunicorn", "kaleido", "redis", "scikit-learn"} <= set(runtime)
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"\$\(STAMP\): requirements\.txt.*\n\t\$\(BIN\)/pip install --quiet -r "
                     r"requirements\.txt\n", makefile)
    # make run needs the app's packages and the browser that draws exports, never dev tools
    assert re.search(r"\nrun: prepare browser\n", makefile)
    assert re.search(r"\nprepare: setup\n", makefile)
    assert re.search(r"\ntest: setup-dev ", makefile)
    # make run serves this machine only unless HOST says otherwise
    assert re.search(r"\nHOST \?= 127\.0\.0\.1\n", makefile)
    assert "HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn" in makefile
