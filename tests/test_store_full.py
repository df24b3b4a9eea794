"""A full disk (SQLite's max_page_count stands in for it) gives a clear error and no partial document."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event

from readouts.core import ingest_paths
from readouts.store import open_store, queries

pytestmark = pytest.mark.slow
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "docs"


def test_disk_full_fails_the_document_cleanly(tmp_path):
    db = str(tmp_path / "full.db")
    store = open_store(db)
    first = ingest_paths(store, [str(EXAMPLES / "2023-02-14-dod-readout-call.txt")])
    assert first.new == 1
    with store.connect() as conn:
        before = queries.stats(conn)
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()

    @event.listens_for(store.engine, "connect")
    def _cap(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 1}")

    store.engine.dispose()  # new connections get the cap
    big = tmp_path / "big.txt"
    big.write_text((EXAMPLES / "2024-04-news-story.txt").read_text() * 40)
    report = ingest_paths(store, [str(big)])
    assert report.new == 0 and len(report.failed) == 1
    assert "full" in str(report.failed[0]).lower()
    event.remove(store.engine, "connect", _cap)
    store.engine.dispose()
    with open_store(db).connect() as conn:
        assert queries.stats(conn) == before  # nothing of the failed document is left
