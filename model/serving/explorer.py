"""The explorer's engine: filters over every program, and the aggregates each chart draws.

Cross-filtering follows the usual rule: each chart shows the programs that pass every
filter except its own (so its unselected bars stay visible and clickable) and marks what
its own filter keeps; the summary, the table and the download use every filter.
"""

from __future__ import annotations

import copy
import functools
import math

import numpy as np
import pandas as pd

from model import codes, earnings_test
from model.data.columns import NOT_AVAILABLE, PUBLISHED, SUPPRESSED
from model.learning.features import NUMBER_INPUTS
from model.learning.summaries import OUTCOMES, SMALL_GROUP, bins, outcome_column
from model.serving.filters import (
    CATEGORIES,
    CATEGORY_LABELS,
    MONEY_AXES,
    RANGE_LABELS,
    RANGES,
    SEARCHED,
    SORTABLE,
    X_AXES,
    X_LABELS,
    X_NOUNS,
    Area,
    Filters,
)

# Filters that need a program's earnings, so cannot apply to programs without them.
NEEDS_EARNINGS = ("earnings", "gap", "premium", "area")
TOP_TESTS = 25  # groups the earnings-test chart draws, most failing or at risk first


def inside_polygon(x: np.ndarray, y: np.ndarray, polygon: tuple[tuple[float, float], ...],
                   by_y: np.ndarray | None = None) -> np.ndarray:
    """Which points lie inside the polygon (even-odd rule); NaN points never do.

    Each edge is tested only against the points in its band of y (the points in y order,
    `by_y` if given: the rows by y, those without y left out), so the work grows with the
    points, not with points times edges."""
    px = np.array([p[0] for p in polygon])
    py = np.array([p[1] for p in polygon])
    inside = np.zeros(len(x), bool)
    box = ((x >= px.min()) & (x <= px.max()) & (y >= py.min()) & (y <= py.max()))
    if len(px) == 4 and Area("tuition", polygon).is_box:  # rectangle edges count as inside
        return box
    if by_y is None:
        rows = np.flatnonzero(box)
        order = rows[np.argsort(y[rows], kind="stable")]
    else:
        order = by_y[box[by_y]]
    xs, ys = x[order], y[order]
    hit = np.zeros(len(order), bool)
    j = len(px) - 1
    for i in range(len(px)):
        low, high = sorted((py[i], py[j]))
        if low != high:  # crossed by the points with low <= y < high
            a, b = np.searchsorted(ys, [low, high], side="left")
            at = (px[j] - px[i]) * (ys[a:b] - py[i]) / (py[j] - py[i]) + px[i]
            hit[a:b] ^= xs[a:b] < at
        j = i
    inside[order] = hit
    return inside


def _middle(ordered: np.ndarray) -> float | None:
    """The median of values in order (as numpy's: the mean of the middle two)."""
    n = len(ordered)
    return float((ordered[(n - 1) // 2] + ordered[n // 2]) / 2) if n else None


def _quartiles(values: np.ndarray) -> tuple[float, float, float] | tuple[None, None, None]:
    if not len(values):
        return None, None, None
    q1, med, q3 = np.quantile(values, [0.25, 0.5, 0.75])
    return float(q1), float(med), float(q3)


class Explorer:
    """Filters, aggregates and rows over the program table at one earnings horizon.

    The table has one row per program, with or without published earnings, and each
    horizon's outcomes as columns (`outcome_column`); the explorer of a horizon works on
    the programs with earnings there and counts the others as withheld. The explorers of
    the other horizons (`for_horizon`) share the table and its category arrays."""

    def __init__(self, programs: pd.DataFrame, field_labels: dict[str, str],
                 horizon: str) -> None:
        self.df = programs.reset_index(drop=True)
        self.labels = {"credential": codes.CREDLEV, "field": field_labels,
                       "control": codes.CONTROL, "region": codes.REGION,
                       "locale": codes.LOCALE, "state": codes.STATE_NAME,
                       "test": earnings_test.OUTLOOKS, "risk": earnings_test.RISK_BANDS,
                       "institution": _institution_names(self.df)}
        self._values = {key: self._column(col) for key, col in CATEGORIES.items()
                        if key != "institution"}
        # UNITIDs are text (a row without one is named for its institution: cleaning)
        self._values["institution"] = self.df["UNITID"].astype("string").fillna(
            "").to_numpy(str)
        # each category as small integer codes into its sorted values (missing included):
        # masks by table lookup, groups by counting
        self._codes, self._levels = {}, {}
        for key, values in self._values.items():
            found, levels = pd.factorize(values, sort=True)
            self._codes[key] = found.astype(np.int16 if len(levels) < 2**15 else np.int32)
            self._levels[key] = np.asarray(levels)
        # the scatter's hover text: each program's institution and program as codes into
        # their names ("" for none, at -1)
        self._names = {col: (self.df[col].cat.codes.to_numpy(),
                             np.append(self.df[col].cat.categories.to_numpy(str).astype(object),
                                       ""))
                       for col in ("INSTNM", "CIPDESC")}
        # a fixed random order: the scatter's sample is stable as filters change
        self._order = np.random.default_rng(0).permutation(len(self.df))
        text = [self.df[c].astype("string").fillna("") for c in
                ("INSTNM", "CITY", "STABBR", "CIPDESC")]
        self._search = (text[0] + " " + text[1] + " " + text[2] + " " + text[3]
                        ).str.lower().to_numpy(object)
        threshold = self.df["threshold_state"].fillna(self.df["threshold_nat"])
        self._threshold = threshold.to_numpy(float)
        self._shared: dict = {}  # what every horizon's explorer works out once
        self._use(horizon)

    def for_horizon(self, horizon: str) -> Explorer:
        """The explorer of another horizon, sharing this one's table."""
        other = copy.copy(self)
        other._use(horizon)
        return other

    def _use(self, horizon: str) -> None:
        self.horizon = horizon
        status = self.df[outcome_column("status", horizon)]  # a categorical
        self.published = (status == PUBLISHED).to_numpy(bool)
        self._suppressed = (status == SUPPRESSED).to_numpy(bool)
        self._not_available = (status == NOT_AVAILABLE).to_numpy(bool)
        self.total = int(self.published.sum())
        self._numbers = {col: self.df[self.column(col)].to_numpy(float)
                         for col in {*RANGES.values(), *X_AXES.values(), "gap_percentile",
                                     "earnings_count"} - {"premium"}}
        self._numbers["premium"] = self._numbers["earnings"] - self._threshold
        self.earnings = self._numbers["earnings"]
        self.edges, _ = bins(self.earnings[self.published])
        self._bin = np.clip(np.searchsorted(self.edges, np.nan_to_num(self.earnings),
                                            side="right") - 1, 0, len(self.edges) - 2)
        # the programs with earnings, by earnings, gap and debt (lowest first, missing values
        # left out): a selection taken in one of these orders is sorted, for its medians and
        # quartiles without a sort per request
        self._by = {name: self._sorted_rows(self._numbers[name]) for name in ("earnings", "gap",
                                                                              "debt")}

    def _sorted_rows(self, values: np.ndarray) -> np.ndarray:
        rows = np.flatnonzero(self.published & ~np.isnan(values))
        return rows[np.argsort(values[rows], kind="stable")].astype(np.int32)

    def column(self, name: str) -> str:
        """The table's column of an outcome at this horizon, or `name` itself."""
        return outcome_column(name, self.horizon) if name in OUTCOMES else name

    def frame(self) -> pd.DataFrame:
        """The programs with earnings at this horizon, their outcomes under plain names
        (earnings, expected, gap, ..., premium), indexed by their row in the table."""
        rows = self.df[self.published]
        plain = {self.column(name): name for name in OUTCOMES}
        return rows.drop(columns=[c for c in rows.columns if "@" in c and c not in plain]
                         ).rename(columns=plain).assign(
            premium=self._numbers["premium"][self.published])

    def _column(self, col: str) -> np.ndarray:
        series = self.df[col]
        if col in ("CIP2", "STABBR", "test_outlook", "test_risk_band"):
            return series.astype("string").fillna("").to_numpy(str)
        return series.astype("Int64").fillna(-1).to_numpy(np.int64)

    # --- what can be filtered -----------------------------------------------------------
    @functools.cache  # noqa: B019 - one Explorer per process, kept for its lifetime
    def allowed(self) -> dict[str, list]:
        """Every category value present in the data, per filter."""
        out = {}
        for key, values in self._values.items():
            present = np.unique(values if key in SEARCHED else values[self.published])
            out[key] = [v.item() if hasattr(v, "item") else v for v in present
                        if v not in ("", -1)]
        return out

    def label(self, key: str, value: object) -> str:
        """A category value in words."""
        return self.labels[key].get(value, str(value))

    @functools.cache  # noqa: B019
    def filter_options(self) -> dict:
        """Options for the filter controls: labelled values with counts, and dollar ranges."""
        out = {}
        for key in [k for k in CATEGORIES if k not in SEARCHED]:
            counts = pd.Series(self._values[key][self.published]).value_counts()
            opts = [{"value": v, "label": self.label(key, v), "count": int(counts[v])}
                    for v in self.allowed()[key]]
            order = list(self.labels[key]) if key in ("test", "risk") else None
            out[key] = (sorted(opts, key=lambda o: o["label"]) if key in ("field", "state")
                        else sorted(opts, key=lambda o: order.index(o["value"])) if order
                        else opts)
        return {**out, **self._dollar_spans()}

    def _dollar_spans(self) -> dict:
        """Each dollar filter's span over the programs with earnings at every horizon (the
        same at each, so a range, and "beats expectation", means the same after a horizon
        change); worked out once for all the horizons' explorers."""
        if "spans" in self._shared:
            return self._shared["spans"]
        parts: dict[str, list[np.ndarray]] = {key: [] for key in RANGES}
        for horizon in [c.split("@", 1)[1] for c in self.df.columns if c.startswith("status@")]:
            published = (self.df[outcome_column("status", horizon)] == PUBLISHED).to_numpy(bool)
            earnings = self.df[outcome_column("earnings", horizon)].to_numpy(float)
            for key, col in RANGES.items():
                values = (earnings - self._threshold if col == "premium" else
                          self.df[outcome_column(col, horizon) if col in OUTCOMES else col
                                  ].to_numpy(float))
                parts[key].append(values[published])
        spans = {}
        for key, found in parts.items():
            values = np.concatenate(found)
            values = values[~np.isnan(values)]
            top = float(values.max()) if len(values) else 1.0
            low = float(values.min()) if len(values) else 0.0
            spans[key] = {"min": float(min(0.0, math.floor(low / 1000) * 1000)),
                          "max": float(math.ceil(top / 1000) * 1000),
                          "available": bool(len(values))}
        self._shared["spans"] = spans
        return spans

    # --- filtering ------------------------------------------------------------------
    def masks(self, f: Filters) -> dict[str, np.ndarray]:
        """One boolean mask per active filter."""
        out = {}
        for key in CATEGORIES:
            chosen = getattr(f, key)
            if chosen:
                out[key] = np.isin(self._levels[key], list(chosen))[self._codes[key]]
        for key, col in RANGES.items():
            bounds = getattr(f, key)
            if bounds is not None:
                values = self._numbers[col]
                out[key] = (values >= bounds[0]) & (values <= bounds[1])
        if f.area is not None:
            out["area"] = inside_polygon(self._numbers[X_AXES[f.area.x]], self.earnings,
                                         f.area.points, self._by["earnings"])
        return out

    def _combine(self, masks: dict[str, np.ndarray], *skip: str) -> np.ndarray:
        mask = self.published.copy()
        for key, m in masks.items():
            if key not in skip:
                mask &= m
        return mask

    def selection(self, f: Filters) -> np.ndarray:
        """Indices of the programs passing every filter."""
        return np.flatnonzero(self._combine(self.masks(f)))

    # --- what the charts draw -------------------------------------------------------
    def view(self, f: Filters, x: str = "tuition", group: str = "field",
             max_points: int = 2000) -> dict:
        """Everything the explorer draws for these filters, from server-side aggregates."""
        masks = self.masks(f)
        selected = self._combine(masks)
        q1, med, q3 = _quartiles(self.earnings[self._sorted(selected)])
        return {
            "summary": {"n": int(selected.sum()), "total": self.total, "median": med,
                        "q1": q1, "q3": q3, **self._withheld(masks),
                        **self._outcomes(selected)},
            "chips": self.chips(f, masks),
            "scatter": self._scatter(f, self._combine(masks, "area"), x, max_points),
            "histogram": self._histogram(f, self._combine(masks, "earnings")),
            "groups": self._groups(f, self._combine(masks, group), group),
            "states": self._states(f, self._combine(masks, "state")),
            "tests": self._tests_by(f, self._combine(masks, "test"), group),
        }

    def _withheld(self, masks: dict[str, np.ndarray]) -> dict:
        """{"suppressed", "not_available", "partial"}: how many programs without earnings
        at this horizon pass the filters that can apply to them; `partial` when one that
        cannot (earnings, gap, premium, a drawn area) is set."""
        mask = ~self.published
        for key, m in masks.items():
            if key not in NEEDS_EARNINGS:
                mask &= m
        return {"suppressed": int((mask & self._suppressed).sum()),
                "not_available": int((mask & self._not_available).sum()),
                "partial": any(key in masks for key in NEEDS_EARNINGS)}

    def _outcomes(self, selected: np.ndarray) -> dict:
        """The selection's median debt (and how many programs report one), its most common
        credential (for the loan rate), the share of programs above their expectation and
        the median gap."""
        debt = self._numbers["debt"][self._sorted(selected, "debt")]
        gap = self._numbers["gap"][self._sorted(selected, "gap")]
        levels = self._values["credential"][selected]
        return {"debt": _middle(debt), "debt_n": len(debt),
                "credential": int(np.bincount(levels[levels >= 0]).argmax())
                if (levels >= 0).any() else None,
                "above": float(len(gap) - np.searchsorted(gap, 0, side="right")) / len(gap)
                if len(gap) else None,
                "gap": _middle(gap)}

    def chips(self, f: Filters, masks: dict[str, np.ndarray] | None = None) -> list[dict]:
        """One chip per active filter: its label and how many programs pass it alone."""
        masks = masks if masks is not None else self.masks(f)
        chips = []
        for key in f.active:
            chips.append({"key": key, "label": self.describe(f, key),
                          "count": int((masks[key] & self.published).sum())})
        return chips

    def describe(self, f: Filters, key: str) -> str:
        """A filter in words."""
        if key in CATEGORIES:
            values = [self.label(key, v) for v in getattr(f, key)]
            shown = ", ".join(values[:3]) + (f" +{len(values) - 3}" if len(values) > 3 else "")
            return f"{CATEGORY_LABELS[key]}: {shown}"
        if key in RANGES:
            low, high = getattr(f, key)
            return f"{RANGE_LABELS[key]}: {codes.money(low)} to {codes.money(high)}"
        area = f.area
        if area.is_box:
            xs = sorted({p[0] for p in area.points})
            ys = sorted({p[1] for p in area.points})
            return (f"Area: {X_NOUNS[area.x]} {format_x(area.x, xs[0])} to "
                    f"{format_x(area.x, xs[1])}, earnings ${ys[0]:,.0f} to ${ys[1]:,.0f}")
        return f"Area: lasso on {X_NOUNS[area.x]} vs earnings"

    def _scatter(self, f: Filters, mask: np.ndarray, x: str, max_points: int) -> dict:
        xs = self._numbers[X_AXES[x]]
        usable = mask & ~np.isnan(xs)
        order = self._order[usable[self._order]]
        shown = order[:max_points]
        inside = None
        if f.area is not None and f.area.x == x:
            inside = inside_polygon(xs[shown], self.earnings[shown], f.area.points)
        control = self._values["control"][shown]
        credentials = self._values["credential"]
        traces = []
        for code in sorted(set(control.tolist())):
            pick = control == code
            rows = shown[pick]
            traces.append({
                "control": code, "label": self.label("control", code) if code != -1
                else "Control not reported",
                "x": xs[rows].tolist(), "y": self.earnings[rows].tolist(),
                "institution": self._text("INSTNM", rows), "program": self._text("CIPDESC", rows),
                "credential": self._credential_words(credentials[rows]),
                "gap": [None if g != g else g for g in self._numbers["gap"][rows].tolist()],
                # its hover text, written once per selection (and cached with it)
                "gap_text": self._gap_texts()[rows].tolist(),
                "test": self._values["test"][rows].tolist(),
                "inside": None if inside is None else np.flatnonzero(inside[pick]).tolist()})
        return {"x": x, "x_label": X_LABELS[x], "x_noun": X_NOUNS[x], "traces": traces,
                "n_shown": int(len(shown)), "n_with_x": int(usable.sum()),
                "n_matching": int(mask.sum()),
                "area": None if f.area is None or f.area.x != x else
                [list(p) for p in f.area.points]}

    def _gap_texts(self) -> np.ndarray:
        """Every program's gap as the scatter's hover says it (+$1,200), written once per
        horizon on first use rather than for 2,000 points per selection."""
        key = ("gap_text", self.horizon)
        if key not in self._shared:
            self._shared[key] = np.array(signed_dollars(self._numbers["gap"].tolist()),
                                         dtype=object)
        return self._shared[key]

    def _credential_words(self, levels: np.ndarray) -> list[str]:
        """Credential codes in words, by table lookup (the scatter's 2,000 hover texts)."""
        if "credential_words" not in self._shared:
            top = max([*codes.CREDLEV, int(levels.max()) if len(levels) else 0]) + 1
            words = np.array([self.label("credential", c) for c in range(top)] + ["-1"],
                             dtype=object)
            self._shared["credential_words"] = words  # code -1 (none) reads the last
        words = self._shared["credential_words"]
        return words[np.where(levels >= 0, np.minimum(levels, len(words) - 2), -1)].tolist()

    def _text(self, col: str, rows: np.ndarray) -> list[str]:
        codes, names = self._names[col]
        return names[codes[rows]].tolist()

    def _histogram(self, f: Filters, mask: np.ndarray) -> dict:
        counts = np.bincount(self._bin[mask], minlength=len(self.edges) - 1)
        return {"edges": self.edges.tolist(), "counts": counts.tolist(), "n": int(mask.sum()),
                "selected": None if f.earnings is None else list(f.earnings)}

    def _sorted(self, mask: np.ndarray, by: str = "earnings") -> np.ndarray:
        """The programs in `mask` that have a value of `by`, lowest first."""
        order = self._by[by]
        return order[mask[order]]

    def _groups(self, f: Filters, mask: np.ndarray, group: str) -> dict:
        """Each group's median earnings and size, highest median first: the selection in
        earnings order, stably sorted by group code (a radix sort), so each group's run
        is in earnings order and its median is read off the middle."""
        idx = self._sorted(mask)
        codes = self._codes[group][idx]
        order = np.argsort(codes, kind="stable")
        earnings = self.earnings[idx[order]]
        counts = np.bincount(codes, minlength=len(self._levels[group]))
        starts = np.cumsum(counts) - counts
        chosen = set(getattr(f, group))
        rows = []
        for code in np.flatnonzero(counts):
            value = self._levels[group][code]
            if value in ("", -1):
                continue
            value = value.item() if hasattr(value, "item") else value
            n, start = int(counts[code]), int(starts[code])
            median = _middle(earnings[start:start + n])
            rows.append({"value": value, "label": self.label(group, value),
                         "median": median, "n": n, "small": n < SMALL_GROUP,
                         "selected": value in chosen})
        rows.sort(key=lambda r: r["median"], reverse=True)
        return {"by": group, "by_label": CATEGORY_LABELS[group], "rows": rows}

    def _tests_by(self, f: Filters, mask: np.ndarray, group: str, top: int = TOP_TESTS
                  ) -> dict:
        """The earnings test's outlook per group: programs and graduates (behind the
        4-year median) passing, at risk, failing and not tested; the groups with the most
        programs failing or at risk first, at most `top` of them."""
        idx = np.flatnonzero(mask)
        size, kinds = len(self._levels[group]), len(self._levels["test"])
        # one count per (group, outcome): the group's code times the outcomes, plus the
        # outcome's code
        cell = self._codes[group][idx].astype(np.int64) * kinds + self._codes["test"][idx]
        programs = np.bincount(cell, minlength=size * kinds).reshape(size, kinds)
        people = np.bincount(cell, weights=self._test_graduates()[idx],
                             minlength=size * kinds).reshape(size, kinds)
        at = {name: list(self._levels["test"]).index(name) if name in self._levels["test"]
              else None for name in earnings_test.OUTLOOKS}
        rows = []
        for code in np.flatnonzero(programs.sum(axis=1)):
            value = self._levels[group][code]
            counts = {name: 0 if i is None else int(programs[code, i]) for name, i in at.items()}
            if value in ("", -1) or counts["passes"] + counts["at-risk"] + counts["fails"] == 0:
                continue  # no group, or nothing tested in it (graduate programs, say)
            value = value.item() if hasattr(value, "item") else value
            rows.append({"value": value, "label": self.label(group, value),
                         "programs": counts, "n": int(programs[code].sum()),
                         "graduates": {name: 0 if i is None else int(people[code, i])
                                       for name, i in at.items()}})
        rows.sort(key=lambda r: (-(r["programs"]["fails"] + r["programs"]["at-risk"]),
                                 -r["n"], r["label"]))
        return {"by": group, "by_label": CATEGORY_LABELS[group], "rows": rows[:top],
                "groups": len(rows), "selected": list(f.test),
                "total": {name: 0 if i is None else int(programs[:, i].sum())
                          for name, i in at.items()}}  # every program, drawn or not

    def _test_graduates(self) -> np.ndarray:
        """The graduates behind each program's 4-year median (0 where none), once."""
        if "test_count" not in self._shared:
            self._shared["test_count"] = np.nan_to_num(self.df["test_count"].to_numpy(float))
        return self._shared["test_count"]

    def _states(self, f: Filters, mask: np.ndarray) -> dict:
        grouped = self._groups(f, mask, "state")
        return {"rows": grouped["rows"]}

    # --- rows -------------------------------------------------------------------------
    def rows(self, f: Filters, search: str = "", sort: list[dict] | None = None
             ) -> np.ndarray:
        """Indices of the selection, narrowed by a text search and sorted."""
        idx = self.selection(f)
        words = [w for w in str(search or "").lower().split() if w][:8]
        if words and len(idx):
            text = self._search[idx]
            keep = np.ones(len(idx), bool)
            for word in words:
                keep &= np.array([word in t for t in text])
            idx = idx[keep]
        for spec in reversed(sort if isinstance(sort, list) else []):
            col = SORTABLE.get(spec.get("colId") if isinstance(spec, dict) else None)
            if col is None:
                continue
            desc = spec.get("sort") == "desc"
            if col in ("INSTNM", "STABBR", "CIPDESC"):
                key = self.df[col].iloc[idx].astype("string").fillna("").str.lower()
                order = np.argsort(key.to_numpy(str), kind="stable")
                order = order[::-1] if desc else order
            else:  # numbers: missing values last either way
                values = (self._numbers[col][idx] if col in self._numbers else
                          self.df[col].iloc[idx].astype("float64").to_numpy())
                order = np.argsort(-values if desc else values, kind="stable")
            idx = idx[order]
        return idx

    def table(self, idx: np.ndarray) -> pd.DataFrame:
        """The programs at `idx` with readable columns, for the table and the CSV."""
        rows = self.df.iloc[idx]
        number = {name: self._numbers[name][idx] for name in
                  ("earnings", "expected", "gap", "premium")}
        return pd.DataFrame({
            "unitid": rows["UNITID"].to_numpy(), "institution": rows["INSTNM"].to_numpy(),
            "city": rows["CITY"].to_numpy(), "state": rows["STABBR"].to_numpy(),
            "cipcode": rows["CIPCODE"].to_numpy(), "program": rows["CIPDESC"].to_numpy(),
            "field": [self.label("field", v) for v in rows["CIP2"]],
            "credential": [self.label("credential", int(v)) for v in rows["CREDLEV"]],
            "control": [None if pd.isna(v) else self.label("control", int(v))
                        for v in rows["CONTROL"]],
            "earnings": number["earnings"], "expected": number["expected"],
            "gap": number["gap"], "graduates": rows["graduates"].to_numpy(),
            "debt": rows["debt"].to_numpy(), "premium": number["premium"],
            "tuition": rows["tuition"].to_numpy(), "net_price": rows["net_price"].to_numpy(),
            "sat": rows["SAT_AVG_ALL"].to_numpy(),
            "admission_rate": rows["ADM_RATE_ALL"].to_numpy(),
            **self._tests(rows),
        })

    def _tests(self, rows: pd.DataFrame) -> dict:
        """The earnings test's columns of the table, for the page, the CSV and the API."""
        payback = rows["payback_years"].to_numpy(float)
        return {"test": [earnings_test.OUTLOOKS.get(str(v), "Not tested")
                         for v in rows["test_outlook"].astype("string").fillna("")],
                "test_status": rows["test_status"].astype("string").to_numpy(object),
                "test_earnings_4yr": rows["test_earnings"].to_numpy(),
                "test_benchmark": rows["test_benchmark"].to_numpy(),
                "test_margin": rows["test_margin"].to_numpy(),
                "test_p_below": rows["test_p_below"].to_numpy(),
                "payback_years": np.where(np.isinf(payback), np.nan, payback),
                "payback_never": np.isinf(payback)}

    # --- the link to the predictor -------------------------------------------------------
    def typical(self, f: Filters) -> dict | None:
        """The selection's typical program as raw predictor inputs, or None if it is empty."""
        idx = self.selection(f)
        if not len(idx):
            return None
        rows = self.df.iloc[idx]

        def mode(col: str) -> object:
            values = rows[col].dropna()
            return values.mode().iloc[0] if len(values) else None

        def median(col: str, digits: int) -> float | None:
            values = rows[col].dropna()
            return round(float(values.median()), digits) if len(values) else None

        credential, fam = mode("CREDLEV"), mode("CIP2")
        same = rows[(rows["CREDLEV"] == credential) & (rows["CIP2"] == fam)]["CIPCODE"].dropna()
        program = None
        if len(same) and same.value_counts().iloc[0] >= 0.5 * len(same):
            program = same.value_counts().index[0]
        return {"credential": int(credential), "field": str(fam), "program": program,
                "control": None if mode("CONTROL") is None else int(mode("CONTROL")),
                "region": None if mode("REGION") is None else int(mode("REGION")),
                "locale": None if mode("LOCALE") is None else int(mode("LOCALE")),
                **{i.name: median(i.column, i.digits) for i in NUMBER_INPUTS},
                "n": int(len(idx))}


def signed_dollars(values: list) -> list[str]:
    """+$1,200, -$300 or "not reported", for each value."""
    return ["not reported" if v != v else codes.signed_money(v) for v in values]


def format_x(x: str, value: float) -> str:
    """A value of the scatter's x axis in words."""
    if x in MONEY_AXES:
        return codes.money(value)
    if x == "admission_rate":
        return f"{value:.0%}"
    return f"{value:,.0f}"


def _institution_names(df: pd.DataFrame) -> dict[str, str]:
    """Each institution's name and state ('Name (ST)'), by UNITID."""
    first = df.drop_duplicates("UNITID")
    states = first["STABBR"].astype("string").fillna("")
    return {str(u): f"{n} ({s})" if s else str(n)
            for u, n, s in zip(first["UNITID"].astype(str), first["INSTNM"].astype(str),
                               states, strict=True)}
