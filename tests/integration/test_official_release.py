"""A release in the full current official layout, written from the real extract: every
program kept, the freshest measure with values chosen and named in full, counts and
suppression carried through, an honest range, and a warning on a model of few programs."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from callbacks import predictor
from dashboard import create_app
from dashboard.cli import train
from dashboard.config import Config
from model.data import columns, dataset
from model.data.dataset import Sources
from model.serving.filters import Filters
from model.serving.service import ModelService
from tests.helpers import component_text as _text
from tests.official_layout import BENCHMARKS, dictionary_columns, write_release

pytestmark = pytest.mark.real_data
FIVE_YEARS = ("Median earnings 5 years after completion, federally aided graduates working "
              "and not enrolled, 2014-15 and 2015-16 completers (measured in 2020 and 2021), "
              "2022 dollars")


def _header(path) -> list[str]:
    with open(path, encoding="utf-8-sig") as fh:
        return next(csv.reader(fh))


def _build(release, data_dir, target=None, lines=None):
    return dataset.build(Sources(fos=str(release.fos), institution=str(release.institution),
                                 target=target), data_dir,
                         log=(lines.append if lines is not None else lambda _: None))


def test_the_files_carry_every_dictionary_column_and_both_markers(real_data, tmp_path):
    release = write_release(real_data, tmp_path)
    fos_columns, inst_columns = dictionary_columns(real_data / "reference")
    assert _header(release.fos) == [*fos_columns, *BENCHMARKS] and len(fos_columns) == 174
    assert _header(release.institution) == list(inst_columns) and len(inst_columns) == 3305
    text = release.fos.read_text(encoding="utf-8-sig")
    assert ",PS," in text and ",NA," in text
    rows = pd.read_csv(release.fos, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert (rows["UNITID"] == "").sum() == release.without_unitid == 53
    assert (rows["CONTROL"] == "4").sum() == release.foreign == 2
    assert set(rows["EARN_MDN_1YR"]) == {"PS", "NA"}  # the fresher measure: all withheld


@pytest.mark.parametrize("zipped", [False, True], ids=["csv", "zip"])
def test_a_default_build_keeps_every_program_and_names_the_measure(real_data, tmp_path,
                                                                   zipped):
    release = write_release(real_data, tmp_path / "release", zipped=zipped)
    lines: list[str] = []
    manifest = _build(release, tmp_path / "data", lines=lines)
    total = manifest.report["total"]
    assert total["read"] == total["kept"] == manifest.rows == release.rows == 1005
    assert total["dropped"] == {}
    assert total["suppressed"] == release.suppressed and \
        total["not available"] == release.not_available
    assert total["published"] == release.rows - release.suppressed - release.not_available
    assert manifest.target == "EARN_MDN_5YR" and manifest.target_definition == FIVE_YEARS
    assert "fresher but too few published: EARN_MDN_1YR (0)" in \
        manifest.report["target_reason"]
    assert manifest.report["benchmarks"] == BENCHMARKS
    assert manifest.release == "2026-06-10"
    assert lines[1].startswith("Rows read 1,005: kept 1,005 (earnings published 1,001, "
                               "privacy-suppressed 3, not available 1), dropped 0")
    assert any(line.startswith(f"Target EARN_MDN_5YR: {FIVE_YEARS}") for line in lines)

    df, _ = dataset.load_current(tmp_path / "data")
    keys = df.loc[~df["UNITID"].str.fullmatch(r"\d+"), "UNITID"]  # institutions' own keys
    assert len(keys) == release.without_unitid and keys.str.startswith(("ope:", "name:")).all()
    assert not df.duplicated(["UNITID", "CIPCODE", "CREDLEV"]).any()  # none collapsed
    foreign = df[df["CONTROL"] == 4]
    assert len(foreign) == 2 and set(foreign["earnings_status"]) == {"published", "suppressed"}
    certificates = df[df["CREDLEV"] == 1]
    assert certificates["tuition"].isna().sum() <= 11  # 82 of 133 before program-year tuition
    assert (df["tuition_kind"] == "program-year").sum() == manifest.counts[
        "tuition_program_year"] > 60
    assert df["net_price"].notna().sum() > 900
    extract = df[df["earnings_status"] == "published"]
    assert extract["graduates"].notna().sum() >= 1000


def _with_column(release, column: str, values) -> None:
    """Rewrite one column of the release's Field of Study file."""
    rows = pd.read_csv(release.fos, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    rows[column] = values(rows)
    rows.to_csv(release.fos, index=False, encoding="utf-8-sig")


def _scaled(rows: pd.DataFrame) -> list[str]:
    """The real 5-year earnings at 70%, as a fresher measure's values (markers kept)."""
    return [str(round(float(v) * 0.7)) if v.isdigit() else v
            for v in rows["EARN_MDN_5YR"].str.replace(".0", "", regex=False)]


def _few(rows: pd.DataFrame) -> list[str]:
    """The same, published for only the first 100 programs."""
    return [v if i < 100 else "PS" for i, v in enumerate(_scaled(rows))]


def test_the_freshest_measure_with_enough_values_is_the_default(real_data, tmp_path):
    release = write_release(real_data, tmp_path / "release")
    _with_column(release, "EARN_MDN_1YR", _scaled)
    manifest = _build(release, tmp_path / "a")
    assert manifest.target == "EARN_MDN_1YR"
    assert "2018-19 and 2019-20 completers" in manifest.target_definition
    _with_column(release, "EARN_MDN_1YR", _few)
    assert _build(release, tmp_path / "b").target == "EARN_MDN_5YR"  # 100 of 1,005: too few
    # the tutorial's measure is one setting away; here it is all suppressed, and says so
    from model.errors import DataError

    with pytest.raises(DataError, match="every value is suppressed or not available"):
        _build(release, tmp_path / "c", target="EARN_MDN_HI_2YR")
    _with_column(release, "EARN_MDN_HI_2YR", _scaled)
    manifest = _build(release, tmp_path / "d", target="EARN_MDN_HI_2YR")
    assert manifest.target == "EARN_MDN_HI_2YR" and "2019 dollars" in manifest.target_definition


@pytest.fixture(scope="module")
def official(real_data, tmp_path_factory) -> Config:
    """The official-layout release built and trained, as `make run` would."""
    var = tmp_path_factory.mktemp("official")
    release = write_release(real_data, var / "release")
    config = Config(var_dir=var)
    _build(release, config.data_dir)
    train(config)
    return config


def test_the_model_on_the_real_extract_is_accurate_and_its_range_honest(official):
    info = ModelService.load(official.model_path).info()
    cv, interval = info["metrics"]["cv_r2"], info["metrics"]["interval"]
    assert 0.6 < cv["mean"] < 0.85 and cv["std"] < 0.1 and len(cv["folds"]) == 5
    assert info["warnings"] == []
    crossed = interval["cross_validated"]
    assert abs(crossed["coverage"] - 0.8) < 0.04
    assert set(crossed["by_size"]) == {"under 35 graduates", "35 to 80 graduates",
                                       "over 80 graduates"}
    for band in crossed["by_size"].values():  # about 280 programs each
        assert band["n"] > 200 and abs(band["coverage"] - 0.8) < 0.07, crossed["by_size"]
    for part in crossed["by_credential"].values():
        assert abs(part["coverage"] - 0.8) < 0.08, crossed["by_credential"]
    assert interval["size_scale"]["b"] > 0  # small programs get wider ranges


def test_every_figure_says_what_it_rests_on(official):
    service = ModelService.load(official.model_path)
    s = service.default_scenario()
    p = service.predict(s)
    small, large = p["by_size"][0], p["by_size"][-1]
    assert small["band"] == "under 35 graduates" and large["band"] == "over 80 graduates"
    assert small["high"] - small["low"] > large["high"] - large["low"]
    dist = service.distribution(s.credential, s.field)
    assert dist["n_chosen"] > 5 and dist["median_chosen"] > 0
    view = service.explore(Filters())
    assert (view["summary"]["suppressed"], view["summary"]["not_available"]) == (3, 1)
    rows, total = service.program_rows(Filters(), sort=[{"colId": "graduates",
                                                          "sort": "desc"}], end=5)
    assert total == 1001 and rows["graduates"].tolist() == sorted(rows["graduates"],
                                                                 reverse=True)
    client = create_app(official).server.test_client()
    body = client.get("/api/v1/predict", query_string=service.options()["default"] | {
        "program": None, "admission_rate": s.admission_rate, "sat": s.sat,
        "tuition": s.tuition}).get_json()
    assert body["target"] == "EARN_MDN_5YR" and body["target_definition"] == FIVE_YEARS
    assert body["prediction"]["by_size"] and body["warnings"] == []
    about = client.get("/_dash-layout").get_data(as_text=True)
    assert FIVE_YEARS in about and "Privacy-suppressed" in about and "2026-06-10" in about


def test_a_model_of_29_programs_says_so_on_the_card(real_data, tmp_path):
    raw = real_data / "raw" / "mhyrr_collegevalue"
    config = Config(var_dir=tmp_path)
    dataset.build(Sources(fos=str(raw / "Field100.csv"), institution=str(raw / "All100.csv")),
                  config.data_dir, log=lambda _: None)
    train(config)
    service = ModelService.load(config.model_path)
    info = service.info()
    assert info["model"]["rows"] == 29
    assert any("only 29 programs" in w for w in info["warnings"])
    d = service.options()["default"]
    values = {**{k: d[k] for k in ("credential", "field", "program", "control", "region",
                                   "locale", "tuition")},
              "admission_rate": None if d["admission_rate"] is None else
              d["admission_rate"] * 100, "sat": d["sat"],
              "admission_rate_missing": [] if d["admission_rate"] is not None else ["missing"],
              "sat_missing": [] if d["sat"] is not None else ["missing"]}
    card = _text(predictor.update(service, info, values)[0])
    assert re.search(r"Caution:\s+This model rests on only 29 programs", card), card
    cv = info["metrics"]["cv_r2"]
    assert f"cross-validated R² {cv['mean']:.2f} ± {cv['std']:.2f}" in card
    assert re.search(r"\(5 folds of 2\d programs\)", card)
    assert columns.published(dataset.load_current(config.data_dir)[0]).shape[0] == 29


def _statuses_from_the_file(release) -> pd.DataFrame:
    """Each program's earnings test worked out from the Field of Study file's own columns,
    apart from the build: the measure's marker, its count, the benchmark."""
    rows = pd.read_csv(release.fos, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    number = {c: pd.to_numeric(rows[c], errors="coerce") for c in
              ("EARN_MDN_4YR", "EARN_COUNT_WNE_4YR", "EARN_THR_STATE", "EARN_THR_NAT")}
    bench = number["EARN_THR_STATE"].where(rows["CONTROL"] != "4").fillna(
        number["EARN_THR_NAT"])
    status = pd.Series("not measured", index=rows.index)
    suppressed = rows["EARN_MDN_4YR"] == "PS"
    status[suppressed] = "earnings suppressed"
    status[suppressed & ~(number["EARN_COUNT_WNE_4YR"] >= 30)] = "too few graduates"
    measured = number["EARN_MDN_4YR"].notna()
    status[measured] = (number["EARN_MDN_4YR"] > bench).map({True: "passes", False: "fails"})
    return pd.DataFrame({"credential": rows["CREDLEV"], "status": status,
                         "graduates": number["EARN_COUNT_WNE_4YR"].fillna(0)})


@pytest.mark.parametrize("filled", [True, False], ids=["filled", "PS-NA"])
def test_the_earnings_test_per_credential_matches_the_files(real_data, tmp_path, filled):
    release = write_release(real_data, tmp_path / "release", earnings_test=filled)
    config = Config(var_dir=tmp_path / "var")
    _build(release, config.data_dir)
    train(config)
    service = ModelService.load(config.model_path)
    counts = service.test_info()["counts"]
    expected = _statuses_from_the_file(release)
    for level, rows in expected.groupby("credential"):
        for status, part in rows.groupby("status"):
            got = counts[level][status]
            assert got["programs"] == len(part), (level, status)
            assert got["graduates"] == int(part["graduates"].sum()), (level, status)
    if filled:
        assert counts["1"]["fails"]["programs"] > 0 and counts["3"]["passes"]["programs"] > 500
        assert service.test_info()["vintage"].startswith("release of 2026-06-10")
        assert "EARN_MDN_4YR" in [h["column"] for h in service.horizons()]
    else:  # markers only: nothing is judged, and the card and the API say why
        assert not any(s in c for c in counts.values() for s in ("passes", "fails"))
        assert service.test_info()["vintage"] == "none in this release"
        s = service.default_scenario()
        assert not service.scenario_test(s)["available"]
        assert "no 4-year earnings" in service.scenario_test(s)["reason"]
