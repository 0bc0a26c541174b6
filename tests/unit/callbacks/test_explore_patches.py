"""The explorer answers only what changed, and what the page shows is the same as if every
chart had been sent whole: each sequence of user actions is drawn both ways, the partial
answers applied as the browser applies them (dash-renderer's Patch operations), and the
results compared with the full answers."""

from __future__ import annotations

import copy
import math

import orjson
import pytest
from dash import no_update

from callbacks import explore
from callbacks.requests import explorer_request
from layouts import ids
from model.serving.filters import View

PATCH = "__dash_patch_update"
BOX = {"x": "tuition", "points": [[2_000, 20_000], [30_000, 20_000], [30_000, 90_000],
                                  [2_000, 90_000]]}
LASSO = {"x": "tuition", "points": [[15_000 + 12_000 * math.cos(i / 3), 50_000 + 30_000 *
                                     math.sin(i / 3)] for i in range(19)]}
# (raw filters, view) in the order a person might take them
JOURNEY = [
    ({}, {}),
    ({"area": BOX}, {}),                                  # a box on the scatter
    ({"area": LASSO}, {}),                                # a lasso instead
    ({"area": LASSO, "earnings": [30_000, 60_000]}, {}),  # a range on the histogram
    ({"area": LASSO, "earnings": [40_000, 80_000]}, {}),  # the range moved
    ({"earnings": [40_000, 80_000]}, {}),                 # the area's chip removed
    ({"earnings": [40_000, 80_000], "field": ["14"]}, {}),          # a field bar clicked
    ({"earnings": [40_000, 80_000], "field": ["14", "52"]}, {}),    # shift-click another
    ({"earnings": [40_000, 80_000], "field": ["14", "52"]}, {"group": "region"}),
    ({"field": ["14", "52"], "region": [5]}, {"group": "region"}),
    ({"field": ["14", "52"], "region": [5], "state": ["GA"]}, {"group": "region"}),
    ({"field": ["14", "52"], "region": [5], "state": ["GA", "FL"]},
     {"group": "region", "small": True}),
    ({"region": [5], "state": ["GA", "FL"]}, {"group": "region", "small": True}),
    ({"region": [5], "state": ["GA", "FL"]}, {"x": "expected", "colour": "gap"}),
    ({"region": [5], "state": ["GA", "FL"], "area": {**BOX, "x": "expected"}},
     {"x": "expected", "colour": "gap"}),
    ({"region": [5], "state": ["GA", "FL"], "area": {**BOX, "x": "expected"}}, {"x": "sat"}),
    ({"earnings": [999_000, 1_000_000]}, {}),             # nothing left
    ({"earnings": [999_000, 1_500_000]}, {}),             # still nothing
    ({}, {}),                                             # Reset
]


def _draw(service, raw: dict, view: dict, drawn: object = None) -> tuple:
    return explore.draw(service, {"area": None, **raw},
                        View.read(view.get("x"), view.get("group"), view.get("colour"),
                                  view.get("small", False)), drawn)


def apply(shown: object, answer: object) -> object:
    """What the page shows after an answer: dash-renderer's handling of no_update, whole
    values and Patch operations (Assign and Delete are the ones the explorer sends)."""
    if answer is no_update:
        return shown
    if not (isinstance(answer, dict) and answer.get(PATCH) == PATCH):
        return answer
    value = copy.deepcopy(shown)
    for op in answer["operations"]:
        *path, last = op["location"]
        node = value
        for key in path:
            node = node[key]
        if op["operation"] == "Assign":
            node[last] = op["params"]["value"]
        elif op["operation"] == "Delete":
            if isinstance(node, dict):
                node.pop(last, None)
            else:
                del node[last]
        else:
            raise AssertionError(f"unexpected patch operation {op['operation']}")
    return value


def _json(value: object) -> object:
    return orjson.loads(orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY))


def test_each_step_of_a_journey_shows_what_a_full_redraw_shows(service):
    shown, drawn = None, None
    for step, (raw, view) in enumerate(JOURNEY):
        full = _draw(service, raw, view)
        answer = _draw(service, raw, view, drawn)
        assert answer[-1] == full[-1], f"step {step}: the fingerprints depend on the past"
        shown = list(full[:-1]) if shown is None else [
            apply(s, a) for s, a in zip(shown, answer[:-1])]
        assert _json(shown) == _json(list(full[:-1])), f"step {step}: {raw} {view}"
        drawn = answer[-1]


def _kinds(answer: tuple) -> dict[str, str]:
    kinds = {}
    for graph, value in zip(explore.GRAPHS, answer):
        kinds[graph] = ("same" if value is no_update else "patch" if isinstance(value, dict)
                        and value.get(PATCH) else "whole")
    return kinds


@pytest.mark.parametrize("before, after, expected", [
    # a box on the scatter: its selection alone changes; the other charts take the box as
    # a filter and are redrawn
    (({}, {}), ({"area": BOX}, {}), {ids.EXPLORE_SCATTER: "patch",
                                     ids.EXPLORE_HISTOGRAM: "whole"}),
    # a histogram range: marked on the histogram, the others filtered
    (({}, {}), ({"earnings": [30_000, 60_000]}, {}), {ids.EXPLORE_HISTOGRAM: "patch",
                                                      ids.EXPLORE_SCATTER: "whole"}),
    # a bar: marked on the bars
    (({}, {}), ({"field": ["14"]}, {}), {ids.EXPLORE_GROUPS: "patch",
                                         ids.EXPLORE_STATES: "whole"}),
    (({}, {}), ({"state": ["GA"]}, {}), {ids.EXPLORE_STATES: "patch",
                                         ids.EXPLORE_GROUPS: "whole"}),
    # another x axis: only the scatter changes
    (({}, {}), ({}, {"x": "sat"}), {ids.EXPLORE_SCATTER: "whole",
                                    ids.EXPLORE_HISTOGRAM: "same", ids.EXPLORE_GROUPS: "same",
                                    ids.EXPLORE_STATES: "same"}),
    # the bars grouped another way: only the bars change
    (({}, {}), ({}, {"group": "region"}), {ids.EXPLORE_GROUPS: "whole",
                                           ids.EXPLORE_SCATTER: "same",
                                           ids.EXPLORE_STATES: "same"}),
    # the same state again (the tab shown again): nothing is sent
    (({"field": ["14"]}, {}), ({"field": ["14"]}, {}), dict.fromkeys(explore.GRAPHS, "same")),
])
def test_only_what_changed_is_sent(service, before, after, expected):
    drawn = _draw(service, *before)[-1]
    kinds = _kinds(_draw(service, *after, drawn))
    assert {g: kinds[g] for g in expected} == expected


def test_a_page_without_fingerprints_gets_everything_whole(service):
    for drawn in (None, "junk", {"explore-scatter": "x"}, {"explore-scatter": [1, 2]}, []):
        answer = _draw(service, {"field": ["14"]}, {}, drawn)
        assert set(_kinds(answer).values()) == {"whole"}


def test_the_callback_sends_a_patch_over_http(client):
    response = client.post("/_dash-update-component", json=explorer_request({}))
    drawn = response.get_json()["response"][ids.EXPLORE_DRAWN]["data"]
    body = explorer_request({"area": BOX}, {f"{ids.EXPLORE_DRAWN}.data": drawn})
    answer = client.post("/_dash-update-component", json=body).get_json()["response"]
    scatter = answer[ids.EXPLORE_SCATTER]["figure"]
    assert scatter[PATCH] == PATCH
    paths = {tuple(op["location"]) for op in scatter["operations"]}
    assert ("layout", "shapes") in paths and ("layout", "selectionrevision") in paths
    assert len(orjson.dumps(scatter)) < 20_000  # the points are not sent again
    assert answer[ids.EXPLORE_HISTOGRAM]["figure"]["data"][0]["type"] == "bar"  # refiltered


def test_the_page_draws_the_figures_an_export_draws(service):
    """The page's plain figures are what plotly's validated Figure makes of them (no key a
    Figure would drop, such as a null range, which breaks plotly's redraws), so an
    exported chart is the chart on the page."""
    import plotly.graph_objects as go

    from charts.compose import explorer_charts

    for raw, view in JOURNEY + [({"state": ["VT"]}, {"small": True}),
                                ({"credential": [1], "state": ["WY"]}, {"x": "net_price"})]:
        f = service.parse_filters({"area": None, **raw}).filters
        v = View.read(view.get("x"), view.get("group"), view.get("colour"),
                      view.get("small", False))
        for chart, fig in explorer_charts(service, f, v).items():
            assert _json(fig) == _json(go.Figure(fig).to_plotly_json()), (chart, raw, view)
