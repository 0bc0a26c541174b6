"""A tile-grid map of U.S. states and territories: one square per state, no map files needed."""

from __future__ import annotations

# (row, column); the familiar tile-grid arrangement, territories on the bottom row.
_ROWS = [
    "AK . . . . . . . . . . ME",
    ". . . . . . . . . . VT NH",
    "WA ID MT ND MN IL WI MI NY RI MA .",
    "OR NV WY SD IA IN OH PA NJ CT . .",
    "CA UT CO NE MO KY WV VA MD DE . .",
    ". AZ NM KS AR TN NC SC DC . . .",
    ". . . OK LA MS AL GA . . . .",
    "HI . . TX . . . . FL . . PR",
    "GU AS MP VI FM MH PW . . . . .",
]

POSITIONS: dict[str, tuple[int, int]] = {
    code: (row, col)
    for row, line in enumerate(_ROWS)
    for col, code in enumerate(line.split()) if code != "."
}
ROWS = len(_ROWS)
COLUMNS = max(len(line.split()) for line in _ROWS)


def position(state: str, spare: list[str]) -> tuple[int, int]:
    """A state's tile; codes not on the grid (military mail codes, ...) share a last row."""
    if state in POSITIONS:
        return POSITIONS[state]
    if state not in spare:
        spare.append(state)
    return ROWS, spare.index(state)
