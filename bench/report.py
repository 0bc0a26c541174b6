"""results.md from the benchmark's results: each measurement beside its baseline and target."""

from __future__ import annotations

TARGETS = {
    "floor": 3.0,  # main callback p50 at most 3x the trivial callback's
    "tutorial_speed": 10.0,  # at least 10x faster than the tutorial's endpoint
    "tutorial_bytes": 10.0,  # at most a tenth of the tutorial's figure JSON
    "cold_start": 0.2,  # at most a fifth of training at start
    "browser_ms": 150.0,  # median credential change to updated page
    "train_seconds_100x": 60.0, "train_mb_100x": 4096.0,
    "explorer_p50": 10.0, "explorer_p99": 30.0, "explorer_cached_p50": 5.0,  # ms, at 1x
    "explorer_gzip_kb": 12.0,  # a change that leaves the scatter's sample alone
    "explorer_10x_p50": 40.0, "held_visitors": 128,
}
SAME_SAMPLE = "lasso drawn (40 vertices)"  # the action that leaves the scatter's sample alone


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _callback(r: dict) -> list[str]:
    ours, floor, tut, ratio = r["ours"], r["floor"], r["tutorial"], r["ratios"]
    return [
        "## 1. Main dashboard callback (server time, in process)", "",
        "| endpoint | p50 | p99 | response | gzip |", "|---|---|---|---|---|",
        f"| ours: inputs -> card, distribution, breakdown | {ours['p50']:.2f} ms | "
        f"{ours['p99']:.2f} ms | {ours['bytes']:,} B | {ours['gzip_bytes']:,} B |",
        f"| floor: a trivial Dash callback, same app | {floor['p50']:.2f} ms | "
        f"{floor['p99']:.2f} ms | | |",
        f"| tutorial's results endpoint | {tut['p50']:.2f} ms | {tut['p99']:.2f} ms | "
        f"{tut['bytes']:,} B | {tut['gzip_bytes']:,} B |", "",
        "| target | measured | |", "|---|---|---|",
        f"| p50 at most {TARGETS['floor']:g}x the floor | {ratio['ours_over_floor_p50']:.2f}x | "
        f"{_met(ratio['ours_over_floor_p50'] <= TARGETS['floor'])} |",
        f"| at least {TARGETS['tutorial_speed']:g}x faster than the tutorial | "
        f"{ratio['tutorial_over_ours_p50']:.1f}x | "
        f"{_met(ratio['tutorial_over_ours_p50'] >= TARGETS['tutorial_speed'])} |",
        f"| response at most a tenth of the tutorial's | 1/{ratio['tutorial_bytes_over_ours']:.1f} "
        f"| {_met(ratio['tutorial_bytes_over_ours'] >= TARGETS['tutorial_bytes'])} |", ""]


def _browser(r: dict) -> list[str]:
    return ["## 2. Browser: credential change to updated prediction and charts", "",
            f"Headless Chromium, {r['n']} changes: median {r['p50']:.0f} ms, p99 "
            f"{r['p99']:.0f} ms, mean {r['mean']:.0f} ms (target: median under "
            f"{TARGETS['browser_ms']:g} ms, {_met(r['p50'] < TARGETS['browser_ms'])}).", ""]


def _cold(r: dict) -> list[str]:
    rows = [("ours (loads the trained artifact)", r["ours"]),
            ("our model trained at start, then served (the tutorial's approach)",
             r["ours_trained_at_start"]),
            ("the tutorial's app (its small pipeline trained at start)", r["tutorial_app"])]
    return ["## 3. Cold start (process start to first answer)", "",
            "| approach | first 200 on / | model ready |", "|---|---|---|",
            *[f"| {name} | {v['first_200']:.2f} s | {v['ready']:.2f} s |" for name, v in rows],
            "", f"Ours is {r['ratio']:.2f} of training at start (target at most "
            f"{TARGETS['cold_start']:g}, {_met(r['ratio'] <= TARGETS['cold_start'])}).", ""]


def _memory(r: dict) -> list[str]:
    lines = ["## 4. Memory under gunicorn (preloaded)", "",
             "| workers | master RSS | each worker RSS | each worker private | total RSS | "
             "total PSS |", "|---|---|---|---|---|---|"]
    for m in (r["one"], r["four"]):
        rss = ", ".join(f"{w['rss']:.0f}" for w in m["each"])
        private = ", ".join(f"{w['private']:.0f}" for w in m["each"])
        lines.append(f"| {m['workers']} | {m['master']['rss']:.0f} MB | {rss} MB | "
                     f"{private} MB | "
                     f"{m['total']['rss']:.0f} MB | {m['total']['pss']:.0f} MB |")
    return [*lines, "", "RSS counts pages shared with the master in every process; PSS "
            "shares them out, so total PSS is the memory the server really uses.", ""]


def _scale(rows: list[dict]) -> list[str]:
    lines = ["## 5. Scale", "",
             "| data | programs | build | build peak | training | training peak | artifact | "
             "load | serving RSS | callback p50 | explorer: filter change p50 (p99) | "
             "first draw p50 |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        b, t, s = row["build"], row["train"], row["serve"]
        change = (s.get("explorer") or {}).get("a region chosen")
        first = (s.get("explorer") or {}).get("first draw, no filter")
        lines.append(f"| {row['factor']:g}x | {b['programs']:,} | {b['seconds']:.1f} s | "
                     f"{b['peak_mb']:,.0f} MB | {t['seconds']:.1f} s | {t['peak_mb']:,.0f} MB | "
                     f"{t['artifact_mb']:.1f} MB | {s['load_seconds']:.1f} s | "
                     f"{s.get('serving_rss_mb', s['rss_mb']):,.0f} MB | "
                     f"{s['callback_p50_ms']:.2f} ms | "
                     + (f"{change['p50_ms']:,.1f} ms ({change['p99_ms']:,.1f} ms)" if change
                        else "-") + " | "
                     + (f"{first['p50_ms']:,.1f} ms" if first else "-") + " |")
    lines += ["", "Serving RSS: one process with the model and the app loaded, before any "
              "request (each gunicorn worker shares most of it with the master when "
              "preloaded); the explorer's times are uncached, through Flask's test client."]
    ten = [row for row in rows if row["factor"] == 10
           and (row["serve"].get("explorer") or {}).get("a region chosen")]
    if ten:
        p50 = ten[0]["serve"]["explorer"]["a region chosen"]["p50_ms"]
        lines += ["", f"Explorer at 10x: a filter change {p50:.1f} ms uncached at p50 (target "
                  f"at most {TARGETS['explorer_10x_p50']:g} ms, "
                  f"{_met(p50 <= TARGETS['explorer_10x_p50'])})."]
    big = [row for row in rows if row["factor"] == 100]
    if big:
        t = big[0]["train"]
        # the time target is per horizon (one model each); the memory target is the whole run's
        seconds = t.get("horizons") or {"all horizons": t["seconds"]}
        slowest = max(seconds.values())
        ok = slowest < TARGETS["train_seconds_100x"] and t["peak_mb"] < TARGETS["train_mb_100x"]
        each = ", ".join(f"{name} {s:.0f} s" for name, s in seconds.items())
        lines += ["", f"Training at 100x: {each} per horizon ({t['seconds']:.0f} s in all, "
                  f"with reading and writing), peak {t['peak_mb']:,.0f} MB (target under "
                  f"{TARGETS['train_seconds_100x']:g} s per horizon within "
                  f"{TARGETS['train_mb_100x']:,.0f} MB, {_met(ok)})."]
    return [*lines, ""]


def _explorer(r: dict, baseline: dict | None) -> list[str]:
    from bench import explorer

    uncached, cached = r["uncached"], r["cached"]
    worst_p50 = max(row["p50_ms"] for row in uncached)
    worst_p99 = max(row["p99_ms"] for row in uncached)
    worst_cached = max(row["p50_ms"] for row in cached)
    same = next((row for row in uncached if row["scenario"] == SAME_SAMPLE), None)
    lines = ["## 6. Explorer: a user action's server time and answer", "",
             f"{r['programs']:,} programs; each action posted {r['repeat']} times through "
             "Flask's test client with the states the page holds after the action before it; "
             "uncached: an app without a cache (every request computes); cached: the "
             "aggregates from the in-process cache. Times include Dash's JSON and the "
             "compression Chromium asks for. " + ("Before → after: the baseline measured "
                                                  "at the issue's start, same machine." if
                                                  baseline else ""), "",
             explorer.markdown(r, baseline),
             "| target | measured | |", "|---|---|---|",
             f"| uncached p50 at most {TARGETS['explorer_p50']:g} ms | {worst_p50:.1f} ms "
             f"(slowest action) | {_met(worst_p50 <= TARGETS['explorer_p50'])} |",
             f"| uncached p99 at most {TARGETS['explorer_p99']:g} ms | {worst_p99:.1f} ms | "
             f"{_met(worst_p99 <= TARGETS['explorer_p99'])} |",
             f"| cached p50 at most {TARGETS['explorer_cached_p50']:g} ms | "
             f"{worst_cached:.1f} ms | {_met(worst_cached <= TARGETS['explorer_cached_p50'])} |"]
    if same:
        kb = same["gzip_bytes"] / 1000
        lines.append(f"| answer at most {TARGETS['explorer_gzip_kb']:g} kB gzip when the "
                     f"scatter's sample stays ({SAME_SAMPLE}) | {kb:.1f} kB | "
                     f"{_met(kb <= TARGETS['explorer_gzip_kb'])} |")
    return [*lines, ""]


def _round_trips(rows: list[dict], baseline: list | None) -> list[str]:
    from bench import round_trips

    return ["## 7. Round trips per user action", "",
            "Headless Chromium against gunicorn: the requests to `_dash-update-component` "
            "from an action until the network is quiet, the callbacks they were (by their "
            "first output) and the bytes received (as sent, compressed)"
            + (", before → after" if baseline else "") + ".", "",
            round_trips.markdown(rows, baseline)]


def _capacity(r: dict, baseline: dict | None) -> list[str]:
    from bench import load

    return ["## 8. Capacity curve", "",
            f"`python -m bench.load --curve`: the production command ({r['workers']} workers x "
            "4 threads, preloaded) with Redis on this machine, locust visitors (the steady "
            "scenario's mix and 0.2-1 s pauses) on the same 2 cores, each step "
            f"{r['steps'][0]['seconds']} s" + (", before → after" if baseline else "") + ".",
            "", load.curve_markdown(r, baseline),
            f"Target: at least {TARGETS['held_visitors']} visitors held, "
            f"{_met(r['held'] >= TARGETS['held_visitors'])}.", ""]


def _institution(r: dict) -> list[str]:
    view, predictor, report = r["view_ms"], r["predictor_ms"], r["report_ms"]
    return [
        f"## 9. One institution of {r['programs']:,} programs: its view and its report", "",
        "Server time, in process, beside the predictor's main callback on the same app "
        "(no target: the issue asks for the figures side by side).", "",
        "| what | p50 | p99 | n | size |", "|---|---|---|---|---|",
        f"| the Institution tab's view (header, table, three charts, peers) | "
        f"{view['p50']:.1f} ms | {view['p99']:.1f} ms | {view['n']} | {r['view_bytes']:,} B |",
        f"| the predictor's main callback | {predictor['p50']:.1f} ms | "
        f"{predictor['p99']:.1f} ms | {predictor['n']} | |",
        f"| the institution's PDF report ({r['report_pages']} pages) | "
        f"{report['p50']:.0f} ms | {report['p99']:.0f} ms | {report['n']} | "
        f"{r['report_bytes']:,} B |", "",
        f"The view takes {r['ratio_view_to_predictor']:.1f}x the predictor callback's p50.",
        ""]


def markdown(results: dict) -> str:
    """The results as a Markdown page."""
    m = results["machine"]
    lines = ["# Benchmark results", "",
             f"{'Smoke run' if results['smoke'] else 'Full run'} of `python -m bench`, "
             f"{results['when']}, Python {m['python']}, {m['cores']} cores, "
             f"{results['programs']:,} programs in the served model.", ""]
    sections = {"callback": _callback, "browser": _browser, "cold_start": _cold,
                "memory": _memory, "scale": _scale, "institution": _institution}
    for name, render in sections.items():
        if name in results:
            lines += render(results[name])
    baselines = results.get("baselines") or {}
    compared = {"explorer": _explorer, "round_trips": _round_trips, "capacity": _capacity}
    for name, render in compared.items():
        if name in results:
            lines += render(results[name], baselines.get(name))
    return "\n".join(lines)
