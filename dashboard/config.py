"""All configuration, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE_URL = "https://ed-public-download.scorecard.network/downloads/"
# The latest update in the official change log (collegescorecard.ed.gov/data/changelog)
LATEST_RELEASE = "2026-06-10"


def release_urls(release: str) -> tuple[str, str]:
    """The official Field of Study and Institution zips of a release (YYYY-MM-DD)."""
    year, month, day = release.split("-")
    stamp = f"{month}{day}{year}"
    return (f"{RELEASE_URL}Most-Recent-Cohorts-Field-of-Study_{stamp}.zip",
            f"{RELEASE_URL}Most-Recent-Cohorts-Institution_{stamp}.zip")


DEFAULT_FOS_URL, DEFAULT_INSTITUTION_URL = release_urls(LATEST_RELEASE)


@dataclass(frozen=True)
class Config:
    """Settings; each field's environment variable is its name in upper case."""

    var_dir: Path = ROOT / "var"
    data_dir: Path | None = None  # default: VAR_DIR/data
    model_path: Path | None = None  # default: VAR_DIR/model/model.joblib
    download_dir: Path | None = None  # default: VAR_DIR/downloads
    scorecard_fos: str | None = None  # official Field of Study file (CSV or zip)
    scorecard_institution: str | None = None  # official Institution file (CSV or zip)
    scorecard_merged: str | None = None  # a merged table in the cleaned schema
    scorecard_target: str | None = None  # earnings column to model
    scorecard_fos_url: str = DEFAULT_FOS_URL
    scorecard_institution_url: str = DEFAULT_INSTITUTION_URL
    interval_level: float = 0.8
    host: str = "0.0.0.0"
    port: int = 8050
    url_base_pathname: str = "/"
    debug: bool = False
    secret_key: str | None = None  # signs sessions; required by the production command
    frame_ancestors: str = "'self'"  # who may frame the app (CSP frame-ancestors)
    team_login: str | None = None  # name:hash pairs; when set, everything but health needs them
    metrics_interval: float = 60.0  # seconds between metrics log lines (0: none)
    redis_url: str | None = None  # a cache shared by every worker and host (else per process)
    cache_mb: float = 64.0  # the per-process cache size without Redis (or while it is down)
    export_queue: int = 3  # exports a worker draws or holds waiting (below its threads); more: 503
    debt_rate_undergraduate: float = 6.39  # yearly %, for the 10-year payment (2025-26 loans)
    debt_rate_graduate: float = 7.94
    poverty_guideline: float = 15_650.0  # HHS 2025, one person: the 2023 GE rule's D/E
    enable_mcp: bool = False  # serve the Model Context Protocol at URL_BASE_PATHNAME + _mcp

    def __repr__(self) -> str:  # never print the secret
        hidden = ("secret_key", "team_login", "redis_url")
        shown = {f.name: "***" if f.name in hidden and getattr(self, f.name) else
                 getattr(self, f.name) for f in fields(self)}
        return f"Config({', '.join(f'{k}={v!r}' for k, v in shown.items())})"

    def __post_init__(self) -> None:
        var = Path(self.var_dir)
        object.__setattr__(self, "var_dir", var)
        for name, default in (("data_dir", var / "data"),
                              ("model_path", var / "model" / "model.joblib"),
                              ("download_dir", var / "downloads")):
            value = getattr(self, name)
            object.__setattr__(self, name, Path(value) if value else default)
        base = "/" + self.url_base_pathname.strip("/") + "/"
        object.__setattr__(self, "url_base_pathname", base.replace("//", "/"))

    @classmethod
    def from_env(cls, overrides: dict | None = None, env: dict | None = None) -> Config:
        """Read each field from its environment variable, then apply `overrides`."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f.name.upper())
            if raw is None or raw == "":
                continue
            if f.name in ("debug", "enable_mcp"):
                values[f.name] = raw.strip().lower() in {"1", "true", "yes", "on"}
            elif f.name in ("port", "export_queue"):
                values[f.name] = int(raw)
            elif f.name in ("interval_level", "metrics_interval", "cache_mb",
                            "debt_rate_undergraduate", "debt_rate_graduate", "poverty_guideline"):
                values[f.name] = float(raw)
            else:
                values[f.name] = raw
        config = cls(**values)
        return replace(config, **overrides) if overrides else config
