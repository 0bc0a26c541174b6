"""The explorer: filter controls and chart selections -> every chart, the summary, the chips,
the programs table and its download; and "Predict for this selection"."""

from __future__ import annotations

import math

from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    Patch,
    State,
    callback_context,
    dcc,
    no_update,
)
from dash.exceptions import PreventUpdate

from charts.catalog import EXPLORER_CHARTS
from charts.compose import explorer_charts
from charts.explorer_figures import selection_parts
from charts.figures import plural
from charts.words import explorer_texts
from layouts import ids
from layouts.controls import page_values
from layouts.explorer_views import chips, summary
from layouts.prediction import error_message
from model.serving.filters import CATEGORIES, X_AXES, View

from . import partial, prefill
from .page_state import (
    EXPLORER_PARTS,
    FILTER_IDS,
    FILTER_NAMES,
    UrlWriter,
    choice,
    controls_from_filters,
    filters_from_controls,
    full_span,
    hidden,
)
from .wire import plain

# in the catalog's order, the order the chart callback answers in (a chart without a
# graph id fails here, at import)
GRAPHS = [ids.EXPLORE_GRAPHS[chart] for chart in EXPLORER_CHARTS]
CHART_OF = dict(zip(GRAPHS, EXPLORER_CHARTS))
MAX_DOWNLOAD = 100_000
# the chart callback: every chart with its words, the summary, the chips, the selection, a
# message and the URL, from the filters and the view; asked by the browser when a control
# changes on the Explore tab (assets/explorer.js: ask), so the other tabs cost nothing. The
# page's fingerprints of what it shows go both ways (callbacks.partial).
NAMED_VALUES = {"controls": [State(i, "value") for i in FILTER_IDS],
                "area": State(ids.EXPLORE_AREA, "data"), "x": State(ids.EXPLORE_X, "value"),
                "colour": State(ids.EXPLORE_COLOUR, "value"),
                "group": State(ids.EXPLORE_GROUP, "value"),
                "small": State(ids.EXPLORE_SMALL, "value"),
                "horizon": State(ids.HORIZON, "value"), "tab": State(ids.TABS, "data")}
CHART_VALUES = [*NAMED_VALUES["controls"], *list(NAMED_VALUES.values())[1:]]  # in that order
URL = UrlWriter(EXPLORER_PARTS + [(ids.HORIZON, "value"), (ids.TABS, "data")])
CHART_OUTPUTS = [*(Output(g, "figure") for g in GRAPHS),
                 *(Output(ids.caption(g), "children") for g in GRAPHS),
                 *(Output(ids.table(g), "children") for g in GRAPHS),
                 Output(ids.EXPLORE_SUMMARY, "children"), Output(ids.EXPLORE_CHIPS, "children"),
                 Output(ids.EXPLORE_SELECTION, "data"), Output(ids.EXPLORE_MESSAGE, "children"),
                 Output(ids.EXPLORE_DRAWN, "data"), *URL.outputs]
CHART_INPUTS = [Input(ids.EXPLORE_ASK, "data")]
CHART_STATE = [*CHART_VALUES, State(ids.EXPLORE_DRAWN, "data"), *URL.states]
# what asks for the charts: every control they draw, and the tab
ASK_INPUTS = [Input(v.component_id, v.component_property) for v in CHART_VALUES]


def draw(service, raw: dict, view: View, drawn: object = None) -> tuple:
    """Every chart, its words, the summary, the chips, the selection store and a message,
    in the chart callback's order, then the fingerprints of what the page shows after.

    `drawn`: the fingerprints the page holds (None for a fresh page); what it shows already
    comes back as no_update, and a chart whose own selection alone moved as a Patch."""
    parsed = service.parse_filters(raw)
    f = parsed.filters
    data = service.explore(f, view.x, view.group)
    message = (error_message([f"Ignored: {p}" for p in parsed.problems])
               if parsed.problems else None)
    figures = explorer_charts(service, f, view, data)
    words = explorer_texts(data, view.hide_small)
    values = {**{g: figures[k] for k, g in zip(EXPLORER_CHARTS, GRAPHS)},
              **{ids.caption(g): words[k].summary for k, g in zip(EXPLORER_CHARTS, GRAPHS)},
              **{ids.table(g): words[k].table for k, g in zip(EXPLORER_CHARTS, GRAPHS)},
              ids.EXPLORE_SUMMARY: plain(summary(data["summary"], service.rates)),
              ids.EXPLORE_CHIPS: plain(chips(data["chips"])),
              ids.EXPLORE_SELECTION: f.as_dict(), ids.EXPLORE_MESSAGE: plain(message)}
    out, prints = partial.answer(values, drawn, _parts)
    return (*(v.to_plotly_json() if isinstance(v, Patch) else v for v in out.values()), prints)


def _parts(name: str, value: object) -> dict | None:
    chart = CHART_OF.get(name)
    return selection_parts(chart, value) if chart else None


def _area_from(selected: dict, x: str) -> dict | None:
    if "range" in selected and "x" in selected["range"] and "y" in selected["range"]:
        (x0, x1), (y0, y1) = selected["range"]["x"][:2], selected["range"]["y"][:2]
        return {"x": x, "points": [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]}
    lasso = selected.get("lassoPoints") or {}
    if lasso.get("x") and lasso.get("y"):
        return {"x": x, "points": [list(p) for p in zip(lasso["x"], lasso["y"])]}
    return None


def _range_from(selected: dict, top: float) -> list | None:
    span = (selected.get("range") or {}).get("x")
    if not span:
        return None
    low, high = sorted(float(v) for v in span[:2])
    step = 500
    return [max(0, math.floor(low / step) * step), min(top, math.ceil(high / step) * step)]


def interact(trigger: object, value: object, selected: object, group: str, x: str,
             bounds: dict) -> list:
    """New control values (and area) after a chart selection, a chip's x or Reset.

    Returns one entry per filter control, then the area, then each graph's selectedData;
    no_update where nothing changes (also for a selection that is not one plotly sends)."""
    try:
        return _interact(trigger, value, selected, group, x, bounds)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return [no_update] * (len(FILTER_IDS) + 1 + len(GRAPHS))


def _interact(trigger: object, value: object, selected: object, group: str, x: str,
              bounds: dict) -> list:
    out = [no_update] * (len(FILTER_IDS) + 1 + len(GRAPHS))
    slot = {name: i for i, name in enumerate(FILTER_NAMES + ["area"])}
    clear_graphs = [None] * len(GRAPHS)
    if trigger == ids.EXPLORE_RESET:
        return (controls_from_filters({k: None for k in FILTER_NAMES}, bounds) + [None]
                + clear_graphs)
    if trigger == ids.EXPLORE_BEATS:  # above expectation: a gap from $0 up
        out[slot["gap"]] = [0, bounds["gap"]["max"]]
        return out
    if trigger == ids.EXPLORE_AT_RISK:  # passes, with a 10% or greater chance of failing
        out[slot["test"]] = ["at-risk"]
        return out
    if isinstance(trigger, dict) and trigger.get("type") == ids.CHIP:
        key = trigger.get("key")
        if not value or key not in slot:
            return out
        out[slot[key]] = None if key in CATEGORIES or key == "area" else full_span(bounds, key)
        out[-len(GRAPHS):] = clear_graphs
        return out
    selected = selected if isinstance(selected, dict) else None
    # plotly also reports "nothing selected" when a redraw clears its drawn box, so for
    # drawn selections only a new box or lasso counts; chips and Reset clear them
    if trigger == ids.EXPLORE_SCATTER:
        area = _area_from(selected, choice(x, X_AXES, "tuition")) if selected else None
        if area is not None:
            out[slot["area"]] = area
    elif trigger == ids.EXPLORE_HISTOGRAM:
        earnings = _range_from(selected, bounds["earnings"]["max"]) if selected else None
        if earnings is not None:
            out[slot["earnings"]] = earnings
    elif trigger == ids.EXPLORE_TESTS:  # a segment: its outcome
        points = (selected or {}).get("points") or []
        values = [p["customdata"][0] for p in points
                  if isinstance(p, dict) and isinstance(p.get("customdata"), list)]
        out[slot["test"]] = list(dict.fromkeys(values)) or None
    elif trigger in (ids.EXPLORE_GROUPS, ids.EXPLORE_STATES):
        key = "state" if trigger == ids.EXPLORE_STATES else choice(group, CATEGORIES, None)
        if key is None:
            return out
        points = (selected or {}).get("points") or []
        values = [p["customdata"][0] for p in points
                  if isinstance(p, dict) and isinstance(p.get("customdata"), list)]
        out[slot[key]] = list(dict.fromkeys(values)) or None
    return out


def typical_inputs(service, selection: object) -> tuple[list | None, str]:
    """Predictor values for the selection's typical program, and a note saying so."""
    parsed = service.parse_filters(selection)
    typical = service.typical_scenario(parsed.filters)
    if typical is None:
        return None, "No programs are selected: widen the filters first."
    values = [typical["credential"], typical["field"], typical["program"],
              *page_values(typical)]
    note = (f"Filled from the {typical['n']:,} programs selected in the explorer: their most "
            "common credential, field, control, region and locale, and median admission "
            "rate, SAT and tuition.")
    return values, note


def _whole(value: object, default: int) -> int:
    return int(value) if isinstance(value, (int, float)) and math.isfinite(value) else default


def table_page(service, selection: object, search: object, request: object) -> dict:
    """One page of rows for the grid's request (sorted and searched on the server)."""
    request = request if isinstance(request, dict) else {}
    start = max(0, _whole(request.get("startRow"), 0))
    end = min(start + 500, max(start, _whole(request.get("endRow"), start + 25)))
    rows, total = service.program_records(service.parse_filters(selection).filters,
                                          search if isinstance(search, str) else "",
                                          request.get("sortModel") or [], start, end)
    return {"rowData": rows, "rowCount": total}


def download(service, selection: object, search: object, request: object) -> dict:
    """The selection (searched and sorted as the table shows it) as a CSV file."""
    sort = request.get("sortModel") if isinstance(request, dict) else None
    frame, _ = service.program_rows(service.parse_filters(selection).filters,
                                    search if isinstance(search, str) else "", sort or [],
                                    0, MAX_DOWNLOAD)
    return dcc.send_data_frame(frame.to_csv, "college-earnings-selection.csv", index=False)


def register(app, ctx) -> None:
    """Register the explorer's callbacks."""
    service = ctx.service
    bounds = service.explorer.filter_options()

    app.clientside_callback(ClientsideFunction("explorer", "ask"),
                            Output(ids.EXPLORE_ASK, "data"), *ASK_INPUTS)

    @app.callback(output=CHART_OUTPUTS,
                  inputs={"ask": CHART_INPUTS[0], **NAMED_VALUES,
                          "drawn": State(ids.EXPLORE_DRAWN, "data"), "url": URL.states},
                  prevent_initial_call=True)
    def update_charts(ask, controls, area, x, colour, group, small, horizon, tab, drawn, url):
        if tab != "explore":  # drawn when the tab shows, not on every page load
            raise PreventUpdate
        raw = filters_from_controls(dict(zip(FILTER_NAMES, controls)), bounds, area)
        own = [*controls, area, x, colour, group, small, horizon, tab]  # CHART_VALUES' order
        return [*draw(service.horizon(horizon), raw,
                      View.read(x, group, colour, hidden(small)), drawn),
                *URL.query(service, bounds, own, url)]

    # a box, lasso or range drawn, a chip's x, Reset or "beats expectation", told in the
    # browser from what plotly reports when a redraw clears a drawn selection and from chips
    # drawn again, so that those cost no round trip
    app.clientside_callback(ClientsideFunction("explorer", "picked"),
                            Output(ids.EXPLORE_PICKED, "data"),
                            Input(ids.EXPLORE_SCATTER, "selectedData"),
                            Input(ids.EXPLORE_HISTOGRAM, "selectedData"),
                            Input({"type": ids.CHIP, "key": ALL}, "n_clicks"),
                            Input(ids.EXPLORE_RESET, "n_clicks"),
                            Input(ids.EXPLORE_BEATS, "n_clicks"),
                            Input(ids.EXPLORE_AT_RISK, "n_clicks"), prevent_initial_call=True)

    @app.callback(*[Output(i, "value", allow_duplicate=True) for i in FILTER_IDS],
                  Output(ids.EXPLORE_AREA, "data", allow_duplicate=True),
                  *[Output(g, "selectedData") for g in GRAPHS],
                  Input(ids.EXPLORE_PICKED, "data"),
                  Input(ids.EXPLORE_GROUPS, "selectedData"),
                  Input(ids.EXPLORE_STATES, "selectedData"),
                  Input(ids.EXPLORE_TESTS, "selectedData"),
                  State(ids.EXPLORE_GROUP, "value"), State(ids.EXPLORE_X, "value"),
                  prevent_initial_call=True)
    def select(picked, groups, states, tests, group, x):
        trigger = callback_context.triggered_id
        if trigger == ids.EXPLORE_PICKED:  # (a crafted post may send anything)
            picked = picked if isinstance(picked, dict) else {}
            trigger, value, selected = (picked.get("trigger"), picked.get("value"),
                                        picked.get("selected"))
        else:  # a bar or a tile clicked, or clicked off
            value, selected = None, {ids.EXPLORE_GROUPS: groups, ids.EXPLORE_STATES: states,
                                     ids.EXPLORE_TESTS: tests}.get(trigger)
        return interact(trigger, value, selected, group, x, bounds)

    app.clientside_callback(ClientsideFunction("explorer", "refreshTable"),
                            Output(ids.EXPLORE_REFRESH, "children"),
                            Input(ids.EXPLORE_SELECTION, "data"),
                            Input(ids.EXPLORE_SEARCH, "value"),
                            prevent_initial_call=True)  # the grid asks for its first rows

    @app.callback(Output(ids.EXPLORE_TABLE, "getRowsResponse"),
                  Output(ids.EXPLORE_TABLE_COUNT, "children"),
                  Input(ids.EXPLORE_TABLE, "getRowsRequest"),
                  State(ids.EXPLORE_SELECTION, "data"), State(ids.EXPLORE_SEARCH, "value"))
    def table_rows(request, selection, search):
        page = table_page(service, selection, search, request)
        return page, plural(page["rowCount"], "program")

    @app.callback(Output(ids.EXPLORE_DOWNLOAD, "data"),
                  Input(ids.EXPLORE_DOWNLOAD_BUTTON, "n_clicks"),
                  State(ids.EXPLORE_SELECTION, "data"), State(ids.EXPLORE_SEARCH, "value"),
                  State(ids.EXPLORE_TABLE, "getRowsRequest"), prevent_initial_call=True)
    def download_csv(_clicks, selection, search, request):
        return download(service, selection, search, request)

    @app.callback(output=prefill.outputs(Output(ids.EXPLORE_MESSAGE, "children",
                                                allow_duplicate=True)),
                  inputs={"_clicks": Input(ids.EXPLORE_PREDICT, "n_clicks"),
                          "selection": State(ids.EXPLORE_SELECTION, "data")},
                  prevent_initial_call=True)
    def predict_selection(_clicks, selection):
        values, note = typical_inputs(service, selection)
        return prefill.refused(note) if values is None else prefill.filled(values, note)
