"""A selection is drawn the same way whatever set it, and the text drawn inside a chart reads
against what lies under it (4.5:1 or more).

The map's case first: a state chosen with the State filter, a link or an export (a click on
the map sets the same filter) fades every other tile, the outlined small states' too, and
each tile's label reads on its tile, faded or not."""

from __future__ import annotations

import pytest
from plotly.colors import hex_to_rgb, sample_colorscale, unlabel_rgb

from charts.compose import chart_figure, explorer_charts, scenario_charts
from charts.explorer_figures import BLUES, UNSELECTED
from charts.theme import DARK, contrast
from dashboard.api.answers import query_filters
from model.serving import links

READABLE = 4.5


def faded(colour: str, opacity: float) -> str:
    """`colour` drawn at `opacity` over white, as the eye sees it."""
    rgb = hex_to_rgb(colour) if colour.startswith("#") else (
        (255, 255, 255) if colour == "white" else unlabel_rgb(colour))
    r, g, b = (round(opacity * c + (1 - opacity) * 255) for c in rgb)
    return f"rgb({r}, {g}, {b})"


def _tile_fills(trace: dict) -> list[str]:
    marker = trace["marker"]
    if not isinstance(marker.get("color"), list):
        return [marker["color"]] * len(trace["x"])
    low, high = marker["cmin"], marker["cmax"]
    return sample_colorscale(BLUES, [min(1.0, max(0.0, (v - low) / (high - low)))
                                     for v in marker["color"]])


def _states(service, filters) -> dict:
    return explorer_charts(service, filters)["states"]


def _check_states(figure: dict, chosen: set[str]) -> None:
    """Every tile of every trace: faded unless chosen (when any is), its label readable."""
    marked = set()
    for trace in figure["data"]:
        codes = [c[0] for c in trace["customdata"]]
        picked = trace.get("selectedpoints")
        if chosen:
            assert picked is not None, f"{trace['name']}: no selection, drawn at full strength"
            marked |= {codes[j] for j in picked}
        else:
            assert picked is None
        fills, labels = _tile_fills(trace), trace["textfont"]["color"]
        faded_text = trace["unselected"]["textfont"]["color"]
        for j, (code, fill, label) in enumerate(zip(codes, fills, labels, strict=True)):
            if chosen and j not in picked:
                fill = faded(fill, UNSELECTED["marker"]["opacity"])
                label = faded_text
            assert contrast(label, fill) >= READABLE, (code, label, fill, contrast(label, fill))
    assert marked == chosen


def _one_big_and_one_small(service) -> tuple[str, str | None]:
    rows = service.explore(service.parse_filters({}).filters)["states"]["rows"]
    big = max((r for r in rows if not r.get("small")), key=lambda r: r["n"])["value"]
    small = next((r["value"] for r in rows if r.get("small")), None)
    return big, small


def test_the_map_draws_a_state_chosen_by_filter_link_or_export_alike(service, app):
    big, small = _one_big_and_one_small(service)
    _check_states(_states(service, service.parse_filters({}).filters), set())
    for chosen in ([big], [small] if small else [], [big, small] if small else []):
        if not chosen:
            continue
        by_control = service.parse_filters({"state": chosen}).filters  # the dropdown, a click
        by_link = links.parse(service, "?tab=explore&f.state=" + ",".join(chosen)).filters
        with app.server.test_request_context():
            by_export = query_filters({"state": ",".join(chosen)}, service)
        assert by_control == by_link == by_export
        page = _states(service, by_control)
        _check_states(page, set(chosen))
        exported = chart_figure(service, "states", filters=by_export).to_plotly_json()
        assert [t.get("selectedpoints") for t in exported["data"]] == \
            [t.get("selectedpoints") for t in page["data"]]


@pytest.fixture
def app(service, config):
    from dashboard import create_app

    return create_app(config, service=service)


def _annotation_checks(figure: dict) -> list[tuple[str, float]]:
    out = []
    for a in figure.get("layout", {}).get("annotations", []) or []:
        colour = (a.get("font") or {}).get("color") or DARK
        under = a.get("bgcolor") or "white"
        out.append((a.get("text", ""), contrast(colour, under)))
    return out


def test_every_annotation_reads_on_its_background(service):
    big, _ = _one_big_and_one_small(service)
    figures = [*explorer_charts(service, service.parse_filters({}).filters).values(),
               *explorer_charts(service, service.parse_filters({"state": [big]}).filters
                                ).values(),
               *scenario_charts(service, service.default_scenario()).values()]
    checked = [c for f in figures for c in _annotation_checks(f)]
    assert checked  # the predictor's charts carry annotations
    for text, ratio in checked:
        assert ratio >= READABLE, (text, ratio)
