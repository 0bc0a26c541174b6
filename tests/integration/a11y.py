"""axe-core in the browser: the packaged copy (axe-playwright-python's axe.min.js, pinned in
requirements.txt; never a CDN), run with the WCAG 2.0 and 2.1 A and AA rules."""

from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page: Page) -> list[str]:
    """Every violation on the page as 'rule (impact): targets', none when it passes."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           WCAG)
    return [f"{v['id']} ({v['impact']}): "
            + ", ".join(" ".join(n["target"]) for n in v["nodes"][:6])
            + (f" and {len(v['nodes']) - 6} more" if len(v["nodes"]) > 6 else "")
            for v in result["violations"]]
