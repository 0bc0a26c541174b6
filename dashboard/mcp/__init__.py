"""The dashboard as a Model Context Protocol server, for AI assistants (ENABLE_MCP): Dash's
MCP server at URL_BASE_PATHNAME + `_mcp`, behind the same login, headers and limits as the
rest of the app, with purpose-built tools (tools.py) and resources (resources.py).

Which Dash callbacks are exposed as they are: none. Each of the page's callbacks answers with
component trees, figures or the page's URL and stores, or only moves page state (tabs, pins,
chips, the URL, downloads); an assistant would get markup instead of numbers and could not
tell a prediction from its layout. The tools answer the same questions with the API's
numbers, in words an assistant can quote. So `include_callbacks=False` hides them all (as
`mcp_enabled=False` on each would), and the layout, page and clientside-callback resources are
off too.
"""

from __future__ import annotations

import flask
from dash.mcp import configure_mcp_server, enable_mcp_server
from dash.mcp.primitives import resources as dash_resources
from dash.mcp.primitives import tools as dash_tools

from . import guard
from .provider import EarningsTools
from .resources import RESOURCES
from .tools import TOOLS

PATH = "_mcp"
WITH_VALUES = {"predict_earnings", "explain_prediction", "earnings_distribution",
               "find_programs", "explorer_summary"}  # descriptions that list valid values


def configure() -> None:
    """Expose only our tools and resources (Dash's registries are global to the process)."""
    configure_mcp_server(include_layout=False, include_callbacks=False,
                         include_clientside_callbacks=False, include_pages=False,
                         expose_callback_docstrings=False)
    for registry, ours in ((dash_resources._RESOURCE_PROVIDERS, RESOURCES),  # noqa: SLF001
                           (dash_tools._TOOL_PROVIDERS, (EarningsTools,))):  # Dash's lists
        registry[:] = [p for p in registry if p not in ours] + list(ours)


def _values(options: dict) -> str:
    def listed(name: str) -> str:
        return "; ".join(f"{o['label']} ({o['value']})" for o in options[name])

    return ("\n\nValid values (label, code) in the data served now: credential: "
            f"{listed('credential')}. field: {listed('field')}. control: "
            f"{listed('control')}. region: {listed('region')}. locale: {listed('locale')}.")


def install(app, service, prefix: str) -> None:
    """Serve MCP at `prefix` + `_mcp`: our tools (their descriptions completed with the
    data's valid values) and resources, the endpoint guarded.

    Dash names an MCP session after its reload hash, else after the process's parent, which
    differs between gunicorn's master and workers and between hosts: a session begun on one
    would be "stale" on the next. Named after the model instead, a session holds on every
    worker and host serving the same model."""
    configure()
    EarningsTools.describe(TOOLS, _values(service.options()), WITH_VALUES)
    app._hot_reload.hash = f"college-earnings-{service.identity()['id']}"  # noqa: SLF001
    enable_mcp_server(app, PATH)
    app._enable_mcp = True  # noqa: SLF001 - as Dash(enable_mcp=True) would set it
    guard.install(app.server, f"{prefix}{PATH}")


def refuse(server: flask.Flask, prefix: str) -> None:
    """With MCP off, its path answers 404 saying so, never the page or a tool list."""

    def off():
        response = flask.jsonify({"status": 404, "message": "MCP is off on this server "
                                  "(set ENABLE_MCP=1 to serve it)", "errors": []})
        response.status_code = 404
        return response

    server.add_url_rule(f"{prefix}{PATH}", "mcp_off", off, methods=["GET", "POST", "DELETE"])
