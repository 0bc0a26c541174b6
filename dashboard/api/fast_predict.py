"""A short path for the busiest request: a valid `GET /api/v1/predict`.

A plain, valid prediction request is answered here, in front of Flask, with the same service,
the same validation and the same JSON as the Flask route in `dashboard.api.routes`; Flask's request
context, routing and the hooks Dash and flask-compress add cost more than the prediction
itself (see bench/README.md). A client that accepts a compressed answer (browsers,
`requests`) gets it compressed here as flask-compress would (its choice of algorithm, its
levels). Anything else (another path or method, an unknown, repeated or empty parameter, an
invalid value, any surprise) goes to Flask untouched, which answers it, errors included,
exactly as before.
tests/unit/dashboard/test_fast_predict.py holds both paths to the same bytes and headers.
Anything added to every request as a Flask hook (authentication, metrics) must be applied
here as well.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from dashboard.api.answers import prediction
from dashboard.web.metrics import Metrics
from model.errors import InvalidInputs
from model.serving.inputs import SCENARIO_INPUTS
from model.serving.service import ModelService

WsgiApp = Callable[[dict, Callable], Iterable[bytes]]
# Accept-Encoding -> (the encoding, or None for none; the bytes as encoded)
Encoder = Callable[[str, bytes], tuple[str | None, bytes]]
KNOWN = frozenset(SCENARIO_INPUTS)


def identity(_accept: str, body: bytes) -> tuple[str | None, bytes]:
    """No compression."""
    return None, body


class FastPredict:
    """WSGI middleware answering valid `GET {path}` requests without Flask."""

    def __init__(self, app: WsgiApp, service: ModelService, path: str,
                 dumps: Callable[[object], str], headers: dict[str, str] | None = None,
                 metrics: Metrics | None = None, encode: Encoder = identity) -> None:
        self.app, self.service, self.path, self.dumps = app, service, path, dumps
        self.metrics, self.encode = metrics, encode
        self.headers = list((headers or {}).items())  # what Flask's hooks add to every answer

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != self.path or environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        start = time.perf_counter()
        body = self._answer(environ.get("QUERY_STRING", ""))
        if body is None:
            return self.app(environ, start_response)
        encoding, body = self.encode(environ.get("HTTP_ACCEPT_ENCODING", ""), body)
        if self.metrics is not None:
            self.metrics.record("api", time.perf_counter() - start)
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body))),
                                  ("Vary", "Accept-Encoding"), *self.headers,
                                  *([("Content-Encoding", encoding)] if encoding else [])])
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
                                     metrics, compressing(flask_app))


def compressing(flask_app) -> Encoder:
    """Compression as the app's flask-compress chooses it (the algorithms it was started
    with, its levels and smallest size), or none if it is not installed.

    gzip and zstd are written here, sized for an answer of a few kilobytes: gzip with a
    window and hash table to match (about 30 kB of state instead of 268 kB; the same bytes
    decompressed), zstd with one compressor per thread instead of a new context per answer
    (the same bytes). For the 2.4 kB prediction with cold caches: gzip 24 us instead of
    flask-compress's 27, zstd 17 us instead of 62."""
    from flask_compress import Compress
    from flask_compress.flask_compress import _choose_algorithm, _compress_data

    hooks = flask_app.after_request_funcs.get(None, [])
    compress = next((f.__self__ for f in hooks
                     if isinstance(getattr(f, "__self__", None), Compress)), None)
    if compress is None or "application/json" not in compress.compress_mimetypes_set:
        return identity
    config = flask_app.config
    smallest = config["COMPRESS_MIN_SIZE"]
    local = threading.local()

    def gzip(body: bytes) -> bytes:
        bits = max(9, min(15, (len(body) - 1).bit_length()))  # a window the answer fits in
        writer = zlib.compressobj(config["COMPRESS_LEVEL"], zlib.DEFLATED, 16 + bits, 4)
        return writer.compress(body) + writer.flush()

    def zstd(body: bytes) -> bytes:
        writer = getattr(local, "zstd", None)
        if writer is None:
            from backports.zstd import ZstdCompressor

            writer = local.zstd = ZstdCompressor(level=config["COMPRESS_ZSTD_LEVEL"])
        return writer.compress(body, mode=writer.FLUSH_FRAME)

    own = {"gzip": gzip, "zstd": zstd}

    def encode(accept: str, body: bytes) -> tuple[str | None, bytes]:
        algorithm = _choose_algorithm(compress.enabled_algorithms, accept) if accept else None
        if algorithm is None or len(body) < smallest:
            return None, body
        if algorithm in own:
            return algorithm, own[algorithm](body)
        return algorithm, _compress_data(flask_app, body, algorithm)

    return encode
