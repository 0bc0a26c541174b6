"""The prediction range: a split-conformal relative half-width around the prediction."""

from __future__ import annotations

import numpy as np

FLOOR = 1_000.0  # relative residuals are taken against at least this many dollars


def interval(pred: float | np.ndarray, credential: object, scales: dict[str, float]):
    """The conformal range around a prediction."""
    q = scales.get(str(credential), scales["pooled"])
    half = q * np.maximum(np.abs(pred), FLOOR)
    return pred - half, pred + half
