"""Cross-fitted expectations: what the model expects of each program, from models that never
saw it, and how far the program's actual earnings are from that (its gap).

The programs are split into five folds; each fold is predicted by the pipeline fitted on
the other four (on a random sample of at most CROSS_FIT_ROWS of them, so that training
time grows with the data rather than fivefold). These out-of-fold predictions are also
what the cross-validated R-squared and the range's calibration are computed from.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import r2_score
from sklearn.model_selection import KFold

from model.learning.features import build_pipeline

FOLDS = 5
CROSS_FIT_ROWS = 400_000  # rows each fold's model is fitted on, at most


def sample_positions(positions: np.ndarray, rows: int, seed: int) -> np.ndarray:
    """At most `rows` of `positions` at random (all of them when there are fewer), drawn
    as DataFrame.sample(rows, random_state=seed) would draw rows."""
    if len(positions) <= rows:
        return positions
    return positions[np.random.RandomState(seed).choice(len(positions), rows, replace=False)]


def cross_fit(prepared: pd.DataFrame, y: np.ndarray, seed: int, alpha: float,
              folds: int = FOLDS, max_rows: int = CROSS_FIT_ROWS
              ) -> tuple[np.ndarray, list[float]]:
    """Each row's prediction by the model fitted on the other folds (`prepared`: rows
    through features.prepare), and the R-squared of each fold."""
    oof, scores = np.empty(len(y)), []
    splits = KFold(min(folds, len(y)), shuffle=True, random_state=seed).split(prepared)
    for k, (fit_at, predict_at) in enumerate(splits):
        fit_at = sample_positions(fit_at, max_rows, seed + k)
        rows = prepared.iloc[fit_at]
        model = build_pipeline(rows, alpha=alpha, prepared=True)[1:]  # prepare is done
        model.fit(rows, y[fit_at])
        oof[predict_at] = model.predict(prepared.iloc[predict_at])
        scores.append(float(r2_score(y[predict_at], oof[predict_at])))
    return oof, scores


def gap_percentiles(gaps: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Where each gap falls among the gaps of its credential, 0 to 100 (ties share the
    average rank): 90 means the program beat expectation by more than 90% of its peers."""
    out = np.full(len(gaps), np.nan)
    frame = pd.DataFrame({"gap": gaps, "level": levels})
    for _, group in frame.groupby("level"):
        ranks = group["gap"].rank(method="average").to_numpy()
        out[group.index.to_numpy()] = 100.0 * (ranks - 0.5) / len(group)
    return out
