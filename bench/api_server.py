"""The server the API benchmark loads: the real app plus two comparison endpoints.

- /bench/floor: a bare Flask JSON endpoint (the floor the issue names);
- /bench/server: a WSGI function returning fixed bytes, no framework at all (what gunicorn
  alone costs: the ceiling for any endpoint on this server);
- /bench/tutorial: the tutorial's approach, rebuilt: the eight inputs from the query string
  into a one-row DataFrame through a fitted scikit-learn Pipeline on every request.
"""

from __future__ import annotations

import pandas as pd
from flask import Flask, jsonify, request
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from dashboard import create_app
from dashboard.config import Config
from model.data import columns, dataset
from model.learning.features import TUTORIAL_COLUMNS, tutorial_pipeline

config = Config.from_env()
app = create_app(config)
bench = Flask("bench")  # mounted at /bench in the same server process


def bare(environ: dict, start_response) -> list[bytes]:
    """No framework: fixed bytes straight from WSGI."""
    body = b'{"prediction":52000.0}\n'
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]


server = DispatcherMiddleware(app.server, {"/bench/server": bare, "/bench": bench})
_df = columns.published(dataset.load_current(config.data_dir)[0])
_rows = _df[_df["tuition"].notna()]
TUTORIAL = tutorial_pipeline().fit(_rows[TUTORIAL_COLUMNS], _rows["earnings"])


@bench.get("/floor")
def floor():
    """The floor: no work beyond Flask and JSON."""
    return jsonify({"prediction": 52_000.0})


@bench.get("/tutorial")
def tutorial():
    """The tutorial's endpoint: a one-row DataFrame through Pipeline.predict."""
    args = request.args
    row = pd.DataFrame([{
        "CONTROL": args.get("CONTROL"), "CREDDESC": args.get("CREDDESC"),
        "FIELD": args.get("FIELD"), "REGION": args.get("REGION"), "LOCALE": args.get("LOCALE"),
        "SAT_AVG_ALL": float(args.get("SAT_AVG_ALL", "nan")),
        "ADM_RATE_ALL": float(args.get("ADM_RATE_ALL", "nan")),
        "tuition": float(args.get("tuition", "0"))}], columns=TUTORIAL_COLUMNS)
    return jsonify({"prediction": float(TUTORIAL.predict(row)[0])})
