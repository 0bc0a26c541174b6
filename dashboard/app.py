"""The application factory."""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlsplit

import dash
import flask
from dash import html

import callbacks
from callbacks.page_url import initial
from dashboard import mcp
from dashboard.api import (  # noqa: F401 - views on routes.api
    chart_routes,
    fast_predict,
    institution_routes,
    openapi,
)
from dashboard.api import routes as api
from dashboard.config import ROOT, Config
from dashboard.context import AppContext
from dashboard.export.renderer import Exporter
from dashboard.web import callback_guard, login, security, vendor
from dashboard.web.cached_answers import CachedExporter, CachedService
from dashboard.web.json_provider import OrjsonProvider
from dashboard.web.metrics import Metrics
from dashboard.web.shared_cache import make_cache
from layouts.page import dropdown_ids, layout
from model.debt import Rates
from model.serving.service import ModelService

MAX_BODY = 16 * 1024 * 1024  # bytes; larger requests get 413 (10,000 JSON rows are ~2 MB)


@functools.lru_cache(maxsize=4)
def _load_service(path: str, mtime: float) -> ModelService:
    return ModelService.load(path)


def load_service(config: Config) -> ModelService:
    """The model service for `config`, loaded once per process (reloaded if the file changes)."""
    path = Path(config.model_path)
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _load_service(str(path), mtime)


def create_app(config: Config | dict | None = None,
               service: ModelService | None = None) -> dash.Dash:
    """Build the Dash app; `config` overrides the environment, `service` the artifact."""
    if not isinstance(config, Config):
        config = Config.from_env(config)
    model = service or load_service(config)
    model.rates = Rates(config.debt_rate_undergraduate, config.debt_rate_graduate)
    model.poverty = config.poverty_guideline
    cache = make_cache(config.redis_url, model.metadata, config.cache_mb)
    service = CachedService(model, cache)
    prefix = config.url_base_pathname
    metrics = Metrics(config.metrics_interval)
    default = _draw(service, *initial(service, ""))  # the page for a plain address
    app = dash.Dash(
        __name__, title="College Earnings", update_title=None,
        url_base_pathname=prefix, assets_folder=str(ROOT / "assets"),
        serve_locally=True, compress=True, external_stylesheets=[vendor.stylesheet_url(prefix)],
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"},
                   {"name": "description", "content": "What graduates of U.S. college "
                    "programs earn, and why: College Scorecard data and an explainable model."},
                   {"name": "page-dropdowns", "content": ",".join(dropdown_ids(default))}])
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    vendor.register(app.server, prefix)
    api_prefix = f"{prefix}api/v1"
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    if config.secret_key:
        app.server.secret_key = config.secret_key
    app.server.json = OrjsonProvider(app.server)
    app.server.json.sort_keys = False  # answers keep their documented order (and cost less)
    app.server.register_blueprint(api.api, url_prefix=api_prefix)
    app.server.register_blueprint(openapi.create_blueprint(service, api_prefix),
                                  url_prefix=api_prefix)
    api.json_errors(app.server, api_prefix)
    app.layout = functools.partial(_page, service, default)
    exporter = CachedExporter(Exporter(limit=config.export_queue), cache)
    context = AppContext(config, service, exporter, cache, metrics)
    context.install(app.server)
    callbacks.register(app, context)
    # every answer names its model, so a page left open during an update can say so
    # (assets/model_update.js)
    fixed = security.install(app, config.frame_ancestors,
                             extra={"X-Model-Id": model.identity()["id"]})
    if config.team_login:
        login.install(app.server, login.parse_users(config.team_login), api_prefix)
    else:  # the short path skips Flask's hooks, so it only runs without a login
        fast_predict.install(app.server, model, f"{api_prefix}/predict", fixed, metrics)
    callback_guard.install(app)  # after the login: a stranger's post is refused first
    if config.enable_mcp:  # the same login, headers and limits; its own guard
        mcp.install(app, model, prefix)
    else:
        mcp.refuse(app.server, prefix)
    _warm_up(app, prefix)
    return app


def _page(service: ModelService, default: html.Div):
    """The page, drawn for the link it is opened with when the browser names it (`default`,
    drawn once, for a plain address).

    The browser asks for the layout from the page itself, so the Referer header holds the
    page's address; drawing that state here spares a redraw (and a flash of the default
    view) when a shared link is opened. Without the header the URL callback does it."""
    query = ""
    if flask.has_request_context() and flask.request.referrer:
        query = urlsplit(flask.request.referrer).query
    state, drawn = initial(service, query)
    if drawn is None:
        return default
    return _draw(service, state, drawn)


def _draw(service: ModelService, state: dict, drawn: str | None) -> html.Div:
    return layout(service.options(), service.info(), service.explorer.filter_options(), state,
                  drawn)


def _warm_up(app: dash.Dash, prefix: str) -> None:
    """Serve one request now, so Dash registers its scripts before any worker thread runs.

    Dash does this on the first request, and with threaded workers a concurrent request
    for a script can arrive before it has finished (answering 500). It also validates the
    layout at start-up rather than in front of a user.
    """
    response = app.server.test_client().get(f"{prefix}_dash-layout",
                                            environ_base={login.WARM_UP: True})
    if response.status_code != 200:
        raise RuntimeError(f"the dashboard failed to start: {response.status_code}")
