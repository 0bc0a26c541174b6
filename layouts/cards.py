"""The card every chart sits in, and the chart toolbar's settings."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

GRAPH_CONFIG = {"displaylogo": False, "responsive": True,
                "toImageButtonOptions": {"format": "png", "scale": 2}}


def graph_card(component_id: str, name: str, header=None, lasso: bool = False,
               height: str | None = "380px", scroll: bool = False) -> dbc.Card:
    """A chart in a card; `name` becomes the downloaded image's file name. A `scroll`
    chart keeps its own height and scrolls inside a card as tall as the others."""
    config = {**GRAPH_CONFIG, "toImageButtonOptions": {
        **GRAPH_CONFIG["toImageButtonOptions"], "filename": name}}
    if not lasso:
        config["modeBarButtonsToRemove"] = ["lasso2d"]
    style = {"height": height} if height else {}
    graph = dcc.Loading(dcc.Graph(id=component_id, config=config, style=style),
                        type="circle", delay_show=300)
    if scroll:
        graph = html.Div(graph, className="chart-scroll", tabIndex=0)
    return dbc.Card(dbc.CardBody([header, graph]), className="shadow-sm h-100")
