"""Server-side export with kaleido and Debian's Chromium: every chart in every format is a
valid file of its type and size; the report holds the prediction; exports queue; without a
browser the answer is a 503 and the rest of the app keeps working."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import threading
import zlib
from urllib.parse import urlencode

import pytest

from charts.catalog import CHARTS, SIZES
from dashboard.export.renderer import Exporter
from model.codes import money

from .conftest import ROOT

API = "/api/v1"


@pytest.fixture(scope="module", autouse=True)
def chromium():
    if shutil.which("chromium") is None:
        pytest.fail("chromium is not installed: apt-get install chromium")


def _default(service) -> dict:
    return {k: v for k, v in service.options()["default"].items() if v is not None}


def _params(service, chart: str) -> dict:
    d = _default(service)
    if chart in ("distribution", "breakdown"):
        return d
    if chart == "comparison":
        pin = "_".join("" if d.get(k) is None else str(d[k]) for k in (
            "credential", "field", "program", "control", "region", "locale",
            "admission_rate", "sat", "tuition"))
        return {"pin": pin}
    return {"credential": d["credential"], "x": "sat", "group": "control"}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def pdf_text(data: bytes) -> str:
    """Every content stream of a PDF, inflated, as text (enough to find what it says)."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            out.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            out.append(stream.decode("latin-1"))
    return "\n".join(out)


@pytest.mark.parametrize("chart", CHARTS)
def test_every_chart_in_every_format(client, service, chart):
    params = _params(service, chart)
    sized = urlencode({**params, "width": 640, "height": 400, "scale": 1.5}, doseq=True)
    png = client.get(f"{API}/charts/{chart}.png?{sized}")
    assert png.status_code == 200, png.get_json()
    assert png.mimetype == "image/png"
    assert png_size(png.data) == (960, 600)
    assert len(png.data) > 10_000  # a drawn chart, not an empty canvas
    svg = client.get(f"{API}/charts/{chart}.svg?{urlencode(params, doseq=True)}")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    text = svg.data.decode()
    width, height = SIZES[chart]  # the default size
    assert text.startswith("<svg") and text.rstrip().endswith("</svg>")
    assert f'width="{width}" height="{height}"' in text and len(text) > 3_000
    pdf = client.get(f"{API}/charts/{chart}.pdf?{urlencode(params, doseq=True)}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF-") and b"%%EOF" in pdf.data[-64:]
    assert len(pdf.data) > 3_000
    box = re.search(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf.data).groups()
    assert [float(v) for v in box] == pytest.approx([width * 0.75, height * 0.75], abs=1)  # pt
    name = re.search(r'filename="([^"]+)"', svg.headers["Content-Disposition"]).group(1)
    assert name.endswith(".svg") and re.fullmatch(r"[a-z0-9-]+\.svg", name)


def test_exported_chart_matches_the_page(client, service):
    """Same title, labels and prediction line as the figure the page draws."""
    d = _default(service)
    s = service.validate(d)
    prediction = service.predict(s)["value"]
    svg = client.get(f"{API}/charts/distribution.svg?{urlencode(d)}").data.decode()
    assert f"Predicted {money(prediction)}" in svg
    assert "Share of programs (%)" in svg
    assert service.describe(s, "credential") in svg.replace("&#39;", "'")
    name = client.get(f"{API}/charts/distribution.png?{urlencode(d)}").headers[
        "Content-Disposition"]
    credential = service.describe(s, "credential").lower().replace("'", "").replace(" ", "-")
    assert f'filename="earnings-distribution-{credential}-' in name


def test_report_is_one_page_with_the_prediction(client, service):
    d = _default(service)
    s = service.validate(d)
    p = service.predict(s)
    response = client.get(f"{API}/report.pdf?{urlencode(d)}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", response.data)) == 1
    text = pdf_text(response.data)
    assert money(p["value"]) in text
    assert f"{money(p['low'])} to {money(p['high'])}" in text
    assert "scenario report" in text and "Data:" in text
    assert len(re.findall(rb"/Subtype\s*/Image", response.data)) == 3  # the three charts


def test_concurrent_exports_queue(service):
    from charts.compose import scenario_figures

    exporter = Exporter(limit=4)  # all four wait their turn (beyond the limit: ExportBusy)
    fig = scenario_figures(service, service.validate(_default(service)))["breakdown"]
    results, errors = [], []

    def work():
        try:
            results.append(exporter.export(fig, "png", 500, 300, 1))
        except Exception as exc:  # noqa: BLE001 - collected and asserted on
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    exporter.close()
    assert errors == [] and len(results) == 4
    assert all(png_size(r) == (500, 300) for r in results)


def test_without_chromium_export_answers_503_and_the_rest_works(app, client, service,
                                                                monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    monkeypatch.setattr(app.server.extensions["dashboard"], "exporter", Exporter())
    d = _default(service)
    response = client.get(f"{API}/charts/distribution.png?{urlencode(d)}")
    assert response.status_code == 503
    body = response.get_json()
    assert "apt-get install chromium" in body["message"]
    assert "/nonexistent/chromium" in body["message"]
    assert client.get(f"{API}/report.pdf?{urlencode(d)}").status_code == 503
    assert client.get(f"{API}/predict?{urlencode(d)}").status_code == 200
    assert client.get("/").status_code == 200


def test_cli_writes_a_chart_and_a_report_per_field(config, service, tmp_path):
    env = {"VAR_DIR": str(config.var_dir), "PATH": "/usr/bin:/bin"}
    d = _default(service)
    one = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "distribution", "--format", "svg",
         "--credential", str(d["credential"]), "--field", d["field"], "-o",
         str(tmp_path / "d.svg")], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False)
    assert one.returncode == 0, one.stderr
    assert (tmp_path / "d.svg").read_text().startswith("<svg")
    batch = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "report", "--credential",
         str(d["credential"]), "--each", "control", "--out-dir", str(tmp_path / "r")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert batch.returncode == 0, batch.stderr
    files = sorted((tmp_path / "r").glob("*.pdf"))
    assert len(files) == len(service.options()["control"])
    assert all(f.read_bytes().startswith(b"%PDF-") for f in files)
    assert "report per control" in batch.stderr and "100%" in batch.stderr  # progress
    missing = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "states"], cwd=ROOT,
        env={**env, "BROWSER_PATH": "/nonexistent/chromium"}, capture_output=True, text=True,
        timeout=60, check=False)
    assert missing.returncode == 5 and "apt-get install chromium" in missing.stderr
