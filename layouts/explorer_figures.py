"""The explorer's four linked charts, drawn with graph_objects from server-side aggregates."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .figures import bin_labels, earnings_axis, empty_figure
from .state_grid import COLUMNS, ROWS, position
from .theme import BLUE, DARK, GREEN, GREY, ORANGE, TEMPLATE, money

CONTROL_COLOURS = {1: BLUE, 2: GREEN, 3: ORANGE, -1: GREY}
X_FORMATS = {"tuition": {"tickprefix": "$", "tickformat": ",.0f"},
             "sat": {"tickformat": ",.0f"},
             "admission_rate": {"tickformat": ".0%"}}
X_HOVER = {"tuition": "$%{x:,.0f}", "sat": "%{x:,.0f}", "admission_rate": "%{x:.0%}"}
SELECTED = {"marker": {"opacity": 1.0}}
UNSELECTED = {"marker": {"opacity": 0.25}}
TALL = 430  # the scatter and the histogram: room for the scatter's legend and sample note
EARNINGS_AXIS = {"title": {"text": "Median earnings ($)"}, "tickprefix": "$",
                 "tickformat": "~s", "automargin": True}


def _layout(height: int = 380, **extra) -> dict:
    return {"template": TEMPLATE, "height": height, "uirevision": "explorer", **extra}


def scatter_figure(data: dict) -> go.Figure:
    """Earnings against the chosen x, one colour per control; a sample when there are many."""
    if not data["n_shown"]:
        return empty_figure(f"No selected program reports {data['x_noun']}.",
                            f"Earnings by {data['x_noun']}")
    # plotly keeps a user's selection across redraws while these tokens stay the same
    token = str(data["area"])
    fig = go.Figure(layout=_layout(TALL, dragmode="select", clickmode="event",
                                   hovermode="closest", selectionrevision=token))
    for trace in data["traces"]:
        fig.add_scatter(  # SVG: WebGL (regl) needs 'unsafe-eval', which the CSP forbids
            x=np.asarray(trace["x"]), y=np.asarray(trace["y"]), mode="markers",
            name=trace["label"],
            marker={"color": CONTROL_COLOURS.get(trace["control"], GREY), "size": 6,
                    "opacity": 0.7},
            customdata=np.array([trace["institution"], trace["program"],
                                 trace["credential"]], dtype=object).T,
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}"
                          f"<br>{data['x_label']}: {X_HOVER[data['x']]}"
                          "<br>Earnings: $%{y:,.0f}<extra>" + trace["label"] + "</extra>",
            selectedpoints=trace["inside"], selected=SELECTED, unselected=UNSELECTED)
    if data["area"]:
        xs, ys = zip(*data["area"])
        path = "M " + " L ".join(f"{x},{y}" for x, y in zip(xs, ys)) + " Z"
        fig.add_shape(type="path", path=path, line={"color": DARK, "dash": "dot", "width": 1},
                      fillcolor="rgba(13,110,253,0.06)")
    note = (f"A random sample of {data['n_shown']:,} of {data['n_with_x']:,} programs"
            if data["n_shown"] < data["n_with_x"] else f"{data['n_shown']:,} programs")
    missing = data["n_matching"] - data["n_with_x"]
    if missing:
        note += f" · {missing:,} without {data['x_noun'].split()[-1]}"
    fig.add_annotation(text=note, x=0, y=1.0, xref="paper", yref="paper", xanchor="left",
                       yanchor="bottom", showarrow=False, font={"size": 11, "color": "#6c757d"},
                       name="sample-note")
    fig.update_layout(title={"text": f"Earnings by {data['x_noun']}", "y": 0.98},
                      legend={"y": 1.09},
                      xaxis={"title": {"text": data["x_label"]
                                       + (" ($)" if data["x"] == "tuition" else "")},
                             **X_FORMATS[data["x"]]},
                      margin={"t": 115, "l": 70},
                      yaxis=EARNINGS_AXIS)
    return fig


def histogram_figure(data: dict, target_definition: str) -> go.Figure:
    """Counts of programs by earnings; the selected earnings range is highlighted."""
    edges, counts = data["edges"], data["counts"]
    if not data["n"]:
        return empty_figure("No programs match the other filters.", "Earnings distribution")
    centres, ranges = bin_labels(edges)
    chosen = data["selected"]
    colours = [BLUE if chosen is None or (b > chosen[0] and a < chosen[1]) else GREY
               for a, b in zip(edges[:-1], edges[1:])]
    fig = go.Figure(go.Bar(x=centres, y=counts, width=edges[1] - edges[0], marker_color=colours,
                           customdata=ranges, name="Programs",
                           hovertemplate="%{customdata}<br>%{y:,} programs<extra></extra>"),
                    layout=_layout(TALL, dragmode="select", selectdirection="h", bargap=0.02,
                                   showlegend=False, selectionrevision=str(chosen)))
    if chosen is not None:
        fig.add_vrect(x0=chosen[0], x1=chosen[1], fillcolor=BLUE, opacity=0.07, line_width=0)
    fig.update_layout(title={"text": f"Earnings distribution ({data['n']:,} programs)"},
                      xaxis=earnings_axis(target_definition),
                      yaxis={"title": {"text": "Programs"}, "tickformat": ",d"})
    return fig


def groups_figure(data: dict) -> go.Figure:
    """Median earnings per group, highest first; selected groups stand out."""
    rows = data["rows"]
    if not rows:
        return empty_figure("No programs match the other filters.",
                            f"Median earnings by {data['by_label'].lower()}")
    selected = [i for i, r in enumerate(rows) if r["selected"]]
    height = max(380, 22 * len(rows) + 110)
    fig = go.Figure(go.Bar(
        y=[_short(r["label"]) for r in rows], x=[r["median"] for r in rows], orientation="h",
        marker_color=BLUE, customdata=[[r["value"], r["label"], r["n"]] for r in rows],
        text=[money(r["median"]) for r in rows], textposition="auto", cliponaxis=False,
        hovertemplate="<b>%{customdata[1]}</b><br>Median $%{x:,.0f}<br>%{customdata[2]:,} "
                      "programs<extra>Click to filter, shift-click to add</extra>",
        selectedpoints=selected or None, selected=SELECTED, unselected=UNSELECTED),
        layout=_layout(height, clickmode="event+select", dragmode=False, showlegend=False,
                       selectionrevision=f"{data['by']}:{[rows[i]['value'] for i in selected]}"))
    fig.update_layout(title={"text": f"Median earnings by {data['by_label'].lower()}"},
                      margin={"l": 20}, xaxis=EARNINGS_AXIS,
                      yaxis={"autorange": "reversed", "automargin": True})
    return fig


def states_figure(data: dict) -> go.Figure:
    """A tile-grid map: one square per state, coloured by median earnings."""
    rows = data["rows"]
    if not rows:
        return empty_figure("No programs match the other filters.",
                            "Median earnings by state")
    spare: list[str] = []
    tiles = [position(r["value"], spare) for r in rows]
    medians = [r["median"] for r in rows]
    selected = [i for i, r in enumerate(rows) if r["selected"]]
    fig = go.Figure(go.Scatter(
        x=[c for _, c in tiles], y=[r for r, _ in tiles], mode="markers+text",
        text=[r["value"] for r in rows], textfont={"size": 10, "color": "white"},
        marker={"symbol": "square", "size": 27, "color": medians, "colorscale": "Blues",
                "cmin": min(medians) * 0.8, "cmax": max(medians), "line": {"width": 0},
                "colorbar": {"title": {"text": "Median"}, "tickprefix": "$",
                             "tickformat": ",.0f", "thickness": 12, "len": 0.8}},
        customdata=[[r["value"], r["label"], r["n"]] for r in rows],
        hovertemplate="<b>%{customdata[1]}</b><br>Median $%{marker.color:,.0f}<br>"
                      "%{customdata[2]:,} programs<extra>Click to filter, shift-click to "
                      "add</extra>",
        selectedpoints=selected or None, selected=SELECTED, unselected=UNSELECTED),
        layout=_layout(clickmode="event+select", dragmode="select", showlegend=False,
                       selectionrevision=str([rows[i]["value"] for i in selected])))
    last = ROWS + (1 if spare else 0)
    fig.update_layout(title={"text": "Median earnings by state"},
                      xaxis={"visible": False, "range": [-0.7, COLUMNS - 0.3],
                             "fixedrange": True},
                      yaxis={"visible": False, "range": [last - 0.3, -0.7], "fixedrange": True,
                             "scaleanchor": "x"},
                      margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return fig


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
