"""The model: fast path equals the pipeline, contributions add up, ranges cover."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from model.data import columns, dataset
from model.learning import artifact, ranges, training
from model.learning.features import INPUT_COLUMNS, INPUTS, NUMBER_INPUTS


@pytest.fixture(scope="module")
def payload(config):
    return artifact.load(config.model_path)


def _random_rows(df: pd.DataFrame, n: int, rng: np.random.Generator) -> pd.DataFrame:
    rows = df[INPUT_COLUMNS].sample(n, random_state=1, replace=True).reset_index(drop=True)
    rows = rows.astype(object)
    for col in INPUT_COLUMNS:  # mix in missing values and categories never seen in training
        hit = rng.random(n) < 0.15
        rows.loc[hit, col] = None
        unseen = rng.random(n) < 0.05
        if col in ("CIP2", "CIPCODE"):
            rows.loc[unseen, col] = "9999"
        elif col in ("CREDLEV", "CONTROL", "REGION", "LOCALE"):
            rows.loc[unseen, col] = 77
        else:
            rows.loc[unseen, col] = rng.uniform(0, 2000, unseen.sum())
    return rows


def test_fast_path_equals_pipeline_predict(config, payload, service):
    df, _ = dataset.load_current(config.data_dir)
    rows = _random_rows(df, 500, np.random.default_rng(7))
    expected = service.pipeline.predict(rows)  # stored pickled; loaded on first use
    fast = payload["fast"]
    got = np.array([fast.predict(credential=r["CREDLEV"], field=r["CIP2"],
                                 program=r["CIPCODE"], control=r["CONTROL"],
                                 region=r["REGION"], locale=r["LOCALE"],
                                 **{i.name: r[i.column] for i in NUMBER_INPUTS})
                    for r in rows.to_dict("records")])
    assert rows.isna().any().all()  # every column had missing values in the test
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-6)


def test_contributions_sum_exactly_to_the_prediction(service):
    s = service.default_scenario()
    c = service.contributions(s)
    assert [t["input"] for t in c["terms"]] == [i.name for i in INPUTS]
    assert [t["input"] for t in c["terms"]][:6] == ["credential", "field", "control", "region",
                                                    "locale", "admission_rate"]
    total = c["baseline"] + math.fsum(t["amount"] for t in c["terms"])
    assert total == pytest.approx(c["prediction"], abs=1e-6)
    assert c["prediction"] == pytest.approx(service.predict(s)["value"], abs=1e-9)
    assert c["prediction"] == pytest.approx(service.predict_with_pipeline(s), abs=1e-6)


def test_metrics_are_recorded_and_beat_the_tutorial(payload):
    m = payload["metadata"]["metrics"]
    assert 0.6 < m["test"]["r2"] < 0.99 and m["test"]["mae"] > 0 and m["test"]["rmse"] > 0
    assert len(m["cv_r2"]["folds"]) == 5 and 0.6 < m["cv_r2"]["mean"] < 0.99
    comparison = m["tutorial_comparison"]
    assert comparison["ours"]["r2"] >= comparison["tutorial"]["r2"]


def test_interval_coverage_holds_on_held_out_programs(payload):
    interval = payload["metadata"]["metrics"]["interval"]
    assert interval["level"] == 0.8
    assert abs(interval["coverage"] - 0.8) < 0.04


def test_conformal_range_covers_nominal_share_in_every_size_band():
    """Residuals that shrink with program size (as on the real extract): a flat range would
    over-cover large programs and under-cover small ones; the scaled one holds each band."""
    rng = np.random.default_rng(0)
    n = 8000
    pred = rng.uniform(20_000, 80_000, n)
    sizes = np.round(10 + rng.lognormal(np.log(40), 0.9, n))
    y = pred * (1 + rng.normal(0, 1, n) * np.sqrt(0.05 ** 2 + 1.0 / sizes))
    levels = rng.integers(1, 4, n)
    half = n // 2
    scales = ranges.calibrate(levels[:half], y[:half], pred[:half], sizes[:half], 0.9)
    assert scales["size"]["b"] > 0
    report = ranges.coverage(y[half:], pred[half:], levels[half:], sizes[half:], scales)
    assert 0.87 < report["coverage"] < 0.93
    for band in report["by_size"].values():
        assert 0.86 < band["coverage"] < 0.94, report["by_size"]
    small, large = (ranges.interval(50_000.0, 2, scales, size) for size in (15, 300))
    assert small[1] - small[0] > 1.5 * (large[1] - large[0])
    assert ranges.interval(50_000.0, 2, scales) == ranges.interval(50_000.0, 2, scales,
                                                                   scales["size"]["ref"])


def test_the_range_does_not_depend_on_size_when_size_does_not_matter():
    rng = np.random.default_rng(1)
    pred = rng.uniform(20_000, 80_000, 3000)
    sizes = np.round(10 + rng.lognormal(np.log(40), 0.9, 3000))
    y = pred * (1 + rng.normal(0, 0.2, 3000))
    scales = ranges.calibrate(np.full(3000, 3), y, pred, sizes, 0.8)
    small, large = (np.subtract(*ranges.interval(40_000.0, 3, scales, n)[::-1])
                    for n in (12, 500))
    assert small < 1.2 * large  # at most the noise of fitting a flat relation
    assert ranges.by_size(40_000.0, 3, {**scales, "size": {"a": 1, "b": 0, "ref": 40}}) == []


def test_artifact_metadata_describes_the_model(config):
    meta = artifact.read_metadata(config.model_path)
    assert meta["data"]["fingerprint"] and meta["data"]["kind"] == "demo"
    assert {"python", "scikit-learn", "pandas", "numpy"} <= set(meta["versions"])
    assert meta["model"]["inputs"][0] == "credential" and meta["created_at"]
    assert artifact.is_stale(config.model_path, meta["data"]["fingerprint"]) is None
    assert artifact.is_stale(config.model_path, "other") == "the dataset changed"


def test_serving_does_not_load_scikit_learn(config):
    """The served app reads the lookup tables; the pipeline (and scikit-learn with it) loads
    only when asked for, which keeps start-up and each worker's memory small."""
    import subprocess
    import sys

    code = ("import sys\nfrom dashboard import create_app\nfrom dashboard.config import Config\n"
            f"app = create_app(Config(var_dir={str(config.var_dir)!r}))\n"
            "assert app.server.test_client().get('/').status_code == 200\n"
            "assert 'sklearn' not in sys.modules, 'scikit-learn was loaded'\n"
            "service = app.server.extensions['dashboard'].service\n"
            "service.predict_with_pipeline(service.default_scenario())\n"
            "assert 'sklearn' in sys.modules\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]


def test_one_hot_equals_scikit_learns_encoder():
    """model.learning.encoding.OneHot (pandas' hash tables, CSC) encodes as OneHotEncoder does, for
    object and categorical columns, with unknown and missing values as all-zero rows."""
    from sklearn.preprocessing import OneHotEncoder

    from model.learning.encoding import OneHot

    values = np.array(["11", "52", "NA", "03", "11", "99", None, "52"], dtype=object)
    known = ["03", "11", "52", "NA"]
    expected = OneHotEncoder(categories=[known], handle_unknown="ignore").fit_transform(
        pd.DataFrame({"v": np.where(pd.isna(values), "missing", values)})).toarray()
    for column in (pd.DataFrame({"v": values}),
                   pd.DataFrame({"v": pd.Series(values, dtype="str").astype("category")})):
        encoded = OneHot(known).fit(column).transform(column)
        assert encoded.format == "csc"
        np.testing.assert_array_equal(encoded.toarray(), expected)
    auto = OneHot().fit(pd.DataFrame({"v": values}))
    assert auto.categories_[0].tolist() == ["03", "11", "52", "99", "NA"]


def test_training_from_categoricals_equals_training_from_strings(config):
    """Training reads text columns as categoricals (the memory of millions of rows): the
    model, its metrics and every summary are the same as from plain strings."""
    strings, manifest = dataset.load_current(config.data_dir)
    categorical, _ = dataset.load_current(config.data_dir, categorical=True)
    assert categorical["CIPCODE"].dtype == "category" and strings["CIPCODE"].dtype != "category"
    quiet = {"log": lambda _: None}
    a = training.train(strings, manifest, **quiet)
    b = training.train(categorical, manifest, **quiet)
    coef = [p["pipeline"].named_steps["regressor"].coef_ for p in (a, b)]
    np.testing.assert_allclose(coef[0], coef[1], rtol=1e-9, atol=1e-9)
    assert a["metadata"]["metrics"] == b["metadata"]["metrics"]
    assert a["fast"] == b["fast"] and a["scales"] == b["scales"]
    sa, sb = a["summaries"], b["summaries"]
    assert sa["options"] == sb["options"] and sa["histograms"] == sb["histograms"]
    assert sa["sorted_earnings"].keys() == sb["sorted_earnings"].keys()
    for level, values in sa["sorted_earnings"].items():
        np.testing.assert_array_equal(values, sb["sorted_earnings"][level])
    pd.testing.assert_frame_equal(sa["institutions"], sb["institutions"])
    pd.testing.assert_frame_equal(sa["programs"], sb["programs"])
    assert sa["withheld"]["counts"] == sb["withheld"]["counts"]


def test_the_cli_fits_on_the_columns_training_reads_and_adds_the_rest_after(config, service):
    """`dashboard train` fits on the columns fit_horizons reads, then reads the whole dataset
    for the program table: the artifact is the one training on everything gives."""

    slim, manifest = dataset.load_current(config.data_dir, categorical=True,
                                          wanted=training.reads)
    full, _ = dataset.load_current(config.data_dir, categorical=True)
    assert "debt" in full and "debt" not in slim and "INSTNM" not in slim
    assert set(slim.columns) == {c for c in full.columns if training.reads(c)}
    whole = training.train(full, manifest, log=lambda _: None)
    stored = artifact.load(config.model_path)
    assert whole["metadata"]["metrics"] == stored["metadata"]["metrics"]
    assert whole["metadata"]["horizons"][0]["cv_r2"] == stored["metadata"]["horizons"][0][
        "cv_r2"]
    pd.testing.assert_frame_equal(whole["summaries"]["programs"],
                                  stored["summaries"]["programs"])
    pd.testing.assert_frame_equal(whole["summaries"]["institutions"],
                                  stored["summaries"]["institutions"])
    for column, other in whole["others"].items():
        counts = stored["others"][column]["summaries"]["institution_counts"]
        np.testing.assert_array_equal(other["summaries"]["institution_counts"]["programs"],
                                      counts["programs"])


def test_the_feature_matrix_is_stacked_as_csc_with_the_values_column_transformer_gives(
        config):
    """model.learning.stacking keeps the stacked feature matrix CSC (no CSR copy at the peak of
    training memory): the same matrix as scikit-learn's own ColumnTransformer."""
    from sklearn.compose import ColumnTransformer

    from model.learning.features import build_pipeline, prepare

    df = columns.published(dataset.load_current(config.data_dir)[0]).head(400)
    prepared = prepare(df)
    ours = build_pipeline(prepared, prepared=True).named_steps["features"]
    plain = ColumnTransformer(ours.transformers, sparse_threshold=1.0)
    matrix = ours.fit_transform(prepared)
    assert matrix.format == "csc"
    np.testing.assert_array_equal(matrix.toarray(), plain.fit_transform(prepared).toarray())
    assert ours.transform(prepared.head(7)).format == "csc"


def test_the_final_fit_uses_the_feature_matrix_in_place_with_the_same_coefficients(config):
    """The final Ridge does not copy the feature matrix (copy_X=False): it leaves the matrix
    as it was and fits the coefficients and intercept a copying Ridge fits."""
    from sklearn.base import clone

    from model.learning.features import build_pipeline, prepare

    df = columns.published(dataset.load_current(config.data_dir)[0]).head(2_000)
    prepared = prepare(df)
    pipeline = build_pipeline(prepared, alpha=3.0, prepared=True)
    ridge = pipeline.named_steps["regressor"]
    assert ridge.copy_X is False
    matrix = pipeline.named_steps["features"].fit_transform(prepared)
    before = matrix.copy()
    y = df["earnings"].to_numpy(float)
    ridge.fit(matrix, y)
    copying = clone(ridge).set_params(copy_X=True).fit(before.copy(), y)
    assert (matrix != before).nnz == 0
    np.testing.assert_allclose(ridge.coef_, copying.coef_, rtol=1e-6, atol=1e-3)
    assert ridge.intercept_ == pytest.approx(copying.intercept_, rel=1e-9)
