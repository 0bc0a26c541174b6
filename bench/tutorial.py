"""The tutorial's app, rebuilt as the benchmarks' baseline: its pipeline fitted on our data,
and its results endpoint (the eight inputs into a one-row DataFrame through
`Pipeline.predict`, a plotly express histogram of the raw earnings of the chosen credential
with the chosen field overlaid and the prediction marked, `json.dumps` of the figure)."""

from __future__ import annotations

import json

import pandas as pd
import plotly.express as px
import plotly.utils
from flask import Flask, request
from sklearn.pipeline import Pipeline

from model.learning.features import TUTORIAL_COLUMNS, tutorial_pipeline


def fit(df: pd.DataFrame) -> Pipeline:
    """The tutorial's pipeline on the rows it can take (tuition is passed through, so rows
    without it are left out)."""
    rows = df[df["tuition"].notna()]
    return tutorial_pipeline().fit(rows[TUTORIAL_COLUMNS], rows["earnings"])


def inputs(service, scenario: dict) -> dict:
    """Our scenario (codes) as the tutorial's eight inputs (its column names and labels)."""
    labels = {n: {o["value"]: o["label"] for o in service.options()[n]}
              for n in ("credential", "field")}
    return {"CONTROL": scenario["control"],
            "CREDDESC": labels["credential"][scenario["credential"]],
            "FIELD": labels["field"][scenario["field"]], "REGION": scenario["region"],
            "LOCALE": scenario["locale"], "SAT_AVG_ALL": scenario.get("sat"),
            "ADM_RATE_ALL": scenario.get("admission_rate"), "tuition": scenario["tuition"]}


def _number(value: object) -> float:
    return float("nan") if value in (None, "") else float(value)


def results(pipeline: Pipeline, df: pd.DataFrame, args: dict) -> str:
    """The tutorial's results: prediction and figure, as JSON text."""
    row = pd.DataFrame([{
        "CONTROL": args.get("CONTROL"), "CREDDESC": args.get("CREDDESC"),
        "FIELD": args.get("FIELD"), "REGION": args.get("REGION"), "LOCALE": args.get("LOCALE"),
        "SAT_AVG_ALL": _number(args.get("SAT_AVG_ALL")),
        "ADM_RATE_ALL": _number(args.get("ADM_RATE_ALL")),
        "tuition": _number(args.get("tuition"))}], columns=TUTORIAL_COLUMNS)
    prediction = float(pipeline.predict(row)[0])
    same = df[df["CREDDESC"] == args.get("CREDDESC")].copy()
    same["group"] = "All fields"
    field = same[same["FIELD"] == args.get("FIELD")].copy()
    field["group"] = str(args.get("FIELD"))
    fig = px.histogram(pd.concat([same, field]), x="earnings", color="group",
                       barmode="overlay", histnorm="percent", opacity=0.6)
    fig.add_vline(x=prediction, line_dash="dash")
    return json.dumps({"prediction": prediction, "figure": fig},
                      cls=plotly.utils.PlotlyJSONEncoder)


def app(df: pd.DataFrame) -> Flask:
    """A Flask app serving the tutorial's results endpoint at /tutorial-results (mount it
    beside ours)."""
    pipeline = fit(df)
    columns = df[["CREDDESC", "FIELD", "earnings"]]
    server = Flask("tutorial")

    @server.get("/tutorial-results")
    def tutorial_results():
        return server.response_class(results(pipeline, columns, request.args),
                                     mimetype="application/json")

    return server
