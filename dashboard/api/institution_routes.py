"""One institution, all its programs: search, the profile (the institution, the figures
that sum up its programs, every program with its expectation, debt and earnings test,
peers) as JSON, and its programs as CSV."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, jsonify

from dashboard.api.chart_routes import draw
from dashboard.api.routes import ApiError, horizon_service, query, test_options, whole
from dashboard.context import current
from dashboard.export.institution_report import build_institution_report, report_name
from model.institutions import MAX_CHOSEN, csv_table
from model.service import ModelService

MAX_RESULTS = 100


def profile(service: ModelService, unitid: str, q: dict) -> dict:
    """The institution's profile for query parameters `q` (peers, bachelor_benchmark);
    404 for an unknown institution or peer, 400 naming a bad parameter."""
    if not service.institutions.known(unitid):
        raise ApiError(404, "no such institution", [{"field": "unitid", "message":
                                                     "is not an institution in the data "
                                                     "(see /institutions?q=)"}])
    peers = [p for p in (q.get("peers") or "").split(",") if p]
    if len(peers) > MAX_CHOSEN:
        raise ApiError(400, "invalid query", [{"field": "peers", "message":
                                               f"at most {MAX_CHOSEN} peers"}])
    unknown = [p for p in peers if not service.institutions.known(p)]
    if unknown:  # a peer that does not exist, as an unknown institution is
        raise ApiError(404, "no such institution", [{"field": "peers", "message":
                                                     f"{unknown[0][:40]!r} is not an "
                                                     "institution in the data"}])
    _, bachelor = test_options(service, {"bachelor_benchmark": q.get("bachelor_benchmark")})
    found = service.institution_profile(unitid, peers, bachelor)
    if found is None:
        raise ApiError(404, "no such institution", [{"field": "unitid", "message":
                                                     "is not an institution in the data "
                                                     "(see /institutions?q=)"}])
    return found


def add_routes(api: Blueprint) -> None:
    """The institution routes, on the API's blueprint."""

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
        return jsonify(profile(service, unitid, q))

    @api.get("/institutions/<unitid>/report.pdf")
    def institution_report(unitid: str):
        q = query(("peers", "horizon", "bachelor_benchmark"))
        service = horizon_service(q.pop("horizon", None))
        found = profile(service, unitid, q)
        data = draw(lambda: build_institution_report(service, found, current().exporter))
        return Response(data, mimetype="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{report_name(found)}.pdf"'})

    @api.get("/institutions/<unitid>/programs.csv")
    def institution_csv(unitid: str):
        q = query(("horizon", "bachelor_benchmark"))
        service = horizon_service(q.pop("horizon", None))
        header, rows = csv_table(profile(service, unitid, q))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerows([header, *rows])
        response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="programs-{unitid[:40]}.csv"')
        return response
