"""The page state and the URL: a change on the page writes the query string (one history
entry); opening a link, or Back and Forward, redraws the page from it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html, no_update

from layouts import ids
from layouts.controls import INPUT_IDS, INPUT_NAMES
from layouts.page import content
from model import links
from model.filters import View

from .explore import FILTER_IDS, FILTER_NAMES, choice, filters_from_controls, hidden
from .predictor import page_inputs


def page_state(service, state: links.PageState) -> dict:
    """A PageState as the plain values the layouts take."""
    return {"inputs": state.inputs, "filters": state.filters.as_dict(), "view": state.view,
            "horizon": state.horizon, "tab": state.tab, "pins": state.pins,
            "institution": ({"value": state.institution,
                             "label": service.institution(state.institution)["label"]}
                            if state.institution else None)}


def notice(problems: list[str]) -> dbc.Alert:
    """The short notice for a link that was partly not understood."""
    shown = ", ".join(problems[:5]) + (f" and {len(problems) - 5} more" if len(problems) > 5
                                       else "")
    return dbc.Alert([html.Strong("Part of this link was not understood "),
                      f"({shown}); those settings show their defaults."],
                     color="info", dismissable=True, className="py-2 small", id=ids.URL_PROBLEMS)


def initial(service, query: str) -> tuple[dict, str | None]:
    """The page state for the link a page is opened with, and that link if it was read
    without problems (otherwise the page opens as default and the URL callback redraws it
    with its notice)."""
    if query:
        state = links.parse(service, f"?{query}")
        if not state.problems:
            return page_state(service, state), f"?{query}"
    return page_state(service, links.default_state(service)), None


def render(service, explore_options: dict, search: object, written: object) -> tuple:
    """The page content for the URL, unless the page itself just wrote that URL."""
    if not isinstance(search, str):
        return no_update, no_update, no_update  # the location is not known yet
    if search == written or (not search.strip("?") and written is None):
        return no_update, no_update, search
    state = links.parse(service, search)
    return (content(service.options(), service.info(), explore_options,
                    page_state(service, state)),
            notice(state.problems) if state.problems else None, search)


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
        pins=[p for p in pins if isinstance(p, dict)])
    query = links.serialize(service, state)
    if query == (search or ""):
        return no_update, no_update
    return query, query


VIEW = ["area", "x", "colour", "group", "small", "horizon", "institution", "pins", "tab"]


def register(app, ctx) -> None:
    """Register the URL's two directions."""
    service = ctx.service
    explore_options = service.explorer.filter_options()
    inputs = ([Input(i, "value") for i in INPUT_IDS + FILTER_IDS]
              + [Input(ids.EXPLORE_AREA, "data"), Input(ids.EXPLORE_X, "value"),
                 Input(ids.EXPLORE_COLOUR, "value"), Input(ids.EXPLORE_GROUP, "value"),
                 Input(ids.EXPLORE_SMALL, "value"), Input(ids.HORIZON, "value"),
                 Input(ids.INSTITUTION, "value"),
                 Input(ids.PINNED, "data"),
                 Input(ids.TABS, "data")])

    @app.callback(Output(ids.CONTENT, "children"), Output(ids.URL_NOTICE, "children"),
                  Output(ids.URL_WRITTEN, "data", allow_duplicate=True),
                  Input(ids.URL, "search"), State(ids.URL_WRITTEN, "data"),
                  prevent_initial_call="initial_duplicate")
    def from_url(search, written):
        return render(service, explore_options, search, written)

    @app.callback(Output(ids.URL, "search"), Output(ids.URL_WRITTEN, "data"), *inputs,
                  State(ids.URL, "search"), State(ids.URL_WRITTEN, "data"),
                  prevent_initial_call=True)
    def to_url(*args):
        n, m = len(INPUT_IDS), len(FILTER_IDS)
        predictor, filters, view = args[:n], args[n:n + m], args[n + m:n + m + len(VIEW)]
        return write(service, explore_options, dict(zip(INPUT_NAMES, predictor)),
                     dict(zip(FILTER_NAMES, filters)), dict(zip(VIEW, view)), *args[-2:])
