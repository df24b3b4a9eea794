"""Open, migrate, and write the store."""

from __future__ import annotations

import json
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

from sqlalchemy import Connection, Engine, case, delete, func, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from readouts.errors import StoreError
from readouts.model import Extraction
from readouts.store import fulltext
from readouts.store import schema as t
from readouts.store.engine import make_engine, resolve_url
from readouts.store.resolution import resolve_documents, resolve_everything, source_rows, year_free_keys_of
from readouts.store.signatures import near_duplicates, signature_rows


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def person_id(name: str, kb_id: str | None) -> str:
    return f"kb:{kb_id}" if kb_id else "name:" + " ".join(name.lower().split())


class Store:
    def __init__(self, engine: Engine, url: str):
        self.engine = engine
        self.url = url

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # --- schema -------------------------------------------------------------------------

    def migrate(self) -> None:
        """Create the store or upgrade it to the current schema (Alembic)."""
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("readouts.store") / "migrations"))
        head = ScriptDirectory.from_config(cfg).get_current_head()
        try:
            with self.engine.begin() as conn:
                current = MigrationContext.configure(conn).get_current_revision()
                if current == head:
                    return
                if current is not None:  # an existing store: say why opening it takes a while
                    print(f"readouts: upgrading the store at {self.engine.url.render_as_string()} from revision "
                          f"{current} to {head} (once; a large store takes minutes) ...", file=sys.stderr, flush=True)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except OperationalError as exc:
            raise StoreError(f"cannot open or upgrade the store at {self.url}: {exc.orig}") from exc

    # --- documents ----------------------------------------------------------------------

    def document_state(self, doc_id: str, path: str, fingerprint: str) -> tuple[str, list[str]]:
        """("unchanged" | "new" | "updated", ids of stored documents this one replaces)."""
        with self.engine.connect() as conn:
            same = conn.execute(select(t.documents.c.fingerprint, t.documents.c.path)
                                .where(t.documents.c.id == doc_id)).first()
            if same is not None and (same[0] == fingerprint or same[1] != path):
                return "unchanged", []  # same bytes again, or the same text stored from another path
            old = [r[0] for r in conn.execute(select(t.documents.c.id).where(t.documents.c.path == path))]
        if same is not None and doc_id not in old:
            old.append(doc_id)
        return ("updated" if old else "new"), old

    def save(self, ex: Extraction, fingerprint: str, replaces: list[str] = (), version: str = "",
             resolve: bool = True) -> None:
        """Write one document's record in one transaction, replacing older versions, and resolve its
        events against the store (`resolve=False` leaves them pending for one ``resolve_all`` later,
        the bulk path of Dask and Parquet loads)."""
        for attempt in range(4):
            try:
                with self.engine.begin() as conn:
                    old_events = set()
                    ids = sorted({*replaces, ex.doc.id})
                    # a page fetched again with new bytes: its addresses move to the new version
                    moved = [dict(r) for r in conn.execute(select(t.document_urls).where(
                        t.document_urls.c.doc_id.in_(ids))).mappings()]
                    if moved:
                        conn.execute(delete(t.document_urls).where(t.document_urls.c.doc_id.in_(ids)))
                    # only documents that are there are deleted: a delete from the full-text index
                    # by document id scans it, which a new document need not pay for
                    freed: set[str] = set()
                    for doc_id in sorted(r[0] for r in conn.execute(select(t.documents.c.id)
                                                                    .where(t.documents.c.id.in_(ids)))):
                        freed |= year_free_keys_of(conn, doc_id)
                        old_events |= _delete_document(conn, doc_id)
                    _insert(conn, ex, fingerprint, version)
                    if moved:
                        conn.execute(t.document_urls.insert(), [dict(r, doc_id=ex.doc.id) for r in moved])
                    if resolve:
                        resolve_documents(conn, [ex.doc.id], old_events, version, freed)
                    elif old_events:
                        conn.execute(delete(t.events).where(t.events.c.id.in_(sorted(old_events))))
                return
            except OperationalError as exc:  # a concurrent writer won a lock: the transaction is retried
                if attempt < 3 and any(w in str(exc.orig).lower() for w in ("deadlock", "serializ", "locked")):
                    time.sleep(0.05 * (attempt + 1))
                    continue
                raise StoreError(f"could not write {ex.doc.path} to the store: {exc.orig}") from exc
            except SQLAlchemyError as exc:
                raise StoreError(f"could not write {ex.doc.path} to the store: {getattr(exc, 'orig', exc)}") from exc

    def resolve_all(self, version: str | None = None) -> int:
        """Cluster every event source of the store afresh (after bulk loads); returns the event count."""
        from readouts import pipeline_version

        with self.engine.begin() as conn:
            return resolve_everything(conn, version or pipeline_version())

    def delete(self, doc_id: str, version: str | None = None) -> None:
        """Remove a document and its rows; re-resolve the events it supported."""
        from readouts import pipeline_version

        with self.engine.begin() as conn:
            conn.execute(delete(t.document_urls).where(t.document_urls.c.doc_id == doc_id))
            freed = year_free_keys_of(conn, doc_id)
            old_events = _delete_document(conn, doc_id)
            resolve_documents(conn, [], old_events, version or pipeline_version(), freed)

    # --- fetched documents: addresses, the fetch log, HTTP validators, near-duplicates -----------------------

    def near_duplicates(self, text: str, exclude: set[str] = frozenset()) -> list[tuple[str, float]]:
        with self._errors("look for near-duplicates"), self.engine.connect() as conn:
            return near_duplicates(conn, text, exclude)

    def record_url(self, url: str, doc_id: str, via: str, status: int | None = None, source: str | None = None,
                   similarity: float | None = None) -> None:
        """Note that a document was seen at an address (kept: the first time; updated: the last).
        One upsert, so two writers noting the same address do not collide."""
        now = _now()
        row = dict(url=url, doc_id=doc_id, via=via, similarity=similarity, status=status, source=source,
                   first_seen=now, last_seen=now)
        with self._errors(f"record the address {url}"), self.engine.begin() as conn:
            ins = _dialect_insert(conn)(t.document_urls).values(**row)
            moved = ins.excluded.doc_id != t.document_urls.c.doc_id
            conn.execute(ins.on_conflict_do_update(index_elements=[t.document_urls.c.url], set_={
                "doc_id": ins.excluded.doc_id, "status": ins.excluded.status, "last_seen": ins.excluded.last_seen,
                "via": case((moved, ins.excluded.via), else_=t.document_urls.c.via),
                "similarity": case((moved, ins.excluded.similarity), else_=t.document_urls.c.similarity)}))

    def known_urls(self, urls: list[str]) -> set[str]:
        """Which of these addresses already lead to a stored document."""
        out: set[str] = set()
        with self._errors("read the stored addresses"), self.engine.connect() as conn:
            for i in range(0, len(urls), 500):
                chunk = urls[i:i + 500]
                out |= {r[0] for r in conn.execute(select(t.document_urls.c.url)
                                                   .where(t.document_urls.c.url.in_(chunk)))}
        return out

    def failed_for_good(self, urls: list[str], days: int = 7) -> set[str]:
        """Which of these addresses last failed for a reason that another try soon would not change
        (a 4xx, not a page, disallowed, a redirect loop, too large), within the last ``days``."""
        since = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
        log = t.fetch_log
        out: set[str] = set()
        with self._errors("read the fetch log"), self.engine.connect() as conn:
            for i in range(0, len(urls), 500):
                last = (select(log.c.url, func.max(log.c.id).label("id"))
                        .where(log.c.url.in_(urls[i:i + 500]), log.c.kind == "page", log.c.at >= since)
                        .group_by(log.c.url).subquery())
                rows = conn.execute(select(log.c.url, log.c.outcome, log.c.status, log.c.reason)
                                    .join(last, last.c.id == log.c.id)).all()
                out |= {u for u, outcome, status, reason in rows if _permanent(outcome, status, reason)}
        return out

    def log_fetch(self, **row: Any) -> None:
        row.setdefault("at", _now())
        with self._errors("write the fetch log"), self.engine.begin() as conn:
            conn.execute(t.fetch_log.insert().values(**row))

    def validators(self, url: str) -> tuple[str | None, str | None, str | None]:
        """(ETag, Last-Modified, kept body) of the last successful fetch of a feed, listing or robots.txt."""
        return self.cached(url)[:3]

    def cached(self, url: str) -> tuple[str | None, str | None, str | None, str | None]:
        """(ETag, Last-Modified, kept body, when checked) of a feed, listing or robots.txt."""
        with self._errors("read the HTTP cache"), self.engine.connect() as conn:
            row = conn.execute(select(t.http_cache.c.etag, t.http_cache.c.last_modified, t.http_cache.c.body,
                                      t.http_cache.c.checked_at).where(t.http_cache.c.url == url)).first()
        return (row[0], row[1], row[2], row[3]) if row else (None, None, None, None)

    def save_validators(self, url: str, etag: str | None, last_modified: str | None, body: str | None = None) -> None:
        row = dict(url=url, etag=etag, last_modified=last_modified, body=body, checked_at=_now())
        with self._errors(f"write the HTTP cache for {url}"), self.engine.begin() as conn:
            ins = _dialect_insert(conn)(t.http_cache).values(**row)
            conn.execute(ins.on_conflict_do_update(index_elements=[t.http_cache.c.url],
                                                   set_={k: ins.excluded[k] for k in row if k != "url"}))

    @contextmanager
    def _errors(self, what: str):
        try:
            yield
        except SQLAlchemyError as exc:
            raise StoreError(f"could not {what}: {getattr(exc, 'orig', exc)}") from exc

    def connect(self) -> Connection:
        return self.engine.connect()


def _dialect_insert(conn: Connection):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


_PERMANENT_REASONS = ("not an HTML page", "redirect", "larger than", "not an http")


def _permanent(outcome: str, status: int | None, reason: str | None) -> bool:
    if outcome == "robots":
        return True
    if outcome != "error":
        return False
    if status is not None and 400 <= status < 500 and status not in (408, 429):
        return True
    return bool(reason) and reason.startswith(_PERMANENT_REASONS)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _delete_document(conn: Connection, doc_id: str) -> set[str]:
    """Remove a document and its rows; return the ids of the events it supported."""
    ids = {r[0] for r in conn.execute(select(t.event_sources.c.event_id).where(t.event_sources.c.doc_id == doc_id))}
    named = {r[0] for r in conn.execute(select(t.doc_persons.c.person_id).where(t.doc_persons.c.doc_id == doc_id))}
    if conn.dialect.name == "sqlite":
        fulltext.delete(conn, doc_id)
    for table in t.DOC_TABLES:
        conn.execute(delete(table).where(table.c.doc_id == doc_id))
    conn.execute(delete(t.documents).where(t.documents.c.id == doc_id))
    for pid in named:  # a person no remaining document names is gone too
        left = conn.execute(select(t.doc_persons.c.doc_id).where(t.doc_persons.c.person_id == pid).limit(1)).first()
        if left is None:
            conn.execute(delete(t.persons).where(t.persons.c.id == pid))
    return ids


def _insert(conn: Connection, ex: Extraction, fingerprint: str, version: str) -> None:
    d = ex.doc
    record = ex.to_record()
    conn.execute(t.documents.insert().values(
        id=d.id, path=d.path, url=d.url, title=d.title, published=d.published, publisher=d.publisher,
        doc_type=d.doc_type, source_format=d.source_format, text=d.text, text_chars=len(d.text),
        raw=d.raw if d.source_format == "html" else None, fingerprint=fingerprint, record=_json(record),
        pipeline_version=version, ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
    ))
    pids = {}
    mention_starts: set[int] = set()
    rows: dict[Any, list[dict[str, Any]]] = {tb: [] for tb in (t.doc_persons, t.mentions, t.quotes, t.turns, t.topics,
                                                              t.statements, t.event_sources, t.event_keys)}
    # persons are locked in one global order (their ids), so concurrent writers never deadlock
    for p in sorted(ex.persons, key=lambda p: person_id(p.name, p.kb_id)):
        _upsert_person(conn, person_id(p.name, p.kb_id), p, d.id)
    for i, p in enumerate(ex.persons):
        pid = person_id(p.name, p.kb_id)
        pids[p.name] = pid
        rows[t.doc_persons].append(dict(doc_id=d.id, idx=i, person_id=pid, name=p.name, title=p.title,
                                        country=p.country, pipeline_version=version))
        for s, e in p.mentions:
            if s in mention_starts:  # one mention per start (the primary key)
                continue
            mention_starts.add(s)
            rows[t.mentions].append(dict(doc_id=d.id, start=s, end=e, person_id=pid, surface=d.text[s:e],
                                         pipeline_version=version))
    for i, q in enumerate(ex.quotes):
        rows[t.quotes].append(dict(doc_id=d.id, idx=i, person_id=pids.get(q.speaker), speaker=q.speaker,
                                   text=q.text, start=q.span[0], end=q.span[1], pipeline_version=version))
    for i, tu in enumerate(ex.turns):
        rows[t.turns].append(dict(doc_id=d.id, idx=i, person_id=pids.get(tu.speaker), speaker=tu.speaker,
                                  label=tu.label, interpreted=tu.interpreted, role=tu.role, answers=tu.answers,
                                  start=tu.span[0], end=tu.span[1], pipeline_version=version))
    seen_topics = set()
    for h in ex.topic_hits:
        if (h.topic, h.span[0]) in seen_topics:
            continue
        seen_topics.add((h.topic, h.span[0]))
        rows[t.topics].append(dict(doc_id=d.id, topic=h.topic, start=h.span[0], end=h.span[1], cue=h.cue,
                                   pipeline_version=version))
    for i, st in enumerate(ex.statements):
        rows[t.statements].append(dict(doc_id=d.id, idx=i, actor=st.actor, act=st.act, topics=_json(st.topics),
                                       polarity=st.polarity, text=st.text, start=st.span[0], end=st.span[1],
                                       pipeline_version=version))
    for table, values in signature_rows(d.id, d.text).items():
        rows[table] = values
    for row, keys in source_rows(ex, version):
        rows[t.event_sources].append(row)
        rows[t.event_keys].extend(dict(key=key, doc_id=d.id, idx=row["idx"]) for key in sorted(keys))
    for table, values in rows.items():  # one executemany per table
        if values:
            conn.execute(table.insert(), values)
    if conn.dialect.name == "sqlite":
        fulltext.insert(conn, d.id, d.title or "", d.text, [(i, q.speaker, q.text) for i, q in enumerate(ex.quotes)])


def _upsert_person(conn: Connection, pid: str, p, doc_id: str) -> None:
    """Create the person if new (safe with concurrent writers), then add this document's forms and office."""
    aliases = set(p.aliases) | {p.name}
    office = {"title": p.title, "country": p.country} if p.title else None
    conn.execute(_dialect_insert(conn)(t.persons).values(
        id=pid, name=p.name, country=p.country, kb_id=p.kb_id, title=p.title,
        aliases=_json(sorted(aliases)), offices=_json([office] if office else [])).on_conflict_do_nothing(
        index_elements=["id"]))
    row = conn.execute(select(t.persons).where(t.persons.c.id == pid).with_for_update()).mappings().first()
    old_aliases = set(json.loads(row["aliases"]))
    offices = json.loads(row["offices"])
    changes = {}
    if not aliases <= old_aliases:
        changes["aliases"] = _json(sorted(old_aliases | aliases))
    if office and office not in offices:
        changes["offices"] = _json([*offices, office])
    if row["country"] is None and p.country:
        changes["country"] = p.country
    if row["title"] is None and p.title:
        changes["title"] = p.title
    if changes:
        conn.execute(t.persons.update().where(t.persons.c.id == pid).values(**changes))


def open_store(db: str | None = None, migrate: bool = True) -> Store:
    """Open the store named by `db` (a path, a sqlite:// or postgresql:// URL), or $READOUTS_DB,
    or ./readouts.db; create or upgrade its schema."""
    url = resolve_url(db)
    store = Store(make_engine(url), url)
    if migrate:
        store.migrate()
    return store
