"""The prediction card reads well whatever it shows: no word said twice in a row ("Health
Professions and Related Programs programs"), no sign and word saying the same thing twice
("-$3,803 below expected"), for every credential, a field whose title ends in "Programs", a
combination without programs, and a real institution's programs above and below what is
expected of them."""

from __future__ import annotations

import re

from callbacks import predictor
from layouts.controls import control_values
from model.codes import family_label
from tests.helpers import component_text, page_values

DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
SIGN_AND_SIDE = re.compile(r"[+-]\$[\d,]+ (above|below|more than|less than)\b")


def _words(service, values: dict) -> str:
    answer = predictor.update(service, service.info(), values)
    assert answer.message is None, answer.message
    return " ".join(str(part) for part in (component_text(answer.card), answer.said,
                                          answer.distribution_caption,
                                          answer.breakdown_caption))


def _scenarios(service) -> list[tuple[str, dict]]:
    options = service.options()
    credentials = [o["value"] for o in options["credential"]]
    fields = [o["value"] for o in options["field"]]
    ends_in_programs = [f for f in fields if family_label(f).endswith("Programs")]
    out = [(f"credential {c}, field {f}", page_values(service, credential=c, field=f))
           for c in credentials for f in fields[:2] + ends_in_programs[:1]]
    out.append(("no programs of the combination", page_values(service, credential=1,
                                                              field="27")))
    programs = [p for u in service.search_institutions("university", limit=40)
                for p in service.real_programs(u["value"]) if p.get("gap") is not None]
    for name, pick in (("a program below expected", min), ("one above", max)):
        p = pick(programs, key=lambda q: q["gap"])
        values = control_values(service.program_scenario(p).as_dict())
        out.append((name, {**page_values(service), **values, "institution": p["unitid"]}))
    return out


def test_the_card_says_nothing_twice(service):
    scenarios = _scenarios(service)
    assert any("Programs" in family_label(v["field"]) for _, v in scenarios)
    below = above = 0
    for name, values in scenarios:
        words = _words(service, values)
        assert not DOUBLED.search(words), (name, DOUBLED.search(words).group(0))
        assert not SIGN_AND_SIDE.search(words), (name, SIGN_AND_SIDE.search(words).group(0))
        below += " below expected" in words
        above += " above expected" in words
    assert below and above  # both sides were read, not skipped


def _one_program_of_its_field(service) -> dict:
    """A real program that is its institution's only one of its credential and field, and
    whose 4-digit program the model knows."""
    for u in service.search_institutions("university", limit=60):
        for p in service.real_programs(u["value"]):
            own = service.program_scenario(p)
            field_level = service.validate({**own.as_dict(), "program": None})
            found = service.chosen_programs(field_level, p["unitid"]).programs
            if own.program and p.get("expected") is not None and len(found) == 1:
                return p
    raise AssertionError("the demo has no such program")


def test_the_headline_is_about_the_real_program_the_card_shows(service):
    p = _one_program_of_its_field(service)
    own = service.program_scenario(p)
    page = {**page_values(service), **control_values({**own.as_dict(), "program": None}),
            "institution": p["unitid"]}
    answer = predictor.update(service, service.info(), page)
    words = component_text(answer.card)
    headline = service.predict(own)["value"]  # its 4-digit program, its inputs
    assert f"${headline:,.0f}" in words
    cip = f"{own.program[:2]}.{own.program[2:]}"
    assert f"For {p['program']} (CIP {cip}), the program below, with its institution's " \
           "inputs." in words
    # the chart is drawn for the same program: its group is the 4-digit program
    assert answer.distribution_caption.startswith("Earnings of")
    assert service.explain(own)["distribution"]["chosen_label"] in answer.distribution_caption
    # the page's own tuition: the headline follows it and says so
    changed = predictor.update(service, service.info(), {**page, "tuition": 1000.0})
    moved = component_text(changed.card)
    assert "with the inputs above, not those of" in moved
    assert f"${headline:,.0f}" not in moved.split("For ")[0]
