"""What a person sees, in headless Chromium against the real gunicorn."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from layouts import ids

pytestmark = pytest.mark.browser


@pytest.fixture
def page(page: Page, live_server) -> Page:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    page.console_errors = errors
    page.goto(live_server + "/")
    expect(page.locator("#predict-value")).to_have_text(re.compile(r"^\$[\d,]+$"),
                                                        timeout=20_000)
    page.wait_for_load_state("networkidle")  # every first callback has answered
    return page


def choose(page: Page, dropdown_id: str, option_text: str) -> None:
    """Pick an option of a Dash dropdown by its visible text."""
    page.locator(f"#{dropdown_id}").click()
    page.locator(".dash-dropdown-option", has_text=option_text).first.click()


def test_page_loads_styled_without_console_errors(page: Page):
    navbar_bg = page.locator(".navbar").evaluate("e => getComputedStyle(e).backgroundColor")
    assert navbar_bg == "rgb(33, 37, 41)"  # Bootstrap's bg-dark: the local CSS applied
    expect(page.locator(f"#{ids.DEMO_BANNER}")).to_contain_text("Demo data")
    expect(page.locator(f"#{ids.DISTRIBUTION} .main-svg").first).to_be_visible()
    expect(page.locator(f"#{ids.BREAKDOWN} .main-svg").first).to_be_visible()
    page.wait_for_timeout(500)
    assert page.console_errors == []


def _state(page: Page) -> tuple[str, str, str]:
    return (page.locator("#predict-value").text_content(),
            page.locator(f"#{ids.DISTRIBUTION} .gtitle").text_content(),
            " ".join(page.locator(f"#{ids.BREAKDOWN} .waterfalllayer text").all_text_contents()))


def test_changing_credential_changes_prediction_and_charts(page: Page):
    before = _state(page)
    choose(page, ids.CREDENTIAL, "Master's degree")
    expect(page.locator(f"#{ids.DISTRIBUTION} .gtitle")).to_have_text(
        "Earnings of Master's degree programs")
    expect(page.locator("#predict-value")).not_to_have_text(before[0])
    new_value = page.locator("#predict-value").text_content()
    expect(page.locator(f"#{ids.BREAKDOWN} .waterfalllayer text").last).to_have_text(new_value)
    assert _state(page)[2] != before[2]
    assert "master's degree programs" in page.locator("#predict-percentile").text_content()


def test_changing_field_changes_prediction_and_chart(page: Page):
    before = page.locator("#predict-value").text_content()
    choose(page, ids.FIELD, "Engineering")
    expect(page.locator("#predict-value")).not_to_have_text(before)
    expect(page.locator(f"#{ids.DISTRIBUTION} .legend")).to_contain_text("Engineering")


def test_institution_picker_fills_the_inputs(page: Page, service):
    inst = next(service.institution(o["value"]) for o in
                service.search_institutions("university", limit=50)
                if (service.institution(o["value"])["tuition"] or 0) > 0)
    page.locator(f"#{ids.INSTITUTION}").click()
    page.locator(".dash-dropdown-search").fill(inst["name"][:18])  # waits for the popover
    page.locator(".dash-dropdown-option", has_text=inst["name"]).first.click()
    expect(page.locator(f"#{ids.INSTITUTION_NOTE}")).to_contain_text(f"Filled from {inst['name']}")
    expect(page.locator(f"#{ids.TUITION}")).to_have_value(str(round(inst["tuition"])))
    region = dict((o["value"], o["label"]) for o in service.options()["region"])
    expect(page.locator(f"#{ids.REGION}")).to_contain_text(region[inst["region"]])


def test_impossible_input_shows_a_message(page: Page):
    page.locator(f"#{ids.SAT}").fill("2400")
    page.locator(f"#{ids.SAT}").press("Enter")
    expect(page.locator(f"#{ids.MESSAGE}")).to_contain_text("Average SAT: 2400 is outside")
    assert page.console_errors == []


def test_phone_width_has_no_horizontal_scroll(page: Page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/")
    expect(page.locator("#predict-value")).to_be_visible(timeout=20_000)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_api_docs_page_works_offline(page: Page, live_server):
    docs = page.context.new_page()  # a page of its own: nothing of the dashboard in flight
    problems: list[str] = []
    docs.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    docs.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    docs.goto(live_server + "/api/v1/docs")
    expect(docs.locator(".swagger-ui .title")).to_contain_text("College Earnings API",
                                                               timeout=20_000)
    expect(docs.locator(".opblock-summary-path", has_text="/predict/batch")).to_be_visible()
    assert problems == []


def test_downloads_from_the_modebar_menu_and_report(page: Page, tmp_path):
    """PNG/SVG on every chart's toolbar and the panel menu's PDF save files named for what
    they show; the report button saves the one-page PDF."""
    choose(page, ids.CREDENTIAL, "Master's degree")
    expect(page.locator(f"#{ids.DISTRIBUTION} .gtitle")).to_have_text(
        "Earnings of Master's degree programs")
    chart = page.locator(f"#{ids.DISTRIBUTION}")
    chart.hover()
    titles = chart.locator(".modebar-btn").evaluate_all(
        "els => els.map(e => e.getAttribute('data-title'))")
    assert "Download as PNG (2x)" in titles and "Download as SVG" in titles
    assert "Download plot as a png" not in titles  # plotly's one-format button gives way
    with page.expect_download() as svg:
        chart.locator(".modebar-btn[data-title='Download as SVG']").click()
    assert re.fullmatch(r"earnings-distribution-masters-degree-[a-z0-9-]+\.svg",
                        svg.value.suggested_filename)
    assert svg.value.path().read_text().lstrip().startswith("<svg")

    menu = page.locator(".export-menu").first
    menu.locator(".dropdown-toggle").click()
    with page.expect_download(timeout=30_000) as pdf:
        menu.get_by_text("PDF", exact=True).click()
    assert pdf.value.suggested_filename == svg.value.suggested_filename[:-4] + ".pdf"
    saved = tmp_path / pdf.value.suggested_filename
    pdf.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-") and saved.stat().st_size > 3_000

    with page.expect_download(timeout=30_000) as report:
        page.get_by_role("button", name="Download a PDF report").click()
    assert report.value.suggested_filename.startswith("earnings-report-masters-degree-")
    assert report.value.path().read_bytes().startswith(b"%PDF-")
    assert page.console_errors == []


def _callbacks(page: Page) -> list[str]:
    """Record the callbacks the page asks the server for (their first output's id), but the
    programs table's: dash-ag-grid asks for its rows itself, when it sees fit."""
    asked: list[str] = []

    def request(req) -> None:
        if req.method == "POST" and "_dash-update-component" in req.url:
            output = (req.post_data_json or {}).get("output", "")
            first = output.strip(".").split("...")[0].rsplit(".", 1)[0]
            if first != ids.EXPLORE_TABLE:
                asked.append(first)

    page.on("request", request)
    return asked


def test_a_change_costs_one_round_trip_and_the_url_follows(page: Page):
    asked = _callbacks(page)
    choose(page, ids.CREDENTIAL, "Master's degree")
    expect(page.locator(f"#{ids.DISTRIBUTION} .gtitle")).to_have_text(
        "Earnings of Master's degree programs")
    expect(page).to_have_url(re.compile(r"credential=\d"))  # written by the prediction
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert asked == [ids.CARD]  # no separate URL callback, no echo of the URL
    asked.clear()
    page.locator(f"#{ids.tab('about')}").click()
    expect(page).to_have_url(re.compile(r"tab=about"))
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert asked == [ids.URL]  # the explorer's charts are not drawn for another tab
    asked.clear()
    page.go_back()  # a location the page did not write: redrawn from the URL
    expect(page.locator(f"#{ids.tab('predict')}")).to_have_attribute("aria-selected", "true")
    expect(page.locator(f"#{ids.DISTRIBUTION} .gtitle")).to_have_text(
        "Earnings of Master's degree programs")
    assert ids.CONTENT in asked
    assert page.console_errors == []
