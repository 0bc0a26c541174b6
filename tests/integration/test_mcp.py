"""The dashboard as an MCP server, asked by the `mcp` Python SDK over HTTP (a real MCP session)
against the real gunicorn started by the production command, with a team login and a path
prefix: the tools' numbers equal the API's, bad inputs are tool errors naming the field, and
hostile calls never reach a 500."""

from __future__ import annotations

import base64
import json
import secrets
import urllib.request
from urllib.error import HTTPError
from urllib.parse import urlencode

import anyio
import pytest
from werkzeug.security import generate_password_hash

from model.serving import links
from tests.servers import PRODUCTION

from .conftest import free_port, serving

PASSWORD = "correct horse battery"
AUTH = {"Authorization": "Basic " + base64.b64encode(f"alice:{PASSWORD}".encode()).decode()}
SCENARIOS = [
    {"credential": "Bachelor's degree", "field": "Engineering", "control": "Public",
     "region": "Southeast", "locale": "City: large"},
    {"credential": 5, "field": "52", "control": 2, "region": 2, "locale": 21, "sat": 1200,
     "tuition": 30000, "admission_rate": 0.5},
    {"credential": "1", "field": "51", "control": "3", "region": "8", "locale": "41"},
]


@pytest.fixture(scope="module")
def mcp_server(config):
    """The production command with ENABLE_MCP, a team login and the prefix /earnings/."""
    port = free_port()
    env = {"VAR_DIR": str(config.var_dir), "SECRET_KEY": secrets.token_hex(32),
           "URL_BASE_PATHNAME": "/earnings/", "HOST": "127.0.0.1", "PORT": str(port),
           "WEB_CONCURRENCY": "2", "DEBUG": "", "ENABLE_MCP": "1",
           "TEAM_LOGIN": f"alice:{generate_password_hash(PASSWORD)}"}
    base = f"http://127.0.0.1:{port}/earnings/"
    with serving(PRODUCTION, env, config.var_dir / "mcp.log", base + "api/v1/health/ready"):
        yield base


def _session(url: str, headers: dict | None, work):
    """Run `work(session)` in an MCP client session (the SDK over streamable HTTP), on a
    thread of its own (Playwright's browser tests keep an event loop on the main one)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(_run_session, url, headers, work).result()


def _run_session(url: str, headers: dict | None, work):
    from mcp import ClientSession
    from mcp.client.streamable_http import create_mcp_http_client, streamable_http_client

    async def run():
        async with create_mcp_http_client(headers=headers) as http, \
                streamable_http_client(url, http_client=http) as streams, \
                ClientSession(streams[0], streams[1]) as session:
            await session.initialize()
            return await work(session)

    return anyio.run(run)


def _api(base: str, path: str, params: dict) -> dict:
    request = urllib.request.Request(f"{base}api/v1/{path}?{urlencode(params, doseq=True)}",
                                     headers=AUTH)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _post(url: str, body: bytes, headers: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "Accept": "application/json, text/event-stream",
        **(AUTH if headers is None else headers)})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except HTTPError as exc:
        return exc.code, exc.read()


def test_tools_and_resources_are_listed_with_words_an_assistant_can_use(mcp_server, service):
    async def work(session):
        read = [await session.read_resource(uri) for uri in
                ("earnings://data", "earnings://about", "earnings://links")]
        return await session.list_tools(), await session.list_resources(), read

    tools, resources, (data, about, link_words) = _session(mcp_server + "_mcp", AUTH, work)
    data = json.loads(data.contents[0].text)
    assert data["target_definition"] == service.info()["target_definition"]
    assert data["model"] == service.identity() and data["release"] == "unknown"
    assert "Not for causal claims" in about.contents[0].text
    assert "/earnings/?credential=3" in link_words.contents[0].text
    by_name = {t.name: t for t in tools.tools}
    assert set(by_name) == {"predict_earnings", "explain_prediction", "earnings_distribution",
                            "find_programs", "find_institutions", "model_info",
                            "explorer_summary", "institution_profile"}  # no page callbacks: they move page state
    predict = by_name["predict_earnings"]
    assert "dollars a year" in predict.description and "not a program's causal" in \
        predict.description
    assert "Bachelor's degree (3)" in predict.description  # valid values, labels and codes
    schema = predict.input_schema
    assert schema["required"] == ["credential", "field", "control", "region", "locale"]
    assert "by label" in schema["properties"]["credential"]["description"]
    assert {str(r.uri) for r in resources.resources} == {
        "earnings://data", "earnings://about", "earnings://links"}


def test_predict_and_search_equal_the_api(mcp_server, service):
    async def work(session):
        out = []
        for s in SCENARIOS:
            out.append(await session.call_tool("predict_earnings", s))
        out.append(await session.call_tool("find_programs", {
            "credential": [3], "control": ["Public", "Private nonprofit"], "region": "5",
            "earnings_min": 40000, "sort": "earnings", "order": "desc", "per_page": 5}))
        out.append(await session.call_tool("explain_prediction", SCENARIOS[0]))
        return out

    *predictions, found, explained = _session(mcp_server + "_mcp", AUTH, work)
    for s, answer in zip(SCENARIOS, predictions, strict=True):
        assert not answer.is_error, answer.content[0].text
        got = json.loads(answer.content[0].text)
        link = got.pop("link")
        assert got == _api(mcp_server, "predict", s)  # every number, the breakdown included
        assert link.startswith("/earnings/?")  # opens the same prediction in the browser
        assert links.parse(service, link.removeprefix("/earnings/")).inputs == got["inputs"]
    assert not found.is_error, found.content[0].text
    api = _api(mcp_server, "programs", {"credential": "3", "control": "1,2", "region": "5",
                                        "earnings_min": 40000, "sort": "earnings",
                                        "order": "desc", "per_page": 5})
    assert json.loads(found.content[0].text) == api and api["total"] > 5
    words = json.loads(explained.content[0].text)
    value = _api(mcp_server, "predict", SCENARIOS[0])["prediction"]["value"]
    assert words["prediction"] == value
    assert f"${value:,.0f} a year" in words["sentences"][0]
    assert any("How each input moves the prediction" in s for s in words["sentences"])


def test_invalid_inputs_are_tool_errors_naming_the_field(mcp_server):
    async def work(session):
        return [await session.call_tool("predict_earnings", {**SCENARIOS[0], "sat": 9999}),
                await session.call_tool("predict_earnings", {**SCENARIOS[0],
                                                             "credential": "Astronaut"}),
                await session.call_tool("find_programs", {"sort": "shoe size"}),
                await session.call_tool("predict_earnings", {"credential": 3}),
                await session.call_tool("find_institutions", {"query": "x", "limit": 500})]

    sat, credential, sort, missing, limit = _session(mcp_server + "_mcp", AUTH, work)
    for result, field in ((sat, "sat"), (credential, "credential"), (sort, "sort"),
                          (missing, "field"), (limit, "limit")):
        text = result.content[0].text
        assert result.is_error and f"{field}:" in text, text
        assert "Traceback" not in text and 'File "' not in text


def test_a_session_needs_the_team_login(mcp_server):
    status, body = _post(mcp_server + "_mcp", json.dumps(
        {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).encode(), headers={})
    assert status == 401 and b"predict_earnings" not in body
    with pytest.raises(BaseException):  # noqa: B017, PT011 - the SDK raises a group
        _session(mcp_server + "_mcp", None, lambda session: session.list_tools())
    status, _ = _post(mcp_server + "_mcp", json.dumps(
        {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).encode())
    assert status == 200


HOSTILE = [
    ({"name": "predict_earnings", "arguments": {**SCENARIOS[0], "sat": [[[[[1]]]]]}}, "sat"),
    ({"name": "predict_earnings", "arguments": {**SCENARIOS[0], "field": "x" * 100_000}},
     "field"),
    ({"name": "find_programs", "arguments": {"search": {"a": {"b": {"c": []}}}}}, "search"),
    ({"name": "find_programs", "arguments": {"page": "many"}}, "page"),
    ({"name": "predict_earnings", "arguments": {**SCENARIOS[0], "colour": "red"}}, "colour"),
    ({"name": "model_info", "arguments": {"horizon": True}}, "horizon"),
]


@pytest.mark.parametrize(("params", "field"), HOSTILE)
def test_hostile_tool_calls_are_tool_errors(mcp_server, params, field):
    status, body = _post(mcp_server + "_mcp", json.dumps(
        {"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": params}).encode())
    answer = json.loads(body)
    assert status == 200 and answer["result"]["isError"], answer
    assert field in answer["result"]["content"][0]["text"]


@pytest.mark.parametrize("body", [
    b'{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": '
    b'"find_institutions", "arguments": {"query": "\\ud800abc"}}}',
    b'[{"jsonrpc": "2.0", "id": 1, "method": "tools/list"}]',
    b'"tools/list"', b"[" * 50_000, b'{"jsonrpc": "2.0", "id": 1, "method": ["x"]}',
    b'{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": ["x"]}}',
    b'{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": "x"}',
    b'{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "predict_'
    b'earnings", "arguments": [1, 2]}}',
    b'{"jsonrpc": "2.0", "id": 1, "method": "resources/read", "params": {"uri": 5}}',
])
def test_hostile_bodies_get_a_400_json_rpc_error(mcp_server, body):
    status, answer = _post(mcp_server + "_mcp", body)
    assert status == 400, answer[:300]
    error = json.loads(answer)["error"]
    assert error["code"] in (-32700, -32600) and error["message"]
    ready = urllib.request.urlopen(mcp_server + "api/v1/health/ready", timeout=10)
    assert ready.status == 200  # no worker crashed


def test_the_endpoint_carries_the_apps_headers(mcp_server):
    request = urllib.request.Request(mcp_server + "_mcp", method="POST", headers={
        **AUTH, "Content-Type": "application/json"}, data=json.dumps(
        {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors" in response.headers["Content-Security-Policy"]


def test_with_mcp_off_there_is_no_session(live_server):
    """The default: no MCP, and its path says so (never the page or a tool list)."""
    for method in ("GET", "POST"):
        request = urllib.request.Request(live_server + "/_mcp", method=method, data=(
            json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).encode()
            if method == "POST" else None), headers={"Content-Type": "application/json"})
        with pytest.raises(HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        body = refused.value.read()
        assert refused.value.code == 404 and b"ENABLE_MCP" in body and b"tools" not in body
