"""Small helpers the tests share: the page's values for a scenario, the text a component
tree shows, and an exporter that records instead of drawing."""

from __future__ import annotations

from layouts.controls import control_values


def page_values(service, **changes) -> dict:
    """The predictor's control values for the default scenario (admission rate in percent,
    the 'not reported' switches off), with `changes`."""
    return {**control_values(service.options()["default"]), **changes}


def component_text(component) -> str:
    """All the text inside a component tree (components or their JSON form)."""
    if isinstance(component, (list, tuple)):
        return " ".join(component_text(c) for c in component)
    if isinstance(component, str):
        return component
    if isinstance(component, dict):
        children = component.get("props", {}).get("children")
    else:
        children = getattr(component, "children", None)
    return component_text(children) if children is not None else ""


class StandIn:
    """Records what it is asked to draw."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.calls, self.fail = [], fail

    def export(self, figure, fmt, width, height, scale=1.0) -> bytes:
        if self.fail:
            raise self.fail
        self.calls.append((figure.layout.meta["export_name"], fmt, width, height, scale))
        return b"%PDF-1.4 stand-in"

    def close(self) -> None:
        """Nothing to stop."""


class PngStandIn(StandIn):
    """Draws a tiny PNG (what the report embeds) and records the charts asked for."""

    def export(self, figure, fmt, width, height, scale=1.0) -> bytes:
        import io

        from PIL import Image

        super().export(figure, fmt, width, height, scale)
        out = io.BytesIO()
        Image.new("RGB", (4, 3), "white").save(out, "PNG")
        return out.getvalue()
