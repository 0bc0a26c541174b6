"""The institution picker (server-side search) and the inputs it fills; the reset button."""

from __future__ import annotations

from dash import Input, Output, State, callback_context, no_update

from layouts import ids
from layouts.controls import FILLED, page_values
from model.serving.inputs import INSTITUTION_INPUTS, NUMERIC_NAMES, OPTIONAL_NUMBERS


def search(service, query: object, selected: object) -> list[dict]:
    """Up to 20 matches for `query`, keeping the selected institution listed."""
    found = service.search_institutions(query if isinstance(query, str) else "")
    if isinstance(selected, str) and not any(o["value"] == selected for o in found):
        chosen = service.institution(selected)
        if chosen:
            found.insert(0, {"value": selected, "label": chosen["label"]})
    return found


def search_many(service, query: object, chosen: object, options: object,
                label=None) -> list[dict]:
    """Options of a many-institution dropdown: the chosen ones kept, then up to 20 matches
    for `query` (`label(unitid)` names them; default: the search's label); None to leave
    the options as they are (nothing typed)."""
    if not isinstance(query, str) or not query.strip():
        return None
    chosen = chosen if isinstance(chosen, list) else []
    keep = [o for o in options if isinstance(o, dict) and o.get("value") in chosen] \
        if isinstance(options, list) else []
    kept = {o["value"] for o in keep}
    found = [{"value": o["value"], "label": label(o["value"]) if label else o["label"]}
             for o in service.search_institutions(query) if o["value"] not in kept]
    return keep + found


def institution_note(chosen: dict) -> str:
    """What was filled from an institution, with what the inputs do not show: its programs
    with and without published earnings, its net price, and which tuition it reports."""
    programs = f"{chosen['programs']:,} program{'s' if chosen['programs'] != 1 else ''} with " \
               "earnings in the data"
    if chosen.get("withheld"):
        programs += f", {chosen['withheld']:,} more without"
    parts = [f"Filled from {chosen['name']} ({programs})."]
    if chosen.get("net_price") is not None:
        parts.append(f"Average net price ${chosen['net_price']:,.0f} a year (cost of "
                     "attendance less grants).")
    if chosen.get("tuition_kind") == "program-year":
        parts.append("It charges by program: the tuition is its largest program's.")
    parts.append("Change any input to explore.")
    return " ".join(parts)


SELECT_FIRST = ("Select a program in the table first (click its row, or press the space bar "
                "on it).")


def kept_if_missing(values: dict) -> dict:
    """Inputs from an institution as the page takes them: a number it does not report keeps
    the page's value (no_update); a missing optional number (SAT, admission rate) stays
    None, which switches on 'Not reported'."""
    return {k: no_update if v is None and k in NUMERIC_NAMES and k not in OPTIONAL_NUMBERS
            else v for k, v in values.items()}


def fill(service, trigger: object, unitid: object) -> dict:
    """The fill callback's outputs by name: inputs filled from an institution (credential,
    field and program kept), or every input reset to the default scenario."""
    if trigger == ids.RESET:
        d = service.options()["default"]
        return {"credential": d["credential"], "field": d["field"], "program": None,
                "filled": page_values(d), "note": None, "institution": None}
    keep = {"credential": no_update, "field": no_update, "program": no_update,
            "institution": no_update}
    chosen = service.institution(unitid) if isinstance(unitid, str) else None
    if chosen is None:
        return {**keep, "filled": [no_update for _ in FILLED],
                "note": "That institution is not in the data." if unitid else None}
    values = page_values(kept_if_missing({k: chosen[k] for k in INSTITUTION_INPUTS}))
    return {**keep, "filled": values, "note": institution_note(chosen)}


def register(app, ctx) -> None:
    """Register the search and fill callbacks."""
    service = ctx.service

    @app.callback(Output(ids.INSTITUTION, "options"), Input(ids.INSTITUTION, "search_value"),
                  State(ids.INSTITUTION, "value"))
    def search_institutions(query, selected):
        return search(service, query, selected)

    @app.callback(output={"credential": Output(ids.CREDENTIAL, "value"),
                          "field": Output(ids.FIELD, "value"),
                          "program": Output(ids.PROGRAM, "value", allow_duplicate=True),
                          "filled": [Output(i, "value") for i in FILLED],
                          "note": Output(ids.INSTITUTION_NOTE, "children"),
                          "institution": Output(ids.INSTITUTION, "value")},
                  inputs={"unitid": Input(ids.INSTITUTION, "value"),
                          "_clicks": Input(ids.RESET, "n_clicks")},
                  prevent_initial_call=True)
    def fill_inputs(unitid, _clicks):
        return fill(service, callback_context.triggered_id, unitid)
