"""One institution's charts, from its profile (ModelService.institution_profile): its
programs' actual against expected earnings, their earnings-test margins with how sure
each is, and the institution beside its peers; each with its words (text alternative and
table), as plotly JSON."""

from __future__ import annotations

from charts.figures import TEMPLATE_JSON
from charts.theme import DARK, GREY, SERIES
from charts.words import ChartText
from model import codes
from model.codes import money, signed_money
from model.serving.institutions import NO_PEERS

CREDENTIAL_STYLES = {1: (SERIES[1], "diamond"), 2: (SERIES[2], "square"),
                     3: (SERIES[0], "circle")}  # others: reddish purple triangles
LONG = 15  # programs: a longer margins chart has its axis on top
NEAR = "#b35806"  # a program whose interval crosses the line (dark orange, 4.5:1 on white)


def _layout(title: str, height: int = 420, **extra) -> dict:
    return {"template": TEMPLATE_JSON, "height": height, "title": {"text": title},
            "margin": {"l": 70, "r": 20, "t": 70, "b": 60}, **extra}


SHORT = {1: "certificate", 2: "associate", 3: "bachelor's", 4: "post-bacc. certificate",
         5: "master's", 6: "doctoral", 7: "first professional", 8: "graduate certificate"}


def program_name(p: dict, limit: int = 200) -> str:
    """'52.02 Business Administration, Manag… (bachelor's)': unique per program (its CIP
    code and credential), cut at `limit` characters of its title."""
    title = p.get("program") or "program"
    title = title if len(title) <= limit else title[:limit - 1].rstrip() + "…"
    cip = p.get("cipcode") or ""
    code = f"{cip[:2]}.{cip[2:]} " if len(cip) == 4 else ""
    return f"{code}{title} ({SHORT.get(p.get('credential_code'), '')})"


def actual_expected(profile: dict) -> dict:
    """Each program with published earnings: reported (y) against expected (x), the line
    y = x, and the calibrated range around it as a band."""
    shown = [p for p in profile["programs"] if p["status"] == "published"
             and p.get("expected") is not None and p.get("earnings") is not None]
    title = "Reported against expected earnings, each program"
    if not shown:
        return {"data": [], "layout": _layout(title, annotations=[{
            "text": "No program of this institution has published earnings.",
            "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}])}
    top = max(max(p["expected"], p["earnings"]) for p in shown) * 1.1
    rel = profile.get("range", {}).get("relative", 0.0)
    level = profile.get("range", {}).get("level", 0.8)
    traces = [{"type": "scatter", "x": [0, top, top, 0], "y": [0, top * (1 + rel),
                                                            top * (1 - rel), 0],
               "fill": "toself", "fillcolor": "rgba(173,181,189,0.25)", "mode": "lines",
               "line": {"width": 0}, "hoverinfo": "skip",
               "name": f"{level:.0%} range around the expectation"},
              {"type": "scatter", "x": [0, top], "y": [0, top], "mode": "lines",
               "line": {"color": DARK, "dash": "dash", "width": 1.5}, "hoverinfo": "skip",
               "name": "Reported = expected"}]
    by_level: dict[int, list[dict]] = {}
    for p in shown:
        by_level.setdefault(p["credential_code"], []).append(p)
    for level_code, rows in sorted(by_level.items()):
        colour, symbol = CREDENTIAL_STYLES.get(level_code, (SERIES[3], "triangle-up"))
        traces.append({
            "type": "scatter", "mode": "markers", "name": codes.CREDLEV.get(level_code, ""),
            "x": [p["expected"] for p in rows], "y": [p["earnings"] for p in rows],
            "marker": {"color": colour, "symbol": symbol, "size": 9,
                       "line": {"width": 0.5, "color": DARK}},
            "customdata": [[program_name(p), signed_money(p["gap"]),
                            f"{p['graduates']:,.0f}" if p.get("graduates") else "not reported"]
                           for p in rows],
            "hovertemplate": "<b>%{customdata[0]}</b><br>Reported $%{y:,.0f}, expected "
                             "$%{x:,.0f} (%{customdata[1]})<br>Graduates a year: "
                             "%{customdata[2]}<extra></extra>"})
    axis = {"tickprefix": "$", "tickformat": "~s", "range": [0, top], "automargin": True}
    return {"data": traces, "layout": _layout(
        title, xaxis={**axis, "title": {"text": "Expected earnings ($, models that never "
                                                "saw the program)"}},
        yaxis={**axis, "title": {"text": "Reported earnings ($)"}}, height=500,
        margin={"l": 70, "r": 20, "t": 60, "b": 150},  # the legend below: it wraps
        legend={"orientation": "h", "y": -0.2, "yanchor": "top", "x": 0})}


def test_margins(profile: dict) -> dict:
    """Each tested program's 4-year median against its benchmark (percent), with the 90%
    interval of where its true median lies; programs whose interval crosses the line are
    marked 'near the line' (a word and a shape, not colour alone)."""
    tested = [p for p in profile["programs"] if (p.get("test") or {}).get("margin_pct")
              is not None]
    tested.sort(key=lambda p: p["test"]["margin_pct"])
    title = "Federal earnings test: margin over the benchmark, each program (4-year earnings)"
    if not tested:
        return {"data": [], "layout": _layout(title, annotations=[{
            "text": "No program of this institution has a 4-year median and a benchmark.",
            "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}])}
    labels = [program_name(p, 34) for p in tested]
    traces = []
    for near in (False, True):
        rows = [i for i, p in enumerate(tested) if _near(p["test"]) == near]
        if not rows:
            continue
        margin = [100 * tested[i]["test"]["margin_pct"] for i in rows]
        low = [100 * (tested[i]["test"].get("margin_low_pct") or 0) for i in rows]
        high = [100 * (tested[i]["test"].get("margin_high_pct") or 0) for i in rows]
        traces.append({
            "type": "scatter", "mode": "markers", "y": [labels[i] for i in rows], "x": margin,
            "name": "Near the line (its interval crosses 0)" if near else "Clear of the line",
            "marker": {"color": NEAR if near else SERIES[0], "size": 12 if near else 9,
                       "symbol": "star" if near else "circle"},  # (diamonds: certificates)
            "error_x": {"type": "data", "symmetric": False,
                        "array": [max(h - m, 0) for h, m in zip(high, margin, strict=True)],
                        "arrayminus": [max(m - lo, 0) for lo, m in zip(low, margin,
                                                                       strict=True)],
                        "color": GREY, "thickness": 1.5},
            "customdata": [[tested[i]["test"]["words"], f"{100 * tested[i]['test']['p_below']:.0f}%"
                            if tested[i]["test"].get("p_below") is not None else "unknown"]
                           for i in rows],
            "hovertemplate": "<b>%{y}</b><br>%{x:+.0f}% against the benchmark<br>"
                             "%{customdata[0]}<br>Chance of failing: %{customdata[1]}"
                             "<extra></extra>"})
    top = len(tested) > LONG  # the axis above a long list; its words say what the marks are
    height = max(360, 26 * len(tested) + 170)
    margin = {"l": 70, "r": 20, "t": 150 if top else 100, "b": 20 if top else 60}
    return {"data": traces, "layout": _layout(
        title, height=height,
        shapes=[{"type": "line", "x0": 0, "x1": 0, "y0": 0, "y1": 1, "yref": "paper",
                 "line": {"color": DARK, "width": 1.5}}],
        xaxis={"title": {"text": "Margin over the benchmark (%)"},
               "ticksuffix": "%", "zeroline": False,
               "side": "top" if top else "bottom"},  # seen without scrolling
        yaxis={"range": [len(labels) - 0.5, -0.5], "automargin": True,
               "categoryorder": "array", "categoryarray": labels},
        margin=margin, showlegend=not top,
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0})}


def short_name(inst: dict) -> str:
    """'The Pennsylvania State University (PA)'."""
    return f"{inst.get('name') or inst.get('label')}" + (f" ({inst['state']})"
                                                         if inst.get("state") else "")


def _near(test: dict) -> bool:
    low, high = test.get("margin_low_pct"), test.get("margin_high_pct")
    return low is not None and high is not None and low < 0 < high


def peers(profile: dict) -> dict:
    """The institution beside its peers: the median of their programs' medians, with the
    number of programs on each bar."""
    rows = [{"name": short_name(profile["institution"]), **profile["summary"], "me": True},
            *[{**p, "name": p.get("short") or p["name"], "me": False}
              for p in profile["peers"]]]
    rows = [r for r in rows if r.get("median_earnings") is not None]
    title = "Median of the programs' median earnings, beside peers"
    if len(rows) < 2:
        return {"data": [], "layout": _layout(
            title, height=220, xaxis={"visible": False}, yaxis={"visible": False},
            annotations=[{"text": NO_PEERS if not profile["peers"] else
                          "No peer has published earnings.", "showarrow": False,
                          "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}])}
    def bars(mine: bool) -> dict:
        chosen = [r for r in rows if r["me"] == mine]
        return {"type": "bar", "orientation": "h", "y": [r["name"] for r in chosen],
                "x": [r["median_earnings"] for r in chosen],
                "name": "This institution" if mine else "Peers",
                "marker": {"color": SERIES[1] if mine else SERIES[0],
                           "line": {"color": DARK, "width": 0.5},
                           "pattern": {"shape": "/" if mine else "", "fgcolor": DARK,
                                       "fillmode": "overlay", "solidity": 0.25}},
                "text": [f"{money(r['median_earnings'])}, n={r['published']:,}"
                         for r in chosen],
                "textposition": "outside", "cliponaxis": False, "textfont": {"color": DARK},
                "hovertemplate": "<b>%{y}</b><br>%{text} programs with earnings"
                                 "<extra></extra>"}

    top = max(r["median_earnings"] for r in rows)
    return {"data": [bars(True), bars(False)], "layout": _layout(
        title, height=max(300, 40 * len(rows) + 140), showlegend=False, barmode="overlay",
        xaxis={"tickprefix": "$", "tickformat": "~s", "range": [0, top * 1.45],
               "title": {"text": "Median earnings ($; hatched: this institution)"}},
        yaxis={"autorange": "reversed", "automargin": True, "categoryorder": "array",
               "categoryarray": [r["name"] for r in rows]})}


def texts(profile: dict) -> dict[str, ChartText]:
    """The three charts in words and as tables."""
    shown = [p for p in profile["programs"] if p["status"] == "published"
             and p.get("gap") is not None]
    above = sum(1 for p in shown if p["gap"] > 0)
    actual = ChartText(
        f"{above:,} of {len(shown):,} programs with published earnings report more than the "
        "model expects of them." if shown else "No program has published earnings.",
        "Reported against expected", ["Program", "Reported", "Expected", "Gap"],
        [[program_name(p), money(p["earnings"]), money(p["expected"]), signed_money(p["gap"])]
         for p in shown])
    tested = [p for p in profile["programs"] if (p.get("test") or {}).get("margin_pct")
              is not None]
    near = [p for p in tested if _near(p["test"])]
    margins = ChartText(
        f"{len(tested):,} programs tested on 4-year earnings; {len(near):,} near the line "
        "(their 90% interval, the grey bar, crosses the benchmark: dark orange stars; the "
        "others blue circles)." if tested else
        "No program has a 4-year median and a benchmark.",
        "Earnings-test margins", ["Program", "Status", "Margin", "90% interval",
                                  "Chance of failing"],
        [[program_name(p), p["test"]["status"], f"{100 * p['test']['margin_pct']:+.0f}%",
          _interval(p["test"]), "" if p["test"].get("p_below") is None else
          f"{100 * p['test']['p_below']:.0f}%"] for p in tested])
    rows = [{"name": profile["institution"]["label"], **profile["summary"]},
            *profile["peers"]]
    beside = ChartText(
        f"{profile['institution']['label']} beside {len(profile['peers'])} peers. "
        + profile["peer_rule"] if profile["peers"] else NO_PEERS, "Beside peers",
        ["Institution", "Programs", "With earnings", "Median earnings", "Above expected",
         "Fails / at risk"],
        [[r["name"], f"{r['programs']:,}", f"{r['published']:,}",
          money(r["median_earnings"]) if r.get("median_earnings") is not None else "–",
          f"{r['above_expected']:.0%}" if r.get("above_expected") is not None else "–",
          f"{r['fails']:,} / {r['at_risk']:,}"] for r in rows])
    return {"actual_expected": actual, "test_margins": margins, "peers": beside}


def _interval(test: dict) -> str:
    low, high = test.get("margin_low_pct"), test.get("margin_high_pct")
    return "" if low is None or high is None else f"{100 * low:+.0f}% to {100 * high:+.0f}%"
