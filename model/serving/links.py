"""The page's state as a link (the URL query string): read it (forgivingly) and write it
(canonically). Used by the page, the API's chart routes and the export command.

Parameters (all optional; a missing one takes its default):
- predictor inputs, as the API names them: credential, field, program, control, region,
  locale, admission_rate (a fraction), sat, tuition; `none` means "not reported";
- tab (predict, explore, institution, about); h, the earnings horizon (a measure's column,
  e.g. EARN_MDN_5YR); inst, a real institution (its UNITID): the card shows its program,
  and the Institution tab (tab=institution) all its programs; peers, the peers chosen by
  hand for the Institution tab (UNITIDs, comma list);
  bach, the bachelor's benchmark (dollars) the earnings test holds graduate programs to;
  for the explorer's charts x (tuition, net_price, sat, admission_rate, expected, debt,
  premium), colour (control, gap), group (field, credential, region,
  control, locale) and small (hide: leave out groups of fewer than 5 programs);
- explorer filters: f.credential, f.field, f.control, f.region, f.locale, f.state, f.test
  and f.risk (comma lists of codes), f.earnings and f.tuition (LOW-HIGH dollars), f.area (X~x_y~x_y~...);
- pin: a pinned scenario, up to four, as the nine inputs joined by `_` in the order above.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode

from model.errors import InvalidInputs
from model.serving.filters import CATEGORIES, COLOURS, GROUPINGS, RANGES, X_AXES, Filters, View
from model.serving.inputs import (
    CODED_INPUTS,
    INSTITUTION_INPUTS,
    NUMERIC_LIMITS,
    NUMERIC_NAMES,
    OPTIONAL_NUMBERS,
    SCENARIO_INPUTS,
)
from model.serving.institutions import MAX_CHOSEN

SCENARIO_KEYS = SCENARIO_INPUTS
NUMERIC = NUMERIC_NAMES
TABS = ("predict", "explore", "institution", "about")
MAX_PINS = 4
MAX_QUERY = 8_000  # characters; longer queries are not ours


@dataclass
class PageState:
    """What the URL says: predictor inputs, explorer filters and views, pins, the tab."""

    inputs: dict
    filters: Filters = field(default_factory=Filters)
    view: View = field(default_factory=View)
    horizon: str | None = None  # None: the model's own (default) horizon
    institution: str | None = None  # a real institution's UNITID, chosen in the predictor
    bachelor: float | None = None  # the earnings test's benchmark for graduate programs
    peers: list[str] = field(default_factory=list)  # the Institution tab's, chosen by hand
    tab: str = "predict"
    pins: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def horizon_choice(service, value: object) -> str | None:
    """A horizon other than the model's own (its measure's column), or None: the default
    horizon, or a value that is not one of the model's horizons."""
    others = [h["column"] for h in service.horizons()
              if h["column"] != service.metadata["target"]]
    return value if isinstance(value, str) and value in others else None


BACHELOR_LIMITS = (1_000.0, 1_000_000.0)  # dollars a year


def bachelor_benchmark(value: object) -> float | None:
    """A bachelor's benchmark from untrusted text or a number: whole dollars within
    BACHELOR_LIMITS, else None."""
    if isinstance(value, bool):
        return None
    try:
        number = float(str(value).replace(",", "").replace("$", "").strip())
    except (TypeError, ValueError):
        return None
    low, high = BACHELOR_LIMITS
    return float(round(number)) if low <= number <= high else None


def default_state(service) -> PageState:
    """The page with nothing in the URL."""
    return PageState(inputs=dict(service.options()["default"]))


def _scenario(service, raw: dict, base: dict) -> tuple[dict, list[str]]:
    """Raw inputs checked by the service; a bad input falls back to `base` and is named."""
    merged = {**base, **raw}
    try:
        return service.validate(merged).as_dict(), []
    except InvalidInputs as exc:
        bad = {e.field for e in exc.errors}
        fixed = {k: (base.get(k) if k in bad else v) for k, v in merged.items()}
        if "field" in bad:
            fixed["program"] = None
        try:
            return service.validate(fixed).as_dict(), [f"{k} {str(raw.get(k))[:30]!r}"
                                                       for k in sorted(bad)]
        except InvalidInputs:
            return dict(base), [f"{k} {str(raw.get(k))[:30]!r}" for k in sorted(bad)]


def institution_inputs(chosen: dict, base: dict) -> dict:
    """`base` with the inputs an institution fills (as its picker does): a missing optional
    number is 'not reported'; other inputs it does not report keep base's."""
    return {**base, **{k: chosen[k] for k in INSTITUTION_INPUTS
                       if chosen[k] is not None or k in OPTIONAL_NUMBERS}}


# A pin may end before its trailing optional numbers (not reported): a pin written before
# an optional number was added to the end of the inputs still opens.
SHORTEST_PIN = len(SCENARIO_INPUTS)
while SCENARIO_INPUTS[SHORTEST_PIN - 1] in OPTIONAL_NUMBERS:
    SHORTEST_PIN -= 1


def _number_text(value: object) -> object:
    return None if str(value).lower() in ("none", "na", "") else value


def parse_pin(service, text: str) -> dict | None:
    """A pinned scenario from its link form (the inputs joined by `_`, trailing optional
    numbers may be left out), or None."""
    parts = text.split("_")
    if not SHORTEST_PIN <= len(parts) <= len(SCENARIO_KEYS):
        return None
    raw = {k: (_number_text(v) if k in NUMERIC else (v or None))
           for k, v in zip(SCENARIO_KEYS, parts)}
    try:
        return service.validate(raw).as_dict()
    except InvalidInputs:
        return None


def _area(text: str) -> dict | None:
    x, _, rest = text.partition("~")
    try:
        points = [[float(a) for a in p.split("_")] for p in rest.split("~")]
    except ValueError:
        return None
    return {"x": x, "points": points} if all(len(p) == 2 for p in points) else None


def parse(service, search: str | None) -> PageState:
    """The page state a query string asks for; anything unknown or malformed is ignored
    and listed in `problems`, so the page opens with defaults for it and a short notice."""
    state = default_state(service)
    query = (search or "").lstrip("?")
    if not query:
        return state
    if len(query) > MAX_QUERY:
        state.problems.append("the link is too long")
        return state
    raw_inputs, raw_filters, pins = {}, {}, []
    horizons = [h["column"] for h in service.horizons()]
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key in SCENARIO_KEYS:
            raw_inputs[key] = _number_text(value) if key in NUMERIC else (value or None)
        elif key == "tab" and value in TABS:
            state.tab = value
        elif key == "x" and value in X_AXES:
            state.view = replace(state.view, x=value)
        elif key == "group" and value in GROUPINGS:
            state.view = replace(state.view, group=value)
        elif key == "colour" and value in COLOURS:
            state.view = replace(state.view, colour=value)
        elif key == "small" and value in ("hide", "show"):
            state.view = replace(state.view, hide_small=value == "hide")
        elif key == "h" and value in horizons:
            state.horizon = horizon_choice(service, value)
        elif key == "inst" and service.institution(value) is not None:
            state.institution = value
        elif key == "bach" and bachelor_benchmark(value) is not None:
            state.bachelor = bachelor_benchmark(value)
        elif key == "peers":
            chosen = [p for p in dict.fromkeys(value.split(",")) if p]
            state.peers = [p for p in chosen if service.institutions.known(p)][:MAX_CHOSEN]
            state.problems += [f"peer {p[:30]!r}" for p in chosen
                               if not service.institutions.known(p)]
        elif key.startswith("f.") and key[2:] in CATEGORIES:
            raw_filters[key[2:]] = [v for v in value.split(",") if v]
        elif key.startswith("f.") and key[2:] in RANGES:
            low, sep, high = value.partition("-")
            raw_filters[key[2:]] = [low, high] if sep else value
        elif key == "f.area":
            raw_filters["area"] = _area(value) or value
        elif key == "pin":
            pins.append(value)
        else:
            state.problems.append(f"{key[:30]}={value[:30]}")
    base = state.inputs
    if state.institution:  # its inputs, where the link does not set them, as the picker does
        base = institution_inputs(service.institution(state.institution), base)
    state.inputs, problems = _scenario(service, raw_inputs, base)
    state.problems += problems
    parsed = service.parse_filters(raw_filters)
    state.filters = parsed.filters
    state.problems += parsed.problems
    for text in pins[:MAX_PINS]:
        pin = parse_pin(service, text)
        if pin is None:
            state.problems.append(f"pinned scenario {text[:40]!r}")
        else:
            state.pins.append(pin)
    if len(pins) > MAX_PINS:
        state.problems.append(f"more than {MAX_PINS} pinned scenarios")
    return state


def _text(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.10g}"
    return str(value)


def _dollars(value: float) -> str:
    return f"{value:.0f}"


def _coordinate(value: float, fine: bool = False) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") if fine else f"{value:.0f}"


def serialize(service, state: PageState) -> str:
    """The canonical query string ('' for the default page), with a leading '?'."""
    default = service.options()["default"]
    params: list[tuple[str, str]] = []
    for key in SCENARIO_KEYS:
        value = state.inputs.get(key)
        if value != default.get(key) and not (value is None and default.get(key) is None):
            params.append((key, _text(value)))
    if state.tab != "predict":
        params.append(("tab", state.tab))
    if state.horizon:
        params.append(("h", state.horizon))
    if state.institution:
        params.append(("inst", state.institution))
    if state.bachelor is not None:
        params.append(("bach", _dollars(state.bachelor)))
    if state.peers:
        params.append(("peers", ",".join(state.peers[:MAX_CHOSEN])))
    view, default_view = state.view, View()
    for key, name in (("x", "x"), ("colour", "colour"), ("group", "group")):
        if getattr(view, key) != getattr(default_view, key):
            params.append((name, getattr(view, key)))
    if view.hide_small:
        params.append(("small", "hide"))
    f = state.filters
    for key in CATEGORIES:
        if getattr(f, key):
            params.append((f"f.{key}", ",".join(str(v) for v in getattr(f, key))))
    for key in RANGES:
        if getattr(f, key) is not None:
            low, high = getattr(f, key)
            params.append((f"f.{key}", f"{_dollars(low)}-{_dollars(high)}"))
    if f.area is not None:
        fine = f.area.x == "admission_rate"
        points = "~".join(f"{_coordinate(x, fine)}_{_coordinate(y)}" for x, y in f.area.points)
        params.append(("f.area", f"{f.area.x}~{points}"))
    for pin in state.pins[:MAX_PINS]:
        params.append(("pin", "_".join("" if pin.get(k) is None and k not in NUMERIC
                                       else _text(pin.get(k)) for k in SCENARIO_KEYS)))
    query = urlencode(params, safe=",~_-.")
    return f"?{query}" if query else ""


def _same_length(a: str, b: str) -> list[str]:
    """Regex alternatives for the digit strings from a to b, both of one length."""
    if a == b:
        return [a]
    if len(a) == 1:
        return [f"[{a}-{b}]"]
    i = next(k for k in range(len(a)) if a[k] != b[k])
    prefix, a, b = a[:i], a[i:], b[i:]
    if len(a) == 1:
        return [f"{prefix}[{a}-{b}]"]
    n = len(a) - 1
    low, high = int(a[0]), int(b[0])
    out, upper = [], []
    if a[1:] != "0" * n:  # a's first digit with its own tail up to 9...9
        out += [prefix + a[0] + p for p in _same_length(a[1:], "9" * n)]
        low += 1
    if b[1:] != "9" * n:  # b's first digit with 0...0 up to its own tail
        upper = [prefix + b[0] + p for p in _same_length("0" * n, b[1:])]
        high -= 1
    if low <= high:
        digit = str(low) if low == high else f"[{low}-{high}]"
        out.append(f"{prefix}{digit}[0-9]{{{n}}}")
    return out + upper


def integers_pattern(low: int, high: int) -> str:
    """A regex alternation matching the whole numbers from low to high, no leading zeros."""
    parts = []
    for length in range(len(str(low)), len(str(high)) + 1):
        a, b = max(low, 10 ** (length - 1) if length > 1 else 0), min(high, 10 ** length - 1)
        if a <= b:
            parts += _same_length(str(a), str(b))
    return "|".join(parts)


def number_pattern(low: float, high: float) -> str:
    """A regex for a link's number from low to high (whole-number limits): 'none', or
    nothing, for not reported; decimals allowed, and the top only as itself."""
    if low != int(low) or high != int(high):
        raise ValueError(f"limits {low:g} to {high:g} are not whole numbers")
    low, high = int(low), int(high)
    below = integers_pattern(low, high - 1)
    return f"(none|({below})(\\.[0-9]+)?|{high}(\\.0+)?)?"


def pin_pattern(options: dict) -> str:
    """The form of a pinned scenario in links and the API: the inputs as codes joined by '_'
    (empty or 'none' for a number not reported; trailing optional numbers may be left
    out), each within what the model accepts (`options`: the service's)."""
    codes = {k: "|".join(str(o["value"]) for o in options[k]) for k in CODED_INPUTS}
    programs = "|".join(sorted({o["value"] for group in options["program"].values()
                                for o in group}))
    parts = {**{k: f"({v})" for k, v in codes.items()}, "program": f"({programs})?",
             **{k: number_pattern(*NUMERIC_LIMITS[k]) for k in NUMERIC_NAMES}}
    shortest = "_".join(parts[k] for k in SCENARIO_INPUTS[:SHORTEST_PIN])
    return "^" + shortest + "".join(f"(?:_{parts[k]})?"
                                    for k in SCENARIO_INPUTS[SHORTEST_PIN:]) + "$"
