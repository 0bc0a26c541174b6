"""The model service and the chart exporter as the app uses them: the same answers, with
the expensive ones (the explorer's aggregates, exported files) kept in the shared cache."""

from __future__ import annotations

from dashboard.export.renderer import Exporter
from dashboard.web.shared_cache import Cache
from model.serving.filters import Filters
from model.serving.service import ModelService


class CachedService:
    """A ModelService whose `explore` is remembered in `cache` (Redis or this process)."""

    def __init__(self, service: ModelService, cache: Cache) -> None:
        self.service = service
        self.cache = cache

    def __getattr__(self, name: str):
        return getattr(self.service, name)

    def explore(self, filters: Filters, x: str = "tuition", group: str = "field") -> dict:
        """Aggregates for every explorer chart (see ModelService.explore)."""
        return self.cache.remember("explore", (self.service.metadata["target"],
                                               filters.as_dict(), x, group),
                                   lambda: self.service.explore(filters, x, group))

    def horizon(self, column: str | None) -> CachedService:
        """The same, for the model of another earnings horizon (see ModelService.horizon)."""
        service = self.service.horizon(column)
        return self if service is self.service else CachedService(service, self.cache)


class CachedExporter:
    """An Exporter whose files are remembered in `cache`, keyed by the figure and size."""

    def __init__(self, exporter: Exporter, cache: Cache) -> None:
        self.exporter = exporter
        self.cache = cache

    def export(self, figure, fmt: str, width: int, height: int, scale: float = 1.0) -> bytes:
        """The figure as `fmt` bytes (see Exporter.export)."""
        fig = figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else figure
        return self.cache.remember("export", (fig, fmt, width, height, scale),
                                   lambda: self.exporter.export(figure, fmt, width, height,
                                                                scale),
                                   dumps=bytes, loads=bytes)
