"""The production start: check what a shared deployment needs, then run gunicorn.

    SECRET_KEY=... .venv/bin/python -m dashboard production

It refuses to start, saying why, with debug on, without a SECRET_KEY of at least 32 bytes, or
without a whole trained model of this code's format (it never trains: run `python -m dashboard
prepare` first). Then it
replaces itself with gunicorn on gunicorn.conf.py and dashboard.wsgi:server; extra arguments
go to gunicorn.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dashboard.config import ROOT, Config
from dashboard.web.login import parse_users
from model.errors import command
from model.learning import artifact

MIN_SECRET = 32  # bytes


def problems(config: Config) -> list[str]:
    """Why this configuration must not serve a team (empty when it may)."""
    found = []
    if config.debug:
        found.append("DEBUG is on: unset it (debug mode shows tracebacks and reloads code)")
    key = (config.secret_key or "").encode()
    if not key:
        found.append("SECRET_KEY is not set: set it to at least 32 random bytes, for example "
                     "SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')")
    elif len(key) < MIN_SECRET:
        found.append(f"SECRET_KEY is {len(key)} bytes long: it must be at least {MIN_SECRET}")
    if config.team_login:
        try:
            parse_users(config.team_login)
        except ValueError as exc:
            found.append(str(exc))
    if not Path(config.model_path).is_file():
        found.append(f"no trained model at {config.model_path}: run {command('prepare')} "
                     "first (the production command never trains)")
    else:
        found.append(artifact.problem(config.model_path))
    return [f for f in found if f]


def start(config: Config, gunicorn_args: list[str]) -> int:
    """Check, then exec gunicorn; returns 2 (having said why) if the checks fail."""
    found = problems(config)
    if found:
        for problem in found:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    os.chdir(ROOT)
    os.execv(sys.executable, [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
                              *gunicorn_args, "dashboard.wsgi:server"])
    return 0  # pragma: no cover - exec does not return
