"""Security headers on every kind of response from the real gunicorn, and a page that works
under its Content-Security-Policy (no violation, no console error)."""

from __future__ import annotations

import re
import urllib.request
from urllib.error import HTTPError
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from layouts import ids

from .conftest import callback_request

EXPECTED = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


def _headers(url: str, data: bytes | None = None, content_type: str | None = None):
    request = urllib.request.Request(url, data=data,
                                     headers={"Content-Type": content_type} if content_type
                                     else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers
    except HTTPError as exc:
        return exc.code, exc.headers


def _responses(base: str, service) -> dict[str, tuple[int, object]]:
    d = {k: v for k, v in service.options()["default"].items() if v is not None}
    callback, _ = callback_request(base)
    page = urllib.request.urlopen(base + "/", timeout=30).read().decode()
    script = re.search(r'src="(/_dash-component-suites/[^"]+)"', page).group(1)
    return {
        "page": _headers(base + "/"),
        "asset": _headers(base + "/assets/style.css"),
        "vendored css": _headers(base + "/vendor/bootstrap/bootstrap.min.css"),
        "dash script": _headers(base + script),
        "layout": _headers(base + "/_dash-layout"),
        "callback": _headers(callback.full_url, callback.data, "application/json"),
        "api predict": _headers(f"{base}/api/v1/predict?{urlencode(d)}"),
        "api options": _headers(base + "/api/v1/options"),
        "api error": _headers(f"{base}/api/v1/predict?{urlencode({**d, 'sat': 9999})}"),
        "api 404": _headers(base + "/api/v1/nothing"),
        "export": _headers(f"{base}/api/v1/charts/breakdown.svg?{urlencode(d)}"),
        "docs": _headers(base + "/api/v1/docs"),
        "health": _headers(base + "/api/v1/health/ready"),
    }


STATUS = {"api error": 422, "api 404": 404}  # every other response is a 200


def test_every_response_type_carries_the_security_headers(live_server, service):
    for kind, (status, headers) in _responses(live_server, service).items():
        assert status == STATUS.get(kind, 200), (kind, status)
        for name, value in EXPECTED.items():
            assert headers.get(name) == value, (kind, name)
        csp = headers.get("Content-Security-Policy", "")
        script_src = re.search(r"script-src ([^;]+)", csp).group(1).split()
        assert script_src[0] == "'self'", kind
        assert all(s.startswith("'sha256-") for s in script_src[1:]) and script_src[1:], kind
        assert "unsafe-eval" not in csp and "frame-ancestors 'self'" in csp, kind
        assert "object-src 'none'" in csp, kind


@pytest.mark.browser
def test_the_page_works_under_its_policy(page: Page, live_server):
    page.add_init_script("""
        window.__violations = [];
        document.addEventListener("securitypolicyviolation",
            e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
    """)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server + "/")
    expect(page.locator("#predict-value")).to_have_text(re.compile(r"^\$[\d,]+$"),
                                                        timeout=20_000)
    page.get_by_role("tab", name="Explore").click()
    scatter = page.locator(f"#{ids.EXPLORE_SCATTER} .nsewdrag").first
    expect(scatter).to_be_visible(timeout=20_000)
    box = scatter.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.05, box["y"] + box["height"] * 0.05)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.9, steps=8)
    page.mouse.up()
    expect(page.locator(".explore-chip", has_text="Area:")).to_be_visible(timeout=10_000)
    expect(page.locator(".ag-row").first).to_be_visible(timeout=10_000)  # the table's cells
    page.goto(live_server + "/api/v1/docs")
    expect(page.locator(".swagger-ui .title")).to_contain_text("College Earnings API",
                                                               timeout=20_000)
    assert page.evaluate("window.__violations") == []
    assert errors == []
