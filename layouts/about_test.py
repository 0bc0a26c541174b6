"""The About tab's section on the federal earnings test: the rule, the data, the method, and
the release's programs and graduates per status and credential."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from model import codes
from model import earnings_test as et

SOURCES = ("American University PEER Center, How Do College Programs Measure Up Against the "
           "One Big Beautiful Bill Act's New Accountability Standard? (October 2025); NAICU, "
           "Final Program-Level Accountability Regulations Released (2026-07-02); 34 CFR "
           "668.2 (earnings threshold) and 668.404; the 2023 rule, 88 FR 70004. Details and "
           "addresses: docs/earnings-test.md.")


def _counts_table(counts: dict) -> dbc.Table | None:
    if not counts:
        return None
    statuses = [s for s in et.STATUSES if any(s in c for c in counts.values())]
    head = html.Thead(html.Tr([html.Th("Credential", scope="col"),
                               *[html.Th(s.capitalize(), scope="col") for s in statuses]]))
    rows = []
    for level in sorted(counts, key=int):
        cells = []
        for s in statuses:
            found = counts[level].get(s)
            cells.append(html.Td("–" if not found else
                                 f"{found['programs']:,} ({found['graduates']:,.0f})"))
        rows.append(html.Tr([html.Th(codes.CREDLEV.get(int(level), level), scope="row"),
                             *cells]))
    return dbc.Table([head, html.Tbody(rows)], bordered=False, size="sm",
                     className="about-metrics w-auto small", id="about-test-counts")


def earnings_test_section(test: dict | None) -> list:
    """The section for the model's earnings test summary (ModelService.test_info())."""
    test = test or {}
    columns = test.get("columns") or []
    have = ", ".join(columns) if columns else "none of its columns"
    priors = "per credential" if test.get("priors") else "Jeffreys' (no fitted priors)"
    return [
        html.H3("The federal earnings test", className="h6 mt-3", id="about-test"),
        html.P("The rule: from the award year 2027-28 (the Department's final rule of "
               "2026-07-01, in force 2027-07-01), a program loses Direct Loan eligibility "
               "when, in 2 of 3 consecutive years, the median earnings of its federally aided "
               "completers, working and not enrolled, 4 years after completion, do not exceed "
               "what working adults aged 25-34 with only a high-school diploma earn in the "
               "institution's state (nationally when fewer than half of the program's "
               "students are from that state, or for a foreign institution). Associate and "
               "bachelor's degrees are held to the high-school benchmark; graduate "
               "programs to bachelor's degree holders, whose earnings the Scorecard does "
               "not publish (enter a figure under Program to apply one). Undergraduate "
               "certificates are outside the 2025 law's test; as gainful-employment "
               "programs the final rule holds them to the same earnings-premium measure "
               "under the GE regulations, so the page tests them too, labelled so.",
               className="small"),
        html.P(f"The data: EARN_MDN_4YR (the measure, never another horizon), "
               "EARN_COUNT_WNE_4YR (the graduates behind it), EARN_GT_THRESHOLD_4YR (how many "
               "earned more than a high-school graduate), EARN_THR_STATE and EARN_THR_NAT "
               f"(the benchmarks, first in the release of 2026-03-23 and recomputed on "
               f"2026-06-10 without people outside the labour force, so releases disagree). "
               f"This release has {have}; its benchmarks: {test.get('vintage') or 'unknown'}. "
               "The state benchmark is used where the release has one (the files do not say "
               "which programs draw half their students from out of state).",
               className="small"),
        html.P("How sure: the median is above the benchmark exactly when more than half of "
               "the graduates earn more than it. Of n graduates, k did; the program's true "
               "share above the benchmark is then Beta(a + k, b + n − k), with a and b fitted "
               f"to the spread of shares among programs of the same credential ({priors}), "
               "and the chance that its true median is at or below the benchmark is that "
               "distribution's probability below one half. A program is called at risk "
               f"when it passes but that chance is {et.AT_RISK:.0%} or more. The share a "
               f"program of its size needs to be {et.SAFE:.0%} sure is the smallest k / n "
               "with a chance of failing of 5% or less; in dollars, for log-normal earnings "
               "with the spread read off the release "
               f"({test.get('spread', et.SPREAD):.2f} in logs). Simulated programs whose "
               "true medians are known show these chances are calibrated "
               "(docs/earnings-test.md). Without a published count (a bachelor's benchmark), "
               "the share is estimated from the median. For a program that does not exist "
               "yet, the chance comes from the 4-year model's prediction and its calibrated "
               "range, taken as a normal spread. The law judges 2 of 3 years; a release "
               "holds one year, so one figure cannot say whether a program loses its loans.",
               className="small"),
        html.P("Payback: the years of the premium over the benchmark that repay the "
               "credential's total net price, the institution's yearly average net price "
               "(NPT4_PUB, NPT4_PRIV or NPT4_PROG) times its usual length (certificate 1 "
               "year, associate 2, bachelor's 4); \"never\" where the premium is not "
               "positive. Debt-to-earnings: the 2023 gainful-employment rule's rates, the "
               "median debt's yearly payment (amortised over 10, 15 or 20 years by "
               "credential) over earnings (passing at 8%) and over earnings above 150% of "
               f"the poverty guideline (${test.get('poverty_guideline', et.POVERTY_GUIDELINE):,.0f}"
               ", setting POVERTY_GUIDELINE; passing at 20%); the final rule of 2026-07-01 "
               "replaced them with the earnings test, so they are shown for reference.",
               className="small"),
        html.P("Programs (and graduates behind the 4-year median) per status:",
               className="small mb-1"),
        _counts_table(test.get("counts") or {}),
        html.P(["Sources: ", SOURCES], className="small text-muted"),
    ]
