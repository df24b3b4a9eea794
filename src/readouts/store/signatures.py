"""Near-duplicate lookup in the store: a document's MinHash rows, and the stored documents a text
nearly repeats (``readouts.resolve.duplicates`` has the method)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, or_, select

from readouts.resolve import duplicates as dedup
from readouts.store import schema as t


def signature_rows(doc_id: str, text: str) -> dict[Any, list[dict[str, Any]]]:
    """Rows of ``doc_minhash`` and ``doc_buckets`` for one document (none for a text without words)."""
    sig = dedup.signature(text)
    if sig is None:
        return {t.doc_minhash: [], t.doc_buckets: []}
    return {t.doc_minhash: [{"doc_id": doc_id, "signature": dedup.to_bytes(sig)}],
            t.doc_buckets: [{"doc_id": doc_id, "band": b, "bucket": k} for b, k in dedup.buckets(sig)]}


def near_duplicates(conn: Connection, text: str, exclude: set[str] = frozenset(),
                    threshold: float = dedup.THRESHOLD) -> list[tuple[str, float]]:
    """Stored documents whose text this one nearly repeats, most similar first: (doc id, similarity)."""
    sig = dedup.signature(text)
    if sig is None:
        return []
    cond = or_(*[and_(t.doc_buckets.c.band == b, t.doc_buckets.c.bucket == k) for b, k in dedup.buckets(sig)])
    candidates = sorted({r[0] for r in conn.execute(select(t.doc_buckets.c.doc_id).where(cond))} - set(exclude))
    out = []
    for doc_id, raw in conn.execute(select(t.doc_minhash.c.doc_id, t.doc_minhash.c.signature)
                                    .where(t.doc_minhash.c.doc_id.in_(candidates))) if candidates else []:
        sim = dedup.similarity(sig, dedup.from_bytes(raw))
        if sim >= threshold:
            out.append((doc_id, sim))
    return sorted(out, key=lambda x: (-x[1], x[0]))
