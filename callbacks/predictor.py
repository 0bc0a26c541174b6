"""Inputs -> prediction card, distribution chart, breakdown chart (one round trip)."""

from __future__ import annotations

import time

from dash import Input, Output, no_update

from charts.compose import scenario_charts
from layouts import ids
from layouts.figures import distribution_chart
from layouts.page import measure_footer
from layouts.prediction import error_message, prediction_card
from model.errors import InputError, InvalidInputs, input_problems
from model.service import INPUT_LABELS

from .wire import plain

INPUT_IDS = [ids.CREDENTIAL, ids.FIELD, ids.PROGRAM, ids.CONTROL, ids.REGION, ids.LOCALE,
             ids.ADMISSION, ids.ADMISSION_MISSING, ids.SAT, ids.SAT_MISSING, ids.TUITION]
INPUT_NAMES = ["credential", "field", "program", "control", "region", "locale", "admission_rate",
               "admission_missing", "sat", "sat_missing", "tuition"]
OUTPUTS = [Output(ids.CARD, "children"), Output(ids.DISTRIBUTION, "figure"),
           Output(ids.BREAKDOWN, "figure"), Output(ids.MESSAGE, "children")]


def _checked(value: object) -> bool:
    return isinstance(value, (list, tuple)) and "missing" in value


def _optional(name: str, value: object, missing: object, scale: float = 1.0) -> object:
    """None when 'Not reported' is on; otherwise the value, which must then be given."""
    if _checked(missing):
        return None
    if value is None or value == "":
        raise InputError(name, "enter a value or switch on 'Not reported'")
    try:  # 71.2 / 100 is 0.7120000000000001: rounded, so that it reads back as typed
        return round(float(value) / scale, 10) if scale != 1 else float(value)
    except (TypeError, ValueError):
        return value  # validation names it


def message(error: InputError) -> str:
    """An input problem in the words of the page."""
    label = INPUT_LABELS.get(error.field, "Specific program" if error.field == "program"
                             else error.field)
    if error.field == "admission_rate" and "outside" in error.message:
        return f"{label}: enter a percentage from 0 to 100."
    return f"{label}: {error.message}."


def input_alert(exc: InputError | InvalidInputs):
    """The page's message for invalid inputs: each problem in the page's words."""
    return error_message([message(e) for e in input_problems(exc)])


def raw_scenario(values: dict) -> dict:
    """The page's values as the service's raw inputs (percent -> fraction, 'Not reported')."""
    raw = {k: values.get(k) for k in ("credential", "field", "program", "control", "region",
                                      "locale", "tuition")}
    raw["admission_rate"] = _optional("admission_rate", values.get("admission_rate"),
                                      values.get("admission_missing"), 100.0)
    raw["sat"] = _optional("sat", values.get("sat"), values.get("sat_missing"))
    if raw["tuition"] is None or raw["tuition"] == "":
        raise InputError("tuition", "enter the yearly tuition in dollars")
    return raw


def page_inputs(values: dict) -> dict:
    """The page's values as raw inputs without checking them (for the URL); an unusable
    number counts as not reported."""
    raw = {k: values.get(k) for k in ("credential", "field", "program", "control", "region",
                                      "locale")}
    for name, switch, scale in (("admission_rate", "admission_missing", 100.0),
                                ("sat", "sat_missing", 1.0), ("tuition", None, 1.0)):
        try:
            value = _optional(name, values.get(name), values.get(switch), scale)
        except InputError:
            value = None
        raw[name] = round(value, 4) if isinstance(value, (int, float)) else None
    return raw


def _remember(kind: str, parts: tuple, compute):
    return compute()


def figures(service, s, result: dict, measure: dict, remember=_remember,
            programs: list[dict] | None = None) -> tuple:
    """The distribution and breakdown charts (charts.compose.scenario_charts), the
    distribution's histograms from `remember` (the shared cache in the app)."""
    histograms = remember("distribution-chart",
                          (s.credential, s.field, s.program, measure["label"]),
                          lambda: distribution_chart(result["distribution"], measure))
    charts = scenario_charts(service, s, result, histograms, programs)
    return charts["distribution"], charts["breakdown"]


def chosen_programs(service, s, unitid: object) -> tuple[list[dict] | None, str | None]:
    """A chosen institution's programs of the scenario (None: no institution chosen) and
    its name."""
    chosen = service.institution(unitid) if isinstance(unitid, str) else None
    if chosen is None:
        return None, None
    return service.real_programs(unitid, s), chosen["name"]


def update(service, info: dict, values: dict, remember=_remember) -> tuple:
    """Card, figures and message for the page's values (with `institution`, a chosen
    institution's programs); invalid values leave the charts."""
    try:
        scenario = service.validate(raw_scenario(values))
    except (InvalidInputs, InputError) as exc:
        return no_update, no_update, no_update, input_alert(exc)
    result = service.explain(scenario)
    programs, name = chosen_programs(service, scenario, values.get("institution"))
    card = prediction_card(result["prediction"], info, result["distribution"], programs, name)
    distribution, breakdown = figures(service, scenario, result, info["target_measure"],
                                      remember, programs)
    return plain(card), distribution, breakdown, None


def register(app, ctx) -> None:
    """Register the predictor callback."""
    service = ctx.service
    remember = ctx.cache.remember

    @app.callback(*OUTPUTS, *[Input(i, "value") for i in INPUT_IDS],
                  Input(ids.INSTITUTION, "value"), Input(ids.HORIZON, "value"))
    def predict(*args):
        start = time.perf_counter()
        *values, institution, horizon = args
        model = service.horizon(horizon)
        answer = update(model, model.info(),
                        {**dict(zip(INPUT_NAMES, values)), "institution": institution},
                        remember)
        if answer[3] is None:  # a prediction, not a message
            ctx.metrics.record("page", time.perf_counter() - start)
        return answer

    @app.callback(Output(ids.FOOTER_MEASURE, "children"), Input(ids.HORIZON, "value"),
                  prevent_initial_call=True)
    def footer(horizon):
        return measure_footer(service.info(), horizon)
