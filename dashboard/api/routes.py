"""The JSON API (v1) over the same ModelService as the dashboard.

Every answer is JSON (or CSV where asked for); every problem is a 4xx JSON body naming the
field and what is allowed; unknown parameters are rejected. The OpenAPI document is built
from the pydantic models in `model.serving.api_shapes` (see `dashboard.api.openapi`).
"""

from __future__ import annotations

import csv
import io
import re
import time
from dataclasses import asdict

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import BadRequest, HTTPException

from dashboard.api.answers import (
    PROGRAM_PARAMS,
    TEST_PARAMS,
    ApiError,
    current_service,
    distribution_answer,
    error_items,
    horizon_service,
    predict_answer,
    programs_page,
    scenario,
    test_options,
)
from dashboard.context import KEY, current
from dashboard.web.json_provider import not_unicode
from dashboard.web.metrics import timed
from model.errors import InvalidInputs
from model.serving.inputs import SCENARIO_INPUTS

MAX_BATCH = 10_000
# The API's views (and those of chart_routes.py and institution_routes.py) hang on this one
# blueprint, registered under the API's prefix by create_app.
api = Blueprint("api_v1", __name__)
# A CSV body as the OpenAPI document describes it: a header line of input names, each field
# either plain or wholly quoted (no quote inside, so a reader cannot carry the header over a
# line break), line breaks, then at least one row; anything matching it has a row to answer
_FIELD = '("[^"\\r\\n]*"|[^",\\r\\n]+)'
_HEADER = f'({_FIELD}(,{_FIELD}?)*|(,{_FIELD}?)+)'
CSV_PATTERN = f'^{_HEADER}[\\r\\n]+[^\\r\\n]'
HEADER = re.compile(_HEADER)


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


@api.get("/predict")
def predict_get():
    with timed(current().metrics, "api"):
        q = query((*SCENARIO_INPUTS, "unitid", "horizon", *TEST_PARAMS))
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
    service, results = current_service(), []
    start = time.perf_counter()
    for i, raw in enumerate(rows):
        try:
            s = service.validate(raw)
        except InvalidInputs as exc:
            results.append({"row": i, "errors": error_items(exc)})
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
    service = current_service()
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
