"""The explorer, the URL state and pinned scenarios, as a person uses them in Chromium."""

from __future__ import annotations

import csv
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from layouts import ids

pytestmark = pytest.mark.browser
COUNT = re.compile(r"^[\d,]+$")


def _watch(page: Page) -> Page:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    return page


def _open_explorer(page: Page, url: str) -> Page:
    _watch(page).goto(url)
    expect(page.locator("#explore-count")).to_have_text(COUNT, timeout=20_000)
    expect(page.locator(f"#{ids.EXPLORE_TABLE} .ag-row").first).to_be_visible(timeout=20_000)
    expect(page.locator(f"#{ids.table(ids.EXPLORE_GROUPS)} table")).to_be_attached()
    page.wait_for_load_state("networkidle")  # every first callback has answered
    return page


@pytest.fixture
def explorer(page: Page, live_server) -> Page:
    return _open_explorer(page, live_server + "/?tab=explore")


def _count(page: Page) -> int:
    return int(page.locator("#explore-count").text_content().replace(",", ""))


def _snapshot(page: Page) -> dict:
    """What the person sees: the summary, each chart's headline, the table's count."""
    return {"count": page.locator("#explore-count").text_content(),
            "median": page.locator("#explore-median").text_content(),
            "histogram": page.locator(f"#{ids.EXPLORE_HISTOGRAM} .gtitle").text_content(),
            "states": " ".join(page.locator(f"#{ids.EXPLORE_STATES} .textpoint text")
                               .all_text_contents()),
            "table": page.locator(f"#{ids.EXPLORE_TABLE_COUNT}").text_content(),
            "groups": " ".join(page.locator(f"#{ids.EXPLORE_GROUPS} .bartext")
                               .all_text_contents())}


def _query(page: Page, wait_for: str = "") -> dict:
    """The URL's parameters, once the address bar matches the JS regex `wait_for`."""
    if wait_for:
        page.wait_for_function("re => new RegExp(re).test(decodeURIComponent(location.search))",
                               arg=wait_for, timeout=10_000)
    return parse_qs(urlparse(page.url).query)


def _bar_label(page: Page, index: int) -> str:
    """The full label of a bar of the grouping chart (from the chart's data)."""
    return page.locator(f"#{ids.EXPLORE_GROUPS} .js-plotly-plot").evaluate(
        f"g => g.data[0].customdata[{index}][1]")


def _click_bar(page: Page, index: int, shift: bool = False) -> None:
    """Click a bar where it is drawn now (plotly's drag layer lies over the bars, so the
    mouse clicks the point rather than the element; read just before, so that a late
    layout shift cannot move the bar off the point)."""
    bar = page.locator(f"#{ids.EXPLORE_GROUPS} .bars .point path").nth(index)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    if shift:
        page.keyboard.down("Shift")
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    if shift:
        page.keyboard.up("Shift")


def test_box_selection_on_the_scatter_filters_every_other_view(explorer: Page):
    before = _snapshot(explorer)
    area = explorer.locator(f"#{ids.EXPLORE_SCATTER} .nsewdrag").first
    box = area.bounding_box()
    explorer.mouse.move(box["x"] + box["width"] * 0.05, box["y"] + box["height"] * 0.05)
    explorer.mouse.down()
    explorer.mouse.move(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.9,
                        steps=12)
    explorer.mouse.up()
    chip = explorer.locator(".explore-chip", has_text="Area:")
    expect(chip).to_be_visible(timeout=10_000)
    expect(explorer.locator("#explore-count")).not_to_have_text(before["count"])
    after = _snapshot(explorer)
    assert 0 < _count(explorer) < int(before["count"].replace(",", ""))
    assert after["histogram"] != before["histogram"]
    assert after["states"] != before["states"] or after["groups"] != before["groups"]
    expect(explorer.locator(f"#{ids.EXPLORE_TABLE_COUNT}")).to_have_text(
        f"{after['count']} programs")
    assert "f.area" in _query(explorer, "f\\.area=tuition~")
    assert explorer.console_errors == []


def test_dragging_a_range_on_the_histogram_filters_by_earnings(explorer: Page):
    total = _count(explorer)
    area = explorer.locator(f"#{ids.EXPLORE_HISTOGRAM} .nsewdrag").first
    box = area.bounding_box()
    y = box["y"] + box["height"] * 0.5
    explorer.mouse.move(box["x"] + box["width"] * 0.2, y)
    explorer.mouse.down()
    explorer.mouse.move(box["x"] + box["width"] * 0.4, y, steps=10)
    explorer.mouse.up()
    chip = explorer.locator(".explore-chip", has_text="Earnings: $")
    expect(chip).to_be_visible(timeout=10_000)
    expect(explorer.locator("#explore-count")).not_to_have_text(f"{total:,}")
    low, high = _query(explorer, "f\\.earnings=")["f.earnings"][0].split("-")
    assert 0 < int(low) < int(high)
    slider = explorer.locator(f"#{ids.EXPLORE_EARNINGS} [role=slider]")
    expect(slider.first).to_have_attribute("aria-valuenow", low)  # the control shows it too
    explorer.wait_for_timeout(1000)  # and it stays: the chart's redraw does not clear it
    expect(chip).to_be_visible()
    assert _query(explorer)["f.earnings"] == [f"{low}-{high}"]


def test_click_and_shift_click_bars_then_reset(explorer: Page):
    total = _count(explorer)
    first_label = _bar_label(explorer, 0)
    _click_bar(explorer, 0)
    chip = explorer.locator(".explore-chip", has_text="Field:")
    expect(chip).to_contain_text(f"Field: {first_label}", timeout=10_000)
    one = _count(explorer)
    assert 0 < one < total
    expect(explorer.locator(f"#{ids.EXPLORE_TABLE_COUNT}")).to_have_text(f"{one:,} programs")
    _click_bar(explorer, 1, shift=True)
    expect(chip).to_contain_text(",", timeout=10_000)  # two fields listed
    expect(explorer.locator("#explore-count")).not_to_have_text(f"{one:,}")
    assert _count(explorer) > one
    assert len(_query(explorer, "f\\.field=\\w+,\\w+")["f.field"][0].split(",")) == 2
    explorer.locator(f"#{ids.EXPLORE_RESET}").click()
    expect(explorer.locator(".explore-chip")).to_have_count(0)
    expect(explorer.locator("#explore-count")).to_have_text(f"{total:,}")
    assert "f.field" not in _query(explorer, "^(?!.*f\\.field)")


def test_filter_controls_chip_removal_and_back_button(explorer: Page):
    total = _count(explorer)
    explorer.locator(f"#{ids.EXPLORE_CONTROL}").click()
    explorer.locator(".dash-dropdown-option", has_text="Public").first.click()
    explorer.keyboard.press("Escape")
    chip = explorer.locator(".explore-chip", has_text="Control: Public")
    expect(chip).to_be_visible(timeout=10_000)
    public = _count(explorer)
    assert 0 < public < total
    # the states chart is drawn from the same selection: its tiles changed
    explorer.go_back()
    expect(chip).to_have_count(0, timeout=10_000)
    expect(explorer.locator("#explore-count")).to_have_text(f"{total:,}")
    explorer.go_forward()
    expect(explorer.locator(".explore-chip", has_text="Control: Public")).to_be_visible(
        timeout=10_000)
    explorer.locator(".explore-chip", has_text="Control: Public").click()
    expect(explorer.locator(".explore-chip")).to_have_count(0)
    expect(explorer.locator("#explore-count")).to_have_text(f"{total:,}")


def test_copied_url_opens_the_same_view_in_a_fresh_browser(explorer: Page, browser: Browser):
    explorer.locator(f"#{ids.EXPLORE_X}").select_option("sat")
    _click_bar(explorer, 2)
    expect(explorer.locator(".explore-chip", has_text="Field:")).to_be_visible(timeout=10_000)
    expect(explorer.locator(f"#{ids.EXPLORE_SCATTER} .gtitle")).to_have_text(
        "Earnings by average SAT")
    wanted = _snapshot(explorer)
    link = explorer.url
    context = browser.new_context()
    try:
        fresh = _open_explorer(context.new_page(), link)
        expect(fresh.locator("#explore-count")).to_have_text(wanted["count"])
        expect(fresh.locator(".explore-chip")).to_have_text(
            explorer.locator(".explore-chip").all_inner_texts())
        expect(fresh.locator(f"#{ids.EXPLORE_SCATTER} .gtitle")).to_have_text(
            "Earnings by average SAT")
        assert _snapshot(fresh) == wanted
        assert fresh.console_errors == []
    finally:
        context.close()


def test_download_is_exactly_the_selection(explorer: Page):
    explorer.locator(f"#{ids.EXPLORE_CREDENTIAL}").click()
    explorer.locator(".dash-dropdown-option", has_text="Master's degree").first.click()
    explorer.keyboard.press("Escape")
    expect(explorer.locator(".explore-chip", has_text="Credential")).to_be_visible(
        timeout=10_000)
    count = _count(explorer)
    with explorer.expect_download() as download:
        explorer.locator(f"#{ids.EXPLORE_DOWNLOAD_BUTTON}").click()
    with open(download.value.path(), newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == count
    assert {r["credential"] for r in rows} == {"Master's degree"}


def _money_cells(page: Page) -> list[int]:
    cells = page.locator(f"#{ids.EXPLORE_TABLE} .ag-row [col-id=earnings]")
    return [int(t.replace("$", "").replace(",", "")) for t in cells.all_inner_texts() if t]


def test_table_sorts_and_searches_on_the_server(explorer: Page):
    total = explorer.locator(f"#{ids.EXPLORE_TABLE_COUNT}").text_content()
    header = explorer.locator(f"#{ids.EXPLORE_TABLE} .ag-header-cell[col-id=earnings]")
    header.click()  # ascending: the lowest earnings of every selected program come first
    expect(explorer.locator(f"#{ids.EXPLORE_TABLE} .ag-row [col-id=earnings]").first
           ).to_have_text(re.compile(r"^\$"))
    explorer.wait_for_timeout(500)
    ascending = _money_cells(explorer)
    assert ascending == sorted(ascending) and len(ascending) >= 10
    header.click()
    explorer.wait_for_timeout(1000)
    descending = _money_cells(explorer)
    assert descending == sorted(descending, reverse=True)
    assert descending[0] > ascending[-1]
    name = explorer.locator(f"#{ids.EXPLORE_TABLE} .ag-row [col-id=institution]").first
    words = name.text_content().split()[0]
    search = explorer.locator(f"#{ids.EXPLORE_SEARCH}")
    search.fill(words)
    search.press("Enter")
    expect(explorer.locator(f"#{ids.EXPLORE_TABLE_COUNT}")).not_to_have_text(total)
    expect(name).to_have_text(re.compile(r"\w"))
    for i in range(5):
        cells = explorer.locator(f"#{ids.EXPLORE_TABLE} .ag-row[row-index='{i}'] .ag-cell")
        text = " ".join(cells.all_inner_texts())
        assert words.lower() in text.lower()  # in the institution, city, state or program


def test_predict_for_this_selection_fills_the_predictor(explorer: Page):
    label = _bar_label(explorer, 0)
    _click_bar(explorer, 0)
    expect(explorer.locator(".explore-chip", has_text="Field:")).to_be_visible(timeout=10_000)
    count = explorer.locator("#explore-count").text_content()
    explorer.locator(f"#{ids.EXPLORE_PREDICT}").click()
    expect(explorer.locator(f"#{ids.INSTITUTION_NOTE}")).to_contain_text(
        f"Filled from the {count} programs", timeout=10_000)
    expect(explorer.locator(f"#{ids.FIELD}")).to_have_text(label)
    expect(explorer.locator("#predict-value")).to_be_visible()
    # back on the Predict tab, with the filled inputs in the URL
    expect(explorer).not_to_have_url(re.compile("tab=explore"), timeout=10_000)
    assert "field" in _query(explorer)


def _open_predictor(page: Page, url: str) -> Page:
    _watch(page).goto(url)
    expect(page.locator("#predict-value")).to_have_text(re.compile(r"^\$[\d,]+$"),
                                                        timeout=20_000)
    page.wait_for_load_state("networkidle")
    return page


def test_pin_two_scenarios_and_compare(page: Page, live_server):
    _open_predictor(page, live_server + "/")
    first = page.locator("#predict-value").text_content()
    page.locator(f"#{ids.PIN}").click()
    expect(page.locator(".compare-value")).to_have_text([first], timeout=10_000)
    page.locator(f"#{ids.CREDENTIAL}").click()
    page.locator(".dash-dropdown-option", has_text="Master's degree").first.click()
    expect(page.locator("#predict-value")).not_to_have_text(first)
    second = page.locator("#predict-value").text_content()
    page.locator(f"#{ids.PIN}").click()
    expect(page.locator(".compare-value")).to_have_text([first, second], timeout=10_000)
    assert len(_query(page, "pin=.*&pin=")["pin"]) == 2
    expect(page.locator(f"#{ids.COMPARE_CHART} .bars path").first).to_be_visible()
    page.locator(f"#{ids.PIN}").click()  # the same scenario again
    expect(page.locator(f"#{ids.COMPARE_MESSAGE}")).to_contain_text("already pinned")
    page.get_by_label("Remove scenario 1").click()
    expect(page.locator(".compare-value")).to_have_text([second])
    assert len(_query(page, "^(?!.*pin=.*pin=).*pin=")["pin"]) == 1
    assert page.console_errors == []


def test_malformed_url_opens_the_default_view_with_a_notice(page: Page, live_server):
    _open_predictor(page, live_server + "/")
    default = page.locator("#predict-value").text_content()
    page.goto(live_server + "/?credential=banana&f.region=%3Cscript%3E&f.area=tuition~x"
                            "&pin=1_2&sat=99999&foo=bar")
    expect(page.locator(f"#{ids.URL_PROBLEMS}")).to_contain_text("not understood", timeout=20_000)
    expect(page.locator("#predict-value")).to_have_text(default, timeout=20_000)
    assert page.locator("script", has_text="<script>").count() == 0
    assert page.console_errors == []


def test_explorer_fits_a_phone(page: Page, live_server):
    page.set_viewport_size({"width": 390, "height": 800})
    _open_explorer(page, live_server + "/?tab=explore")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.locator(f"#{ids.EXPLORE_STATES} .textpoint").first).to_be_visible()


def test_a_link_restores_the_predictor_inputs_and_prediction(page: Page, live_server,
                                                             service):
    d = service.options()["default"]
    scenario = service.validate({**d, "credential": 5, "field": "14", "sat": None,
                                 "tuition": 12_345})
    value = service.predict(scenario)["value"]
    _watch(page).goto(live_server + "/?credential=5&field=14&sat=none&tuition=12345")
    expect(page.locator("#predict-value")).to_have_text(f"${value:,.0f}", timeout=20_000)
    expect(page.locator(f"#{ids.CREDENTIAL}")).to_have_text("Master's degree")
    expect(page.locator(f"#{ids.TUITION}")).to_have_value("12345")
    expect(page.locator(f"#{ids.SAT_MISSING} input")).to_be_checked()
    assert page.console_errors == []


def test_a_redraw_or_a_new_axis_asks_only_for_the_charts(explorer: Page):
    asked: list[str] = []
    explorer.on("request", lambda r: asked.append(
        (r.post_data_json or {}).get("output", "").strip(".").split("...")[0].rsplit(".", 1)[0])
        if r.method == "POST" and "_dash-update-component" in r.url else None)
    explorer.locator(f"#{ids.EXPLORE_X}").select_option("sat")
    expect(explorer.locator(f"#{ids.EXPLORE_SCATTER} .gtitle")).to_have_text(
        "Earnings by average SAT")
    explorer.wait_for_load_state("networkidle")
    explorer.wait_for_timeout(500)
    # one answer: the scatter (the other charts unchanged, sent as no_update) and the URL
    # (dash-ag-grid may ask for the programs table's rows itself)
    assert [a for a in asked if a != ids.EXPLORE_TABLE] == [ids.EXPLORE_SCATTER]
    assert "x=sat" in explorer.url
    assert explorer.console_errors == []
