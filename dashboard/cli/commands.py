"""Command line: `python -m dashboard {data build,data download,train,prepare,info,serve,
export,production,health}`."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from dashboard.config import LATEST_RELEASE, Config, release_urls
from dashboard.export.renderer import ExportFailed, ExportUnavailable
from model.data import dataset
from model.data.dataset import Sources
from model.data.download import DownloadError, fetch
from model.data.storage import Busy, exclusive
from model.errors import ArtifactError, DataError, command
from model.learning import artifact


def _log(text: str) -> None:
    print(text, flush=True)


def configured_sources(config: Config, args: argparse.Namespace | None = None) -> Sources:
    """Sources from the command line, else from the environment, else the demo."""
    get = (lambda name: getattr(args, name, None)) if args else (lambda name: None)
    if args is not None and getattr(args, "demo", False):
        return Sources()
    return Sources(fos=get("fos") or config.scorecard_fos,
                   institution=get("institution") or config.scorecard_institution,
                   merged=get("merged") or config.scorecard_merged,
                   target=get("target") or config.scorecard_target)


def data_build(config: Config, sources: Sources) -> dataset.Manifest:
    """Build the dataset from `sources` (the previous one stays if this fails)."""
    return dataset.build(sources, config.data_dir, log=_log)


def train(config: Config) -> dict:
    """Train on the current dataset and write the artifact atomically."""
    from model.learning import training  # scikit-learn's fitting code loads only when training

    # The models are fitted on the columns they read; the rest of the dataset (names, debt,
    # thresholds) is read afterwards for the program table, so training's peak memory holds
    # one of the two
    df, manifest = dataset.load_current(config.data_dir, categorical=True,
                                        wanted=training.reads)
    payload, outcomes = training.fit_horizons(df, manifest, level=config.interval_level,
                                              log=_log)
    del df
    _log("Writing the program table")
    df, _ = dataset.load_current(config.data_dir, categorical=True)
    training.add_programs(payload, df, outcomes)
    del df
    artifact.save(payload, config.model_path)
    _log(f"Model written to {config.model_path}")
    return payload["metadata"]


def prepare(config: Config) -> None:
    """Build the data if it is missing or its sources changed; train if the model is stale."""
    sources = configured_sources(config)
    manifest = dataset.current_manifest(config.data_dir)
    # With nothing configured, real data built earlier (say by `data download`) stays.
    keep_real = sources.kind == "demo" and manifest is not None and not manifest.is_demo
    if manifest is None or not (keep_real or dataset.is_current(sources, config.data_dir)):
        _log(f"Preparing the {sources.kind} dataset")
        manifest = data_build(config, sources)
    else:
        _log(f"Dataset up to date ({manifest.kind}, {manifest.rows:,} programs)")
    reason = artifact.is_stale(config.model_path, manifest.fingerprint)
    if reason:
        _log(f"Training: {reason}")
        train(config)
    else:
        _log("Model up to date")


def release(text: str) -> str:
    """A release date as YYYY-MM-DD (argparse type)."""
    import datetime

    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def download(config: Config, args: argparse.Namespace) -> None:
    """Fetch the official zips, verify them, and build the dataset from them."""
    fos_url, inst_url = config.scorecard_fos_url, config.scorecard_institution_url
    if args.release:
        fos_url, inst_url = release_urls(args.release)
    _log(f"Downloading the College Scorecard release of {args.release}" if args.release
         else f"Downloading {args.fos_url or fos_url} and {args.institution_url or inst_url}")
    fos = fetch(args.fos_url or fos_url, config.download_dir)
    inst = fetch(args.institution_url or inst_url, config.download_dir)
    _log(f"Downloaded {fos.name} and {inst.name}")
    if not args.no_build:
        data_build(config, Sources(fos=str(fos), institution=str(inst),
                                   target=args.target or config.scorecard_target))
        _log("Set SCORECARD_FOS and SCORECARD_INSTITUTION to these files to keep using them:\n"
             f"  SCORECARD_FOS={fos}\n  SCORECARD_INSTITUTION={inst}")


def info(config: Config) -> None:
    """Print the model's metadata."""
    meta = artifact.read_metadata(config.model_path)
    if meta is None:
        raise ArtifactError(f"no trained model at {config.model_path}")
    print(json.dumps({k: meta[k] for k in ("created_at", "target", "target_definition",
                                           "demo", "warnings", "metrics", "model")}, indent=2))


READY = "api/v1/health/ready"


def readiness_url(url: str) -> str:
    """The readiness check's URL from the dashboard's address (http://host:8050/, with its
    path prefix if any) or from the check's own URL."""
    base = url.split("?", 1)[0].rstrip("/")
    return base if base.endswith(READY) else f"{base}/{READY}"


def health(config: Config, url: str | None) -> int:
    """Ask this host's readiness (as a balancer or the image's HEALTHCHECK does): 0 and the
    model it serves when it answers 200, 1 and why not otherwise."""
    import urllib.error
    import urllib.request

    host = "127.0.0.1" if config.host in ("0.0.0.0", "::", "") else config.host
    url = readiness_url(url) if url else \
        f"http://{host}:{config.port}{config.url_base_pathname}{READY}"
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            body = response.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        print(f"not ready: {url}: {getattr(exc, 'reason', exc)}", file=sys.stderr)
        return 1
    try:
        model = json.loads(body).get("model", {})
    except (ValueError, AttributeError):
        print(f"not ready: {url} answered, but not as the dashboard's readiness check does "
              "(give the dashboard's address, e.g. http://127.0.0.1:8050/ or "
              "http://host/earnings/)", file=sys.stderr)
        return 1
    print(f"ready: model {model.get('id')} ({model.get('data')}, release "
          f"{model.get('release')}, trained {model.get('trained_at')})")
    return 0


def serve(config: Config, port: int | None) -> None:
    """Run Dash's development server (use gunicorn for anything shared)."""
    from dashboard import create_app

    create_app(config).run(host=config.host, port=port or config.port, debug=config.debug)


def export(config: Config, args: argparse.Namespace) -> None:
    """Write a chart or the report to a file (see dashboard.cli.export)."""
    from dashboard.cli import export as export_cli
    from model.serving.service import ModelService

    if not Path(config.model_path).exists():
        raise ArtifactError(f"no trained model at {config.model_path}: run "
                            f"{command('prepare')} first")
    export_cli.run(ModelService.load(config.model_path), args, log=_log)


def hash_password(name: str) -> str:
    """`name:hash` for TEAM_LOGIN; the password is asked for (or read from a pipe)."""
    import getpass

    from werkzeug.security import generate_password_hash

    if "," in name or ":" in name or not name:
        raise ValueError("a team name cannot be empty or contain ',' or ':'")
    password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline()
    password = password.rstrip("\n")
    if len(password) < 8:
        raise ValueError("use a password of at least 8 characters")
    return f"{name}:{generate_password_hash(password)}"


def parser() -> argparse.ArgumentParser:
    """The argument parser."""
    p = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    data = sub.add_parser("data", help="build or download the dataset")
    data_sub = data.add_subparsers(dest="action", required=True)
    build = data_sub.add_parser("build", help="clean source files into the dataset")
    build.add_argument("--fos", help="official Field of Study file (CSV or zip)")
    build.add_argument("--institution", help="official Institution file (CSV or zip)")
    build.add_argument("--merged", help="a merged table in the cleaned schema (CSV or parquet)")
    build.add_argument("--demo", action="store_true", help="generate the demo dataset")
    build.add_argument("--target", help="earnings column to model (default: the freshest "
                       "median with enough published values)")
    dl = data_sub.add_parser("download", help="download the official zips and build")
    dl.add_argument("--release", type=release, help="a release date, YYYY-MM-DD (default: "
                    f"{LATEST_RELEASE}, the latest in the official change log)")
    dl.add_argument("--fos-url")
    dl.add_argument("--institution-url")
    dl.add_argument("--target")
    dl.add_argument("--no-build", action="store_true")
    train = sub.add_parser("train", help="train the model on the current dataset")
    prepare = sub.add_parser("prepare", help="build data and train only where needed")
    for writer in (build, dl, train, prepare):
        writer.add_argument("--no-wait", action="store_true", help="refuse (exit 6) instead "
                            "of waiting when another command is writing the same data folder")
    sub.add_parser("info", help="show the trained model's metadata")
    srv = sub.add_parser("serve", help="development server")
    srv.add_argument("--port", type=int)
    pw = sub.add_parser("hash-password", help="a TEAM_LOGIN entry for a name (asks for the "
                                              "password, or reads it from standard input)")
    pw.add_argument("name")
    ready = sub.add_parser("health", help="ask this host's readiness (exit 0 when ready)")
    ready.add_argument("--url", help="the dashboard's address, e.g. http://host:8050/ (or "
                                     "the readiness check's own URL); default: "
                                     "http://127.0.0.1:PORT/URL_BASE_PATHNAME")
    prod = sub.add_parser("production", help="check the deployment, then run gunicorn")
    prod.add_argument("gunicorn_args", nargs=argparse.REMAINDER,
                      help="passed to gunicorn (after --)")
    from dashboard.cli.export import add_parser

    add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run a command; errors are printed in one line with a non-zero exit code."""
    args = parser().parse_args(argv)
    config = Config.from_env()
    writes = args.command in ("data", "train", "prepare")
    try:
        with (exclusive(config.data_dir, _log, wait=not getattr(args, "no_wait", False))
              if writes else contextlib.nullcontext()):
            return _run(args, config)
    except Busy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 6
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace, config: Config) -> int:
    """Run one command, its errors in one line with a non-zero exit code."""
    try:
        if args.command == "data" and args.action == "build":
            data_build(config, configured_sources(config, args))
        elif args.command == "data":
            download(config, args)
        elif args.command == "train":
            train(config)
        elif args.command == "prepare":
            prepare(config)
        elif args.command == "info":
            info(config)
        elif args.command == "export":
            export(config, args)
        elif args.command == "health":
            return health(config, args.url)
        elif args.command == "hash-password":
            print(hash_password(args.name))
        elif args.command == "production":
            from dashboard.cli.production import start

            extra = [a for a in args.gunicorn_args if a != "--"]
            return start(config, extra)
        else:
            serve(config, args.port)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DownloadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except (ArtifactError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 4
    except (ExportUnavailable, ExportFailed) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 5
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
