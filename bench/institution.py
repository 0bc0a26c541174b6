"""Section 9: one institution of 300 programs (issue 29): its view (the Institution tab's
callback, through Dash as a browser posts it) and its multi-page PDF report, side by side
with the predictor's main callback on the same app.

The demo's institutions have about 10 programs each and the real extract's at most a few
dozen, so the demo is built with one institution given 300 programs of distinct credential
and CIP code (their institution's columns made its own), then trained as usual."""

from __future__ import annotations

import time
from pathlib import Path

from werkzeug.test import Client

from callbacks.requests import institution_request, predictor_request
from harness.stats import summary
from layouts import ids

PROGRAMS = 300
INSTITUTIONS = 2000  # demo institutions to draw the 300 programs from (distinct ones)
SMOKE_INSTITUTIONS = 300  # a smoke run: fewer, the rest of the 300 under codes of their own


def one_large_institution(frame, n: int = PROGRAMS):
    """The demo frame with its first institution given `n` programs (distinct credential
    and CIP code), taken from others; its institution-level columns copied onto them."""
    host = frame["UNITID"].iloc[0]
    constant = [c for c in frame.columns
                if frame.groupby("UNITID", observed=True)[c].nunique(dropna=False).max() <= 1]
    mine = frame["UNITID"] == host
    others = frame[~mine].drop_duplicates(["CIPCODE", "CREDLEV"])
    taken = set(zip(frame.loc[mine, "CIPCODE"], frame.loc[mine, "CREDLEV"], strict=True))
    others = others[[(c, lv) not in taken for c, lv in
                     zip(others["CIPCODE"], others["CREDLEV"], strict=True)]]
    wanted = max(0, n - int(mine.sum()))
    chosen = list(others.index[:wanted])
    first = frame.loc[mine].iloc[0]
    out = frame.copy()
    # fewer distinct programs than wanted: more rows, each under a code of its family
    # that no program of the institution has (xx99, xx98, ...)
    spare = iter(frame.index[~mine].difference(chosen))
    family: dict[str, int] = {}
    while len(chosen) < wanted:
        row = next(spare)
        cip = str(frame.at[row, "CIPCODE"])
        family[cip[:2]] = family.get(cip[:2], 100) - 1
        out.at[row, "CIPCODE"] = f"{cip[:2]}{family[cip[:2]]:02d}"
        chosen.append(row)
    for column in constant:
        out.loc[chosen, column] = first[column]
    return out, str(host)


def build(var: Path, log=print, institutions: int = INSTITUTIONS) -> str:
    """The demo with one 300-program institution, built and trained in `var`; its UNITID."""
    from dashboard.cli import train
    from dashboard.config import Config
    from model.data import dataset, demo
    from model.data.dataset import Sources

    original = demo.generate
    found = {}

    def generate(n_institutions: int = institutions, seed: int = demo.SEED):
        frame, found["unitid"] = one_large_institution(original(n_institutions, seed))
        return frame

    demo.generate = generate
    try:
        config = Config(var_dir=var)
        dataset.build(Sources(demo_institutions=institutions), config.data_dir,
                      log=lambda _: None)
        train(config)
    finally:
        demo.generate = original
    log(f"   built a demo with institution {found['unitid']} of {PROGRAMS} programs")
    return found["unitid"]


def _timed(send, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        send()
        times.append((time.perf_counter() - started) * 1000)
    return times


def run(var: Path, repeat: int, reports: int, log=print,
        institutions: int = INSTITUTIONS) -> dict:
    """Server time (ms) of the view, the report and the predictor callback."""
    from dashboard import create_app
    from dashboard.app import load_service
    from dashboard.config import Config
    from dashboard.context import KEY

    unitid = build(var, log, institutions)
    config = Config(var_dir=var)
    service = load_service(config)
    app = create_app(config, service=service)
    client = Client(app.server)
    view_body = institution_request(app, unitid)
    predictor_body = predictor_request(service, **{ids.CREDENTIAL: 3})

    def post(body):
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 200, response.get_data()[:300]
        return response

    post(view_body), post(predictor_body)  # warm
    programs = len(service.institution_profile(unitid)["programs"])
    view = _timed(lambda: post(view_body), repeat)
    predictor = _timed(lambda: post(predictor_body), repeat)
    ctx = app.server.extensions[KEY]
    with app.server.app_context():
        profile = service.institution_profile(unitid)
        pdf = {}

        def report():
            pdf["data"], _ = ctx.institution_report(service, profile)

        report()  # the browser started once, as a worker keeps it
        made = _timed(report, reports)
    pages = pdf["data"].count(b"/Type /Page") - pdf["data"].count(b"/Type /Pages")
    return {"programs": programs, "view_ms": summary(view),
            "view_bytes": len(post(view_body).get_data()),
            "predictor_ms": summary(predictor), "report_ms": summary(made),
            "report_pages": pages, "report_bytes": len(pdf["data"]),
            "ratio_view_to_predictor": summary(view)["p50"] / summary(predictor)["p50"]}
