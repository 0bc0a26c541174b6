"""The card every chart sits in, and the chart toolbar's settings."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from . import ids
from .chart_table import table_box

TABLE_LABELS = {"distribution": "Earnings distribution", "breakdown": "The prediction's breakdown",
                "comparison": "Pinned scenarios", "scatter": "Earnings by the chosen measure",
                "histogram": "The selection's earnings", "groups": "Median earnings by group",
                "states": "Median earnings by state", "tests": "Federal earnings test by group"}

# The modebar's own download button gives way to PNG and SVG buttons (assets/export.js)
# that name the file after the figure's layout.meta.export_name and draw it at 2x.
GRAPH_CONFIG = {"displaylogo": False, "responsive": True,
                "toImageButtonOptions": {"format": "png", "scale": 2},
                "modeBarButtonsToRemove": ["toImage"]}
FORMAT_LABELS = {"png": "PNG image", "svg": "SVG (vector)", "pdf": "PDF"}


def export_menu(chart: str) -> dbc.DropdownMenu:
    """A panel's download menu: the chart drawn on the server as PNG, SVG or PDF."""
    return dbc.DropdownMenu(
        [dbc.DropdownMenuItem(label, id={"type": ids.EXPORT, "chart": chart, "format": fmt})
         for fmt, label in FORMAT_LABELS.items()],
        label="Download", size="sm", color="light", align_end=True, className="export-menu")


def graph_card(component_id: str, chart: str, header=None, lasso: bool = False,
               height: str | None = "380px", scroll: bool = False, figure=None,
               keyboard: str | None = None, caption: str | None = None,
               table=None) -> dbc.Card:
    """A chart (`chart`: its name in charts.compose.CHARTS) in a card with a download menu,
    a caption saying what it shows (filled by the chart's callback, read by screen readers)
    and its data behind "Show as table". A `scroll` chart keeps its own height and scrolls
    inside a card as tall as the others; `keyboard` says how to do without the mouse what
    a selection on the chart does; `caption` and `table`: the words, when drawn with the
    chart (`table`: a Markdown table, charts.words.markdown_table)."""
    config = {**GRAPH_CONFIG, "toImageButtonOptions": {
        **GRAPH_CONFIG["toImageButtonOptions"], "filename": chart}}
    if not lasso:
        config["modeBarButtonsToRemove"] = [*GRAPH_CONFIG["modeBarButtonsToRemove"], "lasso2d"]
    style = {"height": height} if height else {}
    extra = {"figure": figure} if figure is not None else {}
    graph = dcc.Loading(dcc.Graph(id=component_id, config=config, style=style, **extra),
                        type="circle", delay_show=300)
    if scroll:
        graph = html.Div(graph, className="chart-scroll", tabIndex=0)
    toolbar = html.Div([header or html.Div(), export_menu(chart)],
                       className="d-flex flex-wrap justify-content-between align-items-start gap-2")
    figure_box = html.Figure([graph, html.Figcaption(caption, id=ids.caption(component_id),
                                                     className="visually-hidden")],
                             className="mb-0")
    words = [html.Div(keyboard, className="form-text mt-0")] if keyboard else []
    return dbc.Card(dbc.CardBody([toolbar, figure_box, *words,
                                  table_box(component_id, TABLE_LABELS[chart], table)]),
                    className="shadow-sm h-100")
