"""The federal earnings test: statuses on hand-made rows, the probability against a worked
example and a simulation, payback and debt-to-earnings against worked examples, a release
without the columns, and the card's words."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from callbacks.predictor import update
from model import earnings_test as et
from model.data.cleaning import clean_official
from model.errors import DataError
from model.serving import earnings_words
from tests import official_files
from tests.helpers import component_text, page_values

ROW = {"CREDLEV": 3, "CONTROL": 1, "test_earnings": 40_000.0,
       "test_earnings_status": "published", "test_count": 100.0, "test_above": 70.0,
       "threshold_state": 30_000.0, "threshold_nat": 29_000.0, "net_price": 10_000.0}


def judge(*rows: dict, **kwargs) -> pd.DataFrame:
    return et.evaluate(pd.DataFrame([{**ROW, **r} for r in rows]), **kwargs)


def test_et001_each_status_on_hand_made_rows():
    found = judge(
        {},  # passes
        {"test_earnings": 30_000.0, "test_above": 40.0},  # equal to the benchmark: fails
        {"test_earnings": np.nan, "test_earnings_status": "suppressed", "test_count": 12.0,
         "test_above": np.nan},  # too few graduates
        {"test_earnings": np.nan, "test_earnings_status": "suppressed", "test_count": 80.0,
         "test_above": np.nan},  # suppressed although 80 graduates are counted
        {"test_earnings": np.nan, "test_earnings_status": "not available"},
        {"test_earnings": np.nan, "test_earnings_status": "not in release"},
        {"threshold_state": np.nan, "threshold_nat": np.nan},  # no benchmark
        {"CREDLEV": 5},  # graduate: no bachelor's benchmark
        {"CONTROL": 4, "test_earnings": 29_500.0},  # foreign: national benchmark, passes
    )
    assert found["test_status"].tolist() == [
        et.PASSES, et.FAILS, et.FEW, et.SUPPRESSED, et.NOT_MEASURED, et.NOT_MEASURED,
        et.NO_BENCHMARK, et.GRADUATE, et.PASSES]
    assert found["test_benchmark_kind"].tolist()[:2] == ["state", "state"]
    assert found["test_benchmark_kind"].iloc[8] == "national"
    assert found["test_benchmark"].iloc[8] == 29_000
    assert found["test_margin"].iloc[0] == 10_000
    assert found["test_margin_pct"].iloc[0] == pytest.approx(1 / 3)
    assert found["test_margin"].iloc[1] == 0
    assert found["test_outlook"].tolist()[:3] == ["passes", "fails", "not-tested"]
    assert found["test_risk_band"].iloc[0] == "p00-05" and found["test_risk_band"].iloc[2] == ""


def test_et002_a_bachelors_benchmark_applies_to_graduate_programs_only():
    found = judge({"CREDLEV": 5, "test_earnings": 70_000.0},
                  {"CREDLEV": 5, "test_earnings": 50_000.0}, {}, bachelor=60_000.0)
    assert found["test_status"].tolist() == [et.PASSES, et.FAILS, et.PASSES]
    assert found["test_benchmark"].tolist() == [60_000, 60_000, 30_000]
    assert found["test_benchmark_kind"].iloc[0] == "bachelor's (entered)"
    # no count above a bachelor's benchmark is published: the share is estimated
    assert found["test_share_estimated"].tolist() == [True, True, False]
    # log-normal earnings with the median 70,000 and sd 0.75: P(above 60,000)
    z = math.log(70_000 / 60_000) / et.SPREAD
    assert found["test_share_above"].iloc[0] == pytest.approx(0.5 * (1 + math.erf(
        z / math.sqrt(2))))


def test_et003_the_probability_against_a_worked_example():
    # 16 of 27 graduates above: with Jeffreys' prior the share is Beta(16.5, 11.5); the
    # chance it is at most 1/2, by the midpoint rule over its density
    a, b = 16.5, 11.5
    x = (np.arange(200_000) + 0.5) / 200_000 * 0.5
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    by_hand = float(np.sum(np.exp(log_norm + (a - 1) * np.log(x) + (b - 1) * np.log1p(-x)))
                    * 0.5 / 200_000)
    assert et.probability_below(np.array([16.0]), np.array([27.0]))[0] == pytest.approx(
        by_hand, abs=1e-6)
    assert by_hand == pytest.approx(0.1681, abs=1e-4)
    # half above: even odds; none known: no probability
    assert et.probability_below(np.array([50.0]), np.array([100.0]))[0] == pytest.approx(0.5)
    assert np.isnan(et.probability_below(np.array([np.nan]), np.array([40.0]))[0])


def test_et004_the_share_a_program_needs_to_be_95_percent_safe():
    needed = et.needed_share(43)
    k = round(needed * 43)
    assert et.probability_below(np.array([k]), np.array([43]))[0] <= 0.05
    assert et.probability_below(np.array([k - 1]), np.array([43]))[0] > 0.05
    assert needed == pytest.approx(27 / 43)
    assert et.needed_share(2_000) < et.needed_share(100) < et.needed_share(30)


@pytest.mark.parametrize("spread_of_medians", [0.1, 0.25, 0.5])
@pytest.mark.parametrize("sizes", [(30, 60), (30, 300)])
def test_et005_the_stated_probability_is_calibrated(spread_of_medians, sizes):
    found = et.calibration(programs=20_000, seed=7, spread_of_medians=spread_of_medians,
                           sizes=sizes)
    for row in found["table"]:
        if row["programs"] >= 300:
            assert abs(row["mean_stated"] - row["observed"]) < 0.07, row
    assert found["brier"] < 0.85 * found["brier_base_rate"]


def test_et006_payback_against_worked_examples():
    years = et.payback(np.array([2, 3, 3, 5, 3]), np.array([9_320, 12_000, 12_000, 20_000,
                                                            np.nan]),
                       np.array([5_000, -100, 0, 10_000, 5_000]))
    assert years[0] == pytest.approx(2 * 9_320 / 5_000)  # 3.73 years
    assert math.isinf(years[1]) and math.isinf(years[2])  # never at this premium
    assert np.isnan(years[3]) and np.isnan(years[4])  # graduate; price unknown


def test_et007_debt_to_earnings_against_a_worked_example():
    # $17,800 over 10 years at 6.39%: 17,800 * i / (1 - (1 + i) ** -120), i = 0.0639 / 12,
    # is $201.12 a month, $2,413.45 a year
    rates = et.debt_rates(17_800, 35_500, 2, 6.39, poverty=15_650)
    assert rates["annual_payment"] == pytest.approx(2_413.45, abs=0.01)
    assert rates["annual_rate"] == pytest.approx(0.06798, abs=1e-4)
    assert rates["discretionary_earnings"] == 35_500 - 1.5 * 15_650
    assert rates["discretionary_rate"] == pytest.approx(0.2007, abs=1e-4)
    assert rates["passes"]  # the annual rate is under 8%
    heavy = et.debt_rates(60_000, 30_000, 3, 6.39)  # 15 years for a bachelor's
    assert heavy["years"] == 15 and not heavy["passes"]
    assert et.debt_rates(None, 30_000, 3, 6.39) is None


def test_et008_coverage_names_the_rule_for_each_credential():
    assert et.coverage(1)["scope"] == "ge" and "outside" in et.coverage(1)["words"]
    assert et.coverage(2)["scope"] == et.coverage(3)["scope"] == "law"
    assert et.coverage(5)["benchmark"] == "bachelor's"


def test_et009_a_release_without_the_columns_changes_nothing_and_says_why(tmp_path):
    fos = official_files.fos(tmp_path / "fos.csv", rows=official_files.programs(4))
    inst = official_files.institution(tmp_path / "inst.csv")
    cleaned = clean_official(fos, inst)
    assert set(cleaned.data["test_earnings_status"]) == {"not in release"}
    assert cleaned.report["earnings_test"] == []
    found = et.evaluate(cleaned.data)
    assert set(found["test_status"]) == {et.NOT_MEASURED}
    assert earnings_words.program({"status": et.NOT_MEASURED}) == [
        "Not measured: no 4-year earnings in this release: not tested."]


def test_et010_more_above_the_benchmark_than_counted_names_file_column_and_row(tmp_path):
    rows = official_files.programs(2)
    fos = official_files.fos(tmp_path / "fos.csv", rows=rows)
    text = fos.read_text(encoding="utf-8-sig").splitlines()
    text[0] += ",EARN_MDN_4YR,EARN_COUNT_WNE_4YR,EARN_GT_THRESHOLD_4YR"
    for i in range(1, len(text)):
        text[i] += ",40000,50,30" if i != 3 else ",40000,50,51"
    fos.write_text("\n".join(text) + "\n", encoding="utf-8-sig")
    inst = official_files.institution(tmp_path / "inst.csv")
    with pytest.raises(DataError) as exc:
        clean_official(fos, inst)
    assert "EARN_GT_THRESHOLD_4YR" in str(exc.value) and "row 3" in str(exc.value)


def test_et011_the_service_and_the_card_say_the_test(service):
    df = service.explorer.df
    at_risk = df[df["test_outlook"] == "at-risk"].iloc[0]
    s = service.program_scenario({"unitid": str(at_risk["UNITID"]),
                                  "cipcode": str(at_risk["CIPCODE"]),
                                  "credential_code": int(at_risk["CREDLEV"])})
    program = next(p for p in service.real_programs(str(at_risk["UNITID"]), s)
                   if p["cipcode"] == str(at_risk["CIPCODE"]))
    test = program["test"]
    assert test["status"] == et.PASSES and test["at_risk"]
    assert test["p_below"] == pytest.approx(float(at_risk["test_p_below"]))
    assert test["p_below"] >= et.AT_RISK
    words = " ".join(earnings_words.program(test))
    assert "At risk" in words and "2 of 3 years" in words
    assert f"{test['graduates']:,.0f} graduates" in words


def test_et012_the_card_says_whether_a_program_like_it_would_pass(service):
    answer = update(service, service.info(), {**page_values(service), "institution": None})
    text = component_text(answer[0])
    assert "Would a program like this pass the federal earnings test?" in text
    assert "Chance of passing:" in text and "national high-school benchmark" in text
    assert "- $" not in text and "-$-" not in text
    graduate = update(service, service.info(), {**page_values(service, credential=5),
                                                "institution": None, "bachelor": 55_000})
    assert "entered bachelor's benchmark of $55,000" in component_text(graduate[0])
    none = update(service, service.info(), {**page_values(service, credential=5),
                                            "institution": None})
    assert "enter a bachelor's benchmark" in component_text(none[0])
    bad = update(service, service.info(), {**page_values(service), "institution": None,
                                           "bachelor": 12})
    assert "Bachelor's benchmark: enter a yearly amount from $1,000" in component_text(bad[3])


def test_et013_statuses_per_credential_in_the_demo(service):
    counts = service.test_info()["counts"]
    assert set(counts) >= {"1", "2", "3"}
    assert counts["3"]["passes"]["programs"] > counts["3"].get("fails", {}).get("programs", 0)
    assert counts["1"]["fails"]["programs"] > 0  # certificates fail most often
    assert set(counts["5"]) <= {et.GRADUATE, et.FEW, et.NOT_MEASURED}


def test_et014_the_api_says_the_test_for_a_scenario_and_its_real_programs(client, service):
    d = {k: v for k, v in service.options()["default"].items() if v is not None}
    got = client.get("/api/v1/predict", query_string=d).get_json()
    test = got["earnings_test"]
    assert test["available"] and test["benchmark_kind"] == "national"
    assert 0 <= test["p_below"] <= 1 and test["p_pass"] == pytest.approx(1 - test["p_below"])
    assert test["sentences"] == service.scenario_test(service.validate(d))["sentences"]
    state = service.benchmark_states()[0]
    in_state = client.get("/api/v1/predict", query_string={**d, "state": state}).get_json()
    assert in_state["earnings_test"]["benchmark"] == service.benchmark(state)[0]
    assert in_state["earnings_test"]["benchmark_kind"] == "state"
    posted = client.post("/api/v1/predict", json={**d, "state": state}).get_json()
    assert posted["earnings_test"] == in_state["earnings_test"]
    bad = client.get("/api/v1/predict", query_string={**d, "state": "ZZ"})
    assert bad.status_code == 400 and bad.get_json()["errors"][0]["field"] == "state"
    bad = client.get("/api/v1/predict", query_string={**d, "bachelor_benchmark": "12"})
    assert bad.status_code == 400
    assert bad.get_json()["errors"][0]["field"] == "bachelor_benchmark"
    # a real program's test, its state's benchmark, and a bachelor's benchmark carried
    df = service.explorer.df
    row = df[(df["test_outlook"] == "fails")].iloc[0]
    s = service.program_scenario({"unitid": str(row["UNITID"]), "cipcode": str(row["CIPCODE"]),
                                  "credential_code": int(row["CREDLEV"])})
    got = client.get("/api/v1/predict", query_string={
        **{k: v for k, v in s.as_dict().items() if v is not None},
        "unitid": str(row["UNITID"])}).get_json()
    program = next(p for p in got["programs"] if p["cipcode"] == str(row["CIPCODE"]))
    assert program["test"]["status"] == "fails"
    assert program["test"]["margin"] == pytest.approx(float(row["test_margin"]))
    assert program["test"]["sentences"][0].startswith("Fails: a 4-year median of $")
    assert got["earnings_test"]["state"] == str(row["STABBR"])


def test_et015_programs_filter_by_outlook_and_chance(client, service):
    got = client.get("/api/v1/programs?test=at-risk&per_page=200").get_json()
    assert got["total"] > 0
    assert {r["test"] for r in got["rows"]} == {et.OUTLOOKS["at-risk"]}
    assert all(r["test_p_below"] >= et.AT_RISK for r in got["rows"])
    banded = client.get("/api/v1/programs?risk=p25-50&per_page=200").get_json()
    assert banded["total"] > 0
    assert all(0.25 <= r["test_p_below"] < 0.5 for r in banded["rows"])
    bad = client.get("/api/v1/programs?test=doomed")
    assert bad.status_code == 400 and bad.get_json()["errors"][0]["field"] == "test"
    view = service.explore(service.parse_filters({"test": ["at-risk"]}).filters)
    assert view["summary"]["n"] == got["total"]
    assert view["chips"][0]["label"].startswith("Earnings test: At risk")


def test_et016_the_scatter_coloured_by_the_test_keeps_every_point_and_the_area(service):
    from charts.compose import explorer_charts
    from model.serving.filters import View

    area = {"x": "tuition", "points": [[0, 0], [60_000, 0], [60_000, 200_000], [0, 200_000]]}
    f = service.parse_filters({"credential": [1, 2], "area": area}).filters
    by_control = explorer_charts(service, f, View(colour="control"))["scatter"]["data"]
    by_test = explorer_charts(service, f, View(colour="test"))["scatter"]["data"]
    assert sum(len(t["x"]) for t in by_test) == sum(len(t["x"]) for t in by_control)
    assert sum(len(t["selectedpoints"]) for t in by_test) == sum(
        len(t["selectedpoints"]) for t in by_control)
    names = [t["name"] for t in by_test]
    assert names[0] == "Fails" and "Passes" in names
    symbols = {t["name"]: t["marker"]["symbol"] for t in by_test}
    assert len(set(symbols.values())) == len(symbols)  # a shape each, not colour alone
    fails = service.explore(service.parse_filters({"credential": [1, 2], "test": ["fails"]})
                            .filters)["summary"]["n"]
    assert fails > 0


def test_et017_a_chance_against_the_published_status_says_why():
    base = {"status": et.FAILS, "earnings": 26_467.0, "benchmark": 29_200.0,
            "benchmark_kind": "state", "state": "NC", "margin": -2_733.0,
            "margin_pct": -0.0936, "graduates": 31.0, "share_above": 13 / 31,
            "share_estimated": False, "p_below": 0.31, "needed_share": 0.55,
            "needed_margin_pct": 0.09, "at_risk": False, "credential": "Bachelor's degree"}
    words = earnings_words.program(base)
    assert words[0] == ("Fails: a 4-year median of $26,467 against NC's high-school benchmark "
                        "of $29,200, -$2,733 (-9%).")
    assert "the chance that its true median is at or below it is 31%, that it truly passes " \
           "69%." in words[1]
    assert words[2].startswith("It fails on the published median, but that rests on few "
                               "graduates and most bachelor's degree programs clear")
    clear = earnings_words.program({**base, "p_below": 0.97})
    assert not any(w.startswith("It fails on the published median") for w in clear)
