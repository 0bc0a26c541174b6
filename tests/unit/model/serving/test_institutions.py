"""One institution, all its programs (issue 29's first part): the profile the service
gives, peers by the stated rule or by hand, and the API's JSON and CSV."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from model.serving.institutions import PEER_RULE, SIZE_FACTOR
from tests.helpers import PngStandIn


def _largest(service) -> str:
    df = service.explorer.df
    return str(df["UNITID"].astype("string").value_counts().index[0])


def test_in001_the_profile_sums_up_every_program(service):
    unitid = _largest(service)
    found = service.institution_profile(unitid)
    rows = service.explorer.df[service.explorer.df["UNITID"].astype("string") == unitid]
    summary = found["summary"]
    assert summary["programs"] == len(rows) == len(found["programs"])
    status = rows[service.programs.columns["status"]].astype("string")
    assert summary["published"] == int((status == "published").sum())
    assert summary["published"] + summary["suppressed"] + summary["not_available"] == len(rows)
    earnings = rows.loc[(status == "published").to_numpy(),
                        service.programs.columns["earnings"]].to_numpy(float)
    assert summary["median_earnings"] == pytest.approx(float(np.median(earnings)))
    outlook = rows["test_outlook"].astype("string")
    assert summary["at_risk"] == int((outlook == "at-risk").sum())
    assert found["institution"]["unitid"] == unitid


def test_in002_peers_follow_the_stated_rule_or_the_users_choice(service):
    unitid = _largest(service)
    found = service.institution_profile(unitid)
    assert found["peer_rule"] == PEER_RULE and 0 < len(found["peers"]) <= 5
    me = service.institution(unitid)
    size = found["summary"]["graduates"]
    for peer in found["peers"]:
        assert service.institution(peer["unitid"])["control"] == me["control"]
        assert size / SIZE_FACTOR <= peer["graduates"] <= size * SIZE_FACTOR
        assert peer["unitid"] != unitid
    chosen = [found["peers"][-1]["unitid"]]
    by_hand = service.institution_profile(unitid, chosen)
    assert [p["unitid"] for p in by_hand["peers"]] == chosen
    assert by_hand["peer_rule"] == "Chosen by hand."
    assert service.institution_profile("no-such-place") is None


def test_in003_the_api_answers_json_and_a_clean_csv(client, service):
    unitid = _largest(service)
    got = client.get(f"/api/v1/institutions/{unitid}").get_json()
    assert got["summary"] == service.institution_profile(unitid)["summary"]
    search = client.get("/api/v1/institutions", query_string={
        "q": service.institution(unitid)["name"]}).get_json()
    assert unitid in [i["unitid"] for i in search["institutions"]]
    assert client.get("/api/v1/institutions/nope").status_code == 404
    bad = client.get(f"/api/v1/institutions/{unitid}?peers=nope")
    assert bad.status_code == 404 and bad.get_json()["errors"][0]["field"] == "peers"
    response = client.get(f"/api/v1/institutions/{unitid}/programs.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + got["summary"]["programs"]
    assert "Median debt ($)" in rows[0] and "Chance of failing (%)" in rows[0]
    assert not {c.lower() for row in rows for c in row} & {"nan", "none", "null", "inf"}


def _pages(pdf: bytes) -> int:
    import re

    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def test_in004_the_report_has_its_pages_for_any_institution(service):
    from dashboard.export.institution_report import build_institution_report

    df = service.explorer.df
    ids = df["UNITID"].astype("string")
    counts = ids.value_counts()
    status = df[service.programs.columns["status"]].astype("string")
    published = (status == "published").groupby(ids).mean()
    cases = {"largest": counts.index[0], "fewest programs": counts.index[-1],
             "fewest published": published.sort_values().index[0]}
    for case, unitid in cases.items():
        stand_in = PngStandIn()
        profile = service.institution_profile(str(unitid))
        pdf = build_institution_report(service, profile, stand_in)
        assert pdf.startswith(b"%PDF") and _pages(pdf) >= 4, case
        drawn = [call[0] for call in stand_in.calls] if stand_in.calls and isinstance(
            stand_in.calls[0], tuple) else stand_in.calls
        assert len(drawn) == 3, (case, drawn)  # the three charts, even when empty


def test_in005_the_api_and_the_cli_write_reports(app, client, service, config, tmp_path,
                                                 monkeypatch):
    from dashboard import cli
    from dashboard.cli import export as export_cli

    unitid = _largest(service)
    real = app.server.extensions["dashboard"].exporter
    app.server.extensions["dashboard"].exporter = PngStandIn()
    try:
        response = client.get(f"/api/v1/institutions/{unitid}/report.pdf")
    finally:
        app.server.extensions["dashboard"].exporter = real
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert _pages(response.data) >= 4
    assert "institution-report-" in response.headers["Content-Disposition"]
    monkeypatch.setattr(export_cli, "make_exporter", PngStandIn)
    monkeypatch.setenv("VAR_DIR", str(config.var_dir))
    state = service.institution(unitid)["state"]
    expected = {h["value"] for h in service.search_institutions(state, 100_000)
                if service.institution(h["value"])["state"] == state}
    out = tmp_path / "reports"
    assert cli.main(["export", "institution", "--state", state, "--out-dir", str(out)]) == 0
    assert len(list(out.glob("*.pdf"))) == len(expected) > 1
    assert cli.main(["export", "institution", "--unitid", "nope"]) == 4
