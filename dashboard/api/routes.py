"""The JSON API (v1) over the same ModelService as the dashboard.

Every answer is JSON (or CSV where asked for); every problem is a 4xx JSON body naming the
field and what is allowed; unknown parameters are rejected. The OpenAPI document is built
from the pydantic models in `model.schemas` (see `dashboard.api.openapi`).
"""

from __future__ import annotations

import csv
import io
import math
import re
import time
from dataclasses import asdict

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import BadRequest, HTTPException

from dashboard.context import KEY, current
from dashboard.web.json_provider import not_unicode
from dashboard.web.metrics import timed
from model.errors import InputError, InvalidInputs, input_problems
from model import links
from model.filters import (
    CATEGORIES,
    CATEGORY_LABELS,
    SEARCHED,
    RANGES,
    SIGNED_RANGES,
    SORTABLE,
    Filters,
)
from model.inputs import SCENARIO_INPUTS
from model.service import ModelService

MAX_BATCH = 10_000
MAX_PAGE = 500
FILTER_PARAMS = {*CATEGORIES, *(f"{k}_{end}" for k in RANGES for end in ("min", "max"))}
PROGRAM_PARAMS = {*FILTER_PARAMS, "search", "sort", "order", "page", "per_page", "horizon"}
MONEY_LIMIT = 1e9  # dollars; a range bound beyond it is refused
TEST_PARAMS = ("state", "bachelor_benchmark")  # the earnings test's benchmark, if not default
# A CSV body as the OpenAPI document describes it: a header line of input names, each field
# either plain or wholly quoted (no quote inside, so a reader cannot carry the header over a
# line break), line breaks, then at least one row; anything matching it has a row to answer
_FIELD = '("[^"\\r\\n]*"|[^",\\r\\n]+)'
_HEADER = f'({_FIELD}(,{_FIELD}?)*|(,{_FIELD}?)+)'
CSV_PATTERN = f'^{_HEADER}[\\r\\n]+[^\\r\\n]'
HEADER = re.compile(_HEADER)
SCENARIO_PARAMS = SCENARIO_INPUTS


class ApiError(Exception):
    """A request the API answers with a 4xx and a JSON body."""

    def __init__(self, status: int, message: str, errors: list[dict] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors or []
        self.headers = headers or {}


def _service() -> ModelService:
    return current().service


def horizon_service(value: object) -> ModelService:
    """The model of the earnings horizon `value` names (a measure's column; None: the
    default); 400 for one the model does not have."""
    service = _service()
    if value is None:
        return service
    known = [h["column"] for h in service.horizons()]
    if not isinstance(value, str) or value not in known:
        raise ApiError(400, "invalid query", [
            {"field": "horizon", "message": f"{str(value)[:40]!r} is not one of the model's "
                                            "earnings horizons", "allowed": known}])
    return service.horizon(value)


def real_programs(service: ModelService, s, unitid: object,
                  bachelor: float | None = None) -> list[dict]:
    """The institution's programs of the scenario's credential and field, with actual,
    expected, gap, debt, counts and the earnings test; 404 for an institution not in the
    data."""
    if not isinstance(unitid, str) or service.institution(unitid) is None:
        raise ApiError(404, "no such institution", [{"field": "unitid", "message":
                                                     "is not an institution in the data "
                                                     "(see /programs for UNITIDs)"}])
    return service.real_programs(unitid, s, bachelor)


def test_options(service: ModelService, raw: dict) -> tuple[str | None, float | None]:
    """The earnings test's state and bachelor's benchmark from a request's values; 400
    naming a bad one."""
    state, bachelor = raw.get("state"), raw.get("bachelor_benchmark")
    if state is not None and (not isinstance(state, str) or
                              service.benchmark(state.upper())[1] != "state"):
        raise ApiError(400, "invalid query", [{"field": "state", "message": "is not a state "
                                               "with a high-school benchmark in the data"}])
    if bachelor is not None:
        low, high = links.BACHELOR_LIMITS
        bachelor = bounded("bachelor_benchmark", bachelor, low, high)
    return (state.upper() if isinstance(state, str) else None), bachelor


def predict_answer(service: ModelService, s, unitid: object = None,
                   state: str | None = None, bachelor: float | None = None) -> dict:
    """The prediction, whether a program like it would pass the earnings test (in `state`,
    or the institution's), and with `unitid` the institution's matching real programs."""
    if unitid is not None:
        programs = real_programs(service, s, unitid, bachelor)
        state = state or (service.institution(unitid) or {}).get("state")
    out = prediction(service, s, state, bachelor)
    if unitid is not None:
        out["programs"] = programs
    return out


def _items(exc: InputError | InvalidInputs) -> list[dict]:
    """Each input problem as the API's error items."""
    return [{"field": e.field, "message": e.message, "allowed": e.allowed}
            for e in input_problems(exc)]


def query(allowed: set | tuple, repeatable: tuple = ()) -> dict:
    """The query string as a dict; unknown, empty or repeated parameters are 400s (those in
    `repeatable` may repeat and come as lists)."""
    values = dict(request.args.lists())
    unknown = values.keys() - set(allowed) - set(repeatable)
    if unknown:
        known = sorted({*allowed, *repeatable})
        raise ApiError(400, "unknown query parameters", [
            {"field": k[:60], "message": "is not a known parameter", "allowed": known}
            for k in sorted(unknown)[:20]])
    problems = [{"field": k, "message": "must be given once"} for k, v in values.items()
                if len(v) > 1 and k not in repeatable]
    problems += [{"field": k, "message": "is empty; leave the parameter out instead"}
                 for k, v in values.items() if "" in v]
    if problems:
        raise ApiError(400, "repeated or empty query parameters", problems)
    return {k: (v if k in repeatable else v[0]) for k, v in values.items()}


def _json_body() -> object:
    if not request.is_json:
        raise ApiError(415, "send a JSON body with Content-Type: application/json")
    try:
        body = request.get_json()
    except BadRequest as exc:
        problem = not_unicode(exc)
        if problem and problem.field:
            raise ApiError(400, "text that is not valid Unicode", [
                {"field": problem.field, "message": "is not valid Unicode text (it holds a "
                                                    "lone surrogate such as \\ud800)"}]) from None
        raise ApiError(400, f"the body is not valid JSON: {problem}" if problem
                       else "the body is not valid JSON") from None
    if body is None:
        raise ApiError(400, "the body is not valid JSON")
    return body


def scenario(raw: object):
    """The validated scenario, or a 409 (a program from another field) or 422 naming each
    problem."""
    try:
        return _service().validate(raw)
    except InvalidInputs as exc:
        if all(e.field == "program" for e in exc.errors) and _known_program(raw):
            raise ApiError(409, "the program belongs to another field of study",
                           _items(exc)) from None
        raise ApiError(422, "invalid inputs", _items(exc)) from None


def _known_program(raw: object) -> bool:
    program = raw.get("program") if isinstance(raw, dict) else None
    return any(o["value"] == program for opts in _service().options()["program"].values()
               for o in opts)


def prediction(service: ModelService, scenario, state: str | None = None,
               bachelor: float | None = None) -> dict:
    """The API's answer for one scenario."""
    meta = service.metadata
    return {"inputs": scenario.as_dict(), **service.answer(scenario),
            "earnings_test": service.scenario_test(scenario, state, bachelor),
            "target": meta["target"],
            "target_definition": meta["target_definition"],
            "target_measure": meta["target_measure"],
            "model_version": meta["created_at"], "demo": bool(meta["demo"]),
            "warnings": meta["warnings"]}


def _number(name: str, value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ApiError(400, "invalid query", [{"field": name, "message": "must be a number"}]
                       ) from None
    if not math.isfinite(number):
        raise ApiError(400, "invalid query", [{"field": name, "message": "must be finite"}])
    return number


def bounded(name: str, value: object, low: float = 0, high: float = 1e9) -> float | None:
    number = _number(name, value)
    if number is not None and not low <= number <= high:
        raise ApiError(400, "invalid query", [{"field": name, "message":
                                               f"must be from {low:g} to {high:g}",
                                               "allowed": {"min": low, "max": high}}])
    return number


def whole(name: str, value: object, default: int, low: int, high: int) -> int:
    number = _number(name, value)
    if number is None:
        return default
    if not number.is_integer() or not low <= number <= high:
        raise ApiError(400, "invalid query", [{"field": name, "message":
                                               f"must be a whole number from {low} to {high}",
                                               "allowed": {"min": low, "max": high}}])
    return int(number)


def query_filters(q: dict, service: ModelService | None = None) -> Filters:
    """Explorer filters from query parameters (comma lists, dollar bounds); 400 if unknown."""
    service = service or _service()
    raw = {k: q[k].split(",") for k in CATEGORIES if q.get(k)}
    for key in RANGES:
        floor = -MONEY_LIMIT if key in SIGNED_RANGES else 0
        low, high = (bounded(f"{key}_{end}", q.get(f"{key}_{end}"), floor, MONEY_LIMIT)
                     for end in ("min", "max"))
        if low is not None or high is not None:
            raw[key] = [low if low is not None else floor,
                        high if high is not None else MONEY_LIMIT]
    parsed = service.parse_filters(raw)
    if parsed.problems:
        allowed = service.explorer.allowed()
        named = [(_filter_named(p), p) for p in parsed.problems]
        if all(key in SEARCHED for key, _ in named):  # as /institutions/{id} answers
            raise ApiError(404, "no such institution", [
                {"field": key, "message": f"{p} is not in the data (see /institutions?q=)"}
                for key, p in named])
        raise ApiError(400, "invalid filters", [
            {"field": key, "message": f"{p} is not in the data",
             "allowed": None if key in SEARCHED else allowed.get(key)}
            for key, p in named])
    return parsed.filters


def _filter_named(problem: str) -> str:
    """The filter a parse problem names ('earnings test 'x'' -> 'test')."""
    for key, label in CATEGORY_LABELS.items():
        if problem.startswith(label.lower() + " "):
            return key
    return problem.split(" ")[0]


def _csv_form(text: str) -> bool:
    """Whether `text` matches CSV_PATTERN (checked line by line: fast on any body)."""
    end = re.search(r"[\r\n]", text)
    if end is None or not HEADER.fullmatch(text[:end.start()]):
        return False
    return re.search(r"[^\r\n]", text[end.start():]) is not None


def _rows_from_csv(data: bytes) -> list[dict]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "the CSV must be UTF-8 text", [
            {"field": "body", "message": f"byte {exc.start} is not UTF-8"}]) from None
    if not _csv_form(text):
        raise ApiError(400, "no rows: send a header line and at least one row", [
            {"field": "body", "message": "must be a header line of input names (each "
                                         "plain or wholly quoted), a line break, then "
                                         "rows"}])
    text = text.removeprefix("\ufeff")
    rows = []
    try:
        for row in csv.DictReader(io.StringIO(text, newline="")):
            rows.append({k: (v if v not in ("", None) else None) for k, v in row.items()
                         if isinstance(k, str)})
            if len(rows) > MAX_BATCH:
                break
    except csv.Error as exc:
        raise ApiError(400, "the CSV cannot be read", [
            {"field": "body", "message": str(exc)[:200]}]) from None
    return rows


def _batch_rows() -> list:
    if request.mimetype in ("text/csv", "application/csv"):
        return _rows_from_csv(request.get_data())
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise ApiError(400, "upload the CSV as the form field 'file'",
                           [{"field": "file", "message": "is required"}])
        return _rows_from_csv(upload.read())
    body = _json_body()
    rows = body.get("rows") if isinstance(body, dict) else None
    if not isinstance(rows, list) or set(body) - {"rows"}:
        raise ApiError(400, "send {\"rows\": [ {inputs}, ... ]}",
                       [{"field": "rows", "message": "must be a list of input objects"}])
    not_objects = [i for i, row in enumerate(rows) if not isinstance(row, dict)]
    if not_objects:
        raise ApiError(422, "every row must be an object of inputs", [
            {"field": f"rows[{i}]", "message": "is not an object"} for i in not_objects[:20]])
    return rows


def _as_csv(results: list[dict]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "prediction", "low", "high", "percentile", "error"])
    for r in results:
        if "prediction" in r:
            p = r["prediction"]
            writer.writerow([r["row"], round(p["value"], 2), round(p["low"], 2),
                             round(p["high"], 2),
                             "" if p["percentile"] is None else round(p["percentile"], 1), ""])
        else:
            writer.writerow([r["row"], "", "", "", "", "; ".join(
                f"{e['field']}: {e['message']}" for e in r["errors"])])
    return Response(out.getvalue(), mimetype="text/csv")


def distribution_answer(service: ModelService, q: dict) -> dict:
    """The earnings distribution of the programs of `q`'s credential and field (or program)."""
    d = service.options()["default"]
    s = scenario({**d, "credential": q.get("credential"), "field": q.get("field"),
                  "program": q.get("program")})
    return service.distribution(s.credential, s.field, s.program)


def programs_page(service: ModelService, q: dict, max_page: int = MAX_PAGE) -> dict:
    """A page of the programs the filters in `q` select (query parameters as strings), searched
    and sorted: {total, page, per_page, rows}; 400 naming a bad parameter."""
    filters = query_filters(q, service)
    page = whole("page", q.get("page"), 1, 1, 1_000_000)
    size = whole("per_page", q.get("per_page"), 50, 1, max_page)
    sort = q.get("sort")
    if sort is not None and sort not in SORT_KEYS:
        raise ApiError(400, "invalid query", [{"field": "sort", "message": "unknown column",
                                               "allowed": sorted(SORT_KEYS)}])
    if q.get("order") not in (None, "asc", "desc"):
        raise ApiError(400, "invalid query", [{"field": "order", "message":
                                               "must be asc or desc",
                                               "allowed": ["asc", "desc"]}])
    if len(q.get("search") or "") > 200:
        raise ApiError(400, "invalid query", [{"field": "search", "message":
                                               "must be at most 200 characters"}])
    spec = [{"colId": sort, "sort": q.get("order") or "asc"}] if sort else []
    start = (page - 1) * size
    frame, total = service.program_rows(filters, q.get("search") or "", spec, start,
                                        start + size)
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return {"total": total, "page": page, "per_page": size, "rows": rows}


def create_blueprint() -> Blueprint:
    """The /api/v1 routes."""
    api = Blueprint("api_v1", __name__)

    @api.get("/predict")
    def predict_get():
        with timed(current().metrics, "api"):
            q = query((*SCENARIO_PARAMS, "unitid", "horizon", *TEST_PARAMS))
            service = horizon_service(q.pop("horizon", None))
            unitid = q.pop("unitid", None)
            state, bachelor = test_options(service, {k: q.pop(k, None) for k in TEST_PARAMS})
            return jsonify(predict_answer(service, scenario(q), unitid, state, bachelor))

    @api.post("/predict")
    def predict_post():
        with timed(current().metrics, "api"):
            query(())
            body = _json_body()
            extra = ({k: body.pop(k) for k in ("unitid", "horizon", *TEST_PARAMS) if k in body}
                     if isinstance(body, dict) else {})
            service = horizon_service(extra.get("horizon"))
            state, bachelor = test_options(service, extra)
            return jsonify(predict_answer(service, scenario(body), extra.get("unitid"), state,
                                          bachelor))

    @api.post("/predict/batch")
    def predict_batch():
        query(())
        rows = _batch_rows()
        if not rows:
            raise ApiError(400, "no rows: send a header line and at least one row",
                           [{"field": "rows", "message": "must hold at least one row"}])
        if len(rows) > MAX_BATCH:
            raise ApiError(422, f"at most {MAX_BATCH:,} rows per request", [
                {"field": "rows", "message": f"has more than {MAX_BATCH:,} rows",
                 "allowed": {"max": MAX_BATCH}}])
        service, results = _service(), []
        start = time.perf_counter()
        for i, raw in enumerate(rows):
            try:
                s = service.validate(raw)
            except InvalidInputs as exc:
                results.append({"row": i, "errors": _items(exc)})
                continue
            results.append({"row": i, "prediction": service.predict(s)})
        current().metrics.record("batch_rows", time.perf_counter() - start,
                                                 sum("prediction" in r for r in results))
        if request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv":
            return _as_csv(results)
        return jsonify({"results": results, "n": len(results),
                        "failed": sum("errors" in r for r in results)})

    @api.get("/options")
    def options():
        query(())
        service = _service()
        opts = service.options()
        return jsonify({"inputs": {k: opts[k] for k in ("credential", "field", "program",
                                                        "control", "region", "locale")},
                        "ranges": opts["ranges"], "default": opts["default"],
                        "filters": service.explorer.filter_options()})

    @api.get("/model")
    def model_info():
        service = horizon_service(query(("horizon",)).get("horizon"))
        fast = service.fast
        return jsonify({**service.info(), "coefficients": {
            "baseline": fast.baseline, "categorical": fast.tables, "unseen": fast.unknown,
            "numeric": {k: asdict(v) for k, v in fast.numeric.items()}}})

    @api.get("/distribution")
    def distribution():
        q = query(("credential", "field", "program", "horizon"))
        return jsonify(distribution_answer(horizon_service(q.get("horizon")), q))

    @api.get("/programs")
    def programs():
        q = query(PROGRAM_PARAMS)
        service = horizon_service(q.get("horizon"))
        return jsonify(programs_page(service, q))

    @api.get("/health/live")
    def live():
        return jsonify({"status": "alive"})

    @api.get("/health/ready")
    def ready():
        context = current_app.extensions.get(KEY)
        if context is None:
            return jsonify({"status": "loading"}), 503
        service, cache = context.service, context.cache
        return jsonify({"status": "ready", "model_version": service.info()["created_at"],
                        "model": service.identity(), "demo": service.is_demo,
                        "cache": {"backend": cache.backend, "available": cache.available}})

    @api.route("/<path:anything>", methods=["GET", "POST"])
    def unknown(anything: str):
        raise ApiError(404, f"no such endpoint: {anything[:80]}; see the OpenAPI document "
                            "at openapi.json")

    @api.errorhandler(ApiError)
    def api_error(exc: ApiError):
        return jsonify({"status": exc.status, "message": exc.message,
                        "errors": exc.errors}), exc.status, exc.headers

    return api


SORT_KEYS = set(SORTABLE)


def json_errors(app, prefix: str) -> None:
    """4xx/5xx under the API prefix answer JSON, never an HTML page or a traceback."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if not request.path.startswith(prefix):
            return exc
        return jsonify({"status": exc.code, "message": exc.description or exc.name,
                        "errors": []}), exc.code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        app.logger.exception("unexpected error on %s", request.path)
        if request.path.startswith(prefix):
            return jsonify({"status": 500, "message": "internal error", "errors": []}), 500
        return "Internal Server Error", 500
