"""Files in the full current official layout, written from the real extracts.

Every column of the data dictionary's Field of Study and Institution sheets (plus the
benchmarks the 2026 releases add) is written; the values are the real ones of
`merged/fos_sample_merged.csv` (and `merged/institutions_merged.csv` for what it adds, such
as program-year tuition, and the raw field-of-study sample it was built from, row for row,
for the official 10-year loan payments), everything the extracts lack is `NA` (not
available) or `PS` (privacy-suppressed), as the current releases write it. Odd rows as in
a real release: rows without a UNITID (the extract's 51 unmatched programs), two programs
of a foreign institution (CONTROL 4, no UNITID), and programs whose earnings are
suppressed or not available.

The extracts carry no 4-year earnings, counts above the high-school benchmark or benchmarks.
With `earnings_test=True` the files fill those columns, derived from each real row and
written as a release writes them (`earnings_test_columns`): 4-year graduates from the
program's awards, their earnings drawn log-normal around 95% of its real 5-year median,
the median and the count above the state benchmark read off the same draws, so the two
agree as in a release; state benchmarks are fixture values between $25,000 and $34,000,
not the Department's. Without it those columns are `NA`/`PS`, as in a release before
2026-03-23.
"""

from __future__ import annotations

import csv
import functools
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

BENCHMARKS = ["EARN_MDN_4YR_NAT", "EARN_THR_STATE", "EARN_THR_NAT"]  # 2026, not in the 2025 sheet
FOS_ZIP_MEMBER = "Most-Recent-Cohorts-Field-of-Study.csv"
INST_ZIP_MEMBER = "Most-Recent-Cohorts-Institution.csv"
CONTROL_CODES = {"Public": "1", "Private, nonprofit": "2", "Private, for-profit": "3"}
# the extract's columns that go to the Field of Study file unchanged
FOS_FROM_EXTRACT = ["INSTNM", "CIPDESC", "CREDLEV", "CREDDESC", "EARN_MDN_5YR",
                    "DEBT_ALL_STGP_ANY_MDN", "DEBT_ALL_STGP_EVAL_MDN", "IPEDSCOUNT2"]
FOS_FROM_SAMPLE = ["DEBT_ALL_STGP_ANY_MDN10YRPAY", "DEBT_ALL_STGP_EVAL_MDN10YRPAY"]
SAMPLE = "raw/SophiaYifei_college-scorecard-roi-storytelling/field_of_study_processed_sample.csv"
INST_FROM_EXTRACT = ["INSTNM", "CITY", "STABBR", "LATITUDE", "LONGITUDE", "REGION", "LOCALE",
                     "SAT_AVG_ALL", "SAT_AVG", "ADM_RATE_ALL", "ADM_RATE", "TUITIONFEE_OUT",
                     "COSTT4_A", "MD_EARN_WNE_P10"]
INST_FROM_INSTITUTIONS = ["OPEID", "OPEID6", "ZIP", "TUITIONFEE_PROG", "COSTT4_P", "PFTFAC",
                          "C100_4", "MD_EARN_WNE_P6", "MD_EARN_WNE_P8", "ACCREDAGENCY",
                          "INSTURL", "NPCURL"]
FOREIGN = [  # two programs of one foreign institution: no UNITID, CONTROL 4
    {"OPEID6": "041999", "INSTNM": "Example Foreign University (fixture)", "CONTROL": "4",
     "CIPCODE": "5138", "CIPDESC": "Registered Nursing, Nursing Administration, Nursing "
     "Research and Clinical Nursing.", "CREDLEV": "3", "CREDDESC": "Bachelor's Degree",
     "EARN_MDN_5YR": "PS", "IPEDSCOUNT2": "NA"},
    {"OPEID6": "041999", "INSTNM": "Example Foreign University (fixture)", "CONTROL": "4",
     "CIPCODE": "5202", "CIPDESC": "Business Administration, Management and Operations.",
     "CREDLEV": "3", "CREDDESC": "Bachelor's Degree", "EARN_MDN_5YR": "61000",
     "IPEDSCOUNT2": "40"},
]


TEST_SPREAD = 0.7  # log-sd of a program's graduates' earnings, for the derived columns
THRESHOLD_NAT = 29_800  # the fixture's national benchmark (not the Department's)


def state_benchmark(state: str) -> int:
    """The fixture's high-school benchmark of a state (stable, $25,000 to $34,000)."""
    return 25_000 + (zlib.crc32(state.encode()) % 91) * 100


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:  # a marker (PS, NA)
        return None


def earnings_test_columns(row: dict, state: str | None, rng: np.random.Generator) -> dict:
    """EARN_MDN_4YR, EARN_COUNT_WNE_4YR, EARN_GT_THRESHOLD_4YR and the benchmarks of one
    program, derived from its real 5-year median and awards; markers where it has none."""
    out = {"EARN_THR_NAT": str(THRESHOLD_NAT),
           "EARN_THR_STATE": str(state_benchmark(state)) if state else "NA"}
    five, awards = _float(row.get("EARN_MDN_5YR")), _float(row.get("IPEDSCOUNT2"))
    if five is None:
        return {**out, "EARN_MDN_4YR": row.get("EARN_MDN_5YR") or "NA",
                "EARN_COUNT_WNE_4YR": "PS", "EARN_GT_THRESHOLD_4YR": "PS"}
    n = int(round(1.3 * awards)) if awards is not None else 0
    if n < 30:  # too few to publish, as the Department suppresses them
        return {**out, "EARN_MDN_4YR": "PS", "EARN_COUNT_WNE_4YR": "PS" if not n else str(n),
                "EARN_GT_THRESHOLD_4YR": "PS"}
    draws = np.exp(np.log(0.95 * five) + rng.normal(0, TEST_SPREAD, n))
    bench = state_benchmark(state) if state else THRESHOLD_NAT
    return {**out, "EARN_MDN_4YR": str(int(round(float(np.median(draws))))),
            "EARN_COUNT_WNE_4YR": str(n),
            "EARN_GT_THRESHOLD_4YR": str(int((draws > bench).sum()))}


@dataclass(frozen=True)
class Release:
    """The written files and what is known about their rows."""

    fos: Path
    institution: Path
    rows: int  # Field of Study rows
    extract_rows: int  # of them, rows of the real extract
    without_unitid: int
    foreign: int
    suppressed: int  # target written PS
    not_available: int  # target written NA


@functools.cache
def dictionary_columns(reference: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The variable names of the Field of Study and Institution sheets, in order."""
    import openpyxl

    book = openpyxl.load_workbook(reference / "CollegeScorecardDataDictionary.xlsx",
                                  read_only=True)

    def names(sheet: str, column: str) -> tuple[str, ...]:
        rows = book[sheet].iter_rows(values_only=True)
        header = next(rows)
        at = header.index(column)
        return tuple(dict.fromkeys(r[at].strip() for r in rows if r[at]))

    try:
        return (names("FieldOfStudy_Data_Dictionary", "VARIABLE NAME"),
                names("Institution_Data_Dictionary", "VARIABLE NAME"))
    finally:
        book.close()


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _marker(column: str, row: int) -> str:
    """What a release writes where the extract has no value: earnings, debt and counts are
    privacy-suppressed in some rows and not available in others; anything else is NA."""
    if column.startswith(("EARN_", "DEBT_", "BBRR")) and row % 3 == 0:
        return "PS"
    return "NA"


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:  # with a byte-order mark
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for i, row in enumerate(rows):
            writer.writerow([row[c] if row.get(c) is not None else _marker(c, i)
                             for c in header])


def write_release(real_data: Path, out: Path, zipped: bool = False,
                  odd_rows: bool = True, stamp: str = "06102026",
                  earnings_test: bool = False) -> Release:
    """Write a Field of Study and an Institution file in the current official layout from
    the real extract (as CSV, or as the official zips); `earnings_test`: fill the earnings
    test's columns (derived, see the module's docstring)."""
    fos_columns, inst_columns = dictionary_columns(real_data / "reference")
    merged = real_data / "merged"
    extract = pd.read_csv(merged / "fos_sample_merged.csv", dtype=str, keep_default_na=False,
                          na_values=[""])
    institutions = pd.read_csv(merged / "institutions_merged.csv", dtype=str,
                               keep_default_na=False, na_values=[""]).drop_duplicates("UNITID")
    extra = institutions.set_index("UNITID")
    sample = pd.read_csv(real_data / SAMPLE, dtype=str, keep_default_na=False, na_values=[""])
    assert (sample["INSTNM"] == extract["INSTNM"]).all()  # the extract's rows, in order
    fos_rows = []
    for record, payments in zip(extract.to_dict("records"), sample.to_dict("records"),
                                strict=True):
        row = {c: _text(record.get(c)) for c in FOS_FROM_EXTRACT}
        row.update({c: _text(payments.get(c)) for c in FOS_FROM_SAMPLE})
        unitid = _text(record["UNITID"])
        row.update(UNITID=unitid or "", CIPCODE=record["CIPCODE"].zfill(4),
                   CONTROL=CONTROL_CODES[record["CONTROL"]],
                   OPEID6=_text(extra.at[unitid, "OPEID6"]) if unitid in extra.index else None)
        fos_rows.append(row)
    extract_rows = len(fos_rows)
    if earnings_test:
        rng = np.random.default_rng(20261207)
        for row, record in zip(fos_rows, extract.to_dict("records"), strict=True):
            row.update(earnings_test_columns(row, _text(record.get("STABBR")), rng))
    suppressed = not_available = foreign = 0
    if odd_rows:
        foreign = len(FOREIGN)
        fos_rows += [{**r, "UNITID": ""} for r in FOREIGN]
        for earnings in ("PS", "NA", "PS"):  # real programs whose earnings were withheld
            source = fos_rows[len(fos_rows) % extract_rows]
            fos_rows.append({**source, "CIPCODE": source["CIPCODE"][:2] + "99",
                             "CIPDESC": "Other (fixture).", "EARN_MDN_5YR": earnings,
                             "IPEDSCOUNT2": "8"})
        suppressed = 1 + 2  # one foreign program and two of the three above
        not_available = 1
    inst_rows = []
    seen = extract.dropna(subset=["UNITID"]).drop_duplicates("UNITID")
    for record in seen.to_dict("records"):
        unitid = record["UNITID"]
        row = {c: _text(record.get(c)) for c in INST_FROM_EXTRACT}
        row.update(UNITID=unitid, CONTROL=CONTROL_CODES[record["CONTROL"]],
                   TUITIONFEE_IN=_text(record["tuition"]))
        if unitid in extra.index:
            row.update({c: _text(extra.at[unitid, c]) for c in INST_FROM_INSTITUTIONS})
        price = _text(record["net_price"])  # NPT4_PUB for public schools, else NPT4_PRIV
        row["NPT4_PUB" if record["CONTROL"] == "Public" else "NPT4_PRIV"] = price
        inst_rows.append(row)
    out.mkdir(parents=True, exist_ok=True)
    fos = out / f"Most-Recent-Cohorts-Field-of-Study_{stamp}.csv"
    inst = out / f"Most-Recent-Cohorts-Institution_{stamp}.csv"
    _write(fos, list(fos_columns) + BENCHMARKS, fos_rows)
    _write(inst, list(inst_columns), inst_rows)
    if zipped:
        fos, inst = (_zip(path, member) for path, member in ((fos, FOS_ZIP_MEMBER),
                                                             (inst, INST_ZIP_MEMBER)))
    without = sum(1 for r in fos_rows if not r["UNITID"])
    return Release(fos, inst, len(fos_rows), extract_rows, without, foreign, suppressed,
                   not_available)


def _zip(path: Path, member: str) -> Path:
    target = path.with_suffix(".zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(path, member)
    path.unlink()
    return target
