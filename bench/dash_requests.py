"""The bodies a browser posts to `_dash-update-component` for the page's two main callbacks
(shared by the benchmarks and the tests that post them)."""

from __future__ import annotations

from callbacks.explore import CHART_INPUTS, CHART_OUTPUTS, CHART_STATE
from layouts import ids
from layouts.controls import INPUT_IDS, INPUT_NAMES, control_values


def _body(outputs: list[tuple[str, str]], inputs: list[dict], changed: str,
          state: list[dict] | None = None) -> dict:
    return {"output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
            "outputs": [{"id": i, "property": p} for i, p in outputs], "inputs": inputs,
            "changedPropIds": [f"{changed}.value"], "state": state or []}


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


def explorer_request(values: dict, drawn: dict | None = None) -> dict:
    """The explorer's chart callback for filter `values` ({name: value}, plus area, x,
    colour, group, small and horizon) on the Explore tab; `drawn`: {"id.property": value}
    of its states, as the page holds them after its last answer (none: a fresh page)."""
    named = {i: values.get(name) for name, i in ids.EXPLORE_FILTER_IDS.items()}
    named.update({ids.EXPLORE_AREA: values.get("area"),
                  ids.EXPLORE_X: values.get("x", "tuition"),
                  ids.EXPLORE_COLOUR: values.get("colour", "control"),
                  ids.EXPLORE_GROUP: values.get("group", "field"),
                  ids.EXPLORE_SMALL: values.get("small", []),
                  ids.HORIZON: values.get("horizon"), ids.TABS: "explore"})
    outputs = [(o.component_id, o.component_property) for o in CHART_OUTPUTS]
    inputs = [{"id": i.component_id, "property": i.component_property,
               "value": named[i.component_id]} for i in CHART_INPUTS]
    state = [{"id": s.component_id, "property": s.component_property,
              "value": (drawn or {}).get(f"{s.component_id}.{s.component_property}")}
             for s in CHART_STATE]
    return _body(outputs, inputs, ids.EXPLORE_REGION, state)
