"""The optional team login: everything but the health checks refused without it."""

from __future__ import annotations

import base64
import subprocess
import sys
from urllib.parse import urlencode

import pytest
from werkzeug.security import generate_password_hash

from dashboard import create_app
from dashboard.cli.production import problems
from dashboard.web.login import parse_users

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def guarded(config, service):
    login = f"alice:{generate_password_hash(PASSWORD)}"
    return create_app({**config.__dict__, "team_login": login}, service=service)


def _auth(name: str, password: str) -> dict:
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_requests_without_a_login_are_refused(guarded, service):
    client = guarded.server.test_client()
    d = {k: v for k, v in service.options()["default"].items() if v is not None}
    for path in ("/", "/_dash-layout", "/assets/style.css", f"/api/v1/predict?{urlencode(d)}",
                 "/api/v1/options", f"/api/v1/charts/breakdown.png?{urlencode(d)}",
                 f"/api/v1/report.pdf?{urlencode(d)}", "/api/v1/docs"):
        for headers in ({}, _auth("alice", "wrong"), _auth("mallory", PASSWORD)):
            response = client.get(path, headers=headers)
            assert response.status_code == 401, path
            assert response.headers["WWW-Authenticate"].startswith('Basic realm=')
            assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/api/v1/predict").get_json()["status"] == 401
    update = client.post("/_dash-update-component", json={"output": "x.children"})
    assert update.status_code == 401


def test_a_login_opens_everything_and_health_stays_open(guarded, service):
    client = guarded.server.test_client()
    d = {k: v for k, v in service.options()["default"].items() if v is not None}
    ok = _auth("alice", PASSWORD)
    assert client.get("/", headers=ok).status_code == 200
    answer = client.get(f"/api/v1/predict?{urlencode(d)}", headers=ok).get_json()
    assert answer["prediction"]["value"] == service.predict(service.validate(d))["value"]
    assert client.get("/api/v1/health/live").status_code == 200
    assert client.get("/api/v1/health/ready").status_code == 200


def test_team_login_settings_are_checked(config):
    assert parse_users("a:scrypt:1$x$y, b:pbkdf2:sha256:1$s$h") == {
        "a": "scrypt:1$x$y", "b": "pbkdf2:sha256:1$s$h"}
    for bad in ("alice", "alice:plaintext", ":scrypt:1$x$y", ","):
        with pytest.raises(ValueError, match="TEAM_LOGIN"):
            parse_users(bad)
    settings = {**config.__dict__, "secret_key": "k" * 32, "team_login": "alice:plain"}
    assert any("TEAM_LOGIN" in p for p in problems(type(config)(**settings)))


def test_hash_password_makes_a_working_entry():
    result = subprocess.run([sys.executable, "-m", "dashboard", "hash-password", "bob"],
                            input=PASSWORD + "\n", capture_output=True, text=True, timeout=60,
                            check=True)
    users = parse_users(result.stdout.strip())
    from dashboard.web.login import TeamLogin

    login = TeamLogin(users)
    assert login.check("bob", PASSWORD) and login.check("bob", PASSWORD)  # second: remembered
    assert not login.check("bob", PASSWORD + "!") and not login.check("eve", PASSWORD)
