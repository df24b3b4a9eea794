"""Questions asked of the store: the timeline, one event, persons, search, compare, stats, exports.

Each function takes a connection and plain arguments and returns plain dicts and
lists, which the CLI, the API and the web UI render as they like.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, and_, case, exists, func, literal_column, or_, select, text

from readouts.errors import StoreError
from readouts.store import schema as t

EVENT_JSON = ("participants", "parties", "documents", "support", "conflicts")


def _event(row: Any) -> dict[str, Any]:
    ev = dict(row)
    for k in EVENT_JSON:
        ev[k] = json.loads(ev[k])
    ev["event_id"] = ev.pop("id")
    return ev


def _like_json_value(column, value: str):
    return column.like("%" + json.dumps(value, ensure_ascii=False).replace("%", r"\%").replace("_", r"\_") + "%",
                       escape="\\")


def person_names(conn: Connection, name: str) -> list[str]:
    """Canonical names of the persons a query names ("Kishi", "Nobuo Kishi", "KISHI Nobuo")."""
    words = [w for w in re.findall(r"[\w'’-]+", name.lower()) if len(w) > 1]
    if not words:
        return []
    conds = [or_(func.lower(t.persons.c.name).like(f"%{w}%"), func.lower(t.persons.c.aliases).like(f"%{w}%"))
             for w in words]
    return sorted({r[0] for r in conn.execute(select(t.persons.c.name).where(and_(*conds)))})


def _timeline_filter(conn: Connection, person: str | None, country: str | None, topic: str | None,
                     since: str | None, until: str | None, kind: str | None) -> list | None:
    """The WHERE conditions of a timeline query, or None when it can match nothing."""
    conds = []
    if person:
        names = person_names(conn, person)
        if not names:
            return None
        conds.append(or_(*[_like_json_value(t.events.c.participants, n) for n in names]))
    if country:
        cc = country.upper()
        conds.append(or_(t.events.c.country == cc, _like_json_value(t.events.c.parties, cc)))
    if kind:
        conds.append(t.events.c.kind == kind)
    if since:
        conds.append(t.events.c.date >= since)
    if until:
        conds.append(t.events.c.date <= until + "~")
    if topic:
        conds.append(_topic_condition(conn, topic))
    return conds


def _topic_condition(conn: Connection, topic: str):
    """Events one of whose documents has the topic. A rare topic: the list of its events, built once.
    A common one (in a quarter of the documents or more): checked event by event in timeline order,
    which stops at the end of the page (the list would hold most of the store). `topic || ''` keeps
    SQLite from starting that check at every row of the topic."""
    rows = conn.execute(select(func.count()).select_from(t.topics).where(t.topics.c.topic == topic)).scalar_one()
    docs = conn.execute(select(func.count()).select_from(t.documents)).scalar_one()
    if rows * 4 < docs:
        return t.events.c.id.in_(select(t.event_sources.c.event_id).join(
            t.topics, t.topics.c.doc_id == t.event_sources.c.doc_id).where(t.topics.c.topic == topic))
    return exists().where(t.event_sources.c.event_id == t.events.c.id, t.topics.c.doc_id == t.event_sources.c.doc_id,
                          t.topics.c.topic.concat("") == topic)


# undated last. The '~' is written into the SQL, not bound: only the same expression as ix_events_timeline's
# lets SQLite read the order from the index instead of sorting every event
TIMELINE_ORDER = (func.coalesce(t.events.c.date, literal_column("'~'")), t.events.c.id)


def timeline(conn: Connection, person: str | None = None, country: str | None = None, topic: str | None = None,
             since: str | None = None, until: str | None = None, kind: str | None = None,
             limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Events in date order (undated last), filtered."""
    conds = _timeline_filter(conn, person, country, topic, since, until, kind)
    if conds is None:
        return []
    # the page's ids first, from the timeline index alone; then only those (wide) rows: an OFFSET over
    # whole rows would read every skipped event
    ids = select(t.events.c.id).where(*conds).order_by(*TIMELINE_ORDER).offset(offset)
    if limit is not None:
        ids = ids.limit(limit)
    q = select(t.events).where(t.events.c.id.in_(ids.scalar_subquery())).order_by(*TIMELINE_ORDER)
    return [_event(r) for r in conn.execute(q).mappings()]


def timeline_summary(conn: Connection, person: str | None = None, country: str | None = None,
                     topic: str | None = None, since: str | None = None, until: str | None = None,
                     kind: str | None = None) -> dict[str, Any]:
    """How many events a timeline filter matches, and how many per month (null: no month known)."""
    conds = _timeline_filter(conn, person, country, topic, since, until, kind)
    if conds is None:
        return {"total": 0, "months": {}}
    month = case((func.length(t.events.c.date) >= 7, func.substr(t.events.c.date, 1, 7)), else_=None)
    rows = conn.execute(select(month.label("m"), func.count()).where(*conds).group_by(month)).all()
    return {"total": sum(n for _, n in rows), "months": {m: n for m, n in rows}}


def _docs(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    cols = [t.documents.c[c] for c in ("id", "path", "url", "title", "published", "publisher", "doc_type")]
    return {r["id"]: dict(r) for r in conn.execute(select(*cols).where(t.documents.c.id.in_(ids))).mappings()}


def event(conn: Connection, event_id: str) -> dict[str, Any] | None:
    """One event with its sources (each document's own telling) and per-field support."""
    row = conn.execute(select(t.events).where(t.events.c.id == event_id)).mappings().first()
    if row is None:
        return None
    ev = _event(row)
    docs = _docs(conn, ev["documents"])
    sources = []
    for r in conn.execute(select(t.event_sources).where(t.event_sources.c.event_id == event_id)
                          .order_by(t.event_sources.c.doc_id, t.event_sources.c.idx)).mappings():
        src = {k: r[k] for k in ("doc_id", "idx", "kind", "status", "date", "country", "place", "format", "name")}
        src["participants"] = json.loads(r["participants"])
        src["evidence"] = json.loads(r["evidence"])
        src["document"] = docs.get(r["doc_id"], {})
        sources.append(src)
    ev["sources"] = sources
    return ev


def persons(conn: Connection, country: str | None = None, limit: int | None = None,
            offset: int = 0) -> list[dict[str, Any]]:
    counts = dict(conn.execute(select(t.doc_persons.c.person_id, func.count(func.distinct(t.doc_persons.c.doc_id)))
                               .group_by(t.doc_persons.c.person_id)).all())
    q = select(t.persons)
    if country:
        q = q.where(t.persons.c.country == country.upper())
    q = q.order_by(t.persons.c.name).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    out = []
    for r in conn.execute(q).mappings():
        p = dict(r)
        p["aliases"] = json.loads(p["aliases"])
        p["offices"] = json.loads(p["offices"])
        p["documents"] = counts.get(p["id"], 0)
        out.append(p)
    return out


def person(conn: Connection, name: str) -> list[dict[str, Any]]:
    """Every person the name matches, with offices, events attended, quotes and co-participants."""
    out = []
    for canonical in person_names(conn, name):
        r = conn.execute(select(t.persons).where(t.persons.c.name == canonical)).mappings().first()
        p = dict(r)
        p["aliases"] = json.loads(p["aliases"])
        p["offices"] = json.loads(p["offices"])
        evs = timeline(conn, person=None) if False else [
            _event(e) for e in conn.execute(select(t.events).where(_like_json_value(t.events.c.participants, canonical))
                                            .order_by(t.events.c.date.is_(None), t.events.c.date)).mappings()]
        p["events"] = [{k: e[k] for k in ("event_id", "kind", "status", "date", "place", "country", "participants")}
                       for e in evs]
        co: dict[str, int] = defaultdict(int)
        for e in evs:
            for other in e["participants"]:
                if other != canonical:
                    co[other] += 1
        p["co_participants"] = [{"name": n, "events": c} for n, c in sorted(co.items(), key=lambda x: (-x[1], x[0]))]
        qs = conn.execute(select(t.quotes.c.doc_id, t.quotes.c.text, t.quotes.c.start, t.quotes.c.end,
                                 t.documents.c.published, t.documents.c.title)
                          .join(t.documents, t.documents.c.id == t.quotes.c.doc_id)
                          .where(t.quotes.c.person_id == p["id"])
                          .order_by(t.documents.c.published, t.quotes.c.doc_id, t.quotes.c.idx)).mappings()
        p["quotes"] = [dict(q) for q in qs]
        p["documents"] = sorted({d for (d,) in conn.execute(select(t.doc_persons.c.doc_id)
                                                               .where(t.doc_persons.c.person_id == p["id"]))})
        out.append(p)
    return out


_FTS_SAFE = re.compile(r"[^\w\s'\-\"*]", re.UNICODE)


def _fts5_query(q: str) -> str:
    """User words as an FTS5 query: bare words ANDed, "quoted phrases" kept; operators never injected."""
    phrases = re.findall(r'"([^"]+)"', q)
    rest = re.sub(r'"[^"]*"', " ", q)
    words = [w for w in re.findall(r"[\w'’-]+", rest, re.UNICODE)]
    parts = ['"' + p.replace('"', " ") + '"' for p in phrases] + ['"' + w.replace('"', "") + '"' for w in words]
    return " ".join(parts)


def search(conn: Connection, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Full-text search over documents and quotes; snippets mark matches with [ and ]."""
    query = query.replace("\x00", " ").encode("utf-8", "ignore").decode("utf-8").strip()
    if not query:
        return []
    if conn.dialect.name == "sqlite":
        fq = _fts5_query(query)
        if not fq:
            return []
        docs = conn.execute(text(
            "SELECT f.doc_id, d.title, d.published, d.path, snippet(documents_fts, 2, '[', ']', ' … ', 14) AS snippet,"
            " f.rank AS rank FROM documents_fts f JOIN documents d ON d.id = f.doc_id"
            " WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n OFFSET :o"),
            {"q": fq, "n": limit, "o": offset}).mappings()
        hits = [dict(r, kind="document") for r in docs]
        quotes = conn.execute(text(
            "SELECT f.doc_id, f.idx, f.speaker, d.title, d.published, snippet(quotes_fts, 3, '[', ']', ' … ', 14)"
            " AS snippet, f.rank AS rank FROM quotes_fts f JOIN documents d ON d.id = f.doc_id"
            " WHERE quotes_fts MATCH :q ORDER BY rank LIMIT :n OFFSET :o"),
            {"q": fq, "n": limit, "o": offset}).mappings()
        hits += [dict(r, kind="quote") for r in quotes]
    else:
        docs = conn.execute(text(
            "SELECT id AS doc_id, title, published, path, ts_headline('english', text,"
            " websearch_to_tsquery('english', :q), 'StartSel=[, StopSel=], MaxFragments=2, MaxWords=24') AS snippet,"
            " -ts_rank(to_tsvector('english', coalesce(title, '') || ' ' || text),"
            " websearch_to_tsquery('english', :q)) AS rank FROM documents"
            " WHERE to_tsvector('english', coalesce(title, '') || ' ' || text) @@ websearch_to_tsquery('english', :q)"
            " ORDER BY rank, id LIMIT :n OFFSET :o"), {"q": query, "n": limit, "o": offset}).mappings()
        hits = [dict(r, kind="document") for r in docs]
        quotes = conn.execute(text(
            "SELECT q.doc_id, q.idx, q.speaker, d.title, d.published, ts_headline('english', q.text,"
            " websearch_to_tsquery('english', :q), 'StartSel=[, StopSel=]') AS snippet,"
            " -ts_rank(to_tsvector('english', q.speaker || ' ' || q.text), websearch_to_tsquery('english', :q))"
            " AS rank FROM quotes q JOIN documents d ON d.id = q.doc_id"
            " WHERE to_tsvector('english', q.speaker || ' ' || q.text) @@ websearch_to_tsquery('english', :q)"
            " ORDER BY rank, q.doc_id, q.idx LIMIT :n OFFSET :o"), {"q": query, "n": limit, "o": offset}).mappings()
        hits += [dict(r, kind="quote") for r in quotes]
    for h in hits:
        h["rank"] = round(float(h["rank"]), 4)
    return sorted(hits, key=lambda h: (h["rank"], h["kind"], h["doc_id"]))


def _doc_items(conn: Connection, doc_id: str) -> dict[str, Any]:
    tops = sorted({r[0] for r in conn.execute(select(t.topics.c.topic).where(t.topics.c.doc_id == doc_id))})
    quotes = [dict(r) for r in conn.execute(select(t.quotes.c.speaker, t.quotes.c.text)
                                            .where(t.quotes.c.doc_id == doc_id).order_by(t.quotes.c.idx)).mappings()]
    stmts = []
    for r in conn.execute(select(t.statements).where(t.statements.c.doc_id == doc_id)
                          .order_by(t.statements.c.idx)).mappings():
        stmts.append({"actor": r["actor"], "act": r["act"], "topics": json.loads(r["topics"]), "text": r["text"]})
    return {"topics": tops, "quotes": quotes, "statements": stmts}


def compare(conn: Connection, event_id: str) -> dict[str, Any] | None:
    """The sources of one event side by side: what each says alone, and where they differ."""
    ev = event(conn, event_id)
    if ev is None:
        return None
    per_doc = {}
    for doc_id in ev["documents"]:
        items = _doc_items(conn, doc_id)
        items["document"] = _docs(conn, [doc_id]).get(doc_id, {})
        per_doc[doc_id] = items
    only = {}
    for doc_id, items in per_doc.items():
        others = [o for d, o in per_doc.items() if d != doc_id]
        other_topics = set().union(*[set(o["topics"]) for o in others]) if others else set()
        other_quotes = {_norm(q["text"]) for o in others for q in o["quotes"]}
        other_keys = {(s["act"], tuple(sorted(s["topics"]))) for o in others for s in o["statements"]}
        only[doc_id] = {
            "topics": [x for x in items["topics"] if x not in other_topics],
            "quotes": [q for q in items["quotes"] if _norm(q["text"]) not in other_quotes],
            "statements": [s for s in items["statements"]
                           if (s["act"], tuple(sorted(s["topics"]))) not in other_keys and s["topics"]],
        }
    return {"event": {k: v for k, v in ev.items() if k != "sources"}, "sources": per_doc, "only": only,
            "differences": ev["conflicts"]}


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s.lower()).strip()


def stats(conn: Connection) -> dict[str, Any]:
    out = {}
    for name, table in (("documents", t.documents), ("persons", t.persons), ("events", t.events),
                        ("event_sources", t.event_sources), ("quotes", t.quotes), ("turns", t.turns),
                        ("topics", t.topics), ("statements", t.statements)):
        out[name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
    out["events_with_several_sources"] = conn.execute(
        select(func.count()).select_from(t.events).where(t.events.c.n_sources > 1)).scalar_one()
    out["pipeline_versions"] = sorted({r[0] for r in conn.execute(select(t.documents.c.pipeline_version))})
    dates = conn.execute(select(func.min(t.events.c.date), func.max(t.events.c.date))).first()
    out["first_event"], out["last_event"] = dates[0], dates[1]
    return out


EXPORTS = ("records", "events", "persons", "quotes", "turns", "topics", "statements", "documents", "plover")


def export_rows(conn: Connection, what: str):
    """Rows of one kind, streamed (a generator), for JSONL/CSV/Parquet export."""
    if what not in EXPORTS:
        raise StoreError(f"cannot export {what!r}; choose one of: {', '.join(EXPORTS)}")
    if what == "plover":
        from readouts.store.plover import records as plover_records

        yield from plover_records(conn)
        return
    if what == "records":
        ids = {(r[0], r[1]): r[2] for r in conn.execute(
            select(t.event_sources.c.doc_id, t.event_sources.c.idx, t.event_sources.c.event_id))}
        for r in conn.execute(select(t.documents.c.id, t.documents.c.record).order_by(t.documents.c.path)):
            rec = json.loads(r[1])
            for i, e in enumerate(rec.get("events", [])):
                e["event_id"] = ids.get((r[0], i), e.get("event_id"))
            yield rec
        return
    if what == "events":
        for r in conn.execute(select(t.events).order_by(t.events.c.date.is_(None), t.events.c.date,
                                                        t.events.c.id)).mappings():
            yield _event(r)
        return
    if what == "persons":
        yield from persons(conn)
        return
    table = {"quotes": t.quotes, "turns": t.turns, "topics": t.topics, "statements": t.statements,
             "documents": t.documents}[what]
    cols = [c for c in table.c if c.name not in ("text", "raw", "record")] if what == "documents" else list(table.c)
    for r in conn.execute(select(*cols).order_by(*table.primary_key.columns)).mappings():
        row = dict(r)
        if what == "statements":
            row["topics"] = json.loads(row["topics"])
        yield row


DOC_COLUMNS = ("id", "path", "url", "title", "published", "publisher", "doc_type")


def documents(conn: Connection, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    cols = [t.documents.c[c] for c in DOC_COLUMNS]
    q = select(*cols).order_by(t.documents.c.published.is_(None), t.documents.c.published.desc(), t.documents.c.id)
    return [dict(r) for r in conn.execute(q.limit(limit).offset(offset)).mappings()]


def document(conn: Connection, doc_id: str) -> dict[str, Any] | None:
    """A document with its text and its record (events carrying the store's event ids)."""
    row = conn.execute(select(t.documents).where(t.documents.c.id == doc_id)).mappings().first()
    if row is None:
        return None
    out = {c: row[c] for c in DOC_COLUMNS}
    out["text"] = row["text"]
    rec = json.loads(row["record"])
    ids = dict(conn.execute(select(t.event_sources.c.idx, t.event_sources.c.event_id)
                            .where(t.event_sources.c.doc_id == doc_id)).all())
    for i, e in enumerate(rec.get("events", [])):
        e["event_id"] = ids.get(i, e.get("event_id"))
    out["record"] = rec
    out["urls"] = document_urls(conn, doc_id)
    return out


def quotes(conn: Connection, person: str | None = None, doc_id: str | None = None, limit: int = 50,
           offset: int = 0) -> list[dict[str, Any]]:
    q = (select(t.quotes.c.doc_id, t.quotes.c.idx, t.quotes.c.speaker, t.quotes.c.person_id, t.quotes.c.text,
                t.quotes.c.start, t.quotes.c.end, t.documents.c.published, t.documents.c.title)
         .join(t.documents, t.documents.c.id == t.quotes.c.doc_id))
    if person:
        names = person_names(conn, person)
        q = q.where(t.quotes.c.speaker.in_(names or ["\x00"]))
    if doc_id:
        q = q.where(t.quotes.c.doc_id == doc_id)
    q = q.order_by(t.documents.c.published.is_(None), t.documents.c.published, t.quotes.c.doc_id, t.quotes.c.idx)
    return [dict(r) for r in conn.execute(q.limit(limit).offset(offset)).mappings()]


def turns(conn: Connection, doc_id: str) -> list[dict[str, Any]]:
    q = select(t.turns).where(t.turns.c.doc_id == doc_id).order_by(t.turns.c.idx)
    return [dict(r) for r in conn.execute(q).mappings()]


def topic_counts(conn: Connection, topic: str | None = None) -> list[dict[str, Any]]:
    """Documents discussing each topic, per publication month (null month: undated documents)."""
    month = func.substr(t.documents.c.published, 1, 7)
    q = (select(t.topics.c.topic, month.label("month"), func.count(func.distinct(t.topics.c.doc_id)).label("documents"))
         .join(t.documents, t.documents.c.id == t.topics.c.doc_id).group_by(t.topics.c.topic, month)
         .order_by(t.topics.c.topic, month))
    if topic:
        q = q.where(t.topics.c.topic == topic)
    return [dict(r) for r in conn.execute(q).mappings()]


def topic_statements(conn: Connection, topic: str, actor: str | None = None, since: str | None = None,
                     limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Every statement on a topic across the store, in date order, verbatim, with its source; sentences
    that discuss the topic without a recognised statement are included too (act null)."""
    out = []
    sq = (select(t.statements, t.documents.c.published, t.documents.c.title)
          .join(t.documents, t.documents.c.id == t.statements.c.doc_id)
          .where(_like_json_value(t.statements.c.topics, topic)))
    if since:
        sq = sq.where(t.documents.c.published >= since)
    seen: set[tuple[str, int]] = set()
    for r in conn.execute(sq).mappings():
        if actor and actor.lower() not in r["actor"].lower():
            continue
        out.append({"doc_id": r["doc_id"], "published": r["published"], "title": r["title"], "topic": topic,
                    "text": r["text"], "start": r["start"], "end": r["end"], "actor": r["actor"], "act": r["act"]})
        seen.add((r["doc_id"], r["start"]))
    if not actor:
        eq = (select(t.topics.c.doc_id, t.topics.c.start, t.topics.c.end, t.documents.c.published,
                     t.documents.c.title, t.documents.c.text)
              .join(t.documents, t.documents.c.id == t.topics.c.doc_id).where(t.topics.c.topic == topic))
        if since:
            eq = eq.where(t.documents.c.published >= since)
        for r in conn.execute(eq).mappings():
            if any(d == r["doc_id"] and r["start"] <= s < r["end"] for d, s in seen):
                continue
            out.append({"doc_id": r["doc_id"], "published": r["published"], "title": r["title"], "topic": topic,
                        "text": r["text"][r["start"]:r["end"]], "start": r["start"], "end": r["end"], "actor": None,
                        "act": None})
    undated = {x["doc_id"] for x in out if not x["published"]}
    if undated:  # an undated document is placed at the date of the event it tells, when the store knows it
        dates = dict(conn.execute(select(t.event_sources.c.doc_id, func.min(t.events.c.date))
                                  .join(t.events, t.events.c.id == t.event_sources.c.event_id)
                                  .where(t.event_sources.c.doc_id.in_(sorted(undated)))
                                  .group_by(t.event_sources.c.doc_id)).all())
        for x in out:
            if not x["published"] and dates.get(x["doc_id"]):
                x["published"] = dates[x["doc_id"]]
                x["dated_by_event"] = True
    out.sort(key=lambda x: (x["published"] is None, x["published"] or "", x["doc_id"], x["start"]))
    return out[offset:offset + limit]


_WORDING_ADJ = r"(?:[a-z]+(?:ful|ing|ed|al|ous|ive|ent|ant|ble|clad|ic|ary|ile|ong|ear)|firm|strong|full|close|deep)"


def wording(text: str, topic: str) -> list[str]:
    """Key phrases of a statement for one topic: the topic's cue words with the qualifiers before them
    ("unwavering commitment", "ironclad commitment", "credible and resilient extended deterrence")."""
    from readouts import data

    pats = data.topics()["topics"].get(topic) or []
    out = []
    for pat in pats:
        for m in re.finditer(rf"((?:{_WORDING_ADJ}(?:,?\s+and\s+|,\s+|\s+)){{0,3}})(?:\b)({pat})\b", text, re.I):
            phrase = (m.group(1) + m.group(2)).strip().lower()
            phrase = re.sub(r"\s+", " ", phrase)
            if phrase not in out:
                out.append(phrase)
    return out


def track(conn: Connection, topic: str, actor: str | None = None, since: str | None = None,
          limit: int = 1000) -> dict[str, Any]:
    """The topic tracker: statements on a topic in date order, and how its wording moved."""
    items = topic_statements(conn, topic, actor, since, limit=limit)
    phrases: dict[str, list[str]] = {}
    for it in items:
        it["wording"] = wording(it["text"], topic)
        for ph in it["wording"]:
            phrases.setdefault(ph, []).append(it["published"] or "undated")
    groups = [{"phrase": ph, "count": len(ds), "first": min(ds), "last": max(ds)}
              for ph, ds in sorted(phrases.items(), key=lambda kv: (min(kv[1]), kv[0]))]
    return {"topic": topic, "statements": items, "wording": groups}


_FAILED = ("error", "robots")


def sources_status(conn: Connection, names: list[str] = ()) -> list[dict[str, Any]]:
    """One row per watched source: its last check and outcome, documents it brought, requests and failures."""
    log = t.fetch_log
    known = [r[0] for r in conn.execute(select(log.c.source).where(log.c.source.is_not(None)).distinct())]
    out = []
    for name in [*names, *sorted(set(known) - set(names))]:
        # the last check of the source itself: its feed or listing, or for a `page` source its page
        last = conn.execute(select(log.c.at, log.c.outcome, log.c.status, log.c.reason)
                            .where(log.c.source == name).order_by((log.c.kind == "page").asc(), log.c.id.desc())
                            .limit(1)).first()
        counts = conn.execute(select(func.count(), func.sum(case((log.c.outcome.in_(_FAILED), 1), else_=0)))
                              .where(log.c.source == name)).first()
        fail = conn.execute(select(log.c.at, log.c.reason).where(log.c.source == name, log.c.outcome.in_(_FAILED))
                            .order_by(log.c.id.desc()).limit(1)).first()
        docs = conn.execute(select(func.count(func.distinct(t.document_urls.c.doc_id)))
                            .where(t.document_urls.c.source == name)).scalar_one()
        outcome = None
        if last is not None:
            outcome = last.outcome + (f" ({last.reason})" if last.outcome in _FAILED and last.reason else "")
        out.append({"source": name, "last_check": last.at if last else None, "last_outcome": outcome,
                    "documents": docs, "requests": counts[0] or 0, "failed": int(counts[1] or 0),
                    "last_failure": f"{fail.at} {fail.reason}" if fail else None})
    return out


def fetch_failures(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    """The latest failed requests, newest first."""
    log = t.fetch_log
    rows = conn.execute(select(log.c.at, log.c.source, log.c.url, log.c.status, log.c.reason)
                        .where(log.c.outcome.in_(_FAILED)).order_by(log.c.id.desc()).limit(limit)).mappings()
    return [dict(r) for r in rows]


def document_urls(conn: Connection, doc_id: str) -> list[dict[str, Any]]:
    """Every address a document was fetched from, first seen first."""
    rows = conn.execute(select(t.document_urls).where(t.document_urls.c.doc_id == doc_id)
                        .order_by(t.document_urls.c.first_seen, t.document_urls.c.via != "fetched",
                                  t.document_urls.c.url)).mappings()
    return [dict(r) for r in rows]


def fetched_documents(conn: Connection) -> list[dict[str, Any]]:
    """Documents that came from the web (their path is their address), without their text."""
    d = t.documents
    q = select(d.c.id, d.c.path, d.c.url, d.c.title, d.c.published, d.c.publisher, d.c.source_format,
               d.c.pipeline_version).where(d.c.path.like("http%")).order_by(d.c.id)
    return [dict(r) for r in conn.execute(q).mappings()]


def document_bytes(conn: Connection, doc_id: str) -> bytes:
    """What a document was read from: its raw page when kept (HTML), else its text in UTF-8."""
    raw, text = conn.execute(select(t.documents.c.raw, t.documents.c.text).where(t.documents.c.id == doc_id)).one()
    return raw if raw is not None else text.encode("utf-8")
