"""A prediction asked over MCP against the same prediction from the API, over HTTP against
the production command (2 workers) with ENABLE_MCP on:

    .venv/bin/python -m bench.mcp [--rounds 300]

Three ways, one request at a time, the same scenario: `GET /api/v1/predict`; a JSON-RPC
`tools/call` of `predict_earnings` posted directly (what one tool call costs the server); and
the same call through the `mcp` SDK's client session (what an assistant's client adds).
Prints p50 and p99 of each, and a transcript of a session (tool list, a prediction with its
breakdown, a program search) to bench/mcp-transcript.md.
"""

from __future__ import annotations

import argparse
import json
import secrets
import tempfile
import time
from pathlib import Path

import requests

from harness.servers import ROOT, answers, free_port, start, stop
from harness.stats import percentile

SCENARIO = {"credential": "Bachelor's degree", "field": "Engineering", "control": "Public",
            "region": "Southeast", "locale": "City: large"}
SEARCH = {"credential": [3], "field": ["Engineering"], "control": ["Public"],
          "region": ["Southeast"], "sort": "earnings", "order": "desc", "per_page": 3}


def _times(call, rounds: int) -> dict:
    for _ in range(20):  # warm: connections, caches
        call()
    spent = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(percentile(spent, 50), 2), "p99_ms": round(percentile(spent, 99), 2),
            "rounds": rounds}


def _sdk(url: str, rounds: int) -> tuple[dict, str]:
    """Timings through the SDK's session, and a transcript of one session."""
    import anyio
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async def run():
        async with streamable_http_client(url) as streams, \
                ClientSession(streams[0], streams[1]) as session:
            init = await session.initialize()
            tools = await session.list_tools()
            predicted = await session.call_tool("predict_earnings", SCENARIO)
            found = await session.call_tool("find_programs", SEARCH)
            for _ in range(20):
                await session.call_tool("predict_earnings", SCENARIO)
            spent = []
            for _ in range(rounds):
                started = time.perf_counter()
                await session.call_tool("predict_earnings", SCENARIO)
                spent.append((time.perf_counter() - started) * 1000)
            return init, tools, predicted, found, spent

    init, tools, predicted, found, spent = anyio.run(run)
    answer = json.loads(predicted.content[0].text)
    terms = "\n".join(f"| {t['label']} | {t['value']} | {t['amount']:+,.0f} |"
                      for t in answer["contributions"]["terms"])
    rows = "\n".join(f"| {r['institution']} | {r['program']} | {r['earnings']:,.0f} | "
                     f"{r['expected']:,.0f} | {r['gap']:+,.0f} |"
                     for r in json.loads(found.content[0].text)["rows"])
    p = answer["prediction"]
    transcript = f"""# An MCP session (the `mcp` SDK against `python -m dashboard production`)

Server: {init.server_info.name} {init.server_info.version}, protocol {init.protocol_version}.

## tools/list
{chr(10).join(f"- `{t.name}`({', '.join(t.input_schema['properties'])}): "
              f"{' '.join(t.description.split(chr(10) * 2)[0].split())}" for t in tools.tools)}

## tools/call predict_earnings {json.dumps(SCENARIO)}
{answer['target_definition']}: **${p['value']:,.0f}** a year, 80% range ${p['low']:,.0f} to
${p['high']:,.0f}, percentile {p['percentile']:.0f} among {p['peers']:,} {p['credential_label']}
programs. Link: `{answer['link']}`

| input | value | dollars |
|---|---|---|
| average program | | {answer['contributions']['baseline']:,.0f} |
{terms}
| prediction | | {answer['contributions']['prediction']:,.0f} |

## tools/call find_programs {json.dumps(SEARCH)}
{json.loads(found.content[0].text)['total']:,} programs; the first three by earnings:

| institution | program | earnings | expected | gap |
|---|---|---|---|---|
{rows}
"""
    return ({"p50_ms": round(percentile(spent, 50), 2), "p99_ms": round(percentile(spent, 99), 2),
             "rounds": rounds}, transcript)


def run(var_dir: Path, rounds: int, work: Path) -> tuple[dict, str]:
    """Start the production command with MCP on the model in `var_dir`; time and record."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = start([str(Path(ROOT / ".venv" / "bin" / "python")), "-m", "dashboard",
                    "production"],
                   {"VAR_DIR": str(var_dir), "PORT": str(port), "HOST": "127.0.0.1",
                    "SECRET_KEY": secrets.token_hex(32), "ENABLE_MCP": "1",
                    "WEB_CONCURRENCY": "2", "DEBUG": ""}, work / "mcp-server.log")
    try:
        deadline = time.monotonic() + 120
        while not answers(base + "api/v1/health/ready"):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"the server did not start; see {work}")
            time.sleep(0.2)
        session = requests.Session()
        api = _times(lambda: session.get(base + "api/v1/predict", params=SCENARIO,
                                         timeout=10).raise_for_status(), rounds)
        body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                "params": {"name": "predict_earnings", "arguments": SCENARIO}}
        direct = _times(lambda: session.post(base + "_mcp", json=body,
                                             timeout=10).raise_for_status(), rounds)
        sdk, transcript = _sdk(base + "_mcp", rounds)
    finally:
        stop(server)
    return {"api": api, "tool_call": direct, "sdk_session": sdk}, transcript


def main() -> None:
    from dashboard.config import Config

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        result, transcript = run(Config.from_env().var_dir, args.rounds, Path(work))
    (ROOT / "bench" / "mcp-transcript.md").write_text(transcript)
    (ROOT / "bench" / "mcp-results.json").write_text(json.dumps(result, indent=2) + "\n")
    print("| way | p50 | p99 |\n|---|---|---|")
    for name, words in (("api", "GET /api/v1/predict"),
                        ("tool_call", "MCP tools/call predict_earnings (JSON-RPC POST)"),
                        ("sdk_session", "the same through the mcp SDK's session")):
        print(f"| {words} | {result[name]['p50_ms']} ms | {result[name]['p99_ms']} ms |")
    print(f"\n{args.rounds} sequential requests each; transcript in bench/mcp-transcript.md")


if __name__ == "__main__":
    main()
