"""The charts by name, what their files are called and their default export size: plain data,
so the command line can list them without loading plotly (see charts.compose)."""

SCENARIO_CHARTS = ("distribution", "breakdown")
EXPLORER_CHARTS = ("scatter", "histogram", "groups", "states", "tests")
CHARTS = (*SCENARIO_CHARTS, "comparison", *EXPLORER_CHARTS)
BASE_NAMES = {"distribution": "earnings-distribution", "breakdown": "prediction-breakdown",
              "comparison": "pinned-scenarios", "scatter": "earnings-by-{x}",
              "histogram": "explorer-earnings-distribution",
              "groups": "median-earnings-by-{group}", "states": "median-earnings-by-state",
              "tests": "earnings-test-by-{group}"}
SIZES = {"distribution": (900, 380), "breakdown": (900, 380), "comparison": (1000, 360),
         "scatter": (900, 380), "histogram": (900, 380), "groups": (900, 380),
         "states": (900, 520), "tests": (900, 520)}  # default export size in CSS pixels
