"""The bodies a browser posts to `_dash-update-component` for the page's main callbacks and
the Institution tab's view, built from the callbacks' own declarations (shared by the
benchmarks and the tests that post them; not used by the app)."""

from __future__ import annotations

from dash._utils import create_callback_id

from layouts import ids
from layouts.controls import INPUT_IDS, INPUT_NAMES, control_values

from . import predictor
from .explore import CHART_INPUTS, CHART_OUTPUTS, CHART_STATE

# the page's other values, as a fresh page holds them (the URL is written: "" for both)
PAGE = {(ids.TABS, "data"): "predict", (ids.URL, "search"): "",
        (ids.URL_WRITTEN, "data"): ""}


def _body(outputs: list, inputs: list, state: list, values: dict) -> dict:
    """A callback's request body: its inputs' and states' values from `values`
    ({(id, property): value}; None where absent)."""
    def item(dep) -> dict:
        key = (dep.component_id, dep.component_property)
        return {"id": key[0], "property": key[1], "value": values.get(key)}

    return {"output": create_callback_id(outputs, inputs),
            "outputs": [{"id": o.component_id, "property": o.component_property}
                        for o in outputs],
            "inputs": [item(i) for i in inputs], "state": [item(s) for s in state],
            "changedPropIds": [f"{inputs[0].component_id}.{inputs[0].component_property}"]}


def predictor_request(service, changed: str = ids.CREDENTIAL, **changes) -> dict:
    """The predictor callback (card, charts, their words, message and the URL) for the
    default scenario, with `changes` ({component id: value}) applied."""
    by_name = control_values(service.options()["default"])
    values = {(i, "value"): by_name[name] for i, name in zip(INPUT_IDS, INPUT_NAMES)}
    values.update({(k, "value"): v for k, v in changes.items()})
    body = _body([*predictor.OUTPUTS, *predictor.URL.outputs], predictor.INPUTS,
                 predictor.URL.states, {**PAGE, **values})
    body["changedPropIds"] = [f"{changed}.value"]
    return body


def explorer_request(values: dict, drawn: dict | None = None) -> dict:
    """The explorer's chart callback for filter `values` ({name: value}, plus area, x,
    colour, group, small and horizon) on the Explore tab; `drawn`: {"id.property": value}
    of its states, as the page holds them after its last answer (none: a fresh page)."""
    named = {(i, "value"): values.get(name) for name, i in ids.EXPLORE_FILTER_IDS.items()}
    named.update({(ids.EXPLORE_AREA, "data"): values.get("area"),
                  (ids.EXPLORE_X, "value"): values.get("x", "tuition"),
                  (ids.EXPLORE_COLOUR, "value"): values.get("colour", "control"),
                  (ids.EXPLORE_GROUP, "value"): values.get("group", "field"),
                  (ids.EXPLORE_SMALL, "value"): values.get("small", []),
                  (ids.HORIZON, "value"): values.get("horizon"),
                  (ids.TABS, "data"): "explore", (ids.EXPLORE_ASK, "data"): 1})
    named.update({tuple(k.rsplit(".", 1)): v for k, v in (drawn or {}).items()})
    return _body(CHART_OUTPUTS, CHART_INPUTS, CHART_STATE, {**PAGE, **named})


def institution_request(app, unitid: str) -> dict:
    """The Institution tab's view callback, drawing `unitid` afresh (nothing drawn yet)."""
    key = next(k for k in app.callback_map if f"{ids.PROFILE_BODY}.children" in k)
    spec = app.callback_map[key]
    values = {(ids.TABS, "data"): "institution", (ids.INSTITUTION, "value"): unitid,
              (ids.URL, "search"): "", (ids.URL_WRITTEN, "data"): ""}

    def item(dep: dict) -> dict:
        return {"id": dep["id"], "property": dep["property"],
                "value": values.get((dep["id"], dep["property"]))}

    parts = key[2:-2].split("...")
    return {"output": key,
            "outputs": [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]}
                        for p in parts],
            "inputs": [item(i) for i in spec["inputs"]],
            "state": [item(s) for s in spec["state"]],
            "changedPropIds": [f"{ids.TABS}.data"]}
