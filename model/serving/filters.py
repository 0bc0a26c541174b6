"""The explorer's filter state, and reading it from untrusted values (URLs, requests)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import numpy as np

# Category filters: the name users and URLs see -> the program table's column.
CATEGORIES = {"credential": "CREDLEV", "field": "CIP2", "control": "CONTROL",
              "region": "REGION", "locale": "LOCALE", "state": "STABBR",
              "test": "test_outlook", "risk": "test_risk_band", "institution": "UNITID"}
CATEGORY_LABELS = {"credential": "Credential", "field": "Field", "control": "Control",
                   "region": "Region", "locale": "Locale", "state": "State",
                   "test": "Earnings test", "risk": "Chance of failing",
                   "institution": "Institution"}
# categories too many to list: their controls search, and their options are not listed
SEARCHED = {"institution"}
# Range filters (dollars). gap: actual minus the cross-fitted expectation; premium: earnings
# above what high-school graduates of the state earn.
RANGES = {"earnings": "earnings", "tuition": "tuition", "gap": "gap", "debt": "debt",
          "premium": "premium"}
SIGNED_RANGES = {"gap", "premium"}  # the others cannot be below $0
RANGE_LABELS = {"earnings": "Earnings", "tuition": "Tuition", "gap": "Actual minus expected",
                "debt": "Median debt", "premium": "Premium over high-school earnings"}
# The scatter's x axes.
X_AXES = {"tuition": "tuition", "net_price": "net_price", "sat": "SAT_AVG_ALL",
          "admission_rate": "ADM_RATE_ALL", "expected": "expected", "debt": "debt",
          "premium": "premium"}
X_LABELS = {"tuition": "Yearly tuition", "net_price": "Average net price",
            "sat": "Average SAT", "admission_rate": "Admission rate",
            "expected": "Expected earnings", "debt": "Median debt",
            "premium": "Premium over high-school earnings"}
X_NOUNS = {"tuition": "yearly tuition", "net_price": "average net price",
           "sat": "average SAT", "admission_rate": "admission rate",
           "expected": "expected earnings", "debt": "median debt",
           "premium": "premium over high-school earnings"}
MONEY_AXES = {"tuition", "net_price", "expected", "debt", "premium"}
COLOURS = ("control", "gap", "test")  # what the scatter's colour shows
GROUPINGS = ("field", "credential", "region", "control", "locale", "state")
MAX_AREA_POINTS = 64
SORTABLE = {"institution": "INSTNM", "state": "STABBR", "program": "CIPDESC",
            "credential": "CREDLEV", "control": "CONTROL", "earnings": "earnings",
            "graduates": "graduates", "tuition": "tuition", "net_price": "net_price",
            "sat": "SAT_AVG_ALL", "admission_rate": "ADM_RATE_ALL", "expected": "expected",
            "gap": "gap", "debt": "debt", "premium": "premium",
            "test_p_below": "test_p_below", "test_margin": "test_margin",
            "payback_years": "payback_years"}


@dataclass(frozen=True)
class Area:
    """A region drawn on the scatter: a polygon in (x, earnings) for the x axis `x`."""

    x: str
    points: tuple[tuple[float, float], ...]

    @property
    def is_box(self) -> bool:
        """True for an axis-aligned rectangle (a box selection)."""
        if len(self.points) != 4:
            return False
        xs, ys = {p[0] for p in self.points}, {p[1] for p in self.points}
        return len(xs) == 2 and len(ys) == 2


@dataclass(frozen=True)
class Filters:
    """The explorer's filter state; empty tuples and None mean 'no filter'."""

    credential: tuple[int, ...] = ()
    field: tuple[str, ...] = ()
    control: tuple[int, ...] = ()
    region: tuple[int, ...] = ()
    locale: tuple[int, ...] = ()
    state: tuple[str, ...] = ()
    test: tuple[str, ...] = ()  # the earnings test's outlook (model.earnings_test.OUTLOOKS)
    risk: tuple[str, ...] = ()  # its chance of failing, in bands (RISK_BANDS)
    institution: tuple[str, ...] = ()  # UNITIDs ("show these programs" of one institution)
    earnings: tuple[float, float] | None = None
    tuition: tuple[float, float] | None = None
    gap: tuple[float, float] | None = None
    debt: tuple[float, float] | None = None
    premium: tuple[float, float] | None = None
    area: Area | None = None

    def as_dict(self) -> dict:
        """Plain JSON values (for stores and URLs)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["area"] = None if self.area is None else {
            "x": self.area.x, "points": [list(p) for p in self.area.points]}
        for key in RANGES:
            out[key] = None if out[key] is None else list(out[key])
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in out.items()}

    @property
    def active(self) -> list[str]:
        """The names of the filters in use."""
        return [f.name for f in fields(self) if getattr(self, f.name) not in ((), None)]


@dataclass(frozen=True)
class View:
    """How the explorer draws a selection: the scatter's x axis and what its colour shows,
    what the bars group by, and whether groups of fewer than 5 programs are left out."""

    x: str = "tuition"
    group: str = "field"
    colour: str = "control"
    hide_small: bool = False

    @classmethod
    def read(cls, x: object = None, group: object = None, colour: object = None,
             hide_small: object = False) -> View:
        """A View from untrusted values: anything unknown takes its default."""
        default = cls()
        return cls(x=x if isinstance(x, str) and x in X_AXES else default.x,
                   group=group if isinstance(group, str) and group in GROUPINGS
                   else default.group,
                   colour=colour if isinstance(colour, str) and colour in COLOURS
                   else default.colour,
                   hide_small=hide_small is True)


@dataclass
class ParseResult:
    """Filters read from untrusted values, and what had to be ignored."""

    filters: Filters
    problems: list[str] = field(default_factory=list)


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _pair(value: object) -> tuple[float, float] | None:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None
    low, high = _number(value[0]), _number(value[1])
    if low is None or high is None:
        return None
    return (min(low, high), max(low, high))


def parse_area(value: object) -> Area | None:
    """An Area from {"x": ..., "points": [[x, y], ...]}; None if it is not one."""
    if not isinstance(value, dict) or value.get("x") not in X_AXES:
        return None
    points = value.get("points")
    if not isinstance(points, (list, tuple)) or not 3 <= len(points) <= 10_000:
        return None
    parsed = [_pair(p) if isinstance(p, (list, tuple)) and len(p) == 2 else None
              for p in points]
    if any(p is None for p in parsed):
        return None
    pts = [(float(_number(p[0])), float(_number(p[1]))) for p in points]  # keep order
    if len(pts) > MAX_AREA_POINTS:  # a long lasso: keep evenly spaced vertices
        idx = np.linspace(0, len(pts) - 1, MAX_AREA_POINTS).round().astype(int)
        pts = [pts[i] for i in idx]
    return Area(value["x"], tuple(pts))


def parse_filters(raw: object, allowed: dict) -> ParseResult:
    """Filters from untrusted JSON-like values, keeping only values the data has."""
    result = ParseResult(Filters())
    if raw is None:
        return result
    if not isinstance(raw, dict):
        result.problems.append("filters must be an object")
        return result
    values: dict[str, object] = {}
    for key in CATEGORIES:
        given = raw.get(key)
        if given in (None, "", []):
            continue
        items = given if isinstance(given, (list, tuple)) else [given]
        valid = {str(v): v for v in allowed[key]}
        kept = []
        for item in items:
            text = str(int(item)) if isinstance(item, float) and item.is_integer() else str(item)
            if text in valid:
                if valid[text] not in kept:  # a repeated value is not a problem
                    kept.append(valid[text])
            else:
                result.problems.append(f"{CATEGORY_LABELS[key].lower()} {str(item)[:30]!r}")
        values[key] = tuple(kept)
    for key in RANGES:
        given = raw.get(key)
        if given in (None, "", []):
            continue
        pair = _pair(given)
        if pair is None:
            result.problems.append(f"{key} range")
        else:
            values[key] = pair
    if raw.get("area") not in (None, "", {}):
        area = parse_area(raw.get("area"))
        if area is None:
            result.problems.append("selected area")
        values["area"] = area
    unknown = sorted(set(raw) - set(CATEGORIES) - set(RANGES) - {"area"})
    result.problems.extend(f"unknown filter {k[:30]!r}" for k in unknown)
    result.filters = Filters(**values)
    return result
