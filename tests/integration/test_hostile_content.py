"""Security regressions, in the spirit of Dash's own test_xss: names from a data file and
values from a shared link are shown as text, never run; no `javascript:` link reaches the
page; debug tools and the Werkzeug console are not reachable in production.

The dataset is the demo with one institution, one city and one program title replaced by
markup, built from a merged CSV as a user's own file would be, and served by the README's
production command.
"""

from __future__ import annotations

import json
import re
import secrets
import urllib.request
from urllib.error import HTTPError
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from dashboard import cli
from dashboard.config import Config
from layouts import ids
from model.data import dataset, demo
from model.data.dataset import Sources
from model.serving.service import ModelService
from tests.servers import PRODUCTION as COMMAND

from .conftest import free_port, serving

pytestmark = pytest.mark.browser

NAME = '<img src=x onerror="window.__xss=1">Hostile College'
CITY = "javascript:window.__xss=2"
TITLE = "<script>window.__xss=3</script>Nursing"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A var folder whose data carries markup in an institution, a city and a program
    title; yields the base URL and a scenario with the hostile program."""
    var = tmp_path_factory.mktemp("hostile")
    df = demo.generate(300).rename(columns={"earnings": "EARN_MDN_HI_2YR"})
    first = df["UNITID"].iloc[0]
    df.loc[df["UNITID"] == first, ["INSTNM", "CITY"]] = [NAME, CITY]
    row = df.iloc[0]
    df.loc[df["CIPCODE"] == row["CIPCODE"], "CIPDESC"] = TITLE
    merged = var / "merged.csv"
    df.to_csv(merged, index=False)
    config = Config(var_dir=var)
    dataset.build(Sources(merged=str(merged)), config.data_dir, log=lambda _: None)
    cli.train(config)
    default = ModelService.load(config.model_path).options()["default"]
    program = {**{k: v for k, v in default.items() if v is not None},
               "credential": int(row["CREDLEV"]), "field": row["CIP2"],
               "program": row["CIPCODE"]}
    port = free_port()
    env = {"VAR_DIR": str(var), "SECRET_KEY": secrets.token_hex(32), "HOST": "127.0.0.1",
           "PORT": str(port), "WEB_CONCURRENCY": "1", "DEBUG": ""}
    base = f"http://127.0.0.1:{port}"
    with serving(COMMAND, env, var / "server.log", base + "/api/v1/health/ready"):
        yield base, program


@pytest.fixture
def watched(page: Page):
    """The page, recording any dialog and any script that ran from the data."""
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    return page


def _no_script_ran(page: Page) -> None:
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("a[href^='javascript' i], [src^='javascript' i]").count() == 0


def test_markup_in_the_data_is_shown_as_text(watched: Page, hostile):
    base, _ = hostile
    watched.goto(base + "/")
    expect(watched.locator("#predict-value")).to_have_text(re.compile(r"^\$[\d,]+$"),
                                                           timeout=20_000)
    watched.locator(f"#{ids.INSTITUTION}").click()
    watched.locator(".dash-dropdown-search").fill("Hostile")
    option = watched.locator(".dash-dropdown-option", has_text="Hostile College").first
    expect(option).to_contain_text(NAME)  # the markup, as text
    option.click()
    expect(watched.locator(f"#{ids.INSTITUTION_NOTE}")).to_contain_text(NAME)
    watched.locator(f"#{ids.PROGRAM}").click()
    watched.wait_for_timeout(300)
    _no_script_ran(watched)


def test_markup_in_a_shared_link_is_shown_as_text(watched: Page, hostile):
    base, _ = hostile
    query = urlencode({"credential": "<script>window.__xss=4</script>",
                       "field": "javascript:window.__xss=5", "tab": "<b>explore</b>"})
    watched.goto(f"{base}/?{query}")
    notice = watched.locator(f"#{ids.URL_NOTICE}")
    expect(notice).to_contain_text("<script>window.__xss=4", timeout=20_000)  # as text
    expect(notice).to_contain_text("tab=<b>explore</b>")
    watched.wait_for_load_state("networkidle")
    _no_script_ran(watched)


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_exports_and_api_carry_the_markup_inertly(hostile):
    base, program = hostile
    status, headers, svg = _get(f"{base}/api/v1/charts/distribution.svg?{urlencode(program)}")
    assert status == 200 and headers["Content-Type"].startswith("image/svg+xml")
    assert b"&#60;script&#62;window.__xss=3" in svg  # the program's title, escaped
    assert b"<script" not in svg.lower() and b"<img" not in svg.lower()
    status, headers, body = _get(f"{base}/api/v1/programs?{urlencode({'search': 'Hostile'})}")
    rows = json.loads(body)["rows"]
    assert status == 200 and rows and {r["institution"] for r in rows} == {NAME}
    assert headers["Content-Type"].startswith("application/json")
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, headers, body = _get(f"{base}/api/v1/predict?{urlencode({'field': TITLE})}")
    assert status in (400, 422) and headers["Content-Type"].startswith("application/json")


def test_debug_tools_and_the_werkzeug_console_are_not_reachable(hostile):
    base, _ = hostile
    for path in ("/console", "/?__debugger__=yes&cmd=resource&f=debugger.js",
                 "/_reload-hash", "/_dash-debug-menu"):
        _, headers, body = _get(base + path)
        assert b"Werkzeug" not in body and b"__debugger__" not in body, path
        assert not headers.get("Content-Type", "").startswith("text/javascript"), path
        if headers.get("Content-Type", "").startswith("text/html"):
            assert b"College Earnings" in body, path  # Dash's page for any other path
    assert json.loads(_get(base + "/_reload-hash")[2])["reloadHash"] is None  # no hot reload
    page = _get(base + "/")[2].decode()
    config = json.loads(re.search(r'id="_dash-config" type="application/json">(.*?)</script>',
                                  page, re.DOTALL).group(1))
    assert config["ui"] is False and config["props_check"] is False
