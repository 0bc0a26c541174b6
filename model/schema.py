"""The cleaned dataset's schema: one row per institution x program x credential.

Every program of the source is kept, also those whose earnings are not published:
`earnings_status` says which (see model.sources.status), and only published rows train the
model. Which earnings `earnings` holds, and in which words, is in model.measures.
"""

from __future__ import annotations

import pandas as pd

from .sources import NOT_AVAILABLE, PUBLISHED, SUPPRESSED

STATUSES = (PUBLISHED, SUPPRESSED, NOT_AVAILABLE)

TEXT_COLUMNS = ["UNITID", "INSTNM", "CITY", "STABBR", "CIPCODE", "CIPDESC", "CIP2", "FIELD",
                "CREDDESC", "earnings_status", "tuition_kind"]
CODE_COLUMNS = ["CREDLEV", "CONTROL", "REGION", "LOCALE"]
# graduates: awards in the latest year of the cohort (IPEDSCOUNT2, else IPEDSCOUNT1);
# earnings_count: the graduates behind the earnings median (its EARN_COUNT_* column)
NUMERIC_COLUMNS = ["SAT_AVG_ALL", "ADM_RATE_ALL", "tuition", "net_price", "graduates",
                   "earnings_count", "earnings"]
CLEAN_COLUMNS = TEXT_COLUMNS + CODE_COLUMNS + NUMERIC_COLUMNS
TUITION_KINDS = ("in-state", "program-year")  # TUITIONFEE_IN, or TUITIONFEE_PROG

# Plausible bounds; a value outside them is a data error, not an outlier.
NUMERIC_BOUNDS: dict[str, tuple[float, float]] = {
    "SAT_AVG_ALL": (400, 1600),
    "ADM_RATE_ALL": (0, 1),
    "tuition": (0, 150_000),
    "net_price": (-50_000, 150_000),
    "graduates": (0, 1_000_000),
    "earnings_count": (0, 1_000_000),
    "earnings": (0, 1_000_000),
}


def published(df: pd.DataFrame) -> pd.DataFrame:
    """The rows whose earnings are published (what the model trains on)."""
    return df[(df["earnings_status"] == PUBLISHED).to_numpy()]


def withheld(df: pd.DataFrame) -> pd.DataFrame:
    """The rows whose earnings are suppressed or not available."""
    return df[(df["earnings_status"] != PUBLISHED).to_numpy()]


def conform(df: pd.DataFrame) -> pd.DataFrame:
    """Return the cleaned columns in order and dtype; missing optional columns become empty
    (a table without `earnings_status` has published earnings wherever it has a number)."""
    out = pd.DataFrame(index=df.index)
    for col in TEXT_COLUMNS:
        out[col] = df[col].astype("string") if col in df else pd.Series(pd.NA, index=df.index,
                                                                      dtype="string")
    for col in CODE_COLUMNS:
        out[col] = df[col].astype("Int64") if col in df else pd.Series(pd.NA, index=df.index,
                                                                     dtype="Int64")
    for col in NUMERIC_COLUMNS:
        out[col] = df[col].astype("float64") if col in df else float("nan")
    if "earnings_status" not in df:
        out["earnings_status"] = pd.Series(NOT_AVAILABLE, index=df.index, dtype="string"
                                           ).mask(out["earnings"].notna(), PUBLISHED)
    out["tuition_kind"] = out["tuition_kind"].mask(out["tuition"].notna()
                                                   & out["tuition_kind"].isna(), "in-state")
    return out.reset_index(drop=True)
