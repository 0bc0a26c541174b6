"""The prediction card and the messages shown above it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from .theme import money


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def prediction_card(prediction: dict, metrics: dict, target_definition: str,
                    n_field: int, field_label: str) -> list:
    """The card's body: the prediction, its range, its percentile and the model's accuracy."""
    test = metrics["test"]
    level = prediction["level"]
    cred = prediction["credential_label"] or "programs"
    rows = [
        html.Div("Predicted " + target_definition, className="text-muted small text-uppercase"),
        html.Div(money(prediction["value"]), className="display-5 fw-bold text-primary",
                 id="predict-value"),
        html.Div([f"{level:.0%} range: ",
                  html.Strong(f"{money(prediction['low'])} to {money(prediction['high'])}")],
                 id="predict-range"),
    ]
    if prediction["percentile"] is not None:
        pct = int(round(prediction["percentile"]))
        rows.append(html.Div(
            [f"Higher than {pct}% of {cred.lower()} programs " if pct < 100 else
             f"Above every {cred.lower()} program ", f"({_ordinal(max(pct, 1))} percentile of "
             f"{prediction['peers']:,})"], id="predict-percentile"))
    if n_field == 0:
        rows.append(dbc.Alert(f"No {field_label} programs with a {cred.lower()} are in the data: "
                              "this prediction extrapolates from other fields and credentials.",
                              color="warning", className="mt-2 mb-0 py-2 small",
                              id="predict-empty"))
    rows.append(html.Div(
        f"Model accuracy on {test['n']:,} held-out programs: R² {test['r2']:.2f}, typical error "
        f"{money(test['mae'])}.", className="text-muted small mt-2", id="predict-accuracy"))
    return rows


def error_message(problems: list[str]) -> dbc.Alert:
    """A dismissable alert listing what to fix."""
    return dbc.Alert([html.Strong("Check these inputs: "),
                      html.Ul([html.Li(p) for p in problems], className="mb-0")],
                     color="danger", dismissable=True, className="py-2")
