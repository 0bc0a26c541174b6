"""Pinning predictor scenarios (up to four) and showing them side by side."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback_context, no_update

from charts.compose import comparison_figure, comparison_items
from charts.words import comparison_text
from layouts import ids
from layouts.compare import compare_panel
from layouts.controls import INPUT_IDS, INPUT_NAMES
from layouts.prediction import error_message
from model.errors import InputError, InvalidInputs
from model.serving.links import MAX_PINS

from .page_state import UrlWriter
from .predictor import input_alert, raw_scenario

PINS_URL = UrlWriter([(ids.PINNED, "data")])  # the comparison writes the URL for its pins


def pin(service, pinned: object, values: dict) -> tuple:
    """The pinned list with the page's scenario added, and a message if it cannot be."""
    pinned = list(pinned) if isinstance(pinned, list) else []
    try:
        scenario = service.validate(raw_scenario(values)).as_dict()
    except (InvalidInputs, InputError) as exc:
        return no_update, input_alert(exc)
    if scenario in pinned:
        return no_update, error_message(["This scenario is already pinned."])
    if len(pinned) >= MAX_PINS:
        return no_update, error_message([f"Up to {MAX_PINS} scenarios can be pinned: "
                                         "remove one first."])
    return pinned + [scenario], None


def unpin(pinned: object, index: object) -> list:
    """The pinned list without the scenario at `index`."""
    pinned = list(pinned) if isinstance(pinned, list) else []
    return [p for i, p in enumerate(pinned) if i != index]


def panel(service, pinned: object) -> list:
    """The comparison: each valid pinned scenario explained."""
    scenarios = []
    for raw in (pinned if isinstance(pinned, list) else [])[:MAX_PINS]:
        try:
            scenarios.append(service.validate(raw if isinstance(raw, dict) else {}))
        except InvalidInputs:
            continue
    items = comparison_items(service, scenarios)
    if not items:
        return compare_panel(items, MAX_PINS, None)
    words = comparison_text(items)
    return compare_panel(items, MAX_PINS, comparison_figure(items), words.summary, words.table)


def register(app, ctx) -> None:
    """Register the pin/unpin and comparison callbacks."""
    service = ctx.service

    @app.callback(Output(ids.PINNED, "data"), Output(ids.COMPARE_MESSAGE, "children"),
                  Input(ids.PIN, "n_clicks"), Input({"type": ids.UNPIN, "index": ALL}, "n_clicks"),
                  State(ids.PINNED, "data"), *[State(i, "value") for i in INPUT_IDS],
                  prevent_initial_call=True)
    def change_pins(_pin, _unpins, pinned, *values):
        trigger = callback_context.triggered_id
        if isinstance(trigger, dict):
            if not callback_context.triggered[0]["value"]:
                return no_update, no_update  # a remove button appeared; none was pressed
            return unpin(pinned, trigger.get("index")), None
        return pin(service, pinned, dict(zip(INPUT_NAMES, values)))

    bounds = service.explorer.filter_options()

    @app.callback(Output(ids.COMPARE, "children"), *PINS_URL.outputs, Input(ids.PINNED, "data"),
                  *PINS_URL.states, prevent_initial_call="initial_duplicate")
    def show_pins(pinned, *url):
        return panel(service, pinned), *PINS_URL.query(service, bounds, [pinned], list(url))
