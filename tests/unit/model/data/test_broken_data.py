"""Broken source files: each gets a clear error or is handled correctly, and a failed build
never touches the dataset and model built before it."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard import cli
from model.data import dataset
from model.serving.service import ModelService
from tests import official_files as of

ENOUGH = of.programs()  # 18 programs, 15 with earnings: enough to train on
KEPT, PUBLISHED = 18, 15


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A var folder with an official dataset and a model trained on it."""
    var = tmp_path / "var"
    monkeypatch.setenv("VAR_DIR", str(var))
    for name in ("SCORECARD_FOS", "SCORECARD_INSTITUTION", "SCORECARD_MERGED", "MODEL_PATH",
                 "DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    fos = of.fos(tmp_path / "fos.csv", rows=ENOUGH)
    inst = of.institution(tmp_path / "inst.csv")
    assert _build(fos, inst) == 0 and cli.main(["train"]) == 0
    model = var / "model" / "model.joblib"
    return {"var": var, "dir": tmp_path, "fos": fos, "inst": inst, "model": model,
            "model_bytes": model.read_bytes(),
            "fingerprint": dataset.current_manifest(var / "data").fingerprint}


def _build(fos: Path, inst: Path) -> int:
    return cli.main(["data", "build", "--fos", str(fos), "--institution", str(inst)])


def _institution_rows() -> list[list[str]]:
    return [list(r) for r in of.INSTITUTIONS]


def _program_rows() -> list[list[str]]:
    return [list(r) for r in ENOUGH]


def truncated(d: Path):
    fos = d / "cut.csv"
    fos.write_bytes(of.fos(d / "full.csv", rows=ENOUGH).read_bytes()[:-30])
    return fos, None


def utf16_without_bom(d: Path):
    inst = d / "inst16.csv"
    inst.write_bytes(of.institution(d / "i.csv", bom=False).read_text().encode("utf-16-le"))
    return None, inst


def renamed_column(d: Path):
    inst = d / "renamed.csv"
    pd.read_csv(of.institution(d / "i.csv"), dtype=str, encoding="utf-8-sig").rename(
        columns={"SAT_AVG_ALL": "SAT_AVERAGE"}).to_csv(inst, index=False)
    return None, inst


def all_missing_target(d: Path):
    rows = [r[:-1] + ["PrivacySuppressed"] for r in _program_rows()]
    return of.fos(d / "suppressed.csv", rows=rows), None


def extreme_value(d: Path):
    rows = _institution_rows()
    rows[1][9] = "1e308"
    return None, of.institution(d / "extreme.csv", rows=rows)


def empty_zip(d: Path):
    path = d / "empty.zip"
    zipfile.ZipFile(path, "w").close()
    return path, None


def empty_file(d: Path):
    path = d / "empty.csv"
    path.write_bytes(b"")
    return None, path


@pytest.mark.parametrize("make, expected", [
    (truncated, ["cut.csv", "truncated", "row 18"]),
    (utf16_without_bom, ["inst16.csv", "NUL bytes", "UTF-8"]),
    (renamed_column, ["renamed.csv", "column SAT_AVG_ALL", "missing"]),
    (all_missing_target, ["suppressed.csv", "column EARN_MDN_HI_2YR", "suppressed or empty"]),
    (extreme_value, ["extreme.csv", "column TUITIONFEE_IN", "row 2", "outside the plausible"]),
    (empty_zip, ["empty.zip", "no CSV member"]),
    (empty_file, ["empty.csv", "empty"]),
], ids=lambda v: v.__name__ if callable(v) else None)
def test_a_broken_file_is_named_and_nothing_built_before_is_lost(built, capsys, make,
                                                                  expected):
    fos, inst = make(built["dir"])
    assert _build(fos or built["fos"], inst or built["inst"]) == 2
    err = capsys.readouterr().err
    for text in expected:
        assert text in err, err
    assert "Traceback" not in err
    _assert_intact(built)


def _assert_intact(built) -> None:
    assert dataset.current_manifest(built["var"] / "data").fingerprint == built["fingerprint"]
    df, _ = dataset.load_current(built["var"] / "data")
    assert len(df) == KEPT and (df["earnings_status"] == "published").sum() == PUBLISHED
    assert built["model"].read_bytes() == built["model_bytes"]
    assert ModelService.load(built["model"]).predict(
        ModelService.load(built["model"]).default_scenario())["value"] > 0


def test_a_var_folder_copied_without_its_links_is_named_and_kept(built, capsys, monkeypatch):
    copy = shutil.copytree(built["var"], built["dir"] / "copy")  # `current` becomes a folder
    before = sorted(p.relative_to(copy) for p in copy.rglob("*"))
    monkeypatch.setenv("VAR_DIR", str(copy))
    assert _build(built["fos"], built["inst"]) == 2
    err = capsys.readouterr().err
    assert f"{copy / 'data' / 'current'}: is a folder, not the link" in err, err
    assert "Traceback" not in err
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == before
    assert len(dataset.load_current(copy / "data")[0]) == KEPT  # still serves as it is


def test_windows_1252_and_utf16_with_bom_are_read(built):
    rows = _institution_rows()
    rows[0][2] = "Montr\xe9al"
    text = of.institution(built["dir"] / "i.csv", rows=rows, bom=False).read_text()
    for name, raw in (("cp1252.csv", text.encode("cp1252")),
                      ("utf16.csv", text.encode("utf-16"))):  # with its byte-order mark
        inst = built["dir"] / name
        inst.write_bytes(raw)
        assert _build(built["fos"], inst) == 0
        df, _ = dataset.load_current(built["var"] / "data")
        assert "Montr\xe9al" in set(df["CITY"]) and len(df) == KEPT


def test_shuffled_columns_give_the_same_dataset(built):
    table = pd.read_csv(built["inst"], dtype=str, encoding="utf-8-sig")
    shuffled = built["dir"] / "shuffled.csv"
    table[table.columns[::-1]].to_csv(shuffled, index=False)
    assert _build(built["fos"], shuffled) == 0
    assert dataset.current_manifest(built["var"] / "data").fingerprint == built["fingerprint"]


def test_duplicate_ids_are_dropped_and_counted(built):
    insts = _institution_rows()
    insts.append(insts[0][:1] + ["Same id, other name"] + insts[0][2:])
    programs = _program_rows() + [_program_rows()[0]]  # the same program twice
    inst = of.institution(built["dir"] / "dup_inst.csv", rows=insts)
    fos = of.fos(built["dir"] / "dup_fos.csv", rows=programs)
    assert _build(fos, inst) == 0
    df, manifest = dataset.load_current(built["var"] / "data")
    assert manifest.counts["duplicate_institution_ids_dropped"] == 1
    assert manifest.counts["duplicate_programs_dropped"] == 1
    assert len(df) == KEPT and not df.duplicated(["UNITID", "CIPCODE", "CREDLEV"]).any()
    assert manifest.report["total"]["dropped"] == {"repeated": 1}
    assert "Same id, other name" not in set(df["INSTNM"])  # the first row of an id is kept


def test_a_single_row_builds_but_training_refuses_and_keeps_the_model(built, capsys):
    fos = of.fos(built["dir"] / "one.csv", rows=[of.PROGRAMS[0]])
    assert _build(fos, built["inst"]) == 0
    assert dataset.load_current(built["var"] / "data")[1].rows == 1
    assert cli.main(["train"]) == 4
    assert "at least 10 programs with published earnings" in capsys.readouterr().err
    assert built["model"].read_bytes() == built["model_bytes"]
