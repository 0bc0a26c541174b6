"""Prediction counts and latency, per worker: a log line every METRICS_INTERVAL seconds
(`metrics pid=... api=12 batch_rows=300 page=4 p50_ms=0.21 p99_ms=3.40`), only when
something happened. Each process keeps its own numbers (sum the lines across workers)."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time

LOG = logging.getLogger("dashboard.metrics")  # the name operators filter on
KINDS = ("api", "batch_rows", "page")


def _logger() -> logging.Logger:
    if not LOG.handlers:  # one line on stderr, beside gunicorn's own log
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        LOG.addHandler(handler)
        LOG.setLevel(logging.INFO)
        LOG.propagate = False
    return LOG


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Metrics:
    """Counts and latencies since the last line; thread-safe; the logging thread starts on
    the first record in each process (so after gunicorn's fork)."""

    def __init__(self, interval: float = 60.0) -> None:
        self.interval = interval
        self.log = _logger()
        self._lock = threading.Lock()
        self._pid = None
        self._reset()

    def _reset(self) -> None:
        self.counts = dict.fromkeys(KINDS, 0)
        self.seconds: list[float] = []

    def record(self, kind: str, seconds: float, n: int = 1) -> None:
        """`n` predictions of `kind` answered in one request taking `seconds`."""
        with self._lock:
            self.counts[kind] += n
            if len(self.seconds) < 100_000:
                self.seconds.append(seconds)
            if self._pid != os.getpid() and self.interval > 0:
                self._pid = os.getpid()
                threading.Thread(target=self._loop, name="metrics", daemon=True).start()

    def line(self, reset: bool = True) -> str | None:
        """The log line for what happened since the last one (None if nothing did)."""
        with self._lock:
            counts, seconds = dict(self.counts), list(self.seconds)
            if reset:
                self._reset()
        if not seconds:
            return None
        parts = " ".join(f"{k}={v}" for k, v in counts.items())
        return (f"metrics pid={os.getpid()} {parts} requests={len(seconds)} "
                f"p50_ms={_percentile(seconds, 0.5) * 1000:.2f} "
                f"p99_ms={_percentile(seconds, 0.99) * 1000:.2f}")

    def _loop(self) -> None:
        pid = os.getpid()
        while os.getpid() == pid:
            time.sleep(self.interval)
            text = self.line()
            if text:
                self.log.info(text)


@contextlib.contextmanager
def timed(metrics: Metrics, kind: str, n: int = 1):
    """Record one request's latency (and `n` predictions) if the block succeeds."""
    start = time.perf_counter()
    yield
    metrics.record(kind, time.perf_counter() - start, n)
