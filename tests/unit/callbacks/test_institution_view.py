"""The Institution tab (issue 29): the view's callbacks called directly, the link that opens
it, the explorer's institution filter ("show these programs") and the predictor's values
for one of its programs."""

from __future__ import annotations

import csv
import io

import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from callbacks import institution_view as view_cb
from callbacks.page_state import FILTER_NAMES
from callbacks.wire import plain
from model.serving import links


def _largest(service) -> str:
    return str(service.explorer.df["UNITID"].astype("string").value_counts().index[0])


def _rows(service, unitid: str):
    df = service.explorer.df
    return df[df["UNITID"].astype("string") == unitid]


def _draw(service, unitid, peers=None, shown=None, picked=None):
    return view_cb.view(service, "institution", unitid, peers, None, None, shown, picked)


def test_iv001_the_view_shows_every_program_of_the_institution(service):
    unitid = _largest(service)
    out = _draw(service, unitid)
    rows = out["view"]["rows"]
    assert len(rows) == len(_rows(service, unitid)) == len(
        service.real_programs(unitid))
    assert out["view"]["count"] == f"{len(rows):,} programs"
    assert out["hidden"] is False and out["intro"] is True and out["message"] is None
    profile = service.institution_profile(unitid)
    by_key = {p["key"]: p for p in profile["programs"]}
    for row in rows:  # each row's figures are its program's
        p = by_key[row["key"]]
        assert row["earnings"] == p["earnings"] and row["expected"] == p["expected"]
        assert row["p_below"] == p["test"].get("p_below")
        assert row["payment"] == pytest.approx(p["payment"]) if p["debt"] else \
            row["payment"] is None
    horizons = [h["years"] for h in service.horizons()]
    headers = [c["headerName"] for c in out["view"]["columns"]]
    for years in horizons:  # earnings at every horizon the release has
        assert f"{years}-year earnings ($)" in headers
    body = str(plain(out["view"]["body"]))
    summary = profile["summary"]
    assert f"{summary['programs']:,} program" in body
    assert f"{summary['published']:,} with published earnings" in body
    assert "Pub. L. 119-21" in body and "Benchmarks:" in body  # the rule and its vintage
    charts = out["view"]["charts"]
    assert set(charts) == {"actual", "margins", "beside"}
    for chart in charts.values():
        assert chart["figure"]["data"] and chart["caption"] and chart["table"].startswith("|")


def test_iv002_drawn_once_until_something_changes(service):
    unitid = _largest(service)
    first = _draw(service, unitid)
    again = _draw(service, unitid, shown=first["shown"], picked=unitid)
    assert again["view"] is no_update and again["picker"] is no_update
    other = service.institution_profile(unitid)["peers"][0]["unitid"]
    chosen = _draw(service, unitid, peers=[other], shown=first["shown"], picked=unitid)
    assert chosen["shown"]["peers"] == [other]
    assert "Chosen by hand." in str(plain(chosen["view"]["peers_table"]))
    # another institution: the peers chosen for the first are not its peers (the browser
    # clears them too), the picker is redrawn
    second = str(service.explorer.df["UNITID"].astype("string").value_counts().index[1])
    moved = _draw(service, second, peers=[other], shown=chosen["shown"], picked=unitid)
    assert moved["shown"] == {"unitid": second, "peers": [], "horizon": None, "bachelor": None}
    assert "Chosen by hand." not in str(plain(moved["view"]["peers_table"]))
    assert moved["picker"] is not no_update


def test_iv003_other_tabs_and_bad_values_draw_nothing_or_say_why(service):
    with pytest.raises(PreventUpdate):
        view_cb.view(service, "predict", _largest(service), None, None, None, None, None)
    for unitid, peers, bachelor in ((None, None, None), (5, "x", {"a": 1}),
                                    ("\udcff", [3, None], "lots"), ("nope", ["nope"], -1)):
        out = view_cb.view(service, "institution", unitid, peers, None, bachelor, None,
                           None)
        assert out["hidden"] is True and out["shown"] is None
        assert (out["message"] is not None) == (isinstance(unitid, str) and unitid != "")
    out = view_cb.view(service, "institution", _largest(service), "x", 7, {"a": 1}, "junk", 3)
    assert out["hidden"] is False and out["view"]["rows"]


def test_iv004_predict_for_a_program_of_the_table(service):
    unitid = _largest(service)
    program = service.real_programs(unitid)[0]
    values, note = view_cb.program_values(service, unitid, {"key": program["key"]})
    assert values[0] == program["credential_code"] and values[1] == program["cipcode"][:2]
    assert program["program"] in note
    for row in (None, {}, {"key": 5}, {"key": "no|such|row"}, "text"):
        values, note = view_cb.program_values(service, unitid, row)
        assert values is None and "Select a program" in note


def test_iv005_the_csv_opens_cleanly(service):
    unitid = _largest(service)
    sent = view_cb.programs_csv(service, unitid, None, None)
    text = sent["content"]
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert not any(cell.lower() in ("nan", "none", "inf") for row in rows for cell in row)
    assert len(rows) - 1 == len(_rows(service, unitid))
    assert "Monthly payment (10 years, $)" in rows[0]
    payment = rows[0].index("Monthly payment (10 years, $)")
    assert any(r[payment] for r in rows[1:])  # filled where the debt is reported
    assert view_cb.programs_csv(service, "nope", None, None) is None


def test_iv006_show_these_programs_filters_the_explorer_on_the_institution(service):
    unitid = _largest(service)
    bounds = service.explorer.filter_options()
    values = view_cb.explorer_values(bounds, unitid)
    names = FILTER_NAMES
    assert values[names.index("institution")] == [unitid]
    assert values[names.index("credential")] is None
    assert values[names.index("earnings")] == [bounds["earnings"]["min"],
                                               bounds["earnings"]["max"]]
    parsed = service.parse_filters({"institution": [unitid]})
    assert not parsed.problems and parsed.filters.institution == (unitid,)
    _, total = service.program_rows(parsed.filters)
    status = _rows(service, unitid)[service.programs.columns["status"]].astype("string")
    assert total == int((status == "published").sum())
    assert "institution" not in bounds  # too many to list: the control searches


def test_iv007_a_link_opens_the_tab_with_its_peers(service):
    unitid = _largest(service)
    peers = [p["unitid"] for p in service.institution_profile(unitid)["peers"][:2]]
    state = links.parse(service, f"?tab=institution&inst={unitid}&peers={','.join(peers)}")
    assert not state.problems
    assert (state.tab, state.institution, state.peers) == ("institution", unitid, peers)
    query = links.serialize(service, state)
    assert "tab=institution" in query and f"peers={','.join(peers)}" in query
    assert links.parse(service, query).peers == peers
    bad = links.parse(service, f"?tab=institution&inst={unitid}&peers=nope")
    assert bad.peers == [] and any("nope" in p for p in bad.problems)
    filtered = links.parse(service, f"?tab=explore&f.institution={unitid}")
    assert filtered.filters.institution == (unitid,)


def test_iv008_many_institution_dropdowns_keep_the_chosen_and_search(service):
    from callbacks.institution import search_many

    unitid = _largest(service)
    name = service.institution(unitid)["name"]
    kept = {"value": "x1", "label": "Kept"}
    found = search_many(service, name[:12], ["x1"], [kept, {"value": "x2", "label": "Gone"}])
    assert found[0] == kept and "x2" not in [o["value"] for o in found]
    assert unitid in [o["value"] for o in found]
    labelled = search_many(service, name[:12], None, None, lambda u: f"<{u}>")
    assert f"<{unitid}>" in [o["label"] for o in labelled]
    for query in (None, "", "   ", 5):
        assert search_many(service, query, "x1", "junk") is None
    assert search_many(service, name[:12], "x1", "junk")[0]["value"] != "x1"


def test_iv009_an_institution_whose_every_program_is_suppressed(service):
    """The demo has none, so one is made from the largest: every program suppressed (PS),
    as the Scorecard writes a privacy-suppressed program."""
    profile = service.institution_profile(_largest(service))
    n = len(profile["programs"])
    profile["programs"] = [{**p, "status": "suppressed", "earnings": None, "gap": None,
                            "gap_percentile": None, "earnings_count": None,
                            "trajectory": [{**t, "earnings": None} for t in p["trajectory"]],
                            "test": {**p["test"], "status": "earnings suppressed",
                                     "outlook": "not-tested", "margin": None,
                                     "margin_pct": None, "p_below": None}}
                           for p in profile["programs"]]
    profile["summary"] = {**profile["summary"], "published": 0, "suppressed": n,
                          "median_earnings": None, "above_expected": None,
                          "median_gap": None, "passes": 0, "at_risk": 0, "fails": 0,
                          "not_tested": n}
    out = view_cb.drawn(service, profile)
    assert len(out["rows"]) == n and all(r["earnings"] is None for r in out["rows"])
    assert {r["status"] for r in out["rows"]} == {"suppressed (PS)"}
    body = str(plain(out["body"]))
    assert "0 with published earnings" in body and "no program has published earnings" in body
    assert f"{n:,} suppressed for privacy (PS)" in body
    charts = out["charts"]
    assert charts["actual"]["caption"] == "No program has published earnings."
    assert charts["margins"]["caption"] == "No program has a 4-year median and a benchmark."
    assert charts["actual"]["table"] == "" and charts["margins"]["table"] == ""
