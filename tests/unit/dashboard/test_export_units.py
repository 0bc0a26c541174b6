"""Export without a browser: chart names, the routes' validation, the UI's download callback
and the CLI's argument checks (a stand-in draws; tests/integration/test_export.py uses
Chromium)."""

from __future__ import annotations

import base64
import threading
from urllib.parse import urlencode

import pytest
from dash import no_update

from callbacks import export
from charts.compose import explorer_figures, scenario_figures, slug
from charts.request import ChartRequest
from dashboard import cli
from dashboard.export.renderer import ExportBusy, Exporter, ExportUnavailable
from dashboard.export.report import build_report
from model.serving.filters import Filters, View
from tests.helpers import PngStandIn, StandIn
from tests.helpers import component_text as _text
from tests.helpers import page_values as _values

API = "/api/v1"


def _default(service) -> dict:
    return {k: v for k, v in service.options()["default"].items() if v is not None}


def test_slug_and_names(service):
    assert slug("Bachelor's Degree", "Engineering") == "bachelors-degree-engineering"
    assert slug("a" * 50, "b" * 50, limit=60) == "a" * 50  # cut at a word, never mid-word
    assert slug("") == "chart"
    s = service.validate(_default(service))
    figures = scenario_figures(service, s)
    credential = slug(service.describe(s, "credential"))
    assert figures["distribution"].layout.meta["export_name"].startswith(
        f"earnings-distribution-{credential}-")
    everything = explorer_figures(service, Filters(), View.read("sat", "control"))
    assert everything["scatter"].layout.meta["export_name"] == "earnings-by-sat-all-programs"
    assert everything["groups"].layout.meta["export_name"] == (
        "median-earnings-by-control-all-programs")
    one = explorer_figures(service, Filters(credential=[s.credential]))
    assert one["states"].layout.meta["export_name"] == f"median-earnings-by-state-{credential}"


@pytest.mark.parametrize(("url", "status", "field"), [
    ("/charts/pie.png", 404, "chart"),
    ("/charts/states.gif", 404, "format"),
    ("/charts/states.png?width=10", 400, "width"),
    ("/charts/states.png?scale=9", 400, "scale"),
    ("/charts/states.png?x=height", 400, "x"),
    ("/charts/states.png?credential=42", 400, "credential"),
    ("/charts/comparison.png", 400, "pin"),
    ("/charts/comparison.png?pin=1_2_3", 400, "pin[0]"),
    ("/charts/comparison.png?pin=3_14__Public_5_21_0.5_1100_9000", 400, "pin[0]"),
    ("/charts/distribution.png?colour=red", 400, "colour"),
    ("/charts/distribution.png?credential=99&field=14&control=1&region=1&locale=11", 422,
     "credential"),
    ("/report.pdf?credential=3", 422, "field"),
])
def test_chart_routes_name_what_is_wrong(client, url, status, field):
    response = client.get(API + url)
    assert response.status_code == status, response.data[:200]
    body = response.get_json()
    assert body["status"] == status and field in [e["field"] for e in body["errors"]]


def test_a_pinned_program_from_another_field_is_a_conflict(client, service):
    opts = service.options()
    field, other = opts["field"][0]["value"], opts["field"][1]["value"]
    program = opts["program"][other][0]["value"]
    d = opts["default"]
    pin = f"{d['credential']}_{field}_{program}_{d['control']}_{d['region']}_{d['locale']}___"
    response = client.get(f"{API}/charts/comparison.png?pin={pin}")
    assert response.status_code == 409
    assert response.get_json()["errors"][0]["field"] == "pin[0]"


def test_codes_written_as_decimals_are_codes(client, service):
    d = _default(service)
    decimal = {**d, "credential": f"{d['credential']}.0", "control": f"{d['control']}.0"}
    a = client.get(f"{API}/predict?{urlencode(d)}").get_json()
    b = client.get(f"{API}/predict?{urlencode(decimal)}").get_json()
    assert b["prediction"]["value"] == a["prediction"]["value"]


def test_download_callback_sends_the_chart_named_for_what_it_shows(service, monkeypatch):
    stand_in = StandIn()
    sent, message = export.export_chart(service, stand_in, {"chart": "breakdown",
                                                            "format": "pdf"},
                                        _values(service), [], {}, View())
    assert message is None and sent["filename"].startswith("prediction-breakdown-")
    assert sent["filename"].endswith(".pdf")
    assert base64.b64decode(sent["content"]).startswith(b"%PDF-")
    assert stand_in.calls[0][1:] == ("pdf", 900, 380, 1.0)
    credential = str(service.options()["default"]["credential"])
    sent, _ = export.export_chart(service, stand_in, {"chart": "states", "format": "png"},
                                  {}, [], {"credential": [credential]},
                                  View.read("sat", "control"))
    assert sent["filename"].startswith("median-earnings-by-state-")
    assert stand_in.calls[-1][1:] == ("png", 900, 520, 2.0)


def test_download_callback_explains_problems_in_the_page(service, monkeypatch):
    broken = StandIn(ExportUnavailable("install chromium"))
    values = _values(service)
    sent, message = export.export_chart(service, broken, {"chart": "distribution",
                                                          "format": "png"},
                                        values, [], {}, View())
    assert sent is no_update and "install chromium" in _text(message)
    sent, message = export.export_chart(service, broken, {"chart": "distribution",
                                                          "format": "png"},
                                        {**values, "tuition": None}, [], {}, View())
    assert sent is no_update and "Tuition" in _text(message)
    assert export.export_chart(service, broken, None, values, [], {}, View()) == (
        no_update, no_update)
    def make_report(service, s, programs):  # as the app's context makes it
        return build_report(service, s, broken, programs), "report"

    sent, message = export.report(service, make_report, values)
    assert sent is no_update and "install chromium" in _text(message)


def test_cli_refuses_contradictory_arguments(config, capsys, monkeypatch):
    monkeypatch.setenv("VAR_DIR", str(config.var_dir))
    assert cli.main(["export", "report", "--format", "svg"]) == 4
    assert "the report is a PDF" in capsys.readouterr().err
    assert cli.main(["export", "states", "--filter", "colour=red"]) == 4
    assert "'colour' is not a filter" in capsys.readouterr().err
    assert cli.main(["export", "states", "--each", "field", "-o", "x.png"]) == 4
    assert "--out-dir" in capsys.readouterr().err


def test_the_pin_pattern_follows_the_models_limits(service):
    """The pin form is derived from the numeric limits: every whole number and decimal
    inside them matches, everything outside does not (checked against the limits)."""
    import re

    from model.serving.inputs import NUMERIC_LIMITS
    from model.serving.links import integers_pattern, pin_pattern

    for low, high in [(0, 0), (400, 1599), (0, 149_999), (7, 1_234), (95, 105)]:
        whole = re.compile(f"^({integers_pattern(low, high)})$")
        assert [n for n in range(high + 2_000) if bool(whole.match(str(n))) !=
                (low <= n <= high)] == []
    form = re.compile(pin_pattern(service.options()))
    d = service.options()["default"]
    head = f"{d['credential']}_{d['field']}__{d['control']}_{d['region']}_{d['locale']}"
    (a_lo, a_hi), (s_lo, s_hi), (t_lo, t_hi) = (NUMERIC_LIMITS[k] for k in
                                                  ("admission_rate", "sat", "tuition"))
    for ok in (f"{a_lo:g}_{s_lo:g}_{t_lo:g}", f"{a_hi:g}_{s_hi:g}_{t_hi:g}", "__",
               "0.5_1100.25_9000", f"none_{s_hi:g}.0_{t_hi - 0.5:g}"):
        assert form.match(f"{head}_{ok}"), ok
    for bad in (f"{a_hi + 0.5:g}_1100_9000", f"0.5_{s_lo - 1:g}_9000", f"0.5_{s_hi + 1:g}_9000",
                f"0.5_1100_{t_hi + 1:g}", f"0.5_{s_hi:g}.5_9000", ".5_1100_9000",
                "0.5_1100_-1"):
        assert not form.match(f"{head}_{bad}"), bad


class Gated(Exporter):
    """The real queue with a drawing step that waits for the test to open a gate."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.gate, self.started = threading.Event(), threading.Semaphore(0)

    def _draw(self, fig, opts) -> bytes:
        self.started.release()
        assert self.gate.wait(10)
        return b"drawn"


def test_a_full_export_queue_answers_busy_at_once_then_recovers(app, service):
    gated = Gated(limit=2)
    busy = [threading.Thread(target=gated.export, args=({}, "png", 100, 100))
            for _ in range(2)]
    for thread in busy:
        thread.start()
    for _ in busy:
        assert gated.started.acquire(timeout=10)
    with pytest.raises(ExportBusy, match="drawing 2 other exports"):
        gated.export({}, "png", 100, 100)
    client = app.server.test_client()
    real = app.server.extensions["dashboard"].exporter
    app.server.extensions["dashboard"].exporter = gated
    try:
        url = f"{API}/charts/breakdown.png?{urlencode(_default(service))}"
        response = client.get(url)
        assert response.status_code == 503 and response.headers["Retry-After"] == "5"
        assert "try again in 5 seconds" in response.get_json()["message"]
        card = export.export_chart(service, gated, {"chart": "breakdown", "format": "png"},
                                   _values(service), [], {}, View())
        assert card[0] is no_update and "try again" in _text(card[1])
        gated.gate.set()
        for thread in busy:
            thread.join(10)
        assert client.get(url).data == b"drawn"
    finally:
        gated.gate.set()
        app.server.extensions["dashboard"].exporter = real


def test_one_report_per_program_of_an_institution(config, service, tmp_path, monkeypatch,
                                                  capsys):
    """`export report --unitid X --each program`: a PDF per program the institution offers,
    named for it, each with its actual against expected (marked on its distribution)."""
    from dashboard.cli import export as export_cli
    from dashboard.export.report import program_lines

    stand_in = PngStandIn()
    monkeypatch.setattr(export_cli, "make_exporter", lambda: stand_in)
    monkeypatch.setenv("VAR_DIR", str(config.var_dir))
    unitid = service.search_institutions("university")[0]["value"]
    programs = service.real_programs(unitid)
    out = tmp_path / "reports"
    assert cli.main(["export", "report", "--unitid", unitid, "--each", "program",
                     "--out-dir", str(out)]) == 0
    files = sorted(out.glob("*.pdf"))
    assert len(files) == len(programs) > 1
    assert all(f.read_bytes().startswith(b"%PDF") for f in files)
    slug_name = programs[0]["institution"].lower().split()[0]
    assert all(slug_name in f.name for f in files), [f.name for f in files]
    lines = program_lines([programs[0]])
    p = programs[0]
    assert lines[0] == f"{p['institution']}: {p['program']}"
    if p["status"] == "published":
        assert f"Reported ${p['earnings']:,.0f}" in lines[1] and "expected" in lines[1]
    assert lines[2 if p["status"] == "published" else 1].count("Median debt") == 1
    assert cli.main(["export", "report", "--each", "program"]) == 4
    assert "--each program needs --unitid" in capsys.readouterr().err


def test_the_report_draws_its_three_charts_through_chart_requests(service):
    """The report's charts are ChartRequests (charts.request): the same figures as the
    page's Download, at the report's sizes, as 2x PNGs; the state map names the field."""
    from dashboard.export.report import SIZES, chart_requests

    s = service.default_scenario()
    drawn = PngStandIn()
    pdf = build_report(service, s, drawn)
    assert pdf.startswith(b"%PDF")
    assert [(fmt, (w, h), scale) for _, fmt, w, h, scale in drawn.calls] == [
        ("png", SIZES[name], 2.0) for name in ("distribution", "breakdown", "states")]
    states = chart_requests(service, s)[2].figure(service)
    field = service.describe(s, "field")
    assert states.layout.title.text.startswith("Median earnings by state, same credential")
    assert field[:70] in states.layout.title.text
    page = ChartRequest("distribution", scenario=s).figure(service)
    assert chart_requests(service, s)[0].figure(service).to_dict() == page.to_dict()
