"""Figures built with graph_objects from pre-binned data (fast: no plotly.express)."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from model.codes import money, programs_of, signed_money

from .theme import (
    ACTUAL,
    BLUE,
    DARK,
    FALL,
    GREY,
    MUTED,
    RISE,
    SERIES,
    TEMPLATE,
    WARN,
)

TEMPLATE_JSON = TEMPLATE.to_plotly_json()  # the theme as plain data, for charts built as such


def empty_chart(message: str, title: str = "") -> dict:
    """A blank chart that says why it is blank (plotly JSON)."""
    return {"data": [], "layout": {
        "template": TEMPLATE_JSON, "title": {"text": title}, "xaxis": {"visible": False},
        "yaxis": {"visible": False}, "height": 380, "annotations": [{
            "text": message, "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper",
            "yref": "paper", "font": {"size": 14, "color": MUTED}}]}}


def empty_figure(message: str, title: str = "") -> go.Figure:
    """A blank chart that says why it is blank."""
    return go.Figure(empty_chart(message, title))


def bin_labels(edges: list[float]) -> tuple[list[float], list[str]]:
    """Each bin's centre and its range in words (the last bin is open-ended)."""
    centres = [(a + b) / 2 for a, b in zip(edges[:-1], edges[1:])]
    ranges = [f"{money(a)} to {money(b)}" for a, b in zip(edges[:-1], edges[1:])]
    ranges[-1] = f"{money(edges[-2])} and above"
    return centres, ranges


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 program', '2 programs', '1,234 programs'."""
    return f"{n:,} {noun if n == 1 else (many or noun + 's')}"


def measure_short(measure: dict | None, what: str = "") -> str:
    """'Median earnings 5 years after completion (2022 dollars)', for a narrow axis; `what`
    replaces the words before the dollars (e.g. the median of a group's programs)."""
    if not measure:
        return f"{what or 'Earnings'} ($)"
    dollars = f"{measure['dollars']} dollars" if measure.get("dollars") else "$"
    return f"{what or measure['title']} ({dollars})"


def earnings_short(measure: dict | None) -> str:
    """'Earnings 5 years after<br>(2022 dollars)': a vertical axis's title, in two lines
    (one is longer than a short chart is tall)."""
    if not measure or measure.get("years_after_completion") is None:
        title = measure_short(measure, "Earnings")
    else:
        years = measure["years_after_completion"]
        title = measure_short(measure, f"Earnings {years} year{'s' if years != 1 else ''} after")
    return title.replace(" (", "<br>(", 1)


def measure_title(measure: dict, width: int = 44) -> str:
    """An axis title naming the measure in full: its title and dollars, then (smaller) whose
    earnings and which cohort, in lines that fit a phone-width chart."""
    detail = "; ".join(p for p in (measure.get("population"), measure.get("cohort")) if p)
    head = "<br>".join(textwrap.wrap(measure_short(measure), 46))
    if not detail:
        return head
    small = "<br>".join(textwrap.wrap(detail, width))
    return f"{head}<br><span style='font-size:11px'>{small}</span>"


def earnings_axis(measure: dict) -> dict:
    """An x axis of earnings in dollars, titled with the measure in full."""
    return {"title": {"text": measure_title(measure), "font": {"size": 12}},
            "tickprefix": "$", "tickformat": ",.0f", "automargin": True}


def withheld_note(dist: dict, lead: str = "Not drawn") -> str:
    """'Not drawn: 3 programs with privacy-suppressed earnings, 1 with earnings not
    available', or ''."""
    parts = [f"{plural(n, 'program')} with privacy-suppressed earnings" if kind == "s" else
             f"{n:,} with earnings not available"
             for kind, n in (("s", dist.get("n_suppressed", 0)),
                             ("n", dist.get("n_not_available", 0))) if n]
    return f"{lead}: " + ", ".join(parts) if parts else ""


def distribution_chart(dist: dict, measure: dict) -> dict:
    """Overlaid percent histograms (all fields vs the chosen field), as plotly JSON without
    the prediction: the same for every scenario of a credential and field, so cacheable. A
    chosen group of a few programs is drawn as its programs, not as shares of a handful."""
    edges = dist["edges"]
    if not edges:
        return empty_figure("No programs with this credential in the data.",
                            "Earnings distribution").to_plotly_json()
    centres, ranges = bin_labels(edges)
    width = edges[1] - edges[0]
    cred = dist.get("credential_label") or "this credential"
    fig = go.Figure(layout={"template": TEMPLATE, "barmode": "overlay", "bargap": 0.02,
                            "height": 380})
    # each legend entry in two lines: one is cut off on a half-width or phone-width chart
    overall = f"All {cred} programs<br>(n={dist['n_overall']:,}"
    if dist.get("median_overall") is not None:
        overall += f", median {money(dist['median_overall'])}"
    fig.add_bar(x=centres, y=dist["overall"], width=width, name=overall + ")",
                # pale bars with a dark outline: the outline gives them 3:1 contrast
                marker={"color": "rgba(173,181,189,0.65)",
                        "line": {"color": MUTED, "width": 0.6}}, customdata=ranges,
                hovertemplate="%{customdata}<br>%{y:.1f}% of all programs<extra></extra>")
    label = _short(dist["chosen_label"], 34)
    n = dist["n_chosen"]
    if n and dist.get("values"):  # a few programs: each one, at its earnings
        values = dist["values"]
        fig.add_scatter(x=values, y=[0] * len(values), mode="markers", cliponaxis=False,
                        marker={"symbol": "diamond", "size": 13, "color": BLUE,
                                "line": {"color": DARK, "width": 1}},
                        name=f"{label}<br>({plural(n, 'program')}, each shown)",
                        hovertemplate=f"{label}: one program<br>%{{x:$,.0f}}<extra></extra>")
    elif n:
        fig.add_bar(x=centres, y=dist["chosen"], width=width,
                    name=f"{label}<br>(n={n:,}, median {money(dist['median_chosen'] or 0)})",
                    marker_color=BLUE,
                    opacity=0.6, customdata=ranges, hovertemplate="%{customdata}<br>%{y:.1f}% "
                    f"of {programs_of(label)}<extra></extra>")
    else:
        fig.add_annotation(text=f"No {programs_of(label)} with a {cred} and published earnings "
                                "in the data", showarrow=False, x=0.98, y=0.95,
                           xref="paper", yref="paper", xanchor="right", font={"color": WARN})
    note = withheld_note(dist)
    note = "<br>".join(textwrap.wrap(f"{note} ({label})", 56)) if note else ""  # a phone's width
    lines = note.count("<br>") + 1 if note else 0
    fig.update_layout(title={"text": f"Earnings of {cred} programs", "y": 0.97,
                             "subtitle": {"text": note}},
                      legend={"y": 1.06}, margin={"t": 120 + 16 * lines, "b": 90},
                      xaxis=earnings_axis(measure),
                      yaxis={"title": {"text": "Share of programs (%)"}, "ticksuffix": "%",
                             "rangemode": "tozero"})
    return fig.to_plotly_json()


def mark_prediction(chart: dict, prediction: float) -> dict:
    """A distribution chart (plotly JSON) with the prediction as a dashed line, labelled;
    `chart` itself is left as it was."""
    if not chart["data"]:
        return chart
    layout = dict(chart["layout"])
    layout["shapes"] = [*layout.get("shapes", ()), {
        "type": "line", "x0": prediction, "x1": prediction, "xref": "x", "y0": 0, "y1": 1,
        "yref": "y domain", "line": {"dash": "dash", "color": DARK, "width": 2}}]
    layout["annotations"] = [*layout.get("annotations", ()), {
        "x": prediction, "y": 1, "yref": "paper", "yanchor": "bottom", "showarrow": False,
        "text": f"Predicted {money(prediction)}", "font": {"color": DARK}}]
    return {**chart, "layout": layout}


def mark_actual(chart: dict, program: dict) -> dict:
    """A distribution chart with a real program's reported earnings as a solid line,
    labelled with its institution (told from the dashed prediction by line and label)."""
    if not chart["data"] or program.get("earnings") is None:
        return chart
    layout = dict(chart["layout"])
    value = program["earnings"]
    label = f"{_short(program.get('institution') or 'This program', 30)}: {money(value)}"
    layout["shapes"] = [*layout.get("shapes", ()), {
        "type": "line", "x0": value, "x1": value, "xref": "x", "y0": 0, "y1": 0.9,
        "yref": "y domain", "line": {"color": ACTUAL, "width": 3}}]
    layout["annotations"] = [*layout.get("annotations", ()), {
        "x": value, "y": 0.9, "yref": "y domain", "yanchor": "bottom", "showarrow": False,
        "text": f"Actual, {label}", "font": {"color": ACTUAL, "size": 11},
        "bgcolor": "rgba(255,255,255,0.8)"}]
    return {**chart, "layout": layout}


def breakdown_chart(contrib: dict, measure: dict | None = None) -> dict:
    """A waterfall from the baseline, through each input's term, to the prediction, as
    plotly JSON (built as plain data: the page redraws it on every change); the axis names
    `measure` (model.data.measures.describe) where given."""
    terms = sorted(contrib["terms"], key=lambda t: abs(t["amount"]), reverse=True)
    labels = ["Average program"] + [t["label"] for t in terms] + ["Prediction"]
    values = [contrib["baseline"]] + [t["amount"] for t in terms] + [contrib["prediction"]]
    steps = ["absolute"] + ["relative"] * len(terms) + ["total"]
    axis = (f"Predicted earnings ({measure['dollars']} dollars)" if measure and
            measure.get("dollars") else "Predicted earnings ($)")
    hover = ([f"Average prediction over the training programs: {money(contrib['baseline'])}"]
             + [f"{t['label']}: {t['value']}<br>{signed_money(t['amount'])}" for t in terms]
             + [f"Predicted: {money(contrib['prediction'])}"])
    text = ([money(contrib["baseline"])] + [signed_money(t["amount"]) for t in terms]
            + [money(contrib["prediction"])])
    # Zoom on the steps: the axis starts near the lowest running total, not at $0.
    running = _running(values)
    spread = max(max(running) - min(running), 0.05 * max(running), 1.0)
    # room on both sides for the labels beyond the bars, also on a phone-width chart
    low = max(0.0, min(running) - 0.9 * spread)
    high = max(running) + 0.9 * spread
    waterfall = {
        "type": "waterfall", "orientation": "h", "y": labels, "x": values, "measure": steps,
        "text": text, "textposition": "outside", "cliponaxis": False, "hovertext": hover,
        "hoverinfo": "text", "increasing": {"marker": {"color": RISE}},
        "decreasing": {"marker": {"color": FALL}}, "totals": {"marker": {"color": BLUE}},
        "connector": {"line": {"color": GREY}}}
    layout = {"template": TEMPLATE_JSON, "height": 380, "showlegend": False,
              "title": {"text": "How each input moves the prediction"},
              "margin": {"l": 130, "r": 30},
              "xaxis": {"title": {"text": axis.replace(" (", "<br>(", 1)},
                        "tickprefix": "$", "tickformat": "~s", "nticks": 5,
                        "automargin": True, "range": [low, high]},
              "yaxis": {"autorange": "reversed"}}
    return {"data": [waterfall], "layout": layout}


def _running(values: list[float]) -> list[float]:
    total, out = 0.0, []
    for v in values[:-1]:
        total += v
        out.append(total)
    return out + [values[-1]]


def _short(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def contributions_figure(items: list[dict]) -> go.Figure:
    """One group of bars per input, one colour per pinned scenario."""
    fig = go.Figure(layout={"template": TEMPLATE, "barmode": "group", "height": 360})
    for i, item in enumerate(items):
        terms = item["contributions"]["terms"]
        fig.add_bar(x=[t["label"] for t in terms], y=[t["amount"] for t in terms],
                    name=f"Scenario {i + 1}: {money(item['prediction']['value'])}",
                    marker_color=SERIES[i % len(SERIES)],
                    customdata=[t["value"] for t in terms],
                    hovertemplate="%{x}: %{customdata}<br>%{y:+$,.0f}<extra>"
                                  f"Scenario {i + 1}</extra>")
    fig.update_layout(title={"text": "How each input moves each pinned prediction"},
                      yaxis={"title": {"text": "Contribution ($)"}, "tickprefix": "$",
                             "tickformat": ",.0f"}, legend={"y": 1.1}, margin={"t": 90, "l": 85})
    return fig
