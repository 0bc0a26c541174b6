"""A chart's data as a table behind "Show as table" (its text alternative, a sentence, is the
figure's caption: layouts/cards.py).

The table travels as one Markdown string into a dcc.Markdown that the chart's card draws
once (dcc.Markdown renders it as an HTML table with header cells): a few hundred bytes and
no components to build per answer, where the same table as Dash components was 14 kB and
2 ms of the predictor's answer."""

from __future__ import annotations

from dash import dcc, html

from . import ids


def table_box(graph_id: str, label: str, table: str | None = None) -> html.Details:
    """"Show as table" under a chart (a native disclosure: Enter or Space opens it), whose
    Markdown (ids.table(graph_id)) the chart's callback fills; it scrolls, in a region the
    keyboard reaches and a screen reader names."""
    return html.Details([html.Summary("Show as table", className="small"),
                         html.Div(dcc.Markdown(table or "", id=ids.table(graph_id)),
                                  className="chart-table-scroll chart-table small",
                                  tabIndex=0, role="region",
                                  **{"aria-label": f"{label}, as a table"})],
                        className="mt-1 chart-data")
