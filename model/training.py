"""Fit, evaluate and package the model: held-out metrics, cross-validation, conformal ranges."""

from __future__ import annotations

import platform
import time
from dataclasses import asdict
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import sklearn
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import KFold, train_test_split

from . import summaries
from .artifact import ARTIFACT_VERSION
from .dataset import Manifest
from .explorer import program_table
from .fastpath import feature_means, from_pipeline
from .features import (
    INPUT_COLUMNS,
    INPUTS,
    TUTORIAL_COLUMNS,
    build_pipeline,
    prepare,
    tutorial_pipeline,
)
from .ranges import FLOOR, interval

TEST_SIZE = 0.15  # as in the tutorial
# Above these sizes, the penalty is chosen, the range calibrated and the tutorial compared on
# a random sample of the training rows (the final model always fits on all of them): a few
# hundred thousand rows pin a penalty and an 80% quantile down, while fitting every row for
# each of the eight fits would make training cost eight times the final fit.
ALPHA_ROWS = 100_000
CALIBRATION_ROWS = 200_000


def metrics(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    """R-squared, MAE and RMSE in dollars."""
    return {"r2": float(r2_score(y, pred)), "mae": float(mean_absolute_error(y, pred)),
            "rmse": float(np.sqrt(mean_squared_error(y, pred))), "n": int(len(y))}


def sample(frame: pd.DataFrame, rows: int, seed: int) -> pd.DataFrame:
    """At most `rows` random rows of `frame` (all of it when smaller)."""
    return frame if len(frame) <= rows else frame.sample(rows, random_state=seed)


def choose_alpha(train: pd.DataFrame, seed: int) -> tuple[float, int]:
    """The ridge penalty generalized cross-validation picks, on at most ALPHA_ROWS rows;
    returns it and the rows used."""
    rows = sample(train, ALPHA_ROWS, seed)
    model = build_pipeline(rows).fit(rows[INPUT_COLUMNS], rows["earnings"].to_numpy())
    return float(model.named_steps["regressor"].alpha_), len(rows)


def out_of_fold(train: pd.DataFrame, y: np.ndarray, seed: int, folds: int = 5,
                alpha: float | None = None) -> tuple[np.ndarray, list[float]]:
    """Out-of-fold predictions and the R-squared of each fold."""
    oof, scores = np.empty(len(y)), []
    for fit_idx, val_idx in KFold(folds, shuffle=True, random_state=seed).split(train):
        model = build_pipeline(train.iloc[fit_idx], alpha=alpha).fit(train.iloc[fit_idx],
                                                                     y[fit_idx])
        oof[val_idx] = model.predict(train.iloc[val_idx])
        scores.append(float(r2_score(y[val_idx], oof[val_idx])))
    return oof, scores


def conformal_scales(levels: np.ndarray, y: np.ndarray, pred: np.ndarray, level: float,
                     min_group: int = 30) -> dict[str, float]:
    """Split-conformal quantiles of |y - pred| / pred per credential (Mondrian), with a
    pooled quantile for credentials with too few residuals."""
    scores = np.abs(y - pred) / np.maximum(np.abs(pred), FLOOR)

    def quantile(s: np.ndarray) -> float:
        rank = min(1.0, np.ceil((len(s) + 1) * level) / len(s))
        return float(np.quantile(s, rank, method="higher"))

    out = {"pooled": quantile(scores)}
    for lev in np.unique(levels):
        group = scores[levels == lev]
        if len(group) >= min_group:
            out[str(int(lev))] = quantile(group)
    return out


def compare_with_tutorial(df: pd.DataFrame, seed: int, alpha: float | None = None) -> dict:
    """Both pipelines on the same rows and split: the rows the tutorial's pipeline can take
    (tuition is passed through unimputed, so rows without tuition are left out), at most
    CALIBRATION_ROWS of them."""
    rows = sample(df[df["tuition"].notna()], CALIBRATION_ROWS, seed)
    if len(rows) < 20:
        return {"rows": len(rows), "note": "too few rows with tuition to compare"}
    train, test = train_test_split(rows, test_size=TEST_SIZE, random_state=seed)
    tutorial = tutorial_pipeline().fit(train[TUTORIAL_COLUMNS], train["earnings"])
    ours = build_pipeline(train, alpha=alpha).fit(train[INPUT_COLUMNS], train["earnings"])
    return {"rows": len(rows), "test_rows": len(test),
            "tutorial": metrics(test["earnings"].to_numpy(),
                                tutorial.predict(test[TUTORIAL_COLUMNS])),
            "ours": metrics(test["earnings"].to_numpy(), ours.predict(test[INPUT_COLUMNS]))}


def train(df: pd.DataFrame, manifest: Manifest, seed: int = 42, level: float = 0.8,
          log=print) -> dict:
    """Train on 85% of the programs, evaluate on the rest; return the artifact payload."""
    started = time.perf_counter()
    steps = 6

    def step(i: int, text: str) -> None:
        log(f"[{i}/{steps}] {text} ({time.perf_counter() - started:.1f}s)")

    if len(df) < 10:
        raise ValueError(f"at least 10 programs are needed to train; the dataset has {len(df)}")
    train_df, test_df = train_test_split(df, test_size=TEST_SIZE, random_state=seed)
    y_train, y_test = train_df["earnings"].to_numpy(), test_df["earnings"].to_numpy()
    alpha, alpha_rows = choose_alpha(train_df, seed)
    step(1, f"Fitting on {len(train_df):,} programs, holding out {len(test_df):,} "
            f"(ridge penalty {alpha:g}, chosen on {alpha_rows:,})")
    inputs = train_df[INPUT_COLUMNS]
    prepared = prepare(inputs)  # once: the slowest step on large data
    pipeline = build_pipeline(train_df, alpha=alpha, prepared=prepared)
    # Pipeline.fit step by step (prepare is stateless), keeping the feature matrix for the
    # lookup tables' means
    pipeline.named_steps["prepare"].fit(inputs.head(1))
    matrix = pipeline.named_steps["features"].fit_transform(prepared)
    del prepared
    pipeline.named_steps["regressor"].fit(matrix, y_train)
    means = feature_means(matrix)
    del matrix
    test_pred = pipeline.predict(test_df[INPUT_COLUMNS])
    calibration = sample(train_df, CALIBRATION_ROWS, seed)
    y_cal = calibration["earnings"].to_numpy()
    step(2, f"Cross-validating (5 folds of {len(calibration):,} programs)")
    folds = min(5, len(calibration))
    oof, fold_scores = out_of_fold(calibration[INPUT_COLUMNS], y_cal, seed, folds, alpha)
    step(3, f"Calibrating the {level:.0%} range on out-of-fold residuals")
    scales = conformal_scales(calibration["CREDLEV"].to_numpy(), y_cal, oof, level)
    low, high = np.empty_like(test_pred), np.empty_like(test_pred)
    per_level = {}
    for lev in np.unique(test_df["CREDLEV"]):
        mask = test_df["CREDLEV"].to_numpy() == lev
        lo, hi = interval(test_pred[mask], int(lev), scales)
        per_level[str(int(lev))] = {"coverage": float(np.mean((y_test[mask] >= lo)
                                                                & (y_test[mask] <= hi))),
                                    "n": int(mask.sum())}
        low[mask], high[mask] = lo, hi
    coverage = float(np.mean((y_test >= low) & (y_test <= high)))
    step(4, "Comparing with the tutorial's pipeline on the same split")
    comparison = compare_with_tutorial(df, seed, alpha)
    step(5, "Deriving lookup tables and summaries")
    fast = from_pipeline(pipeline, means)
    summary = {"options": summaries.options(df), "histograms": summaries.histograms(df),
               "sorted_earnings": summaries.sorted_earnings(df),
               "institutions": summaries.institutions(df), "programs": program_table(df)}
    regressor = pipeline.named_steps["regressor"]
    metadata = {
        "artifact_version": ARTIFACT_VERSION,
        "created_at": datetime.now(timezone.utc).isoformat(),
        "data": asdict(manifest),
        "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
                     "pandas": pd.__version__, "numpy": np.__version__},
        "target": manifest.target, "target_definition": manifest.target_definition,
        "demo": manifest.is_demo,
        "metrics": {"test": metrics(y_test, test_pred),
                    "cv_r2": {"mean": float(np.mean(fold_scores)),
                              "std": float(np.std(fold_scores)), "folds": fold_scores},
                    "interval": {"level": level, "coverage": coverage,
                                 "by_credential": per_level, "method":
                                 "split-conformal on 5-fold out-of-fold residuals, relative to "
                                 "the prediction, per credential"},
                    "tutorial_comparison": comparison},
        "model": {"regressor": "Ridge", "alpha": float(regressor.alpha),
                  "alpha_chosen_on": alpha_rows, "calibration_rows": len(calibration),
                  "inputs": [i.name for i in INPUTS], "columns": INPUT_COLUMNS,
                  "features": int(len(regressor.coef_)), "train_rows": len(train_df),
                  "test_rows": len(test_df), "seed": seed},
        "train_seconds": round(time.perf_counter() - started, 2),
    }
    step(6, f"Done: held-out R² {metadata['metrics']['test']['r2']:.3f}, "
            f"{level:.0%} range coverage {coverage:.1%}")
    return {"pipeline": pipeline, "fast": fast, "scales": scales, "summaries": summary,
            "metadata": metadata}
