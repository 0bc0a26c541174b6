"""The explorer's four linked charts as plotly JSON (plain data, as the page sends them;
exports validate them with graph_objects), from server-side aggregates."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from model.codes import money

from .figures import (
    TEMPLATE_JSON,
    bin_labels,
    earnings_axis,
    earnings_short,
    empty_chart,
    measure_short,
    plural,
)
from .state_grid import COLUMNS, ROWS, position
from .theme import BLUE, DARK, GREY, MUTED, SERIES, readable_on

# colour and marker shape both tell control apart (Okabe-Ito colours)
CONTROL_COLOURS = {1: SERIES[0], 2: SERIES[2], 3: SERIES[1], 4: SERIES[3], -1: GREY}
CONTROL_SYMBOLS = {1: "circle", 2: "square", 3: "diamond", 4: "triangle-up", -1: "x"}
# Actual minus expected: orange below, purple above (PuOr, told apart by colour-blind readers)
GAP_SCALE = [[0.0, "#b35806"], [0.25, "#f1a340"], [0.5, "#f7f7f7"], [0.75, "#998ec3"],
             [1.0, "#542788"]]
MONEY_FORMAT = {"tickprefix": "$", "tickformat": ",.0f"}
X_MONEY = {"tuition", "net_price", "expected", "debt", "premium"}
SMALL_COLOUR = "#dbe4f0"  # a small group's bar: pale, and hatched
SMALL_NOTE = "Hatched bars: fewer than 5 programs"
X_FORMATS = {"sat": {"tickformat": ",.0f"}, "admission_rate": {"tickformat": ".0%"}}
X_HOVER = {**dict.fromkeys(["tuition", "net_price", "expected", "debt", "premium"],
                           "$%{x:,.0f}"), "sat": "%{x:,.0f}", "admission_rate": "%{x:.0%}"}
SELECTED = {"marker": {"opacity": 1.0}}
UNSELECTED = {"marker": {"opacity": 0.25}}
TALL = 430  # the scatter and the histogram: room for the scatter's legend and sample note
EARNINGS_AXIS = {"title": {"text": "Median earnings ($)"}, "tickprefix": "$",
                 "tickformat": "~s", "automargin": True}  # $40k: short, for narrow charts
# plotly's "Blues", spelt out as the figure's validation would (the page's JSON is the
# exported figure's)
BLUES = [list(step) for step in go.scatter.Marker(colorscale="Blues").colorscale]
MIN_SPAN = {"money": 4_000, "sat": 100, "admission_rate": 0.1,
            "earnings": 10_000}  # an axis over one or two points spans at least this


def padded(values: list[float], kind: str) -> list[float] | None:
    """An axis range around `values` at least MIN_SPAN wide (clean ticks for one or two
    points; plotly zooms far in on them otherwise), or None to let plotly choose."""
    numbers = np.array([np.nan if v is None else v for v in values], dtype=float)
    numbers = numbers[np.isfinite(numbers)]
    if not len(numbers):
        return None
    low, high = float(numbers.min()), float(numbers.max())
    if high - low >= MIN_SPAN[kind]:
        return None
    middle, half = (low + high) / 2, MIN_SPAN[kind] / 2
    bottom = middle - half
    if bottom < 0 <= low:  # values that cannot be negative keep an axis that is not
        return [0, 2 * half]
    return [bottom, middle + half]


def _layout(height: int = 380, **extra) -> dict:
    return {"template": TEMPLATE_JSON, "height": height, "uirevision": "explorer", **extra}


def _scatter_trace(data: dict, trace: dict, colour: str) -> dict:
    """One control's points; colour by control, or by the gap (actual minus expected) on
    a shared diverging scale, the control then told by the marker's shape alone."""
    by_gap = colour == "gap"
    gaps = trace.get("gap") or [None] * len(trace["x"])
    marker = ({"color": gaps, "coloraxis": "coloraxis", "symbol": CONTROL_SYMBOLS.get(
        trace["control"], "circle"), "size": 7, "opacity": 0.85,
        "line": {"width": 0.5, "color": GREY}} if by_gap else {
        "color": CONTROL_COLOURS.get(trace["control"], GREY),
        "symbol": CONTROL_SYMBOLS.get(trace["control"], "circle"), "size": 6, "opacity": 0.7})
    out = {  # SVG: WebGL (regl) needs 'unsafe-eval', which the CSP forbids
        "type": "scatter", "x": trace["x"], "y": trace["y"], "mode": "markers",
        "name": trace["label"], "marker": marker,
        "customdata": [list(row) for row in zip(trace["institution"], trace["program"],
                                                trace["credential"], trace["gap_text"])],
        "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}"
                         f"<br>{data['x_label']}: {X_HOVER[data['x']]}"
                         "<br>Earnings: $%{y:,.0f}<br>Actual minus expected: %{customdata[3]}"
                         "<extra>" + trace["label"] + "</extra>",
        "selected": SELECTED, "unselected": UNSELECTED}
    if trace["inside"] is not None:
        out["selectedpoints"] = trace["inside"]
    return out


def _note(text: str, **where) -> dict:
    return {"text": text, "showarrow": False, "xref": "paper", "yref": "paper", **where}


def scatter_chart(data: dict, measure: dict | None = None, colour: str = "control") -> dict:
    """Earnings against the chosen x, one colour (and marker shape) per control, or coloured
    by actual minus expected; a sample when there are many; against the expectation, the
    line where actual equals expected (plotly JSON)."""
    if not data["n_shown"]:
        return empty_chart(f"No selected program reports {data['x_noun']}.",
                           f"Earnings by {data['x_noun']}")
    xs = [v for t in data["traces"] for v in t["x"]]
    ys = [v for t in data["traces"] for v in t["y"]]
    shapes, annotations = [], []
    if data["x"] == "expected":
        low, high = min(xs + ys), max(xs + ys)
        shapes.append({"type": "line", "x0": low, "y0": low, "x1": high, "y1": high,
                       "layer": "below", "line": {"color": DARK, "dash": "dash", "width": 1.5}})
        annotations.append({"x": high, "y": high, "text": "Actual = expected",
                            "showarrow": False, "xanchor": "right", "yanchor": "bottom",
                            "font": {"size": 11, "color": DARK}})
    if data["area"]:
        shapes.append(area_shape(data["area"]))
    note = (f"{data['n_shown']:,} of {data['n_with_x']:,} programs, at random"
            if data["n_shown"] < data["n_with_x"] else plural(data["n_shown"], "program"))
    missing = data["n_matching"] - data["n_with_x"]
    if missing:  # on a line of its own: one line is cut off on a half-width chart
        note += f"<br>{missing:,} without {data['x_noun'].split()[-1]}"
    annotations.append(_note(note, x=0, y=1.0, xanchor="left", yanchor="bottom",
                             font={"size": 11, "color": MUTED}, name="sample-note"))
    money_x = data["x"] in X_MONEY
    # plotly keeps a user's selection across redraws while these tokens stay the same
    layout = _layout(TALL, dragmode="select", clickmode="event", hovermode="closest",
                     selectionrevision=str(data["area"]),
                     title={"text": f"Earnings by {data['x_noun']}", "y": 0.98},
                     legend={"orientation": "h", "y": -0.3, "yanchor": "top"},
                     xaxis={"title": {"text": data["x_label"] + (" ($)" if money_x else "")},
                            **X_FORMATS.get(data["x"], MONEY_FORMAT), **_range(padded(
                                xs, "money" if money_x else data["x"]))},
                     margin={"t": 95 if missing else 80, "l": 90, "b": 130},
                     yaxis={**EARNINGS_AXIS, "title": {"text": earnings_short(measure)},
                            **_range(padded(ys, "earnings"))},
                     annotations=annotations)
    if shapes:
        layout["shapes"] = shapes
    if colour == "gap":
        layout["coloraxis"] = {"colorscale": GAP_SCALE, "cmid": 0, "colorbar": {
            "title": {"text": "Actual −<br>expected"}, "tickprefix": "$", "tickformat": "~s",
            "thickness": 12, "len": 0.7}}
    if colour == "test":
        return {"data": _test_traces(data), "layout": layout}
    return {"data": [_scatter_trace(data, trace, colour) for trace in data["traces"]],
            "layout": layout}


# the scatter coloured by the earnings test: a colour and a marker shape per outcome
TEST_POINTS = {"fails": ("Fails", "#d55e00", "x"),
               "at-risk": ("At risk", "#e69f00", "triangle-up"),
               "passes": ("Passes", "#009e73", "circle"),
               "not-tested": ("Not tested", GREY, "circle-open")}


def _test_traces(data: dict) -> list[dict]:
    """The scatter's points regrouped by the earnings test's outcome (one trace each, its
    control in the hover), keeping which points a drawn area holds."""
    groups: dict[str, dict] = {key: {"x": [], "y": [], "customdata": [], "inside": []}
                               for key in TEST_POINTS}
    for trace in data["traces"]:
        inside = set(trace["inside"] or [])
        outcomes = trace.get("test") or ["not-tested"] * len(trace["x"])
        for i, key in enumerate(outcomes):
            group = groups[key if key in groups else "not-tested"]
            if i in inside:
                group["inside"].append(len(group["x"]))
            group["x"].append(trace["x"][i])
            group["y"].append(trace["y"][i])
            group["customdata"].append([trace["institution"][i], trace["program"][i],
                                        trace["credential"][i], trace["gap_text"][i],
                                        trace["label"]])
    selected = any(t["inside"] is not None for t in data["traces"])
    out = []
    for key, (name, colour, symbol) in TEST_POINTS.items():
        group = groups[key]
        if not group["x"]:
            continue
        trace = {"type": "scatter", "x": group["x"], "y": group["y"], "mode": "markers",
                 "name": name, "customdata": group["customdata"],
                 "marker": {"color": colour, "symbol": symbol, "size": 7, "opacity": 0.8,
                            "line": {"width": 1, "color": colour}},
                 "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
                                  "%{customdata[2]}, %{customdata[4]}<br>"
                                  f"{data['x_label']}: {X_HOVER[data['x']]}"
                                  "<br>Earnings: $%{y:,.0f}<br>Actual minus expected: "
                                  f"%{{customdata[3]}}<extra>Earnings test: {name}</extra>",
                 "selected": SELECTED, "unselected": UNSELECTED}
        if selected:
            trace["selectedpoints"] = group["inside"]
        out.append(trace)
    return out


def _range(span: list | None) -> dict:
    """An axis's range, or nothing (plotly chooses; a null range would break its redraws)."""
    return {} if span is None else {"range": span}


def area_shape(points: list) -> dict:
    """The drawn area (box or lasso) outlined on the scatter."""
    path = "M " + " L ".join(f"{x},{y}" for x, y in points) + " Z"
    return {"type": "path", "path": path, "line": {"color": DARK, "dash": "dot", "width": 1},
            "fillcolor": "rgba(13,110,253,0.06)"}


def histogram_chart(data: dict, measure: dict) -> dict:
    """Counts of programs by earnings; the selected earnings range is highlighted (plotly
    JSON)."""
    edges, counts = data["edges"], data["counts"]
    if not data["n"]:
        return empty_chart("No programs match the other filters.", "Earnings distribution")
    centres, ranges = bin_labels(edges)
    chosen = data["selected"]
    bar = {"type": "bar", "x": centres, "y": counts, "width": edges[1] - edges[0],
           "marker": {"color": range_colours(edges, chosen)}, "customdata": ranges,
           "name": "Programs", "hovertemplate": "%{customdata}<br>%{y:,} programs<extra></extra>"}
    top = max(counts) if counts else 0
    layout = _layout(TALL, dragmode="select", selectdirection="h", bargap=0.02,
                     showlegend=False, selectionrevision=str(chosen),
                     title={"text": f"Earnings distribution ({plural(data['n'], 'program')})"},
                     xaxis=earnings_axis(measure),
                     yaxis={"title": {"text": "Programs"}, "tickformat": ",d",
                            "rangemode": "tozero", **({"dtick": 1, "range": [0, top + 0.5]}
                                                      if top <= 5 else {})})
    if chosen is not None:
        layout["shapes"] = [range_shape(chosen)]
    return {"data": [bar], "layout": layout}


def range_colours(edges: list[float], chosen: list | None) -> list[str]:
    """Each bin's colour: blue inside the chosen earnings range (or with none), else grey."""
    return [BLUE if chosen is None or (b > chosen[0] and a < chosen[1]) else GREY
            for a, b in zip(edges[:-1], edges[1:])]


def range_shape(chosen: list) -> dict:
    """The chosen earnings range, shaded across the histogram's height."""
    return {"type": "rect", "x0": chosen[0], "x1": chosen[1], "xref": "x", "y0": 0, "y1": 1,
            "yref": "y domain", "fillcolor": BLUE, "opacity": 0.07, "line": {"width": 0}}


def _visible(rows: list[dict], hide_small: bool) -> list[dict]:
    return [r for r in rows if not (hide_small and r.get("small"))]


def groups_chart(data: dict, hide_small: bool = False, measure: dict | None = None) -> dict:
    """Median earnings per group, highest first, with the number of programs on each bar;
    selected groups stand out; groups of fewer than 5 programs are pale and hatched, or
    left out with `hide_small` (plotly JSON)."""
    rows = _visible(data["rows"], hide_small)
    title = f"Median earnings by {data['by_label'].lower()}"
    if not rows:
        hidden = len(data["rows"]) - len(rows)
        return empty_chart("Every group has fewer than 5 programs: show small groups to see "
                           "them." if hidden else "No programs match the other filters.",
                           title)
    selected = [i for i, r in enumerate(rows) if r["selected"]]
    small = [bool(r.get("small")) for r in rows]
    bar = {
        "type": "bar", "y": [_short(r["label"], 28) for r in rows],
        "x": [r["median"] for r in rows], "orientation": "h",
        "marker": {"color": [SMALL_COLOUR if s else BLUE for s in small],
                   "pattern": {"shape": ["/" if s else "" for s in small], "fgcolor": GREY,
                               "size": 7, "solidity": 0.15}},
        "customdata": [[r["value"], r["label"], r["n"]] for r in rows],
        # the median and its n in two short lines: one long line is cut off on a
        # half-width or phone-width chart
        "text": [f"{money(r['median'])}<br>n={r['n']:,}" for r in rows],
        "textposition": "outside", "textfont": {"size": 11}, "cliponaxis": False,
        "hovertemplate": "<b>%{customdata[1]}</b><br>Median $%{x:,.0f} of %{customdata[2]:,} "
                         "programs<extra>Click to filter, shift-click to add</extra>",
        "selected": SELECTED, "unselected": UNSELECTED}
    if selected:
        bar["selectedpoints"] = selected
    top = max(r["median"] for r in rows)
    layout = _layout(
        max(380, 30 * len(rows) + 110), clickmode="event+select", dragmode=False,
        showlegend=False,
        selectionrevision=f"{data['by']}:{[rows[i]['value'] for i in selected]}",
        title={"text": title, "subtitle": {"text": SMALL_NOTE if any(small) else ""}},
        margin={"l": 20, "t": 70}, yaxis={"autorange": "reversed", "automargin": True},
        xaxis={**EARNINGS_AXIS, "range": [0, top * 1.5], "nticks": 4,
               "title": {"text": measure_short(measure, "Median of the programs' medians")}})
    return {"data": [bar], "layout": layout}


def _tiles(rows: list[dict], part: list[int], where: list[tuple[int, int]], small: bool,
           scale: tuple[float, float], any_selected: bool) -> dict:
    """One trace of state tiles: coloured by median, or (small groups) outlined with their
    count in the label. Each label in the colour that reads on its tile (4.5:1 or more);
    with any state selected, every tile not selected is faded, in this trace or the other,
    however the selection was made (a click, the State filter, a link, an export)."""
    picked = [j for j, i in enumerate(part) if rows[i]["selected"]]
    low, high = scale
    cmin, cmax = low * 0.8, max(high, low * 0.8 + 1)
    if small:
        look = {"color": "white", "line": {"width": 1.5, "color": MUTED}}
        labels = [DARK] * len(part)
    else:
        medians = [rows[i]["median"] for i in part]
        look = {"line": {"width": 0}, "color": medians, "colorscale": BLUES,
                "cmin": cmin, "cmax": cmax,
                "colorbar": {"title": {"text": "Median"}, "tickprefix": "$",
                             "tickformat": ",.0f", "thickness": 12, "len": 0.8}}
        fills = sample_colorscale(BLUES, [min(1.0, max(0.0, (m - cmin) / (cmax - cmin)))
                                          for m in medians])
        labels = [readable_on(fill) for fill in fills]
    trace = {
        "type": "scatter", "x": [where[i][1] for i in part], "y": [where[i][0] for i in part],
        "mode": "markers+text",
        "text": [f"{rows[i]['value']}·{rows[i]['n']}" if small else rows[i]["value"]
                 for i in part],
        "textfont": {"size": 9 if small else 10, "color": labels},
        "marker": {"symbol": "square", "size": 27, **look},
        "customdata": [[rows[i]["value"], rows[i]["label"], rows[i]["n"], rows[i]["median"]]
                       for i in part],
        "hovertemplate": "<b>%{customdata[1]}</b><br>Median $%{customdata[3]:,.0f} of "
                         "%{customdata[2]:,} programs" + (" (fewer than 5)" if small else "")
                         + "<extra>Click to filter, shift-click to add</extra>",
        "name": "Fewer than 5 programs" if small else "States",
        # a faded tile is nearly white: its label is dark
        "selected": SELECTED, "unselected": {**UNSELECTED, "textfont": {"color": DARK}}}
    if any_selected:
        trace["selectedpoints"] = picked  # [] fades every tile of this trace
    return trace


def states_chart(data: dict, hide_small: bool = False) -> dict:
    """A tile-grid map: one square per state, coloured by median earnings; a state of fewer
    than 5 programs is an outlined tile whose label gives its count (or is left out) (plotly
    JSON)."""
    rows = _visible(data["rows"], hide_small)
    if not rows:
        return empty_chart("No programs match the other filters.", "Median earnings by state")
    spare: list[str] = []
    where = [position(r["value"], spare) for r in rows]
    big = [i for i, r in enumerate(rows) if not r.get("small")]
    small = [i for i, r in enumerate(rows) if r.get("small")]
    medians = [rows[i]["median"] for i in big] or [0.0]
    any_selected = any(r["selected"] for r in rows)
    traces = [_tiles(rows, part, where, is_small, (min(medians), max(medians)), any_selected)
              for part, is_small in ((big, False), (small, True)) if part]
    last = ROWS + (1 if spare else 0)
    selected = [r["value"] for r in rows if r["selected"]]
    layout = _layout(clickmode="event+select", dragmode="select", showlegend=False,
                     title={"text": "Median earnings by state"},
                     selectionrevision=str(selected),
                     xaxis={"visible": False, "range": [-0.7, COLUMNS - 0.3],
                            "fixedrange": True},
                     yaxis={"visible": False, "range": [last - 0.3, -0.7], "fixedrange": True,
                            "scaleanchor": "x"},
                     margin={"l": 10, "r": 10, "t": 50, "b": 10})
    if small:
        layout["title"]["subtitle"] = {"text": "Outlined tiles: fewer than 5 programs (the "
                                               "label gives how many)"}
        layout["margin"]["t"] = 70
    return {"data": traces, "layout": layout}


# the earnings test's outcomes: colour and a pattern each (never colour alone)
TEST_STYLES = {"fails": ("Fails", "#d55e00", "x"),
               "at-risk": ("At risk (passes, 10%+ chance of failing)", "#e69f00", "/"),
               "passes": ("Passes", "#009e73", "")}


def tests_chart(data: dict) -> dict:
    """Programs failing, at risk and passing the federal earnings test per group (the
    groups with the most failing or at risk first), a colour and a pattern each; the
    chosen outcomes stand out (plotly JSON)."""
    rows = data["rows"]
    title = f"Federal earnings test by {data['by_label'].lower()} (4-year earnings)"
    if not rows or not any(r["programs"][k] for r in rows for k in TEST_STYLES):
        return empty_chart("No programs in the selection have a 4-year median and a "
                           "benchmark to test.", title)
    chosen = set(data.get("selected") or [])
    labels = [_short(r["label"], 28) for r in rows]
    traces = []
    for key, (name, colour, shape) in TEST_STYLES.items():
        trace = {
            "type": "bar", "orientation": "h", "name": name, "y": labels,
            "x": [r["programs"][key] for r in rows],
            "marker": {"color": colour, "line": {"color": DARK, "width": 0.5},
                       "pattern": {"shape": shape, "fgcolor": DARK, "size": 6,
                                   "solidity": 0.25, "fillmode": "overlay"}},
            "customdata": [[key, r["label"], r["graduates"][key], r["n"],
                            r["programs"]["not-tested"]] for r in rows],
            "hovertemplate": f"<b>%{{customdata[1]}}</b><br>{name}: %{{x:,}} programs, "
                             "%{customdata[2]:,} graduates<br>of %{customdata[3]:,} "
                             "programs (%{customdata[4]:,} not tested)"
                             "<extra>Click to filter, shift-click to add</extra>",
            "selected": SELECTED, "unselected": UNSELECTED}
        if chosen:
            trace["selectedpoints"] = list(range(len(rows))) if key in chosen else []
        traces.append(trace)
    shown = "" if data["groups"] <= len(rows) else (
        f"The {len(rows)} of {data['groups']} groups with the most programs failing or at "
        "risk")
    layout = _layout(
        max(380, 28 * len(rows) + 140), barmode="stack", clickmode="event+select",
        dragmode=False, selectionrevision=f"tests:{sorted(chosen)}",
        title={"text": title, "subtitle": {"text": shown}}, margin={"l": 20, "t": 120},
        yaxis={"autorange": "reversed", "automargin": True, "dtick": 1},
        xaxis={"title": {"text": "Programs"}, "tickformat": ",d", "rangemode": "tozero"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left",
                "x": 0, "traceorder": "normal"})
    return {"data": traces, "layout": layout}


def selection_parts(chart: str, fig: dict) -> dict[tuple, object] | None:
    """The parts of an explorer chart that its own filter sets (a selection on the chart
    changes only these): path -> value, None where absent; None for a blank chart."""
    data, layout = fig["data"], fig["layout"]
    if not data:
        return None
    parts: dict[tuple, object] = {("layout", "selectionrevision"): layout["selectionrevision"],
                                  ("layout", "meta"): layout.get("meta")}
    if chart in ("scatter", "histogram"):  # the drawn area, the chosen earnings range
        parts[("layout", "shapes")] = layout.get("shapes")
    if chart == "histogram":
        parts[("data", 0, "marker", "color")] = data[0]["marker"]["color"]
    else:
        for i, trace in enumerate(data):
            parts[("data", i, "selectedpoints")] = trace.get("selectedpoints")
    return parts


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
