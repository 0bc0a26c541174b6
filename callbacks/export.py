"""Downloads drawn on the server: each panel's chart as PNG, SVG or PDF, and the scenario's
one-page PDF report, built from the page's state with the same builders as the page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, dcc, no_update

from charts.catalog import SCENARIO_CHARTS
from charts.request import ChartRequest, render
from layouts import ids
from layouts.controls import INPUT_IDS, INPUT_NAMES
from layouts.prediction import error_message
from model.errors import ExportFailed, ExportUnavailable, InputError, InvalidInputs
from model.serving.filters import View
from model.serving.links import MAX_PINS

from .explore import hidden
from .predictor import input_alert, raw_scenario


def page_request(service, chart: str, fmt: str, values: dict, pinned: object,
                 selection: object, view: View) -> ChartRequest:
    """The file a panel's Download menu asks for, from the page's state (raises
    InvalidInputs/InputError/ValueError); `values` holds the predictor's inputs and the
    chosen institution."""
    if chart in SCENARIO_CHARTS:
        s = service.validate(raw_scenario(values))
        chosen = service.chosen_programs(s, values.get("institution"))  # as the card draws
        return ChartRequest(chart, fmt, scenario=chosen.scenario, programs=chosen.programs)
    if chart == "comparison":
        pins = pinned if isinstance(pinned, list) else []
        return ChartRequest(chart, fmt, pinned=tuple(service.validate(p) for p in
                                                     pins[:MAX_PINS] if isinstance(p, dict)))
    parsed = service.parse_filters(selection if isinstance(selection, dict) else {})
    return ChartRequest(chart, fmt, filters=parsed.filters, view=view)


def _problem(exc: Exception) -> dbc.Alert:
    if isinstance(exc, (InvalidInputs, InputError)):
        return input_alert(exc)
    return error_message([f"The download could not be made: {exc}"])


def export_chart(service, exporter, trigger: object, values: dict, pinned: object,
                 selection: object, view: View) -> tuple:
    """The download for a menu choice ({chart, format}), or a message saying why not."""
    if not isinstance(trigger, dict):
        return no_update, no_update
    chart, fmt = trigger.get("chart"), trigger.get("format")
    try:
        request = page_request(service, chart, fmt, values, pinned, selection, view)
        data, name = render(service, exporter, request)
    except (InvalidInputs, InputError, ExportUnavailable, ExportFailed, ValueError) as exc:
        return no_update, _problem(exc)
    return dcc.send_bytes(data, f"{name}.{fmt}"), None


def report(service, make_report, values: dict, institution: object = None) -> tuple:
    """The scenario's PDF report (with a chosen institution's program), or a message
    saying why not; `make_report(service, scenario, programs)` -> (bytes, name)."""
    try:
        s = service.validate(raw_scenario(values))
        chosen = service.chosen_programs(s, institution)  # as the card shows it
        data, name = make_report(service, chosen.scenario, chosen.programs)
    except (InvalidInputs, InputError, ExportUnavailable, ExportFailed) as exc:
        return no_update, _problem(exc)
    return dcc.send_bytes(data, f"{name}.pdf"), None


def register(app, ctx) -> None:
    """Register the chart download menus and the report button."""
    service = ctx.service
    page = [State(i, "value") for i in INPUT_IDS]

    # a menu item chosen (not one that appeared with a redrawn menu), told in the browser
    app.clientside_callback(ClientsideFunction("downloads", "chosen"),
                            Output(ids.EXPORT_ASKED, "data"),
                            Input({"type": ids.EXPORT, "chart": ALL, "format": ALL}, "n_clicks"),
                            prevent_initial_call=True)

    @app.callback(Output(ids.EXPORT_DOWNLOAD, "data"), Output(ids.EXPORT_MESSAGE, "children"),
                  Input(ids.EXPORT_ASKED, "data"),
                  *page, State(ids.PINNED, "data"), State(ids.EXPLORE_SELECTION, "data"),
                  State(ids.EXPLORE_X, "value"), State(ids.EXPLORE_COLOUR, "value"),
                  State(ids.EXPLORE_GROUP, "value"), State(ids.EXPLORE_SMALL, "value"),
                  State(ids.HORIZON, "value"), State(ids.INSTITUTION, "value"),
                  prevent_initial_call=True)
    def download_chart(chosen, *args):
        *values, pinned, selection, x, colour, group, small, horizon, institution = args
        if not isinstance(chosen, dict):
            return no_update, no_update
        return export_chart(service.horizon(horizon), ctx.exporter,
                            {"type": ids.EXPORT, "chart": chosen.get("chart"),
                             "format": chosen.get("format")},
                            {**dict(zip(INPUT_NAMES, values)), "institution": institution},
                            pinned, selection, View.read(x, group, colour, hidden(small)))

    @app.callback(Output(ids.EXPORT_DOWNLOAD, "data", allow_duplicate=True),
                  Output(ids.EXPORT_MESSAGE, "children", allow_duplicate=True),
                  Input(ids.REPORT, "n_clicks"), *page, State(ids.INSTITUTION, "value"),
                  State(ids.HORIZON, "value"), prevent_initial_call=True)
    def download_report(_clicks, *args):
        *values, institution, horizon = args
        return report(service.horizon(horizon), ctx.report,
                      dict(zip(INPUT_NAMES, values)), institution)
