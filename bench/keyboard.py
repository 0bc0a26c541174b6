"""A keyboard user's first load, many times over: each load in a fresh browser context, Tab
pressed from the top as soon as the prediction shows (no waiting a test could do), counting
the loads in which Tab reaches every predictor dropdown, in reading order, before the Pin
button. A load that loses one is a defect a real visitor meets, not a flaky test.

    .venv/bin/python -m bench.keyboard [--loads 50] [--url http://127.0.0.1:8050/]

Without --url it serves the model in VAR_DIR (default var/) with the production command on
a free port. Prints the count and, for each lost load, what Tab reached and what the
dropdowns' buttons held.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import launch
from harness.servers import ROOT, free_port, seconds_until, start, stop
from layouts import ids

DROPDOWNS = [ids.CREDENTIAL, ids.FIELD, ids.PROGRAM, ids.CONTROL, ids.REGION, ids.LOCALE]
FOCUSED = "() => document.activeElement.id || document.activeElement.className"
BUTTONS = """(names) => names.map((id) => {
  const b = document.getElementById(id);
  const input = b && b.previousElementSibling;
  return {id, tabindex: b ? b.getAttribute('tabindex') : null,
          disabled: b ? b.disabled : null,
          input_tabindex: input ? input.getAttribute('tabindex') : null};
})"""


def one_load(browser, url: str, limit: int = 80) -> dict:
    """Tab from the top of a freshly loaded page until the Pin button: what it reached."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(url)
        page.locator("#predict-value").filter(has_text="$").wait_for(timeout=30_000)
        buttons = page.evaluate(BUTTONS, DROPDOWNS)
        seen = []
        for _ in range(limit):
            page.keyboard.press("Tab")
            seen.append(page.evaluate(FOCUSED))
            if seen[-1] == ids.PIN:
                break
        reached = [d for d in seen if d in DROPDOWNS]
        return {"ok": reached == DROPDOWNS, "reached": reached, "stops": len(seen),
                "at_first_tab": buttons, "after": page.evaluate(BUTTONS, DROPDOWNS),
                "seen": seen}
    finally:
        context.close()


def run(url: str, loads: int) -> dict:
    """`loads` fresh loads of `url`: how many kept every dropdown in the tab order."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as p:
        browser = launch(p)
        for i in range(loads):
            results.append(one_load(browser, url))
            print(f"load {i + 1}: {'ok' if results[-1]['ok'] else 'LOST'}", flush=True)
        browser.close()
    lost = [dict(r, load=i + 1) for i, r in enumerate(results) if not r["ok"]]
    return {"loads": loads, "ok": loads - len(lost), "lost": lost}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.keyboard", description=__doc__)
    parser.add_argument("--loads", type=int, default=50)
    parser.add_argument("--url", help="a running dashboard (default: start one on VAR_DIR)")
    args = parser.parse_args()
    if args.url:
        result = run(args.url, args.loads)
    else:
        port = free_port()
        env = {"VAR_DIR": os.environ.get("VAR_DIR", str(ROOT / "var")), "HOST": "127.0.0.1",
               "PORT": str(port), "SECRET_KEY": secrets.token_hex(32), "DEBUG": ""}
        with tempfile.TemporaryDirectory() as work:
            server = start([sys.executable, "-m", "dashboard", "production"], env,
                           Path(work) / "server.log")
            try:
                url = f"http://127.0.0.1:{port}/"
                seconds_until([url + "api/v1/health/ready"], server, time.perf_counter(), 300)
                result = run(url, args.loads)
            finally:
                stop(server)
    print(json.dumps({k: v for k, v in result.items() if k != "lost"}))
    for lost in result["lost"]:
        print(json.dumps(lost))
    print(f"{result['ok']} of {result['loads']} loads kept every dropdown in the tab order")


if __name__ == "__main__":
    main()
