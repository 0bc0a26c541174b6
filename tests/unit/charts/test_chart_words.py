"""Every chart's words (its text alternative and "Show as table"), from the callbacks that
draw the charts, hold the numbers the API gives for the same inputs and change with them."""

from __future__ import annotations

from urllib.parse import urlencode

from callbacks import compare, explore, predictor
from layouts import ids
from model.serving.filters import View
from tests.helpers import component_text as _text
from tests.helpers import page_values as _values

API = "/api/v1"


def _api(client, path: str, **params) -> dict:
    response = client.get(f"{API}{path}?{urlencode(params)}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()


def _words(service, **changes) -> tuple[str, str, str, str]:
    *_, dist_caption, breakdown_caption, dist_table, breakdown_table = predictor.update(
        service, service.info(), _values(service, **changes))
    return dist_caption, breakdown_caption, _text(dist_table), _text(breakdown_table)


def test_the_predictors_charts_in_words_match_the_api(client, service):
    for changes in ({}, {"credential": 5}, {"field": "14", "tuition": 30000}):
        raw = {k: v for k, v in {**service.options()["default"], **changes}.items()
               if v is not None}
        answer = _api(client, "/predict", **raw)
        dist = _api(client, "/distribution", credential=raw["credential"], field=raw["field"])
        caption, breakdown, dist_table, breakdown_table = _words(service, **changes)
        value = f"${answer['prediction']['value']:,.0f}"
        assert f"Predicted {value} (dashed line)" in caption
        assert (f"{dist['chosen_label']}: {dist['n_chosen']:,} programs, median "
                f"${dist['median_chosen']:,.0f}") in caption
        assert (f"All {dist['credential_label']} programs: {dist['n_overall']:,} programs, "
                f"median ${dist['median_overall']:,.0f}") in caption
        assert dist_table.startswith(f"| Earnings | {dist['chosen_label']} (share of programs)")
        assert dist_table.count("\n| $") >= 5 and "%" in dist_table
        c = answer["contributions"]
        assert f"from the average program's ${c['baseline']:,.0f}" in breakdown
        assert breakdown.endswith(f"prediction {value}.")
        for term in c["terms"]:  # each term, its sign in words in the table
            amount = ("+" if term["amount"] >= 0 else "-") + f"${abs(term['amount']):,.0f}"
            assert f"{term['label']} ({term['value']}) {amount}" in breakdown
            assert ("raises it " if term["amount"] >= 0 else "lowers it ") + amount \
                in breakdown_table


def test_the_words_change_with_the_inputs(service):
    bachelors, masters = _words(service), _words(service, credential=5)
    assert bachelors[0] != masters[0] and bachelors[1] != masters[1]
    assert "Earnings of Bachelor's degree programs" in bachelors[0]
    assert "Earnings of Master's degree programs" in masters[0]


def test_an_invalid_input_leaves_the_words(service):
    answer = predictor.update(service, service.info(), _values(service, tuition=None))
    assert all(a is predictor.no_update for a in answer[-4:])


def test_the_explorers_charts_in_words_match_the_api(client, service):
    raw = {"credential": [3], "control": [1]}
    out = explore.draw(service, raw, View.read("tuition", "field"))
    n = len(explore.GRAPHS)
    captions, tables = out[n:2 * n], [_text(t) for t in out[2 * n:3 * n]]
    scatter, histogram, groups, states, tests = captions
    total = _api(client, "/programs", credential=3, control=1, per_page=1)["total"]
    assert f"of {total:,} selected" in scatter and "Public:" in scatter
    assert f"Earnings of {total:,} programs (every filter but earnings)" in histogram
    data = service.explore(service.parse_filters(raw).filters, "tuition", "field")
    top = max((r for r in data["groups"]["rows"] if r["median"] is not None),
              key=lambda r: r["median"])
    assert f"highest {top['label']} ${top['median']:,.0f}" in groups
    assert "Median earnings by state" in states
    for table in tables:
        assert table.startswith("| ") and "\n|---|" in table
    assert top["label"] in tables[2]
    passing, failing = (_api(client, "/programs", credential=3, control=1, test=outlook,
                             per_page=1)["total"] for outlook in ("passes", "fails"))
    assert f"{passing:,} pass, " in tests and f"and {failing:,} fail;" in tests
    assert tests.startswith("Federal earnings test by field (4-year earnings): of ")


def test_the_comparison_in_words(service):
    d = service.default_scenario().as_dict()
    pinned = [d, {**d, "tuition": 30000.0}]
    panel = compare.panel(service, pinned)
    text = _text(panel)
    first = service.predict(service.validate(pinned[0]))["value"]
    second = service.predict(service.validate(pinned[1]))["value"]
    caption = next(c for c in _walk(panel) if getattr(c, "id", None)
                   == ids.caption(ids.COMPARE_CHART))
    assert "Scenario 1 (" in _text(caption.children) and f"${first:,.0f}" in caption.children
    assert f"${second:,.0f}" in caption.children
    assert "Show as table" in text


def _walk(component):
    if isinstance(component, (list, tuple)):
        for c in component:
            yield from _walk(c)
        return
    if component is None or isinstance(component, (str, int, float)):
        return
    yield component
    yield from _walk(getattr(component, "children", None))


def test_an_empty_selection_says_so(service):
    out = explore.draw(service, {"earnings": [999_000, 1_000_000]}, View.read("tuition", "field"))
    n = len(explore.GRAPHS)
    scatter, histogram, groups, states, tests = out[n:2 * n]
    assert scatter == groups == states == tests == ("No programs with published earnings "
                                                    "match these filters.")
    assert histogram.endswith("the earnings filter keeps $999,000 to $1,000,000.")
