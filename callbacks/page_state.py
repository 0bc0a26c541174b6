"""What the page's controls hold, read as the model's inputs and the explorer's filters, and
the URL that describes it all.

The URL is written by the callback that answers the change (the predictor for its inputs,
the explorer for its filters, the comparison for its pins), from its own values and the
rest of the page as States, so a change costs one round trip instead of the answer, then
the URL, then the URL's echo. `UrlWriter` gives such a callback what it needs.
"""

from __future__ import annotations

from dash import Output, State, no_update

from layouts import ids
from layouts.controls import CODED, INPUT_IDS, INPUT_NAMES, NUMBER_CONTROLS, NumberControl
from model.errors import InputError
from model.serving import links
from model.serving.filters import CATEGORIES, RANGES, View
from model.serving.institutions import MAX_CHOSEN

FILTER_IDS = list(ids.EXPLORE_FILTER_IDS.values())
FILTER_NAMES = list(ids.EXPLORE_FILTER_IDS)
# every value the URL keeps, as (component id, property)
PREDICTOR_PARTS = [*((i, "value") for i in INPUT_IDS), (ids.INSTITUTION, "value"),
                   (ids.HORIZON, "value"), (ids.BACHELOR, "value")]
EXPLORER_PARTS = [*((i, "value") for i in FILTER_IDS), (ids.EXPLORE_AREA, "data"),
                  (ids.EXPLORE_X, "value"), (ids.EXPLORE_COLOUR, "value"),
                  (ids.EXPLORE_GROUP, "value"), (ids.EXPLORE_SMALL, "value")]
PAGE_PARTS = [(ids.PINNED, "data"), (ids.TABS, "data"), (ids.PROFILE_PEERS, "value")]
URL_PARTS = PREDICTOR_PARTS + EXPLORER_PARTS + PAGE_PARTS


# --- the predictor's controls ----------------------------------------------------------
def _number(c: NumberControl, values: dict) -> object:
    """A number from the page: None when its 'Not reported' is on; otherwise its value,
    which must then be given (scaled back: a percentage is a fraction)."""
    switch = values.get(c.switch) if c.missing_id else None
    if isinstance(switch, (list, tuple)) and "missing" in switch:
        return None
    value = values.get(c.name)
    if value is None or value == "":
        raise InputError(c.name, "enter a value or switch on 'Not reported'" if c.missing_id
                         else f"enter the {c.label.lower()}"
                         + (" in dollars" if c.unit[0] == "$" else ""))
    try:  # 71.2 / 100 is 0.7120000000000001: rounded, so that it reads back as typed
        return round(float(value) / c.scale, 10) if c.scale != 1 else float(value)
    except (TypeError, ValueError):
        return value  # validation names it


def raw_scenario(values: dict) -> dict:
    """The page's values as the service's raw inputs (percent -> fraction, 'Not reported');
    a number left empty raises InputError."""
    return {**{k: values.get(k) for k in CODED},
            **{c.name: _number(c, values) for c in NUMBER_CONTROLS}}


def page_inputs(values: dict) -> dict:
    """The page's values as raw inputs without checking them (for the URL); an unusable
    number counts as not reported."""
    raw = {k: values.get(k) for k in CODED}
    for c in NUMBER_CONTROLS:
        try:
            value = _number(c, values)
        except InputError:
            value = None
        raw[c.name] = round(value, 4) if isinstance(value, (int, float)) else None
    return raw


# --- the explorer's controls -----------------------------------------------------------
def filters_from_controls(values: dict, bounds: dict, area: object) -> dict:
    """The raw filters the controls hold; a slider at its full span is no filter."""
    raw: dict = {k: values.get(k) or [] for k in CATEGORIES}
    for key in RANGES:
        value = values.get(key)
        if isinstance(value, (list, tuple)) and len(value) == 2 and list(value) != full_span(
                bounds, key):
            raw[key] = list(value)
    raw["area"] = area
    return raw


def full_span(bounds: dict, key: str) -> list:
    """A range slider's whole span: no filter."""
    return [bounds[key]["min"], bounds[key]["max"]]


def controls_from_filters(filters: dict, bounds: dict) -> list:
    """Control values showing these filters (a Filters.as_dict())."""
    out = [filters[k] or None for k in CATEGORIES]
    out += [filters[k] or full_span(bounds, k) for k in RANGES]
    return out


def choice(value: object, allowed, default: str | None) -> str | None:
    """`value` if it is one of the names in `allowed`, else `default` (whatever it is)."""
    return value if isinstance(value, str) and value in allowed else default


def hidden(value: object) -> bool:
    """Whether the small-groups switch says to hide them."""
    return isinstance(value, (list, tuple)) and "hide" in value


def chosen_peers(service, value: object) -> list[str]:
    """The peers chosen by hand that are institutions in the data (at most MAX_CHOSEN)."""
    if not isinstance(value, (list, tuple)):
        return []
    return [p for p in dict.fromkeys(v for v in value if isinstance(v, str))
            if service.institutions.known(p)][:MAX_CHOSEN]


# --- the URL ---------------------------------------------------------------------------
def write(service, bounds: dict, inputs: dict, filters: dict, view: dict, search: object,
          written: object) -> tuple:
    """The query string for the page's current state (no_update when it is unchanged, or
    before the page has read the URL it was opened with)."""
    if written is None:
        return no_update, no_update
    raw = filters_from_controls(filters, bounds, view.get("area"))
    pins = view.get("pins") if isinstance(view.get("pins"), list) else []
    state = links.PageState(
        inputs=page_inputs(inputs), filters=service.parse_filters(raw).filters,
        view=View.read(view.get("x"), view.get("group"), view.get("colour"),
                       hidden(view.get("small"))),
        horizon=links.horizon_choice(service, view.get("horizon")),
        institution=(view.get("institution") if isinstance(view.get("institution"), str)
                     and service.institution(view["institution"]) else None),
        tab=choice(view.get("tab"), links.TABS, "predict"),
        bachelor=links.bachelor_benchmark(view.get("bachelor")),
        peers=chosen_peers(service, view.get("peers")),
        pins=[p for p in pins if isinstance(p, dict)])
    query = links.serialize(service, state)
    if query == (search or ""):
        return no_update, no_update
    return query, query


def write_parts(service, bounds: dict, values: dict, search: object, written: object) -> tuple:
    """`write` for the URL's parts as {(component id, property): value}."""
    return write(service, bounds,
                 {name: values[(i, "value")] for i, name in zip(INPUT_IDS, INPUT_NAMES)},
                 {name: values[(i, "value")] for name, i in zip(FILTER_NAMES, FILTER_IDS)},
                 {"area": values[(ids.EXPLORE_AREA, "data")],
                  "x": values[(ids.EXPLORE_X, "value")],
                  "colour": values[(ids.EXPLORE_COLOUR, "value")],
                  "group": values[(ids.EXPLORE_GROUP, "value")],
                  "small": values[(ids.EXPLORE_SMALL, "value")],
                  "horizon": values[(ids.HORIZON, "value")],
                  "institution": values[(ids.INSTITUTION, "value")],
                  "bachelor": values[(ids.BACHELOR, "value")],
                  "pins": values[(ids.PINNED, "data")], "tab": values[(ids.TABS, "data")],
                  "peers": values[(ids.PROFILE_PEERS, "value")]},
                 search, written)


class UrlWriter:
    """What a callback that holds some of the URL's parts (`own`) needs to write the URL
    too: States for the other parts and the URL (`states`, after its own arguments), the
    two outputs (`outputs`, last), and `query`, their values."""

    outputs = [Output(ids.URL, "search", allow_duplicate=True),
               Output(ids.URL_WRITTEN, "data", allow_duplicate=True)]

    def __init__(self, own: list[tuple[str, str]]) -> None:
        self.own = list(own)
        self.others = [part for part in URL_PARTS if part not in self.own]
        self.states = ([State(i, p) for i, p in self.others]
                       + [State(ids.URL, "search"), State(ids.URL_WRITTEN, "data")])

    def query(self, service, bounds: dict, own: list, states: list) -> tuple:
        """The URL's new search and what the page wrote (or no_update twice), from the
        callback's own values (in `own`'s order) and the `states` it was given."""
        values = {**dict(zip(self.others, states[:-2])), **dict(zip(self.own, own))}
        return write_parts(service, bounds, values, *states[-2:])
