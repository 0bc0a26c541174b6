"""The demo generator: deterministic, at the real data's scale, with plausible structure."""

import pandas as pd

from model import demo, schema


def test_demo_is_deterministic_and_at_real_scale():
    first = demo.generate()
    assert 55_000 <= len(first) <= 70_000
    assert first.equals(demo.generate())
    assert list(first.columns) == schema.CLEAN_COLUMNS


def test_demo_structure_is_plausible():
    df = demo.generate()
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
    assert df.groupby("CONTROL")["earnings"].median()[3] < df.groupby("CONTROL")[
        "earnings"].median()[1]
    assert pd.api.types.is_float_dtype(df["earnings"]) and (df["earnings"] > 0).all()
