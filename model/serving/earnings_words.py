"""The federal earnings test in sentences: one wording for the card, the API, the MCP tools
and the report (model.earnings_test computes the figures)."""

from __future__ import annotations

import math

from model import earnings_test as et
from model.codes import money, signed_money

TWO_OF_THREE = "The law judges 2 of 3 years; a release holds one."
DE_STATUS = (f"Debt-to-earnings ({et.GE_2023}; the {et.RULE} replaced it with the earnings "
             "test, so this is for reference)")


def chance(p: float) -> str:
    """A probability in words: 'under 1%', '37%', 'over 99%'."""
    if p < 0.005:
        return "under 1%"
    if p > 0.995:
        return "over 99%"
    return f"{p:.0%}"


def _benchmark(test: dict) -> str:
    kind = test.get("benchmark_kind") or ""
    state = test.get("state")
    where = {"state": f"{state}'s high-school" if state else "the state's high-school",
             "national": "the national high-school",
             "bachelor's (entered)": "the entered bachelor's"}.get(kind, kind)
    return f"{where} benchmark of {money(test['benchmark'])}"


def program(test: dict) -> list[str]:
    """A real program's test: status, margin, how sure, what would make it safe."""
    status = test["status"]
    if status not in (et.PASSES, et.FAILS):
        extra = {et.GRADUATE: " Enter a bachelor's benchmark to apply one.",
                 et.NO_BENCHMARK: " (It was added to the files on 2026-03-23.)"}
        return [f"{et.STATUS_WORDS[status]}: not tested.{extra.get(status, '')}"]
    pct = test["margin_pct"]
    lines = [f"{'Passes' if status == et.PASSES else 'Fails'}: a 4-year median of "
             f"{money(test['earnings'])} against {_benchmark(test)}, "
             f"{signed_money(test['margin'])} ({pct:+.0%})."]
    if test.get("p_below") is not None and test.get("graduates"):
        n = int(test["graduates"])
        how = (f"An estimated {test['share_above']:.0%} of its {n:,} graduates"
               if test.get("share_estimated") else
               f"{int(round(test['share_above'] * n)):,} of its {n:,} graduates "
               f"({test['share_above']:.0%})")
        line = (f"{how} earned more than the benchmark: the chance that its true median is "
                f"at or below it is {chance(test['p_below'])}")
        if status == et.FAILS:
            line += f", that it truly passes {chance(1 - test['p_below'])}"
        lines.append(line + ".")
        if (status == et.FAILS) == (test["p_below"] < 0.5) and not test.get("share_estimated"):
            lines.append(_against_the_odds(test, status))
        if test.get("at_risk"):
            lines.append(f"At risk: it passes, but its chance of failing is "
                         f"{et.AT_RISK:.0%} or more.")
        if test.get("needed_share") is not None:
            lines.append(f"To be {et.SAFE:.0%} sure of passing with {n:,} graduates, "
                         f"{test['needed_share']:.0%} of them must earn more than the "
                         "benchmark (a median about "
                         f"{test['needed_margin_pct']:.0%} above it).")
    lines.append(TWO_OF_THREE)
    return lines


def _against_the_odds(test: dict, status: str) -> str:
    """Why the chance leans the other way than the published median: few graduates, and
    the credential's programs mostly on the other side (the prior of the method)."""
    kind = (test.get("credential") or "such").lower()
    if status == et.FAILS:
        return (f"It fails on the published median, but that rests on few graduates and "
                f"most {kind} programs clear the benchmark, so its true median more likely "
                "than not exceeds it.")
    return (f"It passes on the published median, but that rests on few graduates and most "
            f"{kind} programs fall short of the benchmark, so its true median more likely "
            "than not does not exceed it.")


def payback(test: dict) -> str | None:
    """'Payback: 5.0 years of the premium repay the total net price of $24,900 (2 years at
    $12,450 a year).'"""
    price, years = test.get("net_price"), test.get("usual_years")
    if price is None or years is None:
        return None
    total = (f"the total net price, {money(price * years)} ({years} year"
             f"{'s' if years != 1 else ''} at {money(price)} a year)")
    if test.get("payback_never"):
        return f"Payback of {total}: never at this premium."
    if test.get("payback_years") is None:
        return None
    return (f"Payback of {total}: {test['payback_years']:.1f} years of the premium over "
            "the benchmark.")


def debt_rates(rates: dict | None) -> str | None:
    """The 2023 GE rule's two rates and whether they would pass."""
    if not rates:
        return None
    disc = rates.get("discretionary_rate")
    disc_words = (f"{disc:.1%} of discretionary earnings (limit "
                  f"{et.DISCRETIONARY_LIMIT:.0%})" if disc is not None else
                  "no discretionary earnings (earnings under 150% of the "
                  f"{money(rates['poverty_guideline'])} poverty guideline)")
    return (f"{DE_STATUS}: a {money(rates['annual_payment'])} yearly payment ("
            f"{rates['years']} years at {rates['rate']:.2f}%) is {rates['annual_rate']:.1%} "
            f"of earnings (limit {et.ANNUAL_LIMIT:.0%}) and {disc_words}: would "
            f"{'pass' if rates['passes'] else 'fail'}.")


def scenario(test: dict) -> list[str]:
    """A program that does not exist yet: would a program like it pass?"""
    if not test.get("available"):
        return [test.get("reason") or "Not available."]
    lines = [f"Predicted 4-year median {money(test['predicted'])} against "
             f"{_benchmark(test)}: {signed_money(test['margin'])} "
             f"({test['margin_pct']:+.0%})."]
    lines.append(f"Chance of passing: {chance(test['p_pass'])} (from the model's "
                 f"{test['level']:.0%} range, {money(test['low'])} to "
                 f"{money(test['high'])}, for a program of typical size).")
    if math.isfinite(test.get("safe_at", math.nan)):
        lines.append(f"A predicted median of {money(test['safe_at'])} or more would be "
                     f"{et.SAFE:.0%} sure.")
    if test.get("benchmark_kind") == "national":
        lines.append("The national benchmark applies: choose an institution to use its "
                     "state's.")
    lines.append(TWO_OF_THREE)
    return lines


def rule_note(info: dict) -> str:
    """The rule, the data and the benchmarks' vintage behind a view's earnings-test figures
    (`info`: ModelService.test_info())."""
    vintage = info.get("vintage") or "none in this release"
    return (f"Earnings test: {info['rule']} ({info['final_rule']}), on 4-year earnings "
            "(EARN_MDN_4YR) against the high-school benchmark (graduate programs: a "
            "bachelor's benchmark, when one is entered under Predict); at risk: passes with "
            f"a {info['at_risk']:.0%} or greater chance of failing. Benchmarks: {vintage}. "
            "The method is in the About tab.")
