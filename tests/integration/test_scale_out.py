"""Two app hosts behind the real HAProxy with `deploy/haproxy.cfg`, one real Redis, under the
path prefix /earnings/: what visitors see when a host dies, during a rolling restart, and
while the team moves to a new release (harness/scenarios.py runs them; `python -m
bench.scale_out` reports the same scenarios with longer loads)."""

from __future__ import annotations

import os
import re
import shutil
import time

import pytest
import requests

from harness import scenarios
from harness.cluster import Cluster, Load, summary, visitor_mix
from model.serving.service import ModelService

from .test_browser import choose

PREFIX = "/earnings/"


@pytest.fixture(scope="module")
def cluster(config, tmp_path_factory):
    """Two hosts (2 workers each) on a copy of the small demo model, Redis and HAProxy."""
    if shutil.which("haproxy") is None:
        if os.environ.get("CI"):
            pytest.fail("haproxy is missing: `make test` installs it")
        pytest.skip("install haproxy (apt-get install haproxy) for this test")
    if shutil.which("redis-server") is None:
        pytest.skip("install redis-server for this test")
    work = tmp_path_factory.mktemp("scale-out")
    var = shutil.copytree(config.var_dir, work / "var", symlinks=True,
                          ignore=shutil.ignore_patterns("*.log"))
    with Cluster(var, work / "cluster", prefix=PREFIX) as running:
        yield running


@pytest.fixture(scope="module")
def mix(cluster):
    return visitor_mix(ModelService.load(cluster.var_dir / "model" / "model.joblib"))


def test_everything_works_through_the_balancer_without_sticky_sessions(cluster, service):
    """Page, assets, layout, a callback, the API and an export, all under the prefix; one
    visitor's requests (one keep-alive session) are spread over both hosts."""
    session = requests.Session()
    served = set()
    for _ in range(6):
        page = session.get(cluster.url, timeout=10)
        assert page.status_code == 200 and "/earnings/_dash-" in page.text
        served.add(page.headers["X-Served-By"])
    assert served == {"app1", "app2"}
    assert session.get(cluster.url + "_dash-layout", timeout=10).status_code == 200
    assert session.get(cluster.url + "vendor/bootstrap/bootstrap.min.css",
                       timeout=10).status_code == 200
    d = {k: v for k, v in service.options()["default"].items() if v is not None}
    answer = session.get(cluster.url + "api/v1/predict", params=d, timeout=10)
    assert answer.json()["prediction"]["value"] == service.predict(service.validate(d))["value"]
    chart = session.get(cluster.url + "api/v1/charts/breakdown.svg", params=d, timeout=120)
    assert chart.status_code == 200 and chart.content.startswith(b"<svg")
    ready = session.get(cluster.url + "api/v1/health/ready", timeout=10).json()
    assert ready["cache"] == {"backend": "redis", "available": True}
    assert ready["model"]["id"] == service.identity()["id"]


def test_the_balancer_strips_what_a_host_refuses(cluster):
    """A SCRIPT_NAME header: the host itself answers 400; the balancer removes it first."""
    direct = requests.get(cluster.hosts[0].url(PREFIX), headers={"SCRIPT_NAME": "/x"},
                          timeout=10)
    assert direct.status_code == 400
    through = requests.get(cluster.url, headers={"SCRIPT_NAME": "/x"}, timeout=10)
    assert through.status_code == 200


def test_a_result_computed_on_one_host_is_served_from_the_cache_by_the_other(cluster):
    counted = scenarios.shared_cache(cluster, scenarios.EXPORT)
    for what, c in counted.items():
        assert c["status"] == [200] * 6, (what, c)
        assert c["computed_on_first"] >= 1, (what, c)  # stored once by the first host ...
        assert c["computed_on_second"] == 0 and c["computed_through_balancer"] == 0, (what, c)
        assert c["same_answer"], what  # ... and the same bytes from the other


def test_a_killed_host_loses_at_most_the_requests_in_flight(cluster, mix):
    load = Load(cluster.url, mix).start()
    time.sleep(2)
    host = cluster.hosts[0]
    host.kill()
    killed = time.monotonic()
    out_after = cluster.wait_status(host.name, "DOWN", timeout=10)
    time.sleep(2)
    records = load.stop()
    result = summary(records)
    assert result["errors"] <= load.threads, result  # at most one in flight per visitor
    assert out_after <= 3.5, out_after  # two failed checks a second apart, and some slack
    later = [r for r in records if r.at > killed + out_after + 0.5]
    assert later and all(r.host == "app2" and r.status < 500 for r in later)
    host.start()
    host.wait_ready(PREFIX)
    cluster.wait_status(host.name, "UP")


def test_a_rolling_restart_loses_nothing(cluster, mix):
    result = scenarios.rolling(cluster, mix)
    assert result["errors"] == 0, result
    assert result["requests"] > 100 and set(result["by_host"]) == {"app1", "app2"}
    assert [t["host"] for t in result["hosts"]] == ["app1", "app2"]


@pytest.mark.browser
def test_a_new_release_rolls_out_while_pages_stay_open(cluster, mix, real_data, tmp_path,
                                                       page):
    """`prepare` on a new release (the real extract in the official layout) while both hosts
    serve, then a rolling restart: no request fails, both models answer side by side during
    the roll, and a page opened before it keeps working and says in words to reload."""
    from playwright.sync_api import expect

    from tests.official_layout import write_release

    release = write_release(real_data, tmp_path / "release")
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}")
            if r.status >= 500 else None)
    page.goto(cluster.url)
    expect(page.locator("#predict-value")).to_have_text(re.compile(r"^\$[\d,]+$"),
                                                        timeout=20_000)
    old = requests.get(cluster.url + "api/v1/health/ready", timeout=10).json()["model"]
    result = scenarios.refresh(cluster, mix, {"SCORECARD_FOS": str(release.fos),
                                              "SCORECARD_INSTITUTION": str(release.institution)})
    assert result["errors"] == 0, result
    new = result["model_after"]
    assert result["model_before"] == old and result["served_while_preparing"] == old["id"]
    assert new["id"] != old["id"] and new["release"] == "2026-06-10" and new["data"] == "official"
    assert {old["id"], new["id"]} <= set(result["models_seen"])  # side by side in the roll
    # the page drawn with the old model: a change is answered, and the page says why to reload
    choose(page, "input-credential", "Master's degree")
    note = page.locator("#page-model-changed")
    expect(note).to_contain_text("has been updated", timeout=20_000)
    expect(note).to_contain_text(f"model {old['id']} is now {new['id']}")
    expect(note.get_by_role("button", name="Reload the page")).to_be_visible()
    assert failed == []
    note.get_by_role("button", name="Reload the page").click()
    expect(page.locator("#about-model")).to_contain_text(f"Model {new['id']}", timeout=20_000)
    assert not page.locator("#page-model-changed").count()
