"""The Institution tab: one institution, all its programs. A picker and peers chosen by hand
(always on the page), and the body the view callback draws for a profile
(ModelService.institution_profile): the header and its figures, the programs table, the
three charts with their words and tables, and peers side by side."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from model import codes
from model.serving.institutions import NO_PEERS

from . import ids
from .cards import GRAPH_CONFIG
from .chart_table import table_box
from .explorer import MONEY, SIGNED

PERCENT = {"function": "params.value == null ? '' : (params.value < 0.005 ? '<1%' : "
                       "params.value > 0.995 ? '>99%' : Math.round(params.value * 100) + '%')"}
COUNT = {"function": "params.value == null ? '' : params.value.toLocaleString('en-US')"}
NUMBER_FILTER = {"filter": "agNumberColumnFilter", "type": "rightAligned"}
INTRO = ("Choose an institution to see all its programs: what each reports against what "
         "the model expects of it, its debt, the federal earnings test with how sure it is, "
         "and the institution beside peers like it.")


def picker(chosen: dict | None) -> html.Div:
    """The institution picker ({"value", "label"} chosen, or None)."""
    return html.Div([
        dbc.Label("Institution", html_for=ids.PROFILE_PICKER, className="fw-semibold mb-1"),
        dcc.Dropdown(id=ids.PROFILE_PICKER, options=[chosen] if chosen else [],
                     value=chosen["value"] if chosen else None, searchable=True,
                     clearable=False, placeholder="Type a name, city or state…"),
    ], id=ids.PROFILE_PICKER_BOX)


def institution_panel(chosen: dict | None, peers: list[dict]) -> html.Div:
    """The whole tab for an institution ({"value", "label"}) and peers chosen by hand
    (the same shape); callbacks.institution_view fills it for the institution."""
    return html.Div([
        dbc.Row([
            dbc.Col(picker(chosen), xs=12, lg=6, className="mb-2"),
            dbc.Col(html.Div([
                dbc.Label("Peers (chosen by hand; none: chosen by the rule)",
                          html_for=ids.PROFILE_PEERS, className="fw-semibold mb-1"),
                dcc.Dropdown(id=ids.PROFILE_PEERS, options=peers,
                             value=[p["value"] for p in peers] or None, multi=True,
                             searchable=True, placeholder="Type a name to add a peer…"),
            ]), xs=12, lg=6, className="mb-2"),
        ]),
        html.Div(id=ids.PROFILE_MESSAGE, role="alert"),
        html.P(INTRO, id=ids.PROFILE_INTRO, className="text-muted", hidden=bool(chosen)),
        html.Div([
            dcc.Loading(html.Div(id=ids.PROFILE_BODY), type="dot", delay_show=300),
            actions(),
            programs_table(),
            dbc.Row([
                dbc.Col(chart_card(ids.PROFILE_ACTUAL, "Reported against expected"),
                        xs=12, xl=6, className="mb-3"),
                dbc.Col(chart_card(ids.PROFILE_MARGINS, "Earnings-test margins",
                                   scroll=True), xs=12, xl=6, className="mb-3"),
            ]),
            html.Div(id=ids.PROFILE_PEERS_TABLE),
            chart_card(ids.PROFILE_BESIDE, "Beside peers"),
        ], id=ids.PROFILE_CONTENT, hidden=not chosen),
        dcc.Store(id=ids.PROFILE_SHOWN), dcc.Store(id=ids.PROFILE_ASK),
        dcc.Download(id=ids.PROFILE_DOWNLOAD),
    ])


# --- the body ------------------------------------------------------------------------
def _money(value: float | None) -> str:
    return "not reported" if value is None else codes.money(value)


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def facts(items: list[tuple[str, str]]) -> html.Dl:
    """Labelled figures, two to a line on a wide screen."""
    return html.Dl([part for label, value in items
                    for part in (html.Dt(label, className="col-sm-4 col-xl-2 small"),
                                 html.Dd(value, className="col-sm-8 col-xl-4 mb-1"))],
                   className="row mb-2")


def header(profile: dict) -> html.Div:
    """Name, place, the inputs the model uses, and how many programs and graduates."""
    inst, s = profile["institution"], profile["summary"]
    place = ", ".join(x for x in (inst.get("city"), inst.get("state")) if x)
    kind = " · ".join(x for x in (codes.CONTROL.get(inst.get("control")),
                                  codes.LOCALE.get(inst.get("locale")),
                                  codes.REGION.get(inst.get("region"))) if x)
    rate = inst.get("admission_rate")
    tuition = inst.get("tuition")
    inputs = [("Admission rate", "not reported" if rate is None else f"{rate:.0%}"),
              ("Average SAT", "not reported" if inst.get("sat") is None
               else f"{inst['sat']:,.0f}"),
              ("Yearly tuition", _money(tuition) + (" (its largest program's)" if
                                                    inst.get("tuition_kind") == "program-year"
                                                    else "")),
              ("Average net price", _money(inst.get("net_price")))]
    counts = (f"{s['programs']:,} program{'s' if s['programs'] != 1 else ''} in the release, "
              f"{s['graduates']:,.0f} graduates in the latest year: {s['published']:,} with "
              f"published earnings, {s['suppressed']:,} suppressed for privacy (PS), "
              f"{s['not_available']:,} not available (NA).")
    return html.Div([
        html.H2(inst.get("name") or inst["label"], className="h4 mb-1"),
        html.Div(" · ".join(x for x in (place, kind) if x), className="text-muted mb-2"),
        facts(inputs),
        html.P(counts, className="mb-1"),
    ])


def figures_list(profile: dict, test_note: str) -> html.Div:
    """The figures that sum up its programs, each with its n."""
    s, measure = profile["summary"], profile["measure"]
    tested = s["passes"] + s["at_risk"] + s["fails"]
    items = [
        ("Median of its programs' median earnings",
         f"{_money(s['median_earnings'])} (n={s['published']:,} programs; "
         f"{measure['title']})" if s["median_earnings"] is not None else
         "no program has published earnings"),
        ("Above what the model expects",
         f"{_share(s['above_expected'])} of programs; median gap "
         f"{_money(s['median_gap'])}" if s["above_expected"] is not None else "–"),
        ("Federal earnings test",
         f"{s['passes']:,} pass, {s['at_risk']:,} pass but at risk, {s['fails']:,} fail "
         f"(n={tested:,} tested); {s['not_tested']:,} not tested"),
        ("Median debt", _money(s["median_debt"])),
    ]
    return html.Div([
        facts(items),
        html.P(test_note, className="small text-muted mb-0"),
    ])


def actions() -> html.Div:
    """The report, the CSV, and one click to the explorer and the predictor."""
    return html.Div([
        dbc.Button("Download report (PDF)", id=ids.PROFILE_REPORT, color="primary",
                   size="sm"),
        dbc.Button("Download programs (CSV)", id=ids.PROFILE_CSV, color="secondary",
                   outline=True, size="sm"),
        dbc.Button("Show these programs in the explorer", id=ids.PROFILE_EXPLORE,
                   color="secondary", outline=True, size="sm"),
    ], className="d-flex flex-wrap gap-2 mb-3")


def _horizon_field(years: int) -> str:
    return f"earn_{years}"


def grid_rows(profile: dict) -> list[dict]:
    """One row per program, numbers as numbers (the grid formats them)."""
    rows = []
    for p in profile["programs"]:
        test = p.get("test") or {}
        rates = test.get("debt_rates") or {}
        cip = p.get("cipcode") or ""
        row = {"key": p["key"], "credential": p.get("credential"),
               "field": p.get("field"),
               "cip": f"{cip[:2]}.{cip[2:]}" if len(cip) == 4 else cip,
               "program": p.get("program"), "graduates": p.get("graduates"),
               "status": {"published": "published", "suppressed": "suppressed (PS)",
                          "not available": "not available (NA)"}.get(p["status"],
                                                                      p["status"]),
               "earnings": p.get("earnings"), "expected": p.get("expected"),
               "gap": p.get("gap"), "gap_percentile": p.get("gap_percentile"),
               "debt": p.get("debt"), "payment": p.get("payment"),
               "debt_annual": rates.get("annual_rate"),
               "debt_discretionary": rates.get("discretionary_rate"),
               "test": _outlook_words(test), "p_below": test.get("p_below"),
               "margin": test.get("margin"), "margin_pct": test.get("margin_pct"),
               "payback": test.get("payback_years"),
               "payback_never": bool(test.get("payback_never"))}
        for t in p.get("trajectory") or []:
            if t.get("years") is not None:
                row[_horizon_field(t["years"])] = t.get("earnings")
        rows.append(row)
    return rows


def _outlook_words(test: dict) -> str:
    outlook = test.get("outlook")
    return {"passes": "✓ Passes", "at-risk": "⚠ Passes, at risk", "fails": "✗ Fails"}.get(
        outlook, "– " + (test.get("status") or "not tested").capitalize())


def grid_columns(profile: dict) -> list[dict]:
    """The table's columns, one earnings column per horizon the release has."""
    horizons = [t for t in (profile["programs"][0]["trajectory"] if profile["programs"]
                            else []) if t.get("years") is not None]
    measure = profile["measure"]
    return [
        {"field": "credential", "headerName": "Credential", "minWidth": 150,
         "filter": "agTextColumnFilter", "pinned": "left"},
        {"field": "cip", "headerName": "CIP", "width": 90, "filter": "agTextColumnFilter"},
        {"field": "program", "headerName": "Program", "flex": 2, "minWidth": 220,
         "filter": "agTextColumnFilter"},
        {"field": "field", "headerName": "Field", "minWidth": 160, "filter": "agTextColumnFilter"},
        {"field": "graduates", "headerName": "Graduates", "width": 120,
         "valueFormatter": COUNT, **NUMBER_FILTER,
         "headerTooltip": "Awards in the latest year (IPEDSCOUNT2)"},
        {"field": "status", "headerName": "Earnings", "width": 150,
         "filter": "agTextColumnFilter",
         "headerTooltip": "Published, suppressed for privacy (PS) or not available (NA)"},
        *[{"field": _horizon_field(t["years"]),
           "headerName": f"{t['years']}-year earnings ($)", "width": 150,
           "valueFormatter": MONEY, **NUMBER_FILTER, "headerTooltip": t["label"]}
          for t in horizons],
        {"field": "expected", "headerName": "Expected ($)", "width": 130,
         "valueFormatter": MONEY, **NUMBER_FILTER,
         "headerTooltip": f"What the model expects of the program ({measure['title']}), "
                          "from models that never saw it (cross-fitted)"},
        {"field": "gap", "headerName": "Actual − expected ($)", "width": 170,
         "valueFormatter": SIGNED, **NUMBER_FILTER},
        {"field": "gap_percentile", "headerName": "Gap percentile", "width": 140,
         **NUMBER_FILTER, "headerTooltip": "Where the gap ranks among programs of the "
                                           "same credential (0-100)"},
        {"field": "debt", "headerName": "Median debt ($)", "width": 150,
         "valueFormatter": MONEY, **NUMBER_FILTER},
        {"field": "payment", "headerName": "Monthly payment ($)", "width": 170,
         "valueFormatter": MONEY, **NUMBER_FILTER,
         "headerTooltip": "The median debt repaid over 10 years at the federal rate"},
        {"field": "debt_annual", "headerName": "Debt-to-earnings", "width": 150,
         "valueFormatter": PERCENT, **NUMBER_FILTER,
         "headerTooltip": "Annual loan payment over the 4-year median (2023 GE rule: "
                          "passes at 8% or less)"},
        {"field": "debt_discretionary", "headerName": "Discretionary rate", "width": 160,
         "valueFormatter": PERCENT, **NUMBER_FILTER,
         "headerTooltip": "Annual loan payment over discretionary earnings (2023 GE rule: "
                          "passes at 20% or less)"},
        {"field": "test", "headerName": "Earnings test", "minWidth": 170,
         "filter": "agTextColumnFilter",
         "headerTooltip": "The federal earnings test on 4-year earnings (EARN_MDN_4YR) "
                          "against its benchmark; at risk: passes with a 10% or greater "
                          "chance of failing"},
        {"field": "p_below", "headerName": "Chance of failing", "width": 160,
         "valueFormatter": PERCENT, **NUMBER_FILTER},
        {"field": "margin", "headerName": "Test margin ($)", "width": 150,
         "valueFormatter": SIGNED, **NUMBER_FILTER,
         "headerTooltip": "4-year median minus the benchmark"},
        {"field": "payback", "headerName": "Payback (years)", "width": 150, **NUMBER_FILTER,
         "valueFormatter": {"function": "params.data && params.data.payback_never ? 'never' : "
                                        "params.value == null ? '' : params.value.toFixed(1)"}},
    ]


def programs_table() -> dbc.Card:
    """Every program (rows and columns filled by the view): sortable, filterable (a search
    and each column's filter), a row selected with a click or the space bar for 'Predict
    for the selected program'."""
    return dbc.Card([
        dbc.CardHeader(html.Div([
            html.H3("Programs", className="h6 mb-0 me-auto"),
            html.Span(id=ids.PROFILE_COUNT, className="small text-muted"),
            dbc.Label("Search the programs", html_for=ids.PROFILE_FILTER,
                      className="visually-hidden"),
            dbc.Input(id=ids.PROFILE_FILTER, type="search", size="sm",
                      placeholder="Search programs", style={"maxWidth": "16rem"}),
            dbc.Button("Predict for the selected program", id=ids.PROFILE_PREDICT,
                       size="sm", color="primary"),
        ], className="d-flex flex-wrap align-items-center gap-2")),
        dbc.CardBody([
            dag.AgGrid(id=ids.PROFILE_TABLE, rowData=[], columnDefs=[],
                       getRowId="params.data.key",
                       defaultColDef={"sortable": True, "resizable": True},
                       dashGridOptions={"pagination": True, "paginationPageSize": 25,
                                        "paginationPageSizeSelector": False,
                                        "domLayout": "autoHeight",
                                        "rowSelection": {"mode": "singleRow",
                                                         "checkboxes": False,
                                                         "enableClickSelection": True}},
                       style={"width": "100%"}),
            html.Div("Select a row (click it, or press the space bar on it) to predict for "
                     "that program; each column's menu filters it.",
                     className="form-text"),
        ], className="p-2"),
    ], className="shadow-sm mb-3")


def chart_card(component_id: str, label: str, scroll: bool = False) -> dbc.Card:
    """A chart (drawn by the view) with its text alternative (caption) and its data as a
    table; its PNG and SVG buttons (assets/export.js) draw it as it is shown. A `scroll`
    chart keeps its own height and scrolls inside the card."""
    config = {**GRAPH_CONFIG, "toImageButtonOptions": {
        **GRAPH_CONFIG["toImageButtonOptions"], "filename": component_id},
        "modeBarButtonsToRemove": [*GRAPH_CONFIG["modeBarButtonsToRemove"], "lasso2d",
                                   "select2d"]}
    graph = dcc.Graph(id=component_id, config=config, style={"height": "380px"})
    if scroll:
        graph = html.Div(graph, className="chart-scroll profile-scroll", tabIndex=0,
                         role="region", **{"aria-label": f"{label} (scrolls)"})
    return dbc.Card(dbc.CardBody([
        html.Figure([graph, html.Figcaption(id=ids.caption(component_id),
                                            className="small text-muted mt-1")],
                    className="mb-0"),
        table_box(component_id, label),
    ]), className="shadow-sm h-100")


def chart_height(figure: dict) -> dict:
    """The graph's style for a figure: as tall as its layout says."""
    return {"height": f"{(figure.get('layout') or {}).get('height') or 380}px"}


def peers_table(profile: dict) -> dbc.Card:
    """The institution and its peers, the same figures side by side, with the rule."""
    s = profile["summary"]
    rows = [(profile["institution"]["label"] + " (this institution)", s),
            *[(p["name"], p) for p in profile["peers"]]]

    def cells(r: dict) -> list:
        return [f"{r['programs']:,}", f"{r['published']:,}",
                _money(r["median_earnings"]) if r.get("median_earnings") is not None else "–",
                _share(r.get("above_expected")),
                _money(r["median_gap"]) if r.get("median_gap") is not None else "–",
                f"{r['passes']:,} / {r['at_risk']:,} / {r['fails']:,}",
                _money(r["median_debt"]) if r.get("median_debt") is not None else "–"]

    head = ["Institution", "Programs", "With earnings", "Median earnings", "Above expected",
            "Median gap", "Pass / at risk / fail", "Median debt"]
    return dbc.Card(dbc.CardBody([
        html.H3("Beside peers", className="h6"),
        html.P(profile["peer_rule"] if profile["peers"] else NO_PEERS,
               className="small text-muted"),
        html.Div(dbc.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
                            html.Tbody([html.Tr([html.Th(name, scope="row"),
                                                 *[html.Td(c) for c in cells(r)]])
                                        for name, r in rows])],
                           size="sm", striped=True, className="mb-0"),
                 className="table-responsive", tabIndex=0, role="region",
                 **{"aria-label": "The institution beside its peers"}),
    ]), className="shadow-sm mb-3")


def profile_body(profile: dict, test_note: str) -> dbc.Card:
    """The header and the figures that sum up its programs."""
    return dbc.Card(dbc.CardBody([header(profile), figures_list(profile, test_note)]),
                    className="shadow-sm mb-3")
