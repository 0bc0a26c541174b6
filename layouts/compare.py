"""Pinned scenarios side by side: prediction, range and each input's contribution."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import plotly.graph_objects as go  # (a figure composed in charts/, placed here)
from dash import dcc, html

from charts.theme import SERIES
from model.codes import money, signed_money

from . import ids
from .cards import graph_card

COLOURS = SERIES  # one per pinned scenario, named in the legend and on each card


def _card(i: int, item: dict) -> dbc.Col:
    p, contrib = item["prediction"], item["contributions"]
    terms = sorted(contrib["terms"], key=lambda t: abs(t["amount"]), reverse=True)
    return dbc.Col(dbc.Card([
        dbc.CardHeader(html.Div([
            html.Span(className="swatch me-2", style={"background": COLOURS[i % len(COLOURS)]},
                      **{"aria-hidden": "true"}),
            html.Span(f"Scenario {i + 1}", className="fw-semibold"),
            html.Button(id={"type": ids.UNPIN, "index": i}, className="btn-close ms-auto",
                        title="Remove this scenario",
                        **{"aria-label": f"Remove scenario {i + 1}"}),
        ], className="d-flex align-items-center")),
        dbc.CardBody([
            html.Div(item["title"], className="small text-muted mb-1"),
            html.Div(money(p["value"]), className="h3 fw-bold text-primary mb-0 compare-value"),
            html.Div(f"{p['level']:.0%} range {money(p['low'])} to {money(p['high'])}",
                     className="small mb-2"),
            html.Table(html.Tbody([
                html.Tr([html.Td(f"{t['label']}: {t['value']}", className="pe-2"),
                         html.Td(signed_money(t["amount"]), className="text-end")])
                for t in terms]), className="small w-100 compare-terms"),
        ]),
    ], className="h-100 shadow-sm"), xs=12, sm=6, xl=3, className="mb-3")


def compare_panel(items: list[dict], limit: int, figure: go.Figure | None,
                  caption: str | None = None, table=None) -> list:
    """The pinned scenarios and their chart (`figure`, charts.compose.comparison_figure,
    with its `caption` and `table`: charts.words), or a hint on how to pin one (when there
    are no `items`)."""
    if not items:
        return [html.P(["Pin a scenario with ", html.Em("Pin this scenario to compare"),
                        f" to see up to {limit} side by side."],
                       className="text-muted small mb-0")]
    return [
        html.H2(f"Pinned scenarios ({len(items)} of {limit})", className="h6"),
        dbc.Row([_card(i, item) for i, item in enumerate(items)]),
        graph_card(ids.COMPARE_CHART, "comparison", height="360px", figure=figure,
                   caption=caption, table=table),
    ]


def compare_section(pins: list[dict]) -> html.Div:
    """The section below the predictor that holds the pinned scenarios."""
    return html.Div([
        dcc.Store(id=ids.PINNED, data=pins),
        html.Div(id=ids.COMPARE_MESSAGE, role="alert"),
        html.Div(id=ids.COMPARE),
    ], className="mt-2")
