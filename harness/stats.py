"""Percentiles for the benchmarks (nearest rank: a value that was measured)."""

from __future__ import annotations

import statistics


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def summary(times_ms: list[float]) -> dict:
    """p50, p99 and the number of samples."""
    return {"p50": statistics.median(times_ms), "p99": percentile(times_ms, 99),
            "n": len(times_ms)}
