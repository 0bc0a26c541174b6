"""The real College Scorecard extracts (SCORECARD_TEST_DATA): load, build, train, serve."""

from __future__ import annotations

import pytest

from dashboard import create_app
from dashboard.cli import train
from dashboard.config import Config
from model.data import cleaning, dataset
from model.data.dataset import Sources
from model.serving.service import ModelService

pytestmark = pytest.mark.real_data


def test_official_2019_rows_load_and_join(real_data):
    raw = real_data / "raw" / "mhyrr_collegevalue"
    cleaned = cleaning.clean_official(raw / "Field100.csv", raw / "All100.csv")
    df = cleaned.data
    assert cleaned.target == "MD_EARN_WNE"
    assert cleaned.counts["fos_rows"] == 99 and len(df) == 99  # every program kept
    assert (df["earnings_status"] == "published").sum() == 29  # 29 rows have the target
    assert (df["earnings_status"] == "suppressed").sum() == 70  # PrivacySuppressed
    df = df[df["earnings_status"] == "published"]
    assert df["REGION"].notna().all() and df["CONTROL"].notna().all()
    assert (df["CIPCODE"].str.len() == 4).all() and (df["CIP2"] == df["CIPCODE"].str[:2]).all()
    assert set(df["CREDDESC"]) <= {"Bachelor's degree", "Master's degree", "Associate's degree",
                                   "Undergraduate certificate", "Doctoral degree",
                                   "Graduate certificate", "First professional degree",
                                   "Post-baccalaureate certificate"}
    assert df["earnings"].between(5_000, 250_000).all()


def test_official_format_join_fixture_loads_as_a_merged_table(real_data):
    cleaned = cleaning.clean_merged(real_data / "merged" / "fixture_fos100_x_inst100.csv",
                                    target="MD_EARN_WNE")
    df = cleaned.data
    assert len(df) == 99 and (df["earnings_status"] == "published").sum() == 29
    assert df["tuition"].notna().any()


@pytest.fixture(scope="module")
def real_config(real_data, tmp_path_factory) -> Config:
    cfg = Config(var_dir=tmp_path_factory.mktemp("real"))
    dataset.build(Sources(merged=str(real_data / "merged" / "fos_sample_merged.csv")),
                  cfg.data_dir, log=lambda _: None)
    train(cfg)
    return cfg


def test_build_and_train_on_the_merged_field_of_study_extract(real_config):
    service = ModelService.load(real_config.model_path)
    info = service.info()
    assert info["target"] == "EARN_MDN_5YR" and not info["demo"]
    assert info["target_definition"].startswith("Median earnings 5 years after completion, "
                                                "federally aided graduates")
    assert info["data"]["report"]["total"] == {
        "read": 1000, "kept": 1000, "published": 1000, "suppressed": 0, "not available": 0,
        "dropped": {}}  # the 51 rows without a UNITID are kept (14 collapsed before)
    metrics = info["metrics"]
    assert 0.4 < metrics["test"]["r2"] < 0.95 and metrics["test"]["n"] == 150
    assert info["model"]["rows"] == 1000
    assert 0.4 < metrics["cv_r2"]["mean"] < 0.95
    assert 0.7 < metrics["interval"]["coverage"] < 0.9
    comparison = metrics["tutorial_comparison"]
    assert comparison["ours"]["r2"] > comparison["tutorial"]["r2"]
    p = service.predict(service.default_scenario())
    assert 30_000 < p["value"] < 90_000 and p["low"] < p["value"] < p["high"]


def test_the_app_on_real_data_shows_the_release_not_the_demo_notice(real_config):
    client = create_app(real_config).server.test_client()
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "Demo data" not in layout and "fos_sample_merged.csv" in layout
    assert "Median earnings 5 years after completion, federally aided graduates working and " \
           "not enrolled, 2014-15 and 2015-16 completers" in layout


def test_explorer_and_links_on_real_data(real_config):
    from model.serving import links
    from model.serving.filters import Filters

    service = ModelService.load(real_config.model_path)
    df = service.explorer.frame()
    view = service.explore(Filters(credential=(3,)), x="sat", group="region")
    bachelors = df[df["CREDLEV"] == 3]["earnings"]
    assert view["summary"]["n"] == len(bachelors) > 0
    assert view["summary"]["median"] == pytest.approx(bachelors.median())
    assert sum(view["histogram"]["counts"]) == len(bachelors)  # no earnings filter here
    assert {r["value"] for r in view["states"]["rows"]} == set(df["STABBR"].dropna().astype(str))
    assert view["scatter"]["n_with_x"] == int((df["CREDLEV"] == 3).sum()
                                              - df[df["CREDLEV"] == 3]["SAT_AVG_ALL"].isna()
                                              .sum())
    state = links.parse(service, "?tab=explore&f.credential=3&x=sat")
    assert state.problems == [] and state.filters.credential == (3,)
    assert service.typical_scenario(state.filters)["credential"] == 3


def test_real_programs_against_expectation_with_their_debt_and_counts(real_config,
                                                                      real_data):
    """On the merged extract: every program has a cross-fitted expectation and a gap,
    debt and graduates are read as published, and the API answers a real program."""
    import pandas as pd

    service = ModelService.load(real_config.model_path)
    df = service.explorer.frame()
    extract = pd.read_csv(real_data / "merged" / "fos_sample_merged.csv")
    assert len(df) == 1000 and df["expected"].notna().all()
    assert (df["gap"] - (df["earnings"] - df["expected"])).abs().max() < 1e-6
    assert df["debt"].notna().sum() == extract["DEBT_ALL_STGP_EVAL_MDN"].notna().sum() == 956
    assert df["graduates"].notna().sum() == 1000
    above = (df["gap"] > 0).groupby(df["CREDLEV"]).mean()
    assert set(above.index) == {1, 2, 3} and above.between(0.3, 0.7).all()
    row = df[df["graduates"] >= 30].iloc[0]
    client = create_app(real_config).server.test_client()
    s = service.program_scenario({"unitid": str(row["UNITID"]), "cipcode": row["CIPCODE"],
                                  "credential_code": int(row["CREDLEV"])})
    query = {k: v for k, v in s.as_dict().items() if v is not None}
    body = client.get("/api/v1/predict", query_string={**query, "unitid": str(row["UNITID"])})
    program = next(p for p in body.get_json()["programs"] if p["cipcode"] == row["CIPCODE"])
    assert program["earnings"] == row["earnings"] and program["graduates"] == row["graduates"]
    assert program["gap"] == pytest.approx(row["gap"])
    if not pd.isna(row["debt"]):
        assert program["debt"] == row["debt"] and program["payment"] > 0
