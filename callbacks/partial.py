"""Answer only what changed: each output of a callback as no_update when the browser shows
it already, as a `dash.Patch` of a few parts when only those changed (an explorer chart
whose own selection moved), or whole.

The browser keeps a fingerprint of what it shows in a store the callback reads as a State
and answers along with the outputs, so the server keeps nothing between requests (any
worker or host can answer). Dash drops the answer of a request that a newer one of the
same callback overtakes, so the store always describes the charts on the page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import orjson
from dash import Patch, no_update

Parts = dict[tuple, object]  # a path into the value -> the value there (None: absent)


def fingerprint(value: object) -> str:
    """A short hash of a JSON-able value."""
    data = orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS)
    return hashlib.sha256(data).hexdigest()[:16]  # (sha256 runs in hardware here)


def without(value: dict, paths) -> dict:
    """`value` with the parts at `paths` taken out (copying only along the paths)."""
    out = dict(value)
    for path in paths:
        node = out
        for key in path[:-1]:
            child = node[key]
            node[key] = child = list(child) if isinstance(child, list) else dict(child)
            node = child
        node.pop(path[-1], None)
    return out


def patch(parts: Parts) -> Patch:
    """A Patch setting each part (deleting the parts that are absent)."""
    out = Patch()
    for path, value in parts.items():
        node = out
        for key in path[:-1]:
            node = node[key]
        if value is None:
            del node[path[-1]]
        else:
            node[path[-1]] = value
    return out


def answer(values: dict[str, object], drawn: object,
           parts_of: Callable[[str, object], Parts | None] = lambda _name, _value: None
           ) -> tuple[dict[str, object], dict[str, list[str]]]:
    """Each value as the browser needs it, given the fingerprints it holds (`drawn`, as the
    last answer left them, or anything else for a fresh page), and the new fingerprints.

    `parts_of(name, value)`: the parts of a value that may change alone (path -> value), or
    None; a value whose rest is unchanged is answered as a Patch of the parts that changed."""
    drawn = drawn if isinstance(drawn, dict) else {}
    out, prints = {}, {}
    for name, value in values.items():
        parts = parts_of(name, value) or {}
        rest = fingerprint(without(value, parts) if parts else value)
        own = {fingerprint([list(path), part]) for path, part in parts.items()}
        prints[name] = [rest, *sorted(own)]
        before = drawn.get(name)
        if not isinstance(before, list) or not before or before[0] != rest:
            out[name] = value
        elif before == prints[name]:
            out[name] = no_update
        else:
            known = set(before[1:])
            out[name] = patch({path: part for path, part in parts.items()
                               if fingerprint([list(path), part]) not in known})
    return out, prints
