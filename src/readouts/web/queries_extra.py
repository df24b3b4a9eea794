"""Small read-only questions the web pages ask besides those of ``readouts.store.queries``."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, func, select

from readouts.store import schema as t


def document_titles(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """id -> {id, path, title, published, publisher, doc_type} for the given document ids."""
    if not ids:
        return {}
    cols = [t.documents.c[c] for c in ("id", "path", "title", "published", "publisher", "doc_type")]
    rows = conn.execute(select(*cols).where(t.documents.c.id.in_(sorted(set(ids))))).mappings()
    return {r["id"]: dict(r) for r in rows}


def event_countries(conn: Connection) -> list[str]:
    """Every country code an event takes place in or has as a party, sorted."""
    codes = {r[0] for r in conn.execute(select(t.events.c.country).distinct()) if r[0]}
    for (parties,) in conn.execute(select(t.events.c.parties).distinct()):
        codes.update(json.loads(parties or "[]"))
    return sorted(c for c in codes if isinstance(c, str))


def person_names(conn: Connection, limit: int = 2000) -> list[str]:
    """Canonical person names, sorted (for the timeline's person suggestions)."""
    return [r[0] for r in conn.execute(select(t.persons.c.name).order_by(t.persons.c.name).limit(limit))]


def count_documents(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(t.documents)).scalar_one()


def count_persons(conn: Connection, country: str | None = None) -> int:
    q = select(func.count()).select_from(t.persons)
    if country:
        q = q.where(t.persons.c.country == country.upper())
    return conn.execute(q).scalar_one()
