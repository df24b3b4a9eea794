"""SQLite full-text rows of a document, found again by rowid.

The FTS5 tables (``documents_fts``: one row per document; ``quotes_fts``: one per quote) keep the
document id as an unindexed column, so ``DELETE ... WHERE doc_id = ?`` reads the whole table: for every
replaced or deleted document (a new pipeline version re-extracts them all), a scan of the store's text.
Rows are therefore written under a rowid worked out from (document id, quote index): a hash, with the
next free of a few places after it should another row hold it (two hashes a few apart are as rare as
a collision of 62-bit hashes). Deleting reads that short rowid range. A row that was not written this
way (none should be: migration 0006 re-files older stores) is still found: when the range gives fewer
rows than the document had, the document's rows are deleted by a scan.

PostgreSQL indexes the text columns of ``documents`` and ``quotes`` themselves; nothing here applies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, select

from readouts.store import schema as t

PROBES = 8  # places tried after a row's hashed rowid

SQLITE_TABLES = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(doc_id UNINDEXED, title, text, "
    "tokenize='porter unicode61')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(doc_id UNINDEXED, idx UNINDEXED, speaker, text, "
    "tokenize='porter unicode61')",
)


def rowid(doc_id: str, idx: int | None = None) -> int:
    """The hashed rowid of a document's row (idx None) or of its quote `idx`: 62 bits, so the probes
    after it stay in SQLite's signed 64-bit range."""
    key = doc_id if idx is None else f"{doc_id}/{idx}"
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") >> 2


def _taken(conn: Connection, table: str, ids: Sequence[int]) -> set[int]:
    taken: set[int] = set()
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        marks = ",".join("?" * len(part))
        taken.update(r[0] for r in conn.exec_driver_sql(f"SELECT rowid FROM {table} WHERE rowid IN ({marks})",
                                                          tuple(part)))
    return taken


def _free_rowids(conn: Connection, table: str, wanted: Sequence[int]) -> list[int | None]:
    """For each hashed rowid, the first of it and the PROBES after it that no row holds (None if all
    are held: never seen; the row then gets SQLite's own rowid, and is deleted by a scan)."""
    out: list[int | None] = []
    taken = _taken(conn, table, wanted)
    for h in wanted:
        rid: int | None = h
        while rid in taken or rid in out:
            rid += 1
            if rid - h >= PROBES:
                rid = None
                break
            if rid not in taken:
                taken |= _taken(conn, table, [rid])
        out.append(rid)
    return out


def insert(conn: Connection, doc_id: str, title: str, text: str, quotes: Iterable[tuple[int, str, str]]) -> None:
    """The full-text rows of a document: its title and text, and its quotes as (idx, speaker, text)."""
    (rid,) = _free_rowids(conn, "documents_fts", [rowid(doc_id)])
    conn.exec_driver_sql("INSERT INTO documents_fts (rowid, doc_id, title, text) VALUES (?, ?, ?, ?)",
                         (rid, doc_id, title, text))
    quotes = list(quotes)
    if quotes:
        rids = _free_rowids(conn, "quotes_fts", [rowid(doc_id, i) for i, _, _ in quotes])
        rows = [(r, doc_id, i, s, q) for r, (i, s, q) in zip(rids, quotes, strict=True)]
        # rows given a place first: SQLite's own rowid (one past the largest) could take a place given
        rows.sort(key=lambda row: row[0] is None)
        conn.exec_driver_sql("INSERT INTO quotes_fts (rowid, doc_id, idx, speaker, text) VALUES (?, ?, ?, ?, ?)", rows)


def delete(conn: Connection, doc_id: str) -> None:
    """Remove a document's full-text rows (before its ``quotes`` rows, which say what quotes it had)."""
    h = rowid(doc_id)
    found = conn.exec_driver_sql("DELETE FROM documents_fts WHERE rowid BETWEEN ? AND ? AND doc_id = ?",
                                 (h, h + PROBES - 1, doc_id)).rowcount
    if found < 1:
        conn.exec_driver_sql("DELETE FROM documents_fts WHERE doc_id = ?", (doc_id,))
    idxs = [r[0] for r in conn.execute(select(t.quotes.c.idx).where(t.quotes.c.doc_id == doc_id))]
    if not idxs:
        return
    found = conn.exec_driver_sql(
        "DELETE FROM quotes_fts WHERE rowid BETWEEN ? AND ? AND doc_id = ? AND idx = ?",
        [(rowid(doc_id, i), rowid(doc_id, i) + PROBES - 1, doc_id, i) for i in idxs]).rowcount
    if found < len(idxs):
        conn.exec_driver_sql("DELETE FROM quotes_fts WHERE doc_id = ?", (doc_id,))


def refile(conn: Connection, batch: int = 500) -> None:
    """Write the full-text rows of every stored document anew, under hashed rowids (into emptied tables)."""
    pending: list[tuple[str, str | None, str]] = []

    def flush() -> None:
        said: dict[str, list[tuple[int, str, str]]] = {d: [] for d, _, _ in pending}
        for doc_id, idx, speaker, text in conn.execute(
                select(t.quotes.c.doc_id, t.quotes.c.idx, t.quotes.c.speaker, t.quotes.c.text)
                .where(t.quotes.c.doc_id.in_(list(said))).order_by(t.quotes.c.doc_id, t.quotes.c.idx)):
            said[doc_id].append((idx, speaker, text))
        for doc_id, title, text in pending:
            insert(conn, doc_id, title or "", text, said[doc_id])
        pending.clear()

    docs = select(t.documents.c.id, t.documents.c.title, t.documents.c.text).order_by(t.documents.c.id)
    for row in conn.execute(docs, execution_options={"yield_per": batch}):
        pending.append(tuple(row))
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
