"""The page state in the URL: canonical writing, faithful reading, forgiving of bad links."""

from __future__ import annotations

import json

from dash import no_update

from callbacks import page_state, page_url
from layouts import ids
from model.serving import links
from model.serving.filters import Area, Filters, View
from model.serving.links import PageState, parse, serialize


def _state(service, **changes) -> PageState:
    state = links.default_state(service)
    for key, value in changes.items():
        setattr(state, key, value)
    return state


def test_default_page_has_an_empty_query(service):
    assert serialize(service, links.default_state(service)) == ""
    state = parse(service, "")
    assert state.inputs == service.options()["default"] and state.problems == []


def test_round_trip_of_every_part(service):
    d = service.options()["default"]
    program = service.options()["program"]["14"][0]["value"]
    inputs = {**d, "credential": 5, "field": "14", "program": program, "sat": None,
              "admission_rate": 0.253, "tuition": 12_345.0}
    pins = [dict(inputs), {**d, "control": 3, "admission_rate": None}]
    filters = Filters(credential=(3, 5), field=("14", "52"), control=(1,), region=(5, 8),
                      locale=(11,), state=("CA", "FL"), earnings=(20_000.0, 80_000.0),
                      tuition=(0.0, 15_000.0),
                      area=Area("admission_rate", ((0.1, 30_000.0), (0.5, 30_000.0),
                                                   (0.3, 70_000.0))))
    view = View(x="admission_rate", group="region", colour="gap", hide_small=True)
    state = _state(service, inputs=inputs, filters=filters, view=view, tab="explore",
                   pins=pins)
    query = serialize(service, state)
    assert query.startswith("?") and len(query) < 600
    back = parse(service, query)
    assert back.problems == []
    assert back.inputs == service.validate(inputs).as_dict()
    assert back.filters == filters
    assert back.view == view and back.tab == "explore"
    assert "small=hide" in query and "colour=gap" in query
    assert back.pins == [service.validate(p).as_dict() for p in pins]
    assert serialize(service, back) == query  # canonical


def test_bad_parameters_fall_back_to_defaults_and_are_named(service):
    d = service.options()["default"]
    state = parse(service, "?credential=banana&sat=99999&foo=bar&tab=nowhere&x=height&small=x"
                           "&f.region=5,77&f.earnings=lots&f.area=tuition~1_2~x&pin=1_2"
                           "&control=3")
    text = " ".join(state.problems)
    for bad in ("credential 'banana'", "sat '99999'", "foo=bar", "tab=nowhere", "x=height",
                "region '77'", "earnings range", "selected area", "pinned scenario",
                "small=x"):
        assert bad in text
    assert state.inputs["credential"] == d["credential"] and state.inputs["sat"] == d["sat"]
    assert state.inputs["control"] == 3  # the good parts are kept
    assert state.filters.region == (5,) and state.filters.earnings is None
    assert (state.tab, state.view.x) == ("predict", "tuition")


def test_hostile_links_never_raise(service):
    for query in ("?%ff%fe=1", "?" + "a" * 10_000, "?pin=" + "_" * 8, "?f.area=~~~",
                  "?field=14&program=9999", "?&&&=&", "?credential=3&credential=5",
                  "?f.state=" + ",".join(["CA"] * 500), "?tuition=-5", "?sat=nan"):
        state = parse(service, query)
        assert set(state.inputs) == set(service.options()["default"]), query
        service.validate(state.inputs)  # whatever came in, the page opens on valid inputs
    assert parse(service, "?tuition=-5").problems == ["tuition '-5'"]  # named, not silent
    assert parse(service, "?" + "a" * 10_000).problems == ["the link is too long"]


def test_at_most_four_pins(service):
    pin = "3_52__1_5_21_none_none_9000"
    state = parse(service, "?" + "&".join(f"pin={pin}" for _ in range(6)))
    assert len(state.pins) == 4 and "more than 4 pinned scenarios" in state.problems


def test_render_skips_urls_the_page_wrote(service):
    options = service.explorer.filter_options()
    assert page_url.render(service, options, "?tab=explore", "?tab=explore")[:2] == (
        no_update, no_update)
    assert page_url.render(service, options, None, None) == (no_update,) * 3
    assert page_url.render(service, options, "", None) == (no_update, no_update, "")
    content, notice, written = page_url.render(service, options, "?tab=explore", "")
    store = content.children[1].children[0]
    assert (store.id, store.data) == (ids.TABS, "explore")
    assert notice is None and written == "?tab=explore"
    _, notice, _ = page_url.render(service, options, "?foo=1", "")
    assert "foo=1" in str(notice.children)


def test_write_waits_for_the_url_then_writes_changes_once(service):
    options = service.explorer.filter_options()
    d = service.options()["default"]
    inputs = {**d, "admission_rate": d["admission_rate"] * 100, "admission_rate_missing": [],
              "sat_missing": []}
    filters = {"credential": [5], "earnings": [0, options["earnings"]["max"]]}
    view = {"area": None, "x": "tuition", "group": "field", "pins": [], "tab": "explore"}
    assert page_state.write(service, options, inputs, filters, view, "", None) == (
        no_update, no_update)  # the page has not read its URL yet
    query, written = page_state.write(service, options, inputs, filters, view, "", "")
    assert query == written == "?tab=explore&f.credential=5"
    assert page_state.write(service, options, inputs, filters, view, query, query) == (
        no_update, no_update)


def test_the_layout_is_drawn_for_the_link_the_page_was_opened_with(client):
    plain = client.get("/_dash-layout").get_json()
    linked = client.get("/_dash-layout", headers={
        "Referer": "http://example.test/?tab=explore&f.region=5&x=sat"}).get_json()
    text = json.dumps(linked)
    chosen = f'"id": "{ids.TABS}", "data": "explore"'
    assert chosen in text and chosen not in json.dumps(plain)
    assert '"data": "?tab=explore&f.region=5&x=sat"' in text  # drawn: not redrawn by callback
    bad = json.dumps(client.get("/_dash-layout", headers={
        "Referer": "http://example.test/?tab=explore&foo=1"}).get_json())
    assert chosen not in bad  # left to the URL callback and its notice


def test_a_link_with_an_institution_takes_its_inputs_where_the_link_does_not_set_them(service):
    """`inst=` alone opens the institution's program as its picker would: its control,
    region, locale, admission rate, SAT and tuition; an input the link sets wins."""
    d = service.options()["default"]
    unitid = next(o["value"] for o in service.search_institutions("university")
                  if service.institution(o["value"])["region"] != d["region"])
    chosen = service.institution(unitid)
    state = parse(service, f"inst={unitid}&credential=3")
    assert state.institution == unitid and state.problems == []
    assert state.inputs["credential"] == 3
    for name in ("control", "region", "locale", "admission_rate", "sat", "tuition"):
        expected = chosen[name] if chosen[name] is not None or name in (
            "admission_rate", "sat") else d[name]
        assert state.inputs[name] == expected, name
    state = parse(service, f"inst={unitid}&region=1&sat=none")
    assert state.inputs["region"] == 1 and state.inputs["sat"] is None
    assert state.inputs["locale"] == (chosen["locale"] or d["locale"])
    # an unknown institution is named and fills nothing
    state = parse(service, "inst=nope")
    assert state.institution is None and state.inputs == d and state.problems == ["inst=nope"]
