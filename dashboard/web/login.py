"""Optional team login: HTTP Basic authentication for the dashboard, the API and exports
alike, from TEAM_LOGIN (`name:hash` pairs separated by commas; make a pair with
`python -m dashboard hash-password NAME`). Health checks stay open. Only password hashes
live in the environment; a verified name and password are remembered (as a digest) so the
slow hash is checked once per process, not per request. Use it behind HTTPS.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Response, jsonify, request
from werkzeug.security import check_password_hash

from model.errors import command

REALM = 'Basic realm="College Earnings", charset="UTF-8"'
REMEMBERED = 1024  # verified credentials kept per process
WARM_UP = "dashboard.warm_up"  # set by the app's own start-up request (clients cannot set it)


def parse_users(text: str) -> dict[str, str]:
    """'alice:scrypt:...,bob:pbkdf2:...' -> {name: hash}; raises ValueError if malformed."""
    users = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, hashed = item.partition(":")
        if not sep or not name or not hashed or "$" not in hashed:
            raise ValueError("TEAM_LOGIN must be name:hash pairs separated by commas; make "
                             f"one with {command('hash-password NAME')}")
        users[name] = hashed
    if not users:
        raise ValueError("TEAM_LOGIN is set but names nobody")
    return users


class TeamLogin:
    """Checks a name and password against the configured hashes."""

    def __init__(self, users: dict[str, str]) -> None:
        self.users = users
        self._known: set[bytes] = set()

    def check(self, name: str | None, password: str | None) -> bool:
        if not name or password is None or name not in self.users:
            return False
        digest = hashlib.sha256(f"{name}\0{password}".encode()).digest()
        if any(hmac.compare_digest(digest, known) for known in self._known):
            return True
        if not check_password_hash(self.users[name], password):
            return False
        if len(self._known) < REMEMBERED:
            self._known.add(digest)
        return True


def install(flask_app, users: dict[str, str], api_prefix: str) -> TeamLogin:
    """Refuse every request without a valid login, except the health checks."""
    login = TeamLogin(users)
    open_paths = {f"{api_prefix}/health/live", f"{api_prefix}/health/ready"}

    @flask_app.before_request
    def require_login():
        if request.path in open_paths or request.environ.get(WARM_UP):
            return None
        auth = request.authorization
        if auth is not None and auth.type == "basic" and login.check(auth.username,
                                                                      auth.password):
            return None
        if request.path.startswith(api_prefix):
            response = jsonify({"status": 401, "message": "log in: this server needs a team "
                                "name and password (HTTP Basic)", "errors": []})
            response.status_code = 401
        else:
            response = Response("Log in with your team name and password.", 401,
                                mimetype="text/plain")
        response.headers["WWW-Authenticate"] = REALM
        return response

    return login
