"""Our tools as a Dash MCP tool provider: each tool's input schema from its signature (types
and each argument's description), its description from its docstring (with the data's valid
values), and every call validated before it runs, so that wrong types, unknown arguments
and bad values come back as a tool error naming the field."""

from __future__ import annotations

import inspect
import json
import typing
from collections.abc import Callable
from typing import Any

import pydantic
from dash.mcp.primitives.tools.base import MCPToolProvider
from dash.mcp.types import CallToolResult, TextContent, Tool

from .tools import ToolInputError

MAX_ARGUMENTS = 30


def input_schema(fn: Callable) -> dict:
    """The JSON Schema of `fn`'s arguments: their types, descriptions and which are
    required (those without a default)."""
    hints = typing.get_type_hints(fn, include_extras=True)
    properties, required = {}, []
    for name, param in inspect.signature(fn).parameters.items():
        schema = pydantic.TypeAdapter(hints[name]).json_schema()
        if param.default is inspect.Parameter.empty:
            required.append(name)
        else:
            schema["default"] = param.default
        properties[name] = schema
    return {"type": "object", "properties": properties, "required": required,
            "additionalProperties": False}


def _validation_problems(exc: pydantic.ValidationError) -> str:
    problems = []
    for error in exc.errors(include_url=False, include_input=False)[:10]:
        where = ".".join(str(part) for part in error["loc"]) or "arguments"
        problems.append(f"{where}: {error['msg']}")
    return "; ".join(problems)


class EarningsTools(MCPToolProvider):
    """The College Earnings tools (dashboard.mcp.tools)."""

    tools: dict[str, Callable] = {}
    descriptions: dict[str, str] = {}
    checked: dict[str, Callable] = {}

    @classmethod
    def describe(cls, tools: tuple, values: str, with_values: set[str]) -> None:
        """Register `tools`; those in `with_values` get the data's valid values appended."""
        cls.tools = {fn.__name__: fn for fn in tools}
        cls.descriptions = {name: inspect.cleandoc(fn.__doc__ or "") +
                            (values if name in with_values else "")
                            for name, fn in cls.tools.items()}
        cls.checked = {name: pydantic.validate_call(fn) for name, fn in cls.tools.items()}

    @classmethod
    def get_tool_names(cls) -> set[str]:
        return set(cls.tools)

    @classmethod
    def list_tools(cls) -> list[Tool]:
        return [Tool(name=name, description=cls.descriptions[name],
                     inputSchema=input_schema(fn)) for name, fn in cls.tools.items()]

    @classmethod
    def call_tool(cls, tool_name: str, arguments: dict[str, Any] | None,
                  task: dict | None = None) -> CallToolResult:
        arguments = arguments or {}
        try:
            if len(arguments) > MAX_ARGUMENTS:
                raise ToolInputError(f"at most {MAX_ARGUMENTS} arguments")
            result = cls.checked[tool_name](**arguments)
            text = json.dumps(result, default=str, allow_nan=False)
        except pydantic.ValidationError as exc:
            return _error(f"invalid arguments: {_validation_problems(exc)}")
        except ToolInputError as exc:
            return _error(str(exc))
        except TypeError as exc:  # an argument the tool does not take
            return _error(f"invalid arguments: {exc}")
        except ValueError as exc:  # not-a-number values in an answer
            return _error(f"the answer could not be written: {exc}")
        return CallToolResult(content=[TextContent(type="text", text=text)],
                              structuredContent=result if isinstance(result, dict) else None)


def _error(message: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=message[:2000])],
                          isError=True)
