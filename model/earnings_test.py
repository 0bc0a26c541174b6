"""The federal earnings test: which programs it reaches, each program's status, how sure
that status is, the payback of its price, and the 2023 debt-to-earnings rates.

The rule (sources in docs/earnings-test.md): the 2025 budget law (Pub. L. 119-21, signed
2025-07-04) makes a program lose Direct Loan eligibility when the median earnings of its
federally aided completers, working and not enrolled, **4 years after completion**, do not
exceed the median earnings of working adults aged 25-34 whose highest credential is a
high-school diploma, in the institution's state (nationally when fewer than half of the
program's students are from that state, or for a foreign institution), in 2 of 3
consecutive years. Graduate programs are held against bachelor's holders instead.
Undergraduate certificates are outside the law's test; as gainful-employment programs the
Department's final rule (published 2026-07-01, in force 2027-07-01) holds them to the same
earnings-premium measure under the GE regulations.

How sure: the release gives, per program, how many of the n graduates behind the median
earned more than the benchmark (k = EARN_GT_THRESHOLD_4YR of n = EARN_COUNT_WNE_4YR). The
median is at or below the benchmark exactly when the share above it is at most one half,
so the probability that the program's true median is at or below the benchmark is the
probability that its true share is at most one half. The share's prior is the spread of
true shares among programs of the same credential in the release (a Beta fitted to their
published shares by the method of moments, net of each program's binomial noise: empirical
Bayes; Jeffreys' Beta(1/2, 1/2) where a credential has fewer than MIN_PRIOR programs), so
the share is Beta(a + k, b + n - k) and that probability is its distribution function at
1/2. `calibration` checks it by simulation.
"""

from __future__ import annotations

import functools
import math
from statistics import NormalDist

import numpy as np
import pandas as pd

from model.debt import GRADUATE_LEVELS, monthly_payment

MEASURE = "EARN_MDN_4YR"  # the test's measure; never another horizon
COUNT = "EARN_COUNT_WNE_4YR"
ABOVE = "EARN_GT_THRESHOLD_4YR"
LAW = "2025 budget law (Pub. L. 119-21), earnings test"
RULE = "final rule of 2026-07-01, in force 2027-07-01"
GE_2023 = "2023 gainful-employment rule, 88 FR 70004"
MIN_COMPLETERS = 30  # the n-size the GE regulations and the Scorecard publish from
AT_RISK = 0.10  # passes, but the true median is at or below the benchmark with this chance
SAFE = 0.95  # "95% safe": the true median is above the benchmark with this chance
MIN_PRIOR = 30  # programs a credential needs for a prior of its own
JEFFREYS = (0.5, 0.5)
MAX_STRENGTH = 400.0  # a prior counts for at most this many graduates
SPREAD = 0.75  # log-sd of graduates' earnings within a program, when the data cannot say
POVERTY_GUIDELINE = 15_650.0  # HHS 2025, one person, 48 states (setting POVERTY_GUIDELINE)
ANNUAL_LIMIT, DISCRETIONARY_LIMIT = 0.08, 0.20  # the 2023 GE rule's D/E thresholds
# how long each credential usually takes, in years (for its total net price)
USUAL_YEARS = {1: 1, 2: 2, 3: 4, 4: 1, 5: 2, 6: 5, 7: 3, 8: 1}
# the 2023 GE rule's amortisation periods, in years
GE_YEARS = {1: 10, 2: 10, 4: 10, 8: 10, 3: 15, 5: 15, 6: 20, 7: 20}
UNDERGRADUATE = {1, 2, 3}  # the others are debt.GRADUATE_LEVELS
IN_LAW = {2, 3, 4, 5, 6, 7, 8}

# A program's status; each has a sentence in STATUS_WORDS.
PASSES, FAILS = "passes", "fails"
FEW, SUPPRESSED, NOT_MEASURED = "too few graduates", "earnings suppressed", "not measured"
NO_BENCHMARK, GRADUATE = "no benchmark", "graduate program"
STATUSES = (PASSES, FAILS, FEW, SUPPRESSED, NOT_MEASURED, NO_BENCHMARK, GRADUATE)
STATUS_WORDS = {
    PASSES: "Passes: the median exceeds the benchmark",
    FAILS: "Fails: the median does not exceed the benchmark",
    FEW: "Too few graduates to publish 4-year earnings",
    SUPPRESSED: "4-year earnings privacy-suppressed",
    NOT_MEASURED: "Not measured: no 4-year earnings in this release",
    NO_BENCHMARK: "No high-school benchmark in this release",
    GRADUATE: "Graduate program: the release has no bachelor's benchmark",
}
# What the explorer filters programs by: the status, with "at risk" taken out of "passes"
# (as link-friendly values, with their words), and the chance of failing in bands
OUTLOOKS = {"passes": "Passes", "at-risk": "At risk (passes, 10%+ chance of failing)",
            "fails": "Fails", "not-tested": "Not tested"}
RISK_BANDS = {"p00-05": "Under 5%", "p05-10": "5% to 10%", "p10-25": "10% to 25%",
              "p25-50": "25% to 50%", "p50-75": "50% to 75%", "p75-95": "75% to 95%",
              "p95-100": "95% or more"}
RISK_EDGES = (0.05, 0.10, 0.25, 0.50, 0.75, 0.95)
# what evaluate reads of a program, and the numbers it answers (as test_<name>)
INPUT_COLUMNS = ("CREDLEV", "CONTROL", "test_earnings", "test_earnings_status", "test_count",
                 "test_above", "threshold_state", "threshold_nat", "net_price")
NUMBERS = ("benchmark", "margin", "margin_pct", "share_above", "p_below", "needed_share",
           "needed_margin_pct", "margin_low_pct", "margin_high_pct")


def coverage(level: int | None) -> dict:
    """Which rule reaches a credential: {"scope": law | ge | none, "words": ...}."""
    if level in UNDERGRADUATE - {1}:
        return {"scope": "law", "benchmark": "high school",
                "words": "Reached by the 2025 law's earnings test (undergraduate degree: "
                         "against high-school graduates)."}
    if level == 1:
        return {"scope": "ge", "benchmark": "high school",
                "words": "Undergraduate certificates are outside the 2025 law's test; as "
                         "gainful-employment programs the final rule of 2026-07-01 holds "
                         "them to the same earnings-premium measure under the GE "
                         "regulations."}
    if level in IN_LAW:
        return {"scope": "law", "benchmark": "bachelor's",
                "words": "Reached by the 2025 law's earnings test (graduate program: "
                         "against bachelor's degree holders)."}
    return {"scope": "none", "benchmark": None, "words": "Credential not known."}


def benchmark_vintage(release: str | None, demo: bool = False) -> str:
    """Which method the release's high-school benchmarks follow, in words."""
    if demo:
        return "demo values, not the Department's"
    if not release or release == "unknown":
        return "release date unknown (the file name carries none)"
    if release >= "2026-06-10":
        return (f"release of {release}: benchmarks recomputed on 2026-06-10 without people "
                "outside the labour force")
    if release >= "2026-03-23":
        return f"release of {release}: benchmarks as first published on 2026-03-23"
    return f"release of {release}: published before the benchmarks (2026-03-23)"


def fit_prior(above: np.ndarray, count: np.ndarray) -> tuple[float, float]:
    """A Beta prior for programs' true shares above the benchmark, from their published
    counts (method of moments for the beta-binomial); Jeffreys' with too few programs."""
    k, n = np.asarray(above, float), np.asarray(count, float)
    ok = np.isfinite(k) & np.isfinite(n) & (n >= 1)
    if ok.sum() < MIN_PRIOR:
        return JEFFREYS
    q, n = k[ok] / n[ok], n[ok]
    mu = float(np.clip(q.mean(), 0.01, 0.99))
    noise = float(np.mean(1 / n))
    rho = (q.var() / (mu * (1 - mu)) - noise) / (1 - noise)  # 1 / (a + b + 1)
    strength = float(np.clip(1 / rho - 1 if rho > 0 else MAX_STRENGTH, 1.0, MAX_STRENGTH))
    return mu * strength, (1 - mu) * strength


def fit_priors(levels: np.ndarray, above: np.ndarray, count: np.ndarray) -> dict[str, list]:
    """fit_prior per credential level (the key "all": every program together)."""
    levels = np.asarray(levels, float)
    out = {"all": list(fit_prior(above, count))}
    for level in np.unique(levels[np.isfinite(levels)]):
        mask = levels == level
        out[str(int(level))] = list(fit_prior(np.asarray(above, float)[mask],
                                              np.asarray(count, float)[mask]))
    return out


def _prior_arrays(levels: np.ndarray, priors: dict | None) -> tuple[np.ndarray, np.ndarray]:
    priors = priors or {}
    fallback = priors.get("all", JEFFREYS)
    pairs = [priors.get(str(int(v)), fallback) if np.isfinite(v) else fallback
             for v in np.asarray(levels, float)]
    return (np.array([p[0] for p in pairs], float).reshape(-1),
            np.array([p[1] for p in pairs], float).reshape(-1))


@functools.lru_cache(maxsize=8192)
def needed_share(n: int, safe: float = SAFE, prior: tuple[float, float] = JEFFREYS
                 ) -> float | None:
    """The smallest share of n graduates above the benchmark that makes the true median
    above it with probability `safe` (None for no graduates, or when none would)."""
    from scipy.special import betainc

    if n < 1:
        return None
    k = np.arange(n + 1)
    below = betainc(k + prior[0], n - k + prior[1], 0.5)
    ok = np.flatnonzero(below <= 1 - safe)
    return float(k[ok[0]] / n) if len(ok) else None


def probability_below(above: np.ndarray, count: np.ndarray, a: np.ndarray | float = 0.5,
                      b: np.ndarray | float = 0.5) -> np.ndarray:
    """P(true share above the benchmark <= 1/2), i.e. P(true median <= benchmark), for k of
    n graduates above it and a Beta(a, b) prior; NaN where either is unknown or n < 1."""
    from scipy.special import betainc

    k, n = np.asarray(above, float), np.asarray(count, float)
    ok = np.isfinite(k) & np.isfinite(n) & (n >= 1)
    kk, nn = np.where(ok, np.clip(k, 0, np.where(ok, n, 0)), 0), np.where(ok, n, 1)
    return np.where(ok, betainc(kk + a, nn - kk + b, 0.5), np.nan)


def spread(earnings: np.ndarray, benchmark: np.ndarray, above: np.ndarray,
           count: np.ndarray) -> float:
    """The log-sd of graduates' earnings within a program, read off programs whose median
    and share above the benchmark are both known: ln(median / benchmark) = sd * z(share)
    for log-normal earnings; the median over programs of 30+ graduates, else SPREAD."""
    from scipy.special import ndtri

    m, b, k, n = (np.asarray(v, float) for v in (earnings, benchmark, above, count))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = k / n
        gap = np.log(m / b)
        implied = gap / ndtri(share)
    ok = (n >= MIN_COMPLETERS) & (share > 0.1) & (share < 0.9) & (np.abs(gap) > 0.02) \
        & np.isfinite(implied) & (implied > 0)
    return float(np.median(implied[ok])) if ok.sum() >= 10 else SPREAD


def _benchmark(levels, state, national, control, bachelor):
    """Per program: the benchmark that applies and its kind (state, national, bachelor's
    as entered), or NaN and "" where none does."""
    levels = np.asarray(levels, float)
    state, national = np.asarray(state, float), np.asarray(national, float)
    foreign = np.asarray(control, float) == 4
    use_state = np.isfinite(state) & ~foreign
    value = np.where(use_state, state, national)
    kind = np.where(use_state, "state", np.where(np.isfinite(national), "national", ""))
    graduate = np.isin(levels, list(GRADUATE_LEVELS))
    if bachelor is not None:
        value = np.where(graduate, float(bachelor), value)
        kind = np.where(graduate, "bachelor's (entered)", kind)
    else:
        value = np.where(graduate, np.nan, value)
        kind = np.where(graduate, "", kind)
    return value, kind.astype(object)


def evaluate(df: pd.DataFrame, bachelor: float | None = None, sd: float = SPREAD,
             priors: dict | None = None) -> pd.DataFrame:
    """The test for every program of `df` (the dataset's columns: CREDLEV, CONTROL,
    test_earnings, test_earnings_status, test_count, test_above, threshold_state,
    threshold_nat, net_price). `bachelor`: a bachelor's benchmark to hold graduate
    programs to; `sd`: the spread of graduates' earnings (`spread`); `priors`: the shares'
    priors by credential (`fit_priors`; Jeffreys' without). Returns one row per program,
    on df's index."""
    from scipy.special import betaincinv, ndtr, ndtri

    levels = df["CREDLEV"].to_numpy(float)
    m = df["test_earnings"].to_numpy(float)
    raw = df["test_earnings_status"].astype(object).to_numpy()
    n = df["test_count"].to_numpy(float)
    k = df["test_above"].to_numpy(float)
    bench, kind = _benchmark(levels, df["threshold_state"], df["threshold_nat"],
                             df["CONTROL"], bachelor)
    graduate = np.isin(levels, list(GRADUATE_LEVELS))
    status = np.full(len(df), NOT_MEASURED, dtype=object)
    small = ~(n >= MIN_COMPLETERS)  # NaN counts too
    status[raw == "suppressed"] = SUPPRESSED
    status[(raw == "suppressed") & small] = FEW
    measured = np.isfinite(m)
    status[measured & ~np.isfinite(bench)] = NO_BENCHMARK
    status[measured & graduate & ~np.isfinite(bench)] = GRADUATE
    judged = measured & np.isfinite(bench)
    status[judged] = np.where(m[judged] > bench[judged], PASSES, FAILS)
    # the share above: as published where the benchmark is the release's, else estimated
    # from the median for log-normal earnings (a bachelor's benchmark has no such count)
    published_share = judged & np.isfinite(k) & np.isfinite(n) & (n >= 1) & ~(
        graduate & (bachelor is not None))
    with np.errstate(divide="ignore", invalid="ignore"):
        estimated = ndtr(np.log(m / bench) / sd)
    share = np.where(published_share, k / np.where(n >= 1, n, 1), np.where(
        judged & np.isfinite(n) & (n >= 1), estimated, np.nan))
    a, b = _prior_arrays(levels, priors)
    if bachelor is not None:  # the priors are of shares above the high-school benchmark
        a, b = np.where(graduate, JEFFREYS[0], a), np.where(graduate, JEFFREYS[1], b)
    p_below = probability_below(share * n, n, a, b)
    needed = np.array([needed_share(int(c), SAFE, (round(pa, 3), round(pb, 3)))
                       if ok else None
                       for c, pa, pb, ok in zip(n, a, b, judged & (n >= 1), strict=True)],
                      dtype=float)
    with np.errstate(invalid="ignore"):
        needed_margin = np.where(np.isfinite(needed), np.expm1(sd * ndtri(needed)), np.nan)
        margin = np.where(judged, m - bench, np.nan)
        margin_pct = np.where(judged, margin / bench, np.nan)
    # the margin's 90% interval: the share's 5% and 95% quantiles as medians, for log-normal
    # earnings with spread sd (how far the true median may lie from the benchmark)
    kk, nn = np.nan_to_num(share * n), np.where(np.isfinite(n) & (n >= 1), n, 1)
    with np.errstate(invalid="ignore"):
        bounds = [np.expm1(sd * ndtri(betaincinv(kk + a, nn - kk + b, q))) for q in
                  (0.05, 0.95)]
    known = np.isfinite(p_below)
    at_risk = (status == PASSES) & (p_below >= AT_RISK)
    outlook = np.where(status == FAILS, "fails", np.where(
        at_risk, "at-risk", np.where(status == PASSES, "passes", "not-tested")))
    bands = np.array(list(RISK_BANDS), dtype=object)[np.searchsorted(
        RISK_EDGES, np.nan_to_num(p_below), side="right")]
    bands = np.where(np.isfinite(p_below), bands, "")
    return pd.DataFrame({
        "test_status": status, "test_benchmark": bench,
        "test_benchmark_kind": kind, "test_margin": margin, "test_margin_pct": margin_pct,
        "test_share_above": share, "test_share_estimated": judged & ~published_share
        & np.isfinite(share), "test_p_below": p_below, "test_needed_share": needed,
        "test_needed_margin_pct": needed_margin, "test_at_risk": at_risk,
        "test_margin_low_pct": np.where(known, bounds[0], np.nan),
        "test_margin_high_pct": np.where(known, bounds[1], np.nan),
        "test_outlook": outlook, "test_risk_band": bands,
        "payback_years": payback(levels, df["net_price"].to_numpy(float), margin),
    }, index=df.index)


def payback(levels: np.ndarray, net_price: np.ndarray, premium: np.ndarray) -> np.ndarray:
    """Years of the premium over the benchmark that repay the credential's total net price
    (the yearly net price times USUAL_YEARS); inf where the premium is not positive (never
    at this premium), NaN where unknown or for a graduate credential (the release's net
    price is for undergraduates)."""
    years = np.array([USUAL_YEARS.get(int(v), np.nan) if np.isfinite(v) else np.nan
                      for v in np.asarray(levels, float)])
    total = net_price * years
    undergraduate = np.isin(levels, list(UNDERGRADUATE))
    known = undergraduate & np.isfinite(total) & np.isfinite(premium)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(premium > 0, np.maximum(total, 0) / premium, np.inf)
    return np.where(known, out, np.nan)


def debt_rates(debt: float | None, earnings: float | None, level: int, rate_percent: float,
               poverty: float = POVERTY_GUIDELINE) -> dict | None:
    """The 2023 GE rule's debt-to-earnings rates: the annual payment (median debt amortised
    over GE_YEARS at `rate_percent`) over earnings (passes at 8% or less) and over
    discretionary earnings, above 150% of the poverty guideline (passes at 20% or less);
    a program passes when either passes. None when debt or earnings are unknown."""
    if debt is None or earnings is None or not math.isfinite(debt) \
            or not math.isfinite(earnings) or earnings <= 0:
        return None
    years = GE_YEARS.get(int(level), 10)
    annual = 12 * monthly_payment(debt, rate_percent, years)
    discretionary = earnings - 1.5 * poverty
    disc_rate = annual / discretionary if discretionary > 0 else None
    annual_rate = annual / earnings
    passes = annual_rate <= ANNUAL_LIMIT or (disc_rate is not None
                                             and disc_rate <= DISCRETIONARY_LIMIT)
    if annual == 0:
        passes = True
    return {"annual_payment": annual, "years": years, "rate": rate_percent,
            "annual_rate": annual_rate, "discretionary_earnings": discretionary,
            "discretionary_rate": disc_rate, "poverty_guideline": poverty,
            "passes": passes}


def scenario(predicted: float, low: float, high: float, level: float, benchmark: float | None
             ) -> dict | None:
    """The test for a program that does not exist yet: the probability that its median
    4 years out is at or below the benchmark, taking the prediction's calibrated range as
    a normal spread around it (half the range's width over the normal quantile of its
    level). None without a benchmark."""
    if benchmark is None or not math.isfinite(benchmark):
        return None
    z = NormalDist().inv_cdf((1 + level) / 2)  # 1.2816 for an 80% range
    sd = max((high - low) / 2 / z, 1.0)
    p_below = NormalDist(predicted, sd).cdf(benchmark)
    margin = predicted - benchmark
    return {"predicted": predicted, "benchmark": benchmark, "margin": margin,
            "margin_pct": margin / benchmark, "p_below": p_below,
            "p_pass": 1 - p_below, "status": PASSES if margin > 0 else FAILS,
            "safe_at": benchmark + NormalDist().inv_cdf(SAFE) * sd, "sd": sd}


def calibration(programs: int = 20_000, seed: int = 0, sd: float = SPREAD,
                spread_of_medians: float = 0.25, sizes: tuple[int, int] = (30, 300)
                ) -> dict:
    """Check the stated probability by simulation: programs whose true median is set
    (the benchmark times a log-normal factor), graduates' earnings drawn log-normal around
    it, the count above the benchmark read off the draws as a release does. Returns the
    reliability table (stated probability in tenths against how often the true median was
    at or below the benchmark) and the Brier score, beside that of always saying the base
    rate."""
    rng = np.random.default_rng(seed)
    bench = 30_000.0
    truth = bench * np.exp(rng.normal(0, spread_of_medians, programs))
    n = rng.integers(sizes[0], sizes[1] + 1, programs)
    group = np.repeat(np.arange(programs), n)
    logs = np.repeat(np.log(truth), n) + rng.normal(0, sd, int(n.sum()))
    above = np.bincount(group, weights=logs > np.log(bench), minlength=programs)
    stated = probability_below(above, n, *fit_prior(above, n))
    below = truth <= bench
    edges = np.linspace(0, 1, 11)
    which = np.clip(np.digitize(stated, edges) - 1, 0, 9)
    table = [{"stated": f"{edges[i]:.1f}-{edges[i + 1]:.1f}", "programs": int((which == i).sum()),
              "mean_stated": float(stated[which == i].mean()) if (which == i).any() else None,
              "observed": float(below[which == i].mean()) if (which == i).any() else None}
             for i in range(10)]
    base = float(below.mean())
    return {"table": table, "brier": float(np.mean((stated - below) ** 2)),
            "brier_base_rate": float(np.mean((base - below) ** 2)), "programs": programs,
            "base_rate": base}
