"""An API over a store holding the bundled examples (ingested once per session)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def api_store(tmp_path_factory):
    from readouts.core import ingest_paths
    from readouts.store import open_store

    path = tmp_path_factory.mktemp("api") / "api.db"
    store = open_store(str(path))
    report = ingest_paths(store, [str(ROOT / "examples" / "docs")])
    assert report.new == 10 and not report.failed
    return str(path)


@pytest.fixture(scope="session")
def app(api_store):
    from readouts.api import create_app

    return create_app(api_store, token="s3cret-token")


@pytest.fixture(scope="session")
def client(app):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient
    return TestClient(app)
