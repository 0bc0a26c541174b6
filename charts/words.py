"""Every chart in words: a sentence that says what it shows (its text alternative) and its
data as a table ("Show as table"), from the same answers the chart is drawn from, so that
both change with it."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from charts.figures import plural, withheld_note
from model.codes import money, programs_of, signed_money
from model.serving.explorer import format_x

_SPECIAL = re.compile(r"([\\|*_`\[\]<>#])")


def _cell(text: object) -> str:
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def markdown_table(columns: list[str], rows: list[list[str]]) -> str:
    """A GitHub-flavoured Markdown table, each cell's Markdown characters escaped."""
    lines = ["| " + " | ".join(_cell(c) for c in columns) + " |",
             "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass(frozen=True)
class ChartText:
    """A chart's text alternative and its data as a table (`title`, `columns`, then `rows`
    of text)."""

    summary: str
    title: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    @property
    def table(self) -> str:
        """The table as Markdown ("Show as table" draws it); empty without rows."""
        return markdown_table(self.columns, self.rows) if self.rows else ""


NONE_SELECTED = "No programs with published earnings match these filters."


def _band(low: float, high: float) -> str:
    return f"{money(low)} to {money(high)}"


def distribution_text(dist: dict, prediction: float, programs: list[dict] | None = None
                      ) -> ChartText:
    """The earnings distribution: the prediction, the chosen group's and the credential's
    programs (count, median), any real program marked, what is not drawn; by band."""
    cred = dist.get("credential_label") or "all"
    group = dist.get("chosen_label") or "the chosen field"
    parts = [f"Earnings of {cred} programs. Predicted {money(prediction)} (dashed line)."]
    if dist["n_chosen"]:
        parts.append(f"{group}: {plural(dist['n_chosen'], 'program')}, median "
                     f"{money(dist['median_chosen'] or 0)}.")
        if dist.get("values"):
            parts.append("Each program shown: "
                         + ", ".join(money(v) for v in sorted(dist["values"])) + ".")
    else:
        parts.append(f"No {programs_of(group)} of this credential have published earnings.")
    parts.append(f"All {cred} programs: {plural(dist['n_overall'], 'program')}, median "
                 f"{money(dist['median_overall'] or 0)}.")
    for p in (programs or [])[:3]:
        if p.get("earnings") is not None:
            parts.append(f"Actual, {p.get('institution') or p['unitid']}: "
                         f"{money(p['earnings'])} (solid line).")
    note = withheld_note(dist)
    if note:
        parts.append(note + ".")
    edges = dist["edges"]
    rows = [[_band(edges[i], edges[i + 1]), f"{dist['chosen'][i]:.1f}%",
             f"{dist['overall'][i]:.1f}%"] for i in range(len(edges) - 1)
            if dist["chosen"][i] or dist["overall"][i]]
    return ChartText(" ".join(parts), f"Earnings of {cred} programs",
                     ["Earnings", f"{group} (share of programs)",
                                       f"All {cred} programs (share)"], rows)


def breakdown_text(contrib: dict) -> ChartText:
    """The waterfall: from the average program through each input's term (largest first)
    to the prediction, each step's sign in words."""
    terms = sorted(contrib["terms"], key=lambda t: abs(t["amount"]), reverse=True)
    moves = "; ".join(f"{t['label']} ({t['value']}) {signed_money(t['amount'])}"
                      for t in terms)
    summary = (f"How each input moves the prediction: from the average program's "
               f"{money(contrib['baseline'])}, {moves}; prediction "
               f"{money(contrib['prediction'])}.")
    rows, total = [["Average program", "", "", money(contrib["baseline"])]], contrib["baseline"]
    for t in terms:
        total += t["amount"]
        rows.append([t["label"], t["value"],
                     ("raises it " if t["amount"] >= 0 else "lowers it ")
                     + signed_money(t["amount"]), money(total)])
    rows.append(["Prediction", "", "", money(contrib["prediction"])])
    return ChartText(summary, "How each input moves the prediction",
                     ["Step", "Value", "Change", "Running total"], rows)


def comparison_text(items: list[dict]) -> ChartText:
    """Pinned scenarios: each one's prediction, and each input's term side by side."""
    heads = [f"Scenario {i + 1}" for i in range(len(items))]
    summary = "How each input moves each pinned prediction: " + "; ".join(
        f"{head} ({item['title']}): {money(item['prediction']['value'])}"
        for head, item in zip(heads, items)) + "."
    labels = [t["label"] for t in items[0]["contributions"]["terms"]] if items else []
    rows = [[label] + [next((signed_money(t["amount"]) + f" ({t['value']})"
                             for t in item["contributions"]["terms"] if t["label"] == label),
                            "") for item in items] for label in labels]
    rows.append(["Prediction"] + [money(item["prediction"]["value"]) for item in items])
    return ChartText(summary, "How each input moves each pinned prediction",
                     ["Input", *heads], rows)


def _median(values: list[float]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def scatter_text(data: dict) -> ChartText:
    """The scatter: which programs are drawn (a sample of how many), and each control's
    count and medians."""
    x, noun = data["x"], data["x_noun"]
    shown = data["n_shown"]
    if not data["n_matching"]:
        return ChartText(NONE_SELECTED, f"Earnings against {noun}, by control")
    summary = (f"Earnings against {noun}: {plural(shown, 'program')} drawn of "
               f"{data['n_matching']:,} selected ({data['n_with_x']:,} report {noun})")
    rows = []
    for trace in data["traces"]:
        mx, my = _median(trace["x"]), _median(trace["y"])
        rows.append([trace["label"], f"{len(trace['y']):,}",
                     "" if mx is None else format_x(x, mx),
                     "" if my is None else money(my)])
    if rows:
        summary += "; " + "; ".join(f"{r[0]}: {r[1]} drawn, median {noun} {r[2]}, median "
                                    f"earnings {r[3]}" for r in rows)
    return ChartText(summary + ".", f"Earnings against {noun}, by control",
                     ["Control", "Programs drawn", f"Median {noun}", "Median earnings"], rows)


def histogram_text(data: dict) -> ChartText:
    """The histogram: how many programs (every filter but earnings applies: the chart marks
    what the earnings filter keeps), the most common band, every band's count."""
    edges, counts = data["edges"], data["counts"]
    if not data["n"]:
        return ChartText(NONE_SELECTED, "Selected programs by earnings")
    summary = f"Earnings of {plural(data['n'], 'program')} (every filter but earnings)"
    if counts and max(counts):
        top = max(range(len(counts)), key=counts.__getitem__)
        summary += (f"; the most common band is {_band(edges[top], edges[top + 1])} "
                    f"({plural(counts[top], 'program')})")
    if data.get("selected"):
        summary += f"; the earnings filter keeps {_band(*data['selected'][:2])}"
    rows = [[_band(edges[i], edges[i + 1]), f"{c:,}"] for i, c in enumerate(counts) if c]
    return ChartText(summary + ".", "Selected programs by earnings",
                     ["Earnings", "Programs"], rows)


def _ranked(rows: list[dict], what: str, hide_small: bool) -> ChartText:
    drawn = [r for r in rows if r.get("median") is not None
             and not (hide_small and r.get("small"))]
    if not drawn:
        hidden = any(r.get("small") for r in rows)
        return ChartText("Every group has fewer than 5 programs, and small groups are hidden."
                         if hidden else NONE_SELECTED, f"Median earnings by {what.lower()}")
    summary = f"Median earnings by {what.lower()}: {plural(len(drawn), 'group')}"
    high = max(drawn, key=lambda r: r["median"])
    low = min(drawn, key=lambda r: r["median"])
    summary += (f"; highest {high['label']} {money(high['median'])} "
                f"({plural(high['n'], 'program')}), lowest {low['label']} "
                f"{money(low['median'])} ({plural(low['n'], 'program')})")
    table = [[r["label"], f"{r['n']:,}" + (" (fewer than 5)" if r.get("small") else ""),
              money(r["median"])] for r in sorted(drawn, key=lambda r: -r["median"])]
    return ChartText(summary + ".", f"Median earnings by {what.lower()}",
                     [what, "Programs", "Median earnings"], table)


def groups_text(data: dict, hide_small: bool = False) -> ChartText:
    """Median earnings by the chosen grouping, highest first (small groups left out when
    the chart leaves them out)."""
    return _ranked(data["rows"], data["by_label"], hide_small)


def states_text(data: dict, hide_small: bool = False) -> ChartText:
    """Median earnings by state, highest first."""
    return _ranked(data["rows"], "State", hide_small)


def tests_text(data: dict) -> ChartText:
    """The earnings test's outlook by the chosen grouping, in words and as a table."""
    total = data["total"]
    title = f"Federal earnings test by {data['by_label'].lower()}"
    tested = total["passes"] + total["at-risk"] + total["fails"]
    if not tested and not total["not-tested"]:
        return ChartText(NONE_SELECTED, title)
    summary = (f"{title} (4-year earnings): of {plural(tested, 'program')} tested in the "
               f"selection, {total['passes']:,} pass, {total['at-risk']:,} pass but are at "
               f"risk and {total['fails']:,} fail; {total['not-tested']:,} not tested")
    if data["rows"]:
        worst = data["rows"][0]
        summary += (f". Most failing or at risk: {worst['label']} "
                    f"({worst['programs']['fails']:,} failing, "
                    f"{worst['programs']['at-risk']:,} at risk)")
    if data["groups"] > len(data["rows"]):
        summary += f"; the chart shows {len(data['rows'])} of {data['groups']} groups"
    names = ("passes", "at-risk", "fails", "not-tested")
    table = [[r["label"], *(f"{r['programs'][n]:,} ({r['graduates'][n]:,})" for n in names)]
             for r in data["rows"]]
    return ChartText(summary + ".", title,
                     [data["by_label"], "Pass: programs (graduates)",
                      "At risk: programs (graduates)", "Fail: programs (graduates)",
                      "Not tested: programs (graduates)"], table)


def explorer_texts(data: dict, hide_small: bool = False) -> dict[str, ChartText]:
    """The explorer's four charts in words, from the selection's aggregates
    (ModelService.explore), small groups shown or hidden as the charts show them."""
    return {"scatter": scatter_text(data["scatter"]),
            "histogram": histogram_text(data["histogram"]),
            "groups": groups_text(data["groups"], hide_small),
            "states": states_text(data["states"], hide_small),
            "tests": tests_text(data["tests"])}
