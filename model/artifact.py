"""Save and load the trained model: a joblib file plus a JSON copy of its metadata."""

from __future__ import annotations

import json
import pickle
from importlib.metadata import version
from pathlib import Path

import joblib

from .errors import ArtifactError
from .storage import atomic_write, atomic_write_json

ARTIFACT_VERSION = 7  # 2: the program table for the explorer; 3: the pipeline pickled apart;
# 4: categories one-hot encoded by model.encoding.OneHot; 5: programs without published
# earnings counted, group medians and small groups, ranges scaled by program size;
# 6: one model per earnings horizon ("others"), cross-fitted expectations, debt;
# 7: one program table for every horizon, the feature matrix stacked as CSC
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
    atomic_write_json(metadata_path(path), payload["metadata"])
    return path


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
        raise ArtifactError(f"no trained model at {path}; run `python -m dashboard train`")
    try:
        payload = joblib.load(path)
    except Exception as exc:  # noqa: BLE001 - unpickling can fail in many ways
        raise ArtifactError(f"the model at {path} cannot be read ({exc}); retrain it") from None
    meta = payload.get("metadata", {}) if isinstance(payload, dict) else {}
    if meta.get("artifact_version") != ARTIFACT_VERSION:
        raise ArtifactError(f"the model at {path} has format {meta.get('artifact_version')}, "
                            f"this code reads {ARTIFACT_VERSION}; retrain it")
    built_with = meta.get("versions", {}).get("scikit-learn")
    if built_with != SKLEARN_VERSION:
        raise ArtifactError(f"the model at {path} was trained with scikit-learn {built_with}, "
                            f"this environment has {SKLEARN_VERSION}; retrain it")
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
    return None
