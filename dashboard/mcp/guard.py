"""Hostile posts to the MCP endpoint get a JSON-RPC error with a 400, not a 500: Dash's MCP
server reads `body.get("method")` at once, so a body that is an array, a string or a number
would fail there. Bodies that are not JSON, not valid Unicode or nested too deeply are refused
as the rest of the app refuses them."""

from __future__ import annotations

import json

import flask
from werkzeug.exceptions import BadRequest

from dashboard.web.json_provider import not_unicode

PARSE_ERROR, INVALID_REQUEST = -32700, -32600


def _error(code: int, message: str, request_id: object = None):
    response = flask.jsonify({"jsonrpc": "2.0", "id": request_id,
                              "error": {"code": code, "message": message}})
    response.status_code = 400
    return response


def problem(body: object) -> str | None:
    """Why `body` is not a JSON-RPC request this server can handle, or None."""
    if not isinstance(body, dict):
        return "the body must be one JSON-RPC request object (batches are not supported)"
    method = body.get("method")
    if not isinstance(method, str) or not 0 < len(method) <= 100:
        return "'method' must be a method name"
    params = body.get("params", {})
    if params is not None and not isinstance(params, dict):
        return "'params' must be an object"
    if method == "tools/call":
        name, arguments = (params or {}).get("name"), (params or {}).get("arguments", {})
        if not isinstance(name, str) or not 0 < len(name) <= 100:
            return "'params.name' must be a tool's name"
        if arguments is not None and not isinstance(arguments, dict):
            return "'params.arguments' must be an object of the tool's inputs"
    if method == "resources/read" and not isinstance((params or {}).get("uri"), str):
        return "'params.uri' must be a resource's URI"
    return None


def install(server: flask.Flask, path: str) -> None:
    """Check every POST to `path` before Dash's MCP server reads it; answer one message per
    request."""

    @server.after_request
    def one_message(response):
        # When a session's model changed (a rolling update), Dash answers a JSON array: two
        # "list changed" notifications, then the response. Batches left the protocol in
        # 2025-06-18 and clients (the mcp SDK) cannot read them: send the response alone.
        if (flask.request.path == path and response.status_code == 200
                and response.mimetype == "application/json"):
            body = response.get_json(silent=True)
            if isinstance(body, list):
                answer = [m for m in body if isinstance(m, dict) and "id" in m]
                if answer:
                    response.set_data(json.dumps(answer[-1]))
        return response

    @server.before_request
    def guard():
        if flask.request.path != path or flask.request.method != "POST":
            return None
        if "application/json" not in (flask.request.content_type or ""):
            return None  # Dash answers 415
        try:
            body = flask.request.get_json(force=True)
        except BadRequest as exc:
            found = not_unicode(exc)
            return _error(PARSE_ERROR, f"Parse error: {found}" if found else
                          "Parse error: the body must be JSON")
        reason = problem(body)
        if reason is None:
            return None
        request_id = body.get("id") if isinstance(body, dict) else None
        return _error(INVALID_REQUEST, f"Invalid request: {reason}",
                      request_id if isinstance(request_id, (str, int)) else None)
