"""One institution, all its programs: search, the profile (the institution, the figures
that sum up its programs, every program with its expectation, debt and earnings test,
peers) as JSON, and its programs as CSV."""

from __future__ import annotations

from flask import Response, jsonify

from dashboard.api.answers import ApiError, horizon_service, institution_answer, whole
from dashboard.api.chart_routes import draw
from dashboard.api.routes import api, query
from dashboard.context import current
from dashboard.export.institution_report import build_institution_report, report_name
from model.serving.institutions import csv_text

MAX_RESULTS = 100


@api.get("/institutions")
def institutions():
    q = query(("q", "limit"))
    if len(q.get("q") or "") > 200:
        raise ApiError(400, "invalid query", [{"field": "q", "message":
                                               "must be at most 200 characters"}])
    limit = whole("limit", q.get("limit"), 20, 1, MAX_RESULTS)
    service = current().service
    hits = service.search_institutions(q.get("q") or "", limit)
    return jsonify({"institutions": [service.institution(h["value"]) for h in hits]})


@api.get("/institutions/<unitid>")
def institution(unitid: str):
    q = query(("peers", "horizon", "bachelor_benchmark"))
    service = horizon_service(q.pop("horizon", None))
    return jsonify(institution_answer(service, unitid, q))


@api.get("/institutions/<unitid>/report.pdf")
def institution_report(unitid: str):
    q = query(("peers", "horizon", "bachelor_benchmark"))
    service = horizon_service(q.pop("horizon", None))
    found = institution_answer(service, unitid, q)
    data = draw(lambda: build_institution_report(service, found, current().exporter))
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{report_name(found)}.pdf"'})


@api.get("/institutions/<unitid>/programs.csv")
def institution_csv(unitid: str):
    q = query(("horizon", "bachelor_benchmark"))
    service = horizon_service(q.pop("horizon", None))
    response = Response(csv_text(institution_answer(service, unitid, q)), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="programs-{unitid[:40]}.csv"')
    return response
