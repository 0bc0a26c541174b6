"""The page's tabs, as the WAI-ARIA tabs pattern: a labelled tablist of buttons, one tab
stop (the selected tab; the arrow keys, Home and End move between tabs: assets/a11y.js),
each panel labelled by its tab and focusable. The selected tab's name is the data of
ids.TABS, which callbacks read and write.

dbc.Tabs (dash-bootstrap-components 2.0.4) is not used: its tab links all share one id,
point `aria-controls` at no element (axe: aria-valid-attr-value) and leave every tab out
of the tab order (dbc-team/dash-bootstrap-components#891, open)."""

from __future__ import annotations

from dash import dcc, html

from . import ids

TAB_CLASS, SELECTED_CLASS = "nav-link", "nav-link active"


def tab_state(name: str, active: str) -> tuple[str, str, int]:
    """A tab's class, aria-selected and tabIndex when `active` is selected."""
    chosen = name == active
    return (SELECTED_CLASS if chosen else TAB_CLASS, "true" if chosen else "false",
            0 if chosen else -1)


def tabs(items: list[tuple[str, str, object]], active: str, label: str) -> html.Div:
    """Tabs for `items` ((name, title, panel content)), `active` selected."""
    buttons = []
    for name, title, _ in items:
        cls, selected, index = tab_state(name, active)
        buttons.append(html.Button(title, id=ids.tab(name), type="button", role="tab",
                                   className=cls, tabIndex=index, n_clicks=0,
                                   **{"aria-selected": selected,
                                      "aria-controls": ids.panel(name)}))
    panels = [html.Div(content, id=ids.panel(name), role="tabpanel", className="pt-3",
                       tabIndex=0, hidden=name != active,
                       **{"aria-labelledby": ids.tab(name)})
              for name, _, content in items]
    return html.Div([
        dcc.Store(id=ids.TABS, data=active),
        html.Div(buttons, role="tablist", className="nav nav-tabs page-tabs",
                 **{"aria-label": label}),
        *panels])
