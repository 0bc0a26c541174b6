"""Field of study -> the specific programs offered in it."""

from __future__ import annotations

from dash import Input, Output, State

from layouts import ids


def program_options(options: dict, field: object, current: object) -> tuple[list, object]:
    """Programs of `field`, and the current program if it belongs to it (else none)."""
    programs = options["program"].get(field, []) if isinstance(field, str) else []
    choices = [{"label": p["label"], "value": p["value"]} for p in programs]
    keep = current if any(p["value"] == current for p in programs) else None
    return choices, keep


def register(app, ctx) -> None:
    """Register the program-options callback."""
    service = ctx.service
    options = service.options()

    @app.callback(Output(ids.PROGRAM, "options"), Output(ids.PROGRAM, "value"),
                  Input(ids.FIELD, "value"), State(ids.PROGRAM, "value"),
                  prevent_initial_call=True)  # the page is drawn with its field's programs
    def update_programs(field, current):
        return program_options(options, field, current)
