"""The OpenAPI 3 document of /api/v1, generated from the pydantic models in
model.serving.api_shapes, with each input's allowed values taken from the loaded model; and
the offline docs page."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, jsonify, send_from_directory
from pydantic.json_schema import models_json_schema

from charts.catalog import CHARTS, EXPLORER_CHARTS
from dashboard.api.answers import MAX_PAGE, SORT_KEYS
from dashboard.api.routes import CSV_PATTERN
from dashboard.export.renderer import FORMATS
from model import earnings_test
from model.serving import api_shapes
from model.serving.filters import (
    CATEGORIES,
    COLOURS,
    GROUPINGS,
    RANGE_LABELS,
    RANGES,
    SEARCHED,
    SIGNED_RANGES,
    X_AXES,
)
from model.serving.inputs import CODED_INPUTS, SCENARIO_INPUTS
from model.serving.links import pin_pattern
from model.serving.service import ModelService

MODELS = [api_shapes.ScenarioInput, api_shapes.PredictRequest, api_shapes.ErrorBody,
          api_shapes.PredictResponse, api_shapes.BatchRequest, api_shapes.BatchResponse,
          api_shapes.Distribution, api_shapes.ProgramsResponse]
REF = "#/components/schemas/{model}"
NO_INSTITUTION = {"description": "`unitid` names no institution in the data",
                  "content": {"application/json": {"schema": {
                      "$ref": "#/components/schemas/ErrorBody"}}}}


def _ref(name: str) -> dict:
    return {"$ref": REF.format(model=name)}


def _json(name: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": _ref(name)}}}


ERRORS = {"400": _json("ErrorBody", "A malformed or unknown parameter"),
          "409": _json("ErrorBody", "Inputs that contradict each other: a program from "
                                    "another field of study (the error names the programs "
                                    "of the chosen field)"),
          "422": _json("ErrorBody", "An input the model does not accept (the error names "
                                    "the field and the allowed values)")}


def _choices(service: ModelService, name: str) -> list:
    return [o["value"] for o in service.options()[name]] + [
        o["label"] for o in service.options()[name]]


def _components(service: ModelService) -> dict:
    _, defs = models_json_schema([(m, "validation") for m in MODELS], ref_template=REF)
    components = defs["$defs"]
    props = components["ScenarioInput"]["properties"]
    for name in CODED_INPUTS:
        props[name] = {"description": props[name].get("description", ""),
                       "enum": _choices(service, name)}
    programs = sorted({o["value"] for opts in service.options()["program"].values()
                       for o in opts})
    props["program"] = {"description": props["program"].get("description", ""),
                        "anyOf": [{"type": "string", "enum": programs}, {"type": "null"}]}
    request = components["PredictRequest"]["properties"]
    request.update({k: props[k] for k in props})  # the same inputs, with their values
    request["horizon"] = {"description": request["horizon"].get("description", ""),
                          "anyOf": [{"type": "string", "enum": _horizons(service)},
                                    {"type": "null"}]}
    if service.benchmark_states():
        request["state"] = {"description": request["state"].get("description", ""),
                            "anyOf": [{"type": "string", "enum": service.benchmark_states()},
                                      {"type": "null"}]}
    return components


def _horizons(service: ModelService) -> list[str]:
    """Each horizon by its column and by its years after completion (both are accepted)."""
    horizons = service.horizons()
    return ([h["column"] for h in horizons]
            + [str(h["years"]) for h in horizons if h.get("years")])


def extras(service: ModelService, *names: str) -> list[dict]:
    """The optional parameters beside a scenario's or a selection's: the horizon, a real
    institution, the scatter's colour."""
    known = {
        "horizon": {"name": "horizon", "in": "query", "required": False,
                    "description": "An earnings horizon: its years after completion (5) or "
                                   "its measure's column (EARN_MDN_5YR); default: the "
                                   "model's own",
                    "schema": {"type": "string", "enum": _horizons(service)}},
        "unitid": {"name": "unitid", "in": "query", "required": False,
                   "description": "A real institution (UNITID): its programs of this "
                                  "credential and field are added (and marked on the chart)",
                   "schema": {"type": "string", "minLength": 1, "maxLength": 60}},
        "state": {"name": "state", "in": "query", "required": False,
                  "description": "The earnings test: the state (two letters) whose "
                                 "high-school benchmark applies; default: the institution's "
                                 "(with unitid), else the national benchmark",
                  "schema": ({"type": "string", "enum": service.benchmark_states()}
                             if service.benchmark_states() else
                             {"type": "string", "minLength": 2, "maxLength": 2})},
        "bachelor_benchmark": {"name": "bachelor_benchmark", "in": "query", "required": False,
                               "description": "The earnings test: what bachelor's degree "
                                              "holders earn (dollars a year), the benchmark "
                                              "of graduate programs",
                               "schema": {"type": "number", "minimum": 1000,
                                          "maximum": 1_000_000}},
        "colour": {"name": "colour", "in": "query", "required": False,
                   "description": "The scatter's colour: control, gap (actual minus "
                                  "expected) or test (the earnings test)", "schema": {"type": "string",
                                                          "enum": list(COLOURS)}}}
    return [known[n] for n in names]


def _parameters(service: ModelService, names: list[str], required: set[str]) -> list[dict]:
    props = _components(service)["ScenarioInput"]["properties"]
    out = []
    for name in names:
        schema = dict(props[name])
        schema.pop("default", None)
        if "anyOf" in schema:  # a query parameter is a value or absent, never null
            schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
        out.append({"name": name, "in": "query", "required": name in required,
                    "description": props[name].get("description", ""), "schema": schema})
    return out


def _charts(service: ModelService, scenario: list[dict], filters: list[dict]) -> dict:
    """The chart and report paths: one per chart, each in PNG, SVG or PDF."""
    size = [{"name": n, "in": "query", "required": False, "description": d, "schema": schema}
            for n, d, schema in (
                ("width", "Width in CSS pixels", {"type": "integer", "minimum": 200,
                                                  "maximum": 4000}),
                ("height", "Height in CSS pixels", {"type": "integer", "minimum": 200,
                                                    "maximum": 4000}),
                ("scale", "Pixels per CSS pixel (default 2 for PNG, 1 otherwise)",
                 {"type": "number", "minimum": 0.5, "maximum": 4}))]
    fmt = {"name": "format", "in": "path", "required": True,
           "schema": {"type": "string", "enum": list(FORMATS)}}
    views = [{"name": "x", "in": "query", "required": False,
              "schema": {"type": "string", "enum": list(X_AXES)}},
             {"name": "group", "in": "query", "required": False,
              "schema": {"type": "string", "enum": list(GROUPINGS)}},
             {"name": "small", "in": "query", "required": False,
              "description": "hide: leave out groups and states of fewer than 5 programs",
              "schema": {"type": "string", "enum": ["show", "hide"]}}]
    pins = [{"name": "pin", "in": "query", "required": True, "style": "form", "explode": True,
             "description": f"A pinned scenario as its {len(SCENARIO_INPUTS)} inputs joined "
                            f"by '_' ({', '.join(SCENARIO_INPUTS)}; 'none' for not "
                            "reported), 1 to 4 times",
             "schema": {"type": "array", "minItems": 1, "maxItems": 4,
                        "items": {"type": "string", "pattern": pin_pattern(service.options())}}}]
    image = {"200": {"description": "The chart, named for what it shows",
                     "content": {m: {"schema": {"type": "string", "format": "binary"}}
                                 for m in FORMATS.values()}},
             **ERRORS, "404": _json("ErrorBody", "No such chart or format"),
             "503": _json("ErrorBody", "No browser to draw with (says what to install), "
                          "or the worker already has EXPORT_QUEUE exports waiting "
                          "(Retry-After says when to try again)")}
    params = {"distribution": scenario + extras(service, "unitid", "horizon"),
              "breakdown": scenario + extras(service, "horizon"),
              "comparison": pins + extras(service, "horizon"),
              **{c: filters + views + extras(service, "colour", "horizon")
                 for c in EXPLORER_CHARTS}}
    paths = {f"/charts/{chart}.{{format}}": {"get": {
        "summary": f"The {chart} chart as an image or PDF",
        "parameters": [fmt, *params[chart], *size], "responses": image}} for chart in CHARTS}
    paths["/report.pdf"] = {"get": {
        "summary": "A one-page PDF report of a scenario: inputs, prediction, three charts, "
                   "source and metrics (and a real institution's program with `unitid`)",
        "parameters": scenario + extras(service, "unitid", "horizon"),
        "responses": {"200": {"description": "The report", "content": {"application/pdf": {
            "schema": {"type": "string", "format": "binary"}}}}, "404": NO_INSTITUTION,
            **ERRORS, "503": image["503"]}}}
    return paths


def institution_paths(service: ModelService) -> dict:
    """One institution, all its programs: search, profile, CSV."""
    unitid = {"name": "unitid", "in": "path", "required": True,
              "description": "The institution (its UNITID; see /institutions?q=)",
              "schema": {"type": "string", "minLength": 1, "maxLength": 60}}
    peers = {"name": "peers", "in": "query", "required": False, "style": "form",
             "explode": False, "description": "Peers chosen by hand: UNITIDs, "
                                              "comma-separated, at most 10 (default: the "
                                              "rule the answer states)",
             "schema": {"type": "array", "minItems": 1, "maxItems": 10,
                        "items": {"type": "string", "minLength": 1, "maxLength": 60}}}
    found = {"200": {"description": "The institution, the figures that sum up its programs, "
                                    "every program (as /predict's programs) and its peers",
                     "content": {"application/json": {"schema": {"type": "object"}}}},
             **ERRORS, "404": NO_INSTITUTION}
    return {
        "/institutions": {"get": {
            "summary": "Institutions whose name, city or state holds every word of q",
            "parameters": [
                {"name": "q", "in": "query", "required": False,
                 "schema": {"type": "string", "minLength": 1, "maxLength": 200}},
                {"name": "limit", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": 100}}],
            "responses": {"200": {"description": "Institutions with the inputs they fill",
                                  "content": {"application/json": {
                                      "schema": {"type": "object"}}}}, **ERRORS}}},
        "/institutions/{unitid}": {"get": {
            "summary": "One institution, all its programs, and its peers",
            "parameters": [unitid, peers, *extras(service, "horizon", "bachelor_benchmark")],
            "responses": found}},
        "/institutions/{unitid}/report.pdf": {"get": {
            "summary": "An institution's report as a multi-page PDF (summary, peers, every "
                       "program, the charts, methods and data)",
            "parameters": [unitid, peers, *extras(service, "horizon", "bachelor_benchmark")],
            "responses": {**found, "200": {"description": "The report", "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                "503": {"description": "No browser to draw the charts with",
                        "content": {"application/json": {"schema": _ref("ErrorBody")}}}}}},
        "/institutions/{unitid}/programs.csv": {"get": {
            "summary": "An institution's programs as CSV (units in the headers)",
            "parameters": [unitid, *extras(service, "horizon", "bachelor_benchmark")],
            "responses": {**found, "200": {"description": "One row per program",
                                           "content": {"text/csv": {
                                               "schema": {"type": "string"}}}}}}},
    }


def document(service: ModelService, prefix: str) -> dict:
    """The OpenAPI 3.1 document for the API under `prefix` (e.g. /api/v1)."""
    inputs, required = list(SCENARIO_INPUTS), set(CODED_INPUTS)
    allowed = service.explorer.allowed()
    described = {"test": "The federal earnings test's outlook on 4-year earnings, "
                         "comma-separated: " + ", ".join(earnings_test.OUTLOOKS),
                 "risk": "The chance of failing the earnings test, in bands, "
                         "comma-separated: " + ", ".join(earnings_test.RISK_BANDS),
                 "institution": "Institutions (UNITIDs, comma-separated; see /institutions?q=)"}
    filters = [{"name": k, "in": "query", "required": False, "style": "form",
                "explode": False, "description": described.get(
                    k, f"{k.title()} codes, comma-separated (see /options)"),
                "schema": {"type": "array", "minItems": 1,
                           "items": {"type": "string", "pattern": "^[^,]{1,40}$"}
                           if k in SEARCHED
                           else {"enum": allowed[k]}}}
               for k in CATEGORIES if allowed[k]]
    numbers = [{"name": f"{k}_{end}", "in": "query", "required": False,
                "schema": {"type": "number", "minimum": -1e9 if k in SIGNED_RANGES else 0,
                           "maximum": 1e9},
                "description": f"{RANGE_LABELS[k]} {'at least' if end == 'min' else 'at most'}, "
                               "in dollars"}
               for k in RANGES for end in ("min", "max")]
    paging = [
        {"name": "search", "in": "query", "required": False,
         "schema": {"type": "string", "minLength": 1, "maxLength": 200},
         "description": "Words in the institution, city, state or program"},
        {"name": "sort", "in": "query", "required": False,
         "schema": {"type": "string", "enum": sorted(SORT_KEYS)}},
        {"name": "order", "in": "query", "required": False,
         "schema": {"type": "string", "enum": ["asc", "desc"]}},
        {"name": "page", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000}},
        {"name": "per_page", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}}]
    ok = {"200": _json("PredictResponse", "The prediction, its range, its percentile and "
                                          "each input's contribution")}
    info = service.info()
    return {
        "openapi": "3.1.0",
        "info": {"title": "College Earnings API", "version": "1.0.0",
                 "description": f"Predicts {info['target_definition']} of U.S. college "
                                "programs from College Scorecard data, with an explanation. "
                                "Human labels and official codes are both accepted."},
        "servers": [{"url": prefix}],
        "paths": {
            "/predict": {
                "get": {"summary": "Predict for one program (inputs as query parameters)",
                        "parameters": _parameters(service, inputs, required)
                        + extras(service, "unitid", "horizon", "state",
                                 "bachelor_benchmark"),
                        "responses": {**ok, **ERRORS, "404": NO_INSTITUTION}},
                "post": {"summary": "Predict for one program (inputs as a JSON body)",
                         "requestBody": {"required": True, "content": {
                             "application/json": {"schema": _ref("PredictRequest")}}},
                         "responses": {**ok, **ERRORS, "404": NO_INSTITUTION,
                                       "415": _json("ErrorBody", "Not a JSON body")}}},
            "/predict/batch": {"post": {
                "summary": "Predict for up to 10,000 rows (JSON, or a CSV body or upload)",
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": _ref("BatchRequest")},
                    "text/csv": {"schema": {
                        "type": "string", "pattern": CSV_PATTERN,
                        "description": "A header line of input names, then one line per "
                                       "row"}}}},
                "responses": {"200": {"description": "One result per row; a bad row gets "
                                                     "its own errors",
                                      "content": {"application/json": {
                                          "schema": _ref("BatchResponse")},
                                          "text/csv": {"schema": {"type": "string"}}}},
                              **ERRORS, "413": _json("ErrorBody", "A body over the size limit"),
                              "415": _json("ErrorBody", "Not a JSON or CSV body")}}},
            "/options": {"get": {"summary": "Every input's valid values, labels and ranges",
                                 "responses": {"200": {"description": "Options", "content": {
                                     "application/json": {"schema": {"type": "object"}}}},
                                     **ERRORS}}},
            "/model": {"get": {"summary": "Metrics, coefficients and metadata of the model",
                               "parameters": extras(service, "horizon"),
                               "responses": {"200": {"description": "The model", "content": {
                                   "application/json": {"schema": {"type": "object"}}}},
                                   **ERRORS}}},
            "/distribution": {"get": {
                "summary": "Binned earnings for a credential and field",
                "parameters": _parameters(service, ["credential", "field", "program"],
                                          {"credential", "field"})
                + extras(service, "horizon"),
                "responses": {"200": _json("Distribution", "Percent histograms"), **ERRORS}}},
            "/programs": {"get": {
                "summary": "Programs matching filters, a page at a time",
                "parameters": filters + numbers + paging + extras(service, "horizon"),
                "responses": {"200": _json("ProgramsResponse", "A page of programs"),
                              **ERRORS, "404": NO_INSTITUTION}}},
            **institution_paths(service),
            "/health/live": {"get": {"summary": "The process answers", "responses": {
                "200": {"description": "Alive", "content": {
                    "application/json": {"schema": {"type": "object"}}}}}}},
            "/health/ready": {"get": {"summary": "The model is loaded", "responses": {
                "200": {"description": "Ready", "content": {
                    "application/json": {"schema": {"type": "object"}}}},
                "503": {"description": "Not ready", "content": {
                    "application/json": {"schema": {"type": "object"}}}}}}},
            **_charts(service, _parameters(service, inputs, required), filters + numbers),
        },
        "components": {"schemas": _components(service)},
    }


DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>College Earnings API</title>
<link rel="stylesheet" href="docs/static/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="docs/static/swagger-ui-bundle.js"></script>
<script src="docs/static/docs-init.js"></script></body></html>"""
DOCS_INIT = 'SwaggerUIBundle({url: "openapi.json", dom_id: "#docs"});\n'


def create_blueprint(service: ModelService, prefix: str) -> Blueprint:
    """/openapi.json and /docs (Swagger UI's files from the swagger-ui-py package, served
    from here: the page works with no internet)."""
    import swagger_ui

    static = Path(swagger_ui.__file__).parent / "static"
    docs = Blueprint("api_v1_docs", __name__)
    spec = document(service, prefix)

    @docs.get("/openapi.json")
    def openapi():
        return jsonify(spec)

    @docs.get("/docs")
    def page():
        return DOCS_PAGE, 200, {"Content-Type": "text/html; charset=utf-8"}

    @docs.get("/docs/static/docs-init.js")
    def init():
        return DOCS_INIT, 200, {"Content-Type": "text/javascript"}

    @docs.get("/docs/static/<path:name>")
    def asset(name: str):
        return send_from_directory(static, name)

    return docs
