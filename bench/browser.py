"""Section 2: in headless Chromium (Debian's, through Playwright), the time from choosing a
credential in the dropdown to the prediction text and both charts showing the new answer.

The clock runs in the page: it starts at the click on the dropdown option and stops at the
first DOM change after which the prediction text differs from before, the distribution's
title names the new credential and the breakdown's last bar shows the new prediction (what a
person waits for, plotly's drawing included)."""

from __future__ import annotations

import re
import shutil
import statistics

from harness.stats import summary
from layouts import ids

WATCH = """([label, before]) => {
  window.__changed = new Promise((resolve) => {
    let start = null;
    const done = () => {
      const value = document.querySelector('#predict-value');
      const title = document.querySelector('#%(dist)s .gtitle');
      const bars = document.querySelectorAll('#%(breakdown)s .waterfalllayer text');
      return value && title && bars.length && value.textContent !== before
        && title.textContent === `Earnings of ${label} programs`
        && bars[bars.length - 1].textContent === value.textContent;
    };
    const clicked = (e) => {
      if (start === null && e.target.closest('.dash-dropdown-option')) {
        start = performance.now();
      }
    };
    document.addEventListener('click', clicked, {capture: true});
    const observer = new MutationObserver(() => {
      if (start !== null && done()) {
        observer.disconnect();
        document.removeEventListener('click', clicked, {capture: true});
        resolve(performance.now() - start);
      }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true,
                                      attributes: true});
  });
}""" % {"dist": ids.DISTRIBUTION, "breakdown": ids.BREAKDOWN}


def launch(playwright):
    """Debian's Chromium, headless, as the benchmarks drive it."""
    chromium = shutil.which("chromium")
    if chromium is None:
        raise RuntimeError("Debian's chromium is needed: apt-get install chromium")
    return playwright.chromium.launch(executable_path=chromium, headless=True, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"])


def run(base_url: str, labels: list[str], changes: int = 20, warm_up: int = 2) -> dict:
    """Median (and p99) milliseconds over `changes` credential changes, cycling `labels`."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base_url)
        page.locator("#predict-value").filter(has_text="$").wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        for i in range(warm_up + changes):
            label = labels[i % len(labels)]
            before = page.locator("#predict-value").text_content()
            page.evaluate(WATCH, [label, before])
            page.locator(f"#{ids.CREDENTIAL}").click()
            page.locator(".dash-dropdown-option",
                         has_text=re.compile(f"^{re.escape(label)}$")).first.click()
            elapsed = page.evaluate("window.__changed")
            if i >= warm_up:
                times.append(elapsed)
        browser.close()
    return {**summary(times), "mean": statistics.fmean(times)}
