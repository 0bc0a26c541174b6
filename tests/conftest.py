"""Shared fixtures: a small trained demo model in a temporary folder, the app, a client."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard import create_app
from dashboard.cli import train
from dashboard.config import Config
from model.data import dataset
from model.data.dataset import Sources
from model.serving.service import ModelService

from .servers import RedisServer

SMALL_DEMO = 600  # institutions: about 6,000 programs, trains in a few seconds


@pytest.fixture(scope="session")
def config(tmp_path_factory) -> Config:
    """A var folder with a small demo dataset and a model trained on it."""
    var = tmp_path_factory.mktemp("var")
    cfg = Config(var_dir=var)
    dataset.build(Sources(demo_institutions=SMALL_DEMO), cfg.data_dir, log=lambda _: None)
    train(cfg)
    return cfg


@pytest.fixture(scope="session")
def service(config) -> ModelService:
    """The model service over the small demo model."""
    return ModelService.load(config.model_path)


@pytest.fixture(scope="session")
def app(config, service):
    """The Dash app (one per test session; the factory is tested separately)."""
    return create_app(config, service=service)


@pytest.fixture
def client(app):
    """A Flask test client."""
    return app.server.test_client()


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The real extracts; in CI their absence is a failure, locally a skip."""
    location = os.environ.get("SCORECARD_TEST_DATA")
    if location and Path(location).is_dir():
        return Path(location)
    if os.environ.get("CI"):
        pytest.fail("SCORECARD_TEST_DATA must point at shared/data/scorecard in CI")
    pytest.skip("set SCORECARD_TEST_DATA to the real extracts to run this test")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A real redis-server for the whole session."""
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own, which it may stop and start."""
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def api_app(app):
    """The Flask app behind the dashboard, which also serves the API."""
    return app.server


@pytest.fixture(scope="session")
def api_schema(api_app):
    """The API's OpenAPI document, loaded by schemathesis from the app itself."""
    import schemathesis
    from schemathesis.config import SchemathesisConfig

    # schemathesis's default list of statuses that reject invalid data, plus 413: a batch
    # body over the size limit is refused before it is read
    config = SchemathesisConfig.from_str("""
[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422",
                     "428", "429", "5xx"]
""")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app, config=config)


@pytest.fixture(scope="session")
def predictor_request():
    """Builds the body the page posts for the predictor callback (shared with bench/)."""
    from callbacks.requests import predictor_request as build

    return build


@pytest.fixture(scope="session")
def explorer_request():
    """Builds the body the page posts for the explorer's chart callback."""
    from callbacks.requests import explorer_request as build

    return build
