"""The whole page: header, demo notice, tabs with the predictor and the About panel."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from . import ids
from .about import about_panel
from .controls import controls_card

GRAPH_CONFIG = {"displaylogo": False, "responsive": True,
                "toImageButtonOptions": {"format": "png", "scale": 2}}


def demo_banner() -> dbc.Alert:
    """The notice shown on every page while demo data is in use."""
    return dbc.Alert([html.Strong("Demo data: "),
                      "these programs and earnings are generated for demonstration, not real "
                      "College Scorecard figures. See the README to load real data."],
                     id=ids.DEMO_BANNER, color="warning", className="py-2 mb-3 demo-banner")


def _graph(component_id: str, name: str) -> dbc.Card:
    config = {**GRAPH_CONFIG, "toImageButtonOptions": {
        **GRAPH_CONFIG["toImageButtonOptions"], "filename": name}}
    return dbc.Card(dbc.CardBody(dcc.Loading(
        dcc.Graph(id=component_id, config=config, style={"height": "380px"}),
        type="circle", delay_show=300)), className="shadow-sm h-100")


def predictor(options: dict) -> dbc.Row:
    """Controls on the left; prediction card and the two charts on the right."""
    return dbc.Row([
        dbc.Col(controls_card(options), xs=12, md=4, xl=3, className="mb-3"),
        dbc.Col([
            html.Div(id=ids.MESSAGE, role="alert", **{"aria-live": "polite"}),
            dbc.Card(dbc.CardBody(dcc.Loading(html.Div(id=ids.CARD), type="dot",
                                              delay_show=300)),
                     className="shadow-sm mb-3 prediction-card"),
            dbc.Row([
                dbc.Col(_graph(ids.DISTRIBUTION, "earnings-distribution"), xs=12, xl=6,
                        className="mb-3"),
                dbc.Col(_graph(ids.BREAKDOWN, "prediction-breakdown"), xs=12, xl=6,
                        className="mb-3"),
            ]),
        ], xs=12, md=8, xl=9),
    ])


def _release_badge(release: str) -> str:
    return "College Scorecard data" if release == "unknown" else f"Scorecard {release}"


def layout(options: dict, info: dict) -> html.Div:
    """The page for a model with these options and this info (ModelService.info())."""
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
        header,
        dbc.Container([
            demo_banner() if demo else None,
            dbc.Tabs([
                dbc.Tab(predictor(options), label="Predict", tab_id="predict",
                        className="pt-3"),
                dbc.Tab(about_panel(info), label="About", tab_id="about",
                        className="pt-3", id=ids.ABOUT),
            ], id=ids.TABS, active_tab="predict"),
            html.Footer(["Data: U.S. Department of Education College Scorecard. ",
                         f"Predicting {info['target_definition']}."],
                        className="text-muted small my-4"),
        ], fluid=True, className="page"),
    ])
