"""Inputs -> prediction card, distribution chart, breakdown chart (one round trip)."""

from __future__ import annotations

import time
from typing import NamedTuple

from dash import Input, Output, no_update

from charts.compose import scenario_charts
from charts.words import breakdown_text, distribution_text
from layouts import ids
from layouts.controls import INPUT_IDS, INPUT_NAMES, NUMBER_CONTROLS
from layouts.page import measure_footer
from layouts.prediction import announcement, error_message, prediction_card
from model.errors import InputError, InvalidInputs, input_problems
from model.serving.inputs import NUMERIC_LIMITS
from model.serving.links import BACHELOR_LIMITS, bachelor_benchmark
from model.serving.service import INPUT_LABELS

from .page_state import PREDICTOR_PARTS, UrlWriter, raw_scenario
from .wire import plain


class Answer(NamedTuple):
    """The predictor's answer, one field per output (no_update: left as the page has it)."""

    card: object = no_update
    distribution: object = no_update
    breakdown: object = no_update
    message: object = no_update
    said: object = no_update  # what a screen reader says
    distribution_caption: object = no_update
    breakdown_caption: object = no_update
    distribution_table: object = no_update
    breakdown_table: object = no_update


OUTPUT_OF = {"card": Output(ids.CARD, "children"),
             "distribution": Output(ids.DISTRIBUTION, "figure"),
             "breakdown": Output(ids.BREAKDOWN, "figure"),
             "message": Output(ids.MESSAGE, "children"),
             "said": Output(ids.ANNOUNCE, "children"),
             "distribution_caption": Output(ids.caption(ids.DISTRIBUTION), "children"),
             "breakdown_caption": Output(ids.caption(ids.BREAKDOWN), "children"),
             "distribution_table": Output(ids.table(ids.DISTRIBUTION), "children"),
             "breakdown_table": Output(ids.table(ids.BREAKDOWN), "children")}
OUTPUTS = [OUTPUT_OF[name] for name in Answer._fields]  # as the page's requests list them


NAMED_INPUTS = {"controls": [Input(i, "value") for i in INPUT_IDS],
                "institution": Input(ids.INSTITUTION, "value"),
                "horizon": Input(ids.HORIZON, "value"),
                "bachelor": Input(ids.BACHELOR, "value")}
INPUTS = [*NAMED_INPUTS["controls"], *list(NAMED_INPUTS.values())[1:]]  # as requests list them
assert [(i.component_id, i.component_property) for i in INPUTS] == PREDICTOR_PARTS
URL = UrlWriter(PREDICTOR_PARTS)  # the predictor writes the URL for a change of its own
CONTROLS = {c.name: c for c in NUMBER_CONTROLS}


def message(error: InputError) -> str:
    """An input problem in the words of the page."""
    label = INPUT_LABELS.get(error.field, {"program": "Specific program",
                                           "bachelor": "Bachelor's benchmark"}.get(
        error.field, error.field))
    c = CONTROLS.get(error.field)
    if c is not None and c.scale != 1 and "outside" in error.message:
        low, high = NUMERIC_LIMITS[c.name]
        return f"{label}: enter a percentage from {low * c.scale:g} to {high * c.scale:g}."
    return f"{label}: {error.message}."


def input_alert(exc: InputError | InvalidInputs):
    """The page's message for invalid inputs: each problem in the page's words."""
    return error_message([message(e) for e in input_problems(exc)])


def _remember(kind: str, parts: tuple, compute):
    return compute()


def figures(service, s, result: dict, remember=_remember,
            programs: list[dict] | None = None) -> tuple:
    """The distribution and breakdown charts (charts.compose.scenario_charts), the
    distribution's histograms from `remember` (the shared cache in the app)."""
    charts = scenario_charts(service, s, result, programs, remember)
    return charts["distribution"], charts["breakdown"]


def bachelor_value(value: object) -> float | None:
    """The page's bachelor's benchmark: None when empty; InputError when not a yearly
    amount within the limits."""
    if value is None or value == "":
        return None
    found = bachelor_benchmark(value)
    if found is None:
        low, high = BACHELOR_LIMITS
        raise InputError("bachelor", f"enter a yearly amount from ${low:,.0f} to ${high:,.0f}")
    return found


def update(service, info: dict, values: dict, remember=_remember) -> Answer:
    """Card, figures, message, what a screen reader says, and the charts' captions and
    tables for the page's values (with `institution`, a chosen institution's programs);
    invalid values leave the charts."""
    try:
        scenario = service.validate(raw_scenario(values))
        bachelor = bachelor_value(values.get("bachelor"))
    except (InvalidInputs, InputError) as exc:
        return Answer(message=input_alert(exc))
    scenario, about, programs, chosen = service.chosen_programs(
        scenario, values.get("institution"), bachelor)  # the headline's, and the programs
    result = service.explain(scenario)
    test = service.scenario_test(scenario, chosen.get("state") if chosen else None, bachelor)
    card = prediction_card(result["prediction"], info, result["distribution"], programs,
                           chosen["name"] if chosen else None, test, about)
    said = announcement(result["prediction"], info["target_measure"])
    distribution, breakdown = figures(service, scenario, result, remember, programs)
    dist_words = distribution_text(result["distribution"], result["prediction"]["value"],
                                   programs)
    breakdown_words = breakdown_text(result["contributions"])
    return Answer(plain(card), distribution, breakdown, message=None, said=said,
                  distribution_caption=dist_words.summary,
                  breakdown_caption=breakdown_words.summary,
                  distribution_table=dist_words.table, breakdown_table=breakdown_words.table)


def register(app, ctx) -> None:
    """Register the predictor callback."""
    service = ctx.service
    remember = ctx.cache.remember

    bounds = service.explorer.filter_options()

    @app.callback(output={"answer": OUTPUTS, "url": URL.outputs},
                  inputs={**NAMED_INPUTS, "url": URL.states},
                  prevent_initial_call="initial_duplicate")
    def predict(controls, institution, horizon, bachelor, url):
        start = time.perf_counter()
        model = service.horizon(horizon)
        answer = update(model, model.info(),
                        {**dict(zip(INPUT_NAMES, controls)), "institution": institution,
                         "bachelor": bachelor}, remember)
        if answer.message is None:  # a prediction, not a message
            ctx.metrics.record("page", time.perf_counter() - start)
        own = [*controls, institution, horizon, bachelor]  # PREDICTOR_PARTS' order
        return {"answer": list(answer), "url": URL.query(service, bounds, own, url)}

    @app.callback(Output(ids.FOOTER_MEASURE, "children"), Input(ids.HORIZON, "value"),
                  prevent_initial_call=True)
    def footer(horizon):
        return measure_footer(service.info(), horizon)
