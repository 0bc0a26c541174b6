"""Every chart the dashboard draws, built from a scenario, pinned scenarios or explorer
filters, and named for what it shows: one builder for the page, the API, the report and the
CLI, so an exported image is the chart on the page.

The chart names and default sizes live in `charts.catalog` (importable without plotly). Each
figure carries its file name in `layout.meta.export_name` (the modebar's download
buttons read it in the browser).
"""

from __future__ import annotations

import re

import plotly.graph_objects as go

from charts.catalog import BASE_NAMES, CHARTS, EXPLORER_CHARTS, SCENARIO_CHARTS
from charts.explorer_figures import (
    groups_chart,
    histogram_chart,
    scatter_chart,
    states_chart,
    tests_chart,
)
from charts.figures import (
    breakdown_chart,
    contributions_figure,
    distribution_chart,
    mark_actual,
    mark_prediction,
)
from model.serving.filters import Filters, View
from model.serving.inputs import Scenario
from model.serving.service import ModelService

MARKED_PROGRAMS = 3  # a real institution's programs marked on the distribution, at most


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


def _now(kind: str, parts: tuple, compute):
    return compute()


def scenario_charts(service: ModelService, s: Scenario, result: dict | None = None,
                    programs: list[dict] | None = None, remember=_now) -> dict[str, dict]:
    """The predictor's two charts for a scenario as plotly JSON, named for export (the page
    sends these as they are). `result`: its explanation, when at hand; `programs`: a real
    institution's matching programs, whose reported earnings the distribution marks;
    `remember(kind, parts, compute)`: where the distribution's histograms, the same for
    every scenario of a credential and field, are kept (the app's shared cache)."""
    result = result or service.explain(s)
    measure = service.info()["target_measure"]
    histograms = remember("distribution-chart", (s.credential, s.field, s.program,
                                                 measure["label"]),
                          lambda: distribution_chart(result["distribution"], measure))
    marked = mark_prediction(histograms, result["prediction"]["value"])
    for program in (programs or [])[:MARKED_PROGRAMS]:
        marked = mark_actual(marked, program)
    charts = {"distribution": marked,
              "breakdown": breakdown_chart(result["contributions"],
                                           service.info()["target_measure"])}
    return {chart: {**fig, "layout": {**fig["layout"], "meta": {
        "export_name": scenario_name(service, chart, s)}}} for chart, fig in charts.items()}


def scenario_figures(service: ModelService, s: Scenario, result: dict | None = None,
                     programs: list[dict] | None = None) -> dict[str, go.Figure]:
    """The predictor's two charts as Figures (for export: the same charts as the page's)."""
    return {chart: go.Figure(fig) for chart, fig in
            scenario_charts(service, s, result, programs=programs).items()}


def comparison_items(service: ModelService, scenarios: list[Scenario]) -> list[dict]:
    """What the comparison shows of each pinned scenario: title, prediction, contributions."""
    return [{"title": scenario_title(service, s), **service.answer(s)} for s in scenarios]


def comparison_figure(items: list[dict]) -> go.Figure:
    """Pinned scenarios' contributions side by side."""
    return _named(contributions_figure(items), slug(BASE_NAMES["comparison"],
                                                    f"{len(items)}-scenarios"))


def explorer_charts(service: ModelService, f: Filters, view: View | None = None,
                    data: dict | None = None) -> dict[str, dict]:
    """The explorer's four charts for a selection as plotly JSON, drawn as `view` says and
    named for export (`data`: the selection's aggregates, service.explore, if at hand); the
    page sends these as they are."""
    view = view or View()
    data = data or service.explore(f, view.x, view.group)
    target = service.info()["target_measure"]
    charts = {"scatter": scatter_chart(data["scatter"], target, view.colour),
              "histogram": histogram_chart(data["histogram"], target),
              "groups": groups_chart(data["groups"], view.hide_small, target),
              "states": states_chart(data["states"], view.hide_small),
              "tests": tests_chart(data["tests"])}
    for chart, fig in charts.items():
        fig["layout"]["meta"] = {"export_name": filters_name(service, chart, f, view.x,
                                                             view.group)}
    return charts


def explorer_figures(service: ModelService, f: Filters, view: View | None = None,
                     data: dict | None = None) -> dict[str, go.Figure]:
    """The explorer's four charts as Figures (for export: the same charts as the page's)."""
    return {chart: go.Figure(fig) for chart, fig in
            explorer_charts(service, f, view, data).items()}


def chart_figure(service: ModelService, chart: str, scenario: Scenario | None = None,
                 pinned: list[Scenario] | None = None, filters: Filters | None = None,
                 view: View | None = None, programs: list[dict] | None = None
                 ) -> go.Figure:
    """One chart by name: a scenario's (with a real institution's `programs`, if any), the
    pinned scenarios' or a selection's (drawn as `view` says)."""
    if chart in SCENARIO_CHARTS:
        return scenario_figures(service, scenario, programs=programs)[chart]
    if chart == "comparison":
        return comparison_figure(comparison_items(service, pinned or []))
    if chart in EXPLORER_CHARTS:
        return explorer_figures(service, filters or Filters(), view)[chart]
    raise ValueError(f"no chart called {chart!r}; the charts are {', '.join(CHARTS)}")
