"""The production gunicorn (the README's command, with Redis) under a short loopback load of
page loads, callbacks and API calls: SIGKILL of one worker loses at most the requests in
flight and the worker is replaced; a HUP reload loses none."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import threading
import time
import urllib.request
from typing import Self
from urllib.parse import urlencode

import pytest

from harness.servers import workers as children
from layouts import ids
from tests.servers import PRODUCTION as COMMAND

from .conftest import callback_request, free_port, serving

CLIENTS = 4  # concurrent clients, each a fresh connection per request
WORKERS = 2


@pytest.fixture(scope="module")
def server(config, redis_server):
    """The production command on a free port, sharing the suite's Redis; yields the master
    process and the base URL."""
    port = free_port()
    env = {"VAR_DIR": str(config.var_dir), "SECRET_KEY": secrets.token_hex(32),
           "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(WORKERS),
           "DEBUG": "", "REDIS_URL": redis_server.url, "GUNICORN_GRACEFUL_TIMEOUT": "10"}
    base = f"http://127.0.0.1:{port}/"
    with serving(COMMAND, env, config.var_dir / "faults.log",
                 base + "api/v1/health/ready") as master:
        yield master, base


def workers(master) -> set[int]:
    """The master's worker processes."""
    return set(children(master.pid))


def wait_until(check, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def _answers(request: urllib.request.Request | str, check) -> str | None:
    """None when `request` is answered 200 and its body passes `check`, else what failed."""
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return None if response.status == 200 and check(response.read()) else \
                f"status {response.status}"
    except (OSError, ValueError, http.client.HTTPException) as exc:  # a body cut off counts
        return repr(exc)


def mixed_requests(base: str, service) -> list:
    """A page load, a Dash callback and an API prediction, each with what a good answer is."""
    default = {k: v for k, v in service.options()["default"].items() if v is not None}
    callback, query = callback_request(base.rstrip("/"))
    expected = service.search_institutions(query)
    return [
        (f"{base}api/v1/predict?{urlencode(default)}",
         lambda body: json.loads(body)["prediction"]["value"] > 0),
        (base, lambda body: b"College Earnings" in body),
        (callback, lambda body: json.loads(body)["response"][ids.INSTITUTION]["options"]
         == expected),
    ]


class Load:
    """CLIENTS threads sending `requests` in turn until stopped; counts answers and
    failures."""

    def __init__(self, requests: list) -> None:
        self.requests, self.ok, self.failures = requests, 0, []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._client) for _ in range(CLIENTS)]

    def _client(self) -> None:
        turn = 0
        while not self._stop.is_set():
            request, check = self.requests[turn % len(self.requests)]
            turn += 1
            failure = _answers(request, check)
            with self._lock:
                if failure is None:
                    self.ok += 1
                else:
                    self.failures.append(failure)

    def __enter__(self) -> Self:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=60)

    def settle(self, seconds: float) -> None:
        """Let the load run for `seconds`."""
        time.sleep(seconds)


def test_sigkill_of_a_worker_loses_at_most_its_requests_in_flight(server, service):
    master, base = server
    wait_until(lambda: len(workers(master)) == WORKERS)
    before = workers(master)
    victim = min(before)
    with Load(mixed_requests(base, service)) as load:
        load.settle(1.5)
        answered_before_kill = load.ok
        os.kill(victim, signal.SIGKILL)
        wait_until(lambda: victim not in workers(master) and len(workers(master)) == WORKERS)
        load.settle(1.5)
    replacement = workers(master) - before
    print(f"SIGKILL: {load.ok} answered, {len(load.failures)} lost: {load.failures}")
    assert len(replacement) == 1, "the master started a new worker"
    assert answered_before_kill > 20 and load.ok > answered_before_kill
    # at most the killed worker's requests in flight: one per client
    assert len(load.failures) <= CLIENTS, load.failures
    with Load(mixed_requests(base, service)) as after:
        after.settle(1.0)
    assert after.ok > 20 and after.failures == []


def test_hup_reload_replaces_every_worker_and_loses_nothing(server, service):
    master, base = server
    wait_until(lambda: len(workers(master)) == WORKERS)
    before = workers(master)
    with Load(mixed_requests(base, service)) as load:
        load.settle(1.0)
        os.kill(master.pid, signal.SIGHUP)
        wait_until(lambda: not (workers(master) & before) and len(workers(master)) == WORKERS)
        load.settle(1.0)
    print(f"HUP: {load.ok} answered, {len(load.failures)} lost")
    assert load.failures == [] and load.ok > 40
    with urllib.request.urlopen(base + "api/v1/health/ready", timeout=10) as response:
        assert json.loads(response.read())["cache"] == {"backend": "redis",
                                                        "available": True}
