"""Static images of plotly figures (PNG, SVG, PDF) with kaleido 1.x and the system Chromium.

One headless browser per process, started on the first export (so after gunicorn forks, in
each worker) and reused: a warm export costs a fraction of a second, a cold one a few. The
browser runs on its own thread with its own event loop; concurrent exports wait their turn
for its one tab, up to `limit` of them per process: beyond that ExportBusy is raised at
once (a clear 503 with Retry-After) instead of piling up threads that would time out.
Without a browser, exports raise ExportUnavailable, which the API turns into a 503;
nothing else in the app depends on it.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import os
import shutil
import threading
from pathlib import Path

from model.errors import ExportBusy, ExportFailed, ExportUnavailable

__all__ = ["FORMATS", "ExportBusy", "ExportFailed", "ExportUnavailable", "Exporter",
           "browser_path"]

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL = "apt-get install chromium (or set BROWSER_PATH to a Chrome or Chromium binary)"
TIMEOUT = 60.0  # seconds for one export, waiting for the browser included


def browser_path() -> str:
    """The browser kaleido will use: BROWSER_PATH if set, else Chromium on PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        if not (Path(configured).is_file() and os.access(configured, os.X_OK)):
            raise ExportUnavailable(f"No browser at BROWSER_PATH={configured}: {INSTALL}.")
        return configured
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise ExportUnavailable(f"Image export needs Chromium, which is not installed: {INSTALL}.")


class _Browser:
    """A kaleido browser on a thread of its own, in the process that started it."""

    def __init__(self, path: str) -> None:
        import kaleido  # imported here: the dashboard runs without it being used

        self.pid = os.getpid()
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="kaleido", daemon=True).start()

        async def start() -> kaleido.Kaleido:
            browser = kaleido.Kaleido(n=1, timeout=TIMEOUT, mathjax=False, path=path)
            await browser.open()
            return browser

        try:
            self.kaleido = self._run(start())
        except BaseException:
            self.loop.call_soon_threadsafe(self.loop.stop)
            raise

    def _run(self, coroutine, timeout: float = TIMEOUT):
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise

    def draw(self, figure: dict, opts: dict) -> bytes:
        return self._run(self.kaleido.calc_fig(figure, opts=opts))

    def close(self) -> None:
        try:
            self._run(self.kaleido.close(), timeout=10)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)


class _ProcessBrowser:
    """This process's one browser: started by the first export (so after gunicorn forks, in
    each worker), reused by every exporter of the process, replaced when it breaks."""

    def __init__(self) -> None:
        self._browser: _Browser | None = None
        self._lock = threading.Lock()

    def warm(self) -> bool:
        """Whether this process already has its browser running."""
        return self._browser is not None and self._browser.pid == os.getpid()

    def draw(self, fig: dict, opts: dict) -> bytes:
        browser = self._start()
        try:
            return browser.draw(fig, opts)
        except concurrent.futures.TimeoutError:  # still busy with earlier exports: keep it
            raise ExportFailed(f"the browser did not finish within {TIMEOUT:.0f} s; "
                               "try again") from None
        except Exception as exc:  # a broken browser is replaced by the next export
            self._forget(browser)
            raise ExportFailed(f"the browser could not draw the chart: {exc}"[:300]) from exc

    def _start(self) -> _Browser:
        with self._lock:  # one start per process, even when exports arrive together
            if not self.warm():
                path = browser_path()
                try:
                    self._browser = _Browser(path)
                    atexit.register(self.close)  # the process's exit closes its browser
                except Exception as exc:
                    self._browser = None
                    raise ExportUnavailable(f"Chromium at {path} did not start ({exc}); "
                                            f"{INSTALL}.") from exc
            return self._browser

    def _forget(self, browser: _Browser) -> None:
        with self._lock:
            if self._browser is browser:
                self._browser = None
        try:
            browser.close()
        except Exception:  # noqa: BLE001, S110 - it is being thrown away
            pass

    def close(self) -> None:
        """Stop this process's browser (if it has one)."""
        if self.warm():
            self._forget(self._browser)


# A process resource like its open files: nothing configures it, and an app's exporter
# only queues for it
_BROWSER = _ProcessBrowser()


class Exporter:
    """Draws figures to bytes with the process's browser, taking at most `limit` exports
    (drawing or waiting) at a time: beyond that ExportBusy at once."""

    def __init__(self, limit: int = 3) -> None:
        self.limit = limit
        self._pending = 0
        self._pending_lock = threading.Lock()

    def warm(self) -> bool:
        """Whether this process already has its browser running."""
        return _BROWSER.warm()

    def export(self, figure, fmt: str, width: int, height: int,
               scale: float = 1.0) -> bytes:
        """The figure (a plotly Figure or its dict) as `fmt` bytes at `width` x `height` CSS
        pixels times `scale`."""
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}")
        fig = figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else figure
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        with self._pending_lock:
            if self._pending >= self.limit:
                raise ExportBusy(f"the server is drawing {self._pending} other exports; "
                                 f"try again in {ExportBusy.retry_after} seconds")
            self._pending += 1
        try:
            return self._draw(fig, opts)
        finally:
            with self._pending_lock:
                self._pending -= 1

    def _draw(self, fig: dict, opts: dict) -> bytes:
        return _BROWSER.draw(fig, opts)

    def close(self) -> None:
        """Stop this process's browser (the next export starts another)."""
        _BROWSER.close()
