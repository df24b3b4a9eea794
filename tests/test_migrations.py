"""A store made by an older version opens and is upgraded to the current schema."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from readouts.store import open_store
from readouts.store.engine import make_engine, resolve_url


def _config(conn) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("readouts.store") / "migrations"))
    cfg.attributes["connection"] = conn
    return cfg


def _indexes(conn) -> set[str]:
    sql = ("SELECT name FROM sqlite_master WHERE type = 'index'" if conn.dialect.name == "sqlite"
           else "SELECT indexname FROM pg_indexes WHERE tablename = 'events'")
    return {r[0] for r in conn.execute(text(sql))}


def test_a_store_at_the_first_revision_is_upgraded_when_opened(store_url):
    engine = make_engine(resolve_url(store_url))
    with engine.begin() as conn:
        command.upgrade(_config(conn), "0001")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0001"
        assert "ix_events_timeline" not in _indexes(conn)
    engine.dispose()
    store = open_store(store_url)
    with store.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0006"
        assert "ix_events_timeline" in _indexes(conn)


def _keys(conn) -> set[tuple[str, str, int]]:
    return {tuple(r) for r in conn.execute(text("SELECT key, doc_id, idx FROM event_keys"))}


def test_blocking_keys_of_an_older_store_are_refiled_from_its_event_sources(store_url, tmp_path):
    from readouts.core import ingest_paths
    from readouts.store.resolution import to_source

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Defense Secretary Lloyd J. Austin III met Japanese Defense Minister "
                                    "Yasukazu Hamada at the Pentagon on March 3, 2023.\n")
    (docs / "b.txt").write_text("Secretary Austin met Minister Hamada at the Pentagon to discuss the "
                                    "alliance.\n")
    store = open_store(store_url)
    ingest_paths(store, [str(docs)])
    with store.connect() as conn:
        expected = _keys(conn)
        rows = conn.execute(text("SELECT * FROM event_sources")).mappings().all()
        assert expected == {(k, r["doc_id"], r["idx"]) for r in rows for k in to_source(r).block_keys()}
        assert any("|upl|" in k for k, _, _ in expected)  # the undated telling files apart
    with store.engine.begin() as conn:  # what a store of revision 0002 held: other keys
        conn.execute(text("UPDATE event_keys SET key = 'old|' || key"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    store.engine.dispose()
    with open_store(store_url).connect() as conn:
        assert _keys(conn) == expected


def test_documents_of_an_older_store_get_their_near_duplicate_signatures(store_url, tmp_path):
    from readouts.core import ingest_paths

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Secretary of State Antony J. Blinken spoke today with Japanese Foreign Minister "
                                "Yoko Kamikawa about the situation in the Middle East and the Indo-Pacific.\n")
    store = open_store(store_url)
    ingest_paths(store, [str(docs)])
    query = "SELECT doc_id, signature, shingles, key_hashes FROM doc_minhash"
    with store.connect() as conn:
        before = [tuple(r) for r in conn.execute(text(query))]
        buckets = conn.execute(text("SELECT count(*) FROM doc_buckets")).scalar_one()
    assert len(before) == 1 and buckets == 42
    with store.engine.begin() as conn:  # a store of revision 0003 had no signatures
        conn.execute(text("DELETE FROM doc_buckets"))
        conn.execute(text("DELETE FROM doc_minhash"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    store.engine.dispose()
    with open_store(store_url).connect() as conn:
        assert [tuple(r) for r in conn.execute(text(query))] == before
        assert conn.execute(text("SELECT count(*) FROM doc_buckets")).scalar_one() == 42


def test_a_store_of_revision_4_gets_the_index_of_keys_by_document(store_url):
    from sqlalchemy import inspect

    store = open_store(store_url)
    with store.engine.begin() as conn:  # what a store of revision 0004 had: no such index
        conn.execute(text("DROP INDEX ix_event_keys_doc"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0004'"))
    store.engine.dispose()
    store = open_store(store_url)
    with store.connect() as conn:
        assert "ix_event_keys_doc" in {i["name"] for i in inspect(conn).get_indexes("event_keys")}
        if conn.dialect.name == "sqlite":  # a document's keys are deleted through it, not by a scan
            plan = " ".join(str(r[-1]) for r in conn.execute(
                text("EXPLAIN QUERY PLAN DELETE FROM event_keys WHERE doc_id = 'x'")))
            assert "ix_event_keys_doc" in plan, plan


def test_full_text_rows_of_an_older_sqlite_store_are_refiled_under_hashed_rowids(tmp_path):
    from readouts.model import Document, Extraction, Quote
    from readouts.store import fulltext, queries

    db = str(tmp_path / "old.db")
    store = open_store(db)
    for i in range(30):
        quotes = [Quote(speaker="Avery Quill", text=f"We spoke of harbour {i} and pier {j}.", span=(0, 5))
                  for j in range(i % 3)]
        store.save(Extraction(doc=Document(id=f"doc{i:02d}", path=f"{i}.txt", title=f"Note {i}",
                                           text=f"Invented note on harbour {i}."), quotes=quotes), "fp", [], "v")
    with store.engine.begin() as conn:  # what a store of revision 0005 held: rows under SQLite's own rowids
        docs = conn.execute(text("SELECT doc_id, title, text FROM documents_fts")).all()
        said = conn.execute(text("SELECT doc_id, idx, speaker, text FROM quotes_fts")).all()
        conn.execute(text("DELETE FROM documents_fts"))
        conn.execute(text("DELETE FROM quotes_fts"))
        conn.exec_driver_sql("INSERT INTO documents_fts (doc_id, title, text) VALUES (?, ?, ?)",
                             [tuple(r) for r in docs])
        conn.exec_driver_sql("INSERT INTO quotes_fts (doc_id, idx, speaker, text) VALUES (?, ?, ?, ?)",
                             [tuple(r) for r in said])
        conn.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    store.engine.dispose()
    store = open_store(db)
    with store.connect() as conn:
        assert {(r[0], r[1]) for r in conn.execute(text("SELECT rowid, doc_id FROM documents_fts"))} == \
            {(fulltext.rowid(d), d) for d, _, _ in docs}
        assert {tuple(r) for r in conn.execute(text("SELECT rowid, doc_id, idx FROM quotes_fts"))} == \
            {(fulltext.rowid(d, i), d, i) for d, i, _, _ in said}
        assert {h["doc_id"] for h in queries.search(conn, "harbour", limit=100) if h["kind"] == "quote"} == \
            {d for d, _, _, _ in said}
    store.delete("doc01", "v")
    with store.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM quotes_fts WHERE doc_id = 'doc01'")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM documents_fts")).scalar_one() == 29
