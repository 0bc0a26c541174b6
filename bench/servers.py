"""Starting and timing servers for the benchmarks."""

from __future__ import annotations

import os
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


def memory_mb(pid: int) -> dict[str, float]:
    """RSS, PSS and private (USS) memory of a process, in MB."""
    rollup = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        rollup[key] = int(value.split()[0]) / 1024
    return {"rss": rollup["Rss"], "pss": rollup["Pss"],
            "private": rollup["Private_Clean"] + rollup["Private_Dirty"]}
