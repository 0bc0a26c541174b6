"""The Institution tab (layouts/institution.py): the view drawn for the page's institution
(the predictor's picker, this tab's picker, an explorer row or `inst=` in a link), peers
chosen by hand, and one click from it to the predictor, the explorer, the report and the
CSV. The view is drawn when the tab shows, once per institution, peers, horizon and
benchmark."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, dcc, no_update
from dash.exceptions import PreventUpdate

from charts import institution as charts
from layouts import ids
from layouts.controls import page_values
from layouts.institution import (
    chart_height,
    grid_columns,
    grid_rows,
    peers_table,
    picker,
    profile_body,
)
from layouts.prediction import error_message
from model.errors import ExportFailed, ExportUnavailable
from model.serving import earnings_words
from model.serving.filters import Filters
from model.serving.institutions import csv_text
from model.serving.links import bachelor_benchmark

from . import prefill
from .institution import SELECT_FIRST, kept_if_missing, search, search_many
from .page_state import (
    FILTER_IDS,
    UrlWriter,
    chosen_peers,
    controls_from_filters,
)

TAB = "institution"
CHARTS = {"actual": ids.PROFILE_ACTUAL, "margins": ids.PROFILE_MARGINS,
          "beside": ids.PROFILE_BESIDE}
URL = UrlWriter([(ids.PROFILE_PEERS, "value"), (ids.TABS, "data")])


def drawn(service, profile: dict) -> dict:
    """What the tab shows of a profile (shaped as the view's outputs): its header and
    figures, the programs table, the three charts with their words, the peers side by
    side."""
    figures = {"actual": charts.actual_expected(profile),
               "margins": charts.test_margins(profile), "beside": charts.peers(profile)}
    words = charts.texts(profile)
    words = {"actual": words["actual_expected"], "margins": words["test_margins"],
             "beside": words["peers"]}
    n = len(profile["programs"])
    return {"body": profile_body(profile, earnings_words.rule_note(service.test_info())),
            "rows": grid_rows(profile), "columns": grid_columns(profile),
            "count": f"{n:,} program{'s' if n != 1 else ''}",
            "peers_table": peers_table(profile),
            "charts": {k: {"figure": f, "style": chart_height(f),
                           "caption": words[k].summary, "table": words[k].table}
                       for k, f in figures.items()}}


def no_update_view(charts_out: dict) -> dict:
    """The view's outputs, all left as they are."""
    return {"body": no_update, "rows": no_update, "columns": no_update, "count": no_update,
            "peers_table": no_update,
            "charts": {k: dict.fromkeys(v, no_update) for k, v in charts_out.items()}}


def peer_options(profile: dict | None, chosen: list[str], service) -> list[dict]:
    """The peers dropdown's options: the peers shown (chosen or by the rule) and any
    chosen ones."""
    shown = [{"value": p["unitid"], "label": p["name"]} for p in (profile or {}).get("peers", [])]
    extra = [{"value": p, "label": service.institution(p)["label"]} for p in chosen
             if p not in {o["value"] for o in shown}]
    return shown + extra


def view(service, tab: object, unitid: object, peers: object, horizon: object,
         bachelor: object, shown: object, picked: object) -> dict:
    """What the tab shows for the page's institution: everything drawn for it (unless it
    already is, for the same institution, peers, horizon and benchmark), the picker (when
    another control chose the institution). Peers chosen for another institution than the
    one drawn are not its peers (the browser clears them: assets/round_trips.js)."""
    if tab != TAB:
        raise PreventUpdate  # drawn when the tab shows
    known = isinstance(unitid, str) and service.institutions.known(unitid)
    before = shown.get("unitid") if isinstance(shown, dict) else None
    chosen = chosen_peers(service, peers) if before in (None, unitid) else []
    out = {"message": None, "picker": no_update, "options": no_update, "view": no_update,
           "shown": no_update, "intro": known, "hidden": not known}
    if not known:
        out["shown"] = None
        if isinstance(unitid, str) and unitid:
            out["message"] = error_message(["That institution has no programs in the data."])
        return out
    key = {"unitid": unitid, "peers": chosen, "horizon": horizon,
           "bachelor": bachelor_benchmark(bachelor)}
    if picked != unitid:
        out["picker"] = picker({"value": unitid, "label": service.institution(unitid)["label"]})
    if key != shown:
        profile = service.horizon(horizon).institution_profile(unitid, chosen, key["bachelor"])
        out.update(view=drawn(service, profile), shown=key,
                   options=peer_options(profile, chosen, service))
    return out


def program_values(service, unitid: object, row: object) -> tuple[list | None, str]:
    """The predictor's values for a program of the table (its selected row), and a note."""
    key = row.get("key") if isinstance(row, dict) else None
    programs = service.real_programs(unitid) if isinstance(unitid, str) and isinstance(
        key, str) else []
    program = next((p for p in programs if p["key"] == key), None)
    if program is None:
        return None, SELECT_FIRST
    s = service.program_scenario(program).as_dict()
    values = [s["credential"], s["field"], s["program"], *page_values(kept_if_missing(s))]
    return values, (f"Filled from {program['institution']}'s {program['program']} "
                    f"({program['credential']}).")


def programs_csv(service, unitid: object, horizon: object, bachelor: object) -> dict | None:
    """The programs as a spreadsheet opens them (the API's programs.csv), or None."""
    if not (isinstance(unitid, str) and service.institutions.known(unitid)):
        return None
    profile = service.horizon(horizon).institution_profile(unitid, None,
                                                           bachelor_benchmark(bachelor))
    return dcc.send_string(csv_text(profile), f"programs-{unitid[:40]}.csv")


def explorer_values(bounds: dict, unitid: str) -> list:
    """Every explorer filter cleared but the institution."""
    return controls_from_filters({**Filters().as_dict(), "institution": [unitid]}, bounds)


def register(app, ctx) -> None:
    """Register the view, its pickers and its actions."""
    service = ctx.service
    bounds = service.explorer.filter_options()

    charts_out = {k: {"figure": Output(g, "figure"), "style": Output(g, "style"),
                      "caption": Output(ids.caption(g), "children"),
                      "table": Output(ids.table(g), "children")} for k, g in CHARTS.items()}

    # asked for in the browser, only while the tab shows (no round trip for other tabs)
    app.clientside_callback(ClientsideFunction("institution", "ask"),
                            Output(ids.PROFILE_ASK, "data"), Input(ids.TABS, "data"),
                            Input(ids.INSTITUTION, "value"), Input(ids.PROFILE_PEERS, "value"),
                            Input(ids.HORIZON, "value"), Input(ids.BACHELOR, "value"))
    app.clientside_callback(ClientsideFunction("institution", "clearPeers"),
                            Output(ids.PROFILE_PEERS, "value", allow_duplicate=True),
                            Input(ids.INSTITUTION, "value"), State(ids.PROFILE_PEERS, "value"),
                            prevent_initial_call=True)

    @app.callback(
        output={"view": {"body": Output(ids.PROFILE_BODY, "children"),
                         "rows": Output(ids.PROFILE_TABLE, "rowData"),
                         "columns": Output(ids.PROFILE_TABLE, "columnDefs"),
                         "count": Output(ids.PROFILE_COUNT, "children"),
                         "peers_table": Output(ids.PROFILE_PEERS_TABLE, "children"),
                         "charts": charts_out},
                "shown": Output(ids.PROFILE_SHOWN, "data"),
                "intro": Output(ids.PROFILE_INTRO, "hidden"),
                "hidden": Output(ids.PROFILE_CONTENT, "hidden"),
                "picker": Output(ids.PROFILE_PICKER_BOX, "children"),
                "options": Output(ids.PROFILE_PEERS, "options"),
                "message": Output(ids.PROFILE_MESSAGE, "children"),
                "url": URL.outputs},
        inputs={"ask": Input(ids.PROFILE_ASK, "data"), "tab": State(ids.TABS, "data"),
                "unitid": State(ids.INSTITUTION, "value"),
                "peers": State(ids.PROFILE_PEERS, "value"),
                "horizon": State(ids.HORIZON, "value"),
                "bachelor": State(ids.BACHELOR, "value"),
                "shown": State(ids.PROFILE_SHOWN, "data"),
                "picked": State(ids.PROFILE_PICKER, "value"), "url": URL.states},
        prevent_initial_call=True)
    def draw(ask, tab, unitid, peers, horizon, bachelor, shown, picked, url):
        out = view(service, tab, unitid, peers, horizon, bachelor, shown, picked)
        trigger = ask.get("trigger") if isinstance(ask, dict) else None
        out["url"] = (URL.query(service, bounds, [peers, tab], url)
                      if trigger != ids.INSTITUTION else [no_update, no_update])
        # (an institution chosen elsewhere: the predictor writes the URL)
        if out["view"] is no_update:
            out["view"] = no_update_view(charts_out)
        return out

    @app.callback(Output(ids.PROFILE_PICKER, "options"),
                  Input(ids.PROFILE_PICKER, "search_value"), State(ids.PROFILE_PICKER, "value"),
                  prevent_initial_call=True)
    def search_picker(query, selected):
        return search(service, query, selected)

    @app.callback(Output(ids.PROFILE_PEERS, "options", allow_duplicate=True),
                  Input(ids.PROFILE_PEERS, "search_value"), State(ids.PROFILE_PEERS, "value"),
                  State(ids.PROFILE_PEERS, "options"), prevent_initial_call=True)
    def search_peers(query, chosen, options):
        found = search_many(service, query, chosen, options)
        if found is None:
            raise PreventUpdate
        return found

    @app.callback(Output(ids.INSTITUTION, "value", allow_duplicate=True),
                  Output(ids.INSTITUTION, "options", allow_duplicate=True),
                  Input(ids.PROFILE_PICKER, "value"), State(ids.INSTITUTION, "value"),
                  prevent_initial_call=True)
    def pick(unitid, current):
        chosen = service.institution(unitid) if isinstance(unitid, str) else None
        if chosen is None or unitid == current:
            raise PreventUpdate
        return unitid, [{"value": unitid, "label": chosen["label"]}]

    app.clientside_callback(  # the table's search, in the browser
        "function (text, options) { return Object.assign({}, options, "
        "{quickFilterText: text || ''}); }",
        Output(ids.PROFILE_TABLE, "dashGridOptions"), Input(ids.PROFILE_FILTER, "value"),
        State(ids.PROFILE_TABLE, "dashGridOptions"), prevent_initial_call=True)
    app.clientside_callback(
        "function (unitid) { return !unitid; }",
        Output(ids.INSTITUTION_OPEN, "hidden"), Input(ids.INSTITUTION, "value"))
    app.clientside_callback(
        "function (n) { return n ? 'institution' : window.dash_clientside.no_update; }",
        Output(ids.TABS, "data", allow_duplicate=True), Input(ids.INSTITUTION_OPEN, "n_clicks"),
        prevent_initial_call=True)

    @app.callback(output=prefill.outputs(Output(ids.PROFILE_MESSAGE, "children",
                                                allow_duplicate=True)),
                  inputs={"clicks": Input(ids.PROFILE_PREDICT, "n_clicks"),
                          "unitid": State(ids.INSTITUTION, "value"),
                          "rows": State(ids.PROFILE_TABLE, "selectedRows")},
                  prevent_initial_call=True)
    def predict_program(clicks, unitid, rows):
        if not clicks:
            raise PreventUpdate
        row = rows[0] if isinstance(rows, list) and rows else None
        values, note = program_values(service, unitid, row)
        return prefill.refused(note) if values is None else prefill.filled(values, note)

    @app.callback(output={"filters": [Output(i, "value", allow_duplicate=True)
                                      for i in FILTER_IDS],
                          "area": Output(ids.EXPLORE_AREA, "data", allow_duplicate=True),
                          "options": Output(ids.EXPLORE_INSTITUTION, "options",
                                            allow_duplicate=True),
                          "tab": Output(ids.TABS, "data", allow_duplicate=True)},
                  inputs={"clicks": Input(ids.PROFILE_EXPLORE, "n_clicks"),
                          "unitid": State(ids.INSTITUTION, "value")},
                  prevent_initial_call=True)
    def show_in_explorer(clicks, unitid):
        if not clicks or not (isinstance(unitid, str) and service.institutions.known(unitid)):
            raise PreventUpdate
        label = service.explorer.label("institution", unitid)
        return {"filters": explorer_values(bounds, unitid), "area": None,
                "options": [{"value": unitid, "label": label}], "tab": "explore"}

    @app.callback(Output(ids.PROFILE_DOWNLOAD, "data"),
                  Output(ids.PROFILE_MESSAGE, "children", allow_duplicate=True),
                  Input(ids.PROFILE_CSV, "n_clicks"), State(ids.INSTITUTION, "value"),
                  State(ids.HORIZON, "value"), State(ids.BACHELOR, "value"),
                  prevent_initial_call=True)
    def download_csv(clicks, unitid, horizon, bachelor):
        if not clicks:
            raise PreventUpdate
        found = programs_csv(service, unitid, horizon, bachelor)
        if found is None:
            return no_update, error_message(["Choose an institution first."])
        return found, None

    @app.callback(Output(ids.PROFILE_DOWNLOAD, "data", allow_duplicate=True),
                  Output(ids.PROFILE_MESSAGE, "children", allow_duplicate=True),
                  Input(ids.PROFILE_REPORT, "n_clicks"), State(ids.INSTITUTION, "value"),
                  State(ids.PROFILE_PEERS, "value"), State(ids.HORIZON, "value"),
                  State(ids.BACHELOR, "value"), prevent_initial_call=True,
                  running=[(Output(ids.PROFILE_REPORT, "disabled"), True, False),
                           (Output(ids.PROFILE_REPORT, "children"), "Drawing the report…",
                            "Download report (PDF)")])
    def download_report(clicks, unitid, peers, horizon, bachelor):
        if not clicks or not (isinstance(unitid, str) and service.institutions.known(unitid)):
            raise PreventUpdate
        chosen = service.horizon(horizon)
        profile = chosen.institution_profile(unitid, chosen_peers(service, peers),
                                             bachelor_benchmark(bachelor))
        try:
            data, name = ctx.institution_report(chosen, profile)
        except (ExportUnavailable, ExportFailed) as exc:
            return no_update, error_message([f"The report could not be made: {exc}"])
        return dcc.send_bytes(data, f"{name}.pdf"), None

    @app.callback(Output(ids.EXPLORE_INSTITUTION, "options"),
                  Input(ids.EXPLORE_INSTITUTION, "search_value"),
                  State(ids.EXPLORE_INSTITUTION, "value"),
                  State(ids.EXPLORE_INSTITUTION, "options"), prevent_initial_call=True)
    def search_explorer(query, chosen, options):
        found = search_many(service, query, chosen, options,
                            lambda unitid: service.explorer.label("institution", unitid))
        if found is None:
            raise PreventUpdate
        return found

    @app.callback(output={"unitid": Output(ids.INSTITUTION, "value", allow_duplicate=True),
                          "options": Output(ids.INSTITUTION, "options", allow_duplicate=True),
                          "tab": Output(ids.TABS, "data", allow_duplicate=True),
                          "message": Output(ids.EXPLORE_MESSAGE, "children",
                                            allow_duplicate=True)},
                  inputs={"clicks": Input(ids.EXPLORE_OPEN, "n_clicks"),
                          "rows": State(ids.EXPLORE_TABLE, "selectedRows")},
                  prevent_initial_call=True)
    def open_from_explorer(clicks, rows):
        row = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else {}
        chosen = service.institution(row.get("unitid")) if isinstance(
            row.get("unitid"), str) else None
        if not clicks or chosen is None:
            return {"unitid": no_update, "options": no_update, "tab": no_update,
                    "message": error_message([SELECT_FIRST])}
        return {"unitid": chosen["unitid"], "tab": TAB, "message": None,
                "options": [{"value": chosen["unitid"], "label": chosen["label"]}]}
