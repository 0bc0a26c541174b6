"""Callback modules; each exposes register(app, service) and stays a thin adapter."""

from __future__ import annotations

from . import compare, explore, export, institution, page_url, predictor, program


def register(app, service) -> None:
    """Register every callback of the page with `app`."""
    for module in (predictor, program, institution, explore, compare, export, page_url):
        module.register(app, service)
