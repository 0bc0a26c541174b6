"""Serve Bootstrap's CSS from the installed bootstrap-flask package (no CDN)."""

from __future__ import annotations

from pathlib import Path

import flask_bootstrap
from flask import Flask, send_from_directory

BOOTSTRAP_CSS = Path(flask_bootstrap.__file__).parent / "static" / "bootstrap5" / "css"


def stylesheet_url(prefix: str) -> str:
    """Where the page links Bootstrap's stylesheet, under the app's path prefix."""
    return f"{prefix}vendor/bootstrap/bootstrap.min.css"


def register(server: Flask, prefix: str) -> None:
    """Add the route that serves Bootstrap's CSS folder."""

    def bootstrap_css(filename: str):
        return send_from_directory(BOOTSTRAP_CSS, filename, max_age=86_400)

    server.add_url_rule(f"{prefix}vendor/bootstrap/<path:filename>", "bootstrap_css",
                        bootstrap_css)
