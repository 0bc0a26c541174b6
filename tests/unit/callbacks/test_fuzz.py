"""Hostile input to every Dash callback, as crafted POSTs to `_dash-update-component`.

Each of the app's callbacks is found in its callback map and posted with values a browser
would never send: None, wrong types, huge strings, out-of-range and non-finite numbers,
unknown categories, script and `javascript:` text. Each answer must be a normal Dash answer
(200, or 204 for "nothing to update") without a traceback; a malformed body gets a 400.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HOSTILE_TEXT = ["", " ", "x" * 100_000, "<script>alert(1)</script>", "javascript:alert(1)",
                "999", "ZZ", "-1", "NA", "None", "null", "../../etc/passwd", "\x00", "💥" * 500,
                "\ud800abc", "?credential=\udfff"]
# Text as a crafted client can send it, lone surrogates (not valid Unicode) included
TEXT = st.text(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=30)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(HOSTILE_TEXT), TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12)
FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class RecordingExporter:
    """Stands in for the browser exporter: the fuzz is about inputs, not drawing (exports
    are drawn for real in tests/integration/test_export.py)."""

    def export(self, fig, fmt, width, height, scale) -> bytes:
        if fmt not in ("png", "svg", "pdf"):
            raise ValueError(f"unknown format {fmt!r}")
        return b"image"


@pytest.fixture(scope="module")
def dash_app(app):
    real = app.server.extensions["dashboard"].exporter
    app.server.extensions["dashboard"].exporter = RecordingExporter()
    yield app
    app.server.extensions["dashboard"].exporter = real


def _spec_id(raw: str) -> str | dict:
    return json.loads(raw) if raw.startswith("{") else raw


def _outputs(key: str) -> list[dict]:
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    return [{"id": _spec_id(p.rsplit(".", 1)[0]), "property": p.rsplit(".", 1)[1]}
            for p in parts]


def _entry(data, spec: dict) -> dict | list:
    """One input or state of the request, with a hostile value; a wildcard input becomes
    zero to two matching components with hostile ids and values."""
    spec_id = _spec_id(spec["id"]) if isinstance(spec["id"], str) else spec["id"]
    if isinstance(spec_id, dict):
        count = data.draw(st.integers(0, 2))
        return [{"id": {k: (v if isinstance(v, str) else data.draw(SCALARS.filter(
                     lambda s: isinstance(s, (str, int)) and not isinstance(s, bool))))
                        for k, v in spec_id.items()},
                 "property": spec["property"], "value": data.draw(VALUES)}
                for _ in range(count)]
    return {"id": spec_id, "property": spec["property"], "value": data.draw(VALUES)}


def _changed(entries: list) -> list[str]:
    for entry in entries:
        first = entry[0] if isinstance(entry, list) and entry else entry
        if isinstance(first, dict) and "id" in first:
            key = first["id"]
            key = json.dumps(key, separators=(",", ":"), sort_keys=True) if isinstance(
                key, dict) else key
            return [f"{key}.{first['property']}"]
    return []


def _post(app, body: object):
    """Post as a crafted client would: the standard library's JSON, which (unlike the
    app's orjson writer) also writes NaN, infinities and integers beyond 64 bits."""
    return app.server.test_client().post("/_dash-update-component", data=json.dumps(body),
                                         content_type="application/json")


def unicode_text(value: object) -> bool:
    """Whether every string (and key) in `value` is valid Unicode."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


CALLBACKS = 39  # the app's callbacks; a new one must raise this so that it is fuzzed too


def _callbacks(app) -> list[str]:
    return sorted(app.callback_map)


def test_every_callback_is_fuzzed(app):
    assert len(_callbacks(app)) == CALLBACKS


@pytest.mark.parametrize("index", range(CALLBACKS))
@FUZZ
@given(data=st.data())
def test_hostile_values_get_an_answer_not_an_error(dash_app, index, data):
    key = _callbacks(dash_app)[index]
    spec = dash_app.callback_map[key]
    inputs = [_entry(data, s) for s in spec["inputs"]]
    body = {"output": key, "outputs": _outputs(key), "inputs": inputs,
            "state": [_entry(data, s) for s in spec["state"]], "changedPropIds": _changed(inputs)}
    if not key.startswith(".."):
        body["outputs"] = body["outputs"][0]
    response = _post(dash_app, body)
    text = response.get_data(as_text=True)
    if not unicode_text(json.loads(json.dumps(body))):  # as the server reads it: an
        # escaped pair of surrogates is one character, a lone one is not Unicode
        assert response.status_code == 400, (key, response.status_code, text[:300])
        assert "is not valid Unicode text" in response.get_json()["message"]
        return
    if "callback" not in spec:  # a clientside callback: nothing to run on the server
        assert response.status_code == 400 and "in the browser" in text
        return
    assert response.status_code in (200, 204), (key, response.status_code, text[:500])
    assert "Traceback" not in text and 'File "' not in text
    if response.status_code == 200:
        assert "response" in response.get_json()


MALFORMED = [
    {}, [], "x", {"output": "no-such.children", "outputs": {}, "inputs": [], "state": []},
    {"output": 7}, {"output": None, "inputs": None},
    {"output": "predict-card.children", "inputs": "x"},
    {"output": "input-institution.options", "outputs": {"id": "input-institution",
                                                        "property": "options"},
     "inputs": [{"id": "input-institution"}], "state": "x"},
    {"output": "input-institution.options", "outputs": [], "inputs": [[[]]], "state": [{}]},
]


@pytest.mark.parametrize("body", MALFORMED)
def test_malformed_callback_requests_get_a_400_not_a_500(app, body):
    response = _post(app, body)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.is_json and response.get_json()["message"]
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("where", ["search", "url"])
def test_text_that_is_not_unicode_gets_a_400_naming_where(app, where):
    """The issue's two cases: a lone surrogate in the institution search, and in the page
    URL's search string (escaped as JSON writes it, and as raw bytes)."""
    key = next(k for k in app.callback_map if (where == "search" and k.endswith(
        "institution.options")) or (where == "url" and "page-content" in k))
    spec = app.callback_map[key]
    bad = "\ud800abc" if where == "search" else "?credential=3&field=\ud800abc"
    inputs = [{"id": _spec_id(s["id"]), "property": s["property"], "value": bad}
              for s in spec["inputs"]]
    state = [{"id": _spec_id(s["id"]), "property": s["property"], "value": None}
             for s in spec["state"]]
    outputs = _outputs(key)
    body = {"output": key, "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": inputs, "state": state, "changedPropIds": _changed(inputs)}
    response = _post(app, body)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    message = response.get_json()["message"]
    assert "inputs[" in message and "is not valid Unicode text" in message
    raw = json.dumps(body).replace("\\ud800", "").encode().replace(b"abc", b"\xed\xa0\x80abc")
    response = app.server.test_client().post("/_dash-update-component", data=raw,
                                             content_type="application/json")
    assert response.status_code == 400 and "not valid UTF-8" in response.get_json()["message"]


def test_a_body_that_is_not_json_gets_a_400(app):
    response = app.server.test_client().post(
        "/_dash-update-component", data=b"\xff{not json", content_type="application/json")
    assert response.status_code == 400 and "Traceback" not in response.get_data(as_text=True)
