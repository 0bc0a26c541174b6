"""A one-page PDF report of one scenario: its inputs, the prediction and its range, a chosen
real program's reported earnings against its expectation and its debt, the three main charts
(earnings distribution, the breakdown, earnings by state for the same credential and field),
the data source, the model's metrics and the date."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

from fpdf import FPDF

from charts.compose import scenario_name, slug
from charts.request import ChartRequest, render
from dashboard.export.renderer import Exporter
from layouts.real_program import debt_words, gap_words, trajectory_words
from model.codes import money
from model.serving.filters import Filters
from model.serving.inputs import Scenario
from model.serving.service import INPUT_LABELS, ModelService

MARGIN, WIDTH = 12.0, 191.9  # mm on US Letter (215.9 mm wide)
FOOTER = 26.0  # mm: the data and method lines under the charts
# each chart's size in CSS pixels: the distribution across the page, the other two side by side
SIZES = {"distribution": (1000, 400), "breakdown": (640, 440), "states": (640, 440)}
SWAP = {"\u2026": "...", "\u2013": "-", "\u2014": "-", "\u2019": "'", "\u2018": "'",
        "\u201c": '"', "\u201d": '"', "\u2264": "<=", "\u2265": ">="}


def pdf_text(value: object) -> str:
    """Text the PDF's built-in font can set (Latin-1)."""
    text = str(value)
    for char, plain in SWAP.items():
        text = text.replace(char, plain)
    return text.encode("latin-1", "replace").decode("latin-1")


def _fit(pdf: FPDF, value: object, width: float) -> str:
    """The text, shortened with '...' to fit `width` mm in the current font."""
    text = pdf_text(value)
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "...") > width:
        text = text[:-1]
    return text.rstrip() + "..."


def _aspect(chart: str) -> float:
    width, height = SIZES[chart]
    return height / width


def report_name(service: ModelService, s: Scenario, programs: list[dict] | None = None
                ) -> str:
    """The report's file name, without the extension (with the institution's name when
    the report is about its program)."""
    name = scenario_name(service, "distribution", s).replace("earnings-distribution",
                                                             "earnings-report", 1)
    if programs:  # the institution first, so that a long field name cannot cut it off
        p = programs[0]
        name = slug("earnings-report", p.get("institution") or p["unitid"],
                    name.removeprefix("earnings-report-"), p.get("cipcode") or "", limit=120)
    return name


def letter_pdf(title: str) -> FPDF:
    """A US Letter document in millimetres with the reports' margins, no automatic page
    breaks, and its title and creator set."""
    pdf = FPDF(format="letter", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    pdf.set_title(pdf_text(title))
    pdf.set_creator("College Earnings dashboard")
    return pdf


def program_lines(programs: list[dict] | None) -> list[str]:
    """What the report says of a chosen real program (the first, with a count of more)."""
    if not programs:
        return []
    p = programs[0]
    head = f"{p.get('institution')}: {p.get('program') or p.get('cipcode')}"
    if len(programs) > 1:
        head += f" (and {len(programs) - 1} more programs of this credential and field)"
    if p["status"] != "published":
        return [head, f"Earnings {p['status']}. " + debt_words(p)]
    graduates = ("graduates not reported" if p.get("graduates") is None
                 else f"{p['graduates']:,.0f} graduates a year")
    lines = [head, f"Reported {money(p['earnings'])} ({graduates}); expected "
                   f"{money(p['expected']) if p.get('expected') is not None else 'n/a'}: "
                   f"{gap_words(p)}.", debt_words(p)]
    trajectory = trajectory_words(p)
    return lines + ([trajectory] if trajectory else []) + test_lines(p.get("test"))


def test_lines(test: dict | None) -> list[str]:
    """A real program's earnings test in the report: its status, margin and how sure."""
    if not test:
        return []
    sentences = test.get("sentences") or []
    said = [s for s in sentences if not s.startswith(("The law judges", "Debt-to-earnings"))]
    return ["Federal earnings test (4-year earnings): " + " ".join(said[:4])]


def scenario_test_line(test: dict | None) -> str | None:
    """Whether a program like the scenario would pass, in one line."""
    if not test:
        return None
    said = [s for s in test.get("sentences") or [] if not s.startswith("The law judges")]
    return "Would a program like this pass the federal earnings test? " + " ".join(said[:2])


def chart_requests(service: ModelService, s: Scenario, programs: list[dict] | None = None
                   ) -> list[ChartRequest]:
    """The report's three charts, as PNGs at the report's sizes."""
    field = service.describe(s, "field").split(":")[0]
    requests = [ChartRequest("distribution", scenario=s, programs=programs),
                ChartRequest("breakdown", scenario=s),
                ChartRequest("states", filters=Filters(credential=[s.credential],
                                                       field=[s.field]),
                             title="Median earnings by state, same credential and field"
                                   f"<br><sup>{field[:70]}</sup>")]
    return [replace(r, width=SIZES[r.chart][0], height=SIZES[r.chart][1]) for r in requests]


def build_report(service: ModelService, s: Scenario, exporter: Exporter,
                 programs: list[dict] | None = None, today: dt.date | None = None) -> bytes:
    """The report as PDF bytes (raises ExportUnavailable without a browser); `programs`:
    a chosen institution's matching programs (ModelService.real_programs)."""
    info, result = service.info(), service.explain(s)
    state = (programs[0].get("state") if programs else None)
    test_line = scenario_test_line(service.scenario_test(s, state))
    images = {r.chart: render(service, exporter, r)[0]
              for r in chart_requests(service, s, programs)}
    p = result["prediction"]
    today = today or dt.datetime.now(dt.UTC).date()

    pdf = letter_pdf(f"Earnings report: {service.describe(s, 'field')}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 8, "College Earnings: scenario report", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(0, 4.4, pdf_text(f"{today:%B %d, %Y}. Predicting: {info['target_definition']}. "
                                 f"Model trained {info['created_at'][:10]}."),
                   align="L", new_x="LMARGIN", new_y="NEXT")
    if info["demo"]:
        pdf.set_text_color(170, 90, 0)
        pdf.cell(0, 5, "Demo data: generated programs and earnings, not real College "
                       "Scorecard figures.", new_x="LMARGIN", new_y="NEXT")
    for warning in info.get("warnings") or []:
        pdf.set_text_color(170, 90, 0)
        pdf.multi_cell(0, 4.4, pdf_text(f"Caution: {warning}"), align="L", new_x="LMARGIN",
                       new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)

    top = pdf.get_y()
    pdf.set_font("Helvetica", "", 9)
    for name in ("credential", "field", "control", "region", "locale", "admission_rate",
                 "sat", "tuition"):
        label = "Field / program" if name == "field" else INPUT_LABELS[name]
        pdf.set_font("Helvetica", "B", 9)
        pdf.cell(34, 4.6, pdf_text(label))
        pdf.set_font("Helvetica", "", 9)
        pdf.cell(74, 4.6, _fit(pdf, service.describe(s, name), 73), new_x="LMARGIN",
                 new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_xy(MARGIN + 112, top)
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 5, pdf_text("Predicted " + info["target_measure"]["title"].lower()), new_x="LEFT",
             new_y="NEXT")
    pdf.set_font("Helvetica", "B", 24)
    pdf.set_text_color(13, 110, 253)
    pdf.cell(0, 11, pdf_text(money(p["value"])), new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "", 9)
    lines = [f"{p['level']:.0%} range: {money(p['low'])} to {money(p['high'])}"
             + (f" (a program of {p['typical_graduates']:,.0f} graduates a year)"
                if p.get("typical_graduates") else "")]
    if p["percentile"] is not None:
        lines.append(f"Higher than {p['percentile']:.0f}% of {p['peers']:,} "
                     f"{p['credential_label']} programs")
    pdf.multi_cell(WIDTH - 112, 4.6, pdf_text("\n".join(lines)), align="L", new_x="LEFT",
                   new_y="NEXT")
    pdf.set_y(max(bottom, pdf.get_y()) + 3)
    if test_line:
        pdf.multi_cell(WIDTH, 4.4, pdf_text(test_line), align="L", new_x="LMARGIN",
                       new_y="NEXT")
        pdf.ln(1)
    lines = program_lines(programs)
    if lines:
        pdf.set_font("Helvetica", "B", 9)
        pdf.multi_cell(WIDTH, 4.4, pdf_text("This program: " + lines[0]), align="L",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(WIDTH, 4.4, pdf_text("\n".join(lines[1:])), align="L", new_x="LMARGIN",
                       new_y="NEXT")
        pdf.ln(2)

    y = pdf.get_y()
    # the charts take what the words leave of the page, above the footer's lines
    room = pdf.h - MARGIN - FOOTER - y
    needed = WIDTH * _aspect("distribution") + 2 + (WIDTH - 4) / 2 * max(
        _aspect("breakdown"), _aspect("states")) + 3
    fit = min(1.0, room / needed)
    width = WIDTH * fit
    height = width * _aspect("distribution")
    pdf.image(io.BytesIO(images["distribution"]), x=MARGIN + (WIDTH - width) / 2, y=y,
              w=width)
    y += height + 2
    half = (width - 4) / 2
    left = MARGIN + (WIDTH - width) / 2
    pdf.image(io.BytesIO(images["breakdown"]), x=left, y=y, w=half)
    pdf.image(io.BytesIO(images["states"]), x=left + half + 4, y=y, w=half)
    y += half * max(_aspect("breakdown"), _aspect("states")) + 3

    test, interval, cv = (info["metrics"][k] for k in ("test", "interval", "cv_r2"))
    source = ("generated demo data" if info["demo"] else
              f"U.S. Department of Education College Scorecard ({info['data']['release']})")
    pdf.set_xy(MARGIN, y)
    pdf.set_font("Helvetica", "", 8)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(WIDTH, 4, pdf_text(
        f"Data: {source}, {info['model']['rows']:,} programs with published earnings. Model: "
        f"ridge regression on one-hot inputs; 5-fold cross-validated R\u00b2 "
        f"{cv['mean']:.2f} \u00b1 {cv['std']:.2f}, mean absolute error {money(test['mae'])} on "
        f"{test['n']:,} held-out programs; the {interval['level']:.0%} range (wider for small "
        f"programs) held {interval['coverage']:.1%} of them. Each input's contribution is "
        "its coefficient times its value, relative to the average program; they add up to "
        "the prediction. Earnings test: the 2025 law's test on 4-year earnings against the "
        f"high-school benchmark ({info['earnings_test'].get('vintage')}); the chance of "
        "failing counts the graduates above the benchmark (method: docs/earnings-test.md); "
        "the law judges 2 of 3 years, a release holds one."), align="L")
    return bytes(pdf.output())

