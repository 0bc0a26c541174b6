"""Real programs against their expectation: cross-fitted expectations, gaps and their
percentiles, debt and its monthly payment, and what the service, the API and the card say."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import KFold

from model.data import cleaning, columns, demo
from model.debt import Rates, debt_to_earnings, monthly_payment
from model.learning.crossfit import cross_fit, gap_percentiles
from model.learning.features import INPUT_COLUMNS, build_pipeline, prepare
from model.serving.filters import Filters
from tests import official_files as of


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    return columns.published(demo.generate(150)).reset_index(drop=True)


def test_cross_fitted_expectations_are_out_of_fold_refits_not_in_sample_fits(small):
    y = small["earnings"].to_numpy()
    expected, scores = cross_fit(prepare(small), y, seed=7, alpha=3.0)
    fresh = np.empty(len(y))
    for fit_at, predict_at in KFold(5, shuffle=True, random_state=7).split(small):
        model = build_pipeline(small.iloc[fit_at], alpha=3.0).fit(
            small.iloc[fit_at][INPUT_COLUMNS], y[fit_at])
        fresh[predict_at] = model.predict(small.iloc[predict_at][INPUT_COLUMNS])
    np.testing.assert_allclose(expected, fresh, rtol=1e-9, atol=1e-6)
    in_sample = build_pipeline(small, alpha=3.0).fit(small[INPUT_COLUMNS], y).predict(
        small[INPUT_COLUMNS])
    assert np.abs(expected - in_sample).mean() > 100  # dollars: they never saw the program
    # a program's own earnings pull its in-sample fit toward it, not its expectation
    assert np.abs(y - in_sample).mean() < np.abs(y - expected).mean()
    assert len(scores) == 5 and all(0.3 < s < 1 for s in scores)


def test_gap_percentiles_rank_within_each_credential():
    gaps = np.array([-3.0, 5.0, 1.0, 100.0, -100.0, 0.0])
    levels = np.array([3, 3, 3, 5, 5, 5])
    pct = gap_percentiles(gaps, levels)
    np.testing.assert_allclose(pct, [100 * 0.5 / 3, 100 * 2.5 / 3, 100 * 1.5 / 3,
                                     100 * 2.5 / 3, 100 * 0.5 / 3, 100 * 1.5 / 3])


def test_the_monthly_payment_is_the_standard_ten_year_repayment():
    # worked example: $25,000 at 6.39% a year over 120 months; $10,000 at 5%
    assert monthly_payment(25_000, 6.39) == pytest.approx(282.47, abs=0.01)
    assert monthly_payment(10_000, 5.0) == pytest.approx(106.07, abs=0.01)
    assert monthly_payment(12_000, 0.0) == pytest.approx(100.0)
    assert monthly_payment(None, 6.39) is None and monthly_payment(float("nan"), 6.39) is None
    assert debt_to_earnings(25_000, 50_000) == 0.5
    assert debt_to_earnings(25_000, None) is None and debt_to_earnings(None, 5) is None
    rates = Rates(6.39, 7.94)
    assert rates.for_credential(3) == 6.39 and rates.for_credential(5) == 7.94
    assert rates.for_credential(None) == 6.39


def test_debt_thresholds_and_horizons_are_read_with_the_missing_value_rules(tmp_path):
    """An official-format file whose debt, payment, borrower, threshold and later-horizon
    columns hold numbers, PS and NA: numbers are read, markers become not reported."""
    header = of.FOS_HEADER + ["EARN_MDN_1YR", "EARN_MDN_5YR", "EARN_COUNT_WNE_5YR",
                              "DEBT_ALL_STGP_EVAL_MDN", "DEBT_ALL_STGP_ANY_MDN",
                              "DEBT_ALL_STGP_EVAL_MDN10YRPAY", "DEBT_ALL_STGP_EVAL_N",
                              "EARN_THR_STATE", "EARN_THR_NAT"]
    extra = [["52000", "61000", "88", "25000", "26000", "285", "70", "31000", "29000"],
             ["PS", "NA", "NA", "PS", "NA", "PS", "PS", "NA", "29000"],
             ["40000", "58000", "40", "NA", "19000", "NA", "NA", "30000", "29000"]]
    rows = [[u, "001002", "x", c, "1", cip, d, lev, cred, "12", *extra[i % 3]]
            for i, (u, c, cip, d, lev, cred, _e) in enumerate(of.programs())]
    fos = of.write_csv(tmp_path / "fos.csv", header, rows)
    cleaned = cleaning.clean_official(fos, of.institution(tmp_path / "inst.csv"))
    df = cleaned.data
    assert cleaned.target == "EARN_MDN_1YR"
    assert cleaned.report["horizons"] == ["EARN_MDN_1YR", "EARN_MDN_5YR"]
    first, second, third = (df.iloc[i] for i in range(3))
    assert (first["debt"], first["debt_any"], first["debt_payment"], first["debt_count"],
            first["threshold_state"], first["threshold_nat"]) == (25000, 26000, 285, 70,
                                                                  31000, 29000)
    assert first["earnings@EARN_MDN_5YR"] == 61000
    assert first["earnings_count@EARN_MDN_5YR"] == 88
    for col in ("debt", "debt_any", "debt_payment", "debt_count", "threshold_state",
                "earnings@EARN_MDN_5YR"):
        assert pd.isna(second[col]), col
    assert second["earnings_status"] == "suppressed"
    assert pd.isna(third["debt"]) and third["debt_any"] == 19000
    assert third["earnings@EARN_MDN_5YR"] == 58000  # 12 of 18 published: a horizon


def test_a_real_programs_card_facts_come_from_the_service(service):
    unitid = service.search_institutions("university")[0]["value"]
    everything = service.real_programs(unitid)
    published = next(p for p in everything if p["status"] == "published")
    s = service.program_scenario(published)
    found = service.real_programs(unitid, s)
    p = next(f for f in found if f["key"] == published["key"])
    # whole dollars, so the gap is exactly the difference the card shows
    assert p["expected"] == round(p["expected"]) and p["gap"] == p["earnings"] - p["expected"]
    assert 0 < p["gap_percentile"] < 100 and p["gap_percentile"] == round(p["gap_percentile"], 1)
    row = service.explorer.frame()
    row = row[(row["UNITID"] == unitid) & (row["CIPCODE"] == p["cipcode"])
              & (row["CREDLEV"] == p["credential_code"])].iloc[0]
    assert p["expected"] == pytest.approx(row["expected"]) and p["graduates"] == row["graduates"]
    if p["debt"] is not None:
        rate = service.rates.for_credential(p["credential_code"])
        assert p["payment"] == pytest.approx(monthly_payment(p["debt"], rate))
        assert p["ratio"] == pytest.approx(p["debt"] / p["earnings"])
    assert [t["column"] for t in p["trajectory"]] == [h["column"] for h in service.horizons()]
    assert p["trajectory"][0]["earnings"] == p["earnings"]  # the default horizon's own


def test_every_horizon_has_its_own_model_and_expectations(service):
    horizons = [h["column"] for h in service.horizons()]
    assert horizons == ["EARN_MDN_1YR", "EARN_MDN_4YR", "EARN_MDN_5YR"]
    five = service.horizon("EARN_MDN_5YR")
    assert five.metadata["target"] == "EARN_MDN_5YR" and five is service.horizon("EARN_MDN_5YR")
    assert service.horizon("nonsense") is service and service.horizon(None) is service
    s = service.default_scenario()
    assert five.predict(s)["value"] > service.predict(s)["value"]  # earnings grow
    assert five.metadata["metrics"]["cv_r2"]["mean"] > 0.6
    summary = five.explore(Filters())["summary"]
    assert 0.3 < summary["above"] < 0.7 and summary["debt"] > 0


def test_the_api_answers_a_real_program_and_a_horizon(client, service):
    unitid = service.search_institutions("university")[0]["value"]
    program = next(p for p in service.real_programs(unitid) if p["status"] == "published")
    s = service.program_scenario(program).as_dict()
    query = {k: v for k, v in s.items() if v is not None}
    body = client.get("/api/v1/predict", query_string={**query, "unitid": unitid}).get_json()
    got = next(p for p in body["programs"] if p["key"] == program["key"])
    assert (got["earnings"], got["expected"]) == (program["earnings"], program["expected"])
    assert got["gap"] == pytest.approx(program["gap"]) and "payment" in got
    later = client.post("/api/v1/predict", json={**query, "horizon": "EARN_MDN_5YR"}).get_json()
    assert later["target"] == "EARN_MDN_5YR"
    assert later["prediction"]["value"] > body["prediction"]["value"]
    # the same horizon by its years after completion, in a query and in a JSON body
    for years in ({"horizon": "5"}, {"horizon": " 5 "}):
        by_years = client.get("/api/v1/predict", query_string={**query, **years}).get_json()
        assert by_years["target"] == "EARN_MDN_5YR"
        assert by_years["prediction"] == later["prediction"]
    body_years = client.post("/api/v1/predict", json={**query, "horizon": 5}).get_json()
    assert body_years["prediction"] == later["prediction"]
    for wrong in ("7", True, "5.0"):
        refused = client.post("/api/v1/predict", json={**query, "horizon": wrong})
        assert refused.status_code in (400, 422), wrong
        assert refused.get_json()["errors"][0]["field"] == "horizon"
    missing = client.get("/api/v1/predict", query_string={**query, "unitid": "nope"})
    assert missing.status_code == 404 and missing.get_json()["errors"][0]["field"] == "unitid"
    bad = client.get("/api/v1/predict", query_string={**query, "horizon": "EARN_X"})
    allowed = bad.get_json()["errors"][0]["allowed"]
    assert bad.status_code == 400 and allowed[0] == "EARN_MDN_1YR" and "5" in allowed
    above = client.get("/api/v1/programs", query_string={
        "gap_min": 0, "sort": "gap", "order": "desc", "per_page": 5}).get_json()
    assert above["total"] == int((service.explorer.frame()["gap"] >= 0).sum())
    gaps = [r["gap"] for r in above["rows"]]
    assert gaps == sorted(gaps, reverse=True) and min(gaps) >= 0
    assert {"expected", "gap", "debt", "graduates", "premium"} <= set(above["rows"][0])


def test_the_horizons_share_one_program_table_and_count_their_own_withheld(service, config):
    """One row per program in the artifact, each horizon's outcomes as columns: a horizon's
    explorer works on the programs with earnings there and counts the rest as withheld,
    by every filter that can apply to a program without earnings (debt too)."""
    from model.data import dataset
    from model.learning.training import with_horizon

    data = dataset.load_current(config.data_dir)[0]
    five = service.horizon("EARN_MDN_5YR")
    assert five.explorer.df is service.explorer.df  # shared, not copied per horizon
    assert len(service.explorer.df) == len(data)  # every program, with earnings or not
    for column in ("EARN_MDN_1YR", "EARN_MDN_5YR"):
        rows = with_horizon(data, column, service.metadata["target"])
        published = rows["earnings_status"] == "published"
        explorer = service.horizon(column).explorer
        assert explorer.total == int(published.sum())
        f = Filters(credential=(3,), debt=(10_000, 30_000))
        chosen = (rows["CREDLEV"] == 3) & rows["debt"].between(10_000, 30_000)
        summary = explorer.view(f)["summary"]
        assert summary["n"] == int((chosen & published).sum())
        withheld = (chosen & ~published).sum()
        assert summary["suppressed"] + summary["not_available"] == withheld
        assert summary["partial"] is False
    # a program without earnings at the default horizon but with them five years on
    frame = five.explorer.frame()
    later_only = frame[frame.index.isin(np.flatnonzero(~service.explorer.published))]
    assert len(later_only), "the demo has programs published at 5 years only"
    row = later_only.iloc[0]
    found = five.real_programs(str(row["UNITID"]))
    program = next(p for p in found if p["cipcode"] == row["CIPCODE"]
                   and p["credential_code"] == row["CREDLEV"])
    assert program["status"] == "published" and program["earnings"] == row["earnings"]
    at_first = next(p for p in service.real_programs(str(row["UNITID"]))
                    if p["key"] == program["key"])
    assert at_first["status"] != "published" and at_first["earnings"] is None
    assert at_first["trajectory"][-1]["earnings"] == row["earnings"]


def test_the_card_says_why_the_expectation_differs_from_its_prediction(service):
    """The card's prediction learned from the program itself, its expectation did not: the
    card says so when they differ by $500 or more, and only then."""
    from layouts.real_program import program_panel
    from tests.helpers import component_text as text

    unitid = service.search_institutions("university")[0]["value"]
    p = next(p for p in service.real_programs(unitid) if p["status"] == "published")
    p = {**p, "expected": 78_533.0, "gap": p["earnings"] - 78_533.0}

    card = text(program_panel([p], p["institution"], "programs", predicted=67_547.0))
    assert "expected of a program like it $78,533" in card
    assert "The prediction above ($67,547) comes from the model fitted on every program" in card
    close = text(program_panel([p], p["institution"], "programs", predicted=78_300.0))
    assert "The prediction above" not in close and "$78,533" in close


def test_the_dollar_filters_span_every_horizon_alike(service):
    """The gap, earnings, debt and premium controls span the programs of every horizon, so
    a range (and "beats expectation": a gap from $0 to the top) keeps every program above
    expectation after a horizon change."""
    spans = [service.horizon(h["column"]).explorer.filter_options() for h in
             service.horizons()]
    assert len(spans) > 1
    for key in ("earnings", "gap", "debt", "premium", "tuition"):
        assert all(s[key] == spans[0][key] for s in spans), key
    for h in service.horizons():
        gaps = service.horizon(h["column"]).explorer.frame()["gap"].dropna()
        assert spans[0]["gap"]["min"] <= gaps.min() and gaps.max() <= spans[0]["gap"]["max"]
