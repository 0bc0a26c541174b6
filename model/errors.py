"""Errors that carry what a person needs to fix the problem."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def command(args: str) -> str:
    """A dashboard command as a person types it here: `.venv/bin/python -m dashboard ARGS`
    from a checkout's environment, `python -m dashboard ARGS` where `python` is this
    interpreter (the image), else with the interpreter's full path."""
    exe = Path(sys.executable)
    try:
        python = str(exe.relative_to(Path.cwd()))
    except ValueError:
        on_path = shutil.which("python")
        python = "python" if on_path and Path(on_path).resolve() == exe.resolve() else str(exe)
    return f"`{python} -m dashboard {args}`"


class DataError(Exception):
    """A data file that cannot be used, naming the file, the column and the row where known."""

    def __init__(self, message: str, *, file: str | Path | None = None,
                 column: str | None = None, row: int | None = None) -> None:
        self.message, self.file, self.column, self.row = message, file, column, row
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [str(self.file) if self.file else None,
                 f"column {self.column}" if self.column else None,
                 f"row {self.row}" if self.row is not None else None]
        prefix = ", ".join(w for w in where if w)
        return f"{prefix}: {self.message}" if prefix else self.message


class InputError(ValueError):
    """An input outside what the model accepts, naming the field and what is allowed."""

    def __init__(self, field: str, message: str, allowed: object = None) -> None:
        self.field, self.message, self.allowed = field, message, allowed
        super().__init__(f"{field}: {message}")


class ArtifactError(Exception):
    """A missing, unreadable or incompatible model artifact."""


class InvalidInputs(ValueError):
    """One or more invalid inputs; `errors` lists each with its field."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def input_problems(exc: InputError | InvalidInputs) -> list[InputError]:
    """Each input problem an error carries, one or several, for whoever words them."""
    return list(exc.errors) if isinstance(exc, InvalidInputs) else [exc]


class ExportUnavailable(RuntimeError):
    """No browser to draw a chart with: what to install."""


class ExportFailed(RuntimeError):
    """The browser could not draw the chart."""


class ExportBusy(ExportFailed):
    """As many exports as this process takes are already drawing or waiting."""

    retry_after = 5  # seconds
