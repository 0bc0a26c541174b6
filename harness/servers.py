"""Starting and timing servers for the benchmarks."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
            "--no-control-socket"]


def free_port() -> int:
    """A loopback port nobody is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    """Start `command` from the project's root with `env` added, its output in `log`."""
    with open(log, "w") as out:
        return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def answers(url: str) -> bool:
    """Whether `url` answers 200 now."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            response.read()
            return response.status == 200
    except OSError:
        return False


def seconds_until(urls: list[str], process: subprocess.Popen, started: float,
                  limit: float = 600) -> dict[str, float]:
    """Seconds from `started` (time.perf_counter) to each URL's first 200."""
    found: dict[str, float] = {}
    while len(found) < len(urls):
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        if time.perf_counter() - started > limit:
            raise TimeoutError(f"no answer within {limit}s")
        for url in urls:
            if url not in found and answers(url):
                found[url] = time.perf_counter() - started
        time.sleep(0.02)
    return found


def stop(process: subprocess.Popen) -> None:
    """Stop a server and wait for it."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def workers(master: int) -> list[int]:
    """The master's child processes."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            state, parent = stat.rsplit(")", 1)[1].split()[:2]
            if int(parent) == master and state != "Z":  # a zombie is no longer a worker
                found.append(int(entry))
    return sorted(found)


def all_workers(master: int, count: int, timeout: float = 60) -> list[int]:
    """The master's workers once it has forked all `count` of them (readiness answers as
    soon as the first is up)."""
    deadline = time.monotonic() + timeout
    while len(found := workers(master)) != count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn {master} has {len(found)} of {count} workers "
                               f"after {timeout:.0f} s")
        time.sleep(0.05)
    return found


def memory_mb(pid: int) -> dict[str, float]:
    """RSS, PSS and private (USS) memory of a process, in MB."""
    rollup = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        rollup[key] = int(value.split()[0]) / 1024
    return {"rss": rollup["Rss"], "pss": rollup["Pss"],
            "private": rollup["Private_Clean"] + rollup["Private_Dirty"]}


class RedisServer:
    """redis-server on a free loopback port, without persistence; `stop` and `start` again
    keep the port, as a restarted server would."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise FileNotFoundError("redis-server is not installed "
                                    "(apt-get install redis-server)")
        self.binary, self.workdir, self.port = binary, workdir, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
