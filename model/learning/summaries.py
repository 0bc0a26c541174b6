"""Everything the interactive paths read, computed once from the dataset at training time."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model import codes
from model.data import columns
from model.learning.features import NUMBER_INPUTS

NUMERIC_INPUTS = {i.name: i.column for i in NUMBER_INPUTS}
SMALL_GROUP = 5  # a group of fewer programs is drawn as its programs, or marked as small


@dataclass(frozen=True)
class Histogram:
    """Pre-binned earnings for one credential: shared edges, counts overall and per field
    (and 4-digit program); each group's median; the values of small groups (fewer than
    SMALL_GROUP programs), which are drawn one by one rather than as shares."""

    edges: list[float]
    overall: list[int]
    by_field: dict[str, list[int]]
    by_program: dict[str, list[int]]
    median: float
    field_median: dict[str, float]
    program_median: dict[str, float]
    small: dict[str, list[float]]  # field or program code -> its programs' earnings


def nice_step(span: float, bins: int = 40) -> float:
    """A round bin width (1, 2, 2.5 or 5 times a power of ten) giving about `bins` bins."""
    raw = max(span / bins, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def bins(earnings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Round bin edges from $0 to the 99.5th percentile, and each value's bin; values
    beyond the last edge fall in the last bin."""
    top = (float(np.quantile(earnings, 0.995)) if len(earnings) > 1
           else float(earnings.max(initial=0.0)) + 1)
    step = nice_step(top)
    edges = np.arange(0, math.ceil(top / step) * step + step, step)
    idx = np.clip(np.searchsorted(edges, earnings, side="right") - 1, 0, len(edges) - 2)
    return edges, idx


def _factorized(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes (-1 for missing or empty) and the distinct values as strings."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    names = [str(u) for u in uniques]
    empty = [i for i, name in enumerate(names) if not name]
    if empty:
        codes = np.where(np.isin(codes, empty), -1, codes)
    return codes, names


def _counts_by(codes: np.ndarray, names: list[str], idx: np.ndarray, nbins: int
               ) -> dict[str, list[int]]:
    """Bin counts of each coded group present (code -1 left out), in one bincount."""
    keep = codes >= 0
    table = np.bincount(codes[keep].astype(np.int64) * nbins + idx[keep],
                        minlength=len(names) * nbins).reshape(len(names), nbins)
    present = np.flatnonzero(table.sum(axis=1))
    return {names[i]: table[i].tolist() for i in sorted(present, key=lambda i: names[i])}


def histograms(df: pd.DataFrame) -> dict[int, Histogram]:
    """Histograms per credential; values beyond the 99.5th percentile fall in the last bin."""
    levels = df["CREDLEV"].to_numpy(float, na_value=np.nan)
    earnings = df["earnings"].to_numpy(float)
    fields, field_names = _factorized(df["CIP2"])
    programs, program_names = _factorized(df["CIPCODE"])
    out = {}
    for level in np.unique(levels[~np.isnan(levels)]):
        mask = levels == level
        edges, idx = bins(earnings[mask])
        nbins = len(edges) - 1
        field_median, field_small = _medians(fields[mask], field_names, earnings[mask])
        program_median, program_small = _medians(programs[mask], program_names,
                                                 earnings[mask])
        out[int(level)] = Histogram(
            edges=edges.tolist(), overall=np.bincount(idx, minlength=nbins).tolist(),
            by_field=_counts_by(fields[mask], field_names, idx, nbins),
            by_program=_counts_by(programs[mask], program_names, idx, nbins),
            median=float(np.median(earnings[mask])), field_median=field_median,
            program_median=program_median, small={**field_small, **program_small})
    return out


def _medians(codes: np.ndarray, names: list[str], earnings: np.ndarray
             ) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Each coded group's median earnings, and the sorted values of its small groups."""
    keep = codes >= 0
    frame = pd.DataFrame({"g": codes[keep], "e": earnings[keep]})
    medians, small = {}, {}
    for code, values in frame.groupby("g")["e"]:
        medians[names[code]] = float(values.median())
        if len(values) < SMALL_GROUP:
            small[names[code]] = sorted(float(v) for v in values)
    return medians, small


def withheld(df: pd.DataFrame) -> dict:
    """The programs without published earnings: how many are privacy-suppressed and how many
    not available, per credential and field (and 4-digit program)."""
    status = df["earnings_status"].astype("string").to_numpy(str, na_value="")
    counts: dict[str, dict] = {}
    for key, cols in (("field", ["CREDLEV", "CIP2"]), ("program", ["CREDLEV", "CIPCODE"])):
        frame = pd.DataFrame({"level": df["CREDLEV"].astype("Int64").to_numpy(),
                              "code": df[cols[1]].astype("string").to_numpy(),
                              "status": status}).dropna()
        table = frame.groupby(["level", "code", "status"]).size()
        out: dict = {}
        for (level, code, kind), n in table.items():
            out.setdefault(f"{int(level)}|{code}", {})[kind] = int(n)
        counts[key] = out
    return {"counts": counts}


def sorted_earnings(df: pd.DataFrame) -> dict[int, np.ndarray]:
    """Sorted earnings per credential, for percentiles."""
    return {int(k): np.sort(g.to_numpy(np.float32))
            for k, g in df.groupby("CREDLEV")["earnings"]}


def institutions(df: pd.DataFrame) -> pd.DataFrame:
    """One row per institution with the inputs it fills in, its net price, and how many of
    its programs have published earnings (`programs`) and how many not (`withheld`)."""
    cols = ["UNITID", "INSTNM", "CITY", "STABBR", "CONTROL", "REGION", "LOCALE",
            "ADM_RATE_ALL", "SAT_AVG_ALL", "tuition", "tuition_kind", "net_price"]
    named = df.loc[df["INSTNM"].notna().to_numpy(), cols].copy()
    named["UNITID"] = named["UNITID"].astype("string")
    inst = named.groupby("UNITID", sort=False)[cols[1:]].first().reset_index()
    for col in ("UNITID", "INSTNM", "CITY", "STABBR", "tuition_kind"):  # plain strings
        inst[col] = inst[col].astype("string")
    inst = inst.sort_values("INSTNM", kind="stable").reset_index(drop=True)
    counts = institution_counts(df, inst["UNITID"])
    inst["programs"], inst["withheld"] = counts["programs"], counts["withheld"]
    inst["search"] = (inst["INSTNM"].fillna("") + " " + inst["CITY"].fillna("") + " "
                      + inst["STABBR"].fillna("")).str.lower()
    return inst


def institution_counts(df: pd.DataFrame, unitids: pd.Series) -> dict[str, np.ndarray]:
    """How many programs of each institution of `unitids` (institutions()' order) have
    published earnings in `df` (one horizon's rows) and how many not."""
    named = df["INSTNM"].notna().to_numpy()
    frame = pd.DataFrame({"UNITID": df.loc[named, "UNITID"].astype("string").to_numpy(),
                          "published": (df.loc[named, "earnings_status"]
                                        == "published").to_numpy()})
    grouped = frame.groupby("UNITID", sort=False)["published"]
    programs = grouped.sum().reindex(unitids.to_numpy(), fill_value=0).to_numpy(np.int64)
    total = grouped.size().reindex(unitids.to_numpy(), fill_value=0).to_numpy(np.int64)
    return {"programs": programs, "withheld": total - programs}


def _labelled(values: pd.Series, labels: dict) -> list[dict]:
    counts = values.dropna().astype(int).value_counts()
    return [{"value": int(k), "label": labels.get(int(k), str(k)), "count": int(counts[k])}
            for k in sorted(counts.index)]


def options(df: pd.DataFrame) -> dict:
    """Valid values with labels and counts, numeric ranges, and a default scenario."""
    fields = df.groupby("CIP2")["FIELD"].agg(lambda s: s.mode().iloc[0])
    field_counts = df["CIP2"].value_counts()
    programs: dict[str, list[dict]] = {}
    titled = df[df["CIPCODE"].notna()]
    for (fam, code), group in titled.groupby(["CIP2", "CIPCODE"]):
        title = group["CIPDESC"].mode()
        programs.setdefault(fam, []).append({
            "value": code,
            "label": f"{title.iloc[0] if len(title) else code} ({code[:2]}.{code[2:]})",
            "count": len(group)})
    ranges = {}
    for name, col in NUMERIC_INPUTS.items():
        values = df[col].dropna()
        ranges[name] = {"min": float(values.min()), "max": float(values.max()),
                        "median": float(values.median()), "p5": float(values.quantile(0.05)),
                        "p95": float(values.quantile(0.95)),
                        "missing": float(df[col].isna().mean())}
    return {
        "credential": _labelled(df["CREDLEV"], codes.CREDLEV),
        "field": sorted(({"value": k, "label": fields[k], "count": int(field_counts[k])}
                         for k in fields.index), key=lambda o: o["label"]),
        "program": {fam: sorted(p, key=lambda o: o["label"]) for fam, p in programs.items()},
        "control": _labelled(df["CONTROL"], codes.CONTROL),
        "region": _labelled(df["REGION"], codes.REGION),
        "locale": _labelled(df["LOCALE"], codes.LOCALE),
        "ranges": ranges,
        "default": default_scenario(df),
    }


def default_scenario(df: pd.DataFrame) -> dict:
    """A typical program: a bachelor's (if present) in its most common field, at typical values."""
    levels = df["CREDLEV"].dropna().astype(int)
    credential = 3 if (levels == 3).any() else int(levels.mode().iloc[0])
    same = df[df["CREDLEV"] == credential]

    def mode(col: str) -> object:
        values = same[col].dropna()
        return values.mode().iloc[0] if len(values) else None

    def median(col: str, digits: int) -> float | None:
        values = same[col].dropna()
        return round(float(values.median()), digits) if len(values) else None

    def code(col: str) -> int | None:
        value = mode(col)
        return None if value is None else int(value)

    return {"credential": credential, "field": str(mode("CIP2")), "program": None,
            "control": code("CONTROL"), "region": code("REGION"),
            "locale": code("LOCALE"),
            **{i.name: median(i.column, i.digits) for i in NUMBER_INPUTS}}


# A program's outcomes at one earnings horizon: in the program table as `<name>@<measure>`
# (model.data.columns.HORIZON for earnings), one set per horizon the artifact models.
OUTCOMES = ("earnings", "earnings_count", "expected", "gap", "gap_percentile", "status")


def _text_category(values: pd.Series) -> pd.Series:
    """A text column as a categorical of sorted "string" categories, whether it comes as
    strings or (as training reads it) as a categorical already."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return values.astype("string").astype("category")
    categories = pd.Index(values.cat.categories.astype("string")).sort_values()
    return values.cat.set_categories(categories)


def outcome_column(name: str, horizon: str) -> str:
    """The program table's column of one outcome at one horizon: earnings@EARN_MDN_5YR."""
    return f"{name}@{horizon}"


SHARED = ["UNITID", "INSTNM", "CITY", "STABBR", "CIPCODE", "CIPDESC", "CIP2",
          "test_earnings_status", "CREDLEV", "CONTROL", "REGION", "LOCALE", "SAT_AVG_ALL",
          "ADM_RATE_ALL", "tuition", "net_price", "graduates", *columns.DEBT_COLUMNS,
          *columns.THRESHOLD_COLUMNS, *columns.TEST_COLUMNS]


def program_table(df: pd.DataFrame, outcomes: dict[str, dict],
                  tests: pd.DataFrame | None = None) -> pd.DataFrame:
    """The compact program table the explorer reads (stored in the model artifact): every
    program of `df` once, with each horizon's outcomes. `outcomes`, per horizon: earnings,
    earnings_count and status (Series on df's index), and expected, gap and gap_percentile
    for the programs with earnings there, at their positions `at`; `tests`: each program's
    earnings test (model.earnings_test.evaluate, on df's index)."""
    out = df[SHARED]  # copied on write (pandas' copy-on-write): the columns are shared
    for col in ("UNITID", "INSTNM", "CITY", "STABBR", "CIPCODE", "CIPDESC", "CIP2",
                "test_earnings_status"):
        out[col] = _text_category(out[col])
    if tests is not None:
        for col in tests.columns:
            values = tests[col]
            out[col] = (_text_category(values.astype("string")) if values.dtype == object
                        else values)
    for col in SHARED[SHARED.index("SAT_AVG_ALL"):]:
        out[col] = out[col].astype("float64")
    for horizon, found in outcomes.items():
        for name in OUTCOMES:
            if name == "status":
                values = _text_category(found[name])
            elif name in ("earnings", "earnings_count"):
                values = found[name].astype("float64")
            else:
                values = np.full(len(df), np.nan)
                values[found["at"]] = found[name]
            out[outcome_column(name, horizon)] = values
    return out.reset_index(drop=True)
