"""The controls card: the eight inputs, the institution picker, tooltips."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from . import ids

TIPS = {
    ids.INSTITUTION: "Type part of a real institution's name to fill in its control, region, "
                     "locale, admission rate, SAT and tuition; the card then shows its "
                     "program of the chosen credential and field: what it reports against "
                     "what the model expects, and its debt.",
    ids.CREDENTIAL: "The credential the program awards, from an undergraduate certificate to a "
                    "doctoral degree.",
    ids.FIELD: "The program's field of study: its 2-digit CIP family, as the Department of "
               "Education classifies it.",
    ids.PROGRAM: "Optional: a specific 4-digit program within the field. A program with few "
                 "examples in the data leans on the field's average.",
    ids.CONTROL: "Who runs the institution: a public body, a private nonprofit or a private "
                 "for-profit company (or a foreign institution).",
    ids.REGION: "The institution's region (the Bureau of Economic Analysis regions).",
    ids.LOCALE: "The kind of place the institution is in: city, suburb, town or rural, by size "
                "or distance.",
    ids.ADMISSION: "The share of applicants admitted (ADM_RATE_ALL). Open-admission schools "
                   "do not report one.",
    ids.SAT: "Average SAT score of admitted students (SAT_AVG_ALL), 400 to 1600. Many schools "
             "do not report one.",
    ids.TUITION: "Yearly in-state tuition and fees (TUITIONFEE_IN), in dollars; for schools "
                 "that charge by program, most certificates, the program's tuition "
                 "(TUITIONFEE_PROG).",
}


def _label(text: str, component_id: str) -> html.Div:
    return html.Div([
        dbc.Label(text, html_for=component_id, className="fw-semibold mb-1"),
        html.Span("i", id=ids.tip(component_id), className="info-tip ms-2",
                  tabIndex=0, **{"aria-label": f"About {text}"}),
        dbc.Tooltip(TIPS[component_id], target=ids.tip(component_id), placement="right"),
    ], className="d-flex align-items-center")


def _options(values: list[dict]) -> list[dict]:
    return [{"label": o["label"], "value": o["value"]} for o in values]


def _dropdown(component_id: str, label: str, options: list[dict], value, **kwargs) -> html.Div:
    return html.Div([_label(label, component_id),
                     dcc.Dropdown(id=component_id, options=_options(options), value=value,
                                  clearable=False, **kwargs)], className="mb-3")


def _number(component_id: str, label: str, value, unit: tuple[str, str], hint: str,
            missing_id: str | None = None, step: float = 1) -> html.Div:
    prefix, suffix = unit
    group = [dbc.InputGroupText(prefix)] if prefix else []
    group.append(dbc.Input(id=component_id, type="number", value=value, step=step,
                           debounce=True, inputmode="decimal"))
    if suffix:
        group.append(dbc.InputGroupText(suffix))
    children = [_label(label, component_id), dbc.InputGroup(group, size="sm"),
                dbc.FormText(hint)]
    if missing_id:
        children.append(dbc.Checklist(id=missing_id, options=[{"label": "Not reported",
                                                               "value": "missing"}],
                                      value=["missing"] if value is None else [],
                                      switch=True, className="small mt-1"))
    return html.Div(children, className="mb-3")


def _range_hint(r: dict, fmt: str, scale: float = 1) -> str:
    return (f"Data: {fmt.format(r['min'] * scale)} to {fmt.format(r['max'] * scale)}, "
            f"median {fmt.format(r['median'] * scale)}")


def controls_card(options: dict, values: dict | None = None,
                  institution: dict | None = None) -> dbc.Card:
    """The inputs, filled with `values` (a scenario's raw inputs) or the default scenario;
    `institution`: the chosen real institution ({value, label}), if any."""
    d, ranges = values or options["default"], options["ranges"]
    adm = None if d["admission_rate"] is None else round(d["admission_rate"] * 100, 1)
    return dbc.Card([
        dbc.CardHeader(html.H2("Program", className="h6 mb-0")),
        dbc.CardBody([
            html.Div([_label("Fill from an institution", ids.INSTITUTION),
                      dcc.Dropdown(id=ids.INSTITUTION, options=[institution] if institution
                                   else [], value=institution["value"] if institution
                                   else None, searchable=True,
                                   placeholder="Type a name, city or state…", clearable=True),
                      html.Div(id=ids.INSTITUTION_NOTE, className="form-text")],
                     className="mb-3"),
            _dropdown(ids.CREDENTIAL, "Credential", options["credential"], d["credential"]),
            _dropdown(ids.FIELD, "Field of study", options["field"], d["field"]),
            html.Div([_label("Specific program", ids.PROGRAM),
                      dcc.Dropdown(id=ids.PROGRAM,
                                   options=_options(options["program"].get(d["field"], [])),
                                   value=d.get("program"), placeholder="Any program in the field",
                                   clearable=True)], className="mb-3"),
            _dropdown(ids.CONTROL, "Control", options["control"], d["control"]),
            _dropdown(ids.REGION, "Region", options["region"], d["region"]),
            _dropdown(ids.LOCALE, "Locale", options["locale"], d["locale"]),
            _number(ids.ADMISSION, "Admission rate", adm, ("", "%"),
                    _range_hint(ranges["admission_rate"], "{:.0f}%", 100), ids.ADMISSION_MISSING,
                    step=0.1),
            _number(ids.SAT, "Average SAT", d["sat"], ("", ""),
                    _range_hint(ranges["sat"], "{:,.0f}"), ids.SAT_MISSING),
            _number(ids.TUITION, "Yearly tuition", d["tuition"], ("$", ""),
                    _range_hint(ranges["tuition"], "${:,.0f}"), step=100),
            dbc.Button("Reset to a typical program", id=ids.RESET, color="secondary",
                       outline=True, size="sm", className="w-100 mb-2"),
            dbc.Button("Pin this scenario to compare", id=ids.PIN, color="primary",
                       outline=True, size="sm", className="w-100 mb-2"),
            dbc.Button("Download a PDF report", id=ids.REPORT, color="primary", outline=True,
                       size="sm", className="w-100"),
        ]),
    ], className="shadow-sm controls-card")
