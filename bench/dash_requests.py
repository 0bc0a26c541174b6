"""The bodies a browser posts to `_dash-update-component` for the page's two main callbacks
(shared by the benchmarks and the tests that post them)."""

from __future__ import annotations

from callbacks.explore import GRAPHS
from layouts import ids
from layouts.controls import INPUT_IDS, INPUT_NAMES, control_values


def _body(outputs: list[tuple[str, str]], inputs: list[dict], changed: str) -> dict:
    return {"output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
            "outputs": [{"id": i, "property": p} for i, p in outputs], "inputs": inputs,
            "changedPropIds": [f"{changed}.value"], "state": []}


def predictor_request(service, changed: str = ids.CREDENTIAL, **changes) -> dict:
    """The predictor callback (card, distribution, breakdown, message) for the default
    scenario, with `changes` ({component id: value}) applied."""
    by_name = control_values(service.options()["default"])
    values = {i: by_name[name] for i, name in zip(INPUT_IDS, INPUT_NAMES)}
    values.update({ids.INSTITUTION: None, ids.HORIZON: None})
    values.update(changes)
    outputs = [(ids.CARD, "children"), (ids.DISTRIBUTION, "figure"),
               (ids.BREAKDOWN, "figure"), (ids.MESSAGE, "children"),
               (ids.ANNOUNCE, "children"),
               *[(ids.caption(g), "children") for g in (ids.DISTRIBUTION, ids.BREAKDOWN)],
               *[(ids.table(g), "children") for g in (ids.DISTRIBUTION, ids.BREAKDOWN)]]
    return _body(outputs, [{"id": k, "property": "value", "value": v}
                           for k, v in values.items()], changed)


def explorer_request(values: dict) -> dict:
    """The explorer's chart callback for filter `values` ({name: value}, plus area, x,
    colour, group, small and horizon)."""
    outputs = [(g, "figure") for g in GRAPHS] + [(ids.caption(g), "children") for g in GRAPHS] + [
        (ids.table(g), "children") for g in GRAPHS] + [
        (ids.EXPLORE_SUMMARY, "children"), (ids.EXPLORE_CHIPS, "children"),
        (ids.EXPLORE_SELECTION, "data"), (ids.EXPLORE_MESSAGE, "children")]
    inputs = [{"id": i, "property": "value", "value": values.get(name)}
              for name, i in ids.EXPLORE_FILTER_IDS.items()]
    inputs += [{"id": ids.EXPLORE_AREA, "property": "data", "value": values.get("area")},
               {"id": ids.EXPLORE_X, "property": "value", "value": values.get("x", "tuition")},
               {"id": ids.EXPLORE_COLOUR, "property": "value",
                "value": values.get("colour", "control")},
               {"id": ids.EXPLORE_GROUP, "property": "value",
                "value": values.get("group", "field")},
               {"id": ids.EXPLORE_SMALL, "property": "value", "value": values.get("small", [])},
               {"id": ids.HORIZON, "property": "value", "value": values.get("horizon")}]
    return _body(outputs, inputs, ids.EXPLORE_REGION)
