"""A multi-page PDF report of one institution, for a board: a cover summary (the institution,
its programs' figures, its peers), every program in a table, the three charts, and the
methods with the data's vintage."""

from __future__ import annotations

import datetime as dt
import io

import plotly.graph_objects as go
from fpdf import FPDF

from charts import institution as charts
from charts.compose import slug
from dashboard.export.renderer import Exporter
from dashboard.export.report import MARGIN, WIDTH, letter_pdf, pdf_text
from model import earnings_test as et
from model.codes import money, signed_money

CHARTS = (("actual_expected", charts.actual_expected, 1000, 520),
          ("test_margins", charts.test_margins, 1000, None),
          ("peers", charts.peers, 1000, None))
COLUMNS = (("Program", 70), ("Graduates", 18), ("Reported", 20), ("Expected", 20),
           ("Gap", 18), ("Debt", 17), ("Earnings test", 28.9))


def report_name(profile: dict) -> str:
    """The file name without its extension."""
    inst = profile["institution"]
    return slug("institution-report", inst.get("name") or inst["unitid"],
                inst.get("state") or "", limit=100)


def _heading(pdf: FPDF, text: str, size: int = 13) -> None:
    pdf.set_font("Helvetica", "B", size)
    pdf.multi_cell(WIDTH, 7, pdf_text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)


def _lines(pdf: FPDF, lines: list[str], height: float = 4.6) -> None:
    for line in lines:
        pdf.multi_cell(WIDTH, height, pdf_text(line), new_x="LMARGIN", new_y="NEXT")


def _cover(pdf: FPDF, profile: dict, info: dict, today: dt.date) -> None:
    inst, s = profile["institution"], profile["summary"]
    pdf.add_page()
    _heading(pdf, "College Earnings: institution report", 16)
    _lines(pdf, [f"{today:%B %d, %Y}. {inst['label']}. Earnings measured: "
                 f"{info['target_definition']}."])
    if info["demo"]:
        pdf.set_text_color(170, 90, 0)
        _lines(pdf, ["Demo data: generated programs and earnings, not real College "
                     "Scorecard figures."])
        pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    _heading(pdf, "Summary")
    inputs = [f"{name} {value}" for name, value in (
        ("admission rate", f"{inst['admission_rate']:.0%}" if inst.get("admission_rate")
         is not None else None),
        ("average SAT", f"{inst['sat']:,.0f}" if inst.get("sat") is not None else None),
        ("tuition", money(inst["tuition"]) if inst.get("tuition") is not None else None),
        ("average net price", money(inst["net_price"]) if inst.get("net_price") is not None
         else None)) if value]
    _lines(pdf, [
        f"{s['programs']:,} programs in the release: {s['published']:,} with published "
        f"earnings, {s['suppressed']:,} privacy-suppressed, {s['not_available']:,} not "
        f"available; {s['graduates']:,.0f} graduates a year.",
        "Inputs the model uses: " + (", ".join(inputs) or "none reported") + ".",
        ("Median of its programs' median earnings: "
         + (money(s["median_earnings"]) if s["median_earnings"] is not None else "none")
         + ("; " + f"{s['above_expected']:.0%} of them earn more than programs like them "
            f"(median gap {signed_money(s['median_gap'])})" if s["above_expected"] is not None
            else "") + "."),
        f"Federal earnings test (4-year earnings): {s['passes']:,} pass, {s['at_risk']:,} "
        f"pass but are at risk, {s['fails']:,} fail, {s['not_tested']:,} not tested.",
        "Median debt: " + (money(s["median_debt"]) if s["median_debt"] is not None
                           else "not reported") + "."])
    pdf.ln(2)
    _heading(pdf, "Peers")
    _lines(pdf, [profile["peer_rule"]])
    rows = [(charts.short_name(inst), s), *[(p["short"], p) for p in profile["peers"]]]
    widths = (80, 20, 22, 26, 22, 21.9)
    _row(pdf, ["Institution", "Programs", "With earnings", "Median earnings",
               "Above exp.", "Fail / at risk"], widths, bold=True)
    for name, r in rows:
        _row(pdf, [name, f"{r['programs']:,}", f"{r['published']:,}",
                   money(r["median_earnings"]) if r.get("median_earnings") is not None
                   else "-", f"{r['above_expected']:.0%}" if r.get("above_expected")
                   is not None else "-", f"{r['fails']:,} / {r['at_risk']:,}"], widths)


def _row(pdf: FPDF, cells: list[str], widths: tuple, bold: bool = False) -> None:
    if pdf.get_y() > pdf.h - MARGIN - 10:
        pdf.add_page()
    pdf.set_font("Helvetica", "B" if bold else "", 8)
    for text, width in zip(cells, widths, strict=True):
        value = pdf_text(text)
        while value and pdf.get_string_width(value) > width - 1.5:
            value = value[:-4] + "..." if len(value) > 4 else value[:-1]
        pdf.cell(width, 5, value, border="B")
    pdf.ln(5)


def _programs(pdf: FPDF, profile: dict) -> None:
    pdf.add_page()
    _heading(pdf, "Every program")
    _lines(pdf, ["Reported: the median earnings of the measure; expected: what the model "
                 "predicts of a program like it, from models that never saw it; earnings "
                 "test: its status on 4-year earnings, margin and chance of failing."])
    widths = tuple(w for _, w in COLUMNS)
    _row(pdf, [c for c, _ in COLUMNS], widths, bold=True)
    for p in profile["programs"]:
        test = p.get("test") or {}
        status = "at risk" if test.get("at_risk") else test.get("status", "")
        margin = ("" if test.get("margin") is None else
                  f" {signed_money(test['margin'])}, {100 * test['p_below']:.0f}%"
                  if test.get("p_below") is not None else f" {signed_money(test['margin'])}")
        _row(pdf, [charts.program_name(p, 44),
                   "-" if p.get("graduates") is None else f"{p['graduates']:,.0f}",
                   money(p["earnings"]) if p.get("earnings") is not None else p["status"],
                   money(p["expected"]) if p.get("expected") is not None else "-",
                   signed_money(p["gap"]) if p.get("gap") is not None else "-",
                   money(p["debt"]) if p.get("debt") is not None else "-",
                   status + margin], widths)


def _charts(pdf: FPDF, profile: dict, exporter: Exporter) -> None:
    words = charts.texts(profile)
    for name, build, width, height in CHARTS:
        figure = go.Figure(build(profile))
        figure.update_layout(meta={"export_name": slug(name.replace("_", "-"),
                                                       report_name(profile))})
        tall = height or int(figure.layout.height or 500)
        image = exporter.export(figure, "png", width, tall, 2)
        shown = WIDTH * tall / width
        if pdf.get_y() + shown + 12 > pdf.h - MARGIN or name == "actual_expected":
            pdf.add_page()
        pdf.image(io.BytesIO(image), x=MARGIN, y=pdf.get_y(), w=WIDTH,
                  h=min(shown, pdf.h - MARGIN - pdf.get_y() - 12))
        pdf.set_y(pdf.get_y() + min(shown, pdf.h - MARGIN - pdf.get_y() - 12) + 1)
        pdf.set_font("Helvetica", "", 8)
        _lines(pdf, [words[name].summary], 4)
        pdf.ln(3)


def _methods(pdf: FPDF, profile: dict, info: dict) -> None:
    pdf.add_page()
    _heading(pdf, "Methods and data")
    cv, test = info["metrics"]["cv_r2"], info["metrics"]["test"]
    source = ("generated demo data" if info["demo"] else
              f"U.S. Department of Education College Scorecard, release "
              f"{info['data'].get('release')}")
    vintage = (info.get("earnings_test") or {}).get("vintage") or "unknown"
    _lines(pdf, [
        f"Data: {source}. Earnings: {info['target_definition']}.",
        f"Model: ridge regression on one-hot inputs (credential, field and program, "
        f"control, region, locale, admission rate, SAT, tuition); 5-fold cross-validated "
        f"R\u00b2 {cv['mean']:.2f} \u00b1 {cv['std']:.2f}; mean absolute error "
        f"{money(test['mae'])}. A program's expectation comes from models fitted without "
        "it (cross-fitting); the gap is an association, not the program's effect.",
        f"Federal earnings test: {et.LAW}; {et.RULE}. A program passes when the median "
        "earnings of its federally aided completers, working and not enrolled, 4 years "
        "after completion exceed what working adults aged 25-34 with only a high-school "
        "diploma earn in its state (graduate programs: bachelor's holders, not in the "
        f"release). Benchmarks: {vintage}. The chance of failing counts the graduates "
        "above the benchmark (EARN_GT_THRESHOLD_4YR of EARN_COUNT_WNE_4YR) with a prior "
        "fitted per credential; at risk: passes with a chance of failing of "
        f"{et.AT_RISK:.0%} or more. The law judges 2 of 3 years; a release holds one. "
        "Undergraduate certificates are outside the law's test and held to the same "
        "measure under the gainful-employment regulations.",
        profile["peer_rule"],
        "Sources and the method in full: docs/earnings-test.md of the dashboard."])


def build_institution_report(service, profile: dict, exporter: Exporter,
                             today: dt.date | None = None) -> bytes:
    """The report as PDF bytes (raises ExportUnavailable without a browser)."""
    info = service.info()
    today = today or dt.datetime.now(dt.UTC).date()
    pdf = letter_pdf(f"Institution report: {profile['institution']['label']}")
    _cover(pdf, profile, info, today)
    _programs(pdf, profile)
    _charts(pdf, profile, exporter)
    _methods(pdf, profile, info)
    return bytes(pdf.output())
