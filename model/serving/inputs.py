"""A scenario (the eight inputs) and its validation against what the data allows."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from model.data.columns import NUMERIC_BOUNDS
from model.errors import InputError, InvalidInputs
from model.learning.features import INPUTS, NUMBER_INPUTS

# each number's limits: its column's in the cleaned data
NUMERIC_LIMITS = {i.name: tuple(map(float, NUMERIC_BOUNDS[i.column])) for i in NUMBER_INPUTS}


@dataclass(frozen=True)
class Scenario:
    """The eight inputs of one prediction; optional numbers are None when not reported."""

    credential: int
    field: str
    control: int
    region: int
    locale: int
    admission_rate: float | None
    sat: float | None
    tuition: float | None
    program: str | None = None

    def as_dict(self) -> dict:
        """Plain values, for JSON and for the lookup tables."""
        return {name: getattr(self, name) for name in SCENARIO_FIELDS}


SCENARIO_FIELDS = tuple(f.name for f in fields(Scenario))
# The nine inputs by name, in the order of links, pinned scenarios, the API and the CLI; the
# five given as codes (or labels), the three numbers (each within NUMERIC_LIMITS)
CODED_INPUTS = tuple(i.name for i in INPUTS if i.shown is None)
NUMERIC_NAMES = tuple(NUMERIC_LIMITS)
SCENARIO_INPUTS = (*CODED_INPUTS[:2], "program", *CODED_INPUTS[2:], *NUMERIC_NAMES)
# the numbers that may be 'not reported' (a missing value of another keeps the one set)
OPTIONAL_NUMBERS = tuple(i.name for i in NUMBER_INPUTS if i.optional)
# what a real institution fills in (its programs differ in credential and field)
INSTITUTION_INPUTS = (*CODED_INPUTS[2:], *NUMERIC_NAMES)
assert set(SCENARIO_INPUTS) == set(SCENARIO_FIELDS), "Scenario and features.INPUTS differ"


def _lookup(allowed: list[dict]) -> dict:
    """Each option's value (as text) and lower-case label -> its value."""
    table = {o["label"].lower(): o["value"] for o in allowed}
    table.update({str(o["value"]): o["value"] for o in allowed})
    return table


def option_tables(options: dict) -> dict:
    """The lookups validate reads, built once per model service: each coded input's, and
    each field's programs'."""
    return {**{name: _lookup(options[name]) for name in CODED_INPUTS},
            "program": {field: _lookup(opts) for field, opts in options["program"].items()}}


def _choice(name: str, raw: object, allowed: list[dict], as_int: bool,
            lookup: dict) -> object:
    """Match a value or a label (case-insensitive) against the allowed options."""
    if raw is None or raw == "":
        raise InputError(name, "is required", [o["label"] for o in allowed])
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise InputError(name, f"must be one of the listed values, not {type(raw).__name__}",
                         [o["label"] for o in allowed])
    text = str(raw).strip()
    if text in lookup or text.lower() in lookup:
        value = lookup.get(text, lookup.get(text.lower()))
        return int(value) if as_int else value
    if as_int and isinstance(raw, (float, str)):  # 2.0 or "2.0" is the code 2
        try:
            number = float(raw)
        except ValueError:
            number = math.nan
        if number.is_integer():
            return _choice(name, int(number), allowed, as_int, lookup)
    shown = text if len(text) <= 40 else text[:40] + "..."
    raise InputError(name, f"{shown!r} is not a valid value",
                     [f"{o['value']} ({o['label']})" for o in allowed])


def _number(name: str, raw: object) -> float | None:
    """A number within the input's limits, or None when not reported."""
    if raw is None or raw == "":
        return None
    low, high = NUMERIC_LIMITS[name]
    if isinstance(raw, bool):
        raise InputError(name, "must be a number", {"min": low, "max": high})
    try:
        value = float(str(raw).replace(",", "").replace("$", "").strip())
    except (TypeError, ValueError):
        raise InputError(name, "must be a number", {"min": low, "max": high}) from None
    if math.isnan(value):
        return None
    if not low <= value <= high:
        raise InputError(name, f"{value:g} is outside {low:g} to {high:g}",
                         {"min": low, "max": high})
    return value


def validate(raw: dict, options: dict, tables: dict | None = None) -> Scenario:
    """Check every input against the options (`tables`: their option_tables, if at hand);
    raise InvalidInputs listing each problem."""
    tables = tables or option_tables(options)
    errors: list[InputError] = []
    values: dict[str, object] = {}
    for name in CODED_INPUTS:
        try:
            values[name] = _choice(name, raw.get(name), options[name], name != "field",
                                   tables[name])
        except InputError as exc:
            errors.append(exc)
    for name in NUMERIC_LIMITS:
        try:
            values[name] = _number(name, raw.get(name))
        except InputError as exc:
            errors.append(exc)
    program = raw.get("program")
    if program not in (None, "") and "field" in values:
        try:
            values["program"] = _choice("program", program,
                                        options["program"].get(values["field"], []), False,
                                        tables["program"].get(values["field"], {}))
        except InputError as exc:
            errors.append(InputError("program", f"{exc.message} for this field of study",
                                     exc.allowed))
    if errors:
        raise InvalidInputs(errors)
    return Scenario(**values)
