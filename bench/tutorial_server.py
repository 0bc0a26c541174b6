"""The tutorial's Flask app, rebuilt for the cold-start comparison: it trains at start (reads
the dataset, fits its pipeline on 85% and scores the other 15%), then serves a form page and
the results endpoint. gunicorn loads it as `bench.tutorial_server:app`."""

from __future__ import annotations

from flask import Flask, request
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split

from bench import tutorial
from dashboard.config import Config
from model.data import columns, dataset
from model.learning.features import TUTORIAL_COLUMNS

_df = columns.published(dataset.load_current(Config.from_env().data_dir)[0])
_rows = _df[_df["tuition"].notna()]
_train, _test = train_test_split(_rows, test_size=0.15, random_state=42)
PIPELINE = tutorial.fit(_train)
R2 = r2_score(_test["earnings"], PIPELINE.predict(_test[TUTORIAL_COLUMNS]))
_columns = _df[["CREDDESC", "FIELD", "earnings"]]
app = Flask("tutorial")


@app.get("/")
def form():
    """The form page (its inputs are the eight the results endpoint takes)."""
    fields = "".join(f'<label>{c} <input name="{c}"></label>' for c in TUTORIAL_COLUMNS)
    return (f"<!doctype html><title>Earnings predictor</title><form action='results'>"
            f"{fields}<button>Predict</button></form><p>Test R² {R2:.3f}</p>")


@app.get("/results")
def results():
    """The prediction and its histogram as JSON."""
    return app.response_class(tutorial.results(PIPELINE, _columns, request.args),
                              mimetype="application/json")
