"""SQLite full-text rows found again by rowid: saving, replacing and deleting documents keeps the
full-text tables equal to what the store holds, without scanning them, even when hashed rowids collide.

Records are hand-built (no model): invented documents with invented quotes.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import event, text

from readouts.model import Document, Extraction, Person, Quote
from readouts.store import fulltext, open_store, queries


def record(doc: str, words: str, n_quotes: int) -> Extraction:
    body = f"Invented note {doc} about {words}."
    quotes = [Quote(speaker="Avery Quill", text=f"We spoke of {words} number {i}.", span=(0, 5))
              for i in range(n_quotes)]
    return Extraction(doc=Document(id=doc, path=f"{doc}.txt", title=f"Note {doc}", text=body),
                      persons=[Person(name="Avery Quill", country="US")], quotes=quotes)


def fts_rows(store) -> tuple[set[str], set[tuple[str, int]]]:
    with store.connect() as conn:
        docs = [r[0] for r in conn.execute(text("SELECT doc_id FROM documents_fts"))]
        quotes = [tuple(r) for r in conn.execute(text("SELECT doc_id, idx FROM quotes_fts"))]
    assert len(docs) == len(set(docs)) and len(quotes) == len(set(quotes))  # no row twice
    return set(docs), set(quotes)


def held(store) -> tuple[set[str], set[tuple[str, int]]]:
    with store.connect() as conn:
        docs = {r[0] for r in conn.execute(text("SELECT id FROM documents"))}
        quotes = {tuple(r) for r in conn.execute(text("SELECT doc_id, idx FROM quotes"))}
    return docs, quotes


@pytest.fixture
def scans(monkeypatch):
    """The statements that delete full-text rows by document id (a scan of the table)."""
    seen: list[str] = []
    real = open_store

    def spying_open(db):
        store = real(db)

        @event.listens_for(store.engine, "before_cursor_execute")
        def _spy(conn, cursor, statement, params, context, many):
            if "_fts WHERE doc_id" in statement and statement.startswith("DELETE"):
                seen.append(statement)
        return store

    return spying_open, seen


def test_saves_replacements_and_deletes_keep_the_full_text_rows_equal_to_the_store(tmp_path, scans):
    opener, seen = scans
    store = opener(str(tmp_path / "s.db"))
    rng = random.Random(7)
    docs = {f"d{i:02d}": record(f"d{i:02d}", f"topic{i}", rng.randint(0, 3)) for i in range(20)}
    for ex in docs.values():
        store.save(ex, "fp1", [], "v")
    assert fts_rows(store) == held(store)
    for doc in rng.sample(sorted(docs), 6):  # a new version of the text replaces the old document
        new = record(doc + "n", f"renamed{doc}", rng.randint(0, 3))
        store.save(new, "fp2", [doc], "v")
    for doc in rng.sample(sorted(d for d in docs if d in held(store)[0]), 5):
        store.delete(doc, "v")
    assert fts_rows(store) == held(store)
    assert seen == []  # every row was found by its rowid


def test_colliding_rowids_take_the_next_free_place_and_are_still_deleted_alone(tmp_path, scans, monkeypatch):
    opener, seen = scans
    monkeypatch.setattr(fulltext, "rowid", lambda doc_id, idx=None: 1000 + (idx or 0))  # every hash collides
    store = opener(str(tmp_path / "c.db"))
    docs = [record(f"c{i:02d}", f"word{i}", 2) for i in range(12)]  # more rows than places after a hash
    for ex in docs:
        store.save(ex, "fp1", [], "v")
    with store.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT rowid FROM documents_fts"))]
    assert set(range(1000, 1000 + fulltext.PROBES)) <= set(ids)  # the probed places, then SQLite's own
    assert fts_rows(store) == held(store)
    order = random.Random(3).sample(docs, len(docs))
    for n, ex in enumerate(order, 1):
        store.delete(ex.doc.id, "v")
        assert fts_rows(store) == held(store), f"after {n} deletes"
    # documents past the probed places were deleted by a scan, the others by rowid
    assert 0 < len(seen) < 2 * len(docs)


def test_search_finds_documents_and_quotes_saved_under_hashed_rowids(tmp_path):
    store = open_store(str(tmp_path / "q.db"))
    store.save(record("a1", "lighthouses", 2), "fp", [], "v")
    store.save(record("b2", "glaciers", 1), "fp", [], "v")
    with store.connect() as conn:
        docs = [h["doc_id"] for h in queries.search(conn, "glaciers") if h["kind"] == "document"]
        said = sorted((h["doc_id"], h["idx"]) for h in queries.search(conn, "lighthouses") if h["kind"] == "quote")
    assert docs == ["b2"]
    assert said == [("a1", 0), ("a1", 1)]
    store.delete("a1", "v")
    with store.connect() as conn:
        assert queries.search(conn, "lighthouses") == []
