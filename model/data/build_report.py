"""What a data build did with each source row: read, kept (by what its earnings say) or
dropped (by reason), per credential; stored in the manifest and printed by the build."""

from __future__ import annotations

import pandas as pd

from model import codes
from model.data.columns import NOT_AVAILABLE, PUBLISHED, SUPPRESSED

DROP_REASONS = {
    "no_credential": "no credential level (CREDLEV or CREDDESC)",
    "no_cip": "no CIP code",
    "repeated": "repeated program (same institution, CIP code and credential: the first kept)",
}
UNKNOWN = "Credential not given"


def _credential(level: object) -> str:
    return UNKNOWN if pd.isna(level) else codes.CREDLEV.get(int(level), str(level))


def tally(levels: pd.Series, statuses: pd.Series, reasons: pd.Series) -> dict:
    """Counts per credential and overall. Each argument has one value per source row:
    the credential level (or NA), the earnings status, and the drop reason (None: kept)."""
    frame = pd.DataFrame({"credential": [_credential(v) for v in levels],
                          "status": statuses.to_numpy(), "reason": reasons.to_numpy()})
    order = [codes.CREDLEV[k] for k in sorted(codes.CREDLEV)] + [UNKNOWN]

    def counts(part: pd.DataFrame) -> dict:
        kept = part[part["reason"].isna()]
        dropped = part["reason"].dropna().value_counts()
        return {"read": len(part), "kept": len(kept),
                PUBLISHED: int((kept["status"] == PUBLISHED).sum()),
                SUPPRESSED: int((kept["status"] == SUPPRESSED).sum()),
                NOT_AVAILABLE: int((kept["status"] == NOT_AVAILABLE).sum()),
                "dropped": {k: int(dropped.get(k, 0)) for k in DROP_REASONS if dropped.get(k)}}

    by = {c: counts(frame[frame["credential"] == c]) for c in order
          if (frame["credential"] == c).any()}
    return {"total": counts(frame), "by_credential": by, "drop_reasons": DROP_REASONS}


def lines(report: dict) -> list[str]:
    """The report as a small text table (what `data build` prints)."""
    total = report["total"]
    dropped = sum(total["dropped"].values())
    out = [f"Rows read {total['read']:,}: kept {total['kept']:,} (earnings published "
           f"{total[PUBLISHED]:,}, privacy-suppressed {total[SUPPRESSED]:,}, not available "
           f"{total[NOT_AVAILABLE]:,}), dropped {dropped:,}"]
    for reason, n in total["dropped"].items():
        out.append(f"  dropped, {report['drop_reasons'][reason]}: {n:,}")
    out.append(f"  {'credential':<32}{'read':>8}{'kept':>8}{'earnings':>10}{'suppressed':>12}"
               f"{'n/a':>7}{'dropped':>9}")
    for name, c in report["by_credential"].items():
        out.append(f"  {name:<32}{c['read']:>8,}{c['kept']:>8,}{c[PUBLISHED]:>10,}"
                   f"{c[SUPPRESSED]:>12,}{c[NOT_AVAILABLE]:>7,}{sum(c['dropped'].values()):>9,}")
    return out
