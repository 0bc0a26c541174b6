"""The shared cache: in process without REDIS_URL, in a real redis-server with it (shared by
every worker), and answering uncached, logged once, while Redis is down."""

from __future__ import annotations

import dataclasses
import json
import logging

import plotly.graph_objects as go
import redis

from charts.compose import chart_figure, scenario_figures
from dashboard import create_app
from dashboard.web import shared_cache as cache_module
from dashboard.web.cached_answers import CachedExporter, CachedService
from dashboard.web.shared_cache import Cache, MemoryStore, RedisStore, make_cache
from model.learning.artifact import model_id
from model.serving.filters import Filters, View
from tests.helpers import StandIn


def _plain(fig: go.Figure) -> dict:
    return json.loads(fig.to_json())


class Counter:
    """compute() that counts its calls."""

    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_memory_store_keeps_the_most_recently_used_within_its_size():
    store = MemoryStore(max_bytes=10)
    store.set("a", b"1234", 60)
    store.set("b", b"1234", 60)
    assert store.get("a") == b"1234"  # now b is the least recently used
    store.set("c", b"1234", 60)
    assert store.get("b") is None
    assert store.get("a") == store.get("c") == b"1234"
    store.set("big", b"x" * 11, 60)  # larger than the whole store: not kept
    assert store.get("big") is None and store.get("a") == b"1234"


def test_remember_computes_once_and_keys_carry_the_model(service):
    cache = make_cache(None, service.metadata)
    compute = Counter({"median": 51234.5, "rows": [1, 2]})
    assert cache.remember("explore", ({"credential": [3]}, "tuition"), compute) == \
        {"median": 51234.5, "rows": [1, 2]}
    assert cache.remember("explore", ({"credential": [3]}, "tuition"), compute) == \
        {"median": 51234.5, "rows": [1, 2]}
    assert compute.calls == 1 and (cache.hits, cache.misses) == (1, 1)
    cache.remember("explore", ({"credential": [2]}, "tuition"), compute)
    assert compute.calls == 2
    other = model_id({**service.metadata, "created_at": "2030-01-01T00:00:00"})
    assert other != cache.model
    assert cache.key("explore", (1,)).startswith(f"earnings:{cache.model}:explore:")


def test_cached_explorer_aggregates_draw_the_same_charts(service):
    cached = CachedService(service, make_cache(None, service.metadata))
    credential = service.options()["default"]["credential"]
    for filters in (Filters(), Filters(credential=(credential,), earnings=(20_000, 80_000)),
                    Filters(earnings=(0, 1))):  # nothing selected
        for chart in ("scatter", "histogram", "groups", "states"):
            fresh = chart_figure(service, chart, filters=filters,
                                 view=View.read("sat", "control"))
            first = chart_figure(cached, chart, filters=filters,
                                 view=View.read("sat", "control"))
            again = chart_figure(cached, chart, filters=filters,
                                 view=View.read("sat", "control"))
            assert _plain(first) == _plain(fresh) == _plain(again)
    assert (cached.cache.hits, cached.cache.misses) == (21, 3)  # one view draws all four


def test_page_distribution_chart_is_the_exported_one(service):
    from callbacks.predictor import figures

    s = service.default_scenario()
    result = service.explain(s)
    cache = make_cache(None, service.metadata)
    for _ in range(2):
        page = figures(service, s, result, cache.remember)
        exported = scenario_figures(service, s)  # what the API and the report export
        assert [_plain(go.Figure(chart)) for chart in page] == [
            _plain(exported["distribution"]), _plain(exported["breakdown"])]
        assert page[0]["layout"]["shapes"][0]["x0"] == result["prediction"]["value"]
    assert (cache.hits, cache.misses) == (1, 1)


def test_redis_is_shared_by_every_worker(service, redis_server):
    worker_a = make_cache(redis_server.url, service.metadata)
    worker_b = make_cache(redis_server.url, service.metadata)
    assert worker_a.backend == "redis" and worker_a.available
    compute = Counter({"n": 6021})
    assert worker_a.remember("explore", ("shared",), compute) == {"n": 6021}
    assert worker_b.remember("explore", ("shared",), compute) == {"n": 6021}
    assert compute.calls == 1 and worker_b.hits == 1
    key = worker_a.key("explore", ("shared",))
    assert 0 < redis.Redis.from_url(redis_server.url).ttl(key) <= 86_400


def test_exports_are_drawn_once_for_every_worker(service, redis_server):
    browser = StandIn()
    fig = chart_figure(service, "distribution", scenario=service.default_scenario())
    workers = [CachedExporter(browser, make_cache(redis_server.url, service.metadata))
               for _ in range(2)]
    files = [w.export(fig, "svg", 900, 380) for w in workers]
    files.append(workers[0].export(fig, "svg", 900, 380))
    assert files[0] == files[1] == files[2] and files[0].startswith(b"%PDF")
    assert len(browser.calls) == 1
    workers[1].export(fig, "svg", 900, 400)  # another size is another file
    assert len(browser.calls) == 2


def test_redis_down_caches_in_process_logs_once_and_comes_back(service, own_redis, caplog,
                                                               monkeypatch):
    monkeypatch.setattr(cache_module, "RETRY", 0.0)  # try Redis again at once
    cache = Cache(RedisStore(own_redis.url), model_id(service.metadata))
    compute = Counter([1, 2, 3])
    assert cache.remember("explore", ("k",), compute) == [1, 2, 3]
    own_redis.stop()
    caplog.set_level(logging.WARNING, logger="dashboard.cache")
    for _ in range(5):
        assert cache.remember("explore", ("k",), compute) == [1, 2, 3]
    # computed once more, then kept in this process while Redis is down
    assert compute.calls == 2 and not cache.available
    down = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(down) == 1 and "caching in this process" in down[0].getMessage()
    own_redis.start()  # empty again: nothing persisted
    assert cache.remember("explore", ("k",), compute) == [1, 2, 3]
    assert cache.remember("explore", ("k",), compute) == [1, 2, 3]
    assert compute.calls == 3 and cache.available
    assert sum(r.getMessage().endswith("caching there again") for r in caplog.records) == 1
    assert cache.store.fallback.get(cache.key("explore", ("k",))) is None  # memory freed


def _app(config, service, redis_url: str | None):
    app = create_app(dataclasses.replace(config, redis_url=redis_url), service=service)
    cache = app.server.extensions["dashboard"].cache
    # no browser needed
    app.server.extensions["dashboard"].exporter = CachedExporter(StandIn(), cache)
    return app.server.test_client(), cache


def test_app_with_redis_url_caches_there_and_keeps_answering_without_it(config, service,
                                                                       own_redis):
    client, cache = _app(config, service, own_redis.url)
    ready = client.get("/api/v1/health/ready").get_json()
    assert ready["cache"] == {"backend": "redis", "available": True}
    chart = "/api/v1/charts/states.pdf?credential=3"
    first = client.get(chart)
    assert first.status_code == 200 and client.get(chart).data == first.data
    server = redis.Redis.from_url(own_redis.url)
    assert len(server.keys("earnings:*:explore:*")) == 1
    assert len(server.keys("earnings:*:export:*")) == 1
    assert (cache.hits, cache.misses) == (2, 2)
    own_redis.stop()
    assert client.get(chart).data == first.data
    assert client.get("/").status_code == 200
    default = {k: v for k, v in service.options()["default"].items() if v is not None}
    answer = client.get("/api/v1/predict", query_string=default)
    assert answer.status_code == 200 and answer.get_json()["prediction"]["value"] > 0
    assert client.get("/api/v1/health/ready").get_json()["cache"] == {
        "backend": "redis", "available": False}


def test_app_without_redis_url_caches_in_process(config, service):
    client, cache = _app(config, service, None)
    assert client.get("/api/v1/health/ready").get_json()["cache"] == {
        "backend": "memory", "available": True}
    for _ in range(3):
        assert client.get("/api/v1/charts/groups.svg?group=control").status_code == 200
    assert (cache.hits, cache.misses) == (4, 2)


def test_unreachable_redis_at_start_does_not_stop_the_app(config, service):
    client, _ = _app(config, service, "redis://127.0.0.1:1/0")
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/charts/histogram.png").status_code == 200
    assert client.get("/api/v1/health/ready").get_json()["cache"] == {
        "backend": "redis", "available": False}
