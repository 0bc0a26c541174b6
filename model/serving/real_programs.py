"""Real programs: one institution's programs of a credential and field, with what they
actually earn against what the model expects of them, their debt, their earnings premium
over high-school graduates and their earnings across the horizons a release measures."""

from __future__ import annotations

import copy
import math

import numpy as np
import pandas as pd

from model import codes, earnings_test
from model.data.columns import PUBLISHED
from model.debt import GRADUATE_LEVELS
from model.learning.summaries import OUTCOMES, outcome_column

FEW_GRADUATES = 30  # a figure resting on fewer graduates is said to be fragile


def _number(value: object) -> float | None:
    """A float, or None for a missing value (never NaN: the page says "not reported")."""
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _positions(ids: pd.Series) -> dict[str, np.ndarray]:
    """Each institution's rows in the table, by UNITID."""
    keys = ids.astype("string").reset_index(drop=True)
    return {str(k): rows for k, rows in keys.groupby(keys, sort=False).indices.items()}


class RealPrograms:
    """Look up an institution's programs in the program table at one horizon: those with
    published earnings there (with cross-fitted expectations) and those without."""

    def __init__(self, table: pd.DataFrame, horizons: list[dict], horizon: str,
                 test_info: dict | None = None) -> None:
        self.table, self.horizons = table, horizons
        self.test_info = test_info or {}
        self._at = _positions(table["UNITID"])
        self._use(horizon)

    def for_horizon(self, horizon: str) -> RealPrograms:
        """The lookup at another horizon, sharing this one's table and index."""
        other = copy.copy(self)
        other._use(horizon)
        return other

    def _use(self, horizon: str) -> None:
        self.horizon = horizon
        self._columns = {name: outcome_column(name, horizon) for name in OUTCOMES}

    @property
    def positions(self) -> dict[str, np.ndarray]:
        """Each institution's rows in the table, by UNITID."""
        return self._at

    @property
    def columns(self) -> dict[str, str]:
        """The table's column of each outcome (earnings, gap, status, ...) at this
        horizon."""
        return dict(self._columns)

    def at(self, unitid: str, credential: int | None, field: str | None = None,
           program: str | None = None, bachelor: float | None = None) -> list[dict]:
        """The institution's programs of this credential (None: every credential) in this
        field (or 4-digit program): published ones first, by graduates, then the withheld
        ones."""
        rows = self.table.iloc[self._at.get(str(unitid), np.array([], int))]
        if not len(rows):
            return []
        cip = rows["CIPCODE"].astype("string")
        keep = (rows["CREDLEV"] == credential if credential is not None
                else pd.Series(True, index=rows.index))
        if program:
            keep &= cip == program
        elif field:
            keep &= cip.str[:2] == field
        chosen = rows[keep.fillna(False).to_numpy(bool)]
        published = (chosen[self._columns["status"]] == PUBLISHED).to_numpy(bool)
        found = []
        for part, is_published in ((chosen[published], True), (chosen[~published], False)):
            if is_published:
                part = part.sort_values("graduates", ascending=False, na_position="last")
            found += [self._record(r, is_published, bachelor)
                      for r in part.to_dict("records")]
        return found

    def _record(self, row: dict, published: bool, bachelor: float | None = None) -> dict:
        out = {name: row.get(col) for name, col in self._columns.items()}
        earnings = _number(out["earnings"]) if published else None
        graduates = _number(row.get("graduates"))
        threshold = _number(row.get("threshold_state"))
        threshold = threshold if threshold is not None else _number(row.get("threshold_nat"))
        level = int(row["CREDLEV"])
        return {
            "key": f"{row['UNITID']}|{row['CIPCODE']}|{level}", "unitid": str(row["UNITID"]),
            "institution": _text(row.get("INSTNM")), "state": _text(row.get("STABBR")),
            "cipcode": _text(row.get("CIPCODE")), "program": _text(row.get("CIPDESC")),
            "credential": codes.CREDLEV.get(level), "credential_code": level,
            "status": _text(out["status"]),
            "earnings": earnings,
            "earnings_count": _number(out["earnings_count"]) if published else None,
            "graduates": graduates,
            "few_graduates": graduates is not None and graduates < FEW_GRADUATES,
            "expected": _number(out["expected"]), "gap": _number(out["gap"]),
            "gap_percentile": _number(out["gap_percentile"]),
            "debt": _number(row.get("debt")), "debt_any": _number(row.get("debt_any")),
            "debt_payment_official": _number(row.get("debt_payment")),
            "debt_count": _number(row.get("debt_count")),
            "threshold": threshold,
            "premium": None if earnings is None or threshold is None else earnings - threshold,
            "trajectory": [{"column": h["column"], "years": h["years"], "label": h["label"],
                            "cohort": h.get("cohort") or "",
                            "earnings": _number(row.get(outcome_column("earnings",
                                                                       h["column"])))}
                           for h in self.horizons],
            "test": self.test(row, bachelor),
        }

    def test(self, row: dict, bachelor: float | None = None) -> dict:
        """The program's earnings test as plain data (model.earnings_test): as trained, or
        for a graduate program held to an entered bachelor's benchmark."""
        level = int(row["CREDLEV"])
        if bachelor is not None and level in GRADUATE_LEVELS:
            frame = pd.DataFrame([{c: row.get(c) for c in earnings_test.INPUT_COLUMNS}]
                                 ).astype({"test_earnings_status": object})
            row = {**row, **earnings_test.evaluate(
                frame, bachelor, self.test_info.get("spread", earnings_test.SPREAD),
                self.test_info.get("priors")).iloc[0].to_dict()}
        out = {name: _number(row.get("test_" + name)) for name in earnings_test.NUMBERS}
        status = _text(row.get("test_status")) or earnings_test.NOT_MEASURED
        payback = _number(row.get("payback_years"))
        return {**out, "status": status, "words": earnings_test.STATUS_WORDS[status],
                "measure": earnings_test.MEASURE,
                "earnings": _number(row.get("test_earnings")),
                "graduates": _number(row.get("test_count")),
                "above": _number(row.get("test_above")),
                "benchmark_kind": _text(row.get("test_benchmark_kind")) or None,
                "share_estimated": bool(row.get("test_share_estimated")),
                "at_risk": bool(row.get("test_at_risk")),
                "outlook": _text(row.get("test_outlook")) or "not-tested",
                "payback_years": payback if payback is None or math.isfinite(payback)
                else None, "payback_never": payback is not None and math.isinf(payback),
                "usual_years": earnings_test.USUAL_YEARS.get(level),
                "net_price": _number(row.get("net_price")),
                "coverage": earnings_test.coverage(level),
                "vintage": self.test_info.get("vintage"),
                "bachelor_benchmark": bachelor, "state": _text(row.get("STABBR")),
                "credential": codes.CREDLEV.get(level)}


def _text(value: object) -> str | None:
    return None if value is None or value is pd.NA or (isinstance(value, float)
                                                       and math.isnan(value)) else str(value)
