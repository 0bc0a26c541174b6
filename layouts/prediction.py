"""The prediction card and the messages shown above it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from charts.figures import plural, withheld_note
from charts.theme import ordinal
from model.codes import money, programs_of

from .earnings_test import scenario_test
from .real_program import program_panel


def measure_lines(measure: dict) -> list:
    """The measure in full, as the card's heading: what, then whose, which cohort, dollars."""
    detail = " · ".join(p for p in (measure.get("population"), measure.get("cohort"),
                                    f"{measure['dollars']} dollars" if measure.get("dollars")
                                    else "") if p)
    return [html.Div("Predicted " + measure["title"].lower(),
                     className="text-muted small text-uppercase", id="predict-measure"),
            html.Div(detail, className="text-muted small") if detail else None]


def accuracy_line(metrics: dict) -> str:
    """'Cross-validated R² 0.69 ± 0.04 (5 folds of 850 programs); typical error $7,000.'"""
    cv, test = metrics["cv_r2"], metrics["test"]
    folds = len(cv.get("folds", [])) or 5
    return (f"Model accuracy: cross-validated R² {cv['mean']:.2f} ± {cv['std']:.2f} "
            f"({folds} folds of {plural(cv.get('n', test['n']), 'program')}); typical error "
            f"{money(test['mae'])} on {plural(test['n'], 'held-out program')}.")


def _group_line(dist: dict) -> html.Div | None:
    """'106 bachelor's degree programs in Business with published earnings: median
    $66,910' (the n behind the median)."""
    n, cred = dist.get("n_chosen", 0), (dist.get("credential_label") or "").lower()
    if not n:
        return None
    text = (f"{plural(n, cred + ' program')} in {dist['chosen_label']} "
            f"{'has' if n == 1 else 'have'} published earnings")
    if dist.get("median_chosen") is not None:
        text += f": {'' if n == 1 else 'median '}{money(dist['median_chosen'])}"
    note = withheld_note(dist, "Not counted here")
    return html.Div([text + ".", html.Span(f" {note}." if note else "",
                                           className="text-muted")],
                    className="small mt-1", id="predict-group")


def _sizes(prediction: dict) -> html.Div | None:
    """The range for a small and a large program (the range widens for small ones)."""
    bands = prediction.get("by_size") or []
    if len(bands) < 2:
        return None
    parts = [f"{b['band']}: {money(b['low'])} to {money(b['high'])}" for b in bands]
    return html.Div("By program size, " + "; ".join(parts) + ".",
                    className="small text-muted", id="predict-range-sizes")


def about_line(about: dict | None) -> html.Div | None:
    """Which program the headline is for, when the card shows one real program."""
    if about is None:
        return None
    program = (f"{about['name']} (CIP {about['cipcode'][:2]}.{about['cipcode'][2:]})"
               if about.get("four_digit") and about.get("cipcode") else about["name"])
    inputs = ("its institution's inputs" if about["own_inputs"] else
              f"the inputs above, not those of {about['institution'] or 'its institution'}")
    return html.Div(f"For {program}, the program below, with {inputs}.",
                    className="small", id="predict-about")


def prediction_card(prediction: dict, info: dict, dist: dict,
                    programs: list[dict] | None = None, institution: str | None = None,
                    test: dict | None = None, about: dict | None = None) -> list:
    """The card's body: the prediction for the measure, its range (for a typical program
    and by size), its percentile, the programs behind the comparison, a chosen real
    institution's programs (`programs`: None when none is chosen), and the model's
    cross-validated accuracy with any warning about it; `test`: whether a program like it
    would pass the federal earnings test (service.scenario_test); `about`: the one real
    program the headline is for (service.chosen_programs)."""
    level = prediction["level"]
    cred = prediction["credential_label"] or "programs"
    typical = prediction.get("typical_graduates")
    rows = [
        *measure_lines(info["target_measure"]),
        html.Div(money(prediction["value"]), className="display-5 fw-bold text-primary",
                 id="predict-value"),
        about_line(about),
        html.Div([f"{level:.0%} range" + (f" for a program of typical size ({typical:,.0f} "
                                          "graduates a year)" if typical else "")
                  + ": ", html.Strong(f"{money(prediction['low'])} to "
                                      f"{money(prediction['high'])}")], id="predict-range"),
        _sizes(prediction),
    ]
    if prediction["percentile"] is not None:
        pct = int(round(prediction["percentile"]))
        rows.append(html.Div(
            [f"Higher than {pct}% of {cred.lower()} programs " if pct < 100 else
             f"Above every {cred.lower()} program ", f"({ordinal(max(pct, 1))} percentile of "
             f"{plural(prediction['peers'], 'program')})"], id="predict-percentile"))
    rows.append(_group_line(dist))
    what = f"{cred.lower()} {dist.get('chosen_label') or ''}".strip()
    rows.append(scenario_test(test))
    rows.append(program_panel(programs, institution, what, prediction["value"],
                              about["own_inputs"] if about else True))
    if dist.get("n_chosen", 0) == 0:
        rows.append(dbc.Alert(f"No {programs_of(dist['chosen_label'])} with a {cred.lower()} and "
                              "published earnings are in the data: this prediction "
                              "extrapolates from other fields and credentials.",
                              color="warning", className="mt-2 mb-0 py-2 small",
                              id="predict-empty"))
    rows.append(html.Div(accuracy_line(info["metrics"]), className="text-muted small mt-2",
                         id="predict-accuracy"))
    for i, warning in enumerate(info.get("warnings") or []):
        rows.append(dbc.Alert([html.Strong("Caution: "), warning], color="warning",
                              className="mt-2 mb-0 py-2 small", id=f"predict-warning-{i}"))
    return [r for r in rows if r is not None]


def announcement(prediction: dict, measure: dict) -> str:
    """The prediction in one sentence, for screen readers (said once per change)."""
    cred = prediction["credential_label"] or "programs"
    words = (f"Predicted {measure['title'].lower()}: {money(prediction['value'])}, "
             f"{prediction['level']:.0%} range {money(prediction['low'])} to "
             f"{money(prediction['high'])}")
    if prediction["percentile"] is not None:
        words += (f"; higher than {int(round(prediction['percentile']))}% of "
                  f"{cred.lower()} programs")
    return words + "."


def error_message(problems: list[str]) -> dbc.Alert:
    """A dismissable alert listing what to fix."""
    return dbc.Alert([html.Strong("Check these inputs: "),
                      html.Ul([html.Li(p) for p in problems], className="mb-0")],
                     color="danger", dismissable=True, className="py-2")
