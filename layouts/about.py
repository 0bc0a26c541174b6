"""The About panel: data source and what was kept, the measure, the model's accuracy and
how far to trust it, and how to read the breakdown and the range."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from charts.figures import plural
from model.codes import CREDLEV, money
from model.serving.institutions import MAX_CHOSEN, PEER_RULE

from .about_test import earnings_test_section

SCORECARD_URL = "https://collegescorecard.ed.gov/data/"
STATUS_COLUMNS = (("read", "Rows read"), ("kept", "Kept"), ("published", "Earnings published"),
                  ("suppressed", "Privacy-suppressed"), ("not available", "Not available"))


def _source(info: dict) -> list:
    data = info["data"]
    if info["demo"]:
        return [html.P([html.Strong("Demo data. "),
                        f"The {data['rows']:,} programs shown are generated, deterministic demo "
                        "data in the Scorecard's shape, not real figures. Load real data with "
                        "`.venv/bin/python -m dashboard data download` or your own files "
                        "(see docs/real-data.md)."])]
    files = ", ".join(f"{s['name']} (sha256 {s['sha256'][:12]}…)" for s in data["sources"])
    return [html.P(["U.S. Department of Education, ",
                    html.A("College Scorecard", href=SCORECARD_URL, target="_blank",
                           rel="noopener noreferrer"),
                    (f", release {data['release']}. " if data["release"] != "unknown" else ". ")
                    + f"Files: {files}."])]


def _identity(info: dict) -> html.P:
    """Which model this server answers with (as its readiness check says): during a rolling
    update two servers may answer with different ones."""
    me = info["identity"]
    data = ("demo data" if info["demo"] else f"the release of {me['release']}"
            if me["release"] not in (None, "unknown") else "files of an unknown release")
    return html.P([f"Model {me['id']}, trained {me['trained_at'][:16].replace('T', ' ')} UTC "
                   f"on {data} with scikit-learn {info['versions']['scikit-learn']}."],
                  id="about-model", className="text-muted small")


def _kept(report: dict) -> list:
    """What the build did with every row: kept (by earnings status) or dropped, per
    credential."""
    if not report.get("by_credential"):
        return []
    total = report["total"]
    rows = [html.Tr([html.Th(name, scope="row"), *[html.Td(f"{c[k]:,}") for k, _ in
                                                   STATUS_COLUMNS],
                     html.Td(f"{sum(c['dropped'].values()):,}")])
            for name, c in report["by_credential"].items()]
    rows.append(html.Tr([html.Th("All", scope="row"),
                         *[html.Td(html.Strong(f"{total[k]:,}")) for k, _ in STATUS_COLUMNS],
                         html.Td(html.Strong(f"{sum(total['dropped'].values()):,}"))]))
    dropped = [html.Li(f"{report['drop_reasons'][k]}: {n:,}") for k, n in
               total["dropped"].items()]
    return [
        html.P("Every program of the source is kept, also those whose earnings the "
               "Department withheld to protect privacy (privacy-suppressed) or does not have "
               "(not available): they are counted on the page, but only programs with "
               "published earnings are drawn and train the model."),
        scrolling(dbc.Table([html.Thead(html.Tr([
            html.Th("Credential", scope="col"),
            *[html.Th(t, scope="col") for _, t in STATUS_COLUMNS],
            html.Th("Dropped", scope="col")])), html.Tbody(rows)], bordered=False, size="sm",
            className="about-metrics w-auto small", id="about-kept"), "Programs kept"),
        html.Ul(dropped, className="small") if dropped else None,
    ]


def _measure(info: dict) -> list:
    m, data = info["target_measure"], info["data"]
    report = data.get("report") or {}
    why = report.get("target_reason")
    measures = report.get("earnings_measures") or {}
    others = {c: n for c, n in measures.items() if c != info["target"] and n}
    empty = sum(1 for c, n in measures.items() if c != info["target"] and not n)
    return [
        html.P([html.Strong(m["label"]), f" ({info['target']}), of the graduates of one "
                "program: one credential in one field of study at one institution."]),
        html.P(f"Source of the definition: {m['source']}. Earnings are those of graduates who "
               "received federal grants or loans, from tax records; graduates still in school "
               "are left out.", className="small"),
        html.P(f"Chosen because it is {why}. " if why else "", className="small"),
        html.P(("Other earnings measures in the file (published values): "
                + ", ".join(f"{c} ({n:,})" for c, n in others.items()) + ". " if others
                else "") + (f"{empty} more earnings medians in the file have no published "
                            "values." if empty else ""), className="small"),
        html.P("Set SCORECARD_TARGET to model another, for example EARN_MDN_HI_2YR (the "
               "original tutorial's).", className="small text-muted"),
    ]


def _coverage_rows(interval: dict) -> list:
    crossed = interval.get("cross_validated") or {}
    parts = [("All programs", interval, crossed)]
    parts += [(band, part, (crossed.get("by_size") or {}).get(band, {}))
              for band, part in (interval.get("by_size") or {}).items()]
    parts += [(CREDLEV.get(int(level), level), part,
               (crossed.get("by_credential") or {}).get(level, {}))
              for level, part in (interval.get("by_credential") or {}).items()]
    rows = []
    for title, held, cv in parts:
        rows.append(html.Tr([html.Th(title[:1].upper() + title[1:], scope="row"),
                             html.Td(_pct(held.get("coverage"), held.get("n"))),
                             html.Td(_pct(cv.get("coverage"), cv.get("n")))]))
    return rows


def _horizons(info: dict) -> list:
    """One model per earnings horizon, each with its own accuracy and range."""
    horizons = info.get("horizons") or []
    if len(horizons) < 2:
        return []
    rows = [html.Tr([html.Th(h["title"] + (f" ({h['dollars']} dollars)" if h.get("dollars")
                                           else ""), scope="row"),
                     html.Td(f"{h['rows']:,}"),
                     html.Td(f"{h['cv_r2']:.3f} ± {h['cv_r2_std']:.3f}"),
                     html.Td(f"{h['test_r2']:.3f}"),
                     html.Td(f"{h['coverage']:.1%} / {h['cv_coverage']:.1%}"),
                     html.Td(f"{h['above_expected']:.0%}")]) for h in horizons]
    head = ("Earnings horizon", "Programs", "CV R²", "Held-out R²",
            "80% range coverage (held out / CV)", "Above expected")
    return [html.H3("Earnings horizons", className="h6 mt-3"),
            html.P("The release measures earnings at several horizons after completion; "
                   "each has its own model, range and expectations, trained on the programs "
                   "that report it. The horizons measure different completion cohorts "
                   "(see each measure's words), so a program's earnings across them are "
                   "not one cohort growing.", className="small"),
            scrolling(dbc.Table([html.Thead(html.Tr([html.Th(t, scope="col") for t in head])),
                                 html.Tbody(rows)], bordered=False, size="sm",
                                className="about-metrics w-auto small", id="about-horizons"),
                      "Earnings horizons")]


def scrolling(table, label: str) -> html.Div:
    """A table that scrolls sideways on a narrow screen, in a region a keyboard can reach
    (Tab, then the arrow keys) and a screen reader names."""
    return html.Div(table, className="table-responsive", tabIndex=0, role="region",
                    **{"aria-label": label})


def _expectations(info: dict) -> list:
    above = info["metrics"].get("expectations", {}).get("above")
    share = f" {above:.0%} of programs earn more than expected." if above is not None else ""
    return [html.H3("Actual against expected", className="h6 mt-3"),
            html.P("Every program with published earnings gets an expectation: what the model "
                   "predicts for its credential, field, institution and inputs, computed by "
                   "models that never saw it (the programs are split into five folds and "
                   "each fold is predicted by the model fitted on the other four). The gap "
                   "is the program's reported median minus its expectation, and its "
                   "percentile places it among the gaps of programs of the same "
                   "credential." + share + " The expectation is an average, and earnings "
                   "are skewed (a few programs earn far more than the rest), so usually a "
                   "little under half of programs beat it; the percentile, 50 in the middle, "
                   "says where a program stands among its peers."),
            html.P("What the gap does not say: it is an association, not the program's "
                   "causal effect. Programs differ in who enrolls and what they do after, "
                   "which the inputs capture only in part; and a small program's median "
                   "rests on few graduates, so its gap is noisy (the page says so under 30 "
                   "graduates).", className="small")]


def _debt(rates: dict) -> list:
    return [html.H3("Debt and what it costs", className="h6 mt-3"),
            html.P("Median debt is the median federal loan debt (Stafford and Grad PLUS) of "
                   "the program's completers at this institution (DEBT_ALL_STGP_EVAL_MDN). "
                   "The monthly payment is a standard 10-year repayment: payment = debt × i "
                   "/ (1 − (1 + i)^−120), with i the yearly rate / 12, at "
                   f"{rates['undergraduate']:.2f}% for undergraduate and "
                   f"{rates['graduate']:.2f}% for graduate credentials (the federal Direct "
                   "Loan rates for 2025-26 loans are 6.39% and 7.94%; settings "
                   "DEBT_RATE_UNDERGRADUATE and DEBT_RATE_GRADUATE). The Department's own "
                   "10-year estimate is shown "
                   "beside it where the release has it. Debt-to-earnings is the median debt "
                   "over a year's median earnings.", className="small")]


def _institutions() -> list:
    return [html.H3("One institution's programs", className="h6 mt-3"),
            html.P("The Institution tab sums up an institution's programs at the chosen "
                   "horizon: the median of the published programs' medians (n: the programs "
                   "with published earnings), the share whose earnings are above what the "
                   "model expects and the median gap (cross-fitted expectations, as above), "
                   "the earnings test's outcomes, and the median of the programs' median "
                   "debts. " + PEER_RULE + " A user may choose up to "
                   f"{MAX_CHOSEN} peers instead; the page says which.", className="small")]


def _pct(value: float | None, n: int | None) -> str:
    return "–" if value is None else f"{value:.1%} of {n:,}"


def about_panel(info: dict) -> dbc.Card:
    """The panel's content for the model described by `info` (ModelService.info())."""
    metrics = info["metrics"]
    test, cv, interval = metrics["test"], metrics["cv_r2"], metrics["interval"]
    comparison = metrics.get("tutorial_comparison", {})
    warnings = [dbc.Alert([html.Strong("Caution: "), w], color="warning", className="py-2")
                for w in info.get("warnings") or []]
    rows = [
        html.H2("About this dashboard", className="h5"),
        *warnings,
        html.H3("Data", className="h6 mt-3"), *_source(info),
        *_kept(info["data"].get("report") or {}),
        html.H3("What is predicted", className="h6 mt-3"), *_measure(info),
        html.H3("The model", className="h6 mt-3"),
        html.P("A linear model (ridge regression) on the eight inputs: one-hot credential, "
               "field of study (its CIP family, the credential × field combination, and every "
               "specific 4-digit program, shrunk toward its family), control, region and "
               "locale; admission rate, SAT and tuition with the median filled in and a flag "
               "where they are not reported. Tuition is the in-state tuition, or the "
               "program's tuition at schools that charge by program (most certificates). "
               "Net price is shown but not used: on the real extract it did not improve the "
               "cross-validated accuracy, nor did a credential × control term."),
        dbc.Table([html.Tbody([
            html.Tr([html.Th("5-fold cross-validated R²", scope="row"),
                     html.Td(f"{cv['mean']:.3f} ± {cv['std']:.3f} (folds of "
                             f"{plural(cv.get('n', 0), 'program')})")]),
            html.Tr([html.Th("Held-out R² (one split)", scope="row"),
                     html.Td(f"{test['r2']:.3f} ({plural(test['n'], 'program')})")]),
            html.Tr([html.Th("Mean absolute error", scope="row"), html.Td(money(test["mae"]))]),
            html.Tr([html.Th("Root mean squared error", scope="row"),
                     html.Td(money(test["rmse"]))]),
            *([html.Tr([html.Th("The tutorial's pipeline, same rows and split", scope="row"),
                        html.Td(f"R² {comparison['tutorial']['r2']:.3f} (ours "
                                f"{comparison['ours']['r2']:.3f})")])]
              if "tutorial" in comparison else []),
        ])], bordered=False, size="sm", className="about-metrics w-auto"),
        *_horizons(info),
        *_expectations(info),
        *_debt(info.get("debt_rates") or {"undergraduate": 6.39, "graduate": 7.94}),
        *earnings_test_section(info.get("earnings_test")),
        *_institutions(),
        html.H3("Reading the breakdown", className="h6 mt-3"),
        html.P("The breakdown starts at the average prediction over the training programs. Each "
               "bar is what one input adds to or takes from it, compared with an average "
               "program; the bars add up exactly to the prediction. The field of study's bar "
               "includes what that field is worth at the chosen credential and, if one is "
               "chosen, the specific program. Effects are associations in the data, not causes."),
        html.H3("The range", className="h6 mt-3"),
        html.P(f"The {interval['level']:.0%} range is split-conformal: it is sized from how far "
               "actual earnings fell from cross-validated predictions, per credential, and "
               "widens for small programs, whose medians rest on few graduates and stray "
               f"further. About {interval['level']:.0%} of programs like the one described "
               "should fall inside it. How often it did:"),
        dbc.Table([html.Thead(html.Tr([html.Th("Programs", scope="col"),
                                       html.Th("Held out (one split)", scope="col"),
                                       html.Th("Cross-validated", scope="col")])),
                   html.Tbody(_coverage_rows(interval))], bordered=False, size="sm",
                  className="about-metrics w-auto small", id="about-coverage"),
        _identity(info),
    ]
    return dbc.Card(dbc.CardBody([r for r in rows if r is not None]), className="shadow-sm")
