"""SIGKILL of a data build or a training run while it writes: the dataset and model built
before still load, and the next run succeeds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from dashboard import cli
from dashboard.config import Config
from model.data import dataset
from model.data.dataset import Sources
from model.learning import artifact
from model.serving.service import ModelService

ROOT = Path(__file__).resolve().parents[2]


def _kill_when(proc: subprocess.Popen, appears, timeout: float = 120) -> None:
    """SIGKILL `proc` as soon as `appears()` is true; fail if it ended first."""
    deadline = time.monotonic() + timeout
    while not appears():
        assert proc.poll() is None, f"the run ended (rc {proc.returncode}) before the kill"
        assert time.monotonic() < deadline, "the write never started"
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(30) == -signal.SIGKILL


def _run(args: list[str], var: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dashboard", *args], cwd=ROOT,
                            env={**os.environ, "VAR_DIR": str(var)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_data_build_killed_while_writing_leaves_the_previous_dataset(tmp_path):
    data = tmp_path / "var" / "data"
    first = dataset.build(Sources(demo_institutions=300), data, log=lambda _: None)
    code = ("import sys\nfrom model.data import dataset\nfrom model.data.dataset import Sources\n"
            "dataset.build(Sources(demo_institutions=20_000), sys.argv[1], log=print)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(data)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    builds = data / "builds"
    _kill_when(proc, lambda: any(p.name.endswith(".partial") for p in builds.iterdir()))
    df, manifest = dataset.load_current(data)
    assert manifest.fingerprint == first.fingerprint and len(df) == first.rows
    second = dataset.build(Sources(demo_institutions=400), data, log=lambda _: None)
    assert dataset.current_manifest(data).fingerprint == second.fingerprint


def test_a_training_run_killed_while_writing_leaves_the_previous_model(tmp_path):
    var = tmp_path / "var"
    config = Config(var_dir=var)
    dataset.build(Sources(demo_institutions=600), config.data_dir, log=lambda _: None)
    cli.train(config)
    before = config.model_path.read_bytes()
    dataset.build(Sources(demo_institutions=6_000), config.data_dir, log=lambda _: None)
    proc = _run(["train"], var)
    model_dir = config.model_path.parent
    _kill_when(proc, lambda: any(p.name.startswith(".model.joblib.") for p in model_dir.iterdir()))
    assert config.model_path.read_bytes() == before
    (leftover,) = model_dir.glob(".model.joblib.*.tmp")  # the killed write's temporary file
    two_hours_ago = time.time() - 7200
    os.utime(leftover, (two_hours_ago, two_hours_ago))
    service = ModelService.load(config.model_path)
    assert service.predict(service.default_scenario())["value"] > 0
    assert artifact.is_stale(config.model_path, dataset.current_manifest(
        config.data_dir).fingerprint) == "the dataset changed"  # so `prepare` retrains
    proc = _run(["prepare"], var)
    assert proc.wait(300) == 0
    assert artifact.is_stale(config.model_path, dataset.current_manifest(
        config.data_dir).fingerprint) is None
    assert not leftover.exists()  # removed by the next write of the model
