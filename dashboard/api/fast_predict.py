"""A short path for the busiest request: a valid `GET /api/v1/predict`.

A plain, valid prediction request is answered here, in front of Flask, with the same service,
the same validation and the same JSON as the Flask route in `dashboard.api.routes`; Flask's request
context, routing and the hooks Dash and flask-compress add cost more than the prediction
itself (see bench/README.md). Anything else (another path or method, a client that accepts a
compressed answer, an unknown, repeated or empty parameter, an invalid value, any surprise)
goes to Flask untouched, which answers it, errors included, exactly as before.
tests/unit/test_fast_predict.py holds both paths to the same bytes and headers. Anything added
to every request as a Flask hook (authentication, metrics) must be applied here as well.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from dashboard.api.routes import SCENARIO_PARAMS, prediction
from dashboard.web.metrics import Metrics
from model.errors import InvalidInputs
from model.service import ModelService

WsgiApp = Callable[[dict, Callable], Iterable[bytes]]
KNOWN = frozenset(SCENARIO_PARAMS)


class FastPredict:
    """WSGI middleware answering valid `GET {path}` requests without Flask."""

    def __init__(self, app: WsgiApp, service: ModelService, path: str,
                 dumps: Callable[[object], str], headers: dict[str, str] | None = None,
                 metrics: Metrics | None = None) -> None:
        self.app, self.service, self.path, self.dumps = app, service, path, dumps
        self.metrics = metrics
        self.headers = list((headers or {}).items())  # what Flask's hooks add to every answer

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if (environ.get("PATH_INFO") != self.path or environ.get("REQUEST_METHOD") != "GET"
                or environ.get("HTTP_ACCEPT_ENCODING", "identity") != "identity"):
            return self.app(environ, start_response)
        start = time.perf_counter()
        body = self._answer(environ.get("QUERY_STRING", ""))
        if body is None:
            return self.app(environ, start_response)
        if self.metrics is not None:
            self.metrics.record("api", time.perf_counter() - start)
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body))),
                                  ("Vary", "Accept-Encoding"), *self.headers])
        return [body]

    def _answer(self, query: str) -> bytes | None:
        """The answer's bytes, or None when Flask should answer."""
        try:  # as werkzeug reads it, but refusing what it would re-quote
            pairs = parse_qsl(query.encode("latin-1").decode(), keep_blank_values=True,
                              errors="strict")
        except (UnicodeError, ValueError):
            return None
        raw = dict(pairs)
        if len(raw) != len(pairs) or not raw.keys() <= KNOWN or "" in raw.values():
            return None
        try:
            scenario = self.service.validate(raw)
        except InvalidInputs:
            return None
        return (self.dumps(prediction(self.service, scenario)) + "\n").encode()


def install(flask_app, service: ModelService, path: str,
            headers: dict[str, str] | None = None, metrics: Metrics | None = None) -> None:
    """Put the short path in front of `flask_app`, writing JSON as its `jsonify` does and
    adding `headers` (those its hooks add to every response)."""
    provider = flask_app.json

    def dumps(obj: object) -> str:
        if (provider.compact is None and flask_app.debug) or provider.compact is False:
            return provider.dumps(obj, indent=2)
        return provider.dumps(obj, separators=(",", ":"))

    flask_app.wsgi_app = FastPredict(flask_app.wsgi_app, service, path, dumps, headers,
                                     metrics)
