"""Section 1: the main dashboard callback (inputs -> prediction card, distribution and
breakdown) on the server, next to a trivial Dash callback on the same app (the floor) and the
tutorial's results endpoint, through Flask's test client (no network: server time only).

Each request changes the credential, as a person does, cycling through every credential so
caches see what they would in use (each credential's distribution chart is drawn once, then
read from the cache)."""

from __future__ import annotations

import gzip
import time
from urllib.parse import urlencode

from dash import Input, Output
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

from callbacks.requests import predictor_request
from harness.stats import summary
from layouts import ids

from . import tutorial

FLOOR_IN, FLOOR_OUT = "bench-floor-input", "bench-floor-output"


def add_floor(app) -> dict:
    """Register a trivial callback (its input echoed) on `app`; returns its request body."""
    app.callback(Output(FLOOR_OUT, "children"), Input(FLOOR_IN, "value"))(lambda v: v)
    return {"output": f"{FLOOR_OUT}.children",
            "outputs": {"id": FLOOR_OUT, "property": "children"},
            "inputs": [{"id": FLOOR_IN, "property": "value", "value": "Bachelor's degree"}],
            "changedPropIds": [f"{FLOOR_IN}.value"], "state": []}


def _timed(send, repeat: int) -> tuple[list[float], bytes]:
    times, body = [], b""
    for i in range(repeat):
        started = time.perf_counter()
        response = send(i)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_data()[:300]
        body = response.get_data()
    return times, body


def run(app, service, df, repeat: int) -> dict:
    """Server time (ms) and response bytes of the three, with the targets' ratios."""
    floor = add_floor(app)
    client = Client(DispatcherMiddleware(app.server, {"/bench": tutorial.app(df)}))
    credentials = [o["value"] for o in service.options()["credential"]]
    bodies = [predictor_request(service, **{ids.CREDENTIAL: c}) for c in credentials]
    default = service.options()["default"]
    scenarios = [tutorial.inputs(service, {**default, "credential": c}) for c in credentials]
    urls = [f"/bench/tutorial-results?{urlencode({k: v for k, v in s.items() if v is not None})}"
            for s in scenarios]
    for i in range(len(credentials)):  # warm: first requests, caches filled once
        client.post("/_dash-update-component", json=bodies[i])
    client.post("/_dash-update-component", json=floor)
    client.get(urls[0])

    ours, ours_body = _timed(lambda i: client.post("/_dash-update-component",
                                                   json=bodies[i % len(bodies)]), repeat)
    trivial, _ = _timed(lambda _: client.post("/_dash-update-component", json=floor), repeat)
    slow, tutorial_body = _timed(lambda i: client.get(urls[i % len(urls)]),
                                 max(5, repeat // 10))
    out = {"ours": {**summary(ours), "bytes": len(ours_body),
                    "gzip_bytes": len(gzip.compress(ours_body))},
           "floor": summary(trivial),
           "tutorial": {**summary(slow), "bytes": len(tutorial_body),
                        "gzip_bytes": len(gzip.compress(tutorial_body))}}
    out["ratios"] = {
        "ours_over_floor_p50": out["ours"]["p50"] / out["floor"]["p50"],
        "tutorial_over_ours_p50": out["tutorial"]["p50"] / out["ours"]["p50"],
        "tutorial_bytes_over_ours": out["tutorial"]["bytes"] / out["ours"]["bytes"]}
    return out
