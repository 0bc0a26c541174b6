"""Loading and cleaning official files, one release quirk per test, and bad files."""

from __future__ import annotations

import pandas as pd
import pytest

from model.data import cleaning, dataset
from model.data.dataset import Sources
from model.errors import DataError
from tests import official_files as of


@pytest.fixture
def files(tmp_path):
    return of.fos(tmp_path / "fos.csv"), of.institution(tmp_path / "inst.csv")


def test_official_join_keeps_every_program_and_labels_them(files):
    cleaned = cleaning.clean_official(*files)
    df = cleaned.data
    assert cleaned.target == "EARN_MDN_HI_2YR"
    assert len(df) == 6  # the PrivacySuppressed row is kept, without earnings
    suppressed = df[df["earnings_status"] == "suppressed"]
    assert suppressed["CIPCODE"].tolist() == ["1409"] and suppressed["earnings"].isna().all()
    assert (df["earnings_status"] == "published").sum() == 5
    aamu = df[df["CIPCODE"] == "1101"].iloc[0]
    assert aamu["UNITID"] == "100654" and aamu["REGION"] == 5 and aamu["LOCALE"] == 12
    assert aamu["SAT_AVG_ALL"] == 929 and aamu["tuition"] == 9857
    assert aamu["CIP2"] == "11"
    assert aamu["FIELD"] == "Computer and Information Sciences and Support Services"
    assert aamu["CIPDESC"] == "Computer and Information Sciences, General"
    assert aamu["CREDDESC"] == "Bachelor's degree" and aamu["earnings"] == 54300


@pytest.mark.parametrize("marker", ["PrivacySuppressed", "PS", "NULL", "NA"])
def test_every_missing_marker_is_missing(tmp_path, marker):
    fos = of.fos(tmp_path / "fos.csv", missing=marker)
    inst = of.institution(tmp_path / "inst.csv", missing=marker)
    df = cleaning.clean_official(fos, inst).data
    assert len(df) == 6
    withheld = df[df["CIPCODE"] == "1409"].iloc[0]
    assert withheld["earnings_status"] == ("suppressed" if marker in ("PS", "PrivacySuppressed")
                                           else "not available")
    private = df[df["UNITID"] == "110635"].iloc[0]
    assert pd.isna(private["SAT_AVG_ALL"]) and pd.isna(private["ADM_RATE_ALL"])
    assert private["tuition"] == 52000


def test_leading_zeros_in_unitid_and_cipcode_are_normalised(tmp_path):
    rows = [["00100654", "Public", "101", "Agricultural Business.", "3", "Bachelors Degree",
             "40000"]]
    fos = of.fos(tmp_path / "fos.csv", rows=rows)
    df = cleaning.clean_official(fos, of.institution(tmp_path / "inst.csv")).data
    assert df["CIPCODE"].tolist() == ["0101"] and df["CIP2"].tolist() == ["01"]
    assert df["REGION"].tolist() == [5]  # joined although the ids were written differently
    uab = cleaning.clean_official(of.fos(tmp_path / "f2.csv"), tmp_path / "inst.csv").data
    assert (uab["UNITID"] == "100663").sum() == 3  # '0100663' in the institution file
    assert uab.loc[uab["UNITID"] == "100663", "REGION"].eq(5).all()


def test_byte_order_mark_does_not_hide_the_first_column(tmp_path):
    for bom in (True, False):
        fos = of.fos(tmp_path / f"fos{bom}.csv", bom=bom)
        inst = of.institution(tmp_path / f"inst{bom}.csv", bom=bom)
        assert len(cleaning.clean_official(fos, inst).data) == 6


@pytest.mark.parametrize("new_spelling", [False, True])
def test_both_creddesc_spellings_give_the_same_credential(tmp_path, new_spelling):
    rows = [[u, c, cip, d, "", cred, e] for u, c, cip, d, _lev, cred, e in of.PROGRAMS]
    fos = of.fos(tmp_path / "fos.csv", rows=rows, creddesc_new=new_spelling)
    df = cleaning.clean_official(fos, of.institution(tmp_path / "inst.csv")).data
    assert sorted(df["CREDLEV"].tolist()) == [3, 3, 3, 3, 3, 5]
    assert set(df["CREDDESC"]) == {"Bachelor's degree", "Master's degree"}


@pytest.mark.parametrize("column", ["EARN_MDN_HI_2YR", "EARN_MDN_1YR", "EARN_MDN_4YR",
                                    "EARN_MDN_5YR", "MD_EARN_WNE"])
def test_each_release_earnings_column_is_found(tmp_path, column):
    fos = of.fos(tmp_path / "fos.csv", earnings_column=column)
    cleaned = cleaning.clean_official(fos, of.institution(tmp_path / "inst.csv"))
    assert cleaned.target == column and len(cleaned.data) == 6
    assert (cleaned.data["earnings_status"] == "published").sum() == 5


def test_official_zips_are_read(tmp_path, files):
    fos = of.zipped(tmp_path / "Most-Recent-Cohorts-Field-of-Study_03232026.zip",
                    "Most-Recent-Cohorts-Field-of-Study.csv", files[0])
    inst = of.zipped(tmp_path / "Most-Recent-Cohorts-Institution_03232026.zip",
                     "Most-Recent-Cohorts-Institution.csv", files[1])
    assert len(cleaning.clean_official(fos, inst).data) == 6
    manifest = dataset.build(Sources(fos=str(fos), institution=str(inst)), tmp_path / "d",
                             log=lambda _: None)
    assert manifest.release == "2026-03-23" and manifest.rows == 6
    assert {s["name"] for s in manifest.sources} == {fos.name, inst.name}
    assert all(len(s["sha256"]) == 64 for s in manifest.sources)


def test_merged_table_in_the_tutorial_schema(tmp_path):
    table = pd.DataFrame({
        "SAT_AVG_ALL": [1200, None, 1010], "CREDDESC": ["Bachelors Degree", "Associate's Degree",
                                                        "Bachelor's Degree"],
        "CIPDESC_new": ["ENGINEERING.", "Health Professions and Related Programs", "TooSmall"],
        "CONTROL": ["Public", "2", "Private, for-profit"], "REGION": [1, 5, 8],
        "tuition": [12000, 3000, 25000], "LOCALE": [11, 41, 21], "ADM_RATE_ALL": [0.5, None, 0.9],
        "EARN_MDN_HI_2YR": [70000, 38000, 30000]})
    for path in (tmp_path / "m.csv", tmp_path / "m.parquet"):
        table.to_csv(path, index=False) if path.suffix == ".csv" else table.to_parquet(path)
        cleaned = cleaning.clean_merged(path)
        df = cleaned.data
        assert cleaned.target == "EARN_MDN_HI_2YR"
        assert df["CIP2"].tolist() == ["14", "51", "TooSmall"]
        assert df["FIELD"].tolist()[:2] == ["Engineering",
                                            "Health Professions and Related Programs"]
        assert df["CONTROL"].tolist() == [1, 2, 3] and df["CREDLEV"].tolist() == [3, 2, 3]


@pytest.mark.parametrize("case, expected", [
    ("missing_column", ["inst.csv", "column TUITIONFEE_IN", "missing"]),
    ("empty", ["fos.csv", "empty"]),
    ("header_only", ["fos.csv", "no data rows"]),
    ("truncated", ["inst.csv", "truncated", "row 3"]),
    ("text_in_number", ["inst.csv", "column SAT_AVG_ALL", "row 2", "'about 1100'"]),
    ("zip_without_member", ["fos.zip", "no CSV member"]),
    ("broken_zip", ["fos.zip", "not a valid zip"]),
])
def test_bad_files_name_file_column_and_row(tmp_path, case, expected):
    fos, inst = of.fos(tmp_path / "fos.csv"), of.institution(tmp_path / "inst.csv")
    if case == "missing_column":
        df = pd.read_csv(inst, dtype=str).drop(columns="TUITIONFEE_IN")
        df.to_csv(inst, index=False)
    elif case == "empty":
        fos.write_bytes(b"")
    elif case == "header_only":
        fos.write_text(",".join(of.FOS_HEADER + ["EARN_MDN_HI_2YR"]) + "\n")
    elif case == "truncated":
        inst.write_bytes(inst.read_bytes()[:-25])
    elif case == "text_in_number":
        rows = [list(r) for r in of.INSTITUTIONS]
        rows[1][8] = "about 1100"
        of.institution(inst, rows=rows)
    elif case == "zip_without_member":
        fos = of.zipped(tmp_path / "fos.zip", "README.txt", fos)
    elif case == "broken_zip":
        good = of.zipped(tmp_path / "good.zip", "Most-Recent-Cohorts-Field-of-Study.csv", fos)
        fos = tmp_path / "fos.zip"
        fos.write_bytes(good.read_bytes()[:60])
    with pytest.raises(DataError) as err:
        cleaning.clean_official(fos, inst)
    for text in expected:
        assert text in str(err.value)


def test_a_failed_build_keeps_the_previous_dataset(tmp_path, files):
    data_dir = tmp_path / "data"
    first = dataset.build(Sources(fos=str(files[0]), institution=str(files[1])), data_dir,
                          log=lambda _: None)
    files[1].write_bytes(b"")
    with pytest.raises(DataError):
        dataset.build(Sources(fos=str(files[0]), institution=str(files[1])), data_dir,
                      log=lambda _: None)
    df, manifest = dataset.load_current(data_dir)
    assert manifest.fingerprint == first.fingerprint and len(df) == 6
    assert not [p for p in (data_dir / "builds").iterdir() if p.name.startswith(".")]
