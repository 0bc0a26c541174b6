"""Schemathesis against the API's own OpenAPI document, in process, every default check:
valid requests generated from the schema (positive) and invalid ones (negative), at least
100 examples per operation that takes inputs. Charts are drawn by a stand-in for the
browser (tests/integration/test_export.py draws real ones)."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from PIL import Image
from schemathesis import GenerationMode

EXAMPLES = 100
# operations whose valid requests are few (GET /model: only the optional horizon, one of the
# model's few): every one of them is sent, however few
ENUMERABLE = {"GET /model"}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(out, "PNG")
    return out.getvalue()


PNG = _png()


class StandInExporter:
    """Returns a tiny file of the asked-for type at once."""

    def export(self, figure, fmt: str, width: int, height: int, scale: float = 1.0) -> bytes:
        assert figure.layout.meta["export_name"]
        return {"png": PNG, "svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>',
                "pdf": b"%PDF-1.4\n%%EOF\n"}[fmt]


@pytest.fixture
def stand_in_browser(api_app, monkeypatch):
    monkeypatch.setattr(api_app.extensions["dashboard"], "exporter", StandInExporter())


def _operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


def _takes_inputs(operation) -> bool:
    return bool(list(operation.iter_parameters())) or bool(operation.body)


def test_every_operation_is_documented(api_schema):
    labels = {op.label for op in _operations(api_schema)}
    assert {"GET /predict", "POST /predict", "POST /predict/batch", "GET /options",
            "GET /model", "GET /distribution", "GET /programs", "GET /health/live",
            "GET /health/ready", "GET /report.pdf", "GET /charts/comparison.{format}",
            *(f"GET /charts/{c}.{{format}}" for c in ("distribution", "breakdown", "scatter",
                                                     "histogram", "groups", "states"))
            } <= labels


def _run(operation, mode: GenerationMode, app) -> int:
    seen = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        seen.append(1)
        # the WSGI client does not decode gzip (real clients do), so ask for none
        case.call_and_validate(app=app, headers={"Accept-Encoding": "identity"})

    try:
        check()
    except Exception as exc:  # noqa: BLE001 - name the operation; its report follows
        pytest.fail(f"{operation.label} ({mode.value}): {exc}")
    return len(seen)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
def test_api_conforms_to_its_openapi_document(api_schema, api_app, mode, stand_in_browser):
    counts = {}
    for operation in _operations(api_schema):
        if _takes_inputs(operation):
            counts[operation.label] = _run(operation, mode, api_app)
        elif mode is GenerationMode.POSITIVE:  # one possible request: sent, and checked
            assert _run(operation, mode, api_app) >= 1
    assert counts and all(n >= EXAMPLES or (label in ENUMERABLE and n >= 1
                                            and mode is GenerationMode.POSITIVE)
                          for label, n in counts.items()), counts
