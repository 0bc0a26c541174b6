"""Turn official Scorecard files, or a team's own merged table, into the cleaned dataset."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import codes, schema
from .errors import DataError
from .sources import check_bounds, read_table, require_columns, to_number

FOS_COLUMNS = ["UNITID", "INSTNM", "CONTROL", "CIPCODE", "CIPDESC", "CREDLEV", "CREDDESC"]
INST_COLUMNS = ["UNITID", "INSTNM", "CITY", "STABBR", "CONTROL", "REGION", "LOCALE",
                "ADM_RATE_ALL", "SAT_AVG_ALL", "TUITIONFEE_IN"]
MERGED_COLUMNS = ["UNITID", "INSTNM", "CITY", "STABBR", "CIPCODE", "CIPDESC", "CIP2",
                  "CIPDESC_new", "CREDLEV", "CREDDESC", "CONTROL", "REGION", "LOCALE",
                  "SAT_AVG_ALL", "ADM_RATE_ALL", "tuition", "TUITIONFEE_IN"]
MERGED_REQUIRED = ["SAT_AVG_ALL", "CONTROL", "REGION", "LOCALE", "ADM_RATE_ALL"]


@dataclass
class Cleaned:
    """A cleaned table plus what happened on the way (for the manifest)."""

    data: pd.DataFrame
    target: str
    counts: dict[str, int] = field(default_factory=dict)


def normalize_unitid(values: pd.Series) -> pd.Series:
    """UNITIDs as digit strings without leading zeros, so '00100654' joins '100654'."""
    text = values.astype("string").str.strip().str.replace(r"\.0$", "", regex=True)
    return text.str.lstrip("0").replace("", pd.NA)


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


def _finish(df: pd.DataFrame, earnings: pd.Series, path: Path) -> pd.DataFrame:
    """Shared last steps: bounds, field labels, credential labels, regions from states."""
    df = df.assign(earnings=earnings)
    for col, (low, high) in schema.NUMERIC_BOUNDS.items():
        check_bounds(df[col], col, path, low, high)
    if "STABBR" in df:
        from_state = df["STABBR"].map(codes.STATE_REGION).astype("Int64")
        df["REGION"] = df["REGION"].fillna(from_state)
    df["CREDDESC"] = df["CREDLEV"].map(codes.CREDLEV).astype("string")
    df["FIELD"] = df["CIP2"].map(lambda c: codes.family_label(c) if isinstance(c, str) else None)
    df = df[df["earnings"].notna() & df["CREDLEV"].notna() & df["CIP2"].notna()]
    return schema.conform(df)


def clean_official(fos_path: str | Path, institution_path: str | Path,
                   target: str | None = None) -> Cleaned:
    """Join an official Field of Study file to an Institution file on UNITID."""
    fos_path, institution_path = Path(fos_path), Path(institution_path)
    fos = read_table(fos_path, FOS_COLUMNS + list(schema.TARGETS), member_hint="fieldofstudy")
    require_columns(fos, ["UNITID", "CIPCODE"], fos_path)
    target = schema.choose_target(list(fos.columns), target)
    inst = read_table(institution_path, INST_COLUMNS, member_hint="institution")
    require_columns(inst, ["UNITID", "REGION", "LOCALE", "ADM_RATE_ALL", "SAT_AVG_ALL",
                           "TUITIONFEE_IN"], institution_path)
    earnings = to_number(fos, target, fos_path)
    counts = {"fos_rows": len(fos), "fos_rows_with_target": int(earnings.notna().sum()),
              "institution_rows": len(inst)}

    out = pd.DataFrame({"UNITID": normalize_unitid(fos["UNITID"]),
                        "CIPCODE": normalize_cipcode(fos["CIPCODE"]),
                        "CREDLEV": _credential(fos, fos_path)})
    for col in ("INSTNM", "CIPDESC"):
        out[col] = fos[col].str.strip() if col in fos else pd.NA
    out["CIPDESC"] = out["CIPDESC"].str.rstrip(".")
    out["CIP2"] = out["CIPCODE"].str[:2]
    out["FOS_CONTROL"] = _control(fos) if "CONTROL" in fos else pd.NA

    inst_clean = pd.DataFrame({"UNITID": normalize_unitid(inst["UNITID"]),
                               "REGION": _codes(inst, "REGION", institution_path, codes.REGION),
                               "LOCALE": _locale(inst, institution_path),
                               "ADM_RATE_ALL": to_number(inst, "ADM_RATE_ALL", institution_path),
                               "SAT_AVG_ALL": to_number(inst, "SAT_AVG_ALL", institution_path),
                               "tuition": to_number(inst, "TUITIONFEE_IN", institution_path)})
    inst_clean["CONTROL"] = _control(inst) if "CONTROL" in inst else pd.NA
    for col in ("INSTNM", "CITY", "STABBR"):
        inst_clean[f"INST_{col}" if col == "INSTNM" else col] = (
            inst[col].str.strip() if col in inst else pd.NA)
    # checked here, so that an implausible value is reported at its own file and row
    for col, source in (("ADM_RATE_ALL", "ADM_RATE_ALL"), ("SAT_AVG_ALL", "SAT_AVG_ALL"),
                        ("tuition", "TUITIONFEE_IN")):
        check_bounds(inst_clean[col], source, institution_path, *schema.NUMERIC_BOUNDS[col])
    duplicates = int(inst_clean["UNITID"].duplicated().sum())
    inst_clean = inst_clean.drop_duplicates("UNITID")

    merged = out.merge(inst_clean, on="UNITID", how="left", indicator=True)
    counts["rows_matched_to_institution"] = int(((merged["_merge"] == "both")
                                                 & earnings.notna().to_numpy()).sum())
    counts["duplicate_institution_ids_dropped"] = duplicates
    merged["CONTROL"] = merged["CONTROL"].fillna(merged["FOS_CONTROL"])
    merged["INSTNM"] = merged["INSTNM"].fillna(merged["INST_INSTNM"])
    data = _finish(merged.drop(columns=["_merge", "FOS_CONTROL", "INST_INSTNM"]),
                   earnings.to_numpy(), fos_path)
    repeated = data.duplicated(["UNITID", "CIPCODE", "CREDLEV"])  # the first row is kept
    counts["duplicate_programs_dropped"] = int(repeated.sum())
    data = data[~repeated].reset_index(drop=True)
    counts["rows"] = len(data)
    return Cleaned(data, target, counts)


def _locale(df: pd.DataFrame, path: Path) -> pd.Series:
    values = _codes(df, "LOCALE", path, {**codes.LOCALE, -3: "not available"})
    return values.where(values > 0)


def clean_merged(path: str | Path, target: str | None = None) -> Cleaned:
    """Accept a table already in the tutorial's cleaned schema (CSV or parquet)."""
    path = Path(path)
    probe = read_table(path, None)
    target_name = target or schema.choose_target(list(probe.columns))
    df = probe[[c for c in probe.columns if c in set(MERGED_COLUMNS) | {target_name}]]
    require_columns(df, MERGED_REQUIRED + [target_name], path)
    if "tuition" not in df and "TUITIONFEE_IN" not in df:
        raise DataError("missing required column", file=path, column="tuition")
    if not {"CIP2", "CIPCODE", "CIPDESC_new"} & set(df.columns):
        raise DataError("missing required column (the field of study)", file=path,
                        column="CIPDESC_new")
    df = df.astype("string")
    out = pd.DataFrame({
        "CREDLEV": _credential(df, path),
        "CONTROL": _control(df),
        "REGION": _codes(df, "REGION", path, codes.REGION),
        "LOCALE": _locale(df, path),
        "SAT_AVG_ALL": to_number(df, "SAT_AVG_ALL", path),
        "ADM_RATE_ALL": to_number(df, "ADM_RATE_ALL", path),
        "tuition": to_number(df, "tuition" if "tuition" in df else "TUITIONFEE_IN", path),
    })
    bad_control = out["CONTROL"].isna() & df["CONTROL"].notna()
    if bad_control.any():
        pos = int(bad_control.to_numpy().argmax())
        raise DataError(f"unknown control {df['CONTROL'].iloc[pos]!r}", file=path,
                        column="CONTROL", row=pos + 1)
    for col in ("UNITID", "INSTNM", "CITY", "STABBR", "CIPDESC"):
        out[col] = df[col].str.strip() if col in df else pd.NA
    out["CIPDESC"] = out["CIPDESC"].str.rstrip(".")
    ids = normalize_unitid(df["UNITID"]) if "UNITID" in df else out["UNITID"]
    out["UNITID"] = ids.fillna(out["INSTNM"])  # a name stands in for a missing id
    out["CIPCODE"] = normalize_cipcode(df["CIPCODE"]) if "CIPCODE" in df else pd.NA
    out["CIP2"] = _field_key(df, out)
    earnings = to_number(df, target_name, path)
    data = _finish(out, earnings, path)
    counts = {"rows_read": len(df), "rows_with_target": int(earnings.notna().sum()),
              "rows": len(data)}
    return Cleaned(data, target_name, counts)


def _field_key(df: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    """The CIP family code from CIP2, CIPCODE, or an official family title in CIPDESC_new."""
    if "CIP2" in df:
        return df["CIP2"].str.strip().str.zfill(2)
    if "CIPCODE" in df:
        return out["CIPCODE"].str[:2]
    titles = df["CIPDESC_new"].str.strip()
    return titles.map(lambda t: codes.family_from_title(t) or t if isinstance(t, str) else None)
