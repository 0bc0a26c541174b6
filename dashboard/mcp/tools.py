"""The tools an AI assistant calls over MCP: the same answers as the API, in a form an
assistant can use (numbers and words, never component trees), with the API's validation.

Each tool is a plain function; `provider.EarningsTools` builds its input schema from the type
hints (each argument's description included) and its description from the docstring,
completed with the valid values of the data being served. Errors are raised as
`ToolInputError` naming each field, which the provider returns as a tool error.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import Field, StrictInt

from charts.words import breakdown_text
from dashboard.api.answers import (
    ApiError,
    distribution_answer,
    horizon_service,
    institution_answer,
    predict_answer,
    programs_page,
    query_filters,
    scenario,
    test_options,
)
from dashboard.context import current
from model import earnings_test
from model.errors import InputError, InvalidInputs, input_problems
from model.serving import links
from model.serving.filters import CATEGORIES, RANGES

MAX_PAGE = 50  # rows per find_programs page: small pages for an assistant's context
MAX_INSTITUTIONS = 25
INSTITUTION_FIELDS = ("control", "region", "locale", "admission_rate", "sat", "tuition",
                      "net_price", "programs")


class ToolInputError(ValueError):
    """Inputs a tool cannot answer for; the message names each field and what it allows."""


def _allowed(allowed: object) -> str:
    if isinstance(allowed, list):
        shown = ", ".join(str(a) for a in allowed[:40])
        return f" (allowed: {shown}{', ...' if len(allowed) > 40 else ''})"
    if isinstance(allowed, dict):
        return f" (allowed: {allowed})"
    return ""


def _problems(errors: list[dict]) -> str:
    return "; ".join(f"{e['field']}: {e['message']}{_allowed(e.get('allowed'))}"
                     for e in errors)


def answering(fn: Callable) -> Callable:
    """Turn the API's and the model's input errors into a `ToolInputError` naming the
    fields (the message an assistant reads), never a traceback."""

    @functools.wraps(fn)
    def tool(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ApiError as exc:
            raise ToolInputError(f"{exc.message}: {_problems(exc.errors)}"
                                 if exc.errors else exc.message) from None
        except (InvalidInputs, InputError) as exc:
            raise ToolInputError("invalid inputs: " + _problems(
                [{"field": e.field, "message": e.message, "allowed": e.allowed}
                 for e in input_problems(exc)])) from None

    return tool


# --- argument types: what each input is, in words ----------------------------------------
def _text(description: str):
    return Annotated[str | int | None, Field(description=description)]


def _required(description: str):
    return Annotated[str | int, Field(description=description)]


Credential = _required("The credential the program awards, by label (for example \"Bachelor's "
                   "degree\") or code (1-8); the tool's description lists them.")
FieldOfStudy = _required("The field of study (2-digit CIP family), by label (for example "
                     "\"Engineering\") or 2-digit code (\"14\"); the tool's description lists "
                     "them.")
Control = _required("Public, Private nonprofit or Private for-profit (or code 1-3).")
Region = _required("The institution's region, by label (for example \"Southeast\") or code.")
Locale = _required("The institution's locale, by label (for example \"City: large\") or code.")
Program = _text("Optional: a specific program, its 4-digit CIP code (\"1409\"), within the "
                "field.")
Rate = Annotated[float | str | None, Field(description="Optional: the institution's "
                                           "admission rate as a fraction from 0 to 1.")]
Sat = Annotated[float | str | None, Field(description="Optional: the average SAT score "
                                          "(400 to 1600).")]
Tuition = Annotated[float | str | None, Field(description="Optional: yearly in-state tuition "
                                              "and fees in dollars.")]
UnitId = _text("Optional: a real institution's UNITID (from find_institutions); the answer "
               "then includes its programs of this credential and field: what they report "
               "against what the model expects, and their debt.")
Horizon = Annotated[str | StrictInt | None, Field(  # a whole number of years, never true/false
    description="Optional: the earnings horizon, its years after completion (5) or its "
                "measure's column (\"EARN_MDN_5YR\"); model_info lists them. Default: the "
                "model's own.")]
State = _text("Optional: a state (two letters) whose high-school benchmark the earnings "
               "test uses; default: the institution's, else the national benchmark.")
Bachelor = Annotated[float | None, Field(
    description="Optional: what bachelor's degree holders earn, dollars a year: the "
                "earnings test's benchmark for graduate programs (the data has none).")]
Codes = Annotated[list[str | int] | str | None, Field(
    description="Optional: one or more codes or labels (a list, or a comma-separated text).")]
Dollars = Annotated[float | None, Field(description="Optional: a bound in dollars.")]
Outlooks = Annotated[list[str] | str | None, Field(
    description="Optional: the federal earnings test's outlook on 4-year earnings, one or "
                "more of " + ", ".join(f"\"{k}\" ({v})" for k, v in
                                        earnings_test.OUTLOOKS.items()) + ".")]
RiskBands = Annotated[list[str] | str | None, Field(
    description="Optional: the chance that the program's true 4-year median is at or below "
                "the benchmark, in bands: " + ", ".join(
                    f"\"{k}\" ({v})" for k, v in earnings_test.RISK_BANDS.items()) + ".")]


def _drop_none(values: dict) -> dict:
    return {k: v for k, v in values.items() if v is not None}


def _link(service, inputs: dict, tab: str = "predict", filters=None,
          horizon: str | None = None, institution: str | None = None) -> str:
    """The page's address (path and query) that opens the same view in a browser."""
    state = links.PageState(inputs=inputs, tab=tab, horizon=horizon, institution=institution,
                            **({"filters": filters} if filters is not None else {}))
    return current().config.url_base_pathname + links.serialize(service, state)


def _scenario_inputs(credential, field, control, region, locale, program, admission_rate,
                     sat, tuition) -> dict:
    return _drop_none({"credential": credential, "field": field, "control": control,
                       "region": region, "locale": locale, "program": program,
                       "admission_rate": admission_rate, "sat": sat, "tuition": tuition})


@answering
def predict_earnings(credential: Credential, field: FieldOfStudy, control: Control,
                     region: Region, locale: Locale, program: Program = None,
                     admission_rate: Rate = None, sat: Sat = None, tuition: Tuition = None,
                     unitid: UnitId = None, horizon: Horizon = None,
                     state: State = None, bachelor_benchmark: Bachelor = None) -> dict:
    """Predict the median earnings of graduates of a kind of U.S. college program, as the
    dashboard's model does, and whether a program like it would pass the federal earnings
    test.

    Returns the same JSON as the dashboard's API (GET /api/v1/predict): `prediction.value`
    (dollars a year, the measure named in `target_definition`: whose earnings, how long after
    completion, which cohort, which dollars), `prediction.low`/`high` (the 80% range for a
    program of typical size, `by_size` for small and large ones), `prediction.percentile`
    (among programs of the same credential), `contributions` (the average program's
    `baseline` and one term per input, adding up exactly to the prediction), `warnings`, and
    `link`, the page path that opens this prediction in the browser. `earnings_test`: the
    chance (0 to 1) that a program like it would pass the federal earnings test on 4-year
    earnings against the high-school benchmark of `state` (or the institution's, else the
    national one; graduate programs against `bachelor_benchmark`), with its `sentences`;
    each of the institution's `programs` has its own `test`. Predictions are
    associations in the data, not a program's causal effect."""
    service = horizon_service(horizon)
    s = scenario(_scenario_inputs(credential, field, control, region, locale, program,
                                  admission_rate, sat, tuition))
    state, bachelor = test_options(service, {"state": state,
                                             "bachelor_benchmark": bachelor_benchmark})
    answer = predict_answer(service, s, unitid, state, bachelor)
    return {**answer, "link": _link(service, s.as_dict(), horizon=horizon,
                                    institution=None if unitid is None else str(unitid))}


@answering
def explain_prediction(credential: Credential, field: FieldOfStudy, control: Control,
                       region: Region, locale: Locale, program: Program = None,
                       admission_rate: Rate = None, sat: Sat = None, tuition: Tuition = None,
                       horizon: Horizon = None) -> dict:
    """Explain a prediction in sentences: what is predicted and how sure, then how each input
    moves it from the average program (largest first), with the exact dollar amounts (the
    same numbers as predict_earnings). `sentences` are ready to quote; `terms` are the
    breakdown as data."""
    service = horizon_service(horizon)
    s = scenario(_scenario_inputs(credential, field, control, region, locale, program,
                                  admission_rate, sat, tuition))
    answer = predict_answer(service, s)
    p, contrib = answer["prediction"], answer["contributions"]
    sentences = [
        f"Predicted {answer['target_definition']}: ${p['value']:,.0f} a year.",
        f"For a program of typical size, 80% of programs like this one earn between "
        f"${p['low']:,.0f} and ${p['high']:,.0f}.",
    ]
    if p.get("percentile") is not None:
        sentences.append(f"That is higher than {p['percentile']:.0f}% of "
                         f"{p['credential_label']} programs.")
    sentences.append(breakdown_text(contrib).summary)
    sentences.append("The terms are associations in the data (programs like this one), not "
                     "the causal effect of choosing this program.")
    return {"sentences": sentences, "prediction": p["value"], "terms": contrib["terms"],
            "baseline": contrib["baseline"], "warnings": answer["warnings"],
            "link": _link(service, s.as_dict(), horizon=horizon)}


@answering
def earnings_distribution(credential: Credential, field: FieldOfStudy,
                          program: Program = None, horizon: Horizon = None) -> dict:
    """The earnings of the real programs of a credential and field (or one program): how
    many have published earnings, their median and quartiles (dollars a year, the measure
    model_info names), a histogram, and how many are privacy-suppressed or not available.
    The same JSON as GET /api/v1/distribution."""
    return distribution_answer(horizon_service(horizon), _drop_none(
        {"credential": credential, "field": field, "program": program}))


def _filters_query(categories: dict, ranges: dict) -> dict:
    """The API's query parameters for explorer filters (comma lists, dollar bounds)."""
    q: dict = {}
    for name, value in categories.items():
        if name not in CATEGORIES or value is None:
            continue
        if isinstance(value, list):
            if not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
                raise ToolInputError(f"{name}: must be a list of codes or labels")
            value = ",".join(str(v) for v in value)
        elif not isinstance(value, (str, int)) or isinstance(value, bool):
            raise ToolInputError(f"{name}: must be a code, a label or a list of them")
        q[name] = str(value)
    for key, (low, high) in ranges.items():
        for end, bound in (("min", low), ("max", high)):
            if bound is not None:
                q[f"{key}_{end}"] = bound
    return q


def _resolve_labels(service, q: dict) -> dict:
    """Labels to codes for the filters, as the page's options name them."""
    options = service.explorer.filter_options()
    out = dict(q)
    for name in CATEGORIES:
        if name not in q or name not in options:
            continue
        by_label = {str(o["label"]).lower(): str(o["value"]) for o in options[name]}
        out[name] = ",".join(by_label.get(part.strip().lower(), part.strip())
                             for part in q[name].split(","))
    return out


@answering
def find_programs(credential: Codes = None, field: Codes = None, control: Codes = None,
                  region: Codes = None, locale: Codes = None, state: Codes = None,
                  test: Outlooks = None, risk: RiskBands = None,
                  earnings_min: Dollars = None, earnings_max: Dollars = None,
                  tuition_min: Dollars = None, tuition_max: Dollars = None,
                  gap_min: Dollars = None, gap_max: Dollars = None,
                  debt_min: Dollars = None, debt_max: Dollars = None,
                  search: Annotated[str | None, Field(
                      description="Optional: words in the institution's name, city or "
                                  "state, or the program's name.")] = None,
                  sort: Annotated[str | None, Field(
                      description="Optional: a column to sort by (for example "
                                  "\"earnings\", \"gap\", \"debt\", \"tuition\").")] = None,
                  order: Annotated[str | None, Field(description="asc or desc.")] = None,
                  page: Annotated[int, Field(description="Page number, from 1.")] = 1,
                  per_page: Annotated[int, Field(
                      description=f"Rows per page, 1 to {MAX_PAGE}.")] = 10,
                  horizon: Horizon = None) -> dict:
    """Find real programs (one row per institution, credential and field or program) by
    filters: credential, field, control, region, locale, state (two-letter codes), the
    federal earnings test's outlook (`test`) and chance of failing (`risk`), dollar
    bounds on earnings, tuition, gap (actual minus expected earnings) and debt; search,
    sort and small pages. Returns {total, page, per_page, rows} as GET /api/v1/programs
    does: each row has the institution, the program, its median earnings (dollars a year;
    null when withheld), what the model expects for it and the gap (dollars a year), its
    graduates, median federal debt and yearly tuition and net price (dollars), and its
    earnings test (outlook, status, 4-year median, benchmark and margin in dollars, the
    chance of failing from 0 to 1, payback in years)."""
    service = horizon_service(horizon)
    ranges = {"earnings": (earnings_min, earnings_max), "tuition": (tuition_min, tuition_max),
              "gap": (gap_min, gap_max), "debt": (debt_min, debt_max)}
    q = _filters_query({"credential": credential, "field": field, "control": control,
                        "region": region, "locale": locale, "state": state, "test": test,
                        "risk": risk}, {k: v for k, v in ranges.items() if k in RANGES})
    q = _resolve_labels(service, q)
    q.update(_drop_none({"search": search, "sort": sort, "order": order, "page": page,
                         "per_page": per_page}))
    return programs_page(service, q, max_page=MAX_PAGE)


@answering
def find_institutions(query: Annotated[str, Field(
        description="Words of the institution's name, city or state (for example \"ohio "
                    "state\").")],
        limit: Annotated[int, Field(description=f"At most this many, 1 to "
                                                f"{MAX_INSTITUTIONS}.")] = 10) -> dict:
    """Find real institutions by name, city or state: their UNITID (for predict_earnings'
    `unitid`), name and place, and the inputs the dashboard fills in for them (control,
    region, locale, admission rate, SAT, tuition)."""
    if not isinstance(query, str) or len(query) > 200:
        raise ToolInputError("query: must be text of at most 200 characters")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= \
            MAX_INSTITUTIONS:
        raise ToolInputError(f"limit: must be a whole number from 1 to {MAX_INSTITUTIONS}")
    service = current().service
    found = []
    for hit in service.search_institutions(query, limit):
        chosen = service.institution(hit["value"]) or {}
        found.append({"unitid": hit["value"], "name": hit["label"],
                      **{k: chosen.get(k) for k in INSTITUTION_FIELDS}})
    return {"institutions": found, "n": len(found)}


@answering
def model_info(horizon: Horizon = None) -> dict:
    """What the model predicts and how well: the measure in full, the data (source,
    release, programs), which model this is, its cross-validated R-squared with its spread,
    held-out error, how often its 80% range held (by credential and program size), the
    earnings horizons it offers, and its warnings."""
    service = horizon_service(horizon)
    info = service.info()
    metrics = info["metrics"]
    return {"target": info["target"], "target_definition": info["target_definition"],
            "model": info["identity"], "demo": info["demo"],
            "data": {k: info["data"].get(k) for k in ("kind", "release", "rows", "counts",
                                                      "sources")},
            "cv_r2": metrics.get("cv_r2"), "held_out": metrics.get("test"),
            "range_coverage": {k: metrics.get("interval", {}).get(k) for k in
                               ("level", "coverage", "by_credential", "by_size")},
            "horizons": [{"column": h["column"], "label": h["label"]}
                         for h in info["horizons"]],
            "inputs": info["model"].get("inputs"), "warnings": info["warnings"]}


@answering
def explorer_summary(credential: Codes = None, field: Codes = None, control: Codes = None,
                     region: Codes = None, locale: Codes = None, state: Codes = None,
                     test: Outlooks = None, risk: RiskBands = None,
                     earnings_min: Dollars = None, earnings_max: Dollars = None,
                     tuition_min: Dollars = None, tuition_max: Dollars = None,
                     horizon: Horizon = None) -> dict:
    """The explorer's summary of the programs a set of filters selects (the same filters as
    find_programs): how many programs, their median earnings and quartiles (dollars a year),
    how many are privacy-suppressed or not available, their median debt (dollars), the share
    that earn more than the model expects (`above`, a fraction) and the median gap (dollars a
    year); the filters in words; and `link`, the page path
    that opens this selection in the explorer."""
    service = horizon_service(horizon)
    q = _filters_query({"credential": credential, "field": field, "control": control,
                        "region": region, "locale": locale, "state": state, "test": test,
                        "risk": risk}, {"earnings": (earnings_min, earnings_max),
                                        "tuition": (tuition_min, tuition_max)})
    filters = query_filters(_resolve_labels(service, q), service)
    view = service.explore(filters)
    return {"summary": view["summary"], "filters": [c["label"] for c in view["chips"]],
            "link": _link(service, service.options()["default"], tab="explore",
                          filters=filters, horizon=horizon)}


@answering
def institution_profile(unitid: Annotated[str, Field(
        description="The institution's UNITID (from find_institutions).")],
        peers: Annotated[list[str] | None, Field(
            description="Optional: up to 10 UNITIDs to compare with instead of the peers "
                        "the stated rule picks.")] = None,
        bachelor_benchmark: Bachelor = None, horizon: Horizon = None) -> dict:
    """One institution, all its programs, as GET /api/v1/institutions/{unitid} answers:
    `institution` (name, place, control, the inputs the model uses, net price), `summary`
    (programs and how many have published, privacy-suppressed or unavailable earnings;
    graduates; the median of its programs' median earnings and the median gap to what the
    model expects, dollars a year; the share above expectation; programs passing, at risk
    and failing the federal earnings test; median debt, dollars), `programs` (each with
    its earnings, expectation, debt and earnings test, as predict_earnings' programs), and
    `peers` with the same summary and the `peer_rule` that chose them."""
    if not isinstance(unitid, str) or not unitid or len(unitid) > 60:
        raise ToolInputError("unitid: must be a UNITID (text of at most 60 characters)")
    if peers is not None and (not isinstance(peers, list) or not all(
            isinstance(p, str) for p in peers)):
        raise ToolInputError("peers: must be a list of UNITIDs")
    service = horizon_service(horizon)
    return institution_answer(service, unitid, _drop_none({
        "peers": ",".join(peers) if peers else None,
        "bachelor_benchmark": bachelor_benchmark}))


TOOLS = (predict_earnings, explain_prediction, earnings_distribution, find_programs,
         find_institutions, model_info, explorer_summary, institution_profile)
