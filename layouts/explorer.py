"""The Explore tab: filter controls, a selection summary with chips, four linked charts and
the programs table."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from model.serving.filters import View

from . import ids
from .cards import graph_card

X_CHOICES = [{"label": "Yearly tuition", "value": "tuition"},
             {"label": "Average net price", "value": "net_price"},
             {"label": "Average SAT", "value": "sat"},
             {"label": "Admission rate", "value": "admission_rate"},
             {"label": "Expected earnings", "value": "expected"},
             {"label": "Median debt", "value": "debt"},
             {"label": "Premium over high-school earnings", "value": "premium"}]
COLOUR_CHOICES = [{"label": "Control", "value": "control"},
                  {"label": "Actual minus expected", "value": "gap"},
                  {"label": "Federal earnings test", "value": "test"}]
GROUP_CHOICES = [{"label": "Field of study", "value": "field"},
                 {"label": "Credential", "value": "credential"},
                 {"label": "Region", "value": "region"},
                 {"label": "Control", "value": "control"},
                 {"label": "Locale", "value": "locale"},
                 {"label": "State", "value": "state"}]
MONEY = {"function": "params.value == null ? 'not reported' : '$' + "
                     "Math.round(params.value).toLocaleString('en-US')"}
SIGNED = {"function": "params.value == null ? 'not reported' : (params.value < 0 ? '-' : "
                      "'+') + '$' + Math.abs(Math.round(params.value)).toLocaleString('en-US')"}
COLUMNS = [
    {"field": "institution", "headerName": "Institution", "flex": 2, "minWidth": 180},
    {"field": "state", "headerName": "State", "width": 80},
    {"field": "program", "headerName": "Program", "flex": 2, "minWidth": 160},
    {"field": "credential", "headerName": "Credential", "flex": 1, "minWidth": 130},
    {"field": "control", "headerName": "Control", "flex": 1, "minWidth": 110},
    {"field": "earnings", "headerName": "Earnings", "width": 110, "valueFormatter": MONEY,
     "type": "rightAligned"},
    {"field": "expected", "headerName": "Expected", "width": 110, "valueFormatter": MONEY,
     "type": "rightAligned", "headerTooltip": "What the model expects of the program, from "
                                             "models that never saw it (cross-fitted)"},
    {"field": "gap", "headerName": "Actual − expected", "width": 140,
     "valueFormatter": SIGNED, "type": "rightAligned"},
    {"field": "graduates", "headerName": "Graduates", "width": 110, "type": "rightAligned",
     "headerTooltip": "Graduates in the latest year (IPEDSCOUNT2): how many the median "
                      "rests on", "valueFormatter": {
         "function": "params.value == null ? 'not reported' : "
                     "params.value.toLocaleString('en-US')"}},
    {"field": "debt", "headerName": "Median debt", "width": 120, "valueFormatter": MONEY,
     "type": "rightAligned", "headerTooltip": "Median federal loan debt of completers "
                                             "(DEBT_ALL_STGP_EVAL_MDN)"},
    {"field": "premium", "headerName": "Premium", "width": 110, "valueFormatter": SIGNED,
     "type": "rightAligned", "headerTooltip": "Earnings above what high-school graduates "
                                             "of the state earn (EARN_THR_STATE)"},
    {"field": "tuition", "headerName": "Tuition", "width": 105, "valueFormatter": MONEY,
     "type": "rightAligned"},
    {"field": "net_price", "headerName": "Net price", "width": 110, "valueFormatter": MONEY,
     "type": "rightAligned", "headerTooltip": "Average net price: cost of attendance less "
                                              "grants (NPT4_PUB, NPT4_PRIV or NPT4_PROG)"},
    {"field": "test", "headerName": "Earnings test", "width": 150,
     "headerTooltip": "The federal earnings test on 4-year earnings (EARN_MDN_4YR) against "
                      "the high-school benchmark; at risk: passes with a 10% or greater "
                      "chance of failing (About tab)"},
    {"field": "test_p_below", "headerName": "Chance of failing", "width": 130,
     "type": "rightAligned", "headerTooltip": "The chance that the program's true 4-year "
                                              "median is at or below the benchmark",
     "valueFormatter": {"function": "params.value == null ? '' : (params.value < 0.005 ? "
                                    "'<1%' : params.value > 0.995 ? '>99%' : "
                                    "Math.round(params.value * 100) + '%')"}},
    {"field": "test_margin", "headerName": "Test margin", "width": 120,
     "valueFormatter": SIGNED, "type": "rightAligned",
     "headerTooltip": "4-year median minus the benchmark"},
    {"field": "payback_years", "headerName": "Payback", "width": 100, "type": "rightAligned",
     "headerTooltip": "Years of the premium over the benchmark that repay the total net "
                      "price (undergraduate credentials)", "valueFormatter": {
         "function": "params.data && params.data.payback_never ? 'never' : "
                     "params.value == null ? '' : params.value.toFixed(1) + ' yr'"}},
    {"field": "sat", "headerName": "SAT", "width": 80, "type": "rightAligned"},
    {"field": "admission_rate", "headerName": "Admitted", "width": 100, "type": "rightAligned",
     "valueFormatter": {"function": "params.value == null ? '' : "
                                    "Math.round(params.value * 100) + '%'"}},
]
PAGE_SIZE = 25


def _choices(values: list[dict]) -> list[dict]:
    return [{"label": f"{o['label']} ({o['count']:,})", "value": o["value"]} for o in values]


def _multi(component_id: str, label: str, options: list[dict], value: list) -> html.Div:
    return html.Div([
        dbc.Label(label, html_for=component_id, className="fw-semibold mb-1 small"),
        dcc.Dropdown(id=component_id, options=_choices(options), value=value or None,
                     multi=True, placeholder="All"),
    ], className="mb-2")


def _money_marks(low: float, top: float) -> dict:
    step = (top - low) / 4
    marks = {}
    for i in range(5):
        value = int(round(low + step * i, -3))
        marks[value] = ("-" if value < 0 else "") + f"${abs(value) / 1000:,.0f}k"
    return marks


def _range(component_id: str, label: str, bounds: dict, value: list | None,
           note: str | None = None) -> html.Div:
    low, top = bounds["min"], bounds["max"]
    # a group named by its label: the slider's thumbs ("Minimum", "Maximum") and number boxes
    # are read as parts of it (assets/a11y.js names the boxes and reads the values in dollars)
    return html.Div([
        html.Div(label, id=f"{component_id}-label", className="form-label fw-semibold mb-1 small"),
        dcc.RangeSlider(id=component_id, min=low, max=top, step=500,
                        value=list(value) if value else [low, top],
                        marks=_money_marks(low, top), allowCross=False, updatemode="mouseup",
                        tooltip={"placement": "bottom", "transform": "money"}),
        html.Div(note, className="form-text") if note else None,
    ], className="mb-3", hidden=not bounds.get("available", True), role="group",
        **{"aria-labelledby": f"{component_id}-label"})


def small_switch(hide: bool) -> html.Div:
    """Whether the bar chart and the map leave out groups of fewer than 5 programs."""
    return html.Div(dbc.Checklist(
        id=ids.EXPLORE_SMALL, switch=True, value=["hide"] if hide else [], className="small",
        options=[{"label": "Hide groups of fewer than 5 programs (bars and states)",
                  "value": "hide"}]), className="mb-3")


def filters_card(options: dict, filters: dict, hide_small: bool = False,
                 institutions: list[dict] | None = None) -> dbc.Card:
    """The filter controls; they share one state with the charts' selections
    (`institutions`: the chosen institutions' {"value", "label"}: that control searches)."""
    return dbc.Card([
        dbc.CardHeader(html.H2("Filters", className="h6 mb-0")),
        dbc.CardBody([
            _multi(ids.EXPLORE_CREDENTIAL, "Credential", options["credential"],
                   filters["credential"]),
            _multi(ids.EXPLORE_FIELD, "Field of study", options["field"], filters["field"]),
            _multi(ids.EXPLORE_CONTROL, "Control", options["control"], filters["control"]),
            _multi(ids.EXPLORE_REGION, "Region", options["region"], filters["region"]),
            _multi(ids.EXPLORE_LOCALE, "Locale", options["locale"], filters["locale"]),
            _multi(ids.EXPLORE_STATE, "State", options["state"], filters["state"]),
            _multi(ids.EXPLORE_TEST, "Federal earnings test (4-year earnings)",
                   options["test"], filters["test"]),
            _multi(ids.EXPLORE_RISK, "Chance of failing the test", options["risk"],
                   filters["risk"]),
            html.Div([
                dbc.Label("Institution", html_for=ids.EXPLORE_INSTITUTION,
                          className="fw-semibold mb-1 small"),
                dcc.Dropdown(id=ids.EXPLORE_INSTITUTION, options=institutions or [],
                             value=filters.get("institution") or None, multi=True,
                             searchable=True, placeholder="All (type a name)"),
            ], className="mb-2"),
            dbc.Button("Programs at risk", id=ids.EXPLORE_AT_RISK, size="sm",
                       color="primary", outline=True, className="w-100 mb-3"),
            _range(ids.EXPLORE_EARNINGS, "Earnings", options["earnings"], filters["earnings"]),
            _range(ids.EXPLORE_GAP, "Actual minus expected", options["gap"], filters["gap"],
                   "What programs earn above (or below) what the model expects of them."),
            dbc.Button("Programs that beat expectation", id=ids.EXPLORE_BEATS, size="sm",
                       color="primary", outline=True, className="w-100 mb-3"),
            _range(ids.EXPLORE_TUITION, "Yearly tuition", options["tuition"],
                   filters["tuition"]),
            _range(ids.EXPLORE_DEBT, "Median debt", options["debt"], filters["debt"]),
            _range(ids.EXPLORE_PREMIUM, "Premium over high-school earnings",
                   options["premium"], filters["premium"],
                   "Earnings above what high-school graduates of the state earn."),
            dcc.Store(id=ids.EXPLORE_AREA, data=filters["area"]),
            small_switch(hide_small),
            dbc.Button("Reset all filters", id=ids.EXPLORE_RESET, color="secondary",
                       outline=True, size="sm", className="w-100"),
        ]),
    ], className="shadow-sm controls-card")


def _chooser(component_id: str, label: str, choices: list[dict], value: str) -> html.Div:
    return html.Div([
        dbc.Label(label, html_for=component_id, className="small text-muted mb-0 me-2"),
        dbc.Select(id=component_id, options=choices, value=value, size="sm",
                   className="chart-chooser", style={"width": "auto"}),
    ], className="d-flex align-items-center justify-content-end mb-1 mw-100")


def summary_bar() -> dbc.Card:
    """The selection summary, the active filters as chips, and the link to the predictor."""
    return dbc.Card(dbc.CardBody([
        html.Div([
            html.Div(id=ids.EXPLORE_SUMMARY, className="me-auto", **{"aria-live": "polite"}),
            dbc.Button("Predict for this selection", id=ids.EXPLORE_PREDICT, color="primary",
                       size="sm"),
        ], className="d-flex flex-wrap align-items-center gap-2"),
        html.Div(id=ids.EXPLORE_CHIPS, className="d-flex flex-wrap gap-2 mt-2"),
        html.Div(id=ids.EXPLORE_MESSAGE, role="alert"),
        dcc.Store(id=ids.EXPLORE_SELECTION), dcc.Store(id=ids.EXPLORE_DRAWN),
        dcc.Store(id=ids.EXPLORE_ASK), dcc.Store(id=ids.EXPLORE_PICKED),
    ]), className="shadow-sm mb-3")


def table_card() -> dbc.Card:
    """The selected programs: sorted, paged and searched on the server; a CSV download."""
    return dbc.Card([
        dbc.CardHeader(html.Div([
            html.H2("Programs in the selection", className="h6 mb-0 me-auto"),
            html.Span(id=ids.EXPLORE_TABLE_COUNT, className="small text-muted"),
            dbc.Label("Search programs", html_for=ids.EXPLORE_SEARCH,
                      className="visually-hidden"),
            dbc.Input(id=ids.EXPLORE_SEARCH, type="search", debounce=True, size="sm",
                      placeholder="Search institution, city, state or program",
                      style={"maxWidth": "20rem"}),
            dbc.Button("Download CSV", id=ids.EXPLORE_DOWNLOAD_BUTTON, size="sm",
                       color="secondary", outline=True),
            dbc.Button("All programs of the selected row's institution", id=ids.EXPLORE_OPEN,
                       size="sm", color="primary"),
            dcc.Download(id=ids.EXPLORE_DOWNLOAD),
        ], className="d-flex flex-wrap align-items-center gap-2")),
        dbc.CardBody(dag.AgGrid(
            id=ids.EXPLORE_TABLE, columnDefs=COLUMNS, rowModelType="infinite",
            defaultColDef={"sortable": True, "resizable": True},
            dashGridOptions={"pagination": True, "paginationPageSize": PAGE_SIZE,
                             "cacheBlockSize": PAGE_SIZE, "maxBlocksInCache": 8,
                             "paginationPageSizeSelector": False,
                             "domLayout": "autoHeight",
                             "rowSelection": {"mode": "singleRow", "checkboxes": False,
                                              "enableClickSelection": True}},
            style={"width": "100%"}), className="p-2"),
        html.Div(id=ids.EXPLORE_REFRESH, hidden=True),
    ], className="shadow-sm mb-3")


def explorer(options: dict, filters: dict, view: View,
             institutions: list[dict] | None = None) -> dbc.Row:
    """The whole tab, showing `filters` (a Filters.as_dict()) as `view` says (`institutions`:
    the institutions filtered on, labelled)."""
    x_choices = [c for c in X_CHOICES if options.get(c["value"], {}).get("available", True)]
    return dbc.Row([
        dbc.Col(filters_card(options, filters, view.hide_small, institutions), xs=12, md=4, xl=3,
                className="mb-3"),
        dbc.Col([
            summary_bar(),
            dbc.Row([
                dbc.Col(graph_card(ids.EXPLORE_SCATTER, "scatter", html.Div([
                    _chooser(ids.EXPLORE_X, "Against", x_choices, view.x),
                    _chooser(ids.EXPLORE_COLOUR, "Colour", COLOUR_CHOICES, view.colour)],
                    className="d-flex flex-wrap gap-2"), lasso=True, height="430px",
                    keyboard="Drag a box or a lasso to select programs; without a mouse, the "
                             "filters on the left select the same."),
                        xs=12, xl=6, className="mb-3"),
                dbc.Col(graph_card(ids.EXPLORE_HISTOGRAM, "histogram", height="430px",
                                   keyboard="Drag across the bars to filter by earnings; "
                                            "without a mouse, use the Earnings slider."),
                        xs=12, xl=6, className="mb-3"),
                dbc.Col(graph_card(ids.EXPLORE_GROUPS, "groups",
                                   _chooser(ids.EXPLORE_GROUP, "Group by", GROUP_CHOICES,
                                            view.group), height=None, scroll=True,
                                   keyboard="Click a bar to filter by its group; without a "
                                            "mouse, use the matching filter on the left."),
                        xs=12, xl=6, className="mb-3"),
                dbc.Col(graph_card(ids.EXPLORE_STATES, "states",
                                   keyboard="Click a state to filter by it; without a mouse, "
                                            "use the State filter."),
                        xs=12, xl=6, className="mb-3"),
                dbc.Col(graph_card(ids.EXPLORE_TESTS, "tests", height=None, scroll=True,
                                   keyboard="Click a segment to filter by its outcome; "
                                            "without a mouse, use the Federal earnings test "
                                            "filter. Grouped as the bars are (Group by)."),
                        xs=12, className="mb-3"),
            ]),
            table_card(),
        ], xs=12, md=8, xl=9),
    ])
