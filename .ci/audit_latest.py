"""Known vulnerabilities in the installed packages, from PyPI's project pages.

`make audit` (pip-audit) asks PyPI for each installed *release* or asks OSV; where only
PyPI's per-project JSON is reachable (as on the machines this was built on), this checks what
that page can tell: the advisories PyPI lists for a project's latest release. A package
installed at its latest release is therefore checked; any other is listed as "not checked"
with its latest version, so a gap is never read as clean. Exits 1 on any advisory or any
package that could not be checked and is not in the allowed list given with --unchecked.

    .venv/bin/python .ci/audit_latest.py [--unchecked NAME ...]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import importlib.metadata
import json
import re
import sys
import time
import urllib.request

PYPI = "https://pypi.org/pypi/{}/json"


def installed() -> list[tuple[str, str]]:
    """(name, version) of every distribution in this environment, sorted by name."""
    found = {(d.metadata["Name"], d.version) for d in importlib.metadata.distributions()}
    return sorted(found, key=lambda nv: nv[0].lower())


def canonical(name: str) -> str:
    """A project name as PyPI compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def latest(name: str) -> tuple[str, list[dict]]:
    """The latest release of a project and the advisories PyPI lists for it."""
    with urllib.request.urlopen(PYPI.format(name), timeout=30) as response:
        page = json.load(response)
    advisories = [v for v in page.get("vulnerabilities", []) if not v.get("withdrawn")]
    return page["info"]["version"], advisories


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unchecked", nargs="*", default=[],
                        help="packages allowed not to be at their latest release "
                             "(the written-down exceptions)")
    args = parser.parse_args()
    allowed = {canonical(n) for n in args.unchecked}
    packages = installed()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        answers = dict(zip(packages, pool.map(lambda nv: _ask(nv[0]), packages)))
    failures = 0
    checked = 0
    for (name, version), (newest, advisories, error) in answers.items():
        if error:
            print(f"{name} {version}: could not be checked ({error})")
            failures += 1
        elif version != newest:
            excused = canonical(name) in allowed
            print(f"{name} {version}: not checked, latest is {newest}"
                  + (" (written-down exception)" if excused else ""))
            failures += not excused
        else:
            checked += 1
            for advisory in advisories:
                fixed = ", ".join(advisory.get("fixed_in") or []) or "no fix yet"
                print(f"{name} {version}: {advisory['id']} (fixed in {fixed}) "
                      f"{advisory.get('link', '')}")
                failures += 1
    print(f"{checked} of {len(packages)} packages checked at their latest release; "
          f"{failures} problem(s)")
    return 1 if failures else 0


def _ask(name: str, attempts: int = 3) -> tuple[str, list[dict], str | None]:
    """(latest version, advisories, None), or ("", [], why) after `attempts` tries."""
    error: Exception | None = None
    for attempt in range(attempts):
        try:
            return (*latest(name), None)
        except Exception as exc:  # noqa: BLE001 - reported per package, never hidden
            error = exc
            if attempt + 1 < attempts:
                time.sleep(2 ** attempt)
    return "", [], str(error)


if __name__ == "__main__":
    sys.exit(main())
