"""ModelService: options, validation, predictions, distributions, institutions."""

from __future__ import annotations

import pytest

from model.errors import InvalidInputs


def test_options_have_labels_not_codes(service):
    opts = service.options()
    labels = {o["value"]: o["label"] for o in opts["credential"]}
    assert labels[3] == "Bachelor's degree" and labels[1] == "Undergraduate certificate"
    assert {o["label"] for o in opts["control"]} == {"Public", "Private nonprofit",
                                                     "Private for-profit"}
    assert all(not o["label"].isdigit() for o in opts["region"] + opts["locale"])
    assert opts["ranges"]["sat"]["min"] >= 400 and opts["ranges"]["sat"]["max"] <= 1600
    assert opts["default"]["credential"] == 3


def test_prediction_has_range_and_percentile(service):
    p = service.predict(service.default_scenario())
    assert p["low"] < p["value"] < p["high"]
    assert 0 <= p["percentile"] <= 100 and p["peers"] > 100
    assert p["credential_label"] == "Bachelor's degree"


def test_higher_credentials_and_fields_predict_more(service):
    base = service.options()["default"]
    cert = service.predict(service.validate({**base, "credential": 1}))["value"]
    masters = service.predict(service.validate({**base, "credential": 5}))["value"]
    assert cert < masters
    eng = service.predict(service.validate({**base, "field": "14"}))["value"]
    arts = service.predict(service.validate({**base, "field": "50"}))["value"]
    assert eng > arts + 5_000


def test_labels_and_codes_are_both_accepted(service):
    base = service.options()["default"]
    by_label = service.validate({**base, "credential": "bachelor's degree", "control": "Public"})
    assert by_label.credential == 3 and by_label.control == 1


@pytest.mark.parametrize("field, value, text", [
    ("credential", 42, "not a valid value"), ("sat", 2400, "outside 400 to 1600"),
    ("admission_rate", "lots", "must be a number"), ("tuition", -5, "outside"),
    ("field", None, "is required"), ("program", "9999", "for this field of study"),
    ("region", [1, 2], "must be one of"),
])
def test_invalid_inputs_name_the_field(service, field, value, text):
    raw = {**service.options()["default"], field: value}
    with pytest.raises(InvalidInputs) as err:
        service.validate(raw)
    assert err.value.errors[0].field == field and text in str(err.value)


def test_distribution_is_percent_of_programs(service):
    d = service.distribution(3, "52")
    assert len(d["edges"]) == len(d["overall"]) + 1 == len(d["chosen"]) + 1
    assert sum(d["overall"]) == pytest.approx(100) and sum(d["chosen"]) == pytest.approx(100)
    assert d["n_chosen"] < d["n_overall"]
    assert d["chosen_label"].startswith("Business")
    empty = service.distribution(1, "27")  # no certificates in mathematics
    assert empty["n_chosen"] == 0 and sum(empty["chosen"]) == 0


def test_institution_search_and_fill(service):
    found = service.search_institutions("college")
    assert 0 < len(found) <= 20 and all("college" in f["label"].lower() for f in found)
    inst = service.institution(found[0]["value"])
    assert inst["control"] in (1, 2, 3) and inst["region"] in range(10)
    assert inst["tuition"] is None or inst["tuition"] > 0
    assert service.institution("nope") is None and service.search_institutions("  ") == []
