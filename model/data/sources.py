"""Reading data files (CSV, zip of CSV, parquet) with errors that name the file, column and row."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from model.data.columns import NOT_AVAILABLE, PUBLISHED, SUPPRESSED
from model.errors import DataError

MISSING_MARKERS = ["PrivacySuppressed", "PS", "NULL", "NA", "NaN", "nan", ""]
SUPPRESSED_MARKERS = ("PrivacySuppressed", "PS")  # withheld to protect privacy


def sha256(path: str | Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pick_member(path: Path, names: list[str], hint: str) -> str:
    csvs = [n for n in names if n.lower().endswith(".csv") and not n.startswith("__MACOSX")]
    matching = [n for n in csvs if hint.lower() in n.lower().replace("-", "").replace("_", "")]
    if len(matching) >= 1:
        return sorted(matching, key=len)[0]
    if len(csvs) == 1:
        return csvs[0]
    raise DataError(f"the zip has no CSV member matching '*{hint}*.csv' (members: {names[:10]})",
                    file=path)


def _read_csv_bytes(raw: bytes, path: Path, wanted: Callable[[str], bool] | None,
                    keep: Callable[[str], bool]) -> pd.DataFrame:
    if not raw.strip():
        raise DataError("the file is empty", file=path)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16")  # "Unicode text" as some spreadsheets save it
    elif b"\x00" in raw[:65536]:
        raise DataError("the file is not CSV text: it holds NUL bytes (a binary file, or "
                        "UTF-16 without a byte-order mark); save it as UTF-8 CSV", file=path)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:  # some re-saved extracts are Windows-1252
            text = raw.decode("cp1252", errors="replace")
    _check_not_truncated(text, path)
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                         na_filter=False, usecols=wanted, low_memory=False)
    except pd.errors.EmptyDataError:
        raise DataError("the file is empty", file=path) from None
    except pd.errors.ParserError as exc:
        raise DataError(f"malformed CSV ({exc})", file=path) from None
    df.columns = [c.strip().lstrip("\ufeff") for c in df.columns]
    if df.empty:
        raise DataError("the file has a header but no data rows", file=path)
    for col in df.columns:  # markers become missing, except where the caller reads them
        if not keep(col):
            df[col] = df[col].mask(df[col].str.strip().isin(MISSING_MARKERS))
    return df


def _check_not_truncated(text: str, path: Path) -> None:
    """A file cut off mid-row has a last row with fewer fields than the header."""
    if text.endswith("\n"):
        return
    lines = text.splitlines()
    if len(lines) < 2:
        return
    header = next(csv.reader([lines[0]]))
    try:
        last = next(csv.reader([lines[-1]]))
    except (csv.Error, StopIteration):
        last = []
    if len(last) < len(header):
        raise DataError(f"the file appears truncated: its last row has {len(last)} of "
                        f"{len(header)} fields", file=path, row=len(lines) - 1)


def read_table(path: str | Path, columns: Iterable[str] | Callable[[str], bool] | None = None,
               member_hint: str = "", markers: Iterable[str] | Callable[[str], bool] = ()
               ) -> pd.DataFrame:
    """Read a CSV, a zip holding one, or a parquet file as strings, keeping only `columns`
    (names, or a test of a name). Missing-value markers become missing, except in the
    columns named in `markers`, which keep them as text (see `status`)."""
    path = Path(path)
    if callable(columns):
        test = columns
    else:
        names = set(columns) if columns is not None else None
        test = (lambda c: c in names) if names is not None else None
    wanted = (lambda c: test(c.strip().lstrip("\ufeff"))) if test is not None else None
    keep = markers if callable(markers) else set(markers).__contains__
    if not path.exists():
        raise DataError("file not found", file=path)
    if path.suffix.lower() == ".parquet":
        try:
            df = pd.read_parquet(path)
        except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for bad files
            raise DataError(f"not a readable parquet file ({exc})", file=path) from None
        return df[[c for c in df.columns if test is None or test(c)]]
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                member = _pick_member(path, zf.namelist(), member_hint)
                raw = zf.read(member)
        except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
            raise DataError(f"not a valid zip file, perhaps truncated ({exc})", file=path) from None
        return _read_csv_bytes(raw, Path(f"{path}!{member}"), wanted, keep)
    return _read_csv_bytes(path.read_bytes(), path, wanted, keep)


def require_columns(df: pd.DataFrame, columns: Iterable[str], path: str | Path) -> None:
    """Raise a DataError naming the first required column the table lacks."""
    for col in columns:
        if col not in df.columns:
            raise DataError("missing required column", file=path, column=col)


def to_number(df: pd.DataFrame, column: str, path: str | Path) -> pd.Series:
    """Parse a column of numbers; missing markers are NaN, any other text is an error."""
    text = df[column].astype("string").str.strip()
    text = text.mask(text.isin(MISSING_MARKERS))
    text = text.str.replace(",", "", regex=False).str.replace("$", "", regex=False)
    values = pd.to_numeric(text, errors="coerce")
    bad = text.notna() & (text != "") & values.isna()
    if bad.any():
        pos = int(bad.to_numpy().argmax())
        raise DataError(f"text {text.iloc[pos]!r} in a numeric column", file=path,
                        column=column, row=pos + 1)
    return values.astype("float64")


def published_count(values: pd.Series) -> int:
    """How many values of a column are numbers (published), whatever the rest say."""
    text = values.astype("string").str.strip().str.replace(",", "", regex=False)
    return int(pd.to_numeric(text, errors="coerce").notna().sum())


def status(values: pd.Series) -> pd.Series:
    """Per value: PUBLISHED (a number), SUPPRESSED (PS, PrivacySuppressed) or NOT_AVAILABLE
    (NA, NULL, blank, ...): the official files tell the two kinds of missing apart."""
    text = values.astype("string").str.strip()
    number = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    out = pd.Series(NOT_AVAILABLE, index=values.index, dtype=object)
    out[text.isin(SUPPRESSED_MARKERS).fillna(False).to_numpy()] = SUPPRESSED
    out[number.notna().to_numpy()] = PUBLISHED
    return out


def check_bounds(values: pd.Series, column: str, path: str | Path,
                 low: float, high: float) -> None:
    """Raise a DataError for the first value outside [low, high]."""
    bad = values.notna() & ((values < low) | (values > high))
    if bad.any():
        pos = int(bad.to_numpy().argmax())
        raise DataError(f"value {values.iloc[pos]:g} is outside the plausible range "
                        f"{low:g} to {high:g}", file=path, column=column, row=pos + 1)
