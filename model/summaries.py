"""Everything the interactive paths read, computed once from the dataset at training time."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import codes

NUMERIC_INPUTS = {"admission_rate": "ADM_RATE_ALL", "sat": "SAT_AVG_ALL", "tuition": "tuition"}


@dataclass(frozen=True)
class Histogram:
    """Pre-binned earnings for one credential: shared edges, counts overall and per field."""

    edges: list[float]
    overall: list[int]
    by_field: dict[str, list[int]]
    by_program: dict[str, list[int]]


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


def histograms(df: pd.DataFrame) -> dict[int, Histogram]:
    """Histograms per credential; values beyond the 99.5th percentile fall in the last bin."""
    out = {}
    for level, group in df.groupby("CREDLEV"):
        edges, idx = bins(group["earnings"].to_numpy(float))

        def counts(mask: np.ndarray) -> list[int]:
            return np.bincount(idx[mask], minlength=len(edges) - 1).tolist()

        fields = group["CIP2"].to_numpy(str)
        programs = group["CIPCODE"].fillna("").to_numpy(str)
        out[int(level)] = Histogram(
            edges=edges.tolist(), overall=counts(np.ones(len(idx), bool)),
            by_field={f: counts(fields == f) for f in np.unique(fields)},
            by_program={p: counts(programs == p) for p in np.unique(programs) if p})
    return out


def sorted_earnings(df: pd.DataFrame) -> dict[int, np.ndarray]:
    """Sorted earnings per credential, for percentiles."""
    return {int(k): np.sort(g["earnings"].to_numpy(np.float32))
            for k, g in df.groupby("CREDLEV")}


def institutions(df: pd.DataFrame) -> pd.DataFrame:
    """One row per institution with the inputs it fills in."""
    cols = ["UNITID", "INSTNM", "CITY", "STABBR", "CONTROL", "REGION", "LOCALE",
            "ADM_RATE_ALL", "SAT_AVG_ALL", "tuition"]
    named = df[df["INSTNM"].notna()]
    inst = named[cols].groupby("UNITID", sort=False).first()
    inst["programs"] = named.groupby("UNITID", sort=False).size()
    inst = inst.reset_index().sort_values("INSTNM", kind="stable").reset_index(drop=True)
    inst["search"] = (inst["INSTNM"].fillna("") + " " + inst["CITY"].fillna("") + " "
                      + inst["STABBR"].fillna("")).str.lower()
    return inst


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
            "value": code, "label": f"{title.iloc[0] if len(title) else code} ({code[:2]}.{code[2:]})",
            "count": len(group)})
    ranges = {}
    for name, col in NUMERIC_INPUTS.items():
        values = df[col].dropna()
        ranges[name] = {"min": float(values.min()), "max": float(values.max()),
                        "median": float(values.median()), "p5": float(values.quantile(0.05)),
                        "p95": float(values.quantile(0.95)), "missing": float(df[col].isna().mean())}
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

    def median(col: str) -> float | None:
        values = same[col].dropna()
        if not len(values):
            return None
        # an admission rate to 0.1 percentage point, as the page shows it
        return round(float(values.median()), 3 if col == "ADM_RATE_ALL" else 0)

    def code(col: str) -> int | None:
        value = mode(col)
        return None if value is None else int(value)

    return {"credential": credential, "field": str(mode("CIP2")), "program": None,
            "control": code("CONTROL"), "region": code("REGION"),
            "locale": code("LOCALE"), "admission_rate": median("ADM_RATE_ALL"),
            "sat": median("SAT_AVG_ALL"), "tuition": median("tuition")}
