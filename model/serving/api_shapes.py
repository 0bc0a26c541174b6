"""The typed shapes of the model's inputs and answers (pydantic), shared by the dashboard's
callbacks (through ModelService.validate) and the JSON API, which also documents them.

These models check names and types; the values the data allows (which credentials, which
fields, numeric limits) are checked by `model.serving.inputs.validate`, which names what is allowed.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from model.errors import InputError, InvalidInputs
from model.learning.features import NUMBER_INPUTS
from model.serving.inputs import NUMERIC_LIMITS

Code = int | str  # an official code or its label


class _CodedInputs(BaseModel):
    model_config = ConfigDict(extra="forbid", str_min_length=1, str_max_length=200)

    credential: Code = Field(description="Credential level: a CREDLEV code (1-8) or its "
                                         "label, e.g. 3 or \"Bachelor's degree\"")
    field: str = Field(description="Field of study: a 2-digit CIP family code, e.g. \"14\", "
                                   "or its title")
    program: str | None = Field(None, description="Optional 4-digit CIP program within the "
                                                  "field, e.g. \"1409\"")
    control: Code = Field(description="1 Public, 2 Private nonprofit, 3 Private for-profit")
    region: Code = Field(description="Region code 0-9 or its name")
    locale: Code = Field(description="Locale code (11-43) or its name")


# the numbers, one field each from the inputs' table (features.INPUTS) and their limits
ScenarioInput = create_model(
    "ScenarioInput", __base__=_CodedInputs,
    __doc__="The eight inputs of one prediction (a specific program is optional).",
    **{i.name: (float | None, Field(None, ge=NUMERIC_LIMITS[i.name][0],
                                    le=NUMERIC_LIMITS[i.name][1], description=i.description))
       for i in NUMBER_INPUTS})


class ErrorItem(BaseModel):
    """One problem with a request: the field, what is wrong, what is allowed."""

    field: str
    message: str
    allowed: list | dict | None = None


class ErrorBody(BaseModel):
    """Every 4xx answer of the API."""

    status: int
    message: str
    errors: list[ErrorItem] = []


def _message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "is not a known parameter"
    if kind == "missing":
        return "is required"
    if kind.startswith(("float", "int")) or kind == "finite_number":
        return "must be a number"
    if kind.startswith("string"):
        return "must be non-empty text of at most 200 characters (null when not given)"
    return error.get("msg", "is not valid")


def scenario_fields(raw: dict) -> dict:
    """The raw inputs checked for names and types; raises InvalidInputs naming each field.

    Numbers outside their limits pass here and are named by `model.serving.inputs.validate`, with
    the limits, so that a person reads one kind of message."""
    if not isinstance(raw, dict):
        raise InvalidInputs([InputError("body", "must be a JSON object of inputs")])
    problems = []
    try:
        ScenarioInput.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "body"
            if error.get("type") in ("less_than_equal", "greater_than_equal", "missing") or (
                    name in raw and raw[name] is None):
                continue  # the value check names the limits, or what a missing one allows
            if error.get("type", "").startswith(("int_", "string_type")) and name in (
                    "credential", "control", "region", "locale"):
                continue  # int | str: the value check says which values are allowed
            problems.append(InputError(name, _message(error)))
    if problems:
        seen, unique = set(), []
        for p in problems:
            if p.field not in seen:
                seen.add(p.field)
                unique.append(p)
        raise InvalidInputs(unique)
    return raw


class SizeRange(BaseModel):
    """The range for a program of a size band's typical number of graduates."""

    band: str
    graduates: float
    low: float
    high: float


class Prediction(BaseModel):
    """A predicted value with its range (for a program of typical size; `by_size` for small
    and large ones) and its percentile among the credential's programs."""

    value: float
    low: float
    high: float
    level: float
    percentile: float | None
    peers: int
    credential_label: str | None
    typical_graduates: float | None = Field(
        None, description="The program size the range is for (graduates in a year); null "
                          "when the range does not depend on size")
    by_size: list[SizeRange] = []


class Term(BaseModel):
    """One input's contribution to a prediction, in dollars."""

    input: str
    label: str
    value: str
    amount: float


class Contributions(BaseModel):
    """The baseline and one term per input; they add up to the prediction."""

    baseline: float
    terms: list[Term]
    prediction: float


class PredictRequest(ScenarioInput):
    """A prediction request: the inputs, and optionally a real institution and a horizon."""

    unitid: str | None = Field(None, min_length=1, max_length=60,
                               description="A real institution (its UNITID): the answer adds "
                                           "its programs of this credential and field")
    horizon: str | None = Field(None, min_length=1, max_length=60,
                                description="An earnings horizon, as its measure's column "
                                            "(see /model's horizons); default: the model's")
    state: str | None = Field(None, min_length=2, max_length=2,
                              description="A state (two letters) whose high-school benchmark "
                                          "the earnings test uses; default: the institution's "
                                          "(with unitid), else the national benchmark")
    bachelor_benchmark: float | None = Field(
        None, ge=1_000, le=1_000_000, description="What bachelor's degree holders earn, in "
        "dollars a year: the earnings test's benchmark for graduate programs (the release "
        "has none)")


class TrajectoryPoint(BaseModel):
    """A program's earnings at one horizon (null: not reported)."""

    column: str
    years: int | None
    label: str
    cohort: str
    earnings: float | None


class DebtRates(BaseModel):
    """The 2023 gainful-employment rule's debt-to-earnings rates (for reference: the final
    rule of 2026-07-01 replaced them with the earnings test)."""

    annual_payment: float = Field(description="Median debt amortised over `years` at `rate`, "
                                              "dollars a year")
    years: int
    rate: float = Field(description="Yearly interest rate, percent")
    annual_rate: float = Field(description="Annual payment over earnings (passes at 0.08)")
    discretionary_earnings: float = Field(description="Earnings above 150% of the poverty "
                                                      "guideline")
    discretionary_rate: float | None = Field(description="Annual payment over discretionary "
                                                         "earnings (passes at 0.20)")
    poverty_guideline: float
    passes: bool = Field(description="Either rate passes")


class ProgramTest(BaseModel):
    """A real program's federal earnings test on its 4-year earnings (EARN_MDN_4YR)."""

    status: str = Field(description="passes, fails, too few graduates, earnings suppressed, "
                                    "not measured, no benchmark or graduate program")
    words: str
    sentences: list[str] = Field(description="The test in words, as the page says it")
    notes: list[str] = Field(description="The last of those sentences, said as notes under "
                                         "the test: payback, the 2023 debt-to-earnings rates")
    measure: str
    earnings: float | None = Field(description="The 4-year median, dollars a year")
    graduates: float | None = Field(description="Graduates behind it (EARN_COUNT_WNE_4YR)")
    above: float | None = Field(description="How many earned more than the high-school "
                                            "benchmark (EARN_GT_THRESHOLD_4YR)")
    benchmark: float | None
    benchmark_kind: str | None = Field(description="state, national or bachelor's (entered)")
    margin: float | None = Field(description="Earnings minus the benchmark, dollars")
    margin_pct: float | None = Field(description="The margin over the benchmark (0.1 = 10%)")
    share_above: float | None
    share_estimated: bool = Field(description="The share is estimated from the median "
                                              "(no published count against this benchmark)")
    p_below: float | None = Field(description="The chance that the true median is at or "
                                              "below the benchmark (0 to 1)")
    needed_share: float | None = Field(description="The share above the benchmark a program "
                                                   "of its size needs to be 95% sure")
    needed_margin_pct: float | None
    margin_low_pct: float | None = Field(None, description="The true median's 90% interval "
                                                          "against the benchmark, low end "
                                                          "(0.1 = 10% above)")
    margin_high_pct: float | None = None
    at_risk: bool = Field(description="Passes, with a chance of failing of 0.10 or more")
    outlook: str = Field(description="passes, at-risk, fails or not-tested")
    payback_years: float | None = Field(description="Years of the premium that repay the "
                                                    "total net price")
    payback_never: bool = Field(description="The premium is not positive: never")
    usual_years: int | None
    net_price: float | None
    coverage: dict = Field(description="Which rule reaches the credential, in words")
    vintage: str | None = Field(description="Which benchmarks: the release and its method")
    bachelor_benchmark: float | None
    state: str | None
    credential: str | None
    debt_rates: DebtRates | None = None


class ScenarioTest(BaseModel):
    """Would a program like the scenario pass the earnings test (from the 4-year model)?"""

    available: bool
    reason: str | None = None
    sentences: list[str]
    coverage: dict
    measure: str
    state: str | None
    vintage: str | None
    predicted: float | None = None
    benchmark: float | None = None
    benchmark_kind: str | None = None
    margin: float | None = None
    margin_pct: float | None = None
    p_below: float | None = None
    p_pass: float | None = None
    status: str | None = None
    safe_at: float | None = Field(None, description="The predicted median that would be "
                                                    "95% sure")
    sd: float | None = None
    level: float | None = None
    low: float | None = None
    high: float | None = None


class RealProgram(BaseModel):
    """A real program: its reported earnings against the model's cross-fitted expectation,
    its debt and what it costs a month, its premium over high-school earnings, its earnings
    across horizons. Missing figures are null ("not reported")."""

    key: str
    unitid: str
    institution: str | None
    state: str | None
    cipcode: str | None
    program: str | None
    credential: str | None
    credential_code: int
    status: str = Field(description="published, suppressed (privacy) or not available")
    earnings: float | None
    earnings_count: float | None
    graduates: float | None
    few_graduates: bool = Field(description="Fewer than 30 graduates: the median is noisy")
    expected: float | None = Field(description="From models that never saw the program")
    gap: float | None = Field(description="Reported minus expected, in dollars")
    gap_percentile: float | None = Field(description="Where the gap falls among the "
                                                     "credential's programs, 0 to 100")
    debt: float | None
    debt_any: float | None
    debt_payment_official: float | None
    debt_count: float | None
    threshold: float | None = Field(description="What high-school graduates earn (state)")
    premium: float | None
    trajectory: list[TrajectoryPoint]
    rate: float = Field(description="The yearly interest rate of the payment, in percent")
    payment: float | None = Field(description="Monthly payment of the median debt over 10 "
                                              "years at `rate`")
    payment_share: float | None = Field(description="A year's payments over earnings")
    ratio: float | None = Field(description="Median debt over a year's earnings")
    test: ProgramTest | None = None


class PredictResponse(BaseModel):
    """The answer to a prediction request."""

    inputs: dict
    prediction: Prediction
    contributions: Contributions
    target: str
    target_definition: str = Field(description="The measure in full: whose earnings, how "
                                               "long after completion, which cohort, which "
                                               "dollars")
    target_measure: dict = Field(description="The measure's parts (title, population, "
                                             "cohort, dollars, source)")
    model_version: str
    demo: bool
    warnings: list[str] = Field(description="What to know before trusting the model (few "
                                            "programs, low cross-validated R-squared)")
    earnings_test: ScenarioTest | None = Field(None, description="Would a program like "
                                               "this pass the federal earnings test?")
    programs: list[RealProgram] | None = Field(None, description="With `unitid`: the "
                                               "institution's programs of this credential "
                                               "and field")


class BatchRequest(BaseModel):
    """Up to 10,000 rows of inputs (the same fields as one prediction)."""

    model_config = ConfigDict(extra="forbid")
    rows: list[dict] = Field(min_length=1, max_length=10_000)


class BatchItem(BaseModel):
    """One row's prediction, or its errors."""

    row: int
    prediction: Prediction | None = None
    errors: list[ErrorItem] | None = None


class BatchResponse(BaseModel):
    """Every row's result, in order."""

    results: list[BatchItem]
    n: int
    failed: int


class Distribution(BaseModel):
    """Percent histograms of earnings: all programs with a credential and the chosen field."""

    edges: list[float]
    overall: list[float]
    chosen: list[float]
    n_overall: int
    n_chosen: int
    chosen_label: str | None
    credential_label: str | None = None
    median_overall: float | None = None
    median_chosen: float | None = None
    values: list[float] | None = Field(None, description="The chosen group's programs' "
                                                         "earnings when it has fewer than 5")
    n_suppressed: int = Field(0, description="Programs of the chosen group whose earnings "
                                             "are privacy-suppressed (not drawn)")
    n_not_available: int = Field(0, description="... whose earnings are not available")


class ProgramsResponse(BaseModel):
    """A page of programs matching the filters."""

    total: int
    page: int
    per_page: int
    rows: list[dict]
