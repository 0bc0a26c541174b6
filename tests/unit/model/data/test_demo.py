"""The demo generator: deterministic, at the real data's scale, with plausible structure."""

import numpy as np
import pandas as pd

from model.data import columns, demo


def test_demo_is_deterministic_and_at_real_scale():
    first = demo.generate()
    published = columns.published(first)
    assert 55_000 <= len(published) <= 70_000
    assert first.equals(demo.generate())
    assert list(first.columns)[:len(columns.CLEAN_COLUMNS)] == columns.CLEAN_COLUMNS
    # the later horizons have columns of their own; the target's are `earnings`
    assert columns.horizon_columns(first) == ["EARN_MDN_4YR", "EARN_MDN_5YR"]
    # as in the official files, small programs are kept without earnings
    withheld = columns.withheld(first)
    assert 0.15 < len(withheld) / len(first) < 0.3
    assert set(withheld["earnings_status"]) == {"suppressed", "not available"}
    assert withheld["earnings"].isna().all() and published["earnings"].notna().all()
    assert (withheld["graduates"] < 15).all() and (published["graduates"] >= 10).all()


def test_demo_structure_is_plausible():
    df = columns.published(demo.generate())
    by_level = df.groupby("CREDLEV")["earnings"].median()
    assert by_level[1] < by_level[2] < by_level[3] < by_level[5] < by_level[6]
    bachelors = df[df["CREDLEV"] == 3].groupby("CIP2")["earnings"].median()
    assert bachelors["14"] > bachelors["52"] > bachelors["50"]  # engineering > business > arts
    with_sat = df[df["SAT_AVG_ALL"].notna() & (df["CREDLEV"] == 3)]
    assert with_sat["SAT_AVG_ALL"].corr(with_sat["earnings"]) > 0.1
    assert 0.3 < df["SAT_AVG_ALL"].isna().mean() < 0.8
    assert 0.2 < df["ADM_RATE_ALL"].isna().mean() < 0.7
    certs = df[df["CREDLEV"] == 1]
    assert certs["SAT_AVG_ALL"].isna().mean() > 0.9  # certificate schools rarely report SAT
    assert (certs["tuition_kind"].dropna() == "program-year").mean() > 0.3  # charge by program
    assert df.groupby("CONTROL")["earnings"].median()[3] < df.groupby("CONTROL")[
        "earnings"].median()[1]
    assert pd.api.types.is_float_dtype(df["earnings"]) and (df["earnings"] > 0).all()
    assert (df["earnings_count"] <= 2 * df["graduates"]).all()
    assert df["net_price"].corr(df["tuition"]) > 0.5


def test_small_programs_stray_further_as_on_the_real_extract():
    """Within a credential and field, a program's earnings vary more when it is small."""
    df = columns.published(demo.generate())
    log = np.log(df["earnings"])
    spread = log - log.groupby([df["CREDLEV"], df["CIPCODE"]]).transform("median")
    small = spread[df["graduates"] < 35].abs().median()
    large = spread[df["graduates"] > 80].abs().median()
    assert small > 1.15 * large
