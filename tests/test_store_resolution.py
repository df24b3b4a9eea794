"""The store's incremental event resolution on hand-built records (no model): whatever order documents
are saved, replaced or deleted in, its events are those of one clustering of every telling it holds
(what ``readouts extract`` gives); and a save re-clusters only the tellings that could join its own.

Worlds are small invented calendars: a few officials of three governments, a few days, places and named
formats, some tellings undated (a month-day hint, a place, a name), drawn from a seeded generator.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

import readouts.store.resolution as resolution
from readouts.model import Document, Event, Extraction, Person
from readouts.resolve.events import cluster, cluster_id, sources_of
from readouts.store import open_store
from readouts.store import schema as t

OFFICIALS = {"Avery Quill": "US", "Dana Reyes": "US", "Kenji Morrow": "JP", "Lena Vogt": "DE", "Omar Fadil": "DE"}
DAYS = ["2031-03-01", "2031-03-02", "2031-03-04", "2031-03", "2032-03-01"]
PLACES = [None, "US:Pentagon", "JP:Tokyo"]
NAMES = [None, None, "2+2", "Strategic Dialogue"]


def record(doc: str, events: list[Event]) -> Extraction:
    people = sorted({p for e in events for p in e.participants})
    return Extraction(doc=Document(id=doc, path=f"{doc}.txt", text=f"Invented record {doc}."),
                      persons=[Person(name=p, country=OFFICIALS[p]) for p in people], events=events)


def meeting(people, date=None, place=None, name=None, hint=None) -> Event:
    return Event(kind="meeting", date=date, place_key=place, name=name, date_hint=hint,
                 participants=sorted(people), parties=sorted({OFFICIALS[p] for p in people}))


def random_world(rng: random.Random, n_docs: int) -> list[Extraction]:
    docs = []
    for i in range(n_docs):
        events = []
        for _ in range(rng.choice([1, 1, 2])):
            people = rng.sample(sorted(OFFICIALS), rng.choice([1, 2, 2, 3]))
            date = rng.choice([*DAYS, None])
            hint = rng.choice([None, "03-01", "03-02"]) if date is None else None
            events.append(meeting(people, date, rng.choice(PLACES), rng.choice(NAMES), hint))
        docs.append(record(f"doc{i:03d}", events))
    return docs


def store_partition(store) -> set[frozenset[str]]:
    with store.connect() as conn:
        rows = conn.execute(select(t.event_sources.c.doc_id, t.event_sources.c.idx, t.event_sources.c.event_id)).all()
        events = {r[0] for r in conn.execute(select(t.events.c.id))}
    groups: dict[str, set[str]] = {}
    for doc, idx, ev in rows:
        groups.setdefault(ev, set()).add(f"{doc}:{idx}")
    assert set(groups) == events  # one events row per group of tellings, none left over
    return {frozenset(g) for g in groups.values()}


def batch_partition(docs: list[Extraction]) -> set[frozenset[str]]:
    """What one clustering of all the tellings gives (``readouts extract``)."""
    evs = [s for ex in docs for s in sources_of(ex)]
    return {frozenset(m.key for m in members) for members in cluster(evs)}


def test_store_events_equal_one_clustering_after_any_order_of_saves_replacements_and_deletes(tmp_path):
    for seed in range(12):
        rng = random.Random(seed)
        docs = random_world(rng, 14)
        store = open_store(str(tmp_path / f"w{seed}.db"))
        for ex in rng.sample(docs, len(docs)):
            store.save(ex, "fp1", [], "v")
        assert store_partition(store) == batch_partition(docs), f"seed {seed}: after saves"
        # some documents deleted, others replaced by a new version of themselves
        gone = rng.sample(docs, 4)
        for ex in gone[:2]:
            store.delete(ex.doc.id, "v")
        changed = {ex.doc.id: record(ex.doc.id, random_world(rng, 1)[0].events) for ex in gone[2:]}
        for new in changed.values():
            store.save(new, "fp2", [new.doc.id], "v")
        now = [changed.get(ex.doc.id, ex) for ex in docs if ex not in gone[:2]]
        assert store_partition(store) == batch_partition(now), f"seed {seed}: after deletes and replacements"
        for ex in gone[:2]:
            store.save(ex, "fp1", [], "v")
        assert store_partition(store) == batch_partition(now + gone[:2]), f"seed {seed}: after saving again"


def test_a_store_on_either_backend_matches_one_clustering(store_url):
    rng = random.Random(99)
    docs = random_world(rng, 20)
    store = open_store(store_url)
    for ex in docs:
        store.save(ex, "fp", [], "v")
    assert store_partition(store) == batch_partition(docs)


def test_a_save_reclusters_only_the_tellings_that_could_join_its_own(tmp_path, monkeypatch):
    """A busy official's other meetings that day (other counterparts) are not read into the save, but a
    chain of compatible tellings is followed to its end."""
    store = open_store(str(tmp_path / "busy.db"))
    quill, reyes, morrow, vogt, fadil = sorted(OFFICIALS)
    day = "2031-03-01"
    store.save(record("other1", [meeting([quill, vogt], day)]), "fp", [], "v")
    store.save(record("other2", [meeting([quill, fadil], day)]), "fp", [], "v")
    store.save(record("same", [meeting([quill, morrow], day, place="JP:Tokyo")]), "fp", [], "v")
    store.save(record("wider", [meeting([quill, morrow, reyes], day)]), "fp", [], "v")
    store.save(record("earlier", [meeting([quill, morrow], "2031-02-28")]), "fp", [], "v")  # joins them
    seen: list[set[str]] = []
    real = resolution.cluster

    def spy(evs, **kw):
        evs = list(evs)
        seen.append({e.doc_id for e in evs})
        return real(evs, **kw)

    monkeypatch.setattr(resolution, "cluster", spy)
    store.save(record("new", [meeting([quill, morrow], "2031-03-02")]), "fp", [], "v")
    # "earlier" is two days before "new" (they cannot be one meeting) but is one with "same" and "wider"
    assert seen == [{"new", "same", "wider", "earlier"}]
    with store.connect() as conn:
        ids = dict(conn.execute(select(t.event_sources.c.doc_id, t.event_sources.c.event_id)).all())
    assert ids["same"] == ids["wider"] == ids["earlier"] != ids["new"]  # complete link: "new" stays apart
    assert len({ids["new"], ids["same"], ids["other1"], ids["other2"]}) == 4


def test_event_ids_depend_only_on_the_tellings_grouped(tmp_path):
    rng = random.Random(5)
    docs = random_world(rng, 10)
    a, b = open_store(str(tmp_path / "a.db")), open_store(str(tmp_path / "b.db"))
    for ex in docs:
        a.save(ex, "fp", [], "v")
    for ex in reversed(docs):
        b.save(ex, "fp", [], "v")
    with a.connect() as ca, b.connect() as cb:
        ids_a = {r[0] for r in ca.execute(select(t.events.c.id))}
        ids_b = {r[0] for r in cb.execute(select(t.events.c.id))}
    want = {cluster_id(members) for members in cluster(s for ex in docs for s in sources_of(ex))}
    assert ids_a == ids_b == want


@pytest.mark.parametrize("sample", [1, 2])
def test_key_states_read_past_the_first_rows_agree(tmp_path, monkeypatch, sample):
    """A year-free key whose first rows tell one occurrence is summed up by the database for the rest."""
    monkeypatch.setattr(resolution._Occurrences, "SAMPLE", sample)
    quill, _, morrow, _, _ = sorted(OFFICIALS)
    store = open_store(str(tmp_path / "k.db"))
    docs = [record(f"d{i}", [meeting([quill, morrow], "2031-03-01", place="JP:Tokyo")]) for i in range(3)]
    docs.append(record("undated", [meeting([quill, morrow], place="JP:Tokyo")]))
    for ex in docs:
        store.save(ex, "fp", [], "v")
    assert store_partition(store) == batch_partition(docs)
    assert len(store_partition(store)) == 1  # the undated telling joins the one Tokyo meeting
    later = record("again", [meeting([quill, morrow], "2032-03-01", place="JP:Tokyo")])
    store.save(later, "fp", [], "v")
    assert store_partition(store) == batch_partition([*docs, later])
    assert {"undated:0"} in store_partition(store)  # two Tokyo meetings now: it stays apart
