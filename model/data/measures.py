"""The earnings measures a Field of Study release carries: what each column means, whose
earnings, which completion cohort, which dollars, and which to model by default.

Source: the official data dictionary, `CollegeScorecardDataDictionary.xlsx` (released
January 16, 2025): the sheet FieldOfStudy_Data_Dictionary for each column's definition and
FieldOfStudy_Cohort_Map, column "FieldOfStudyMostRecent datafile", for its cohort,
measurement years and dollar year. tests/unit/model/data/test_measures.py checks this table against
the dictionary when the real extracts are at hand. The 2026 releases add benchmarks
(EARN_MDN_4YR_NAT, EARN_THR_STATE, EARN_THR_NAT) that this dictionary does not describe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.errors import DataError

DICTIONARY = "College Scorecard data dictionary (January 16, 2025), FieldOfStudy_Cohort_Map"
# The default target is the freshest overall median with at least this share of the
# published values of the best-published one (and at least MIN_PUBLISHED values).
ENOUGH_SHARE = 0.5
MIN_PUBLISHED = 10


@dataclass(frozen=True)
class Horizon:
    """One earnings series: years after completion and the cohort the dictionary gives."""

    years: int
    highest: bool  # counted at the highest credential earned (the _HI_ and 3-year series)
    working: bool  # working and not enrolled (else: not enrolled, working or not)
    completers: tuple[str, str] | None  # award years pooled, e.g. ("2018-19", "2019-20")
    measured: tuple[int, int] | None  # calendar years the earnings were measured
    dollars: int | None  # inflation adjusted to this year's dollars


HORIZONS: dict[str, Horizon] = {
    "HI_1YR": Horizon(1, True, True, ("2016-17", "2017-18"), (2018, 2019), 2020),
    "HI_2YR": Horizon(2, True, True, ("2014-15", "2015-16"), (2017, 2018), 2019),
    "3YR": Horizon(3, True, False, ("2014-15", "2015-16"), (2018, 2019), 2020),
    "1YR": Horizon(1, False, True, ("2018-19", "2019-20"), (2020, 2021), 2022),
    "4YR": Horizon(4, False, True, ("2014-15", "2015-16"), (2019, 2020), 2021),
    "5YR": Horizon(5, False, True, ("2014-15", "2015-16"), (2020, 2021), 2022),
    # the 2019 release's single measure (not in the 2025 dictionary)
    "2019": Horizon(1, False, True, None, None, None),
}
GROUPS = {"": "", "PELL": "who received a Pell Grant", "NOPELL": "who did not receive a Pell Grant",
          "MALE": "male", "NOMALE": "non-male"}


@dataclass(frozen=True)
class Measure:
    """An earnings column: a median of one group of graduates at one horizon."""

    column: str
    horizon: str  # a key of HORIZONS
    group: str = ""  # a key of GROUPS ("" = all graduates)
    count: str | None = None  # the column counting the graduates behind the median

    @property
    def series(self) -> Horizon:
        """The horizon's years, cohort and dollars."""
        return HORIZONS[self.horizon]

    @property
    def freshness(self) -> tuple[int, int]:
        """Sort key: the last year measured, then the last completion year."""
        h = self.series
        return ((h.measured or (0, 0))[1], int(h.completers[1][:4]) if h.completers else 0)

    def label(self) -> str:
        """The measure in full words, e.g. 'Median earnings 1 year after completion,
        federally aided graduates working and not enrolled, 2018-19 and 2019-20
        completers (measured in 2020 and 2021), 2022 dollars'."""
        return ", ".join(part for part in (self.title(), self.population(), self.cohort(),
                                           self.dollars()) if part)

    def title(self) -> str:
        """'Median earnings 1 year after completion'."""
        h = self.series
        years = f"{h.years} year{'s' if h.years != 1 else ''}"
        after = "completing the highest credential" if h.highest else "completion"
        return f"Median earnings {years} after {after}"

    def population(self) -> str:
        """Whose earnings: 'federally aided graduates working and not enrolled'."""
        status = "working and not enrolled" if self.series.working else "not enrolled"
        if self.group in ("MALE", "NOMALE"):
            return f"federally aided {GROUPS[self.group]} graduates {status}"
        if self.group:
            return f"federally aided graduates {GROUPS[self.group]}, {status}"
        return f"federally aided graduates {status}"

    def cohort(self) -> str:
        """'2018-19 and 2019-20 completers (measured in 2020 and 2021)', or ''."""
        h = self.series
        if not h.completers:
            return ""
        return (f"{h.completers[0]} and {h.completers[1]} completers (measured in "
                f"{h.measured[0]} and {h.measured[1]})")

    def dollars(self) -> str:
        """'2022 dollars', or ''."""
        return f"{self.series.dollars} dollars" if self.series.dollars else ""

    def describe(self) -> dict:
        """Everything about the measure, as plain data (stored with the dataset)."""
        h = self.series
        return {"column": self.column, "label": self.label(), "title": self.title(),
                "population": self.population(), "cohort": self.cohort(),
                "dollars": h.dollars, "years_after_completion": h.years,
                "count_column": self.count,
                "source": DICTIONARY if h.completers else
                "not described in the 2025 data dictionary (an older release's column)"}


def _measures() -> dict[str, Measure]:
    out = {"EARN_MDN_HI_1YR": Measure("EARN_MDN_HI_1YR", "HI_1YR", count="EARN_COUNT_WNE_HI_1YR"),
           "EARN_MDN_HI_2YR": Measure("EARN_MDN_HI_2YR", "HI_2YR", count="EARN_COUNT_WNE_HI_2YR"),
           "EARN_NE_MDN_3YR": Measure("EARN_NE_MDN_3YR", "3YR", count="EARN_COUNT_NE_3YR"),
           "MD_EARN_WNE": Measure("MD_EARN_WNE", "2019", count="EARNINGSCOUNT")}
    for horizon in ("1YR", "4YR", "5YR"):
        out[f"EARN_MDN_{horizon}"] = Measure(f"EARN_MDN_{horizon}", horizon,
                                             count=f"EARN_COUNT_WNE_{horizon}")
        for group in ("PELL", "NOPELL", "MALE", "NOMALE"):
            column = f"EARN_{group}_WNE_MDN_{horizon}"
            out[column] = Measure(column, horizon, group, f"EARN_COUNT_{group}_WNE_{horizon}")
    for group in ("PELL", "NOPELL", "MALE", "NOMALE"):
        column = f"EARN_{group}_NE_MDN_3YR"
        out[column] = Measure(column, "3YR", group, f"EARN_COUNT_{group}_NE_3YR")
    return out


MEASURES: dict[str, Measure] = _measures()
# Benchmarks of the 2026 releases: what others earn, not a program's graduates.
BENCHMARKS = {"EARN_THR_STATE": "the earnings threshold of the institution's state (what "
                                "high-school graduates there earn)",
              "EARN_THR_NAT": "the national earnings threshold (what high-school graduates "
                              "earn nationally)",
              "EARN_MDN_4YR_NAT": "a national median 4 years after completion"}
# The measures a default build may choose: all graduates, newest first.
DEFAULT_ORDER = sorted((m for m in MEASURES.values() if not m.group),
                       key=lambda m: m.freshness, reverse=True)
_MEDIAN = re.compile(r"^(EARN_\w*MDN\w*|MD_EARN_WNE)$")


def is_benchmark(column: str) -> bool:
    """A benchmark column (an earnings threshold or a national figure)."""
    return column in BENCHMARKS or column.startswith("EARN_THR_") or column.endswith("_NAT")


def is_median(column: str) -> bool:
    """Any program earnings median a release may carry (known or not), not a benchmark."""
    return (column in MEASURES or bool(_MEDIAN.match(column))) and not is_benchmark(column)


def measure(column: str) -> Measure | None:
    """The known measure of a column, or None."""
    return MEASURES.get(column)


def describe(column: str) -> dict:
    """A column's description; an unknown median is described from its name."""
    known = MEASURES.get(column)
    if known is not None:
        return known.describe()
    years = re.search(r"(\d+)YR", column)
    title = (f"Median earnings {years.group(1)} year{'s' if years.group(1) != '1' else ''} "
             "after completion" if years else "Median earnings")
    return {"column": column, "label": f"{title} ({column})", "title": title,
            "population": "", "cohort": "", "dollars": None,
            "years_after_completion": int(years.group(1)) if years else None,
            "count_column": None,
            "source": f"{column} is not in the 2025 data dictionary: its cohort and dollar "
                      "year are not known here"}


def label(column: str) -> str:
    """The full words for a target column."""
    return describe(column)["label"]


def years_after(column: str) -> int | None:
    """How many years after completion a median measures (from the table, else its name)."""
    return describe(column)["years_after_completion"]


def horizons(published: dict[str, int], target: str) -> list[str]:
    """The earnings medians to model, one per number of years after completion, in order:
    the target for its own horizon, and for each other the freshest median for all
    graduates with at least MIN_PUBLISHED published values. A subgroup target (Pell, male,
    ...) has no siblings here: it is its own only horizon."""
    overall = [m.column for m in DEFAULT_ORDER] + sorted(
        c for c in published if c not in MEASURES and re.fullmatch(r"EARN_MDN_\d+YR", c))
    if target not in overall:
        return [target]
    chosen = {years_after(target): target}
    for column in overall:
        years = years_after(column)
        if (column in published and published[column] >= MIN_PUBLISHED
                and years is not None and years not in chosen):
            chosen[years] = column
    return [chosen[y] for y in sorted(chosen)]


def choose(published: dict[str, int], requested: str | None = None, file: object = None
           ) -> tuple[str, str]:
    """The target column and why it was chosen, from the number of published values of each
    earnings median the file has (`published`: column -> count of numeric values)."""
    present = {c: n for c, n in published.items() if is_median(c)}
    listed = ", ".join(f"{c} ({n:,} published)" for c, n in present.items()) or "none"
    if requested:
        if is_benchmark(requested):
            what = BENCHMARKS.get(requested, "not a program median")
            raise DataError(f"{requested} is a benchmark ({what}), not what a program's "
                            f"graduates earn; earnings medians in the file: {listed}",
                            file=file, column=requested)
        if requested not in published:
            raise DataError(f"the requested target {requested} is not in the file; earnings "
                            f"medians in the file: {listed}", file=file, column=requested)
        if not is_median(requested):
            raise DataError(f"{requested} is not an earnings median; earnings medians in the "
                            f"file: {listed}", file=file, column=requested)
        return requested, "as requested (SCORECARD_TARGET or --target)"
    if not present:
        raise DataError("no earnings column found; expected one of "
                        f"{[m.column for m in DEFAULT_ORDER]}", file=file)
    best = max(present.values())
    if best == 0:
        raise DataError(f"every earnings median is suppressed or empty ({listed})", file=file,
                        column=next(iter(present)))
    enough = max(MIN_PUBLISHED, ENOUGH_SHARE * best)
    unknown = sorted(c for c in present if c not in MEASURES and re.fullmatch(r"EARN_MDN_\d+YR", c))
    candidates = [m.column for m in DEFAULT_ORDER if m.column in present] + unknown
    for column in candidates:
        if present[column] >= enough:
            skipped = [f"{c} ({present[c]:,})" for c in candidates[:candidates.index(column)]]
            why = (f"the freshest earnings measure with enough published values "
                   f"({present[column]:,})")
            if skipped:
                why += f"; fresher but too few published: {', '.join(skipped)}"
            return column, why
    column = max(present, key=present.get)  # only subgroup medians have values
    return column, f"the earnings median with the most published values ({present[column]:,})"
