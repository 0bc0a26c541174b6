"""What the app's parts share, built once by create_app and handed to them: the callbacks
get it in `register(app, ctx)`; the API's routes, which Flask calls without arguments, read
it with `current()`."""

from __future__ import annotations

from dataclasses import dataclass

import flask

from dashboard.config import Config
from dashboard.export.institution_report import build_institution_report
from dashboard.export.institution_report import report_name as institution_report_name
from dashboard.export.report import build_report, report_name
from dashboard.web.cached_answers import CachedExporter, CachedService
from dashboard.web.metrics import Metrics
from dashboard.web.shared_cache import Cache
from model.serving.inputs import Scenario

KEY = "dashboard"  # where the context hangs on the Flask app


@dataclass
class AppContext:
    """The configuration, the model service (answering from the shared cache), the
    exporter (drawing charts to files), the cache itself and the timings."""

    config: Config
    service: CachedService
    exporter: CachedExporter
    cache: Cache
    metrics: Metrics

    def report(self, service, s: Scenario, programs: list[dict] | None = None
               ) -> tuple[bytes, str]:
        """The scenario's one-page PDF report and its file name (without `.pdf`)."""
        return (build_report(service, s, self.exporter, programs),
                report_name(service, s, programs))

    def institution_report(self, service, profile: dict) -> tuple[bytes, str]:
        """An institution's multi-page PDF report (its profile:
        ModelService.institution_profile) and its file name (without `.pdf`)."""
        return (build_institution_report(service, profile, self.exporter),
                institution_report_name(profile))

    def install(self, server: flask.Flask) -> None:
        """Hang the context on the Flask app, for `current()`."""
        server.extensions[KEY] = self


def current() -> AppContext:
    """The context of the app serving this request."""
    return flask.current_app.extensions[KEY]
