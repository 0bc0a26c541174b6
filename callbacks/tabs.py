"""The page's tabs (layouts/tabs.py), in the browser: a click on a tab selects it, and the
selection shows its panel (assets/a11y.js: dash_clientside.page)."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State

from layouts import ids


def register(app, ctx) -> None:
    """Register the two browser-side callbacks (`ctx` is not needed)."""
    names = ids.TAB_NAMES
    app.clientside_callback(ClientsideFunction("page", "selectTab"),
                            Output(ids.TABS, "data", allow_duplicate=True),
                            *[Input(ids.tab(n), "n_clicks") for n in names],
                            prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("page", "showTab"),
                            *[Output(ids.tab(n), "className") for n in names],
                            *[Output(ids.tab(n), "aria-selected") for n in names],
                            *[Output(ids.tab(n), "tabIndex") for n in names],
                            *[Output(ids.panel(n), "hidden") for n in names],
                            Input(ids.TABS, "data"),
                            *[State(ids.tab(n), "id") for n in names],
                            prevent_initial_call=True)
