"""Every chart the dashboard draws, built from a scenario, pinned scenarios or explorer
filters, and named for what it shows: one builder for the page, the API, the report and the
CLI, so an exported image is the chart on the page.

The chart names and default sizes live in `chart_catalog` (importable without plotly). Each
figure carries its file name in `layout.meta.export_name` (the modebar's download
buttons read it in the browser).
"""

from __future__ import annotations

import re

import plotly.graph_objects as go

from model.filters import GROUPINGS, X_AXES, Filters
from model.inputs import Scenario
from model.service import ModelService

from .chart_catalog import BASE_NAMES, CHARTS, EXPLORER_CHARTS, SCENARIO_CHARTS
from .compare import contributions_figure
from .explorer_figures import groups_figure, histogram_figure, scatter_figure, states_figure
from .figures import breakdown_chart, distribution_chart, mark_prediction


def slug(*parts: str, limit: int = 80) -> str:
    """'Bachelor's Degree', 'Engineering' -> 'bachelors-degree-engineering' (cut at a word)."""
    words = re.sub(r"[^a-z0-9]+", "-", " ".join(parts).lower().replace("'", "")).strip("-")
    if len(words) > limit:
        words = words[:limit + 1].rsplit("-", 1)[0]
    return words or "chart"


def scenario_title(service: ModelService, s: Scenario) -> str:
    """A scenario in a few words: credential, field (or program), control, region."""
    return " · ".join(service.describe(s, n) for n in ("credential", "field", "control",
                                                      "region", "locale"))


def scenario_name(service: ModelService, chart: str, s: Scenario) -> str:
    """The file name (without extension) for a scenario's chart."""
    field = service.describe(s, "field").split(":")[0]
    return slug(BASE_NAMES[chart], service.describe(s, "credential"), field)


def filters_name(service: ModelService, chart: str, f: Filters, x: str, group: str) -> str:
    """The file name for an explorer chart: the single-valued filters, or 'selection'."""
    base = BASE_NAMES[chart].format(x=x.replace("_", "-"), group=group)
    if not f.active:
        return slug(base, "all-programs")
    words = [service.explorer.label(key, getattr(f, key)[0]) for key in
             ("credential", "field", "control", "region", "state", "locale")
             if key in f.active and len(getattr(f, key)) == 1]
    return slug(base, *words) if words else slug(base, "filtered")


def _named(fig: go.Figure, name: str) -> go.Figure:
    fig.update_layout(meta={"export_name": name})
    return fig


def scenario_charts(service: ModelService, s: Scenario, result: dict | None = None,
                    histograms: dict | None = None) -> dict[str, dict]:
    """The predictor's two charts for a scenario as plotly JSON, named for export (the page
    sends these as they are). `result`: its explanation, and `histograms`: its
    `distribution_chart` (e.g. from a cache), when at hand."""
    result = result or service.explain(s)
    if histograms is None:
        histograms = distribution_chart(result["distribution"],
                                        service.info()["target_measure"])
    charts = {"distribution": mark_prediction(histograms, result["prediction"]["value"]),
              "breakdown": breakdown_chart(result["contributions"],
                                           service.info()["target_measure"])}
    return {chart: {**fig, "layout": {**fig["layout"], "meta": {
        "export_name": scenario_name(service, chart, s)}}} for chart, fig in charts.items()}


def scenario_figures(service: ModelService, s: Scenario, result: dict | None = None
                     ) -> dict[str, go.Figure]:
    """The predictor's two charts as Figures (for export: the same charts as the page's)."""
    return {chart: go.Figure(fig) for chart, fig in scenario_charts(service, s, result).items()}


def comparison_items(service: ModelService, scenarios: list[Scenario]) -> list[dict]:
    """What the comparison shows of each pinned scenario: title, prediction, contributions."""
    return [{"title": scenario_title(service, s), **service.answer(s)} for s in scenarios]


def comparison_figure(items: list[dict]) -> go.Figure:
    """Pinned scenarios' contributions side by side."""
    return _named(contributions_figure(items), slug(BASE_NAMES["comparison"],
                                                    f"{len(items)}-scenarios"))


def explorer_figures(service: ModelService, f: Filters, x: str = "tuition",
                     group: str = "field", view: dict | None = None,
                     hide_small: bool = False) -> dict[str, go.Figure]:
    """The explorer's four charts for a selection (`view`: its aggregates, if at hand;
    `hide_small`: leave out groups and states of fewer than 5 programs)."""
    x = x if x in X_AXES else "tuition"
    group = group if group in GROUPINGS else "field"
    view = view or service.explore(f, x, group)
    target = service.info()["target_measure"]
    figures = {"scatter": scatter_figure(view["scatter"], target),
               "histogram": histogram_figure(view["histogram"], target),
               "groups": groups_figure(view["groups"], hide_small, target),
               "states": states_figure(view["states"], hide_small)}
    return {k: _named(fig, filters_name(service, k, f, x, group)) for k, fig in figures.items()}


def chart_figure(service: ModelService, chart: str, scenario: Scenario | None = None,
                 pinned: list[Scenario] | None = None, filters: Filters | None = None,
                 x: str = "tuition", group: str = "field", hide_small: bool = False
                 ) -> go.Figure:
    """One chart by name: a scenario's, the pinned scenarios' or a selection's."""
    if chart in SCENARIO_CHARTS:
        return scenario_figures(service, scenario)[chart]
    if chart == "comparison":
        return comparison_figure(comparison_items(service, pinned or []))
    if chart in EXPLORER_CHARTS:
        return explorer_figures(service, filters or Filters(), x, group,
                                hide_small=hide_small)[chart]
    raise ValueError(f"no chart called {chart!r}; the charts are {', '.join(CHARTS)}")
