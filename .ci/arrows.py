"""The import arrows between the rooms (top-level packages, and dashboard's and the model's
sub-packages),
with how many imports each carries, lazy ones (inside functions) included.

    .venv/bin/python .ci/arrows.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("model", "layouts", "charts", "callbacks", "dashboard")


def room(module: str) -> str:
    """dashboard.api.routes -> dashboard.api; model.data.cleaning -> model.data;
    model.codes -> model; layouts.page -> layouts."""
    parts = module.split(".")
    if parts[0] in ("dashboard", "model") and len(parts) > 2:
        return ".".join(parts[:2])
    return parts[0]


def arrows() -> Counter:
    """(importer's room, imported room) -> number of imports."""
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    found: Counter = Counter()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            a, b = room(importer), room(imported)
            if a != b:
                details = graph.get_import_details(importer=importer, imported=imported)
                found[a, b] += max(1, len(details))
    return found


if __name__ == "__main__":
    for (a, b), n in sorted(arrows().items()):
        print(f"{a:22} -> {b:22} {n:3}")
