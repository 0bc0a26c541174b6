"""The API's answers, shared by its routes, the fast path, the chart and institution routes,
the MCP tools and the CLI: a scenario validated, a prediction, an institution's programs,
a page of programs, a distribution; and the values they read from a request checked, each
problem an ApiError naming the field (the routes turn it into a 4xx JSON body)."""

from __future__ import annotations

import math

from dashboard.context import current
from model.errors import InputError, InvalidInputs, input_problems
from model.serving import links
from model.serving.filters import (
    CATEGORIES,
    CATEGORY_LABELS,
    RANGES,
    SEARCHED,
    SIGNED_RANGES,
    SORTABLE,
    Filters,
)
from model.serving.institutions import MAX_CHOSEN
from model.serving.service import ModelService

MAX_PAGE = 500
FILTER_PARAMS = {*CATEGORIES, *(f"{k}_{end}" for k in RANGES for end in ("min", "max"))}
PROGRAM_PARAMS = {*FILTER_PARAMS, "search", "sort", "order", "page", "per_page", "horizon"}
MONEY_LIMIT = 1e9  # dollars; a range bound beyond it is refused
TEST_PARAMS = ("state", "bachelor_benchmark")  # the earnings test's benchmark, if not default
SORT_KEYS = set(SORTABLE)


class ApiError(Exception):
    """A request the API answers with a 4xx and a JSON body."""

    def __init__(self, status: int, message: str, errors: list[dict] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors or []
        self.headers = headers or {}


def current_service() -> ModelService:
    return current().service


def horizon_service(value: object) -> ModelService:
    """The model of the earnings horizon `value` names: a measure's column (EARN_MDN_5YR) or
    its years after completion (5); None: the default. 400 for one the model does not have."""
    service = current_service()
    if value is None:
        return service
    horizons = service.horizons()
    by_years = {str(h["years"]): h["column"] for h in horizons if h.get("years")}
    key = (str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool)
           else None)  # 5, "5" or "EARN_MDN_5YR"; never true/false
    column = by_years.get(key, key)
    known = [h["column"] for h in horizons]
    if column not in known:
        raise ApiError(400, "invalid query", [
            {"field": "horizon", "message": f"{str(value)[:40]!r} is not one of the model's "
                                            "earnings horizons: give its years after "
                                            "completion or its column",
             "allowed": known + sorted(by_years, key=int)}])
    return service.horizon(column)


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


def error_items(exc: InputError | InvalidInputs) -> list[dict]:
    """Each input problem as the API's error items."""
    return [{"field": e.field, "message": e.message, "allowed": e.allowed}
            for e in input_problems(exc)]


def scenario(raw: object):
    """The validated scenario, or a 409 (a program from another field) or 422 naming each
    problem."""
    try:
        return current_service().validate(raw)
    except InvalidInputs as exc:
        if all(e.field == "program" for e in exc.errors) and _known_program(raw):
            raise ApiError(409, "the program belongs to another field of study",
                           error_items(exc)) from None
        raise ApiError(422, "invalid inputs", error_items(exc)) from None


def _known_program(raw: object) -> bool:
    program = raw.get("program") if isinstance(raw, dict) else None
    return any(o["value"] == program for opts in current_service().options()["program"].values()
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
    service = service or current_service()
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
    rows, total = service.program_records(filters, q.get("search") or "", spec, start,
                                          start + size)
    return {"total": total, "page": page, "per_page": size, "rows": rows}


def institution_answer(service: ModelService, unitid: str, q: dict) -> dict:
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
