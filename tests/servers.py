"""A real redis-server for the shared-cache tests, started and stopped by the suite (the
server and the free-port helper come from harness.servers)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from harness import servers
from harness.servers import free_port

PRODUCTION = [sys.executable, "-m", "dashboard", "production"]  # as docs/deploy.md says

__all__ = ["RedisServer", "free_port"]


class RedisServer(servers.RedisServer):
    """harness.servers.RedisServer; a missing redis-server skips the test (fails it in CI)."""

    def __init__(self, workdir: Path) -> None:
        if shutil.which("redis-server") is None:
            if os.environ.get("CI"):
                pytest.fail("redis-server is missing: `make test` installs it")
            pytest.skip("install redis-server (apt-get install redis-server) for this test")
        super().__init__(workdir)
