"""The explorer's and the comparison's callbacks, called directly and over HTTP."""

from __future__ import annotations

import io
import json

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import no_update

from callbacks import compare, explore
from callbacks.explore import FILTER_NAMES, GRAPHS
from layouts import ids
from layouts.controls import INPUT_IDS
from model.serving.filters import View
from tests.helpers import component_text as _text
from tests.helpers import page_values as _values


@pytest.fixture(scope="module")
def bounds(service):
    return service.explorer.filter_options()


def _slot(name: str) -> int:
    return (FILTER_NAMES + ["area"]).index(name)


def test_draw_returns_every_view_of_one_selection(service):
    raw = {"credential": [3], "region": [5], "area": None}
    scatter, hist, groups, states, *words, summary, chips, selection, message, drawn = \
        explore.draw(service, raw, View.read("sat", "control"))
    n = service.explore(service.parse_filters(raw).filters)["summary"]["n"]
    assert f"{n:,}" in _text(summary) and "median" in _text(summary)
    assert {c["props"]["id"]["key"] for c in chips} == {"credential", "region"}
    assert selection["credential"] == [3] and selection["region"] == [5]
    assert go.Figure(scatter).layout.xaxis.title.text == "Average SAT"
    assert go.Figure(hist).data[0].type == "bar"
    assert sum(go.Figure(hist).data[0].y) == n  # nothing filters earnings here
    assert go.Figure(groups).layout.title.text == "Median earnings by control"
    assert go.Figure(states).data[0].marker.symbol == "square"
    assert message is None


def test_draw_names_values_it_ignored(service):
    *_, selection, message, _drawn = explore.draw(service, {"credential": ["42"]},
                                                  View.read("height", "colour"))
    assert selection["credential"] == [] and "'42'" in json.dumps(message)


def test_box_and_lasso_become_an_area(bounds):
    box = {"range": {"x": [1000, 9000], "y": [20_000, 50_000]}, "points": []}
    out = explore.interact(ids.EXPLORE_SCATTER, box, box, "field", "tuition", bounds)
    assert out[_slot("area")] == {"x": "tuition", "points": [
        [1000, 20_000], [9000, 20_000], [9000, 50_000], [1000, 50_000]]}
    lasso = {"lassoPoints": {"x": [0.1, 0.5, 0.3], "y": [1, 2, 3]}, "points": []}
    out = explore.interact(ids.EXPLORE_SCATTER, lasso, lasso, "field", "admission_rate",
                           bounds)
    assert out[_slot("area")]["points"] == [[0.1, 1], [0.5, 2], [0.3, 3]]
    click = {"points": [{"x": 1, "y": 2}]}
    assert explore.interact(ids.EXPLORE_SCATTER, click, click, "field", "tuition",
                            bounds) == [no_update] * (len(FILTER_NAMES) + 1 + len(GRAPHS))
    # a redraw that clears plotly's box reports "nothing selected": the area stays
    redrawn = explore.interact(ids.EXPLORE_SCATTER, None, None, "field", "tuition", bounds)
    assert redrawn[_slot("area")] is no_update


def test_histogram_range_and_bar_clicks(bounds):
    top = bounds["earnings"]["max"]
    hist = {"range": {"x": [31_234, 48_800]}}
    out = explore.interact(ids.EXPLORE_HISTOGRAM, hist, hist, "field", "tuition", bounds)
    assert out[_slot("earnings")] == [31_000, 49_000]
    out = explore.interact(ids.EXPLORE_HISTOGRAM, None, None, "field", "tuition", bounds)
    assert out[_slot("earnings")] is no_update and top > 0
    bars = {"points": [{"customdata": [5, "Southeast", 10]}, {"customdata": [8, "Far West", 3]}]}
    out = explore.interact(ids.EXPLORE_GROUPS, bars, bars, "region", "tuition", bounds)
    assert out[_slot("region")] == [5, 8] and out[_slot("field")] is no_update
    tiles = {"points": [{"customdata": ["CA", "California", 9]}]}
    out = explore.interact(ids.EXPLORE_STATES, tiles, tiles, "region", "tuition", bounds)
    assert out[_slot("state")] == ["CA"]
    out = explore.interact(ids.EXPLORE_GROUPS, None, None, "credential", "tuition", bounds)
    assert out[_slot("credential")] is None


@pytest.mark.parametrize("selected", [
    {"range": {"x": 5, "y": [1, 2]}}, {"range": {"x": ["a", None]}}, {"lassoPoints": {"x": 3}},
    {"points": [{"customdata": []}]}, {"points": "all"}, {"range": None}, [], "x" * 10_000,
])
def test_crafted_selections_change_nothing(bounds, selected):
    nothing = [no_update] * (len(FILTER_NAMES) + 1 + len(GRAPHS))
    for trigger in GRAPHS:
        out = explore.interact(trigger, selected, selected, "colour", "height", bounds)
        assert out == nothing or all(v is no_update or v is None for v in out)


def test_chips_and_reset_clear_filters(bounds):
    out = explore.interact({"type": ids.CHIP, "key": "tuition"}, 1, None, "field", "tuition",
                           bounds)
    assert out[_slot("tuition")] == [0, bounds["tuition"]["max"]]
    assert out[-len(GRAPHS):] == [None] * len(GRAPHS)
    assert out[_slot("region")] is no_update
    appeared = explore.interact({"type": ids.CHIP, "key": "region"}, None, None, "field",
                                "tuition", bounds)
    assert set(map(id, appeared)) == {id(no_update)}  # a new chip, not a click
    reset = explore.interact(ids.EXPLORE_RESET, 1, None, "field", "tuition", bounds)
    assert reset[_slot("credential")] is None and reset[_slot("area")] is None
    assert reset[_slot("earnings")] == [0, bounds["earnings"]["max"]]


def test_table_pages_and_download_are_the_selection(service):
    selection = {"credential": [3], "control": [1]}
    n = service.explore(service.parse_filters(selection).filters)["summary"]["n"]
    page = explore.table_page(service, selection, "", {"startRow": 25, "endRow": 50,
                                                       "sortModel": [{"colId": "earnings",
                                                                      "sort": "asc"}]})
    assert page["rowCount"] == n and len(page["rowData"]) == 25
    earnings = [r["earnings"] for r in page["rowData"]]
    assert earnings == sorted(earnings)
    json.dumps(page)  # no NaN or numpy values reach the browser
    sent = explore.download(service, selection, "", None)
    frame = pd.read_csv(io.StringIO(sent["content"]))
    assert sent["filename"] == "college-earnings-selection.csv"
    assert len(frame) == n and set(frame["credential"]) == {"Bachelor's degree"}
    for request in ({"startRow": "x"}, {"startRow": -5, "endRow": 10**9}, "junk", None):
        try:
            page = explore.table_page(service, selection, None, request)
        except (TypeError, ValueError):
            pytest.fail(f"a crafted grid request raised: {request!r}")
        assert len(page["rowData"]) <= 500


def test_typical_inputs_fill_the_predictor(service):
    values, note = explore.typical_inputs(service, {"credential": [5], "field": ["14"]})
    assert values[:2] == [5, "14"] and len(values) == len(INPUT_IDS)
    assert "programs selected in the explorer" in note
    values, note = explore.typical_inputs(service, {"earnings": [999_000, 1_000_000]})
    assert values is None and "No programs" in note


def test_pin_unpin_and_compare(service):
    values = _values(service)
    pinned, message = compare.pin(service, [], values)
    assert message is None and pinned == [service.default_scenario().as_dict()]
    _, message = compare.pin(service, pinned, values)
    assert "already pinned" in _text(message)
    four = [dict(pinned[0], tuition=t) for t in (1000.0, 2000.0, 3000.0, 4000.0)]
    assert "Up to 4" in _text(compare.pin(service, four, values)[1])
    _, message = compare.pin(service, [], _values(service, tuition=None))
    assert "tuition" in _text(message).lower()
    assert compare.unpin(four, 1) == [four[0], four[2], four[3]]
    panel = compare.panel(service, four[:2] + [{"credential": "junk"}, "junk"])
    text = _text(panel)
    assert "Pinned scenarios (2 of 4)" in text
    for p in four[:2]:
        value = service.predict(service.validate(p))["value"]
        assert f"${value:,.0f}" in text
    assert "Pin a scenario" in _text(compare.panel(service, []))


@pytest.mark.parametrize("values", [
    {}, {"region": [5], "x": "sat", "group": "state"},
    {"credential": ["<script>"], "earnings": ["a", "b"], "area": {"x": "tuition"}},
    {"field": "x" * 100_000, "tuition": [5], "x": None, "group": 7},
    {"state": [{"a": 1}], "area": {"x": "tuition", "points": [[1, 2]] * 20_000}},
])
def test_crafted_explorer_requests_never_fail(client, values, explorer_request):
    response = client.post("/_dash-update-component", json=explorer_request(values))
    assert response.status_code == 200
    body = response.get_json()["response"]
    assert "figure" in body[ids.EXPLORE_SCATTER]
    assert "Traceback" not in json.dumps(body)
