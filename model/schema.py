"""The cleaned dataset's schema and the earnings measures a dataset can be trained on."""

from __future__ import annotations

import pandas as pd

from .errors import DataError

# Earnings columns of each release, in order of preference for the default target: the
# tutorial's EARN_MDN_HI_2YR first, then the earliest measure after completion.
TARGETS: dict[str, str] = {
    "EARN_MDN_HI_2YR": "median earnings 2 years after completion",
    "EARN_MDN_1YR": "median earnings 1 year after completion",
    "EARN_MDN_HI_1YR": "median earnings 1 year after completion",
    "MD_EARN_WNE": "median earnings 1 year after completion (working, not enrolled)",
    "EARN_MDN_4YR": "median earnings 4 years after completion",
    "EARN_MDN_5YR": "median earnings 5 years after completion",
}

# Columns of the cleaned dataset: one row per institution x program x credential with earnings.
TEXT_COLUMNS = ["UNITID", "INSTNM", "CITY", "STABBR", "CIPCODE", "CIPDESC", "CIP2", "FIELD",
                "CREDDESC"]
CODE_COLUMNS = ["CREDLEV", "CONTROL", "REGION", "LOCALE"]
NUMERIC_COLUMNS = ["SAT_AVG_ALL", "ADM_RATE_ALL", "tuition", "earnings"]
CLEAN_COLUMNS = TEXT_COLUMNS + CODE_COLUMNS + NUMERIC_COLUMNS

# Plausible bounds; a value outside them is a data error, not an outlier.
NUMERIC_BOUNDS: dict[str, tuple[float, float]] = {
    "SAT_AVG_ALL": (400, 1600),
    "ADM_RATE_ALL": (0, 1),
    "tuition": (0, 150_000),
    "earnings": (0, 1_000_000),
}


def choose_target(columns: list[str], requested: str | None = None) -> str:
    """Pick the earnings column to model: the requested one, else the first of TARGETS present."""
    if requested:
        if requested not in columns:
            raise DataError(f"the requested target {requested} is not in the data "
                            f"(earnings columns present: {[c for c in TARGETS if c in columns]})",
                            column=requested)
        return requested
    for name in TARGETS:
        if name in columns:
            return name
    raise DataError(f"no earnings column found; expected one of {list(TARGETS)}")


def target_definition(target: str) -> str:
    """The target in words, as the UI shows it."""
    return TARGETS.get(target, f"median earnings ({target})")


def conform(df: pd.DataFrame) -> pd.DataFrame:
    """Return the cleaned columns in order and dtype; missing optional columns become empty."""
    out = pd.DataFrame(index=df.index)
    for col in TEXT_COLUMNS:
        out[col] = df[col].astype("string") if col in df else pd.Series(pd.NA, index=df.index,
                                                                      dtype="string")
    for col in CODE_COLUMNS:
        out[col] = df[col].astype("Int64") if col in df else pd.Series(pd.NA, index=df.index,
                                                                     dtype="Int64")
    for col in NUMERIC_COLUMNS:
        out[col] = df[col].astype("float64") if col in df else float("nan")
    return out.reset_index(drop=True)
