"""Build the cleaned dataset from its sources and keep it, with a manifest, atomically."""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from model.data import build_report, cleaning, columns, demo, measures
from model.data.sources import sha256
from model.data.storage import atomic_write_json, prune, switch_symlink
from model.errors import DataError, command

FORMAT_VERSION = 4  # 2: repeated programs (same UNITID, CIPCODE, CREDLEV) dropped;
# 3: every program kept (earnings_status), counts, net price, program-year tuition;
# 4: the earnings test's columns (4-year measure, count, count above the benchmark)


@dataclass(frozen=True)
class Sources:
    """Where the data comes from: official files, a merged table, or the demo generator."""

    fos: str | None = None
    institution: str | None = None
    merged: str | None = None
    target: str | None = None
    demo_institutions: int = demo.DEFAULT_INSTITUTIONS  # demo size (about 10 programs each)

    @property
    def kind(self) -> str:
        """'official', 'merged' or 'demo'."""
        if self.merged:
            return "merged"
        if self.fos or self.institution:
            if not (self.fos and self.institution):
                raise DataError("official data needs both a Field of Study file and an "
                                "Institution file")
            return "official"
        return "demo"

    def files(self) -> list[Path]:
        """The source files, in a stable order."""
        return [Path(p) for p in (self.fos, self.institution, self.merged) if p]

    def key(self) -> dict:
        """What identifies this source: kind, files with checksums, target."""
        files = [{"path": str(p), "name": p.name, "bytes": p.stat().st_size, "sha256": sha256(p)}
                 for p in self.files()]
        demo_id = ({"generator": "model.data.demo", "seed": demo.SEED,
                    "institutions": self.demo_institutions} if self.kind == "demo" else None)
        return {"kind": self.kind, "files": files, "demo": demo_id, "target": self.target}


def release_of(paths: list[Path]) -> str:
    """The release date in an official file name (..._03232026.zip -> 2026-03-23), if any."""
    for path in paths:
        found = re.search(r"_(\d{2})(\d{2})(\d{4})\b", path.stem)
        if found:
            month, day, year = found.groups()
            return f"{year}-{month}-{day}"
    return "unknown"


@dataclass
class Manifest:
    """What a built dataset is made of; stored beside it as manifest.json."""

    kind: str
    sources: list[dict]
    release: str
    target: str
    target_definition: str
    rows: int
    counts: dict[str, int]
    fingerprint: str
    source_key: dict
    built_at: str
    build_seconds: float
    format_version: int = FORMAT_VERSION
    columns: list[str] = field(default_factory=lambda: list(columns.CLEAN_COLUMNS))
    target_measure: dict = field(default_factory=dict)  # model.data.measures.describe(target)
    report: dict = field(default_factory=dict)  # rows read, kept, dropped (build_report)

    @property
    def is_demo(self) -> bool:
        """True when the data is the generated demo, not real Scorecard data."""
        return self.kind == "demo"


def clean(sources: Sources) -> cleaning.Cleaned:
    """Read and clean the sources into the cleaned columns."""
    if sources.kind == "official":
        return cleaning.clean_official(sources.fos, sources.institution, sources.target)
    if sources.kind == "merged":
        return cleaning.clean_merged(sources.merged, sources.target)
    data = demo.generate(sources.demo_institutions)
    report = {**build_report.tally(data["CREDLEV"], data["earnings_status"],
                                   pd.Series(None, index=data.index, dtype=object)),
              "target": demo.DEMO_TARGET, "target_label": measures.label(demo.DEMO_TARGET),
              "target_reason": "the demo generator's measure", "earnings_measures": {},
              "horizons": [demo.DEMO_TARGET, *demo.LATER], "benchmarks": [],
              "earnings_test": ["EARN_MDN_4YR", "EARN_COUNT_WNE_4YR", "EARN_GT_THRESHOLD_4YR",
                                "EARN_THR_STATE", "EARN_THR_NAT"]}
    counts = {"rows": len(data),
              "rows_with_earnings": int((data["earnings_status"] == "published").sum())}
    return cleaning.Cleaned(data, demo.DEMO_TARGET, counts, report)


def build(sources: Sources, data_dir: str | Path, log=print) -> Manifest:
    """Clean the sources and publish the result as the current dataset, atomically."""
    started = time.perf_counter()
    data_dir = Path(data_dir)
    current = data_dir / "current"
    if current.exists() and not current.is_symlink():  # checked before the slow part
        raise DataError("is a folder, not the link to the current build that a build replaces "
                        "(was the var folder copied without its links? `cp -a` keeps them); "
                        "move it away and build again", file=current)
    log(f"Reading {sources.kind} data: {', '.join(p.name for p in sources.files()) or 'demo'}")
    source_key = sources.key()
    cleaned = clean(sources)
    if columns.published(cleaned.data).empty:
        raise DataError("no rows have the earnings target after cleaning (every value is "
                        "suppressed or not available)",
                        file=sources.files()[0] if sources.files() else None,
                        column=cleaned.target)
    for line in build_report.lines(cleaned.report):
        log(line)
    log(f"Target {cleaned.target}: {measures.label(cleaned.target)}; "
        f"{cleaned.report.get('target_reason', '')}")
    builds = data_dir / "builds"
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    staging = builds / f".{stamp}.partial"
    staging.mkdir(parents=True, exist_ok=True)
    try:
        parquet = staging / "dataset.parquet"
        cleaned.data.to_parquet(parquet, index=False)
        manifest = Manifest(
            kind=sources.kind, sources=source_key["files"], release=release_of(sources.files()),
            target=cleaned.target, target_definition=measures.label(cleaned.target),
            rows=len(cleaned.data), counts=cleaned.counts, fingerprint=sha256(parquet),
            source_key=source_key, built_at=datetime.now(timezone.utc).isoformat(),
            build_seconds=round(time.perf_counter() - started, 2),
            target_measure=measures.describe(cleaned.target), report=cleaned.report)
        atomic_write_json(staging / "manifest.json", asdict(manifest))
        final = builds / stamp
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    switch_symlink(data_dir / "current", final)
    prune(builds, keep=3, protect=final)
    log(f"Dataset {manifest.fingerprint[:12]} written to {final}")
    return manifest


def _manifest_from(payload: dict) -> Manifest:
    known = set(Manifest.__dataclass_fields__)
    return Manifest(**{k: v for k, v in payload.items() if k in known})


def current_manifest(data_dir: str | Path) -> Manifest | None:
    """The manifest of the current dataset, or None when none has been built."""
    path = Path(data_dir) / "current" / "manifest.json"
    if not path.exists():
        return None
    return _manifest_from(json.loads(path.read_text()))


def load_current(data_dir: str | Path, categorical: bool = False,
                 wanted: Callable[[str], bool] | None = None
                 ) -> tuple[pd.DataFrame, Manifest]:
    """The current cleaned dataset and its manifest. `categorical`: text columns as pandas
    categoricals read straight from parquet's dictionaries (a third of the memory and no
    per-row strings; what training reads at millions of rows). `wanted`: read only the
    columns it accepts."""
    manifest = current_manifest(data_dir)
    if manifest is None:
        raise DataError(f"no dataset has been built in {data_dir}; run "
                        f"{command('data build')}")
    path = Path(data_dir) / "current" / "dataset.parquet"
    names = None if wanted is None else [c for c in pq.read_schema(path).names if wanted(c)]
    if not categorical:
        return pd.read_parquet(path, columns=names), manifest
    table = pq.read_table(path, columns=names, read_dictionary=[
        c for c in columns.TEXT_COLUMNS if names is None or c in names])
    # self_destruct frees each Arrow column once converted: the peak stays near one copy
    df = table.to_pandas(self_destruct=True, split_blocks=True)
    del table
    pa.default_memory_pool().release_unused()  # else Arrow's allocator keeps ~0.6 GB at 6 M rows
    return df, manifest


def is_current(sources: Sources, data_dir: str | Path) -> bool:
    """True when the current dataset was built from exactly these sources (same checksums)."""
    manifest = current_manifest(data_dir)
    return bool(manifest and manifest.format_version == FORMAT_VERSION
                and manifest.source_key == sources.key())
