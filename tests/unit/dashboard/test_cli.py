"""The command line: build, train, prepare, download, and its errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard import cli
from model.data import dataset
from tests import official_files as of

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def var(tmp_path, monkeypatch):
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    for name in ("SCORECARD_FOS", "SCORECARD_INSTITUTION", "SCORECARD_MERGED", "MODEL_PATH",
                 "DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "var"


def test_build_train_prepare_from_official_files(var, tmp_path, capsys, monkeypatch):
    fos, inst = of.fos(tmp_path / "fos.csv"), of.institution(tmp_path / "inst.csv")
    rows = of.programs()  # enough rows to train on
    of.fos(fos, rows=rows)
    monkeypatch.setenv("SCORECARD_FOS", str(fos))
    monkeypatch.setenv("SCORECARD_INSTITUTION", str(inst))
    assert cli.main(["prepare"]) == 0
    out = capsys.readouterr().out
    assert "Preparing the official dataset" in out and "[6/6] Done" in out
    assert (var / "model" / "model.joblib").exists() and (var / "model" / "model.json").exists()
    assert cli.main(["prepare"]) == 0
    out = capsys.readouterr().out
    assert "Dataset up to date" in out and "Model up to date" in out
    monkeypatch.delenv("SCORECARD_FOS")  # as after `data download`: nothing configured
    monkeypatch.delenv("SCORECARD_INSTITUTION")
    assert cli.main(["prepare"]) == 0
    assert "Dataset up to date (official" in capsys.readouterr().out


def test_bad_file_exits_non_zero_and_keeps_the_previous_build(var, tmp_path, capsys):
    fos, inst = of.fos(tmp_path / "fos.csv"), of.institution(tmp_path / "inst.csv")
    assert cli.main(["data", "build", "--fos", str(fos), "--institution", str(inst)]) == 0
    before = dataset.current_manifest(var / "data")
    rows = [list(r) for r in of.INSTITUTIONS]
    rows[2][9] = "fifty thousand"
    of.institution(inst, rows=rows)
    assert cli.main(["data", "build", "--fos", str(fos), "--institution", str(inst)]) == 2
    err = capsys.readouterr().err
    assert "inst.csv" in err and "column TUITIONFEE_IN" in err and "row 3" in err
    assert dataset.current_manifest(var / "data").fingerprint == before.fingerprint


def test_download_without_network_fails_fast_with_a_clear_message(var, capsys):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    code = cli.main(["data", "download", "--fos-url", f"http://127.0.0.1:{port}/fos.zip",
                     "--institution-url", f"http://127.0.0.1:{port}/inst.zip"])
    assert code == 3 and time.monotonic() - started < 10
    assert "cannot reach 127.0.0.1" in capsys.readouterr().err
    assert not (var / "data" / "current").exists()


def test_the_default_download_is_the_latest_release_and_another_is_one_flag_away(
        var, tmp_path, capsys, monkeypatch):
    """`data download` fetches the June 10, 2026 files by default; `--release` names another
    release, whose date the dataset then carries (from the file names)."""
    import functools
    import http.server
    import threading

    from dashboard import config

    assert config.DEFAULT_FOS_URL.endswith("Most-Recent-Cohorts-Field-of-Study_06102026.zip")
    assert config.DEFAULT_INSTITUTION_URL.endswith("Most-Recent-Cohorts-Institution_06102026.zip")
    served = tmp_path / "served"
    served.mkdir()
    of.zipped(served / "Most-Recent-Cohorts-Field-of-Study_03232026.zip",
              "Most-Recent-Cohorts-Field-of-Study.csv",
              of.fos(tmp_path / "fos.csv", rows=of.programs()))
    of.zipped(served / "Most-Recent-Cohorts-Institution_03232026.zip",
              "Most-Recent-Cohorts-Institution.csv", of.institution(tmp_path / "inst.csv"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setattr(config, "RELEASE_URL", f"http://127.0.0.1:{server.server_port}/")
        assert cli.main(["data", "download", "--release", "2026-03-23"]) == 0
    finally:
        server.shutdown()
    assert "release of 2026-03-23" in capsys.readouterr().out
    manifest = dataset.current_manifest(var / "data")
    assert manifest.release == "2026-03-23" and manifest.rows == 18
    with pytest.raises(SystemExit) as exit_:
        cli.main(["data", "download", "--release", "June 2026"])
    assert exit_.value.code == 2
    assert "'June 2026' is not a date as YYYY-MM-DD" in capsys.readouterr().err


def test_train_without_data_says_what_to_do(var, capsys):
    assert cli.main(["train"]) == 2
    assert "python -m dashboard data build" in capsys.readouterr().err


def test_module_entry_point_runs(var):
    result = subprocess.run([sys.executable, "-m", "dashboard", "--help"], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ}, timeout=60)
    assert result.returncode == 0
    for command in ("data", "train", "prepare", "serve"):
        assert command in result.stdout


def test_failed_training_keeps_the_previous_model(var, tmp_path, capsys, monkeypatch):
    fos, inst = of.fos(tmp_path / "fos.csv"), of.institution(tmp_path / "inst.csv")
    of.fos(fos, rows=of.programs())
    assert cli.main(["data", "build", "--fos", str(fos), "--institution", str(inst)]) == 0
    assert cli.main(["train"]) == 0
    model = var / "model" / "model.joblib"
    before = model.read_bytes()
    of.fos(fos)  # five programs with earnings: too few to train on
    assert cli.main(["data", "build", "--fos", str(fos), "--institution", str(inst)]) == 0
    assert cli.main(["train"]) == 4
    assert "at least 10 programs" in capsys.readouterr().err
    assert model.read_bytes() == before
    assert not [p for p in model.parent.iterdir() if p.name.endswith(".tmp")]


def test_two_prepares_on_one_folder_wait_or_refuse(var, capsys):
    """The second writer of a data folder waits for the first (saying whom it waits for),
    or with --no-wait refuses (exit 6); the lock goes with the process that held it."""
    import fcntl
    import threading

    from model.data.storage import exclusive

    data = var / "data"
    held, release = threading.Event(), threading.Event()

    def first():
        with exclusive(data, lambda _: None):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=first)
    holder.start()
    held.wait(10)
    # another process holds it: flock is per open file, so the same process sees it held
    assert cli.main(["prepare", "--no-wait"]) == 6
    err = capsys.readouterr().err
    assert f"is being written by pid {os.getpid()}" in err and "try again" in err
    timer = threading.Timer(1.0, release.set)
    timer.start()
    started = time.monotonic()
    assert cli.main(["data", "build", "--demo"]) == 0
    assert time.monotonic() - started >= 0.9  # it waited for the first
    assert "Waiting for pid" in capsys.readouterr().out
    holder.join()
    with open(data / ".writer.lock") as fh:  # free again
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_damaged_model_is_named_and_prepare_replaces_it(var, capsys):
    from model.learning import artifact

    assert cli.main(["data", "build", "--demo"]) == 0
    assert cli.main(["train"]) == 0
    model = var / "model" / "model.joblib"
    assert artifact.problem(model) is None
    model.write_bytes(model.read_bytes()[:5000])
    assert "is truncated (5,000 bytes, written as" in artifact.problem(model)
    assert cli.main(["info"]) == 0  # metadata alone still reads
    assert cli.main(["export", "distribution", "--credential", "3", "--field", "14",
                     "-o", str(var / "d.svg")]) == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is truncated (5,000 of" in err[0] and "prepare" in err[0]
    assert cli.main(["prepare"]) == 0
    assert "the model file does not match its metadata" in capsys.readouterr().out
    assert artifact.problem(model) is None
