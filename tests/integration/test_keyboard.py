"""The page with the keyboard alone: from the top, change the credential, pin a scenario,
switch to Explore with the arrow keys, add a filter, and download a chart as PNG."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from layouts import ids

pytestmark = pytest.mark.browser
VALUE = re.compile(r"^\$[\d,]+$")


def _focused(page: Page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.className")


def _option(page: Page) -> str:
    """The text of the dropdown option that has the focus ('' when none has)."""
    return page.evaluate("() => { const o = document.activeElement.closest('[role=option]');"
                         " return o ? o.textContent.trim() : ''; }")


def choose(page: Page, dropdown_id: str, text: str, limit: int = 40) -> None:
    """Open a dropdown that has the focus with Enter, press the down arrow until the option
    that starts with `text` has the focus, choose it with Enter; a single choice closes
    the list."""
    button = page.locator(f"#{dropdown_id}")
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("option", name=re.compile("^" + re.escape(text)))
           .first).to_be_visible()
    for _ in range(limit):
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(50)  # the list moves the focus after the key
        if _option(page).startswith(text):
            page.keyboard.press("Enter")
            return
    raise AssertionError(f"option {text!r} not reached with the arrow keys")


def tab_to(page: Page, element_id: str, limit: int = 80) -> int:
    """Press Tab until `element_id` has the focus; how many presses it took."""
    seen = []
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        seen.append(_focused(page))
        if seen[-1] == element_id:
            return presses
    raise AssertionError(f"#{element_id} not reached in {limit} presses of Tab: {seen[:30]}")


def test_everything_with_the_keyboard_alone(page: Page, live_server):
    page.goto(live_server + "/")
    value = page.locator("#predict-value")
    expect(value).to_have_text(VALUE, timeout=20_000)
    page.wait_for_load_state("networkidle")
    # each dropdown's button has taken its tab stop from Dash's hidden input (assets/a11y.js;
    # the page stays inert until every dropdown is drawn: `python -m bench.keyboard` loads it
    # 50 times and counts the loads that keep every dropdown in the tab order)
    for dropdown in (ids.CREDENTIAL, ids.FIELD):
        expect(page.locator(f"#{dropdown}")).to_have_attribute("tabindex", "0",
                                                               timeout=10_000)
    page.keyboard.press("Tab")  # the first stop is the skip link, shown when focused
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()

    # the credential: open its list, move to Master's degree, choose it
    tab_to(page, ids.CREDENTIAL)
    before = value.text_content()
    choose(page, ids.CREDENTIAL, "Master's degree")
    expect(page.locator(f"#{ids.CREDENTIAL}")).to_have_attribute("aria-expanded", "false")
    expect(page.locator(f"#{ids.CREDENTIAL}")).to_be_focused()
    expect(page.locator(f"#{ids.DISTRIBUTION} .gtitle")).to_have_text(
        "Earnings of Master's degree programs")
    expect(value).not_to_have_text(before)
    expect(page.locator(f"#{ids.ANNOUNCE}")).to_contain_text(
        f"{value.text_content()}, 80% range")

    # pin it; tabbing through the number boxes on the way changes none of them (a value off
    # the box's step was invalid to the browser, and the box then sent no value)
    tab_to(page, ids.PIN)
    expect(page.locator(f"#{ids.MESSAGE}")).to_be_empty()
    assert "none" not in page.url
    page.keyboard.press("Enter")
    expect(page.locator(f"#{ids.COMPARE}")).to_contain_text("Pinned scenarios (1 of 4)")

    # back to the tabs (Shift+Tab), then the arrow key selects Explore
    for _ in range(60):
        if _focused(page) == ids.tab("predict"):
            break
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Explore")).to_be_focused()
    expect(page.get_by_role("tab", name="Explore")).to_have_attribute("aria-selected", "true")
    expect(page.locator(f"#{ids.panel('explore')}")).to_be_visible()
    expect(page.locator(f"#{ids.panel('predict')}")).to_be_hidden()

    # a filter: Control, Public
    tab_to(page, ids.EXPLORE_CONTROL)
    choose(page, ids.EXPLORE_CONTROL, "Public")
    page.keyboard.press("Escape")  # a multiple choice stays open until Escape
    expect(page.locator(f"#{ids.EXPLORE_CONTROL}")).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".explore-chip", has_text="Control: Public")).to_be_visible(
        timeout=10_000)

    # a chart's Download menu, then PNG
    menu = page.locator(".card:has(#explore-scatter) .export-menu .dropdown-toggle")
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('dropdown-toggle')"):
            break
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    png = page.locator(".card:has(#explore-scatter)").get_by_role("button", name="PNG image")
    expect(png).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(png).to_be_focused()
    with page.expect_download(timeout=60_000) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".png")


def test_the_institution_tab_with_the_keyboard_alone(page: Page, live_server, service):
    counts = service.explorer.df["UNITID"].astype("string").value_counts()
    first, second = (service.institution(str(u)) for u in counts.index[:2])
    page.goto(f"{live_server}/?tab=institution&inst={first['unitid']}")
    count = page.locator(f"#{ids.PROFILE_COUNT}")
    expect(count).to_have_text(f"{counts.iloc[0]:,} programs", timeout=20_000)
    page.wait_for_load_state("networkidle")
    page.locator(f"#{ids.tab('institution')}").focus()
    # another institution, chosen by typing part of its name and the arrow keys
    tab_to(page, ids.PROFILE_PICKER)
    page.keyboard.press("Enter")
    page.keyboard.type(second["name"][:20])
    expect(page.get_by_role("option", name=second["label"]).first).to_be_visible()
    for _ in range(20):
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(50)
        if _option(page) == second["label"]:
            break
    page.keyboard.press("Enter")
    expect(count).to_have_text(f"{counts.iloc[1]:,} programs", timeout=20_000)
    expect(page.locator(f"#{ids.PROFILE_BODY}")).to_contain_text(second["name"])
    # every action is a tab stop, in reading order
    for stop in (ids.PROFILE_PEERS, ids.PROFILE_REPORT, ids.PROFILE_CSV, ids.PROFILE_EXPLORE,
                 ids.PROFILE_FILTER, ids.PROFILE_PREDICT):
        tab_to(page, stop, limit=20)
    page.locator(f"#{ids.PROFILE_FILTER}").focus()
    page.keyboard.type("zzzz-no-such-program")
    expect(page.locator(f"#{ids.PROFILE_TABLE} .ag-center-cols-container .ag-row")
           ).to_have_count(0)
