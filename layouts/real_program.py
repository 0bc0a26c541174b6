"""A real institution's program on the prediction card: what it reports against what the
model expects of it, what its graduates borrow, their premium over high-school earnings,
and their earnings across the horizons the release measures."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from charts.figures import plural
from charts.theme import ordinal
from model.codes import money, programs_of, signed_money
from model.serving.earnings_words import chance

from .earnings_test import badge, program_test

SUPPRESSED_WORDS = {"suppressed": "privacy-suppressed (too few graduates to publish)",
                    "not available": "not available"}


def _or_not_reported(value: float | None, fmt=money) -> str:
    return "not reported" if value is None else fmt(value)


def gap_words(p: dict) -> str:
    """'$1,152 above expected (58th percentile of bachelor's degree programs)': the word
    says the side, so the amount carries no sign."""
    if p.get("gap") is None:
        return "no expectation"
    side = "above" if p["gap"] >= 0 else "below"
    text = f"{money(abs(p['gap']))} {side} expected"
    if p.get("gap_percentile") is not None:
        rank = min(99, max(1, round(p["gap_percentile"])))  # 1st to 99th, as usual
        text += (f" ({ordinal(rank)} percentile of "
                 f"{(p.get('credential') or '').lower()} programs)")
    return text


def debt_words(p: dict) -> str:
    """'Median debt $25,000: about $282 a month over 10 years at 6.39% (7% of earnings)'."""
    if p.get("debt") is None:
        return "Median debt: not reported."
    text = f"Median debt {money(p['debt'])}"
    if p.get("payment") is not None:
        text += (f": about {money(p['payment'])} a month over 10 years at {p['rate']:.2f}%")
        if p.get("payment_share") is not None:
            text += f" ({p['payment_share']:.0%} of earnings)"
    if p.get("ratio") is not None:
        text += f"; {p['ratio']:.2f} of a year's earnings"
    if p.get("debt_payment_official") is not None:
        text += f". The Department's estimate: {money(p['debt_payment_official'])} a month"
    if p.get("debt_count") is not None:
        text += f" ({plural(int(p['debt_count']), 'borrower')})"
    return text + "."


def trajectory_words(p: dict) -> str | None:
    """'Earnings over time: 1 year $48,300 · 4 years $67,700 · 5 years $74,300'."""
    points = [t for t in p.get("trajectory") or [] if t.get("years") is not None]
    if len(points) < 2 or all(t["earnings"] is None for t in points):
        return None
    parts = [f"{plural(t['years'], 'year')} {_or_not_reported(t['earnings'])}"
             for t in points]
    cohorts: dict[str, list[int]] = {}
    for t in points:
        cohorts.setdefault(t.get("cohort") or "", []).append(t["years"])
    note = ""
    if len(cohorts) > 1:  # say which horizons measure which graduates
        note = " (" + "; ".join(
            f"{' and '.join(str(y) for y in years)} year{'s' if years != [1] else ''}: "
            f"{cohort.split(' (')[0]}" for cohort, years in cohorts.items() if cohort) + ")"
    return "Earnings after completion: " + " · ".join(parts) + note + "."


def expected_vs_predicted(p: dict, predicted: float | None, own_inputs: bool = True
                          ) -> str | None:
    """Why the expectation differs from the card's prediction for this program, when it
    does by $500 or more: with the program's own inputs, only the prediction's model
    learned from the program itself; with the page's, the inputs differ too."""
    expected = p.get("expected")
    if predicted is None or expected is None or abs(expected - predicted) < 500:
        return None
    if not own_inputs:
        return (f"The prediction above ({money(predicted)}) is for the inputs above; the "
                "expectation, for this program's own inputs, from models fitted without it.")
    return (f"The prediction above ({money(predicted)}) comes from the model fitted on every "
            "program, this one included; the expectation, from models fitted without it. "
            "They differ most where a program has few peers like it.")


def one_program(p: dict, predicted: float | None = None, own_inputs: bool = True) -> list:
    """The lines for one program; `predicted`: the card's prediction for it (`own_inputs`:
    with the program's own inputs, not the page's)."""
    head = html.Div([html.Strong(p.get("institution") or "This institution"),
                     f" ({p['state']})" if p.get("state") else "",
                     f": {p.get('program') or p.get('cipcode')}"], className="small")
    if p["status"] != "published":  # withheld at this horizon; maybe reported at others
        trajectory = trajectory_words(p)
        return [head, html.Div(f"Earnings {SUPPRESSED_WORDS.get(p['status'], p['status'])}."
                               " " + debt_words(p), className="small"),
                *([html.Div(trajectory, className="small")] if trajectory else []),
                *([program_test(p["test"])] if p.get("test") else [])]
    counts = [plural(int(p["graduates"]), "graduate") + " a year"
              if p.get("graduates") is not None else "graduates not reported"]
    if p.get("earnings_count") is not None:
        counts.append(f"{int(p['earnings_count']):,} in the earnings cohort")
    lines = [
        head,
        html.Div([html.Strong(f"Reported {money(p['earnings'])}"), f" ({', '.join(counts)}); "
                  f"expected of a program like it {_or_not_reported(p.get('expected'))}: ",
                  html.Strong(gap_words(p))], className="small"),
        html.Div(debt_words(p), className="small"),
    ]
    if p.get("premium") is not None:
        lines.append(html.Div(f"Premium over what high-school graduates earn: "
                              f"{signed_money(p['premium'])} (they earn "
                              f"{money(p['threshold'])}).", className="small"))
    trajectory = trajectory_words(p)
    if trajectory:
        lines.append(html.Div(trajectory, className="small"))
    if p.get("test"):
        lines.append(program_test(p["test"]))
    differs = expected_vs_predicted(p, predicted, own_inputs)
    if differs:
        lines.append(html.Div(differs, className="small text-muted"))
    if p.get("few_graduates"):
        lines.append(html.Div("Few graduates: a median of so few is noisy, and so is its "
                              "gap.", className="small text-muted"))
    return lines


def test_cell(test: dict | None) -> list | str:
    """A program's earnings test in a table cell: its badge, and its margin and chance."""
    if not test:
        return "not tested"
    if test.get("p_below") is None or test.get("margin") is None:
        return [badge(test)]
    return [badge(test), html.Span(f" {signed_money(test['margin'])}, "
                                   f"{chance(test['p_below'])} chance of failing")]


def programs_table(found: list[dict]) -> dbc.Table:
    """Several programs: one row each."""
    head = html.Thead(html.Tr([html.Th(t, scope="col") for t in
                               ("Program", "Reported", "Expected", "Actual − expected",
                                "Graduates", "Median debt", "Earnings test")]))
    rows = [html.Tr([html.Th(p.get("program") or p.get("cipcode"), scope="row"),
                     html.Td(_or_not_reported(p.get("earnings"))
                             if p["status"] == "published" else
                             SUPPRESSED_WORDS.get(p["status"], p["status"])),
                     html.Td(_or_not_reported(p.get("expected"))),
                     html.Td(_or_not_reported(p.get("gap"), signed_money)),
                     html.Td(_or_not_reported(p.get("graduates"), lambda v: f"{v:,.0f}")),
                     html.Td(_or_not_reported(p.get("debt"))),
                     html.Td(test_cell(p.get("test")))]) for p in found]
    return dbc.Table([head, html.Tbody(rows)], size="sm", bordered=False,
                     className="small mb-0 real-programs")


def program_panel(found: list[dict] | None, institution: str | None, what: str,
                  predicted: float | None = None, own_inputs: bool = True
                  ) -> html.Div | None:
    """The card's section on a real institution's program(s); None when no institution is
    chosen. `what`: the credential and field in words, for when it offers none;
    `predicted`: the card's prediction."""
    if found is None:
        return None
    if not found:
        return html.Div(f"{institution or 'This institution'} has no {programs_of(what)} in the "
                        "data.", className="small mt-2", id="predict-real")
    if len(found) == 1:
        body = one_program(found[0], predicted, own_inputs)
    else:
        body = [html.Div([html.Strong(found[0].get("institution") or "This institution"),
                          f": {len(found)} {programs_of(what)}"], className="small"),
                programs_table(found)]
    note = html.Div("Expected: what the model predicts for a program with these inputs, "
                    "from models that never saw it. The gap is an association, not the "
                    "program's effect.", className="small text-muted")
    return html.Div([*body, note], className="mt-2 pt-2 border-top", id="predict-real")
