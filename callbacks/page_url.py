"""The page state and the URL: a change on the page writes the query string (one history
entry; the callback answering the change writes it, see callbacks.page_state); opening a
link, or Back and Forward, redraws the page from it. The browser tells the page's own
writes apart from those (assets/round_trips.js), so they cost no round trip."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, html, no_update

from layouts import ids
from layouts.page import content
from model.serving import links

from .page_state import UrlWriter

TAB_URL = UrlWriter([])  # a tab change (but to Explore: the explorer writes it as it draws)


def page_state(service, state: links.PageState) -> dict:
    """A PageState as the plain values the layouts take."""
    return {"inputs": state.inputs, "filters": state.filters.as_dict(), "view": state.view,
            "horizon": state.horizon, "tab": state.tab, "pins": state.pins,
            "bachelor": state.bachelor,
            "peers": [{"value": p, "label": service.institution(p)["label"]}
                      for p in state.peers],
            "filtered_on": [{"value": u, "label": service.explorer.label("institution", u)}
                            for u in state.filters.institution],
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


def register(app, ctx) -> None:
    """Register the URL's two directions."""
    service = ctx.service
    explore_options = service.explorer.filter_options()
    app.clientside_callback(ClientsideFunction("url", "asked"),
                            Output(ids.URL_ASKED, "data"),
                            Output(ids.URL_WRITTEN, "data", allow_duplicate=True),
                            Input(ids.URL, "search"), State(ids.URL_WRITTEN, "data"),
                            prevent_initial_call="initial_duplicate")

    @app.callback(Output(ids.CONTENT, "children"), Output(ids.URL_NOTICE, "children"),
                  Output(ids.URL_WRITTEN, "data", allow_duplicate=True),
                  Input(ids.URL_ASKED, "data"), State(ids.URL_WRITTEN, "data"),
                  prevent_initial_call=True)
    def from_url(search, written):
        return render(service, explore_options, search, written)

    app.clientside_callback(ClientsideFunction("url", "tabAsked"),
                            Output(ids.TAB_ASKED, "data"), Input(ids.TABS, "data"),
                            prevent_initial_call=True)

    @app.callback(*TAB_URL.outputs, Input(ids.TAB_ASKED, "data"), *TAB_URL.states,
                  prevent_initial_call=True)
    def tab_to_url(_tab, *states):
        return TAB_URL.query(service, explore_options, [], list(states))
