"""The controls card: the eight inputs, the institution picker, tooltips."""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from model.serving.inputs import NUMERIC_NAMES, SCENARIO_INPUTS

from . import ids

TIPS = {
    ids.BACHELOR: "The earnings test holds graduate programs against what bachelor's degree "
                  "holders earn, which the College Scorecard does not publish. Enter a "
                  "figure (for example your state's, from the Census Bureau) to apply it; "
                  "left empty, graduate programs are not tested.",
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
}


@dataclass(frozen=True)
class NumberControl:
    """A numeric input's control (one per model.learning.features.NUMBER_INPUTS): its id, words and
    unit, the hint's format, `scale` (page value = model value x scale: a rate in percent),
    `digits` (the page's rounding), and for an optional number its 'Not reported' switch."""

    name: str
    id: str
    label: str
    tip: str
    unit: tuple[str, str] = ("", "")
    hint: str = "{:,.0f}"
    scale: float = 1
    digits: int | None = None
    missing_id: str | None = None

    @property
    def switch(self) -> str:
        """The switch's name among the page's values."""
        return f"{self.name}_missing"

    def on_page(self, value: object, rounded: bool = True) -> object:
        """A model value as the control shows it (rounded, or only scaled); None as is."""
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return value
        if self.scale == 1 and not rounded:
            return value
        return round(value * self.scale, self.digits)


NUMBER_CONTROLS = (
    NumberControl("admission_rate", ids.ADMISSION, "Admission rate",
                  "The share of applicants admitted (ADM_RATE_ALL). Open-admission schools "
                  "do not report one.", ("", "%"), "{:.0f}%", 100, 1, ids.ADMISSION_MISSING),
    NumberControl("sat", ids.SAT, "Average SAT",
                  "Average SAT score of admitted students (SAT_AVG_ALL), 400 to 1600. Many "
                  "schools do not report one.", missing_id=ids.SAT_MISSING),
    NumberControl("tuition", ids.TUITION, "Yearly tuition",
                  "Yearly in-state tuition and fees (TUITIONFEE_IN), in dollars; for schools "
                  "that charge by program, most certificates, the program's tuition "
                  "(TUITIONFEE_PROG).", ("$", ""), "${:,.0f}"),
)
TIPS.update({c.id: c.tip for c in NUMBER_CONTROLS})

# The page's inputs in the order callbacks read and write them, with their names there:
# the coded inputs, then each number and its 'Not reported' switch. An institution fills
# FILLED (everything after credential, field and program).
CODED = tuple(n for n in SCENARIO_INPUTS if n not in NUMERIC_NAMES)  # credential ... locale
INPUT_IDS = [ids.CREDENTIAL, ids.FIELD, ids.PROGRAM, ids.CONTROL, ids.REGION, ids.LOCALE,
             *[i for c in NUMBER_CONTROLS for i in (c.id, c.missing_id) if i]]
INPUT_NAMES = [*CODED,
               *[n for c in NUMBER_CONTROLS for n in (c.name, c.missing_id and c.switch) if n]]
FILLED = INPUT_IDS[3:]


def control_values(values: dict) -> dict:
    """Every page input's value by name (INPUT_NAMES) for a scenario's raw inputs, as the
    controls card first shows them (numbers scaled, switches on for not reported)."""
    out = {name: values.get(name) for name in CODED}
    for c in NUMBER_CONTROLS:
        out[c.name] = c.on_page(values.get(c.name), rounded=False)
        if c.missing_id:
            out[c.switch] = ["missing"] if values.get(c.name) is None else []
    return out


def page_values(values: dict) -> list:
    """The FILLED controls' values for these inputs (rounded as the page shows them; a
    missing optional number switches on 'Not reported')."""
    out = [values["control"], values["region"], values["locale"]]
    for c in NUMBER_CONTROLS:
        value = values[c.name]
        out.append(c.on_page(value))
        if c.missing_id:
            out.append(["missing"] if value is None else [])
    return out


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


def _number(c: NumberControl, value, data: dict) -> html.Div:
    """A number's control with its unit, the data's range (`data`: min, max, median) and,
    for an optional one, its 'Not reported' switch."""
    prefix, suffix = c.unit
    group = [dbc.InputGroupText(prefix)] if prefix else []
    # step "any": a value off a step (a median tuition of $20,320 with steps of $100) is
    # invalid to the browser, and the input then sends no value when it loses the focus
    group.append(dbc.Input(id=c.id, type="number", value=value, step="any",
                           debounce=True, inputmode="decimal"))
    if suffix:
        group.append(dbc.InputGroupText(suffix))
    hint = ", median ".join([" to ".join(c.hint.format(data[k] * c.scale) for k in ("min", "max")),
                             c.hint.format(data["median"] * c.scale)])
    children = [_label(c.label, c.id), dbc.InputGroup(group, size="sm"),
                dbc.FormText(f"Data: {hint}")]
    if c.missing_id:
        children.append(dbc.Checklist(id=c.missing_id, options=[{"label": "Not reported",
                                                                 "value": "missing"}],
                                      value=["missing"] if value is None else [],
                                      switch=True, className="small mt-1"))
    return html.Div(children, className="mb-3")


def bachelor_control(value: float | None = None) -> html.Div:
    """The bachelor's benchmark graduate programs are tested against (optional)."""
    return html.Div([
        _label("Bachelor's benchmark (graduate programs)", ids.BACHELOR),
        dbc.InputGroup([dbc.InputGroupText("$"),
                        dbc.Input(id=ids.BACHELOR, type="number", value=value, step="any",
                                  min=1000, max=1_000_000, debounce=True,
                                  inputmode="decimal", placeholder="not set")], size="sm"),
        dbc.FormText("A year's earnings of bachelor's degree holders, for the earnings test "
                     "of a graduate program; the release has none.")], className="mb-3")


def controls_card(options: dict, values: dict | None = None,
                  institution: dict | None = None, bachelor: float | None = None
                  ) -> dbc.Card:
    """The inputs, filled with `values` (a scenario's raw inputs) or the default scenario;
    `institution`: the chosen real institution ({value, label}), if any; `bachelor`: the
    bachelor's benchmark, if one is set."""
    d, ranges = values or options["default"], options["ranges"]
    return dbc.Card([
        dbc.CardHeader(html.H2("Program", className="h6 mb-0")),
        dbc.CardBody([
            html.Div([_label("Fill from an institution", ids.INSTITUTION),
                      dcc.Dropdown(id=ids.INSTITUTION, options=[institution] if institution
                                   else [], value=institution["value"] if institution
                                   else None, searchable=True,
                                   placeholder="Type a name, city or state…", clearable=True),
                      html.Div(id=ids.INSTITUTION_NOTE, className="form-text"),
                      html.Button("See all its programs", id=ids.INSTITUTION_OPEN,
                                  type="button", className="btn btn-link btn-sm px-0",
                                  hidden=not institution, n_clicks=0)],
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
            *[_number(c, c.on_page(d[c.name], rounded=False), ranges[c.name])
              for c in NUMBER_CONTROLS],
            bachelor_control(bachelor),
            dbc.Button("Reset to a typical program", id=ids.RESET, color="secondary",
                       outline=True, size="sm", className="w-100 mb-2"),
            dbc.Button("Pin this scenario to compare", id=ids.PIN, color="primary",
                       outline=True, size="sm", className="w-100 mb-2"),
            dbc.Button("Download a PDF report", id=ids.REPORT, color="primary", outline=True,
                       size="sm", className="w-100"),
        ]),
    ], className="shadow-sm controls-card")
