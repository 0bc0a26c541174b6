"""Writers of small files in the official Scorecard formats, one quirk at a time."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

FOS_HEADER = ["UNITID", "OPEID6", "INSTNM", "CONTROL", "MAIN", "CIPCODE", "CIPDESC",
              "CREDLEV", "CREDDESC", "IPEDSCOUNT2"]
INST_HEADER = ["UNITID", "INSTNM", "CITY", "STABBR", "CONTROL", "REGION", "LOCALE",
               "ADM_RATE_ALL", "SAT_AVG_ALL", "TUITIONFEE_IN", "MD_EARN_WNE_P10"]

INSTITUTIONS = [
    ["100654", "Alabama A & M University", "Normal", "AL", "1", "5", "12", "0.9027", "929",
     "9857", "31000"],
    ["0100663", "University of Alabama at Birmingham", "Birmingham", "AL", "1", "5", "12",
     "0.9181", "1195", "8328", "41200"],
    ["110635", "Example Private College", "Berkeley", "CA", "2", "8", "21", "NULL", "NULL",
     "52000", "PrivacySuppressed"],
]
PROGRAMS = [  # unitid, control text, cipcode, cipdesc, credlev, creddesc, earnings
    ["100654", "Public", "0101", "Agriculture, General.", "3", "Bachelors Degree", "31000"],
    ["100654", "Public", "1101", "Computer and Information Sciences, General.", "3",
     "Bachelors Degree", "54300"],
    ["100663", "Public", "5138", "Registered Nursing.", "3", "Bachelors Degree", "61000"],
    ["100663", "Public", "5138", "Registered Nursing.", "5", "Masters Degree", "83000"],
    ["100663", "Public", "1409", "Computer Engineering.", "3", "Bachelors Degree",
     "PrivacySuppressed"],
    ["110635", "Private, nonprofit", "5007", "Fine and Studio Arts.", "3", "Bachelors Degree",
     "28500"],
]


def programs(copies: int = 3) -> list[list[str]]:
    """PROGRAMS `copies` times over, each copy with its own 4-digit CIP code in the same
    family (distinct programs: enough rows with earnings to train on)."""
    return [[unitid, control, f"{cip[:2]}{int(cip[2:]) + 10 * i:02d}", desc, *rest]
            for i in range(copies) for unitid, control, cip, desc, *rest in PROGRAMS]


def write_csv(path: Path, header: list[str], rows: list[list[str]], bom: bool = True,
              newline_at_end: bool = True) -> Path:
    """Write rows as the official files do: UTF-8 with a byte-order mark."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    text = buffer.getvalue() if newline_at_end else buffer.getvalue().rstrip("\n")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def fos(path: Path, earnings_column: str = "EARN_MDN_HI_2YR", missing: str = "PrivacySuppressed",
        creddesc_new: bool = False, rows: list[list[str]] | None = None, **kwargs) -> Path:
    """A Field of Study file with one earnings column and the release's missing marker."""
    out = []
    for unitid, control, cip, desc, lev, cred, earn in rows or PROGRAMS:
        if creddesc_new:
            cred = cred.replace("Bachelors", "Bachelor's").replace("Masters", "Master's")
        earn = missing if earn == "PrivacySuppressed" else earn
        out.append([unitid, "001002", "x", control, "1", cip, desc, lev, cred, "12", earn])
    return write_csv(path, FOS_HEADER + [earnings_column], out, **kwargs)


def institution(path: Path, missing: str = "NULL", rows: list[list[str]] | None = None,
                **kwargs) -> Path:
    """An Institution file with the release's missing marker."""
    out = [[missing if v == "NULL" else v for v in row] for row in rows or INSTITUTIONS]
    return write_csv(path, INST_HEADER, out, **kwargs)


def zipped(path: Path, member: str, source: Path) -> Path:
    """Put `source` in a zip under the member name the official downloads use."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(source, member)
    return path
