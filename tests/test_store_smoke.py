"""The store on every backend: ingest, re-ingest, query (a smoke test; test_store.py goes deeper)."""

from __future__ import annotations

import pytest

from readouts.core import ingest_paths
from readouts.store import open_store, queries

pytestmark = pytest.mark.slow


def test_ingest_then_reingest_processes_nothing(store_url, examples_dir):
    store = open_store(store_url)
    first = ingest_paths(store, [str(examples_dir)])
    assert first.new == 10 and not first.failed
    second = ingest_paths(open_store(store_url), [str(examples_dir)])
    assert (second.new, second.updated, second.unchanged) == (0, 0, 10)
    with store.connect() as conn:
        assert queries.stats(conn)["documents"] == 10
        assert queries.search(conn, "Senkaku")
