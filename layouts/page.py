"""The whole page: a shell (header, demo notice, URL) around the tabs, which are drawn from
the page state (predictor inputs, explorer filters and views, pinned scenarios, tab)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from . import ids
from .about import about_panel
from .cards import graph_card
from .compare import compare_section
from .controls import controls_card
from .explorer import explorer
from .institution import institution_panel
from .tabs import tabs


def demo_banner() -> dbc.Alert:
    """The notice shown on every page while demo data is in use."""
    return dbc.Alert([html.Strong("Demo data: "),
                      "these programs and earnings are generated for demonstration, not real "
                      "College Scorecard figures. See docs/real-data.md to load real data."],
                     id=ids.DEMO_BANNER, color="warning", className="py-2 mb-3 demo-banner")


def predictor(options: dict, values: dict | None = None, pins: list | None = None,
              institution: dict | None = None, bachelor: float | None = None) -> dbc.Row:
    """Controls on the left; prediction card, the two charts and pinned scenarios right."""
    return dbc.Row([
        dbc.Col(controls_card(options, values, institution, bachelor), xs=12, md=4, xl=3,
                className="mb-3"),
        dbc.Col([
            html.Div(id=ids.MESSAGE, role="alert"),
            html.Div(id=ids.ANNOUNCE, role="status", className="visually-hidden",
                     **{"aria-live": "polite", "aria-atomic": "true"}),
            dbc.Card(dbc.CardBody(dcc.Loading(html.Div(id=ids.CARD), type="dot",
                                              delay_show=300)),
                     className="shadow-sm mb-3 prediction-card"),
            dbc.Row([
                dbc.Col(graph_card(ids.DISTRIBUTION, "distribution"), xs=12, xl=6,
                        className="mb-3"),
                dbc.Col(graph_card(ids.BREAKDOWN, "breakdown"), xs=12, xl=6,
                        className="mb-3"),
            ]),
            compare_section(pins or []),
        ], xs=12, md=8, xl=9),
    ])


def horizon_bar(horizons: list[dict], chosen: str) -> html.Div:
    """Which earnings the page shows, when the release measures several horizons (hidden,
    with the one horizon, when it does not)."""
    options = [{"label": h["title"] + (f" ({h['dollars']} dollars)" if h.get("dollars")
                                       else ""), "value": h["column"]} for h in horizons]
    several = len(horizons) > 1
    return html.Div([
        dbc.Label("Earnings", html_for=ids.HORIZON, className="fw-semibold mb-0 me-2"),
        dbc.Select(id=ids.HORIZON, options=options, value=chosen, size="sm",
                   style={"width": "auto", "maxWidth": "100%"}),
        html.Span("Each horizon has its own model, and the horizons measure different "
                  "completion cohorts.", className="small text-muted ms-2"),
    ], className="d-flex flex-wrap align-items-center mb-2" if several else None,
        hidden=not several)  # d-flex would override `hidden` (display: flex !important)


def content(options: dict, info: dict, explore_options: dict, state: dict) -> html.Div:
    """The horizon chooser and the tabs for a page state: {"inputs", "filters", "view",
    "horizon", "tab", "pins", "institution", "peers", "bachelor", "filtered_on" (the
    institutions the explorer filters on, labelled)}."""
    return html.Div([
        horizon_bar(info["horizons"], state.get("horizon") or info["target"]),
        tabs([("predict", "Predict", predictor(options, state["inputs"], state["pins"],
                                               state.get("institution"),
                                               state.get("bachelor"))),
              ("explore", "Explore", explorer(explore_options, state["filters"],
                                              state["view"], state.get("filtered_on"))),
              ("institution", "Institution", institution_panel(state.get("institution"),
                                                               state.get("peers") or [])),
              ("about", "About", about_panel(info))], state["tab"], "Views")])


def measure_footer(info: dict, horizon: object) -> str:
    """'Predicting: <the chosen horizon's measure in full>.' (the target's by default)."""
    chosen = next((h["label"] for h in info.get("horizons") or []
                   if h["column"] == horizon), info["target_definition"])
    return f"Predicting: {chosen}."


def _release_badge(release: str) -> str:
    return "College Scorecard data" if release == "unknown" else f"Scorecard {release}"


def layout(options: dict, info: dict, explore_options: dict, state: dict,
           query: str | None = None) -> html.Div:
    """The page for a model with these options and this info (ModelService.info()), drawn
    for `state`; `query` is the link it was drawn from, if any (so it is not drawn again)."""
    demo = bool(info["demo"])
    brand = [html.Span("College Earnings", className="fw-bold"),
             html.Span(" · what graduates of U.S. programs earn", className="d-none d-md-inline")]
    header = dbc.Navbar(dbc.Container([
        dbc.NavbarBrand(brand, className="text-wrap"),
        dbc.Badge("Demo data", color="warning", text_color="dark", className="ms-auto")
        if demo else dbc.Badge(_release_badge(info["data"]["release"]), color="light",
                               text_color="dark", className="ms-auto"),
    ], fluid=True), color="dark", dark=True, className="mb-3")
    return html.Div([
        html.A("Skip to main content", href=f"#{ids.SKIP_TARGET}",
               className="visually-hidden-focusable skip-link"),
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.URL_WRITTEN, data=query), dcc.Store(id=ids.URL_ASKED),
        dcc.Store(id=ids.TAB_ASKED), dcc.Store(id=ids.EXPORT_ASKED),
        header,
        dbc.Container([
            html.Main([
                demo_banner() if demo else None,
                html.Div(id=ids.URL_NOTICE),
                html.Div(id=ids.EXPORT_MESSAGE, role="status", **{"aria-live": "polite"}),
                dcc.Download(id=ids.EXPORT_DOWNLOAD),
                html.Div(content(options, info, explore_options, state), id=ids.CONTENT),
            ], id=ids.SKIP_TARGET, tabIndex=-1),
            html.Footer(["Data: U.S. Department of Education College Scorecard. ",
                         html.Span(measure_footer(info, state.get("horizon")),
                                   id=ids.FOOTER_MEASURE)],
                        className="text-muted small my-4"),
        ], fluid=True, className="page"),
    ])


def dropdown_ids(page) -> list[str]:
    """Every dropdown the page draws, by id: the browser keeps the page inert until each is
    drawn (assets/a11y.js), as dcc.Dropdown shows up about half a second after the rest."""
    return [c.id for c in page._traverse() if isinstance(c, dcc.Dropdown)
            and isinstance(getattr(c, "id", None), str)]
