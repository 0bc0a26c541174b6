"""WCAG 2.1 AA in the browser: axe-core finds nothing on each tab, in its default state and
after the interactions people make, at desktop and phone widths."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from layouts import ids

from .a11y import violations

pytestmark = pytest.mark.browser
VALUE = re.compile(r"^\$[\d,]+$")


def _open(page: Page, url: str) -> Page:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # the dropdowns' focus fix runs on the drawn page
    return page


def _predict(page: Page, url: str) -> Page:
    _open(page, url)
    expect(page.locator("#predict-value")).to_have_text(VALUE, timeout=20_000)
    return page


def _credential(page: Page):
    page.locator(f"#{ids.CREDENTIAL}").click()
    page.locator(".dash-dropdown-option", has_text="Master's degree").first.click()
    expect(page.locator(f"#{ids.DISTRIBUTION} .gtitle")).to_have_text(
        "Earnings of Master's degree programs")


def _two_pins(page: Page):
    page.locator(f"#{ids.PIN}").click()
    page.locator(f"#{ids.TUITION}").fill("30000")
    page.locator(f"#{ids.TUITION}").press("Enter")
    page.wait_for_load_state("networkidle")
    page.locator(f"#{ids.PIN}").click()
    expect(page.locator(f"#{ids.COMPARE}")).to_contain_text("Pinned scenarios (2 of 4)")
    expect(page.locator(f"#{ids.COMPARE_CHART} .main-svg").first).to_be_visible()


def _download_menu(page: Page):
    page.locator(".export-menu .dropdown-toggle").first.click()
    expect(page.locator(".export-menu .dropdown-menu.show")).to_be_visible()


def _invalid_input(page: Page):
    page.locator(f"#{ids.TUITION}").fill("")
    page.locator(f"#{ids.TUITION}").press("Enter")
    message = page.locator(f"#{ids.MESSAGE}")
    expect(message).to_contain_text("Tuition")
    expect(message).to_have_attribute("role", "alert")  # announced as it appears
    assert "alert" in message.aria_snapshot()


def _tables_open(page: Page):
    shown = page.locator("[role=tabpanel]:not([hidden]) summary", has_text="Show as table")
    expect(shown.first).to_be_visible(timeout=20_000)
    for summary in shown.all():
        summary.click()
    expect(page.locator("[role=tabpanel]:not([hidden]) .chart-data table").first).to_be_visible()


def _filter_chip(page: Page):
    expect(page.locator(".explore-chip").first).to_be_visible(timeout=20_000)


STATES = {  # name: (width, link, what is done there)
    "predict": (1280, "/", None),
    "explore": (1280, "/?tab=explore", None),
    "about": (1280, "/?tab=about", None),
    "credential change": (1280, "/", _credential),
    "two pinned scenarios": (1280, "/", _two_pins),
    "explorer filter chip": (1280, "/?tab=explore&f.credential=3&f.control=1", _filter_chip),
    "download menu open": (1280, "/", _download_menu),
    "charts as tables": (1280, "/", _tables_open),
    "explorer charts as tables": (1280, "/?tab=explore", _tables_open),
    "invalid input": (1280, "/", _invalid_input),
    "phone predict": (390, "/", None),
    "phone explore": (390, "/?tab=explore&f.credential=3", _filter_chip),
    "phone about": (390, "/?tab=about", None),
}


@pytest.mark.parametrize("state", list(STATES))
def test_axe_finds_no_wcag_violation(page: Page, live_server, state):
    width, link, action = STATES[state]
    page.set_viewport_size({"width": width, "height": 900})
    if "tab=" in link:
        _open(page, live_server + link)
    else:
        _predict(page, live_server + link)
    if action:
        action(page)
        page.wait_for_load_state("networkidle")
    assert violations(page) == []


WATCH = """() => { window.__said = [];
  const region = document.getElementById('%s');
  new MutationObserver(() => window.__said.push(region.textContent))
    .observe(region, {childList: true, subtree: true, characterData: true}); }""" % ids.ANNOUNCE


def _said(page: Page) -> list[str]:
    return list(dict.fromkeys(t for t in page.evaluate("window.__said") if t))


def test_a_prediction_change_is_announced_once(page: Page, live_server):
    """A screen reader hears the new prediction once per change: a polite status region
    with one sentence, not the whole card, and nothing per keystroke while typing."""
    _predict(page, live_server + "/")
    region = page.locator(f"#{ids.ANNOUNCE}")
    expect(region).to_have_attribute("aria-live", "polite")
    page.evaluate(WATCH)
    _credential(page)
    page.wait_for_load_state("networkidle")
    value = page.locator("#predict-value").text_content()
    said = _said(page)
    assert len(said) == 1 and said[0].startswith("Predicted median earnings")
    assert f": {value}, 80% range" in said[0] and "master's degree programs" in said[0]
    snapshot = region.aria_snapshot()
    assert snapshot.startswith("- status:") and value in snapshot, snapshot

    page.evaluate(WATCH)  # typing a tuition: said once, when the box is left
    box = page.locator(f"#{ids.TUITION}")
    box.fill("")
    box.press_sequentially("31500", delay=60)
    page.wait_for_timeout(600)
    assert _said(page) == []  # nothing while typing
    box.press("Tab")
    expect(page.locator("#predict-value")).not_to_have_text(value)
    page.wait_for_load_state("networkidle")
    said = _said(page)
    assert len(said) == 1 and page.locator("#predict-value").text_content() in said[0]
