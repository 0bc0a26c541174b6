"""One institution, all its programs: the figures that sum it up, and peers like it.

Peers (the rule the page and the API state): institutions of the same control whose total
graduates are within a factor of SIZE_FACTOR of its own, ranked by how alike their mix of
credentials is (the cosine similarity of their programs per credential level), the closest
PEERS of them; a user may choose peers instead.
"""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pandas as pd

from model import codes
from model.data.columns import NOT_AVAILABLE, PUBLISHED, SUPPRESSED

PEERS = 5
SIZE_FACTOR = 2.0
MAX_CHOSEN = 10  # peers a user may choose
PEER_RULE = (f"Peers: institutions of the same control with between 1/{SIZE_FACTOR:g} and "
             f"{SIZE_FACTOR:g} times its graduates, the {PEERS} whose mix of programs per "
             "credential is most like its own (cosine similarity).")
NO_PEERS = ("No peers by the rule: no other institution of its control has between half and "
            "twice its graduates. Choose peers by hand.")


def _median(values: np.ndarray) -> float | None:
    values = values[~np.isnan(values)]
    return float(np.median(values)) if len(values) else None


class Institutions:
    """Each institution's credential mix and size over the program table (every program,
    at every horizon), for summaries and peers."""

    def __init__(self, table: pd.DataFrame, positions: dict[str, np.ndarray],
                 status_column: str) -> None:
        self.table, self._rows, self.status_column = table, positions, status_column
        self._arrays: dict[str, np.ndarray] = {}
        self._prepared = False

    def _prepare(self) -> None:
        """Each institution's credential mix, size and control, on first use (a cold start
        does not pay for it)."""
        self.ids = np.array(list(self._rows), dtype=object)
        self._at = {k: i for i, k in enumerate(self.ids)}
        where = np.empty(len(self.table), np.int64)
        for i, rows in enumerate(self._rows.values()):
            where[rows] = i
        levels = self.table["CREDLEV"].fillna(0).astype(int).to_numpy()
        mix = np.zeros((len(self.ids), max(codes.CREDLEV) + 1))
        np.add.at(mix, (where, levels), 1)
        norms = np.linalg.norm(mix, axis=1, keepdims=True)
        self._mix = mix / np.where(norms == 0, 1, norms)
        self._size = np.bincount(where, weights=np.nan_to_num(self._array("graduates")),
                                 minlength=len(self.ids))
        first = np.full(len(self.ids), -1, np.int64)
        first[where[::-1]] = np.arange(len(where))[::-1]  # each institution's first row
        self._control = self._array("CONTROL")[first]
        self._prepared = True

    def _array(self, column: str) -> np.ndarray:
        """A column of the table as an array (text as strings), read once."""
        if column not in self._arrays:
            values = self.table[column]
            self._arrays[column] = (values.astype("string").fillna("").to_numpy(str)
                                    if not pd.api.types.is_numeric_dtype(values)
                                    else values.to_numpy(float, na_value=np.nan))
        return self._arrays[column]

    def known(self, unitid: str) -> bool:
        """Whether the institution has programs in the table."""
        return unitid in self._rows

    def summary(self, unitid: str, status_column: str | None = None,
                columns: dict | None = None) -> dict:
        """What sums up an institution's programs at one horizon: programs, published,
        suppressed and not available; graduates; the median of the published medians; the
        share above expectation and the median gap; the earnings test's outlooks; the
        median debt. `columns`: the horizon's outcome columns (earnings, gap, ...)."""
        at = self._rows.get(unitid, np.array([], np.int64))
        cols = columns or {}
        status = self._array(status_column or self.status_column)[at]
        earnings = self._array(cols.get("earnings", "earnings"))[at]
        gap = self._array(cols.get("gap", "gap"))[at]
        published = status == PUBLISHED
        outlook = self._array("test_outlook")[at]
        gaps = gap[published & ~np.isnan(gap)]
        return {"programs": int(len(at)), "published": int(published.sum()),
                "suppressed": int((status == SUPPRESSED).sum()),
                "not_available": int((status == NOT_AVAILABLE).sum()),
                "graduates": float(np.nansum(self._array("graduates")[at])),
                "median_earnings": _median(earnings[published]),
                "above_expected": float((gaps > 0).mean()) if len(gaps) else None,
                "median_gap": _median(gaps),
                "passes": int((outlook == "passes").sum()),
                "at_risk": int((outlook == "at-risk").sum()),
                "fails": int((outlook == "fails").sum()),
                "not_tested": int(len(at) - np.isin(outlook, ["passes", "at-risk",
                                                              "fails"]).sum()),
                "median_debt": _median(self._array("debt")[at])}

    def peers(self, unitid: str, k: int = PEERS) -> list[str]:
        """The institutions like it (PEER_RULE), closest first."""
        if not self._prepared:
            self._prepare()
        i = self._at.get(unitid)
        if i is None:
            return []
        size = self._size[i]
        alike = (self._control == self._control[i]) if not math.isnan(
            self._control[i]) else np.isnan(self._control)
        if size > 0:
            alike &= (self._size >= size / SIZE_FACTOR) & (self._size <= size * SIZE_FACTOR)
        alike[i] = False
        candidates = np.flatnonzero(alike)
        if not len(candidates):
            return []
        score = self._mix[candidates] @ self._mix[i]
        closeness = -np.abs(np.log((self._size[candidates] + 1) / (size + 1)))
        order = np.lexsort((closeness, -score))[:k]
        return [str(self.ids[j]) for j in candidates[order]]


def csv_table(profile: dict) -> tuple[list[str], list[list[str]]]:
    """An institution's programs as a spreadsheet opens them: units in the headers, empty
    cells (never 'nan') where a figure is not reported."""
    measure = profile["measure"]
    horizons = [t for t in (profile["programs"][0]["trajectory"] if profile["programs"]
                            else []) if t.get("years") is not None]
    header = ["UNITID", "Institution", "State", "Credential", "CIP code", "Program",
              "Graduates (awards in the latest year)", "Earnings status",
              f"{measure['title']} ($ a year)", "Graduates behind the median",
              "Expected ($ a year)", "Actual minus expected ($)",
              "Gap percentile (0-100, within the credential)",
              *[f"Median earnings {t['years']} year{'s' if t['years'] != 1 else ''} after "
                "completion ($ a year)" for t in horizons],
              "Median debt ($)", "Monthly payment (10 years, $)", "Earnings test",
              "Earnings test status", "4-year median ($ a year)",
              "Earnings test benchmark ($ a year)", "Benchmark kind", "Test margin ($)",
              "Chance of failing (%)", "Payback (years)"]

    def cell(value: object, digits: int = 0) -> str:
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return ""
        if isinstance(value, (int, float)):
            return f"{value:.{digits}f}"
        return str(value)

    rows = []
    for p in profile["programs"]:
        test = p.get("test") or {}
        by_column = {t["column"]: t["earnings"] for t in p.get("trajectory") or []}
        payback = "never" if test.get("payback_never") else cell(test.get("payback_years"), 1)
        chance = test.get("p_below")
        rows.append([
            p["unitid"], cell(p.get("institution")), cell(p.get("state")),
            cell(p.get("credential")), cell(p.get("cipcode")), cell(p.get("program")),
            cell(p.get("graduates")), p["status"], cell(p.get("earnings")),
            cell(p.get("earnings_count")), cell(p.get("expected")), cell(p.get("gap")),
            cell(p.get("gap_percentile"), 1),
            *[cell(by_column.get(t["column"])) for t in horizons],
            cell(p.get("debt")), cell(p.get("payment"), 2),
            cell(test.get("outlook")), cell(test.get("status")), cell(test.get("earnings")),
            cell(test.get("benchmark")), cell(test.get("benchmark_kind")),
            cell(test.get("margin")), "" if chance is None else f"{100 * chance:.1f}",
            payback])
    return header, rows


def csv_text(profile: dict) -> str:
    """csv_table as a file's text: a byte-order mark (so a spreadsheet reads UTF-8), then
    CRLF lines."""
    header, rows = csv_table(profile)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return "\ufeff" + out.getvalue()
