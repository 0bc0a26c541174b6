"""The About panel: data source, target, model metrics, and how to read the breakdown."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from .theme import money

SCORECARD_URL = "https://collegescorecard.ed.gov/data/"


def _source(info: dict) -> list:
    data = info["data"]
    if info["demo"]:
        return [html.P([html.Strong("Demo data. "),
                        f"The {data['rows']:,} programs shown are generated, deterministic demo "
                        "data in the Scorecard's shape, not real figures. Load real data with "
                        "`python -m dashboard data download` or your own files (see the README)."])]
    files = ", ".join(f"{s['name']} (sha256 {s['sha256'][:12]}…)" for s in data["sources"])
    return [html.P(["U.S. Department of Education, ",
                    html.A("College Scorecard", href=SCORECARD_URL, target="_blank",
                           rel="noopener noreferrer"),
                    (f", release {data['release']}. " if data["release"] != "unknown" else ". ")
                    + f"Files: {files}. "
                    f"{data['rows']:,} programs have the target."])]


def about_panel(info: dict) -> dbc.Card:
    """The panel's content for the model described by `info` (ModelService.info())."""
    metrics = info["metrics"]
    test, cv, interval = metrics["test"], metrics["cv_r2"], metrics["interval"]
    comparison = metrics.get("tutorial_comparison", {})
    rows = [
        html.H2("About this dashboard", className="h5"),
        html.H3("Data", className="h6 mt-3"), *_source(info),
        html.H3("What is predicted", className="h6 mt-3"),
        html.P(f"The {info['target_definition']} ({info['target']}) of graduates of one program: "
               "one credential in one field of study at one institution."),
        html.H3("The model", className="h6 mt-3"),
        html.P("A linear model (ridge regression) on the eight inputs: one-hot credential, field "
               "of study (its CIP family, the credential × field combination, and the specific "
               "program where it has enough graduates), control, region and locale; admission "
               "rate, SAT and tuition with the median filled in and a flag where they are not "
               "reported. It is trained on 85% of the programs and tested on the other 15%."),
        dbc.Table([html.Tbody([
            html.Tr([html.Th("Held-out R²"), html.Td(f"{test['r2']:.3f} ({test['n']:,} programs)")]),
            html.Tr([html.Th("Mean absolute error"), html.Td(money(test["mae"]))]),
            html.Tr([html.Th("Root mean squared error"), html.Td(money(test["rmse"]))]),
            html.Tr([html.Th("5-fold cross-validated R²"),
                     html.Td(f"{cv['mean']:.3f} ± {cv['std']:.3f}")]),
            html.Tr([html.Th(f"{interval['level']:.0%} range coverage on held-out programs"),
                     html.Td(f"{interval['coverage']:.1%}")]),
            *([html.Tr([html.Th("The tutorial's pipeline, same rows and split"),
                        html.Td(f"R² {comparison['tutorial']['r2']:.3f} (ours "
                                f"{comparison['ours']['r2']:.3f})")])]
              if "tutorial" in comparison else []),
        ])], bordered=False, size="sm", className="about-metrics w-auto"),
        html.H3("Reading the breakdown", className="h6 mt-3"),
        html.P("The breakdown starts at the average prediction over the training programs. Each "
               "bar is what one input adds to or takes from it, compared with an average "
               "program; the bars add up exactly to the prediction. The field of study's bar "
               "includes what that field is worth at the chosen credential and, if one is "
               "chosen, the specific program. Effects are associations in the data, not causes."),
        html.H3("The range", className="h6 mt-3"),
        html.P(f"The {interval['level']:.0%} range is split-conformal: it is sized from how far "
               "actual earnings fell from cross-validated predictions, per credential, so about "
               f"{interval['level']:.0%} of programs like this one fall inside it."),
        html.P(f"Model trained {info['created_at'][:10]} with scikit-learn "
               f"{info['versions']['scikit-learn']}.", className="text-muted small"),
    ]
    return dbc.Card(dbc.CardBody(rows), className="shadow-sm")
