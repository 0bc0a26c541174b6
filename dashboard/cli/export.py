"""`python -m dashboard export`: a chart or the PDF report for given inputs, to a file; with
`--each`, one file per value of an input (say, per field of study), with a progress bar.

    python -m dashboard export report --credential 3 --field 14
    python -m dashboard export distribution --format svg --credential 3 --field 14 -o d.svg
    python -m dashboard export states --filter credential=3 --filter earnings=30000-90000
    python -m dashboard export report --credential 3 --each field --out-dir reports/
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from charts.catalog import CHARTS, EXPLORER_CHARTS, SCENARIO_CHARTS
from charts.request import ChartRequest, render
from dashboard.export.renderer import FORMATS, Exporter
from model.errors import InputError
from model.serving.filters import CATEGORIES, COLOURS, RANGES, View
from model.serving.inputs import CODED_INPUTS, NUMERIC_NAMES, OPTIONAL_NUMBERS, SCENARIO_INPUTS

if TYPE_CHECKING:  # the parser is built for every command: Dash and plotly load only to export
    from model.serving.service import ModelService

INPUTS = SCENARIO_INPUTS
EACH = (*CODED_INPUTS, "program")


def add_parser(sub) -> None:
    """The `export` subcommand's arguments."""
    p = sub.add_parser("export", help="write a chart or the PDF report to a file",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("chart", choices=[*CHARTS, "report", "institution"],
                   help="a chart, the scenario's report, or an institution's report "
                        "(--unitid ID[,ID...] or --state XX: one report per institution)")
    p.add_argument("--format", choices=list(FORMATS), help="default: png (report: pdf)")
    p.add_argument("-o", "--out", help="file to write (default: named for what it shows)")
    p.add_argument("--out-dir", default=".", help="folder for files named automatically")
    p.add_argument("--width", type=int, help="CSS pixels")
    p.add_argument("--height", type=int, help="CSS pixels")
    p.add_argument("--scale", type=float, help="default 2 for PNG, 1 otherwise")
    for name in INPUTS:
        p.add_argument(f"--{name.replace('_', '-')}", dest=name,
                       help="number; 'none' for not reported" if name in OPTIONAL_NUMBERS
                       else "number" if name in NUMERIC_NAMES else "code or label")
    p.add_argument("--unitid", help="a real institution (its UNITID): the report and the "
                   "distribution show its program's reported earnings against expectation; "
                   "with --each program, one report per program it offers")
    p.add_argument("--horizon", help="an earnings horizon, as its measure's column "
                   "(default: the model's own)")
    p.add_argument("--filter", action="append", default=[], metavar="KEY=VALUES",
                   help="explorer filter: credential=3 field=14,52 earnings=30000-90000")
    p.add_argument("--x", default="tuition", help="scatter's x axis")
    p.add_argument("--group", default="field", help="groups chart's grouping")
    p.add_argument("--colour", default="control", choices=list(COLOURS),
                   help="scatter's colour: control, actual minus expected, or the federal "
                        "earnings test")
    p.add_argument("--hide-small", action="store_true", help="groups and states charts: "
                   "leave out groups of fewer than 5 programs")
    p.add_argument("--pin", action="append", default=[], help="comparison: a pinned "
                   "scenario in link form (nine inputs joined by '_'), 1 to 4 times")
    p.add_argument("--each", choices=EACH, help="one file per value of this input")
    p.add_argument("--state", help="institution: one report per institution of this state "
                   "(two letters)")


def _scenario_raw(service: ModelService, args: argparse.Namespace) -> dict:
    raw = dict(service.options()["default"])
    given = {k: getattr(args, k) for k in INPUTS if getattr(args, k) is not None}
    if "field" in given and "program" not in given:
        raw["program"] = None
    raw.update({k: (None if str(v).lower() == "none" else v) for k, v in given.items()})
    return raw


def _filters_raw(args: argparse.Namespace) -> dict:
    raw = {}
    for item in args.filter:
        key, _, values = item.partition("=")
        if key in CATEGORIES:
            raw[key] = values.split(",")
        elif key in RANGES:
            low, _, high = values.partition("-")
            try:
                raw[key] = [float(low), float(high)]
            except ValueError:
                raise InputError(key, "give a range as LOW-HIGH in dollars") from None
        else:
            raise InputError("filter", f"{key!r} is not a filter", [*CATEGORIES, *RANGES])
    return raw


def _request(service: ModelService, args: argparse.Namespace, raw: dict, filters: dict
             ) -> ChartRequest:
    """The chart file the arguments ask for."""
    from model.serving.links import MAX_PINS, parse_pin

    chart, fmt = args.chart, args.format or "png"
    size = {"width": args.width, "height": args.height, "scale": args.scale}
    if chart in SCENARIO_CHARTS:
        s = service.validate(raw)
        return ChartRequest(chart, fmt, scenario=s, programs=_programs(service, args, s),
                            **size)
    if chart == "comparison":
        pins = [parse_pin(service, text) for text in args.pin[:MAX_PINS]]
        if not pins or None in pins:
            raise InputError("pin", "give 1 to 4 pinned scenarios, each nine valid inputs "
                                    "joined by '_'")
        return ChartRequest(chart, fmt, pinned=tuple(service.validate(p) for p in pins),
                            **size)
    parsed = service.parse_filters(filters)
    if parsed.problems:
        raise InputError("filter", f"not in the data: {', '.join(parsed.problems)}")
    return ChartRequest(chart, fmt, filters=parsed.filters,
                        view=View.read(args.x, args.group, args.colour, args.hide_small),
                        **size)


def _programs(service: ModelService, args: argparse.Namespace, s) -> list[dict] | None:
    """The chosen institution's programs of the scenario (None without --unitid)."""
    if not args.unitid:
        return None
    if service.institution(args.unitid) is None:
        raise InputError("unitid", f"{args.unitid[:20]!r} is not an institution in the data")
    return service.real_programs(args.unitid, s)


def _render(service: ModelService, exporter: Exporter, args: argparse.Namespace, raw: dict,
            filters: dict) -> tuple[bytes, str, str]:
    """The file's bytes, its name (without extension) and its format."""
    from dashboard.export.report import build_report, report_name

    if args.chart == "report":
        s = service.validate(raw)
        programs = _programs(service, args, s)
        return (build_report(service, s, exporter, programs),
                report_name(service, s, programs), "pdf")
    request = _request(service, args, raw, filters)
    return (*render(service, exporter, request), request.fmt)


def _horizon(service: ModelService, column: str | None) -> ModelService:
    known = [h["column"] for h in service.horizons()]
    if column is not None and column not in known:
        raise InputError("horizon", f"{column[:40]!r} is not one of the model's earnings "
                                    "horizons", known)
    return service.horizon(column)


def _each_program(service: ModelService, exporter: Exporter, args: argparse.Namespace,
                  log) -> list[Path]:
    """One report (or chart) per program of the --unitid institution."""
    from tqdm import tqdm

    from charts.compose import slug
    from dashboard.export.report import build_report, report_name

    if not args.unitid or service.institution(args.unitid) is None:
        raise InputError("unitid", "--each program needs --unitid, an institution in the data")
    if args.chart not in ("report", *SCENARIO_CHARTS) or args.out:
        raise InputError("each", "--each program writes reports or a scenario's charts, "
                                 "named for what they show (use --out-dir)")
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for program in tqdm(service.real_programs(args.unitid), desc="programs", unit="file"):
        s = service.program_scenario(program)
        if args.chart == "report":
            data, name, fmt = (build_report(service, s, exporter, [program]),
                               report_name(service, s, [program]), "pdf")
        else:
            fmt = args.format or "png"
            data, name = render(service, exporter, ChartRequest(
                args.chart, fmt, scenario=s, programs=[program], width=args.width,
                height=args.height, scale=args.scale))
            name = slug(name, program.get("institution") or "", program.get("cipcode") or "",
                        limit=120)
        path = out_dir / f"{name}.{fmt}"
        path.write_bytes(data)
        written.append(path)
    log(f"Wrote {len(written)} files to {out_dir}")
    return written


def _institutions(service: ModelService, exporter: Exporter, args: argparse.Namespace,
                  log) -> list[Path]:
    """One institution report per institution of --unitid (a comma list) or --state."""
    from tqdm import tqdm

    from dashboard.export.institution_report import build_institution_report, report_name

    if bool(args.unitid) == bool(args.state):
        raise InputError("unitid", "institution reports need --unitid ID[,ID...] or --state XX")
    if args.unitid:
        ids = [u for u in args.unitid.split(",") if u]
        unknown = [u for u in ids if not service.institutions.known(u)]
        if unknown:
            raise InputError("unitid", f"{unknown[0][:20]!r} is not an institution in the data")
    else:
        ids = [h["value"] for h in service.search_institutions(args.state, 100_000)
               if (service.institution(h["value"]) or {}).get("state") == args.state.upper()
               and service.institutions.known(h["value"])]
        if not ids:
            raise InputError("state", f"no institution of {args.state[:4]!r} is in the data")
    if args.out and len(ids) > 1:
        raise InputError("out", "several reports are named for their institutions; use "
                                "--out-dir")
    written = []
    for unitid in tqdm(ids, desc="institution reports", unit="file", disable=len(ids) < 2):
        profile = service.institution_profile(unitid)
        data = build_institution_report(service, profile, exporter)
        path = Path(args.out) if args.out else Path(args.out_dir) / (
            report_name(profile) + ".pdf")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    log(f"Wrote {len(written)} report{'s' if len(written) != 1 else ''} "
        f"({', '.join(p.name for p in written[:3])}{' ...' if len(written) > 3 else ''})")
    return written


def run(service: ModelService, args: argparse.Namespace, log=print) -> list[Path]:
    """Write the file(s) the arguments ask for (the browser is stopped after); returns their
    paths."""
    exporter = make_exporter()
    try:
        return _run(service, exporter, args, log)
    finally:
        exporter.close()


def make_exporter() -> Exporter:
    """The exporter one run draws with."""
    return Exporter()


def _run(service: ModelService, exporter: Exporter, args: argparse.Namespace, log
         ) -> list[Path]:
    from tqdm import tqdm

    from charts.compose import slug

    if args.chart in ("report", "institution") and args.format not in (None, "pdf"):
        raise InputError("format", "the report is a PDF")
    service = _horizon(service, args.horizon)
    if args.chart == "institution":
        return _institutions(service, exporter, args, log)
    raw, filters = _scenario_raw(service, args), _filters_raw(args)
    if args.each == "program":
        return _each_program(service, exporter, args, log)
    if not args.each:
        data, name, fmt = _render(service, exporter, args, raw, filters)
        path = Path(args.out) if args.out else Path(args.out_dir) / f"{name}.{fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        log(f"Wrote {path} ({len(data):,} bytes)")
        return [path]
    if args.out:
        raise InputError("out", "with --each, files are named for what they show; use "
                                "--out-dir")
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    options = service.options()[args.each]
    written = []
    for value, label in tqdm([(o["value"], o["label"]) for o in options],
                             desc=f"{args.chart} per {args.each}", unit="file"):
        one_raw = {**raw, args.each: value, **({"program": None} if args.each == "field"
                                                else {})}
        one_filters = ({**filters, args.each: [str(value)]} if args.chart in EXPLORER_CHARTS
                       else filters)
        data, name, fmt = _render(service, exporter, args, one_raw, one_filters)
        if slug(label)[:24] not in name:  # every file says which value it is for
            name = slug(name, label, limit=120)
        path = out_dir / f"{name}.{fmt}"
        path.write_bytes(data)
        written.append(path)
    log(f"Wrote {len(written)} files to {out_dir}")
    return written
