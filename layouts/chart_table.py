"""A chart's data as a table behind "Show as table" (its text alternative, a sentence, is the
figure's caption: layouts/cards.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html


def chart_table(title: str, columns: list[str], rows: list[list[str]]) -> html.Details:
    """The chart's data as a table, folded behind "Show as table" (a native disclosure:
    Enter or Space opens it)."""
    table = dbc.Table([html.Caption(title, className="visually-hidden"),
                       html.Thead(html.Tr([html.Th(c, scope="col") for c in columns])),
                       html.Tbody([html.Tr([html.Th(r[0], scope="row", className="fw-normal"),
                                            *[html.Td(v) for v in r[1:]]]) for r in rows])],
                      size="sm", striped=True, className="small mb-0 chart-table")
    return html.Details([html.Summary("Show as table", className="small"),
                         # it scrolls: a region the keyboard reaches and a reader names
                         html.Div(table, className="chart-table-scroll", tabIndex=0,
                                  role="region", **{"aria-label": title})],
                        className="mt-1 chart-data")
