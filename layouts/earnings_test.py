"""The federal earnings test on the prediction card: for a real program, and for the
scenario (a program that does not exist yet), in the words the service attaches to each test
(`sentences`, and a real program's `notes`; model.serving.earnings_words writes them)."""

from __future__ import annotations

from dash import html

STATUS_CLASS = {"passes": "test-passes", "fails": "test-fails"}


def _heading(test: dict, what: str) -> html.Div:
    coverage = test.get("coverage") or {}
    return html.Div([html.Strong(what), html.Span(
        f" 4-year earnings (EARN_MDN_4YR). {coverage.get('words', '')}"
        + (f" Benchmarks: {test['vintage']}." if test.get("vintage") else ""),
        className="text-muted")], className="small")


def badge(test: dict) -> html.Span:
    """The status as a word with a symbol (never colour alone)."""
    status = test["status"]
    if test.get("at_risk"):
        return html.Span("⚠ At risk", className="badge test-badge test-at-risk")
    symbol = {"passes": "✓ ", "fails": "✗ "}.get(status, "– ")
    return html.Span(symbol + status.capitalize(), className="badge test-badge "
                     + STATUS_CLASS.get(status, "test-untested"))


def program_test(test: dict) -> html.Div:
    """A real program's test: status, margin, how sure, then its notes (payback, debt
    rates)."""
    notes = test.get("notes") or []
    said = [line for line in test.get("sentences") or [] if line not in notes]
    return html.Div([
        html.Div([badge(test), " "], className="mt-1"),
        _heading(test, "Federal earnings test:"),
        *[html.Div(line, className="small") for line in said],
        *[html.Div(line, className="small text-muted") for line in notes],
    ], className="mt-2 earnings-test", id="predict-test-real")


def scenario_test(test: dict | None) -> html.Div | None:
    """Would a program like the scenario pass? (None without a test.)"""
    if test is None:
        return None
    body = test.get("sentences") or []
    return html.Div([
        _heading(test, "Would a program like this pass the federal earnings test?"),
        *[html.Div(line, className="small") for line in body],
    ], className="mt-2 pt-2 border-top earnings-test", id="predict-test")
