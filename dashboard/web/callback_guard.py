"""Malformed posts to Dash's callback route get a 400 saying what is wrong, not a 500.

The page's own requests always have the shape checked here; a crafted one (a missing or
unknown output, inputs that are not a list, the wrong number of them) would otherwise reach
Dash's dispatcher and fail there with a KeyError or TypeError. Values are not checked here:
each callback validates its own and answers a message for the page.
"""

from __future__ import annotations

import flask
from werkzeug.exceptions import BadRequest

from dashboard.web.json_provider import not_unicode


def _is_entry(entry: object) -> bool:
    return isinstance(entry, dict) and "id" in entry and isinstance(entry.get("property"), str)


def problem(body: object, callback_map: dict) -> str | None:
    """What makes `body` an invalid callback request, or None if its shape is right."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "'output' must name one of the page's callbacks"
    if "callback" not in callback_map[output]:
        return f"{output} is updated in the browser, not on the server"
    outputs = body.get("outputs")
    if not (_is_entry(outputs) or (isinstance(outputs, list)
                                   and all(_is_entry(o) or isinstance(o, list)
                                           for o in outputs))):
        return "'outputs' must be the callback's output or a list of them"
    for name in ("inputs", "state"):
        entries = body.get(name, [])
        expected = len(callback_map[output][name])
        if not isinstance(entries, list) or len(entries) != expected:
            return f"'{name}' must be a list of {expected} entries"
        for entry in entries:
            if not (_is_entry(entry) or (isinstance(entry, list)
                                         and all(_is_entry(e) for e in entry))):
                return f"each of '{name}' must be an object with 'id' and 'property'"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "'changedPropIds' must be a list of strings"
    return None


def problem_of_body(callback_map: dict) -> str | None:
    """What is wrong with this request's body (not JSON, not Unicode, the wrong shape)."""
    try:
        body = flask.request.get_json(force=True)  # parsed once: Dash reads the cached body
    except BadRequest as exc:
        return str(not_unicode(exc) or "the body must be JSON")
    return problem(body, callback_map)


def install(app) -> None:
    """Check every POST to the app's `_dash-update-component` before Dash dispatches it."""
    route = f"{app.config.routes_pathname_prefix}_dash-update-component"

    @app.server.before_request
    def guard():
        if flask.request.path != route or flask.request.method != "POST":
            return None
        reason = problem_of_body(app.callback_map)
        if reason is None:
            return None
        return flask.jsonify({"status": 400, "message": f"Invalid callback request: {reason}",
                              "errors": []}), 400
