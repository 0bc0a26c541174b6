"""The explorer's selection summary and its removable filter chips."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from charts.figures import plural
from model import debt
from model.codes import money, signed_money

from . import ids


def withheld(s: dict) -> html.Span | None:
    """'Not counted: 312 programs whose earnings are privacy-suppressed, 45 not available'."""
    parts = []
    if s.get("suppressed"):
        parts.append(f"{plural(s['suppressed'], 'program')} whose earnings are "
                     "privacy-suppressed")
    if s.get("not_available"):
        parts.append(f"{s['not_available']:,} whose earnings are not available")
    if not parts:
        return None
    where = (" (matching the filters other than earnings and the drawn area)"
             if s.get("partial") else "")
    return html.Span(f"Not counted{where}: {', '.join(parts)}.",
                     className="d-block small text-muted", id=ids.EXPLORE_WITHHELD)


def outcomes(s: dict, rates: debt.Rates) -> html.Span | None:
    """'58% earn more than expected (median +$1,200) · median debt $25,000: $282 a month
    over 10 years at 6.39%, 0.52 of a year's earnings'."""
    parts = []
    if s.get("above") is not None:
        parts.append(f"{s['above']:.0%} earn more than expected (median "
                     f"{signed_money(s['gap'])})")
    if s.get("debt") is not None:
        d = debt.summary(s["debt"], s.get("median"), s.get("credential"), rates)
        parts.append(f"median debt {money(s['debt'])} ({plural(s['debt_n'], 'program')} "
                     f"report it): {money(d['payment'])} a month over 10 years at "
                     f"{d['rate']:.2f}%" + (f", {d['ratio']:.2f} of a year's earnings"
                                           if d["ratio"] is not None else ""))
    elif s.get("n"):
        parts.append("median debt not reported")
    if not parts:
        return None
    return html.Span(" · ".join(parts) + ".", className="d-block small",
                     id=ids.EXPLORE_OUTCOMES)


def summary(s: dict, rates: debt.Rates | None = None) -> list:
    """'4,971 of 61,572 programs · median $45,100 · middle half $38,300 to $54,600', how
    they fare against expectation and what they borrow, and the matching programs whose
    earnings are not published."""
    rates = rates or debt.Rates()
    if not s["n"]:
        return [html.Strong("No programs with published earnings match these filters."),
                html.Span(" Remove a filter or press Reset.", className="text-muted"),
                withheld(s)]
    if s["n"] == 1:
        return [html.Strong("1", id=ids.EXPLORE_COUNT), f" of {plural(s['total'], 'program')}",
                html.Span(" · earnings ", className="text-muted"),
                html.Strong(money(s["median"]), id=ids.EXPLORE_MEDIAN), outcomes(s, rates),
                withheld(s)]
    return [html.Strong(f"{s['n']:,}", id=ids.EXPLORE_COUNT),
            f" of {plural(s['total'], 'program')}",
            html.Span(" · median ", className="text-muted"),
            html.Strong(money(s["median"]), id=ids.EXPLORE_MEDIAN),
            html.Span(" · middle half ", className="text-muted"),
            html.Span(f"{money(s['q1'])} to {money(s['q3'])}", id=ids.EXPLORE_IQR),
            outcomes(s, rates), withheld(s)]


def chips(items: list[dict]) -> list:
    """One removable chip per active filter, with the number of programs it keeps."""
    if not items:
        return [html.Span("No filters: select on a chart or use the filters on the left.",
                          className="small text-muted")]
    return [html.Button([item["label"], dbc.Badge(f"{item['count']:,}", color="light",
                                                  text_color="dark", className="ms-2"),
                         html.Span("×", className="ms-2", **{"aria-hidden": "true"})],
                        id={"type": ids.CHIP, "key": item["key"]}, type="button",
                        className="btn btn-sm btn-outline-primary rounded-pill explore-chip",
                        title=f"Remove this filter ({plural(item['count'], 'program')} pass "
                              "it)",
                        **{"aria-label": f"Remove filter {item['label']}"})
            for item in items]
