"""The pages on real data, in Chromium, where charts mislead: a selection of one program, a
credential and field with one program, small groups beside large ones."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from layouts import ids
from model.serving.filters import Filters

from .conftest import official_site

pytestmark = [pytest.mark.browser, pytest.mark.real_data]
FRACTIONAL_K = re.compile(r"\d\.\d+k")  # "$32.8795k": a tick plotly made for a single point
ONE_PROGRAMS = re.compile(r"(?<![\d,])1 programs")  # not "1,001 programs"


@pytest.fixture(scope="module")
def real_site(real_data, tmp_path_factory):
    """The official-layout release built, trained and served by gunicorn; yields the base URL
    and the model service (to pick the cases from the data)."""
    with official_site(real_data, tmp_path_factory.mktemp("real-site")) as site:
        yield site


def _ticks(page: Page, graph: str, axis: str) -> list[str]:
    """An axis's tick labels, once plotly has drawn them (it draws after the page updates)."""
    expect(page.locator(f"#{graph} .{axis}tick text").first).to_be_attached()
    return page.locator(f"#{graph} .{axis}tick text").all_text_contents()


def _figure(page: Page, graph: str) -> dict:
    return page.locator(f"#{graph} .js-plotly-plot").evaluate(
        "g => ({data: g.data.map(t => ({type: t.type, name: t.name, y: t.y, x: t.x, "
        "pattern: t.marker && t.marker.pattern ? t.marker.pattern.shape : null, "
        "text: t.text})), layout: {annotations: (g.layout.annotations || []).map(a => a.text),"
        " subtitle: ((g.layout.title || {}).subtitle || {}).text || ''}})")


def test_a_selection_of_one_program_reads_cleanly(page: Page, real_site):
    url, service = real_site
    states = service.explore(Filters(), "tuition", "field")["states"]["rows"]
    lone = next(r["value"] for r in states if r["n"] == 1)
    program = service.program_rows(service.parse_filters({"state": [lone]}).filters)[0]
    assert len(program) == 1
    page.goto(f"{url}/?tab=explore&f.state={lone}")
    expect(page.locator(f"#{ids.EXPLORE_COUNT}")).to_have_text("1", timeout=20_000)
    page.wait_for_load_state("networkidle")
    summary = page.locator(f"#{ids.EXPLORE_SUMMARY}").text_content()
    assert "1 of 1,001 programs" in summary and "earnings $" in summary
    assert not ONE_PROGRAMS.search(page.locator("body").inner_text())
    for axis in ("x", "y"):
        ticks = _ticks(page, ids.EXPLORE_SCATTER, axis)
        assert ticks and not any(FRACTIONAL_K.search(t) for t in ticks), ticks
        assert len(set(ticks)) == len(ticks), ticks  # no repeated labels
    counts = _ticks(page, ids.EXPLORE_HISTOGRAM, "y")
    assert counts == sorted(set(counts), key=int) and "1" in counts, counts  # 0, 1: no 1 1 1
    assert page.locator(f"#{ids.EXPLORE_SCATTER} .annotation-text").first.text_content() \
        .startswith("1 program")
    assert page.locator(f"#{ids.EXPLORE_HISTOGRAM} .gtitle").text_content().endswith(
        "(1 program)")


def test_a_credential_and_field_with_one_program_is_a_point_not_a_full_bar(page: Page,
                                                                         real_site):
    url, service = real_site
    options = service.options()
    lone = next((c["value"], f["value"]) for c in options["credential"]
                for f in options["field"]
                if service.distribution(c["value"], f["value"])["n_chosen"] == 1)
    dist = service.distribution(*lone)
    page.goto(f"{url}/?credential={lone[0]}&field={lone[1]}")
    expect(page.locator("#predict-group")).to_contain_text(
        f"1 {dist['credential_label'].lower()} program in {dist['chosen_label']} has published "
        f"earnings: ${dist['values'][0]:,.0f}", timeout=20_000)
    page.wait_for_load_state("networkidle")
    figure = _figure(page, ids.DISTRIBUTION)
    chosen = [t for t in figure["data"] if t["name"] and dist["chosen_label"][:20] in t["name"]]
    assert len(chosen) == 1 and chosen[0]["type"] == "scatter", figure["data"]
    assert chosen[0]["x"] == dist["values"] and "1 program, each shown" in chosen[0]["name"]
    bars = [t for t in figure["data"] if t["type"] == "bar"]
    assert len(bars) == 1 and max(bars[0]["y"]) < 100  # only the credential's share bars
    legend = " ".join(page.locator(f"#{ids.DISTRIBUTION} .legendtext").all_text_contents())
    assert "1 program, each shown" in legend and not ONE_PROGRAMS.search(legend)
    card = page.locator(f"#{ids.CARD}").text_content()
    assert "Model accuracy: cross-validated R²" in card and "±" in card


def test_small_groups_are_marked_and_can_be_hidden(page: Page, real_site):
    url, service = real_site
    page.goto(f"{url}/?tab=explore&f.credential=1")
    expect(page.locator(f"#{ids.EXPLORE_COUNT}")).to_have_text(re.compile(r"^\d+$"),
                                                               timeout=20_000)
    page.wait_for_load_state("networkidle")
    rows = service.explore(Filters(credential=(1,)))["groups"]["rows"]
    small = [r for r in rows if r["n"] < 5]
    assert small and len(small) < len(rows)
    figure = _figure(page, ids.EXPLORE_GROUPS)
    bars = figure["data"][0]
    assert bars["pattern"].count("/") == len(small)
    assert all(f"n={r['n']:,}" in text for r, text in zip(rows, bars["text"]))
    assert figure["layout"]["subtitle"] == "Hatched bars: fewer than 5 programs"
    expect(page.locator(f"#{ids.EXPLORE_GROUPS} .gtitle-subtitle")).to_have_text(
        "Hatched bars: fewer than 5 programs")
    texts = page.locator(f"#{ids.EXPLORE_GROUPS} .bartext").all_text_contents()
    assert any(t.endswith(f"n={small[0]['n']}") for t in texts), texts
    page.get_by_label("Hide groups of fewer than 5 programs").check()
    page.wait_for_function(
        f"() => document.querySelectorAll('#{ids.EXPLORE_GROUPS} .bars .point').length"
        f" === {len(rows) - len(small)}", timeout=10_000)
    assert "small=hide" in page.url
    states = _figure(page, ids.EXPLORE_STATES)
    assert all("Fewer than 5" not in (t["name"] or "") for t in states["data"])


def test_a_real_program_shows_what_it_earns_against_its_expectation(page: Page, real_site):
    """Pick a real institution with the picker: the card shows its program's reported
    median, the expectation, the gap with its percentile and its graduates; the
    distribution marks the actual beside the prediction; the link carries the choice."""
    url, service = real_site
    d = service.options()["default"]
    s = service.default_scenario()
    program = next(p for o in service.search_institutions("university", limit=200)
                   for p in service.real_programs(o["value"], s)
                   if p["status"] == "published" and p["graduates"])
    page.goto(url + "/")
    expect(page.locator("#predict-value")).to_be_visible(timeout=20_000)
    page.locator(f"#{ids.INSTITUTION}").click()
    page.locator(".dash-dropdown-search").fill(program["institution"][:20])
    page.locator(".dash-dropdown-option", has_text=program["institution"]).first.click()
    real = page.locator("#predict-real")
    expect(real).to_contain_text(f"Reported ${program['earnings']:,.0f}", timeout=20_000)
    text = real.inner_text()
    side = "above" if program["gap"] >= 0 else "below"
    assert f"${abs(program['gap']):,.0f} {side} expected" in text
    assert f"expected of a program like it ${program['expected']:,.0f}" in text
    assert "percentile of bachelor's degree programs" in text
    assert f"{program['graduates']:,.0f} graduates a year" in text
    assert "Median debt" in text and "not the program's effect" in text
    annotations = page.locator(f"#{ids.DISTRIBUTION} .annotation-text").all_text_contents()
    assert any(a.startswith("Actual, ") and f"${program['earnings']:,.0f}" in a
               for a in annotations), annotations
    assert any(a.startswith("Predicted $") for a in annotations)
    page.wait_for_function("() => location.search.includes('inst=')", timeout=10_000)
    assert f"inst={program['unitid']}" in page.url and d["credential"] == 3


def test_programs_that_beat_expectation_are_one_click_and_a_link(page: Page, real_site):
    url, service = real_site
    above = int((service.explorer.frame()["gap"] >= 0).sum())
    page.goto(url + "/?tab=explore")
    expect(page.locator(f"#{ids.EXPLORE_COUNT}")).to_have_text("1,001", timeout=20_000)
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Programs that beat expectation").click()
    expect(page.locator(f"#{ids.EXPLORE_COUNT}")).to_have_text(f"{above:,}", timeout=10_000)
    expect(page.locator(f"#{ids.EXPLORE_TABLE_COUNT}")).to_have_text(f"{above:,} programs")
    page.wait_for_function("() => location.search.includes('f.gap=0-')", timeout=10_000)
    outcomes = page.locator(f"#{ids.EXPLORE_OUTCOMES}").inner_text()
    assert outcomes.startswith("100% earn more than expected")
    link = page.url
    fresh = page.context.new_page()
    fresh.goto(link)
    expect(fresh.locator(f"#{ids.EXPLORE_COUNT}")).to_have_text(f"{above:,}", timeout=20_000)
    chips = fresh.locator(f"#{ids.EXPLORE_CHIPS}").inner_text()
    assert "Actual minus expected: $0 to" in chips
