"""One chart as a file: the request every door parses its own input into (the page's
Download menu, the API's chart routes, the command line), and the one function that draws
it. Which chart is built from what, the default size and scale, and the file's name live
here and in charts.compose, once."""

from __future__ import annotations

from dataclasses import dataclass, field

from charts.catalog import CHARTS, SIZES
from model.serving.filters import Filters, View
from model.serving.inputs import Scenario

FORMATS = ("png", "svg", "pdf")


def default_scale(fmt: str) -> float:
    """Pixels per CSS pixel when none is asked for: 2 for PNG (sharp on high-density
    screens and in print), 1 for the vector formats."""
    return 2.0 if fmt == "png" else 1.0


@dataclass(frozen=True)
class ChartRequest:
    """A chart by name (charts.catalog.CHARTS), what it is drawn from (a scenario with a
    real institution's `programs`, pinned scenarios, or a selection drawn as `view` says),
    and the file: format, size in CSS pixels (None: the chart's default) and scale;
    `title` replaces the chart's own (the report names the field its state map is for)."""

    chart: str
    fmt: str = "png"
    scenario: Scenario | None = None
    programs: list[dict] | None = None
    pinned: tuple[Scenario, ...] = ()
    filters: Filters = field(default_factory=Filters)
    view: View = field(default_factory=View)
    width: int | None = None
    height: int | None = None
    scale: float | None = None
    title: str | None = None

    def __post_init__(self) -> None:
        if self.chart not in CHARTS:
            raise ValueError(f"no chart called {str(self.chart)[:40]!r}; the charts are "
                             f"{', '.join(CHARTS)}")
        if self.fmt not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}")

    def size(self) -> tuple[int, int, float]:
        """Width and height in CSS pixels and the scale, defaults filled in."""
        width, height = SIZES[self.chart]
        return (self.width or width, self.height or height,
                self.scale if self.scale is not None else default_scale(self.fmt))

    def figure(self, service):
        """The chart as a plotly Figure, named for export (`layout.meta.export_name`)."""
        # imported here: the command line parses requests without loading plotly and Dash
        from charts.compose import chart_figure

        fig = chart_figure(service, self.chart, scenario=self.scenario,
                           pinned=list(self.pinned), filters=self.filters, view=self.view,
                           programs=self.programs)
        if self.title is not None:
            fig.update_layout(title={"text": self.title})
        return fig


def render(service, exporter, request: ChartRequest) -> tuple[bytes, str]:
    """The chart's file (bytes) and its name without the extension; `exporter` draws
    (dashboard.export.renderer.Exporter or anything with its `export`)."""
    fig = request.figure(service)
    width, height, scale = request.size()
    return (exporter.export(fig, request.fmt, width, height, scale),
            fig.layout.meta["export_name"])
