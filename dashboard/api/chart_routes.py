"""Chart images and the PDF report over the API:

- GET /api/v1/charts/{chart}.{png,svg,pdf}: a scenario's `distribution` or `breakdown` (the
  predict inputs), the `comparison` of pinned scenarios (`pin`, 1 to 4 times, in the link
  form), or an explorer chart, `scatter`, `histogram`, `groups` or `states` (the /programs
  filters, plus `x`, `group` and `small`=hide to leave out groups of fewer than 5
  programs); `width`, `height` (CSS pixels) and `scale` for each;
- GET /api/v1/report.pdf: the one-page report for the predict inputs.

Parameters are checked like the rest of the API (4xx JSON naming the field); without a
browser to draw with, the answer is a 503 saying what to install.
"""

from __future__ import annotations

import re

from flask import Response

from charts.catalog import CHARTS, EXPLORER_CHARTS, SCENARIO_CHARTS, SIZES
from charts.request import ChartRequest, render
from dashboard.api.answers import (
    FILTER_PARAMS,
    ApiError,
    bounded,
    horizon_service,
    query_filters,
    real_programs,
    scenario,
    whole,
)
from dashboard.api.routes import api, query
from dashboard.context import current
from dashboard.export.renderer import FORMATS, ExportBusy, Exporter, ExportFailed, ExportUnavailable
from dashboard.export.report import build_report, report_name
from model.serving.filters import COLOURS, GROUPINGS, X_AXES, View
from model.serving.inputs import SCENARIO_INPUTS
from model.serving.links import MAX_PINS, parse_pin, pin_pattern

SIZE_PARAMS = ("width", "height", "scale")
MAX_SIDE = 4000  # CSS pixels
PARAMS = {"distribution": (*SCENARIO_INPUTS, "unitid", "horizon"),
          "breakdown": (*SCENARIO_INPUTS, "horizon"), "comparison": ("horizon",),
          **{c: (*FILTER_PARAMS, "x", "colour", "group", "small", "horizon")
             for c in EXPLORER_CHARTS}}


def _exporter() -> Exporter:
    return current().exporter


def _service():
    return current().service


def _choice(q: dict, name: str, allowed: dict | tuple, default: str) -> str:
    value = q.get(name, default)
    if value not in allowed:
        raise ApiError(400, "invalid query", [{"field": name, "message": f"{value[:40]!r} is "
                                               "not one of the allowed values",
                                               "allowed": list(allowed)}])
    return value


def _file(data: bytes, fmt: str, name: str) -> Response:
    return Response(data, mimetype=FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def draw(make_bytes):
    """What `make_bytes()` draws; a busy, missing or failed browser as a 503."""
    try:
        return make_bytes()
    except ExportBusy as exc:
        raise ApiError(503, str(exc), [{"field": "browser", "message": str(exc)}],
                       headers={"Retry-After": str(exc.retry_after)}) from None
    except (ExportUnavailable, ExportFailed) as exc:
        raise ApiError(503, str(exc), [{"field": "browser", "message": str(exc)}]) from None


def _request(service, chart: str, fmt: str, q: dict, size: dict) -> ChartRequest:
    """The chart file the query asks for (4xx for what it cannot be)."""
    if chart in SCENARIO_CHARTS:
        s = scenario({k: q.get(k) for k in SCENARIO_INPUTS})
        actual = (real_programs(service, s, q["unitid"]) if q.get("unitid") is not None
                  else None)
        return ChartRequest(chart, fmt, scenario=s, programs=actual, **size)
    if chart == "comparison":
        pins = q.get("pin") or []
        if not 1 <= len(pins) <= MAX_PINS:
            raise ApiError(400, "invalid query", [{"field": "pin", "message": f"give 1 to "
                                                   f"{MAX_PINS} pinned scenarios",
                                                   "allowed": {"min": 1, "max": MAX_PINS}}])
        form = re.compile(pin_pattern(service.options()))
        malformed = [i for i, text in enumerate(pins) if not form.match(text)]
        if malformed:
            raise ApiError(400, "malformed pinned scenarios", [
                {"field": f"pin[{i}]", "message": f"is not {len(SCENARIO_INPUTS)} inputs as codes "
                 f"joined by '_' ({'_'.join(SCENARIO_INPUTS)}), each within the ranges in "
                 "/options"} for i in malformed])
        scenarios = [parse_pin(service, text) for text in pins]
        bad = [i for i, s in enumerate(scenarios) if s is None]
        if bad:  # well formed, so the one thing left is a program from another field
            raise ApiError(409, "a pinned program belongs to another field of study", [
                {"field": f"pin[{i}]", "message": "its program is not in its field"}
                for i in bad])
        return ChartRequest(chart, fmt, pinned=tuple(service.validate(s) for s in scenarios),
                            **size)
    view = View(x=_choice(q, "x", X_AXES, "tuition"),
                group=_choice(q, "group", GROUPINGS, "field"),
                colour=_choice(q, "colour", COLOURS, "control"),
                hide_small=_choice(q, "small", ("show", "hide"), "show") == "hide")
    return ChartRequest(chart, fmt, filters=query_filters(q, service), view=view, **size)


@api.get("/charts/<chart>.<fmt>")
def chart_image(chart: str, fmt: str):
    if chart not in CHARTS:
        raise ApiError(404, f"no chart called {chart[:40]!r}", [
            {"field": "chart", "message": "unknown chart", "allowed": list(CHARTS)}])
    if fmt not in FORMATS:
        raise ApiError(404, f"no format {fmt[:10]!r}", [
            {"field": "format", "message": "unknown format", "allowed": list(FORMATS)}])
    q = query((*PARAMS[chart], *SIZE_PARAMS),
              repeatable=("pin",) if chart == "comparison" else ())
    width = whole("width", q.get("width"), SIZES[chart][0], 200, MAX_SIDE)
    height = whole("height", q.get("height"), SIZES[chart][1], 200, MAX_SIDE)
    size = {"width": width, "height": height,
            "scale": bounded("scale", q.get("scale"), 0.5, 4)}
    service = horizon_service(q.get("horizon"))
    request = _request(service, chart, fmt, q, size)
    data, name = draw(lambda: render(service, _exporter(), request))
    return _file(data, fmt, name)


@api.get("/report.pdf")
def report():
    q = query((*SCENARIO_INPUTS, "unitid", "horizon"))
    service = horizon_service(q.pop("horizon", None))
    unitid = q.pop("unitid", None)
    s = scenario(q)
    programs = real_programs(service, s, unitid) if unitid is not None else None
    return _file(draw(lambda: build_report(service, s, _exporter(), programs)), "pdf",
                 report_name(service, s, programs))
