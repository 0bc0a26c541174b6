"""Callback modules; each exposes register(app, ctx) and stays a thin adapter: ctx is the
app's context (dashboard.context.AppContext: service, cache, exporter, metrics), given, never
imported. May import model and layouts; never dashboard."""

from __future__ import annotations

from . import (
    compare,
    explore,
    export,
    institution,
    institution_view,
    page_url,
    predictor,
    program,
    tabs,
)


def register(app, ctx) -> None:
    """Register every callback of the page with `app`."""
    for module in (predictor, program, institution, institution_view, explore, compare,
                   export, page_url, tabs):
        module.register(app, ctx)
