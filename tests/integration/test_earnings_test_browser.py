"""The federal earnings test in Chromium, on the real extract in the official layout with
the test's columns filled (tests.official_layout): a real program's card, the explorer's
at-risk view, and the link that reopens it; axe finds nothing on either."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from layouts import ids
from model.serving import links
from model.serving.service import ModelService

from .a11y import violations

pytestmark = [pytest.mark.browser, pytest.mark.real_data]


def _program_link(service: ModelService, outlook: str) -> tuple[str, dict]:
    """The predictor's link for the largest real program of an outlook, and its test."""
    df = service.explorer.df
    rows = df[(df["test_outlook"] == outlook) & df["tuition"].notna()]
    row = rows.sort_values("test_count", ascending=False).iloc[0]
    s = service.program_scenario({"unitid": str(row["UNITID"]), "cipcode": str(row["CIPCODE"]),
                                  "credential_code": int(row["CREDLEV"])})
    program = next(p for p in service.real_programs(str(row["UNITID"]), s)
                   if p["cipcode"] == str(row["CIPCODE"]))
    state = links.PageState(inputs=s.as_dict(), institution=str(row["UNITID"]))
    return links.serialize(service, state), program["test"]


@pytest.mark.parametrize("outlook", ["at-risk", "fails"])
def test_etb001_a_real_programs_card_says_its_test(page: Page, test_site, outlook):
    url, service = test_site
    link, test = _program_link(service, outlook)
    page.goto(f"{url}/{link}")
    real = page.locator("#predict-test-real")
    expect(real).to_contain_text("Federal earnings test:", timeout=20_000)
    page.wait_for_load_state("networkidle")  # the card is drawn again as the page settles:
    # each check waits for what it reads, rather than reading the card once mid-redraw
    badge = "⚠ At risk" if outlook == "at-risk" else "✗ Fails"
    n = int(test["graduates"])
    for words in (badge, test["sentences"][0],  # its status, median, benchmark and margin
                  f"of its {n:,} graduates",
                  "The law judges 2 of 3 years; a release holds one.",
                  "release of 2026-06-10"):  # the benchmarks' vintage
        expect(real).to_contain_text(words)
    scenario = page.locator("#predict-test")
    expect(scenario).to_contain_text("Chance of passing:")
    expect(scenario).to_contain_text(f"{test['state']}'s high-school benchmark")
    assert violations(page) == []


def test_etb002_the_at_risk_view_and_its_link(page: Page, test_site, browser):
    url, service = test_site
    expected = service.explore(service.parse_filters({"test": ["at-risk"]}).filters)
    n = expected["summary"]["n"]
    assert n > 0
    page.goto(f"{url}/?tab=explore")
    expect(page.locator(f"#{ids.EXPLORE_COUNT}")).not_to_have_text("", timeout=20_000)
    page.locator(f"#{ids.EXPLORE_AT_RISK}").click()
    expect(page.locator(f"#{ids.EXPLORE_COUNT}")).to_have_text(f"{n:,}", timeout=20_000)
    expect(page.locator(f"#{ids.EXPLORE_CHIPS}")).to_contain_text("Earnings test: At risk")
    page.wait_for_function("() => location.search.includes('f.test=at-risk')")
    link = page.url
    chart = page.locator(f"#{ids.EXPLORE_TESTS}")
    expect(chart).to_contain_text("Federal earnings test by field")
    assert violations(page) == []
    again = browser.new_context().new_page()  # the link, opened afresh
    try:
        again.goto(link)
        expect(again.locator(f"#{ids.EXPLORE_COUNT}")).to_have_text(f"{n:,}", timeout=20_000)
        expect(again.locator(f"#{ids.EXPLORE_CHIPS}")).to_contain_text("Earnings test: At risk")
        caption = again.locator(f"#{ids.caption(ids.EXPLORE_TESTS)}")
        expect(caption).to_contain_text(f"{expected['tests']['total']['at-risk']:,} pass but "
                                        "are at risk")
    finally:
        again.context.close()
