"""Fit, evaluate and package the models, one per earnings horizon: held-out metrics,
cross-fitted expectations and cross-validation, conformal ranges."""

from __future__ import annotations

import platform
import time
from dataclasses import asdict
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import sklearn
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import train_test_split

from model import earnings_test
from model.data import columns, measures
from model.data.dataset import Manifest
from model.learning import ranges, summaries
from model.learning.artifact import ARTIFACT_VERSION
from model.learning.crossfit import cross_fit, gap_percentiles, sample_positions
from model.learning.fastpath import feature_means, from_pipeline
from model.learning.features import (
    INPUT_COLUMNS,
    INPUTS,
    TUTORIAL_COLUMNS,
    build_pipeline,
    prepare,
    tutorial_pipeline,
)

TEST_SIZE = 0.15  # as in the tutorial
# A model below either is shown with a warning: predictions that rest on a handful of
# programs, or explain little of the differences between programs, are rough guides.
MIN_PROGRAMS = 100
MIN_CV_R2 = 0.3
# Above these sizes, the penalty is chosen, the range calibrated and the tutorial compared on
# a random sample of the training rows (the final model always fits on all of them): a few
# hundred thousand rows pin a penalty and an 80% quantile down, while fitting every row for
# each fit would make training cost many times the final fit.
ALPHA_ROWS = 100_000
CALIBRATION_ROWS = 200_000
MIN_ROWS = 10  # a horizon with fewer programs with earnings is not modelled
# What one horizon's training reads of the programs with earnings (the inputs, the
# tutorial's, what the summaries count); the rest of the dataset (debt, other horizons,
# names) goes to the program table alone, so it is not copied per horizon.
TRAINING_COLUMNS = {*INPUT_COLUMNS, *TUTORIAL_COLUMNS, "earnings", "earnings_status",
                    "graduates", "CIPDESC", "FIELD"}


def metrics(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    """R-squared, MAE and RMSE in dollars."""
    return {"r2": float(r2_score(y, pred)), "mae": float(mean_absolute_error(y, pred)),
            "rmse": float(np.sqrt(mean_squared_error(y, pred))), "n": int(len(y))}


def choose_alpha(rows: pd.DataFrame) -> float:
    """The ridge penalty generalized cross-validation picks on these rows."""
    model = build_pipeline(rows).fit(rows[INPUT_COLUMNS], rows["earnings"].to_numpy())
    return float(model.named_steps["regressor"].alpha_)


def compare_with_tutorial(df: pd.DataFrame, seed: int, alpha: float | None = None) -> dict:
    """Both pipelines on the same rows and split: the rows the tutorial's pipeline can take
    (tuition is passed through unimputed, so rows without tuition are left out), at most
    CALIBRATION_ROWS of them."""
    with_tuition = np.flatnonzero(df["tuition"].notna().to_numpy())
    rows = df.iloc[sample_positions(with_tuition, CALIBRATION_ROWS, seed)]
    if len(rows) < 20:
        return {"rows": len(rows), "note": "too few rows with tuition to compare"}
    train, test = train_test_split(rows, test_size=TEST_SIZE, random_state=seed)
    tutorial = tutorial_pipeline().fit(train[TUTORIAL_COLUMNS], train["earnings"])
    ours = build_pipeline(train, alpha=alpha).fit(train[INPUT_COLUMNS], train["earnings"])
    return {"rows": len(rows), "test_rows": len(test),
            "tutorial": metrics(test["earnings"].to_numpy(),
                                tutorial.predict(test[TUTORIAL_COLUMNS])),
            "ours": metrics(test["earnings"].to_numpy(), ours.predict(test[INPUT_COLUMNS]))}


def warnings(rows: int, cv: dict) -> list[str]:
    """What a person should know before trusting the model, in words."""
    out = []
    if rows < MIN_PROGRAMS:
        out.append(f"This model rests on only {rows:,} program{'s' if rows != 1 else ''} "
                   f"(fewer than {MIN_PROGRAMS}): its predictions are rough guides.")
    if cv["mean"] < MIN_CV_R2:
        out.append(f"The model explains little of the differences between programs: "
                   f"cross-validated R² {cv['mean']:.2f} ± {cv['std']:.2f} (below "
                   f"{MIN_CV_R2:.1f}).")
    return out


def with_horizon(df: pd.DataFrame, column: str, target: str) -> pd.DataFrame:
    """The dataset with a horizon's earnings (and their count) as `earnings`: published
    where the horizon has a value (the target keeps its own status, PS and NA apart)."""
    if column == target or columns.HORIZON + column not in df:
        return df
    values = df[columns.HORIZON + column]
    status = pd.Categorical.from_codes(values.notna().to_numpy().astype(np.int8),
                                       categories=["not available", "published"])
    counts = ({"earnings_count": df[columns.HORIZON_COUNT + column]}
              if columns.HORIZON_COUNT + column in df else {})  # not read to train
    return df.assign(earnings=values, earnings_status=pd.Series(status, index=df.index),
                     **counts)


def train(df: pd.DataFrame, manifest: Manifest, seed: int = 42, level: float = 0.8,
          log=print) -> dict:
    """Train one model per earnings horizon of the dataset (model.data.measures.horizons) and add
    the program table: the artifact payload (see fit_horizons and add_programs)."""
    payload, outcomes = fit_horizons(df, manifest, seed, level, log)
    return add_programs(payload, df, outcomes)


def reads(column: str) -> bool:
    """Whether fit_horizons reads this column of the dataset (the rest is the program
    table's: the CLI trains on these alone, then reads the rest for the table)."""
    return column in TRAINING_COLUMNS or column.startswith(columns.HORIZON)


def fit_horizons(df: pd.DataFrame, manifest: Manifest, seed: int = 42, level: float = 0.8,
                 log=print) -> tuple[dict, dict]:
    """One model per earnings horizon: the payload is the target's, with the other
    horizons' under "others"; and each horizon's programs' outcomes (for add_programs)."""
    target = manifest.target
    horizons = [h for h in (manifest.report.get("horizons") or [target])
                if columns.HORIZON + h in df or h == target]
    payloads, outcomes = {}, {}
    for column in horizons:
        rows = with_horizon(df, column, target)
        available = int((rows["earnings_status"] == "published").sum())
        if column != target and available < MIN_ROWS:
            log(f"Horizon {column}: {available} programs with earnings, too few to model")
            continue
        if len(horizons) > 1:
            log(f"Horizon {column}: {measures.label(column)}")
        payloads[column], outcomes[column] = train_horizon(rows, manifest, column, seed,
                                                           level, log)
        del rows
    payload = payloads.pop(target)
    trained = [target, *payloads]
    order = sorted(trained, key=lambda c: measures.years_after(c) or 0)
    payload["metadata"]["horizons"] = [
        _horizon_summary(c, payload if c == target else payloads[c]) for c in order]
    payload["others"] = payloads
    return payload, outcomes


def add_programs(payload: dict, df: pd.DataFrame, outcomes: dict) -> dict:
    """The program table (every program once, each horizon's outcomes as columns) and the
    institutions, in the target's payload; each other horizon's counts of an institution's
    programs with and without earnings. `df`: the whole dataset, the same rows as trained."""
    target = payload["metadata"]["target"]
    institutions = summaries.institutions(df)  # also those without published earnings
    for column, other in payload["others"].items():
        other["summaries"]["institution_counts"] = summaries.institution_counts(
            with_horizon(df, column, target), institutions["UNITID"])
    payload["summaries"]["institutions"] = institutions
    tests, payload["metadata"]["earnings_test"] = test_programs(df, payload["metadata"])
    payload["summaries"]["programs"] = summaries.program_table(df, {
        column: _outcomes(with_horizon(df, column, target), found)
        for column, found in outcomes.items()}, tests)
    return payload


def test_programs(df: pd.DataFrame, metadata: dict) -> tuple[pd.DataFrame, dict]:
    """Every program's earnings test (model.earnings_test) and what the About tab, the API
    and the card say of it: the release's columns, the benchmarks' vintage, the spread of
    graduates' earnings read off the data, and programs and graduates per status and
    credential."""
    data = metadata["data"]
    bench = df["threshold_state"].where(df["CONTROL"] != 4).fillna(df["threshold_nat"])
    sd = earnings_test.spread(df["test_earnings"], bench, df["test_above"], df["test_count"])
    published = (df["test_earnings_status"] == "published").to_numpy()
    priors = earnings_test.fit_priors(df["CREDLEV"].to_numpy(float)[published],
                                      df["test_above"].to_numpy(float)[published],
                                      df["test_count"].to_numpy(float)[published])
    tests = earnings_test.evaluate(df, sd=sd, priors=priors)
    table = pd.DataFrame({"credential": df["CREDLEV"].astype("Int64"),
                          "status": tests["test_status"], "outlook": tests["test_outlook"],
                          "graduates": df["test_count"].fillna(0)})
    counts = {str(level): {status: {"programs": int(len(part)),
                                    "graduates": int(part["graduates"].sum())}
                           for status, part in rows.groupby("status")}
              for level, rows in table.dropna(subset=["credential"]).groupby("credential")}
    outlooks = {str(level): rows["outlook"].value_counts().to_dict()
                for level, rows in table.dropna(subset=["credential"]).groupby("credential")}
    return tests, {"columns": (data.get("report") or {}).get("earnings_test", []),
                   "release": data.get("release"),
                   "vintage": earnings_test.benchmark_vintage(data.get("release"),
                                                              data.get("kind") == "demo")
                   if bench.notna().any() else "none in this release",
                   "spread": sd, "spread_default": sd == earnings_test.SPREAD,
                   "priors": priors,
                   "counts": counts, "outlooks": outlooks,
                   "measured": int(np.isfinite(df["test_earnings"].to_numpy(float)).sum())}


def _outcomes(rows: pd.DataFrame, found: dict) -> dict:
    """A horizon's outcomes for the program table: earnings, their count and status on
    `rows`' index; the expectation, the gap and its percentile within the credential at the
    positions `at` of the programs with earnings."""
    # whole dollars, as the source's earnings are, and percentiles to a tenth: what the
    # page and the API show, and a table that compresses to 60% of the unrounded one
    at, expected = found["at"], np.round(found["expected"])
    gaps = rows["earnings"].to_numpy(float)[at] - expected
    percentiles = np.round(gap_percentiles(gaps, rows["CREDLEV"].to_numpy()[at]), 1)
    return {"earnings": rows["earnings"], "earnings_count": rows["earnings_count"],
            "status": rows["earnings_status"], "at": at, "expected": expected, "gap": gaps,
            "gap_percentile": percentiles}


def _horizon_summary(column: str, payload: dict) -> dict:
    """What the About tab and the API say of one horizon's model."""
    meta = payload["metadata"]
    m = meta["metrics"]
    return {"column": column, "label": measures.label(column),
            "years": measures.years_after(column), "rows": meta["model"]["rows"],
            "cv_r2": m["cv_r2"]["mean"], "cv_r2_std": m["cv_r2"]["std"],
            "test_r2": m["test"]["r2"], "coverage": m["interval"]["coverage"],
            "cv_coverage": m["interval"]["cross_validated"]["coverage"],
            "above_expected": m["expectations"]["above"],
            "train_seconds": meta["train_seconds"]}


def train_horizon(df: pd.DataFrame, manifest: Manifest, column: str, seed: int = 42,
                  level: float = 0.8, log=print) -> tuple[dict, dict]:
    """Train on 85% of the programs with published earnings (in `earnings`), evaluate on
    the rest, cross-fit every program's expectation; return one horizon's payload and its
    programs' expectations ({"at": their rows in `df`, "expected"}).
    Programs without published earnings are counted for the page."""
    started = time.perf_counter()
    steps = 6

    def step(i: int, text: str) -> None:
        log(f"[{i}/{steps}] {text} ({time.perf_counter() - started:.1f}s)")

    withheld = summaries.withheld(columns.withheld(df))
    at = np.flatnonzero((df["earnings_status"] == "published").to_numpy())
    df = df[[c for c in df.columns if c in TRAINING_COLUMNS]].iloc[at].reset_index(drop=True)
    if len(df) < MIN_ROWS:
        raise ValueError(f"at least {MIN_ROWS} programs with published earnings are needed to "
                         f"train; the dataset has {len(df)}")
    # The split as positions (the same rows train_test_split(df) picks): the rows are taken
    # column by column where needed instead of copying the whole frame twice.
    train_at, test_at = train_test_split(np.arange(len(df)), test_size=TEST_SIZE,
                                         random_state=seed)
    earnings, levels = df["earnings"].to_numpy(float), df["CREDLEV"].to_numpy()
    sizes = df["graduates"].to_numpy(float)
    y_train, y_test = earnings[train_at], earnings[test_at]
    alpha_at = sample_positions(train_at, ALPHA_ROWS, seed)
    step(1, f"Choosing the ridge penalty on {len(alpha_at):,} programs, comparing with the "
            "tutorial's pipeline, counting")
    alpha = choose_alpha(df.iloc[alpha_at])
    comparison = compare_with_tutorial(df, seed, alpha)
    summary = {"options": summaries.options(df), "histograms": summaries.histograms(df),
               "sorted_earnings": summaries.sorted_earnings(df), "withheld": withheld}
    prepared = prepare(df)  # once, for every row
    first = df[INPUT_COLUMNS].head(1)
    del df  # what the fits need is prepared
    step(2, f"Cross-fitting every program's expectation (5 folds of {len(prepared):,} "
            "programs)")
    expected, fold_scores = cross_fit(prepared, earnings, seed, alpha)
    cv = {"mean": float(np.mean(fold_scores)), "std": float(np.std(fold_scores)),
          "folds": fold_scores, "n": len(earnings)}
    step(3, f"Fitting on {len(train_at):,} programs, holding out {len(test_at):,} "
            f"(ridge penalty {alpha:g})")
    train_rows, test_rows = prepared.iloc[train_at], prepared.iloc[test_at]
    del prepared  # the fit's feature matrix is the peak of training memory: only what it
    # needs is kept, and each copy is let go as soon as it is used
    pipeline = build_pipeline(train_rows, alpha=alpha, prepared=True)
    # Pipeline.fit step by step (prepare is stateless), keeping the feature matrix for the
    # lookup tables' means
    pipeline.named_steps["prepare"].fit(first)
    matrix = pipeline.named_steps["features"].fit_transform(train_rows)
    del train_rows
    pipeline.named_steps["regressor"].fit(matrix, y_train)
    means = feature_means(matrix)
    del matrix
    test_pred = pipeline[1:].predict(test_rows)  # the rows are prepared already
    del test_rows
    step(4, f"Calibrating the {level:.0%} range on out-of-fold residuals, by credential and "
            "program size")
    cal_at = sample_positions(train_at, CALIBRATION_ROWS, seed)
    scales = ranges.calibrate(levels[cal_at], earnings[cal_at], expected[cal_at],
                              sizes[cal_at], level)
    held_out = ranges.coverage(y_test, test_pred, levels[test_at], sizes[test_at], scales)
    crossed = ranges.cross_coverage(levels[cal_at], earnings[cal_at], expected[cal_at],
                                    sizes[cal_at], level, seed)
    step(5, "Deriving lookup tables")
    fast = from_pipeline(pipeline, means)
    regressor = pipeline.named_steps["regressor"]
    measure = measures.describe(column)
    metadata = {
        "artifact_version": ARTIFACT_VERSION,
        "created_at": datetime.now(timezone.utc).isoformat(),
        "data": asdict(manifest),
        "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
                     "pandas": pd.__version__, "numpy": np.__version__},
        "target": column, "target_definition": measure["label"], "target_measure": measure,
        "demo": manifest.is_demo,
        "metrics": {"test": metrics(y_test, test_pred), "cv_r2": cv,
                    "interval": {"level": level, "coverage": held_out["coverage"],
                                 "n": held_out["n"],
                                 "by_credential": held_out["by_credential"],
                                 "by_size": held_out["by_size"], "cross_validated": crossed,
                                 "size_scale": scales["size"], "method":
                                 "split-conformal on 5-fold out-of-fold residuals, relative "
                                 "to the prediction and scaled by program size, per "
                                 "credential"},
                    "expectations": {"method": "cross-fitted: each program predicted by "
                                               "the model fitted on the other four folds",
                                     "above": float(np.mean(earnings > expected))},
                    "tutorial_comparison": comparison},
        "warnings": warnings(len(earnings), cv),
        "model": {"regressor": "Ridge", "alpha": float(regressor.alpha),
                  "alpha_chosen_on": len(alpha_at), "calibration_rows": len(cal_at),
                  "inputs": [i.name for i in INPUTS], "columns": INPUT_COLUMNS,
                  "features": int(len(regressor.coef_)), "rows": len(earnings),
                  "train_rows": len(train_at), "test_rows": len(test_at), "seed": seed},
        "train_seconds": round(time.perf_counter() - started, 2),
    }
    step(6, f"Done: cross-validated R² {cv['mean']:.3f} ± {cv['std']:.3f} (held-out "
            f"{metadata['metrics']['test']['r2']:.3f}), {level:.0%} range coverage "
            f"{held_out['coverage']:.1%} held out, {crossed['coverage'] or 0:.1%} "
            "cross-validated")
    for line in metadata["warnings"]:
        log(f"Warning: {line}")
    return ({"pipeline": pipeline, "fast": fast, "scales": scales, "summaries": summary,
             "metadata": metadata}, {"at": at.astype(np.int32 if len(at) < 2**31 else
                                                      np.int64), "expected": expected})
