"""The explorer engine: filters, cross-filtered aggregates, rows and the typical program,
checked against plain pandas on the same program table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.serving.explorer import inside_polygon
from model.serving.filters import Area, Filters


@pytest.fixture(scope="module")
def explorer(service):
    return service.explorer


@pytest.fixture(scope="module")
def df(explorer) -> pd.DataFrame:
    return explorer.frame()


def _reference(df: pd.DataFrame, f: Filters, skip: str = "") -> pd.Series:
    """The filters applied with pandas, one by one."""
    keep = pd.Series(True, index=df.index)
    cols = {"credential": "CREDLEV", "field": "CIP2", "control": "CONTROL",
            "region": "REGION", "locale": "LOCALE", "state": "STABBR"}
    for key, col in cols.items():
        if getattr(f, key) and key != skip:
            keep &= df[col].astype(object).isin(getattr(f, key))
    for key in ("earnings", "tuition"):
        if getattr(f, key) and key != skip:
            low, high = getattr(f, key)
            keep &= df[key].between(low, high)
    return keep


def test_filters_match_pandas(explorer, df):
    f = Filters(credential=(3, 5), control=(1,), region=(5, 8), earnings=(30_000, 70_000),
                tuition=(0, 20_000))
    view = explorer.view(f)
    expected = df[_reference(df, f)]["earnings"]
    assert view["summary"]["n"] == len(expected) > 0
    assert view["summary"]["median"] == pytest.approx(expected.median())
    assert view["summary"]["q1"] == pytest.approx(expected.quantile(0.25))
    assert view["summary"]["q3"] == pytest.approx(expected.quantile(0.75))
    assert view["summary"]["total"] == len(df)


def test_each_chart_ignores_only_its_own_filter(explorer, df):
    f = Filters(credential=(3,), region=(5,), state=("FL", "GA"), earnings=(40_000, 60_000))
    view = explorer.view(f, group="region")
    # the grouping chart (by region) shows every region, with the chosen one marked
    without_region = df[_reference(df, f, skip="region")]
    medians = without_region.groupby("REGION")["earnings"].median()
    rows = {r["value"]: r for r in view["groups"]["rows"]}
    assert set(rows) == {int(k) for k in medians.index}
    assert [r["value"] for r in view["groups"]["rows"] if r["selected"]] == [5]
    for code, median in medians.items():
        assert rows[int(code)]["median"] == pytest.approx(median)
    assert [r["median"] for r in view["groups"]["rows"]] == sorted(
        (r["median"] for r in view["groups"]["rows"]), reverse=True)
    # the histogram ignores the earnings range and marks it
    assert view["histogram"]["n"] == int(_reference(df, f, skip="earnings").sum())
    assert view["histogram"]["selected"] == [40_000, 60_000]
    assert sum(view["histogram"]["counts"]) == view["histogram"]["n"]
    # the state map ignores the state filter
    states = {r["value"] for r in view["states"]["rows"]}
    assert states == set(df[_reference(df, f, skip="state")]["STABBR"].astype(str))
    assert {r["value"] for r in view["states"]["rows"] if r["selected"]} == {"FL", "GA"}


def test_chips_name_each_filter_and_count_what_it_keeps(explorer, df):
    f = Filters(control=(1, 2), tuition=(1_000, 9_000))
    chips = {c["key"]: c for c in explorer.view(f)["chips"]}
    assert chips["control"]["label"] == "Control: Public, Private nonprofit"
    assert chips["control"]["count"] == int(df["CONTROL"].isin([1, 2]).sum())
    assert chips["tuition"]["label"] == "Tuition: $1,000 to $9,000"
    assert chips["tuition"]["count"] == int(df["tuition"].between(1_000, 9_000).sum())
    assert explorer.view(Filters())["chips"] == []


def test_scatter_sends_a_bounded_stable_sample_and_says_so(explorer, df):
    view = explorer.view(Filters(), x="tuition", max_points=500)["scatter"]
    shown = sum(len(t["x"]) for t in view["traces"])
    assert shown == view["n_shown"] == 500
    assert view["n_with_x"] == int(df["tuition"].notna().sum())
    assert view["n_matching"] == len(df)
    again = explorer.view(Filters(), x="tuition", max_points=500)["scatter"]
    assert again["traces"][0]["x"] == view["traces"][0]["x"]  # no jumping points
    narrower = explorer.view(Filters(control=(1,)), x="tuition", max_points=500)["scatter"]
    assert [t["control"] for t in narrower["traces"]] == [1]
    full = explorer.view(Filters(), x="tuition")["scatter"]
    assert full["n_shown"] <= 2000


def test_area_filter_matches_a_brute_force_point_in_polygon(explorer, df):
    triangle = ((0.5, 20_050.5), (30_000.5, 20_050.5), (15_000.5, 90_050.5))  # no ties
    f = Filters(area=Area("tuition", triangle))
    n = explorer.view(f)["summary"]["n"]

    def inside(x, y):
        (x1, y1), (x2, y2), (x3, y3) = triangle
        d = (y2 - y3) * (x1 - x3) + (x3 - x2) * (y1 - y3)
        a = ((y2 - y3) * (x - x3) + (x3 - x2) * (y - y3)) / d
        b = ((y3 - y1) * (x - x3) + (x1 - x3) * (y - y3)) / d
        return a > 0 and b > 0 and 1 - a - b > 0

    expected = sum(inside(x, y) for x, y in zip(df["tuition"], df["earnings"])
                   if not np.isnan(x))
    assert n == expected > 0
    box = Filters(area=Area("sat", ((1000, 30_000), (1200, 30_000), (1200, 60_000),
                                    (1000, 60_000))))
    expected_box = (df["SAT_AVG_ALL"].between(1000, 1200)
                    & df["earnings"].between(30_000, 60_000)).sum()
    assert explorer.view(box)["summary"]["n"] == expected_box
    assert "average SAT 1,000 to 1,200" in explorer.describe(box, "area")


def test_inside_polygon_never_counts_missing_values():
    x = np.array([1.0, np.nan, 5.0])
    y = np.array([1.0, 1.0, np.nan])
    square = ((0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0))
    assert inside_polygon(x, y, square).tolist() == [True, False, False]


def test_rows_search_sort_and_page(service, df):
    f = Filters(credential=(5,))
    frame, total = service.program_rows(f, "", [{"colId": "earnings", "sort": "desc"}], 0, 10)
    masters = df[df["CREDLEV"] == 5]
    assert total == len(masters)
    assert frame["earnings"].tolist() == sorted(masters["earnings"], reverse=True)[:10]
    assert set(frame["credential"]) == {"Master's degree"}
    city = str(masters["CITY"].dropna().iloc[0])
    found, n = service.program_rows(f, city.lower(), [], 0, None)
    assert n == len(found) > 0 and (found["city"] == city).sum() > 0
    by_name, _ = service.program_rows(f, "", [{"colId": "institution", "sort": "asc"}], 0, 50)
    names = by_name["institution"].str.lower().tolist()
    assert names == sorted(names)
    page2, _ = service.program_rows(f, "", [{"colId": "tuition", "sort": "asc"}], 10, 20)
    assert len(page2) == 10
    nothing, zero = service.program_rows(f, "no such words anywhere", [], 0, 10)
    assert zero == 0 and nothing.empty


def test_typical_program_of_a_selection(service, df):
    f = Filters(credential=(3,), field=("14",))
    typical = service.typical_scenario(f)
    chosen = df[(df["CREDLEV"] == 3) & (df["CIP2"] == "14")]
    assert typical["credential"] == 3 and typical["field"] == "14"
    assert typical["n"] == len(chosen)
    assert typical["control"] == int(chosen["CONTROL"].mode().iloc[0])
    assert typical["tuition"] == round(chosen["tuition"].median())
    service.validate({k: v for k, v in typical.items() if k != "n"})  # a valid scenario
    assert service.typical_scenario(Filters(earnings=(999_000, 1_000_000))) is None


def test_parse_filters_keeps_known_values_and_names_the_rest(service):
    parsed = service.parse_filters({"credential": ["3", 5.0, "99"], "field": ["14", "zz"],
                                    "state": ["CA", "<b>"], "earnings": ["9000", "1000"],
                                    "tuition": "cheap", "area": {"x": "height"},
                                    "colour": ["red"]})
    f = parsed.filters
    assert f.credential == (3, 5) and f.field == ("14",) and f.state == ("CA",)
    assert f.earnings == (1000.0, 9000.0)
    assert f.tuition is None and f.area is None
    text = " ".join(parsed.problems)
    for bad in ("'99'", "'zz'", "'<b>'", "tuition range", "selected area", "'colour'"):
        assert bad in text
    assert service.parse_filters("nonsense").problems == ["filters must be an object"]
    long_lasso = {"x": "tuition", "points": [[i, i * 10] for i in range(500)]}
    assert len(service.parse_filters({"area": long_lasso}).filters.area.points) == 64


def test_programs_without_published_earnings_are_counted_by_the_filters_that_apply(
        explorer, config):
    from model.data import columns, dataset

    withheld = columns.withheld(dataset.load_current(config.data_dir)[0])
    assert len(withheld) > 100
    everything = explorer.view(Filters())["summary"]
    assert everything["suppressed"] + everything["not_available"] == len(withheld)
    assert everything["suppressed"] == (withheld["earnings_status"] == "suppressed").sum()
    f = Filters(credential=(1,), region=(5,), tuition=(0, 20_000))
    expected = withheld[(withheld["CREDLEV"] == 1) & (withheld["REGION"] == 5)
                        & withheld["tuition"].between(0, 20_000)]
    counted = explorer.view(f)["summary"]
    assert counted["suppressed"] == (expected["earnings_status"] == "suppressed").sum()
    assert counted["not_available"] == (expected["earnings_status"] == "not available").sum()
    assert counted["partial"] is False
    # an earnings range cannot apply to programs without earnings: said, not hidden
    assert explorer.view(Filters(credential=(1,), earnings=(0, 30_000)))["summary"]["partial"]


def test_groups_of_fewer_than_five_programs_are_marked_and_can_be_hidden(explorer):
    import plotly.graph_objects as go

    from charts.explorer_figures import groups_chart, states_chart

    def groups_figure(*args, **kwargs):
        return go.Figure(groups_chart(*args, **kwargs))

    def states_figure(*args, **kwargs):
        return go.Figure(states_chart(*args, **kwargs))

    view = explorer.view(Filters(credential=(6,)), group="field")
    rows = view["groups"]["rows"]
    assert all(r["small"] == (r["n"] < 5) for r in rows) and any(r["small"] for r in rows)
    shown = groups_figure(view["groups"])
    bars = shown.data[0]
    assert list(bars.marker.pattern.shape) == ["/" if r["small"] else "" for r in rows]
    assert [t.split("<br>")[1] for t in bars.text] == [f"n={r['n']:,}" for r in rows]
    assert shown.layout.title.subtitle.text == "Hatched bars: fewer than 5 programs"
    hidden = groups_figure(view["groups"], hide_small=True)
    assert len(hidden.data[0].y) == sum(not r["small"] for r in rows)
    assert not hidden.layout.title.subtitle.text
    states = states_figure(view["states"])
    small = [r["value"] for r in view["states"]["rows"] if r["small"]]
    if small:
        assert [t.name for t in states.data] == ["States", "Fewer than 5 programs"]
        assert {t.split("·")[0] for t in states.data[1].text} == set(small)
        assert [t.name for t in states_figure(view["states"], True).data] == ["States"]


def test_one_or_two_points_get_readable_axes():
    from charts.explorer_figures import padded

    assert padded([32_879.5], "earnings") == [27_879.5, 37_879.5]
    assert padded([52_000, 53_000], "money") == [50_500, 54_500]
    assert padded([1_000], "money") == [0, 4_000]  # not below $0 for values that are not
    assert padded([-1_000], "money") == [-3_000, 1_000]  # a gap can be negative
    assert padded([0.02], "admission_rate") == [0, 0.1]
    assert padded([20_000, 90_000], "earnings") is None  # enough spread: plotly chooses
    assert padded([], "sat") is None


def test_inside_polygon_agrees_with_the_plain_even_odd_rule():
    """Each edge tested only in its band of y gives what testing every point against every
    edge gives, for random (also concave and self-crossing) lassos, with or without the
    rows given in y order."""
    rng = np.random.default_rng(7)
    x, y = rng.uniform(0, 100, 3000), rng.uniform(0, 100, 3000)
    x[::50] = np.nan
    for _ in range(40):
        polygon = tuple(map(tuple, rng.uniform(0, 100, (rng.integers(3, 30), 2))))
        px, py = np.array(polygon).T
        plain = np.zeros(len(x), bool)
        j = len(px) - 1
        for i in range(len(px)):
            crosses = (py[i] > y) != (py[j] > y)
            with np.errstate(divide="ignore", invalid="ignore"):
                at = (px[j] - px[i]) * (y - py[i]) / (py[j] - py[i]) + px[i]
            plain ^= crosses & (x < at)
            j = i
        by_y = np.argsort(y, kind="stable")
        assert (inside_polygon(x, y, polygon) == plain).all()
        assert (inside_polygon(x, y, polygon, by_y) == plain).all()
