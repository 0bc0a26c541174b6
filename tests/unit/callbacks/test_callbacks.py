"""Each callback's logic, called directly."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from dash import no_update

from callbacks import institution, predictor, program
from layouts import ids
from tests.helpers import component_text as _text
from tests.helpers import page_values as _values


def test_update_returns_card_and_both_figures(service):
    card, dist, breakdown, message, said, *_ = predictor.update(service, service.info(),
                                                            _values(service))
    p = service.predict(service.default_scenario())
    predicted = p["value"]
    assert f"${predicted:,.0f}" in _text(card)
    assert said == (f"Predicted {service.info()['target_measure']['title'].lower()}: "
                    f"${predicted:,.0f}, 80% range ${p['low']:,.0f} to ${p['high']:,.0f}; "
                    f"higher than {round(p['percentile'])}% of bachelor's degree programs.")
    assert "80% range" in _text(card) and "percentile" in _text(card)
    assert message is None
    dist_fig = go.Figure(dist)
    assert dist_fig.data[0].type == "bar" and len(dist_fig.data) == 2
    assert f"Predicted ${predicted:,.0f}" in [a.text for a in dist_fig.layout.annotations]
    assert dist_fig.layout.shapes[0].line.dash == "dash"
    assert dist_fig.layout.xaxis.tickprefix == "$"
    wf = go.Figure(breakdown).data[0]
    assert wf.type == "waterfall" and wf.y[0] == "Average program" and wf.y[-1] == "Prediction"
    assert sum(wf.x[:-1]) == pytest.approx(wf.x[-1])


def test_credential_change_changes_prediction_and_chart(service):
    info = service.info()
    bach = predictor.update(service, info, _values(service))
    masters = predictor.update(service, info, _values(service, credential=5))
    assert _text(bach[0]) != _text(masters[0])
    assert go.Figure(bach[1]).layout.title.text != go.Figure(masters[1]).layout.title.text


def test_not_reported_sat_and_admission(service):
    card, _, _, message, *_ = predictor.update(
        service, service.info(), _values(service, sat=None, sat_missing=["missing"],
                                         admission_rate=None, admission_rate_missing=["missing"]))
    s = service.validate({**service.options()["default"], "sat": None, "admission_rate": None})
    assert message is None
    assert f"${service.predict(s)['value']:,.0f}" in _text(card)  # the prediction without them


def test_empty_combination_is_explained(service):
    card, dist, _, message, *_ = predictor.update(service, service.info(),
                                                 _values(service, credential=1, field="27"))
    assert "No Mathematics and Statistics programs" in _text(card)
    assert any("No Mathematics" in a.text for a in go.Figure(dist).layout.annotations)


def test_invalid_inputs_give_a_message_and_keep_the_charts(service):
    for changes, text in [({"sat": 3000}, "Average SAT"), ({"admission_rate": 150},
                          "enter a percentage from 0 to 100"), ({"tuition": None}, "Tuition"),
                          ({"credential": "<script>"}, "not a valid value"),
                          ({"sat": None}, "Not reported"), ({"locale": {"a": 1}}, "Locale")]:
        card, dist, breakdown, message, said, *_ = predictor.update(service, service.info(),
                                                                _values(service, **changes))
        assert card is no_update and dist is no_update and breakdown is no_update
        assert said is no_update  # the alert is what is said
        assert text in _text(message), changes


def test_program_options_follow_the_field(service):
    options = service.options()
    choices, keep = program.program_options(options, "52", None)
    assert choices and all(c["label"] for c in choices)
    code = choices[0]["value"]
    assert program.program_options(options, "52", code)[1] == code
    assert program.program_options(options, "14", code)[1] is None
    assert program.program_options(options, None, code) == ([], None)


def test_institution_fill_and_reset(service):
    unitid = service.search_institutions("university")[0]["value"]
    inst = service.institution(unitid)
    values = institution.fill(service, ids.INSTITUTION, unitid)
    assert [values[k] for k in ("credential", "field", "program")] == [no_update] * 3
    assert values["filled"][:3] == [inst["control"], inst["region"], inst["locale"]]
    assert "Filled from" in values["note"]
    reset = institution.fill(service, ids.RESET, None)
    d = service.options()["default"]
    assert reset["credential"] == d["credential"] and reset["field"] == d["field"]
    assert reset["institution"] is None
    unknown = institution.fill(service, ids.INSTITUTION, "nope")
    assert "not in the data" in unknown["note"]


def test_institution_search_keeps_the_selection(service):
    unitid = service.search_institutions("college")[0]["value"]
    found = institution.search(service, "", unitid)
    assert found[0]["value"] == unitid
    assert institution.search(service, {"bad": 1}, None) == []


def test_the_card_names_the_measure_and_what_the_figures_rest_on(service):
    info = service.info()
    card = _text(predictor.update(service, info, _values(service))[0])
    m = info["target_measure"]
    assert m["title"].lower() in card.lower() and m["population"] in card and m["cohort"] in card
    s = service.default_scenario()
    p = service.predict(s)
    assert f"typical size ({p['typical_graduates']:,.0f} graduates a year)" in card
    assert "under 35 graduates" in card and "over 80 graduates" in card
    dist = service.distribution(s.credential, s.field)
    assert f"{dist['n_chosen']:,} bachelor's degree programs in" in card
    assert f"median ${dist['median_chosen']:,.0f}" in card
    cv = info["metrics"]["cv_r2"]
    assert f"cross-validated R² {cv['mean']:.2f} ± {cv['std']:.2f}" in card
    assert "Caution" not in card  # thousands of programs, a good fit


def test_the_range_is_wider_for_a_small_program(service):
    p = service.predict(service.default_scenario())
    widths = [b["high"] - b["low"] for b in p["by_size"]]
    assert [b["band"] for b in p["by_size"]] == ["under 35 graduates", "35 to 80 graduates",
                                                 "over 80 graduates"]
    assert widths == sorted(widths, reverse=True) and widths[0] > 1.1 * widths[-1]
    assert p["low"] < p["value"] < p["high"]


def test_a_small_field_is_drawn_as_its_programs(service):
    options = service.options()
    small = next((c["value"], f["value"]) for c in options["credential"]
                 for f in options["field"]
                 if 0 < service.distribution(c["value"], f["value"])["n_chosen"] < 5)
    dist = service.distribution(*small)
    s = service.validate({**options["default"], "credential": small[0], "field": small[1],
                          "program": None})
    figure = go.Figure(predictor.figures(service, s, service.explain(s))[0])
    chosen = figure.data[1]
    assert chosen.type == "scatter" and list(chosen.x) == dist["values"]
    assert len(dist["values"]) == dist["n_chosen"] and "each shown" in chosen.name


def test_the_institution_note_gives_net_price_and_program_tuition():
    note = institution.institution_note({"name": "Beauty School", "programs": 1, "withheld": 3,
                                         "net_price": 12345.0, "tuition_kind": "program-year"})
    assert "1 program with earnings in the data, 3 more without" in note
    assert "Average net price $12,345 a year" in note and "charges by program" in note
    plain = institution.institution_note({"name": "U", "programs": 12, "withheld": 0,
                                          "net_price": None, "tuition_kind": "in-state"})
    assert plain == "Filled from U (12 programs with earnings in the data). Change any " \
                    "input to explore."


def test_the_footer_names_the_chosen_horizons_measure(service, client):
    """The footer's "Predicting: ..." follows the horizon chooser, in the page drawn for a
    link and after a change; an unknown horizon names the default target."""
    from layouts.page import measure_footer

    info = service.info()
    other = next(h for h in info["horizons"] if h["column"] != info["target"])
    assert measure_footer(info, other["column"]) == f"Predicting: {other['label']}."
    assert measure_footer(info, "EARN_NOPE") == f"Predicting: {info['target_definition']}."
    body = {"output": f"{ids.FOOTER_MEASURE}.children",
            "outputs": {"id": ids.FOOTER_MEASURE, "property": "children"},
            "inputs": [{"id": ids.HORIZON, "property": "value", "value": other["column"]}],
            "changedPropIds": [f"{ids.HORIZON}.value"], "state": []}
    answer = client.post("/_dash-update-component", json=body).get_json()
    assert answer["response"][ids.FOOTER_MEASURE]["children"] == (
        f"Predicting: {other['label']}.")
    page = client.get("/_dash-layout", headers={"Referer": f"http://x/?h={other['column']}"})
    assert f"Predicting: {other['label']}." in page.get_data(as_text=True)
