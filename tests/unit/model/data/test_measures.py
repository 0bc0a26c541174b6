"""The earnings measures: full labels, the default target, and the table against the official
data dictionary."""

from __future__ import annotations

import pytest

from model.data import measures
from model.errors import DataError


def test_labels_name_whose_earnings_which_cohort_and_which_dollars():
    label = measures.label("EARN_MDN_1YR")
    assert label == ("Median earnings 1 year after completion, federally aided graduates "
                     "working and not enrolled, 2018-19 and 2019-20 completers (measured in "
                     "2020 and 2021), 2022 dollars")
    assert measures.label("EARN_MDN_HI_1YR") != label
    assert measures.label("EARN_MDN_HI_1YR").startswith(
        "Median earnings 1 year after completing the highest credential")
    assert "2019 dollars" in measures.label("EARN_MDN_HI_2YR")
    assert "not enrolled" in measures.label("EARN_NE_MDN_3YR")
    assert "working" not in measures.label("EARN_NE_MDN_3YR")
    assert "who received a Pell Grant" in measures.label("EARN_PELL_WNE_MDN_5YR")
    assert "non-male graduates" in measures.label("EARN_NOMALE_WNE_MDN_4YR")
    assert len({measures.label(c) for c in measures.MEASURES}) == len(measures.MEASURES)


def test_the_default_is_the_freshest_median_with_enough_published_values():
    assert measures.choose({"EARN_MDN_HI_2YR": 900, "EARN_MDN_5YR": 800,
                            "EARN_MDN_1YR": 850})[0] == "EARN_MDN_1YR"
    # a release where the fresher measure is all suppressed, or barely published
    for published in (0, 300):
        column, why = measures.choose({"EARN_MDN_HI_2YR": 0, "EARN_MDN_1YR": published,
                                       "EARN_MDN_5YR": 800, "EARN_MDN_4YR": 790})
        assert column == "EARN_MDN_5YR"
        assert f"EARN_MDN_1YR ({published:,})" in why and "freshest" in why
    # subgroup medians are never the default, benchmarks never a candidate
    assert measures.choose({"EARN_PELL_WNE_MDN_1YR": 999, "EARN_MDN_4YR": 500,
                            "EARN_THR_STATE": 5000})[0] == "EARN_MDN_4YR"


def test_any_earnings_median_in_the_file_can_be_the_target():
    present = {"EARN_MDN_1YR": 10, "EARN_PELL_WNE_MDN_1YR": 8, "EARN_MDN_10YR": 5}
    for column in present:
        assert measures.choose(present, column)[0] == column
    assert measures.label("EARN_MDN_10YR") == "Median earnings 10 years after completion " \
                                              "(EARN_MDN_10YR)"
    assert "not in the 2025 data dictionary" in measures.describe("EARN_MDN_10YR")["source"]


@pytest.mark.parametrize("requested, words", [
    ("EARN_MDN_4YR", ["not in the file", "EARN_MDN_1YR (10 published)"]),
    ("EARN_THR_STATE", ["is a benchmark", "high-school graduates"]),
    ("EARN_COUNT_WNE_1YR", ["not an earnings median"]),
])
def test_a_target_that_cannot_be_modelled_is_refused_with_the_reason(requested, words):
    present = {"EARN_MDN_1YR": 10, "EARN_THR_STATE": 10, "EARN_COUNT_WNE_1YR": 10}
    with pytest.raises(DataError) as err:
        measures.choose(present, requested, file="fos.csv")
    assert err.value.column == requested and str(err.value).startswith("fos.csv")
    for text in words:
        assert text in str(err.value)


def test_a_file_with_every_median_suppressed_is_refused():
    with pytest.raises(DataError, match="every earnings median is suppressed or empty"):
        measures.choose({"EARN_MDN_1YR": 0, "EARN_MDN_HI_2YR": 0})
    with pytest.raises(DataError, match="no earnings column"):
        measures.choose({"INSTNM": 5})


@pytest.mark.real_data
def test_the_table_matches_the_official_data_dictionary(real_data):
    """Every earnings median the dictionary lists is known, with its words, cohort, measurement
    years and dollars as the 'most recent' column of the cohort map gives them."""
    import openpyxl

    book = openpyxl.load_workbook(real_data / "reference" / "CollegeScorecardDataDictionary.xlsx",
                                  read_only=True)
    definitions = {r[4]: r[0] for r in book["FieldOfStudy_Data_Dictionary"].iter_rows(
        values_only=True) if r[4]}
    cohorts = {r[0]: r[7] for r in book["FieldOfStudy_Cohort_Map"].iter_rows(values_only=True)
               if r[0]}
    medians = [c for c in definitions if measures.is_median(c)]
    assert len(medians) == 22 and set(medians) <= set(measures.MEASURES)
    for column in medians:
        m = measures.MEASURES[column]
        h = m.series
        text, cohort = definitions[column].lower(), cohorts[column]
        assert f"{h.years} year" in text and ("highest credential" in text) == h.highest
        assert ("working and not enrolled" in text) == h.working
        assert f"AY{h.completers[0]}, AY{h.completers[1]}" in cohort
        assert f"CY{h.measured[0]}, CY{h.measured[1]}" in cohort
        assert f"{h.dollars} dollars" in cohort
        assert m.count in definitions  # the graduates behind the median are in the file too
