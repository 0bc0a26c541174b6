"""Prediction counts and latency, per worker, logged periodically."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from callbacks import predictor
from dashboard import create_app
from dashboard.web.metrics import LOG, Metrics
from layouts.controls import INPUT_NAMES
from tests.helpers import page_values as _values


def test_lines_count_and_time_what_happened():
    metrics = Metrics(interval=0)  # no thread: lines on demand
    assert metrics.line() is None
    for ms in (1, 2, 3, 100):
        metrics.record("api", ms / 1000)
    metrics.record("batch_rows", 0.05, n=300)
    line = metrics.line()
    assert "api=4 batch_rows=300 page=0 requests=5" in line
    assert "p50_ms=3.00" in line and "p99_ms=100.00" in line
    assert metrics.line() is None  # each line covers what happened since the last


def test_the_app_counts_api_page_and_batch_predictions(config, service):
    app = create_app({**config.__dict__, "metrics_interval": 0}, service=service)
    client = app.server.test_client()
    d = {k: v for k, v in service.options()["default"].items() if v is not None}
    assert client.get(f"/api/v1/predict?{urlencode(d)}").status_code == 200  # short path
    assert client.post("/api/v1/predict", json=d).status_code == 200
    assert client.get("/api/v1/predict?credential=99").status_code == 422  # not counted
    rows = {"rows": [d, d, {**d, "credential": 99}]}
    assert client.post("/api/v1/predict/batch", json=rows).status_code == 200
    callback = app.callback_map
    key = next(k for k in callback if "chart-distribution.figure" in k)
    with app.server.test_request_context():
        values = _values(service)
        callback[key]["callback"].__wrapped__(
            controls=[values[n] for n in INPUT_NAMES], institution=None, horizon=None,
            bachelor=None, url=[None] * len(predictor.URL.states))
    counts = app.server.extensions["dashboard"].metrics.counts
    assert counts == {"api": 2, "batch_rows": 2, "page": 1}


def test_a_line_is_logged_every_interval(caplog):
    metrics = Metrics(interval=0.05)
    LOG.propagate = True  # let caplog see it
    try:
        with caplog.at_level("INFO", logger="dashboard.metrics"):
            metrics.record("page", 0.01)
            deadline = time.monotonic() + 5
            while "metrics pid=" not in caplog.text and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        LOG.propagate = False
    assert "page=1" in caplog.text
