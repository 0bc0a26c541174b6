"""The real gunicorn, as `make run` starts it: page, assets, callbacks."""

from __future__ import annotations

import json
import urllib.request

from layouts import ids

from .conftest import callback_request


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_gunicorn_serves_page_styles_and_layout(live_server):
    status, page = _get(live_server + "/")
    assert status == 200 and b"College Earnings" in page
    status, css = _get(live_server + "/vendor/bootstrap/bootstrap.min.css")
    assert status == 200 and len(css) > 100_000
    status, layout = _get(live_server + "/_dash-layout")
    assert status == 200 and ids.CARD.encode() in layout


def test_gunicorn_answers_a_callback(live_server, service):
    request, query = callback_request(live_server)
    with urllib.request.urlopen(request, timeout=10) as response:
        options = json.loads(response.read())["response"][ids.INSTITUTION]["options"]
    assert options == service.search_institutions(query)


def test_gunicorn_serves_the_api(live_server, service):
    from urllib.error import HTTPError
    from urllib.parse import urlencode

    d = {k: v for k, v in service.options()["default"].items() if v is not None}
    status, body = _get(f"{live_server}/api/v1/predict?{urlencode(d)}")
    value = json.loads(body)["prediction"]["value"]
    assert status == 200 and value == service.predict(service.validate(d))["value"]
    assert _get(live_server + "/api/v1/health/ready")[0] == 200
    try:
        _get(f"{live_server}/api/v1/predict?{urlencode({**d, 'sat': 9999})}")
    except HTTPError as exc:
        error = json.loads(exc.read())
        assert exc.code == 422 and error["errors"][0]["field"] == "sat"
    else:
        raise AssertionError("an SAT of 9999 was accepted")


def test_gunicorn_workers_export_with_a_browser_each(live_gunicorn, service):
    """Each worker starts its own browser after the fork (the master never has one) and
    reuses it: six exports leave one browser per worker that served them. Only this test's
    gunicorn is looked at: another copy of the dashboard may be exporting on the machine."""
    from pathlib import Path
    from urllib.parse import urlencode

    live_server, master = live_gunicorn[0], live_gunicorn[1].pid
    d = {k: v for k, v in service.options()["default"].items() if v is not None}
    url = f"{live_server}/api/v1/charts/breakdown.png?{urlencode(d)}"
    for _ in range(6):
        status, body = _get(url)
        assert status == 200 and body.startswith(b"\x89PNG")
    procs = {}  # pid -> (parent pid, command line), read from /proc (no ps needed)
    for entry in (e for e in Path("/proc").iterdir() if e.name.isdigit()):
        try:
            stat = (entry / "stat").read_text()
            args = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        procs[int(entry.name)] = (int(stat.rsplit(")", 1)[1].split()[1]), args)

    workers = {pid for pid, (ppid, _) in procs.items() if ppid == master}
    # kaleido's browser runs under choreographer's wrapper process, a child of its starter
    starters = [ppid for ppid, args in procs.values() if "chromium_wrapper" in args]
    assert master not in starters, "the gunicorn master started a browser"
    launchers = [pid for pid in starters if pid in workers]
    assert launchers, "no worker of this gunicorn started a browser"
    assert len(launchers) == len(set(launchers)) <= 2  # one browser per worker, reused
