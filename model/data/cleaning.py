"""Turn official Scorecard files, or a team's own merged table, into the cleaned dataset.

Every program is kept: those whose earnings are privacy-suppressed or not available stay,
marked so (`earnings_status`); rows without a UNITID (foreign institutions, CONTROL 4) get
a key of their own. Only rows that cannot be placed (no credential, no CIP code) or that
repeat a program are dropped, each counted with its reason (model.data.build_report).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from model import codes, earnings_test
from model.data import build_report, columns, measures
from model.data.sources import (
    MISSING_MARKERS,
    PUBLISHED,
    check_bounds,
    published_count,
    read_table,
    require_columns,
    status,
    to_number,
)
from model.errors import DataError

# The dataset's debt and threshold columns, and the official columns they come from
DEBT_SOURCES = {"debt": "DEBT_ALL_STGP_EVAL_MDN", "debt_any": "DEBT_ALL_STGP_ANY_MDN",
                "debt_payment": "DEBT_ALL_STGP_EVAL_MDN10YRPAY",
                "debt_payment_any": "DEBT_ALL_STGP_ANY_MDN10YRPAY",
                "debt_count": "DEBT_ALL_STGP_EVAL_N", "threshold_state": "EARN_THR_STATE",
                "threshold_nat": "EARN_THR_NAT"}
# The earnings test's own columns (model.earnings_test): its measure, count and how many
# earned more than the high-school benchmark
TEST_SOURCES = {"test_earnings": earnings_test.MEASURE, "test_count": earnings_test.COUNT,
                "test_above": earnings_test.ABOVE}
FOS_COLUMNS = {"UNITID", "OPEID6", "INSTNM", "CONTROL", "CIPCODE", "CIPDESC", "CREDLEV",
               "CREDDESC", "IPEDSCOUNT1", "IPEDSCOUNT2", *DEBT_SOURCES.values(),
               *TEST_SOURCES.values()}
COUNT_COLUMNS = {m.count for m in measures.MEASURES.values() if m.count}
INST_COLUMNS = ["UNITID", "INSTNM", "CITY", "STABBR", "CONTROL", "REGION", "LOCALE",
                "ADM_RATE_ALL", "SAT_AVG_ALL", "TUITIONFEE_IN", "TUITIONFEE_PROG", "NPT4_PUB",
                "NPT4_PRIV", "NPT4_PROG", "NPT4_OTHER"]
INST_REQUIRED = ["UNITID", "REGION", "LOCALE", "ADM_RATE_ALL", "SAT_AVG_ALL", "TUITIONFEE_IN"]
NET_PRICE = ["NPT4_PUB", "NPT4_PRIV", "NPT4_PROG", "NPT4_OTHER"]  # one applies per school
MERGED_COLUMNS = ["UNITID", "OPEID6", "INSTNM", "CITY", "STABBR", "CIPCODE", "CIPDESC",
                  "CIP2", "CIPDESC_new", "CREDLEV", "CREDDESC", "CONTROL", "REGION", "LOCALE",
                  "SAT_AVG_ALL", "ADM_RATE_ALL", "tuition", "TUITIONFEE_IN", "TUITIONFEE_PROG",
                  "net_price", *NET_PRICE, "IPEDSCOUNT1", "IPEDSCOUNT2",
                  *DEBT_SOURCES.values(), *TEST_SOURCES.values()]
MERGED_REQUIRED = ["SAT_AVG_ALL", "CONTROL", "REGION", "LOCALE", "ADM_RATE_ALL"]


@dataclass
class Cleaned:
    """A cleaned table plus what happened on the way (for the manifest)."""

    data: pd.DataFrame
    target: str
    counts: dict[str, int] = field(default_factory=dict)
    report: dict = field(default_factory=dict)


def normalize_unitid(values: pd.Series) -> pd.Series:
    """UNITIDs as digit strings without leading zeros, so '00100654' joins '100654'."""
    text = values.astype("string").str.strip().str.replace(r"\.0$", "", regex=True)
    return text.str.lstrip("0").replace("", pd.NA)


def substitute_keys(opeid6: pd.Series | None, names: pd.Series) -> pd.Series:
    """Keys for rows without a UNITID that no UNITID (all digits) can equal: the OPEID6 and
    the institution's name, or the name alone, or the row number when there is neither."""
    name = names.astype("string").str.strip().str.lower()
    ope = (opeid6.astype("string").str.strip().str.replace(r"\.0$", "", regex=True)
           if opeid6 is not None else pd.Series(pd.NA, index=names.index, dtype="string"))
    rows = pd.Series([f"row:{i + 1}" for i in range(len(names))], index=names.index,
                     dtype="string")
    return ("ope:" + ope + ":" + name.fillna("")).fillna("name:" + name).fillna(rows)


def normalize_cipcode(values: pd.Series) -> pd.Series:
    """4-digit CIP codes with leading zeros: '101' -> '0101', '51.38' -> '5138'."""
    parts = values.astype("string").str.strip().str.extract(r"^(\d+)(?:\.(\d*))?$")
    head, tail = parts[0].astype("string"), parts[1].astype("string")
    dotted = head.str.zfill(2) + tail.fillna("").str.ljust(2, "0").str[:2]
    return dotted.where(tail.notna(), head.str.zfill(4).str[:4])


def _codes(df: pd.DataFrame, column: str, path: Path, valid: dict) -> pd.Series:
    values = to_number(df, column, path)
    bad = values.notna() & ~values.isin(list(valid))
    if bad.any():
        pos = int(bad.to_numpy().argmax())
        raise DataError(f"unknown code {values.iloc[pos]:g} (valid: {sorted(valid)})",
                        file=path, column=column, row=pos + 1)
    return values.astype("Int64")


def _credential(df: pd.DataFrame, path: Path) -> pd.Series:
    level = _codes(df, "CREDLEV", path, codes.CREDLEV) if "CREDLEV" in df else None
    if "CREDDESC" in df:
        from_text = df["CREDDESC"].map(lambda t: codes.credential_level(t) if isinstance(t, str)
                                       else None).astype("Int64")
        level = from_text if level is None else level.fillna(from_text)
    if level is None:
        raise DataError("missing required column (the credential: CREDLEV or CREDDESC)",
                        file=path, column="CREDLEV")
    return level


def _control(df: pd.DataFrame) -> pd.Series:
    return df["CONTROL"].map(lambda t: codes.control_code(t) if isinstance(t, str) else None
                             ).astype("Int64")


def _optional_number(df: pd.DataFrame, column: str, path: Path) -> pd.Series:
    if column not in df:
        return pd.Series(np.nan, index=df.index)
    return to_number(df, column, path)


def _first_of(df: pd.DataFrame, names: list[str], path: Path) -> pd.Series:
    """Per row, the first of the columns `names` that has a number."""
    out = pd.Series(np.nan, index=df.index)
    for col in names:
        out = out.fillna(_optional_number(df, col, path))
    return out


def _tuition(df: pd.DataFrame, names: tuple[str, str], path: Path
             ) -> tuple[pd.Series, pd.Series]:
    """In-state tuition, or program-year tuition where the school reports by program, and
    which of the two each value is."""
    yearly, program = (_optional_number(df, c, path) for c in names)
    kind = pd.Series(pd.NA, index=df.index, dtype="string")
    kind = kind.mask(yearly.notna(), "in-state").mask(yearly.isna() & program.notna(),
                                                      "program-year")
    return yearly.fillna(program), kind


def _counts(df: pd.DataFrame, target: str, path: Path) -> tuple[pd.Series, pd.Series]:
    """Graduates (awards in the cohort's latest year, else its first) and the number of
    graduates behind the earnings median, where the file has them."""
    graduates = _first_of(df, ["IPEDSCOUNT2", "IPEDSCOUNT1"], path)
    count = measures.describe(target)["count_column"]
    return graduates, _optional_number(df, count, path) if count else pd.Series(np.nan,
                                                                              index=df.index)


def _test_figures(df: pd.DataFrame, path: Path, raw: pd.Series | None) -> pd.DataFrame:
    """The earnings test's measure, count and count above the benchmark, and the measure's
    status (`raw`: its values with the release's markers, None when the file lacks it);
    more graduates above the benchmark than behind the median is a data error."""
    out = pd.DataFrame({name: _optional_number(df, source, path)
                        for name, source in TEST_SOURCES.items()}, index=df.index)
    out["test_earnings_status"] = (columns.NOT_IN_RELEASE if raw is None
                                   else status(raw).to_numpy())
    out.loc[out["test_earnings_status"] != PUBLISHED, "test_earnings"] = np.nan
    over = out["test_above"] > out["test_count"]
    if over.any():
        pos = int(over.to_numpy().argmax())
        raise DataError(f"{out['test_above'].iloc[pos]:g} graduates above the benchmark but "
                        f"only {out['test_count'].iloc[pos]:g} behind the median "
                        f"({earnings_test.COUNT})", file=path, column=earnings_test.ABOVE,
                        row=pos + 1)
    return out


def _program_figures(df: pd.DataFrame, target: str, published: dict[str, int], path: Path,
                     test_raw: pd.Series | None = None) -> pd.DataFrame:
    """What the file says of each program beside its target earnings: graduates, the
    earnings cohort, debt and payments, the earnings thresholds, and every other horizon's
    earnings and counts (model.data.measures.horizons), each number checked as it is read."""
    graduates, count = _counts(df, target, path)
    out = pd.DataFrame({"graduates": graduates, "earnings_count": count}, index=df.index)
    for name, source in DEBT_SOURCES.items():
        out[name] = _optional_number(df, source, path)
    for column in measures.horizons(published, target):
        if column == target:  # its earnings and count are `earnings`, `earnings_count`
            continue
        out[columns.HORIZON + column] = to_number(df, column, path)
        out[columns.HORIZON_COUNT + column] = _counts(df, column, path)[1]
    return out.join(_test_figures(df, path, test_raw))


def _finish(df: pd.DataFrame, path: Path) -> tuple[pd.DataFrame, pd.Series]:
    """Shared last steps: bounds, labels, regions from states; the rows that cannot be
    placed are left out. Returns the rows kept and each source row's drop reason."""
    for col, (low, high) in columns.NUMERIC_BOUNDS.items():
        if col in df:
            check_bounds(df[col], col, path, low, high)
    if "STABBR" in df:
        from_state = df["STABBR"].map(codes.STATE_REGION).astype("Int64")
        df["REGION"] = df["REGION"].fillna(from_state)
    df["CREDDESC"] = df["CREDLEV"].map(codes.CREDLEV).astype("string")
    df["FIELD"] = df["CIP2"].map(lambda c: codes.family_label(c) if isinstance(c, str) else None)
    reasons = pd.Series(None, index=df.index, dtype=object)
    reasons[df["CIP2"].isna().to_numpy()] = "no_cip"
    reasons[df["CREDLEV"].isna().to_numpy()] = "no_credential"
    return columns.conform(df[reasons.isna().to_numpy()]), reasons


def _report(levels: pd.Series, statuses: pd.Series, reasons: pd.Series, target: str,
            why: str, published: dict[str, int], extra: dict) -> dict:
    return {**build_report.tally(levels, statuses, reasons), "target": target,
            "target_label": measures.label(target), "target_reason": why,
            "earnings_measures": published,
            "horizons": measures.horizons(published, target), **extra}


def clean_official(fos_path: str | Path, institution_path: str | Path,
                   target: str | None = None) -> Cleaned:
    """Join an official Field of Study file to an Institution file on UNITID."""
    fos_path, institution_path = Path(fos_path), Path(institution_path)
    fos = read_table(fos_path, lambda c: (c in FOS_COLUMNS or c in COUNT_COLUMNS
                                          or measures.is_median(c) or measures.is_benchmark(c)),
                     member_hint="fieldofstudy", markers=measures.is_median)
    require_columns(fos, ["UNITID", "CIPCODE"], fos_path)
    published = {c: published_count(fos[c]) for c in fos.columns if measures.is_median(c)}
    target, why = measures.choose(published, target, fos_path)
    earnings = to_number(fos, target, fos_path)
    inst = read_table(institution_path, INST_COLUMNS, member_hint="institution")
    require_columns(inst, INST_REQUIRED, institution_path)

    ids = normalize_unitid(fos["UNITID"])
    out = pd.DataFrame({"UNITID": ids, "CIPCODE": normalize_cipcode(fos["CIPCODE"]),
                        "CREDLEV": _credential(fos, fos_path)})
    for col in ("INSTNM", "CIPDESC"):
        out[col] = fos[col].str.strip() if col in fos else pd.NA
    out["UNITID"] = ids.fillna(substitute_keys(fos.get("OPEID6"), out["INSTNM"]))
    out["CIPDESC"] = out["CIPDESC"].str.rstrip(".")
    out["CIP2"] = out["CIPCODE"].str[:2]
    out["FOS_CONTROL"] = _control(fos) if "CONTROL" in fos else pd.NA
    out = out.join(_program_figures(fos, target, published, fos_path,
                                    fos.get(earnings_test.MEASURE)))
    out["earnings"], out["earnings_status"] = earnings.to_numpy(), status(fos[target]).to_numpy()

    inst_clean = _institutions(inst, institution_path)
    duplicates = int(inst_clean["UNITID"].duplicated().sum())
    inst_clean = inst_clean.drop_duplicates("UNITID")
    merged = out.merge(inst_clean, on="UNITID", how="left", indicator=True)
    matched = int(((merged["_merge"] == "both") & (merged["earnings_status"] == PUBLISHED)).sum())
    merged["CONTROL"] = merged["CONTROL"].fillna(merged["FOS_CONTROL"])
    merged["INSTNM"] = merged["INSTNM"].fillna(merged["INST_INSTNM"])
    data, reasons = _finish(merged.drop(columns=["_merge", "FOS_CONTROL", "INST_INSTNM"]),
                            fos_path)
    repeated = data.duplicated(["UNITID", "CIPCODE", "CREDLEV"])  # the first row is kept
    reasons[reasons.index[reasons.isna()][repeated.to_numpy()]] = "repeated"
    data = data[~repeated.to_numpy()].reset_index(drop=True)
    counts = {"fos_rows": len(fos), "fos_rows_with_target": int(earnings.notna().sum()),
              "institution_rows": len(inst), "rows_matched_to_institution": matched,
              "duplicate_institution_ids_dropped": duplicates,
              "duplicate_programs_dropped": int(repeated.sum()), "rows": len(data),
              "rows_with_earnings": int((data["earnings_status"] == PUBLISHED).sum()),
              "programs_without_unitid": int(ids.isna().sum()),
              "foreign_programs": int((data["CONTROL"] == 4).sum()),
              "tuition_program_year": int((data["tuition_kind"] == "program-year").sum()),
              "with_net_price": int(data["net_price"].notna().sum())}
    benchmarks = [c for c in fos.columns if measures.is_benchmark(c)]
    report = _report(out["CREDLEV"], out["earnings_status"], reasons, target, why, published,
                     {"benchmarks": benchmarks,
                      "earnings_test": [c for c in TEST_SOURCES.values() if c in fos]})
    return Cleaned(data, target, counts, report)


def _institutions(inst: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The institution columns the dataset uses, checked where they are read (so that an
    implausible value is reported at its own file, column and row)."""
    tuition, kind = _tuition(inst, ("TUITIONFEE_IN", "TUITIONFEE_PROG"), path)
    out = pd.DataFrame({"UNITID": normalize_unitid(inst["UNITID"]),
                        "REGION": _codes(inst, "REGION", path, codes.REGION),
                        "LOCALE": _locale(inst, path),
                        "ADM_RATE_ALL": to_number(inst, "ADM_RATE_ALL", path),
                        "SAT_AVG_ALL": to_number(inst, "SAT_AVG_ALL", path),
                        "tuition": tuition, "tuition_kind": kind,
                        "net_price": _first_of(inst, NET_PRICE, path)})
    out["CONTROL"] = _control(inst) if "CONTROL" in inst else pd.NA
    for col in ("INSTNM", "CITY", "STABBR"):
        out["INST_INSTNM" if col == "INSTNM" else col] = (inst[col].str.strip() if col in inst
                                                          else pd.NA)
    for col, source in (("ADM_RATE_ALL", "ADM_RATE_ALL"), ("SAT_AVG_ALL", "SAT_AVG_ALL"),
                        ("tuition", "TUITIONFEE_IN"), ("net_price", "NPT4_PUB")):
        check_bounds(out[col], source, path, *columns.NUMERIC_BOUNDS[col])
    return out


def _locale(df: pd.DataFrame, path: Path) -> pd.Series:
    values = _codes(df, "LOCALE", path, {**codes.LOCALE, -3: "not available"})
    return values.where(values > 0)


def clean_merged(path: str | Path, target: str | None = None) -> Cleaned:
    """Accept a table already in the tutorial's cleaned schema (CSV or parquet)."""
    path = Path(path)
    probe = read_table(path, None, markers=lambda c: True)
    published = {c: published_count(probe[c]) for c in probe.columns if measures.is_median(c)}
    if target and target in probe.columns and not measures.is_median(target):
        target_name, why = target, "as requested (a column of this table)"
    else:
        target_name, why = measures.choose(published, target, path)
    wanted = {*MERGED_COLUMNS, target_name, *measures.horizons(published, target_name),
              *COUNT_COLUMNS}
    test_raw = probe.get(earnings_test.MEASURE)
    df = probe[[c for c in probe.columns if c in wanted]]
    require_columns(df, MERGED_REQUIRED + [target_name], path)
    if "tuition" not in df and "TUITIONFEE_IN" not in df:
        raise DataError("missing required column", file=path, column="tuition")
    if not {"CIP2", "CIPCODE", "CIPDESC_new"} & set(df.columns):
        raise DataError("missing required column (the field of study)", file=path,
                        column="CIPDESC_new")
    statuses = status(df[target_name])
    df = df.astype("string").apply(lambda c: c.mask(c.str.strip().isin(MISSING_MARKERS)))
    tuition, kind = _tuition(df, ("tuition" if "tuition" in df else "TUITIONFEE_IN",
                                  "TUITIONFEE_PROG"), path)
    out = pd.DataFrame({
        "CREDLEV": _credential(df, path),
        "CONTROL": _control(df),
        "REGION": _codes(df, "REGION", path, codes.REGION),
        "LOCALE": _locale(df, path),
        "SAT_AVG_ALL": to_number(df, "SAT_AVG_ALL", path),
        "ADM_RATE_ALL": to_number(df, "ADM_RATE_ALL", path),
        "tuition": tuition, "tuition_kind": kind,
        "net_price": _first_of(df, ["net_price", *NET_PRICE], path),
    })
    bad_control = out["CONTROL"].isna() & df["CONTROL"].notna()
    if bad_control.any():
        pos = int(bad_control.to_numpy().argmax())
        raise DataError(f"unknown control {df['CONTROL'].iloc[pos]!r}", file=path,
                        column="CONTROL", row=pos + 1)
    for col in ("INSTNM", "CITY", "STABBR", "CIPDESC"):
        out[col] = df[col].str.strip() if col in df else pd.NA
    out["CIPDESC"] = out["CIPDESC"].str.rstrip(".")
    ids = normalize_unitid(df["UNITID"]) if "UNITID" in df else pd.Series(pd.NA, index=df.index,
                                                                          dtype="string")
    out["UNITID"] = ids.fillna(substitute_keys(df.get("OPEID6"), out["INSTNM"]))
    out["CIPCODE"] = normalize_cipcode(df["CIPCODE"]) if "CIPCODE" in df else pd.NA
    out["CIP2"] = _field_key(df, out)
    out = out.join(_program_figures(df, target_name, published, path, test_raw))
    out["earnings"] = to_number(df, target_name, path)
    out["earnings_status"] = statuses.to_numpy()
    data, reasons = _finish(out, path)
    counts = {"rows_read": len(df), "rows_with_target": int(out["earnings"].notna().sum()),
              "rows": len(data),
              "rows_with_earnings": int((data["earnings_status"] == PUBLISHED).sum()),
              "programs_without_unitid": int(ids.isna().sum()),
              "tuition_program_year": int((data["tuition_kind"] == "program-year").sum()),
              "with_net_price": int(data["net_price"].notna().sum())}
    report = _report(out["CREDLEV"], out["earnings_status"], reasons, target_name, why,
                     published, {"benchmarks": [],
                                 "earnings_test": [c for c in TEST_SOURCES.values() if c in df]})
    return Cleaned(data, target_name, counts, report)


def _field_key(df: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    """The CIP family code from CIP2, CIPCODE, or an official family title in CIPDESC_new."""
    if "CIP2" in df:
        return df["CIP2"].str.strip().str.zfill(2)
    if "CIPCODE" in df:
        return out["CIPCODE"].str[:2]
    titles = df["CIPDESC_new"].str.strip()
    return titles.map(lambda t: codes.family_from_title(t) or t if isinstance(t, str) else None)
