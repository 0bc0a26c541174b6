"""Save and load the trained model: a joblib file plus a JSON copy of its metadata."""

from __future__ import annotations

import hashlib
import json
import pickle
import zlib
from importlib.metadata import version
from pathlib import Path

import joblib

from model.data.storage import atomic_write, atomic_write_json
from model.errors import ArtifactError, command

ARTIFACT_VERSION = 9  # 2: the program table for the explorer; 3: the pipeline pickled apart;
# 4: categories one-hot encoded by model.learning.encoding.OneHot; 5: programs without published
# earnings counted, group medians and small groups, ranges scaled by program size;
# 6: one model per earnings horizon ("others"), cross-fitted expectations, debt;
# 7: one program table for every horizon, the feature matrix stacked as CSC;
# 8: the earnings test's columns in the program table, its summary in the metadata;
# 9: the model's modules in rooms (model.learning.encoding...), the paths its pickles name
SKLEARN_VERSION = version("scikit-learn")  # without importing scikit-learn (slow)


def metadata_path(path: str | Path) -> Path:
    """model.joblib -> model.json."""
    return Path(path).with_suffix(".json")


def save(payload: dict, path: str | Path) -> Path:
    """Write the artifact and then its metadata, each atomically. The pipeline is stored
    as its own pickle, so loading the artifact to serve does not load scikit-learn."""
    path = Path(path)

    def apart(part: dict) -> dict:
        return {**part, "pipeline": pickle.dumps(part["pipeline"],
                                                 protocol=pickle.HIGHEST_PROTOCOL)}

    stored = {**apart(payload), "others": {column: apart(other) for column, other in
                                           payload.get("others", {}).items()}}
    atomic_write(path, lambda tmp: joblib.dump(stored, tmp, compress=3))
    # The JSON copy also records the file's size, so that a cut-short copy is named as such
    atomic_write_json(metadata_path(path), {**payload["metadata"],
                                            "file_bytes": path.stat().st_size})
    return path


def model_id(metadata: dict) -> str:
    """A model's short identity: when it was made, from what data, in what format."""
    data = json.dumps([metadata.get("created_at"), metadata.get("data"),
                       metadata.get("artifact_version")], sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:12]


RETRAIN = f"run {command('prepare')} (or `train`) to write a new one"


def _unreadable(path: Path, exc: Exception) -> str:
    """Why the artifact at `path` could not be read, in words."""
    meta = read_metadata(path)
    size, expected = path.stat().st_size, (meta or {}).get("file_bytes")
    if (expected and size < expected) or isinstance(exc, EOFError) or _cut_short(path):
        of = f" of {expected:,}" if expected else ""
        return f"the model at {path} is truncated ({size:,}{of} bytes; a copy or write was " \
               f"cut short): {RETRAIN}"
    if isinstance(exc, (ModuleNotFoundError, AttributeError, ImportError)):
        return (f"the model at {path} was written by another version of this code or its "
                f"libraries ({type(exc).__name__}: {exc}): {RETRAIN}")
    return f"the model at {path} is not a model file this code can read " \
           f"({type(exc).__name__}{': ' if str(exc) else ''}{exc}): {RETRAIN}"


def _cut_short(path: Path) -> bool:
    """Whether the file is a zlib stream (as joblib writes) that ends before its end."""
    stream = zlib.decompressobj()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                stream.decompress(chunk, 1 << 16)  # the output is not needed, only its end
                while stream.unconsumed_tail:
                    stream.decompress(stream.unconsumed_tail, 1 << 16)
    except zlib.error:
        return False  # not zlib at all: not cut short, something else
    return not stream.eof


def problem(path: str | Path) -> str | None:
    """What is wrong with the artifact at `path` without loading it (the production
    command's check before gunicorn starts), or None when it looks whole."""
    path = Path(path)
    if not path.is_file():
        return f"no trained model at {path}: {RETRAIN}"
    meta = read_metadata(path)
    if meta is None:
        return f"the model at {path} has no readable metadata ({metadata_path(path).name}): " \
               f"{RETRAIN}"
    with open(path, "rb") as fh:
        head = fh.read(2)
    if len(head) < 2 or head[0] != 0x78:  # joblib's zlib stream
        return f"the model at {path} is not a model file (it is not a joblib archive): {RETRAIN}"
    size, expected = path.stat().st_size, meta.get("file_bytes")
    if expected is not None and size != expected:
        what = "is truncated" if size < expected else "was changed after it was written"
        return f"the model at {path} {what} ({size:,} bytes, written as {expected:,}): {RETRAIN}"
    return _version_problem(path, meta)


def _version_problem(path: Path, meta: dict) -> str | None:
    if meta.get("artifact_version") != ARTIFACT_VERSION:
        return (f"the model at {path} has format {meta.get('artifact_version')}, this code "
                f"reads {ARTIFACT_VERSION}: {RETRAIN}")
    built_with = meta.get("versions", {}).get("scikit-learn")
    if built_with != SKLEARN_VERSION:
        return (f"the model at {path} was trained with scikit-learn {built_with}, this "
                f"environment has {SKLEARN_VERSION}: {RETRAIN}")
    return None


def read_metadata(path: str | Path) -> dict | None:
    """The metadata of an artifact, or None when there is none."""
    meta = metadata_path(path)
    if not Path(path).exists() or not meta.exists():
        return None
    try:
        return json.loads(meta.read_text())
    except (OSError, ValueError):
        return None


def load(path: str | Path) -> dict:
    """Load an artifact, refusing one made by another format or scikit-learn version."""
    path = Path(path)
    if not path.exists():
        raise ArtifactError(f"no trained model at {path}: {RETRAIN}")
    try:
        payload = joblib.load(path)
    except Exception as exc:  # noqa: BLE001 - unpickling can fail in many ways
        raise ArtifactError(_unreadable(path, exc)) from None
    meta = payload.get("metadata", {}) if isinstance(payload, dict) else None
    if meta is None:
        raise ArtifactError(f"the model at {path} is not a model file (a joblib file of "
                            f"something else): {RETRAIN}")
    found = _version_problem(path, meta)
    if found:
        raise ArtifactError(found)
    return payload


def is_stale(path: str | Path, fingerprint: str | None) -> str | None:
    """Why the artifact must be retrained for the dataset `fingerprint`, or None if it is fresh."""
    meta = read_metadata(path)
    if meta is None:
        return "no trained model"
    if meta.get("artifact_version") != ARTIFACT_VERSION:
        return "the artifact format changed"
    if meta.get("versions", {}).get("scikit-learn") != SKLEARN_VERSION:
        return "scikit-learn changed"
    if meta.get("data", {}).get("fingerprint") != fingerprint:
        return "the dataset changed"
    if meta.get("file_bytes") not in (None, Path(path).stat().st_size):
        return "the model file does not match its metadata (truncated or changed)"
    return None
