"""Round trips per user action: in headless Chromium against a running dashboard, the
requests the page makes to the server (Dash callbacks) for each action of a short visit,
which callbacks they were, and the bytes that came back.

    .venv/bin/python -m bench.round_trips http://127.0.0.1:8050/ [--json FILE]

Counts every POST to `_dash-update-component` from the action until the network has been
idle for half a second (chained callbacks included). Section 6 of `python -m bench` runs it
against gunicorn on the model in VAR_DIR.
"""

from __future__ import annotations

import argparse
import json
import re

from bench.browser import launch
from layouts import ids

SETTLE_MS = 500  # quiet time after the network goes idle, for callbacks chained in the page


def _short(output: str) -> str:
    """A callback's outputs in a few words: its first output's component."""
    first = output.strip(".").split("...")[0]
    return first.rsplit(".", 1)[0].split("@")[0]


def _choose(page, dropdown: str, text: str) -> None:
    page.locator(f"#{dropdown}").click()
    page.locator(".dash-dropdown-option", has_text=re.compile(f"^{re.escape(text)}$")).first.click()


def _drag(page, graph: str, start: tuple[float, float], end: tuple[float, float]) -> None:
    area = page.locator(f"#{graph} .nsewdrag").first
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    page.mouse.move(box["x"] + box["width"] * start[0], box["y"] + box["height"] * start[1])
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * end[0], box["y"] + box["height"] * end[1],
                    steps=10)
    page.mouse.up()


def _click_bar(page, index: int) -> None:
    bar = page.locator(f"#{ids.EXPLORE_GROUPS} .bars .point path").nth(index)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _actions(page, base_url: str, credential: str) -> list[tuple[str, callable]]:
    return [
        ("page load (Predict tab)", lambda: page.goto(base_url)),
        ("credential chosen", lambda: _choose(page, ids.CREDENTIAL, credential)),
        ("tuition typed", lambda: (page.locator(f"#{ids.TUITION}").fill("23456"),
                                   page.locator(f"#{ids.TUITION}").press("Tab"))),
        ("scenario pinned", lambda: page.locator(f"#{ids.PIN}").click()),
        ("Explore tab opened", lambda: page.locator(f"#{ids.tab('explore')}").click()),
        ("field bar clicked", lambda: _click_bar(page, 0)),
        ("earnings range dragged", lambda: _drag(page, ids.EXPLORE_HISTOGRAM, (0.2, 0.5),
                                                 (0.5, 0.5))),
        ("box drawn on the scatter", lambda: _drag(page, ids.EXPLORE_SCATTER, (0.05, 0.05),
                                                   (0.6, 0.95))),
        ("scatter's x axis changed", lambda: page.locator(f"#{ids.EXPLORE_X}").select_option(
            "sat")),
        ("Predict tab again", lambda: page.locator(f"#{ids.tab('predict')}").click()),
        ("Explore tab again", lambda: page.locator(f"#{ids.tab('explore')}").click()),
        ("browser Back", lambda: page.go_back()),
    ]


def run(base_url: str, credential: str = "Master's degree") -> list[dict]:
    """Each action's round trips: how many, to which callbacks, and the bytes received."""
    from playwright.sync_api import sync_playwright

    seen: list[dict] = []

    def request(req) -> None:
        if req.method == "POST" and "_dash-update-component" in req.url:
            body = json.loads(req.post_data or "{}")
            seen.append({"callback": _short(body.get("output", "")), "request": req})

    rows = []
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", request)
        for name, action in _actions(page, base_url, credential):
            seen.clear()
            action()
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(SETTLE_MS)
            page.wait_for_load_state("networkidle")
            received = 0
            for item in seen:
                response = item["request"].response()
                if response is not None:
                    received += int(response.headers.get("content-length") or 0)
            rows.append({"action": name, "round_trips": len(seen),
                         "callbacks": [item["callback"] for item in seen],
                         "bytes": received})
        browser.close()
    return rows


def markdown(rows: list[dict], baseline: list[dict] | None = None) -> str:
    """The round trips per action, beside the baseline's when given."""
    before = {r["action"]: r for r in baseline or []}
    lines = ["| action | round trips | callbacks | received |", "|---|---|---|---|"]
    for row in rows:
        old = before.get(row["action"])
        trips = (f"{old['round_trips']} → {row['round_trips']}" if old
                 else str(row["round_trips"]))
        size = (f"{old['bytes'] / 1000:,.1f} → {row['bytes'] / 1000:,.1f} kB" if old
                else f"{row['bytes'] / 1000:,.1f} kB")
        lines.append(f"| {row['action']} | {trips} | {', '.join(row['callbacks']) or '-'} "
                     f"| {size} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--baseline", help="a results file to show beside these")
    args = parser.parse_args()
    rows = run(args.url)
    baseline = json.loads(open(args.baseline).read()) if args.baseline else None
    print(markdown(rows, baseline))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
