"""The MCP endpoint in process (Flask's test client): every tool's answer equals the API's,
and hostile calls (any JSON value for any argument, text that is not valid Unicode, deep
nesting, huge bodies) get a tool error or a 400, never a 500. The SDK's session against
gunicorn is in tests/integration/test_mcp.py."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import create_app
from dashboard.config import Config
from dashboard.mcp.provider import EarningsTools, input_schema
from dashboard.mcp.tools import TOOLS
from tests.unit.callbacks.test_fuzz import VALUES


@pytest.fixture(scope="module")
def mcp_app(config, service):
    app = create_app(Config(var_dir=config.var_dir, enable_mcp=True), service=service)
    return app.server


def _call(server, name: str, arguments: object, raw: bytes | None = None):
    body = raw if raw is not None else json.dumps(
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call",
         "params": {"name": name, "arguments": arguments}}).encode()
    return server.test_client().post("/_mcp", data=body, content_type="application/json")


def _result(response) -> tuple[bool, object]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    result = response.get_json()["result"]
    text = result["content"][0]["text"]
    return result.get("isError", False), (text if result.get("isError") else json.loads(text))


def test_every_tool_has_a_description_and_a_schema_of_its_own(mcp_app):
    listed = mcp_app.test_client().post("/_mcp", json={"jsonrpc": "2.0", "id": 1,
                                                       "method": "tools/list"}).get_json()
    tools = {t["name"]: t for t in listed["result"]["tools"]}
    assert list(tools) == [fn.__name__ for fn in TOOLS]
    for fn in TOOLS:
        tool = tools[fn.__name__]
        assert len(tool["description"]) > 150 and tool["inputSchema"] == input_schema(fn)
        for name, schema in tool["inputSchema"]["properties"].items():
            assert schema.get("description"), (fn.__name__, name)  # every input in words


def test_the_other_tools_equal_the_api(mcp_app, service):
    client = mcp_app.test_client()
    error, got = _result(_call(mcp_app, "earnings_distribution",
                               {"credential": 3, "field": "Engineering"}))
    assert not error and got == client.get(
        "/api/v1/distribution?credential=3&field=14").get_json()
    error, got = _result(_call(mcp_app, "explorer_summary", {"credential": ["Bachelor's degree"],
                                                             "region": [5]}))
    view = service.explore(service.parse_filters({"credential": [3], "region": [5]}).filters)
    assert not error and got["summary"] == json.loads(json.dumps(view["summary"]))
    assert got["filters"] == [c["label"] for c in view["chips"]]
    assert got["link"].startswith("/?") and "tab=explore" in got["link"]
    error, got = _result(_call(mcp_app, "model_info", {}))
    assert not error and got["cv_r2"] == service.info()["metrics"]["cv_r2"]
    assert got["model"] == service.identity()
    name = service.search_institutions("college", 1)[0]
    error, got = _result(_call(mcp_app, "find_institutions", {"query": "college", "limit": 1}))
    assert not error and got["institutions"][0]["unitid"] == name["value"]
    assert got["institutions"][0]["control"] == service.institution(name["value"])["control"]


FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("tool", [fn.__name__ for fn in TOOLS])
@FUZZ
@given(data=st.data())
def test_hostile_arguments_get_a_tool_error_or_an_answer(mcp_app, tool, data):
    """Any JSON value (None, wrong types, 70-bit integers, NaN, huge and hostile text, lone
    surrogates, nested lists and objects) for any argument, and unknown arguments."""
    names = sorted(input_schema(EarningsTools.tools[tool])["properties"])
    arguments = data.draw(st.dictionaries(st.sampled_from([*names, "unknown"]), VALUES,
                                          max_size=5))
    response = _call(mcp_app, tool, arguments)
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text
    if response.status_code == 400:  # text that is not valid Unicode: refused as JSON
        assert "not valid Unicode" in response.get_json()["error"]["message"]
        return
    error, answer = _result(response)
    assert error or isinstance(answer, dict)


def test_a_deeply_nested_argument_and_a_huge_body(mcp_app):
    nested = b'{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": ' \
             b'"model_info", "arguments": {"horizon": ' + b"[" * 20_000 + b"]" * 20_000 + b"}}}"
    response = _call(mcp_app, "", None, raw=nested)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == -32700
    huge = _call(mcp_app, "", None, raw=b"{" + b" " * (17 * 1024 * 1024) + b"}")
    assert huge.status_code == 413


def test_the_earnings_test_through_the_tools_equals_the_api(mcp_app, service):
    client = mcp_app.test_client()
    d = {k: v for k, v in service.options()["default"].items() if v is not None}
    state = service.benchmark_states()[0]
    error, got = _result(_call(mcp_app, "predict_earnings", {**d, "state": state}))
    api = client.get("/api/v1/predict", query_string={**d, "state": state}).get_json()
    assert not error and got["earnings_test"] == api["earnings_test"]
    assert got["earnings_test"]["benchmark_kind"] == "state"
    error, got = _result(_call(mcp_app, "predict_earnings", {**d, "credential": 5,
                                                             "bachelor_benchmark": 61_000}))
    assert not error and got["earnings_test"]["benchmark"] == 61_000
    error, text = _result(_call(mcp_app, "predict_earnings", {**d, "state": "ZZ"}))
    assert error and "state" in text
    error, got = _result(_call(mcp_app, "find_programs", {"test": ["at-risk"],
                                                          "per_page": 50}))
    api = client.get("/api/v1/programs?test=at-risk&per_page=50").get_json()
    assert not error and got == api and got["total"] > 0
    error, got = _result(_call(mcp_app, "explorer_summary", {"risk": "p25-50"}))
    view = service.explore(service.parse_filters({"risk": ["p25-50"]}).filters)
    assert not error and got["summary"]["n"] == view["summary"]["n"]


def test_an_institutions_profile_through_the_tool_equals_the_api(mcp_app, service):
    client = mcp_app.test_client()
    unitid = str(service.explorer.df["UNITID"].astype("string").value_counts().index[0])
    error, got = _result(_call(mcp_app, "institution_profile", {"unitid": unitid}))
    assert not error and got == client.get(f"/api/v1/institutions/{unitid}").get_json()
    error, text = _result(_call(mcp_app, "institution_profile", {"unitid": "nope"}))
    assert error and "unitid" in text
