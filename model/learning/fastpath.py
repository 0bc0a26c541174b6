"""The fitted linear pipeline as lookup tables: the same predictions in microseconds.

Every transformer of the fitted ColumnTransformer belongs to one input. For a one-hot
transformer the term of a category is its coefficient; for a numeric one it is an affine
function of the value plus a constant for a missing value. Terms are centred on the
training mean, so the baseline is the average training prediction and the terms of one
prediction add up to it exactly (the linear model's exact additive explanation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from model.learning.features import TRANSFORMER_INPUT, category_key, pair_key

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline


def feature_means(matrix) -> np.ndarray:
    """The mean of each column of a (sparse) feature matrix."""
    return np.asarray(matrix.mean(axis=0), dtype=float).ravel()


@dataclass(frozen=True)
class NumericTerm:
    """term(x) = slope * x + intercept, or `missing` when x is not reported."""

    slope: float
    intercept: float
    missing: float

    def __call__(self, value: float | None) -> float:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return self.missing
        return self.slope * value + self.intercept


@dataclass(frozen=True)
class FastModel:
    """Lookup tables equal to the fitted pipeline, with per-input contributions."""

    baseline: float
    tables: dict[str, dict[str, float]]  # one-hot transformer -> category -> centred term
    unknown: dict[str, float]  # one-hot transformer -> term of an unseen category
    numeric: dict[str, NumericTerm]

    def _term(self, name: str, key: str) -> float:
        return self.tables[name].get(key, self.unknown[name])

    def contributions(self, credential: object, field: object, program: object, control: object,
                      region: object, locale: object, **numbers: float | None
                      ) -> dict[str, float]:
        """One additive term per input; baseline + sum(terms) is the prediction. `numbers`:
        each numeric input by name (features.NUMBER_INPUTS); one not given is not reported."""
        cred, fam = category_key(credential), category_key(field)
        return {
            "credential": self._term("credential", cred),
            "field": (self._term("field", fam) + self._term("program", category_key(program))
                      + self._term("field_by_credential", pair_key(cred, fam))),
            "control": self._term("control", category_key(control)),
            "region": self._term("region", category_key(region)),
            "locale": self._term("locale", category_key(locale)),
            **{name: term(_num(numbers.get(name))) for name, term in self.numeric.items()},
        }

    def predict(self, **inputs: object) -> float:
        """The prediction for one scenario (same keywords as contributions)."""
        return self.baseline + math.fsum(self.contributions(**inputs).values())


def _num(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def from_pipeline(pipeline: Pipeline, means: np.ndarray) -> FastModel:
    """Derive the lookup tables from a fitted pipeline and the mean of each of its features
    over the training rows (see `feature_means`)."""
    features = pipeline.named_steps["features"]
    regressor = pipeline.named_steps["regressor"]
    coef = np.asarray(regressor.coef_, dtype=float).ravel()
    slices = features.output_indices_
    tables, unknown, numeric = {}, {}, {}
    for name, transformer, columns in features.transformers_:
        if name not in TRANSFORMER_INPUT:
            continue
        part = slices[name]
        centre = float(coef[part] @ means[part])
        if hasattr(transformer, "categories_"):
            cats = transformer.categories_[0]
            tables[name] = {str(c): float(coef[part][i]) - centre for i, c in enumerate(cats)}
            unknown[name] = -centre
        else:
            probe = pd.DataFrame({columns[0]: [0.0, 1.0, np.nan]})
            values = transformer.transform(probe) @ coef[part]
            numeric[name] = NumericTerm(slope=float(values[1] - values[0]),
                                        intercept=float(values[0]) - centre,
                                        missing=float(values[2]) - centre)
    baseline = float(regressor.intercept_) + float(coef @ means)
    return FastModel(baseline, tables, unknown, numeric)
