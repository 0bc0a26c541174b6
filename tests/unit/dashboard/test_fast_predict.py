"""The short path for GET /api/v1/predict answers exactly what the Flask route answers, and
hands everything else to Flask."""

from __future__ import annotations

import gzip
import zlib
from urllib.parse import urlencode

import brotli
import pytest
from backports import zstd
from werkzeug.test import Client

from dashboard.api.fast_predict import FastPredict

PATH = "/api/v1/predict"


@pytest.fixture(scope="module")
def flask_only(app):
    """The app without the short path (the Flask route answers everything)."""
    middleware = app.server.wsgi_app
    assert isinstance(middleware, FastPredict)
    return Client(middleware.app)


@pytest.fixture
def spy(app):
    """The short path in front of a Flask app that records what reaches it."""
    reached = []
    inner = app.server.wsgi_app

    def flask(environ, start_response):
        reached.append(environ["PATH_INFO"])
        return inner.app(environ, start_response)

    return Client(FastPredict(flask, inner.service, PATH, inner.dumps,
                              dict(inner.headers), encode=inner.encode)), reached


def _scenarios(service) -> list[dict]:
    opts = service.options()
    d = {k: v for k, v in opts["default"].items() if v is not None}
    label = {n: {o["value"]: o["label"] for o in opts[n]} for n in ("credential", "field",
                                                                    "control")}
    field = opts["field"][-1]["value"]
    program = opts["program"][field][0]["value"]
    return [
        d,
        {**d, "credential": label["credential"][d["credential"]],
         "field": label["field"][d["field"]], "control": label["control"][d["control"]]},
        {k: v for k, v in d.items() if k not in ("sat", "admission_rate")},
        {**d, "field": field, "program": program, "tuition": 0, "admission_rate": 1},
    ]


def test_valid_requests_are_answered_without_flask_and_identically(app, service, flask_only,
                                                                   spy):
    client, reached = spy
    for scenario in _scenarios(service):
        url = f"{PATH}?{urlencode(scenario)}"
        fast, slow = client.get(url), flask_only.get(url)
        assert fast.status_code == slow.status_code == 200, slow.get_json()
        assert fast.data == slow.data
        assert dict(fast.headers) == dict(slow.headers)
        assert fast.get_json()["prediction"]["value"] == pytest.approx(
            service.predict(service.validate(scenario))["value"])
    assert reached == []


@pytest.mark.parametrize("change", [
    {"query": {"credential": "99"}},          # an invalid value: a 422 from Flask
    {"query": {"colour": "blue"}},            # an unknown parameter
    {"query": {"sat": ""}},                   # an empty one
    {"suffix": "&tuition=1"},                 # a repeated one
    {"suffix": "&field=%FF"},                 # bytes that are not UTF-8
    {"method": "POST"},
    {"path": PATH + "/"},
])
def test_everything_else_reaches_flask_unchanged(service, flask_only, spy, change):
    client, reached = spy
    d = {k: v for k, v in service.options()["default"].items() if v is not None}
    url = (f"{change.get('path', PATH)}?{urlencode({**d, **change.get('query', {})})}"
           f"{change.get('suffix', '')}")
    method, headers = change.get("method", "GET"), change.get("headers", {})
    got = client.open(url, method=method, headers=headers)
    expected = flask_only.open(url, method=method, headers=headers)
    assert reached == [change.get("path", PATH)]
    assert got.status_code == expected.status_code
    assert got.status_code >= 400 and got.is_json
    assert got.data == expected.data


DECODE = {None: lambda d: d, "gzip": gzip.decompress, "br": brotli.decompress,
          "zstd": zstd.decompress, "deflate": zlib.decompress}


@pytest.mark.parametrize("accept, encoding", [
    ("gzip", "gzip"),                            # wrk, curl --compressed
    ("gzip, deflate", "gzip"),                   # requests without brotli
    ("gzip, deflate, br", "br"),                 # requests with brotli
    ("gzip, deflate, br, zstd", "zstd"),         # Chromium, Firefox
    ("br;q=0.5, gzip;q=1.0", "gzip"),            # preferences weighed
    ("identity", None), ("compress", None),      # none wanted, none known
    ("*", "zstd"),
])
def test_compressed_answers_are_written_here_as_flask_would(service, flask_only, spy, accept,
                                                            encoding):
    client, reached = spy
    d = {k: v for k, v in service.options()["default"].items() if v is not None}
    url = f"{PATH}?{urlencode(d)}"
    got = client.get(url, headers={"Accept-Encoding": accept})
    expected = flask_only.get(url, headers={"Accept-Encoding": accept})
    assert reached == []
    assert got.status_code == expected.status_code == 200
    assert got.headers.get("Content-Encoding") == encoding
    # Date aside: flask-compress's conditional handling dates Flask's compressed answer, and
    # gunicorn dates every answer; gzip's length aside: written with a smaller window
    aside = {"Date"} | ({"Content-Length"} if encoding == "gzip" else set())
    assert {k: v for k, v in got.headers.items() if k not in aside} == {
        k: v for k, v in expected.headers.items() if k not in aside}
    assert int(got.headers["Content-Length"]) == len(got.data)
    body = DECODE[encoding](got.data)
    assert body == DECODE[encoding](expected.data)
    if encoding == "zstd":
        assert got.data == expected.data  # one compressor per thread: the same bytes
    assert b'"prediction"' in body and len(got.data) < len(body) or encoding is None
