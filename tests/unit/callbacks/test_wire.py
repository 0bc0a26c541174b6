"""The predictor's answer is plain data: the same JSON as components and figures would give,
and writable by orjson directly (Dash's fast path)."""

from __future__ import annotations

import json

import orjson
import plotly.graph_objects as go
from plotly.io.json import to_json_plotly

from callbacks import predictor
from callbacks.wire import plain
from layouts.prediction import error_message, prediction_card
from tests.helpers import page_values


def test_plain_components_write_the_same_json(service):
    info = service.info()
    result = service.explain(service.default_scenario())
    for n_field in (0, 12):  # with and without the 'no programs' alert
        dist = {**result["distribution"], "n_chosen": n_field, "n_suppressed": 3}
        warned = {**info, "warnings": ["This model rests on only 29 programs."]}
        card = prediction_card(result["prediction"], warned, dist)
        assert to_json_plotly(plain(card)) == to_json_plotly(card)
    alert = error_message(["Tuition: enter the yearly tuition in dollars."])
    assert to_json_plotly(plain(alert)) == to_json_plotly(alert)


def test_the_predictor_answer_needs_no_slow_path(service):
    answer = predictor.update(service, service.info(), page_values(service))
    orjson.dumps(list(answer), option=orjson.OPT_SERIALIZE_NUMPY)  # raises on a component
    page = predictor.figures(service, service.default_scenario(),
                             service.explain(service.default_scenario()))
    for chart in page:  # valid plotly, unchanged by plotly's own validation
        assert json.loads(go.Figure(chart).to_json()) == json.loads(orjson.dumps(chart))
