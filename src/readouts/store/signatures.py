"""Near-duplicate lookup in the store: a document's MinHash rows, and the stored documents a text
nearly repeats (``readouts.resolve.duplicates`` has the method)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, or_, select

from readouts.resolve import duplicates as dedup
from readouts.store import schema as t


def signature_rows(doc_id: str, text: str) -> dict[Any, list[dict[str, Any]]]:
    """Rows of ``doc_minhash`` and ``doc_buckets`` for one document (none for a text without words)."""
    sk = dedup.sketch(text)
    if sk is None:
        return {t.doc_minhash: [], t.doc_buckets: []}
    return {t.doc_minhash: [{"doc_id": doc_id, "signature": dedup.to_bytes(sk.signature), "shingles": sk.shingles,
                             "key_hashes": dedup.keys_to_bytes(sk.numbers, sk.names)}],
            t.doc_buckets: [{"doc_id": doc_id, "band": b, "bucket": k} for b, k in dedup.buckets(sk.signature)]}


def near_duplicates(conn: Connection, text: str, exclude: set[str] = frozenset()) -> list[tuple[str, float]]:
    """Stored documents whose text this one nearly repeats, surest first: (doc id, similarity)."""
    sk = dedup.sketch(text)
    if sk is None:
        return []
    cond = or_(*[and_(t.doc_buckets.c.band == b, t.doc_buckets.c.bucket == k)
                 for b, k in dedup.buckets(sk.signature)])
    candidates = sorted({r[0] for r in conn.execute(select(t.doc_buckets.c.doc_id).where(cond))} - set(exclude))
    out = []
    for i in range(0, len(candidates), 500):
        for doc_id, raw, n, keys in conn.execute(
                select(t.doc_minhash.c.doc_id, t.doc_minhash.c.signature, t.doc_minhash.c.shingles,
                       t.doc_minhash.c.key_hashes).where(t.doc_minhash.c.doc_id.in_(candidates[i:i + 500]))):
            score = dedup.same_text(sk, dedup.Sketch(dedup.from_bytes(raw), n, *dedup.keys_from_bytes(keys)))
            if score is not None:
                out.append((doc_id, score))
    return sorted(out, key=lambda x: (-x[1], x[0]))
