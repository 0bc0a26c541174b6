"""Filling the predictor from elsewhere (an explorer selection's typical program, one of an
institution's programs): the outputs such a callback names, and its two answers."""

from __future__ import annotations

from dash import Output, no_update

from layouts import ids
from layouts.controls import INPUT_IDS
from layouts.prediction import error_message


def outputs(message: Output) -> dict:
    """The predictor's inputs, its note and the tab, and the caller's own `message`."""
    return {"inputs": [Output(i, "value", allow_duplicate=True) for i in INPUT_IDS],
            "note": Output(ids.INSTITUTION_NOTE, "children", allow_duplicate=True),
            "tab": Output(ids.TABS, "data", allow_duplicate=True), "message": message}


def filled(values: list, note: str) -> dict:
    """The inputs filled (in INPUT_IDS' order), the note saying from what, the Predict tab."""
    return {"inputs": values, "note": note, "tab": "predict", "message": None}


def refused(why: str) -> dict:
    """Nothing filled; the caller's message says why."""
    return {"inputs": [no_update for _ in INPUT_IDS], "note": no_update, "tab": no_update,
            "message": error_message([why])}
