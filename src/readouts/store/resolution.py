"""Cross-document resolution inside the store, incremental and deterministic.

When a document is written (or removed), only the events that share a blocking
key with its events (a participant, a named format, a date) are clustered again,
together with the other members of their current events; everything else is left
alone. Clustering is the same complete-link, canonical-order algorithm as a run of
``readouts extract`` (``readouts.resolve.events``), so ids depend only on which
tellings an event groups, whatever order the documents came in.

Each event row carries its merged fields, which documents support each value, and
the fields on which the sources disagree (two dates, two places): kept, not dropped.
An undated report takes the date of a dated source of the same event (when something ties them:
a day given without its year, a named format, a place, and the record holds one such occurrence);
a report tied by nothing but the names of two officials, or by a place or format they have met at
or in more than once, stays apart rather than being guessed into one of their events.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, TextClause, bindparam, delete, select, text, update

from readouts.model import Extraction
from readouts.resolve.events import (
    AMBIGUOUS,
    PINNED,
    DateSpan,
    SourceEvent,
    cluster,
    cluster_id,
    compatible,
    occurrence_state,
    sources_of,
    span_state,
    undated_key,
)
from readouts.store import schema as t

FIELDS = ("kind", "status", "date", "country", "place", "format", "name")
COMPONENT_CAP = 20_000  # source events re-clustered at most for one document
PENDING = "pending"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def source_rows(ex: Extraction, version: str) -> list[tuple[dict[str, Any], set[str]]]:
    """event_sources rows of one extraction, each with its blocking keys."""
    out = []
    for sev in sources_of(ex):
        e = ex.events[sev.idx]
        row = {
            "doc_id": ex.doc.id, "idx": sev.idx, "event_id": PENDING, "kind": e.kind, "status": e.status,
            "date": e.date, "date_hint": e.date_hint, "country": e.country, "place": e.place,
            "place_key": e.place_key, "format": e.format, "name": e.name,
            "participants": _json(sorted(e.participants)), "parties": _json(sorted(e.parties)),
            "by_country": _json({k: sorted(v) for k, v in sev.by_country}), "evidence": _json(e.evidence),
            "pipeline_version": version,
        }
        out.append((row, sev.block_keys()))
    return out


def to_source(row: Any) -> SourceEvent:
    return _source(row["doc_id"], row["idx"], row["kind"], row["date"], row["date_hint"], row["country"],
                   row["name"], row["place_key"], row["participants"], row["parties"], row["by_country"])


@lru_cache(maxsize=8192)
def _source(doc_id: str, idx: int, kind: str, date: str | None, date_hint: str | None, country: str | None,
            name: str | None, place_key: str | None, participants: str, parties: str, by_country: str) -> SourceEvent:
    """A telling from its stored values; remembered, so a telling that many saves reach (a busy official's
    day) is parsed, and its keys worked out, once (a pure function of the values: nothing goes stale).
    Bounded: a parsed telling with its keys takes about 6 KB, so the cache holds at most ~50 MB whatever
    the size of the store."""
    countries = json.loads(by_country)
    return SourceEvent(doc_id, idx, kind, date, date_hint, country, name, place_key,
                       frozenset(json.loads(participants)), frozenset(json.loads(parties)),
                       tuple(sorted((k, frozenset(v)) for k, v in countries.items())))


# what resolution reads of a telling (not its evidence, which only the event pages show)
_READ = tuple(c for c in t.event_sources.c if c.name not in ("evidence", "pipeline_version"))


def _rows_where(conn: Connection, cond) -> list[Any]:
    return list(conn.execute(select(*_READ).where(cond)).mappings())


def resolve_documents(conn: Connection, doc_ids: Iterable[str], old_event_ids: Iterable[str], version: str,
                      freed_keys: Iterable[str] = ()) -> None:
    """Re-cluster the events touched by these documents (added) and these event ids (whose sources
    changed); `freed_keys`: the year-free keys of dated tellings removed from the store."""
    doc_ids = sorted(set(doc_ids))
    old_event_ids = set(old_event_ids) - {PENDING}
    loaded: dict[tuple[str, int], Any] = {}  # every row read
    for r in _rows_where(conn, t.event_sources.c.doc_id.in_(doc_ids)) if doc_ids else []:
        loaded[(r["doc_id"], r["idx"])] = r
    if old_event_ids:
        for r in _rows_where(conn, t.event_sources.c.event_id.in_(sorted(old_event_ids))):
            loaded[(r["doc_id"], r["idx"])] = r
    # The component re-clustered with them. Clustering only ever joins tellings that share a key and are
    # compatible (``compatible``), so it splits along the connected components of that graph; the
    # component is grown through it. Dated tellings reached through day-bound keys (a shared participant
    # on a day, a day's named format), when compatible with the telling that searched, grow it,
    # transitively, with the members of their events, so the order documents arrived in does not
    # matter. From each of them, the undated tellings filed under its year-free keys (hint, name, place)
    # join whatever they are, unless the key already told several occurrences before these documents
    # (then nothing these documents do changes what it ties). Every undated telling searches its pinned
    # keys (one occurrence each) and joins with the compatible tellings it finds and the members of
    # their events, but is not grown from: dated tellings cluster before undated ones, so the dated
    # partition beyond cannot change. So the component stays a few days wide and a few occurrences
    # deep, whatever the store's size and however busy its officials.
    rows: dict[tuple[str, int], Any] = dict(loaded)  # the component
    sources: dict[tuple[str, int], SourceEvent] = {}

    def source(key: tuple[str, int]) -> SourceEvent:
        if key not in sources:
            sources[key] = to_source(loaded[key])
        return sources[key]

    after = _Occurrences(conn)
    before = _Occurrences(conn, exclude=doc_ids) if doc_ids else after  # without the new documents
    hits: dict[str, list[tuple[str, int]]] = {}  # key -> the tellings filed under it
    searches: list[tuple[str, tuple[str, int] | None]] = []  # (key, who searches it; None: all it finds join)
    gates: set[str] = set(freed_keys)
    grow: set[tuple[str, int]] = {k for k in rows if source(k).date}
    grown: set[tuple[str, int]] = set()
    scanned: set[tuple[str, int]] = set()
    done_gates: set[str] = set()
    done_events: set[str] = set()
    while True:
        for k in sorted(grow - grown):
            searches.extend((key, k) for key in sorted(source(k).day_keys()))
            gates |= source(k).year_free_bases()
            grown.add(k)
        undated = [k for k in sorted(set(rows) - scanned) if not source(k).date]
        scanned |= set(undated)
        pinned = after.pinned(set().union(*(source(k).year_free_bases() for k in undated)))
        searches.extend((key, k) for k in undated for key in sorted(source(k).tie_keys(pinned)))
        new_gates = sorted(gates - done_gates)
        done_gates |= set(new_gates)
        searches.extend((undated_key(b), None) for b, state in before.states(new_gates).items() if state != AMBIGUOUS)
        events_todo = sorted({r["event_id"] for r in rows.values()} - {PENDING} - done_events)
        if (not searches and not events_todo) or len(rows) > COMPONENT_CAP:
            break
        _hits(conn, sorted({key for key, _ in searches} - set(hits)), hits, loaded)
        found: dict[tuple[str, int] | None, set[tuple[str, int]]] = defaultdict(set)
        for key, who in searches:
            found[who].update(hits[key])
        for who, ks in found.items():  # each candidate checked once per searcher, whatever keys it shares
            day_bound = who is not None and bool(source(who).date)  # a dated telling searches its days
            for k in sorted(ks):
                if k in rows and not (day_bound and source(k).date and k not in grow):
                    continue
                if who is None or compatible(source(who), source(k)):
                    rows.setdefault(k, loaded[k])
                    if day_bound and source(k).date:
                        grow.add(k)
        searches = []
        done_events |= set(events_todo)
        growing = {rows[k]["event_id"] for k in grow}
        for chunk in _chunks(events_todo, 400):
            for r in _rows_where(conn, t.event_sources.c.event_id.in_(chunk)):
                k = (r["doc_id"], r["idx"])
                loaded.setdefault(k, r)
                rows.setdefault(k, loaded[k])
                if r["event_id"] in growing and r["date"]:
                    grow.add(k)
    # the other members of the events these rows belong to
    current = {r["event_id"] for r in rows.values()} - {PENDING}
    if current:
        for r in _rows_where(conn, t.event_sources.c.event_id.in_(sorted(current))):
            rows[(r["doc_id"], r["idx"])] = r
    if not rows:
        if old_event_ids:
            conn.execute(delete(t.events).where(t.events.c.id.in_(sorted(old_event_ids))))
        return
    evs = [source(k) for k in rows]
    pinned = after.pinned(set().union(*(ev.year_free_bases() for ev in evs if not ev.date)))
    named = _named(cluster(evs, pinned=pinned))
    # events whose tellings are unchanged (same members, so the same id) and untouched are left as they are
    keep = {ident for ident, members in named
            if all(rows[(m.doc_id, m.idx)]["event_id"] == ident for m in members)} - old_event_ids
    stale = (current | old_event_ids) - keep
    if stale:
        conn.execute(delete(t.events).where(t.events.c.id.in_(sorted(stale))))
    named = [(ident, members) for ident, members in named if ident not in keep]
    if not named:
        return
    published = _published(conn, {m.doc_id for _, members in named for m in members})
    by_key = {f"{d}:{i}": r for (d, i), r in rows.items()}
    _write_clusters(conn, named, by_key, published, version)


class _Occurrences:
    """What the dated tellings filed under year-free keys tell (``occurrence_state``), asked of the
    store and remembered; `exclude`: documents left out (the state before them). A key's first few
    dates are read as rows: tellings of two occurrences show within them, so a key that a busy pair
    has filed thousands of tellings under costs as little as a new one; a key they leave undecided
    is summed up by the database (``DateSpan``: earliest and latest day and month, shortest date)."""

    SAMPLE = 4

    def __init__(self, conn: Connection, exclude: list[str] = (), window: int = 1):
        self.conn, self.exclude, self.window = conn, list(exclude), window
        self.state: dict[str, str] = {}

    def _params(self, keys: list[str]) -> dict[str, Any]:
        params: dict[str, Any] = {f"k{i}": key for i, key in enumerate(keys)}
        params.update({f"x{j}": doc for j, doc in enumerate(self.exclude)})
        return params

    def _dates(self, keys: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {k: [] for k in keys}
        for key, date in self.conn.execute(_dates_query(len(keys), len(self.exclude), self.SAMPLE),
                                           self._params(keys)):
            out[key].append(date)
        return out

    def _spans(self, keys: list[str]) -> dict[str, DateSpan | None]:
        out: dict[str, DateSpan | None] = dict.fromkeys(keys)
        for key, *span in self.conn.execute(_spans_query(len(keys), len(self.exclude)), self._params(keys)):
            out[key] = DateSpan(*span)
        return out

    def states(self, bases: Iterable[str]) -> dict[str, str]:
        bases = sorted(set(bases))
        for chunk in _chunks([b for b in bases if b not in self.state], 100):
            undecided = []
            for key, dates in self._dates(chunk).items():
                state = occurrence_state(dates, self.window)
                if len(dates) < self.SAMPLE or state == AMBIGUOUS:  # all of them, or two occurrences already
                    self.state[key] = state
                else:
                    undecided.append(key)
            if undecided:
                for key, span in self._spans(undecided).items():
                    self.state[key] = span_state(span, self.window)
        return {b: self.state[b] for b in bases}

    def pinned(self, bases: Iterable[str]) -> set[str]:
        return {b for b, state in self.states(bases).items() if state == PINNED}


_FROM_KEYS = ("FROM event_keys ek JOIN event_sources es ON es.doc_id = ek.doc_id AND es.idx = ek.idx "
              "WHERE es.date IS NOT NULL")


def _exclude(n_exclude: int) -> str:
    return f" AND ek.doc_id NOT IN ({', '.join(f':x{j}' for j in range(n_exclude))})" if n_exclude else ""


@lru_cache(maxsize=512)
def _dates_query(n_keys: int, n_exclude: int, limit: int) -> TextClause:
    """Dates of the dated tellings under `n_keys` keys, at most `limit` per key: one statement (a union of
    per-key reads that stop early), its text made once per shape so the driver and SQLAlchemy reuse it."""
    parts = [f"SELECT * FROM (SELECT ek.key AS key, es.date AS date {_FROM_KEYS} AND ek.key = :k{i}"
             f"{_exclude(n_exclude)} LIMIT {int(limit)}) AS s{i}" for i in range(n_keys)]
    return text(" UNION ALL ".join(parts))


@lru_cache(maxsize=512)
def _spans_query(n_keys: int, n_exclude: int) -> TextClause:
    """``DateSpan`` of the dated tellings under each of `n_keys` keys (keys without any: no row)."""
    return text(
        "SELECT ek.key, MIN(LENGTH(es.date)), MIN(CASE WHEN LENGTH(es.date) = 10 THEN es.date END), "
        "MAX(CASE WHEN LENGTH(es.date) = 10 THEN es.date END), MIN(SUBSTR(es.date, 1, 7)), "
        f"MAX(SUBSTR(es.date, 1, 7)) {_FROM_KEYS} AND ek.key IN ({', '.join(f':k{i}' for i in range(n_keys))})"
        f"{_exclude(n_exclude)} GROUP BY ek.key")


def year_free_keys_of(conn: Connection, doc_id: str) -> set[str]:
    """The year-free keys a document's dated tellings are filed under (read before it is removed)."""
    return {b for r in _rows_where(conn, t.event_sources.c.doc_id == doc_id) if r["date"]
            for b in to_source(r).year_free_bases()}


_SET_EVENT = (update(t.event_sources)
              .where(t.event_sources.c.doc_id == bindparam("d"), t.event_sources.c.idx == bindparam("i"))
              .values(event_id=bindparam("e")))


def _named(clusters: list[list[SourceEvent]]) -> list[tuple[str, list[SourceEvent]]]:
    return [(cluster_id(members), members) for members in clusters]


def _write_clusters(conn: Connection, named, by_key, published, version: str) -> int:
    """Insert the merged events (id, members) and point their sources at them, in bulk."""
    events, links = [], []
    for ident, members in named:
        events.append(merged_event(ident, [by_key[m.key] for m in members], published, version))
        links.extend({"d": m.doc_id, "i": m.idx, "e": ident} for m in members)
    for chunk in _chunks(events, 1000):
        conn.execute(t.events.insert(), chunk)
    for chunk in _chunks(links, 5000):
        conn.execute(_SET_EVENT, chunk)
    return len(events)


def resolve_everything(conn: Connection, version: str) -> int:
    """All event sources clustered at once (blocked, so linear in practice), events rewritten."""
    conn.execute(delete(t.events))
    rows = list(conn.execute(select(*_READ)).mappings())
    if not rows:
        return 0
    published = _published(conn, {r["doc_id"] for r in rows})
    by_key = {f"{r['doc_id']}:{r['idx']}": r for r in rows}
    return _write_clusters(conn, _named(cluster(to_source(r) for r in rows)), by_key, published, version)


def _hits(conn: Connection, keys: list[str], hits: dict[str, list[tuple[str, int]]],
          loaded: dict[tuple[str, int], Any]) -> None:
    """The tellings filed under these keys, each key's list in `hits` and their rows in `loaded`."""
    for key in keys:
        hits[key] = []
    for chunk in _chunks(keys, 400):
        query = (select(t.event_keys.c.key, *_READ)
                 .join(t.event_sources, (t.event_sources.c.doc_id == t.event_keys.c.doc_id)
                       & (t.event_sources.c.idx == t.event_keys.c.idx))
                 .where(t.event_keys.c.key.in_(chunk)))
        for r in conn.execute(query).mappings():
            k = (r["doc_id"], r["idx"])
            hits[r["key"]].append(k)
            loaded.setdefault(k, r)


def _chunks(items: list, n: int):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _published(conn: Connection, doc_ids: set[str]) -> dict[str, str | None]:
    out = {}
    for chunk in _chunks(sorted(doc_ids), 400):
        for d, pub in conn.execute(select(t.documents.c.id, t.documents.c.published)
                                   .where(t.documents.c.id.in_(chunk))):
            out[d] = pub
    return out


def merged_event(ident: str, rows: list[Any], published: dict[str, str | None], version: str) -> dict[str, Any]:
    """One event from its sources: a value per field with the documents that support each value."""
    support: dict[str, dict[str, list[str]]] = {f: defaultdict(list) for f in (*FIELDS, "participants")}
    for r in rows:
        for f in FIELDS:
            if r[f] is not None and r["doc_id"] not in support[f][r[f]]:
                support[f][r[f]].append(r["doc_id"])
        for p in json.loads(r["participants"]):
            if r["doc_id"] not in support["participants"][p]:
                support["participants"][p].append(r["doc_id"])
    docs = sorted({r["doc_id"] for r in rows})
    chosen = {f: _choose(f, support[f], published) for f in FIELDS}
    if chosen["status"] is None:
        chosen["status"] = "held"
    conflicts = {}
    same_place = len({r["place_key"] for r in rows if r["place_key"]}) <= 1  # "Pentagon" = "Department of Defense"
    for f in ("date", "country", "place", "format", "kind"):
        values = [v for v in support[f] if not (f == "date" and _less_precise(v, support[f]))]
        if len(values) > 1 and not (f == "place" and same_place):
            conflicts[f] = [{"value": v, "documents": sorted(support[f][v])} for v in sorted(values)]
    participants = sorted(support["participants"], key=lambda p: (-len(support["participants"][p]), p))
    parties = sorted({c for r in rows for c in json.loads(r["parties"])})
    return {
        "id": ident, **chosen, "participants": _json(participants), "parties": _json(parties),
        "documents": _json(docs), "n_sources": len(docs),
        "support": _json({f: [{"value": v, "documents": sorted(ds)} for v, ds in sorted(vals.items())]
                          for f, vals in support.items() if vals}),
        "conflicts": _json(conflicts), "pipeline_version": version,
    }


def _less_precise(value: str, values: dict[str, list[str]]) -> bool:
    """ "2022-05" beside "2022-05-04" is the same date told less precisely, not a disagreement."""
    return len(value) < 10 and any(len(v) > len(value) and v.startswith(value) for v in values)


def _choose(field: str, values: dict[str, list[str]], published: dict[str, str | None]) -> Any:
    if not values:
        return None
    if field == "status":
        return "held" if "held" in values else "planned"
    if field == "date":
        # the most precise date; among those, the most supported; then the one told by the earliest source
        best_len = max(len(v) for v in values)
        cands = [v for v in values if len(v) == best_len]
        return sorted(cands, key=lambda v: (-len(values[v]), min(published.get(d) or "9999" for d in values[v]),
                                            v))[0]
    return sorted(values, key=lambda v: (-len(values[v]), v))[0]
