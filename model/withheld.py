"""The programs whose earnings are not published (privacy-suppressed or not available),
counted for an explorer selection."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .filters import CATEGORIES, Filters
from .sources import NOT_AVAILABLE, SUPPRESSED


class Withheld:
    """The programs whose earnings are not published, counted for a selection by the
    filters that can apply to them (categories and tuition; not earnings or a drawn area)."""

    def __init__(self, rows: pd.DataFrame | None) -> None:
        rows = rows if rows is not None else pd.DataFrame(columns=[*CATEGORIES.values(),
                                                                   "tuition", "earnings_status"])
        self.values = {}
        for key, col in CATEGORIES.items():
            series = rows[col]
            self.values[key] = (series.astype("string").fillna("").to_numpy(str)
                                if col in ("CIP2", "STABBR")
                                else series.astype("Int64").fillna(-1).to_numpy(np.int64))
        self.tuition = rows["tuition"].to_numpy(float)
        status = rows["earnings_status"].astype("string").fillna("")
        self.suppressed = (status == SUPPRESSED).to_numpy()
        self.not_available = (status == NOT_AVAILABLE).to_numpy()

    def count(self, f: Filters) -> dict:
        """{"suppressed", "not_available", "partial"}: how many withheld programs pass the
        filters; `partial` when an earnings range or an area could not be applied."""
        mask = np.ones(len(self.tuition), bool)
        for key in CATEGORIES:
            chosen = getattr(f, key)
            if chosen:
                mask &= np.isin(self.values[key], np.array(list(chosen)))
        if f.tuition is not None:
            mask &= (self.tuition >= f.tuition[0]) & (self.tuition <= f.tuition[1])
        return {"suppressed": int((mask & self.suppressed).sum()),
                "not_available": int((mask & self.not_available).sum()),
                "partial": f.earnings is not None or f.area is not None}
