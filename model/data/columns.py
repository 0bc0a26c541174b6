"""The cleaned dataset's columns: one row per institution x program x credential.

Every program of the source is kept, also those whose earnings are not published:
`earnings_status` says which (see model.data.sources.status), and only published rows train the
model. Which earnings `earnings` holds, and in which words, is in model.data.measures; each
earnings horizon the build models (model.data.measures.horizons) other than the target's has
its own columns, `earnings@<column>` and `earnings_count@<column>`.
"""

from __future__ import annotations

import pandas as pd

# What a value that is not a number says: published, privacy-suppressed, or not available
PUBLISHED, SUPPRESSED, NOT_AVAILABLE = "published", "suppressed", "not available"
STATUSES = (PUBLISHED, SUPPRESSED, NOT_AVAILABLE)

TEXT_COLUMNS = ["UNITID", "INSTNM", "CITY", "STABBR", "CIPCODE", "CIPDESC", "CIP2", "FIELD",
                "CREDDESC", "earnings_status", "tuition_kind", "test_earnings_status"]
CODE_COLUMNS = ["CREDLEV", "CONTROL", "REGION", "LOCALE"]
# graduates: awards in the latest year of the cohort (IPEDSCOUNT2, else IPEDSCOUNT1);
# earnings_count: the graduates behind the earnings median (its EARN_COUNT_* column)
# debt: median federal loan debt of completers at this institution (DEBT_ALL_STGP_EVAL_MDN),
# debt_any: at any institution (..._ANY_MDN), their official monthly payments over 10 years
# (..._MDN10YRPAY) and the number of borrowers behind the median (DEBT_ALL_STGP_EVAL_N);
# threshold_state / _nat: what high-school graduates earn (EARN_THR_STATE / _NAT, 2026 on)
DEBT_COLUMNS = ["debt", "debt_any", "debt_payment", "debt_payment_any", "debt_count"]
THRESHOLD_COLUMNS = ["threshold_state", "threshold_nat"]
# the federal earnings test's own figures, whatever horizons the model uses (never another
# horizon's): EARN_MDN_4YR, EARN_COUNT_WNE_4YR, EARN_GT_THRESHOLD_4YR; the measure's status
# (test_earnings_status) also says NOT_IN_RELEASE when the file has no EARN_MDN_4YR
TEST_COLUMNS = ["test_earnings", "test_count", "test_above"]
NOT_IN_RELEASE = "not in release"
NUMERIC_COLUMNS = ["SAT_AVG_ALL", "ADM_RATE_ALL", "tuition", "net_price", "graduates",
                   "earnings_count", *DEBT_COLUMNS, *THRESHOLD_COLUMNS, *TEST_COLUMNS, "earnings"]
CLEAN_COLUMNS = TEXT_COLUMNS + CODE_COLUMNS + NUMERIC_COLUMNS
HORIZON = "earnings@"  # + a measure's column: that horizon's earnings
HORIZON_COUNT = "earnings_count@"  # + a measure's column: the graduates behind it
TUITION_KINDS = ("in-state", "program-year")  # TUITIONFEE_IN, or TUITIONFEE_PROG

# Plausible bounds; a value outside them is a data error, not an outlier.
NUMERIC_BOUNDS: dict[str, tuple[float, float]] = {
    "SAT_AVG_ALL": (400, 1600),
    "ADM_RATE_ALL": (0, 1),
    "tuition": (0, 150_000),
    "net_price": (-50_000, 150_000),
    "graduates": (0, 1_000_000),
    "earnings_count": (0, 1_000_000),
    "debt": (0, 1_000_000),
    "debt_any": (0, 1_000_000),
    "debt_payment": (0, 20_000),
    "debt_payment_any": (0, 20_000),
    "debt_count": (0, 1_000_000),
    "threshold_state": (0, 1_000_000),
    "threshold_nat": (0, 1_000_000),
    "test_earnings": (0, 1_000_000),
    "test_count": (0, 1_000_000),
    "test_above": (0, 1_000_000),
    "earnings": (0, 1_000_000),
}


def horizon_columns(df: pd.DataFrame) -> list[str]:
    """The measures (their columns) whose earnings the dataset carries as horizons."""
    return [c[len(HORIZON):] for c in df.columns if c.startswith(HORIZON)]


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
    for col in df.columns:  # the horizons' earnings and counts, in the order given
        if col.startswith((HORIZON, HORIZON_COUNT)):
            out[col] = df[col].astype("float64")
    if "earnings_status" not in df:
        out["earnings_status"] = pd.Series(NOT_AVAILABLE, index=df.index, dtype="string"
                                           ).mask(out["earnings"].notna(), PUBLISHED)
    out["test_earnings_status"] = out["test_earnings_status"].fillna(NOT_IN_RELEASE)
    out["tuition_kind"] = out["tuition_kind"].mask(out["tuition"].notna()
                                                   & out["tuition_kind"].isna(), "in-state")
    return out.reset_index(drop=True)
