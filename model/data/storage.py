"""Atomic writes: a failed or killed write never replaces what was there before."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

STALE_SECONDS = 3600  # a temporary file untouched this long was left by a killed write


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call write(tmp) on a temporary file beside `path`, fsync it, then rename it into place.
    Temporary files that killed writes of `path` left behind are removed first."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; published files are readable
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def remove_leftovers(path: Path, older_than: float = STALE_SECONDS) -> None:
    """Remove the temporary files of `path` that no write has touched for `older_than` s."""
    now = time.time()
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(FileNotFoundError):  # another process may remove it too
            if now - leftover.stat().st_mtime > older_than:
                leftover.unlink()


def atomic_write_json(path: str | Path, payload: object) -> Path:
    """Write JSON atomically, pretty-printed."""
    return atomic_write(path, lambda tmp: tmp.write_text(json.dumps(payload, indent=2,
                                                                     default=str) + "\n"))


def switch_symlink(link: Path, target: Path) -> None:
    """Point `link` at `target` atomically (a new symlink renamed over the old one)."""
    tmp = link.with_name(f".{link.name}.new")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target.relative_to(link.parent) if target.is_absolute() else target)
    os.replace(tmp, link)


def prune(directory: Path, keep: int, protect: Path) -> None:
    """Remove all but the newest `keep` entries of `directory`, never `protect`."""
    entries = sorted((p for p in directory.iterdir() if p.is_dir()), key=lambda p: p.name)
    for old in entries[:-keep]:
        if old.resolve() != protect.resolve():
            shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def exclusive(folder: Path, log: Callable[[str], None], wait: bool = True) -> Iterator[None]:
    """Hold `folder`'s writer lock (`.writer.lock`, an flock the system drops if the holder
    dies): a second data build, training or prepare on the same folder waits for the first
    (saying so), or with `wait=False` raises `Busy`. Readers (the servers) never take it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".writer.lock"
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            if not wait:
                raise Busy(f"{folder} is being written by {holder}; try again when it "
                           "has finished") from None
            log(f"Waiting for {holder}, which is writing {folder}")
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} ({' '.join(sys.argv[1:3]) or 'python'}), since "
                 f"{time.strftime('%H:%M:%S')}\n")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


class Busy(RuntimeError):
    """Another process holds a folder's writer lock."""
