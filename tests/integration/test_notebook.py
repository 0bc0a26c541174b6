"""The notebook in notebooks/ runs headlessly from top to bottom and shows what it says:
the prediction, three interactive figures, a static image and the dashboard inline."""

from __future__ import annotations

import re

import nbclient
import nbformat

from model.codes import money

from .conftest import ROOT, free_port

NOTEBOOK = ROOT / "notebooks" / "explore_the_model.ipynb"


def test_notebook_runs_and_shows_the_model(config, service, monkeypatch):
    monkeypatch.setenv("VAR_DIR", str(config.var_dir))
    monkeypatch.setenv("NOTEBOOK_PORT", str(free_port()))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in notebook.cells if c.cell_type == "code"), \
        "commit the notebook without outputs"
    nbclient.NotebookClient(notebook, timeout=240, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") for o in outputs if o.output_type == "stream")

    s = service.validate({"credential": "Bachelor's degree", "field": "14",
                          "control": "Public", "region": "Great Lakes",
                          "locale": "City: midsize", "admission_rate": 0.65, "sat": 1180,
                          "tuition": 11000})
    p = service.predict(s)
    assert f"Predicted {money(p['value'])} (80% range {money(p['low'])} to " in text
    assert "dashboard answers: 200" in text

    figures = [o.data["application/vnd.plotly.v1+json"] for o in outputs
               if "application/vnd.plotly.v1+json" in o.get("data", {})]
    titles = [f["layout"]["title"]["text"] for f in figures]
    assert titles[0] == "Earnings of Bachelor's degree programs"
    assert titles[1] == "How each input moves the prediction"
    assert titles[2].startswith("Median earnings by state")
    shapes = figures[0]["layout"]["shapes"]  # the prediction line
    assert shapes[0]["x0"] == shapes[0]["x1"] == p["value"]

    test = service.scenario_test(s, state="OH")
    assert "\n".join(test["sentences"]) in text and "Chance of passing:" in text
    at_risk = service.explorer.df["test_outlook"] == "at-risk"
    assert f"{int(at_risk.sum()):,} programs pass but are at risk" in text
    assert "At risk: it passes, but its chance of failing is 10% or more." in text

    share = (service.explorer.frame()["gap"] > 0).mean()
    assert f"{share:.0%} of programs earn more than expected" in text
    results = [o.data.get("text/plain", "") for o in outputs if o.output_type == "execute_result"]
    assert any("'expected':" in r and "'trajectory':" in r and "'payment':" in r
               for r in results), results
    tables = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})
              and "gap_percentile" in o.data["text/html"]]
    assert len(tables) == 1  # the programs furthest above their expectation
    images = [o.data["image/png"] for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1 and len(images[0]) > 10_000  # base64 of a drawn chart
    frames = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any(re.search(r"<iframe[^>]+src=\"http://127\.0\.0\.1:\d+/", f) for f in frames)
