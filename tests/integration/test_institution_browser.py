"""One institution, all its programs, in Chromium, on the real extract in the official
layout (issue 29): pick an institution, see its programs and figures as the release has
them, open the link in a new page, download the report; a one-program institution; from
an explorer row and back; by keyboard; axe finds nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from layouts import ids

from .a11y import violations

pytestmark = [pytest.mark.browser, pytest.mark.real_data]


def _by_size(service) -> list[str]:
    """UNITIDs, the institution with the most programs first."""
    counts = service.explorer.df["UNITID"].astype("string").value_counts()
    return [str(u) for u in counts.index]


def _drawn(page: Page, profile: dict) -> None:
    n = len(profile["programs"])
    expect(page.locator(f"#{ids.PROFILE_COUNT}")).to_have_text(
        f"{n:,} program{'s' if n != 1 else ''}", timeout=30_000)
    page.wait_for_load_state("networkidle")


def test_ib001_pick_an_institution_see_its_programs_share_and_report(page: Page, test_site,
                                                                     browser):
    url, service = test_site
    unitid = _by_size(service)[0]
    profile = service.institution_profile(unitid)
    inst, summary = profile["institution"], profile["summary"]
    page.goto(f"{url}/?tab=institution")
    expect(page.locator(f"#{ids.PROFILE_INTRO}")).to_be_visible(timeout=20_000)
    page.locator(f"#{ids.PROFILE_PICKER}").click()
    page.locator(".dash-dropdown-search").fill(inst["name"][:20])
    page.locator(".dash-dropdown-option", has_text=inst["label"]).first.click()
    _drawn(page, profile)
    body = page.locator(f"#{ids.PROFILE_BODY}")
    for words in (inst["name"], f"{summary['programs']:,} programs in the release",
                  f"{summary['published']:,} with published earnings",
                  f"{summary['suppressed']:,} suppressed for privacy (PS)",
                  f"{summary['not_available']:,} not available (NA)",
                  f"{summary['passes']:,} pass, {summary['at_risk']:,} pass but at risk, "
                  f"{summary['fails']:,} fail", "Pub. L. 119-21", "release of 2026-06-10"):
        expect(body).to_contain_text(words)
    # the grid's first row is the program with the most graduates, with its own figures
    first = profile["programs"][0]
    row = page.locator(f"#{ids.PROFILE_TABLE} .ag-center-cols-container .ag-row[row-index='0']")
    expect(row).to_contain_text(first["program"][:20])
    expect(row).to_contain_text(f"${first['earnings']:,.0f}")
    expect(page.locator(f"#{ids.caption(ids.PROFILE_ACTUAL)}")).to_contain_text(
        f"of {summary['published']:,} programs with published earnings")
    expect(page.locator(f"#{ids.PROFILE_PEERS_TABLE}")).to_contain_text(profile["peer_rule"])
    assert violations(page) == []
    # a peer chosen by hand: the table says so, the link carries it
    peer = service.institution(profile["peers"][-1]["unitid"])
    page.locator(f"#{ids.PROFILE_PEERS}").click()
    page.locator(".dash-dropdown-search").fill(peer["name"][:20])
    page.locator(".dash-dropdown-option", has_text=peer["label"]).first.click()
    page.keyboard.press("Escape")
    expect(page.locator(f"#{ids.PROFILE_PEERS_TABLE}")).to_contain_text("Chosen by hand.",
                                                                        timeout=20_000)
    page.wait_for_function(f"() => location.search.includes('inst={unitid}')"
                           " && location.search.includes('tab=institution')"
                           f" && location.search.includes('peers={peer['unitid']}')")
    again = browser.new_context().new_page()  # the link, opened afresh
    try:
        again.goto(page.url)
        _drawn(again, profile)
        expect(again.locator(f"#{ids.PROFILE_BODY}")).to_contain_text(inst["name"])
        expect(again.locator(f"#{ids.PROFILE_PEERS_TABLE}")).to_contain_text(peer["label"])
    finally:
        again.context.close()
    with page.expect_download(timeout=120_000) as download:
        page.locator(f"#{ids.PROFILE_REPORT}").click()
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"%PDF") and download.value.suggested_filename.endswith(".pdf")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 4, pages  # cover, the programs, the charts, methods


def test_ib002_a_one_program_institution_and_a_row_to_the_predictor(page: Page, test_site):
    url, service = test_site
    unitid = _by_size(service)[-1]
    profile = service.institution_profile(unitid)
    assert len(profile["programs"]) == 1
    page.goto(f"{url}/?tab=institution&inst={unitid}")
    _drawn(page, profile)
    program = profile["programs"][0]
    if program["status"] != "published":  # nothing to draw says so, in words
        expect(page.locator(f"#{ids.caption(ids.PROFILE_ACTUAL)}")).to_have_text(
            "No program has published earnings.")
    assert violations(page) == []
    # by keyboard: the row selected with the space bar, the button pressed with Enter
    cell = page.locator(f"#{ids.PROFILE_TABLE} .ag-row[row-index='0'] .ag-cell").first
    cell.focus()
    page.keyboard.press("Space")
    page.locator(f"#{ids.PROFILE_PREDICT}").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#{ids.tab('predict')}")).to_have_attribute("aria-selected", "true",
                                                                      timeout=20_000)
    expect(page.locator(f"#{ids.INSTITUTION_NOTE}")).to_contain_text(
        f"Filled from {program['institution']}'s {program['program']}")


def test_ib003_from_an_explorer_row_to_its_institution_and_back(page: Page, test_site):
    url, service = test_site
    unitid = _by_size(service)[1]
    profile = service.institution_profile(unitid)
    published = profile["summary"]["published"]
    page.goto(f"{url}/?tab=explore&f.institution={unitid}")
    expect(page.locator(f"#{ids.EXPLORE_TABLE_COUNT}")).to_have_text(
        f"{published:,} program{'s' if published != 1 else ''}", timeout=30_000)
    expect(page.locator(f"#{ids.EXPLORE_CHIPS}")).to_contain_text("Institution:")
    page.locator(f"#{ids.EXPLORE_TABLE} .ag-row[row-index='0'] .ag-cell").first.click()
    page.locator(f"#{ids.EXPLORE_OPEN}").click()
    expect(page.locator(f"#{ids.tab('institution')}")).to_have_attribute(
        "aria-selected", "true", timeout=20_000)
    _drawn(page, profile)
    page.locator(f"#{ids.PROFILE_EXPLORE}").click()
    expect(page.locator(f"#{ids.tab('explore')}")).to_have_attribute("aria-selected", "true",
                                                                      timeout=20_000)
    expect(page.locator(f"#{ids.EXPLORE_TABLE_COUNT}")).to_have_text(
        f"{published:,} program{'s' if published != 1 else ''}", timeout=30_000)
    assert violations(page) == []


def _odd_institutions(service) -> dict[str, str]:
    """A row without a UNITID (named for its institution by cleaning) and a foreign one."""
    df = service.explorer.df
    ids_ = df["UNITID"].astype("string")
    return {"no UNITID": str(next(i for i in ids_ if i.startswith("name:"))),
            "foreign": str(ids_[df["CONTROL"] == 4].iloc[0])}


@pytest.mark.parametrize("kind", ["no UNITID", "foreign"])
def test_ib004_odd_institutions_have_a_view_a_link_an_api_answer_and_a_csv(
        page: Page, test_site, kind):
    import json
    import urllib.parse
    import urllib.request

    from model.serving import links

    url, service = test_site
    unitid = _odd_institutions(service)[kind]
    profile = service.institution_profile(unitid)
    state = links.parse(service, "?" + urllib.parse.urlencode(
        {"tab": "institution", "inst": unitid}))
    assert not state.problems and state.institution == unitid
    page.goto(f"{url}/{links.serialize(service, state)}")
    _drawn(page, profile)
    expect(page.locator(f"#{ids.PROFILE_BODY}")).to_contain_text(
        profile["institution"]["name"])
    assert violations(page) == []
    quoted = urllib.parse.quote(unitid, safe="")
    with urllib.request.urlopen(f"{url}/api/v1/institutions/{quoted}") as response:
        answer = json.loads(response.read())
    assert answer["summary"] == profile["summary"]
    with urllib.request.urlopen(f"{url}/api/v1/institutions/{quoted}/programs.csv") as response:
        text = response.read().decode("utf-8-sig")
    assert len(text.strip().splitlines()) == len(profile["programs"]) + 1
