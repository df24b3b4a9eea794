"""The store on every backend (SQLite always; PostgreSQL with READOUTS_TEST_PG=1): incremental ingest,
replacement of changed documents, cross-document events with per-field support, order independence,
deletion, the query functions, exports, migrations and opening errors.

Documents are small invented texts (tests/store_corpus.py) and copies of examples/docs, written into
tmp folders. Tests that ingest documents load the spaCy model, so they are marked slow.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from readouts.core import IngestReport, extract_paths, ingest_paths
from readouts.errors import StoreError
from readouts.export import export
from readouts.store import open_store, queries
from readouts.store import schema as t
from store_corpus import CHAIN, DOCS, PLACE, PLACE_AGAIN, STORY, US_CALL_V2, write_docs

slow = pytest.mark.slow

DOC_TABLES = ("documents", "doc_persons", "mentions", "event_keys", "event_sources", "quotes", "turns", "topics",
              "statements")
ALL_TABLES = (*DOC_TABLES, "persons", "events")
CONTRACT_KEYS = {"doc", "persons", "events", "quotes", "turns", "topics", "statements"}


# --- helpers ------------------------------------------------------------------------------------------------------

def is_pg(url: str) -> bool:
    return url.startswith("postgres")


@pytest.fixture
def other_store_url(store_url, tmp_path):
    """A second fresh, empty store on the same backend as `store_url`."""
    if not is_pg(store_url):
        yield str(tmp_path / "other.db")
        return
    import psycopg

    server = store_url.rsplit("/", 1)[0]
    name = f"readouts_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ingest(url: str, *paths) -> IngestReport:
    return ingest_paths(open_store(url), [str(p) for p in paths])


def doc_id(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def counts(conn) -> dict[str, int]:
    return {name: conn.execute(select(func.count()).select_from(t.metadata.tables[name])).scalar_one()
            for name in ALL_TABLES}


def snapshot(url: str) -> dict:
    """Everything a reader sees: stats, row counts, exported records, events and persons."""
    with open_store(url).connect() as conn:
        return {"stats": queries.stats(conn), "counts": counts(conn),
                "records": list(queries.export_rows(conn, "records")),
                "events": list(queries.export_rows(conn, "events")),
                "persons": list(queries.export_rows(conn, "persons"))}


def partition(url: str) -> dict[str, list[str]]:
    """event id -> the documents telling it."""
    with open_store(url).connect() as conn:
        return {e["event_id"]: sorted(e["documents"]) for e in queries.timeline(conn)}


def rows_of(conn, doc: str) -> dict[str, int]:
    """Rows that still belong to one document, per table."""
    out = {}
    for name in DOC_TABLES:
        table = t.metadata.tables[name]
        col = table.c.id if name == "documents" else table.c.doc_id
        out[name] = conn.execute(select(func.count()).select_from(table).where(col == doc)).scalar_one()
    return out


def events_citing(conn, doc: str) -> list[dict]:
    return [e for e in queries.timeline(conn) if doc in e["documents"]]


def support_of(ev: dict, field: str) -> dict:
    return {v["value"]: sorted(v["documents"]) for v in ev["support"].get(field, [])}


def copy_examples(examples_dir: Path, dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    for f in examples_dir.iterdir():
        if not f.name.endswith(".gold.json"):
            shutil.copy(f, dest / f.name)
    return sorted(p for p in dest.iterdir() if p.suffix in (".txt", ".md", ".html"))


def hamada_call(conn) -> dict:
    """The one Austin-Hamada call of March 2023."""
    found = [e for e in queries.timeline(conn, person="Hamada", kind="call", since="2023-02", until="2023-04")]
    assert len(found) == 1, found
    return found[0]


# --- ingest, re-ingest, replacement --------------------------------------------------------------------------------

@slow
def test_reingest_processes_nothing_and_changes_nothing(store_url, tmp_path, examples_dir):
    folder = tmp_path / "docs"
    write_docs(folder, *STORY)
    copy_examples(examples_dir, folder / "examples")
    n = len(STORY) + 10

    first = ingest(store_url, folder)
    assert (first.new, first.updated, first.unchanged, first.failed) == (n, 0, 0, [])
    before = snapshot(store_url)
    assert before["stats"]["documents"] == n and before["stats"]["events_with_several_sources"] >= 2

    second = ingest(store_url, folder)
    assert (second.new, second.updated, second.unchanged, second.failed) == (0, 0, n, [])
    assert second.processed == 0
    assert snapshot(store_url) == before


@slow
def test_changed_document_replaces_its_old_rows(store_url, tmp_path):
    paths = write_docs(tmp_path / "docs", "us_call", "jp_call")
    old, jp = doc_id(paths["us_call"]), doc_id(paths["jp_call"])
    ingest(store_url, tmp_path / "docs")
    with open_store(store_url).connect() as conn:
        assert sorted(hamada_call(conn)["documents"]) == sorted([old, jp])
        assert rows_of(conn, old)["quotes"] == 1 and rows_of(conn, old)["topics"] > 0

    paths["us_call"].write_text(US_CALL_V2, encoding="utf-8")  # same path, new bytes: a call with Singh
    new = doc_id(paths["us_call"])
    report = ingest(store_url, tmp_path / "docs")
    assert (report.new, report.updated, report.unchanged, report.failed) == (0, 1, 1, [])

    with open_store(store_url).connect() as conn:
        assert rows_of(conn, old) == dict.fromkeys(DOC_TABLES, 0)
        assert not events_citing(conn, old)
        assert not conn.execute(select(t.event_sources).where(t.event_sources.c.event_id.not_in(
            select(t.events.c.id)))).first(), "event_sources point at events that are gone"
        quotes = [q for (q,) in conn.execute(select(t.quotes.c.text))]
        assert not any("never been stronger" in q for q in quotes)
        assert any("new heights" in q for q in quotes)
        all_topics = {x for (x,) in conn.execute(select(t.topics.c.topic))}
        assert "north_korea" not in all_topics  # only the old version discussed it
        assert "intelligence_cyber_space" in all_topics
        assert queries.search(conn, "Senkaku") == []
        # the call the old version told is re-resolved: one source left, its date, no disagreement
        ev = hamada_call(conn)
        assert ev["documents"] == [jp] and ev["n_sources"] == 1
        assert ev["date"] == "2023-03-02" and ev["conflicts"] == {}
        assert support_of(ev, "date") == {"2023-03-02": [jp]}
        singh = queries.timeline(conn, person="Singh")
        assert [e["documents"] for e in singh] == [[new]]
        assert counts(conn)["documents"] == 2


@slow
def test_changed_sidecar_counts_as_updated_and_reresolves(store_url, tmp_path):
    paths = write_docs(tmp_path / "docs", "us_call", "jp_call")
    us, jp = doc_id(paths["us_call"]), doc_id(paths["jp_call"])
    ingest(store_url, tmp_path / "docs")
    side = paths["us_call"].with_name(paths["us_call"].stem + ".meta.json")
    side.write_text(json.dumps({"published": "2023-05-10", "title": "A later readout"}), encoding="utf-8")

    report = ingest(store_url, tmp_path / "docs")
    assert (report.new, report.updated, report.unchanged, report.failed) == (0, 1, 1, [])
    with open_store(store_url).connect() as conn:
        doc = conn.execute(select(t.documents).where(t.documents.c.id == us)).mappings().one()
        assert (doc["published"], doc["title"]) == ("2023-05-10", "A later readout")
        assert counts(conn)["documents"] == 2
        # "spoke today" is now May 10: no longer the March 2 call
        calls = queries.timeline(conn, person="Hamada")
        assert sorted((e["date"], tuple(e["documents"])) for e in calls) == [("2023-03-02", (jp,)),
                                                                             ("2023-05-10", (us,))]
    again = ingest(store_url, tmp_path / "docs")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)


@slow
def test_identical_files_in_one_folder_ingest_without_error(store_url, tmp_path):
    paths = write_docs(tmp_path / "docs", "us_call", "jp_call")
    shutil.copy(paths["jp_call"], tmp_path / "docs" / "copy-of-jp-call.txt")
    report = ingest(store_url, tmp_path / "docs")
    assert report.failed == [] and report.new + report.unchanged == 3
    assert snapshot(store_url)["stats"]["documents"] == 2


@slow
def test_same_bytes_with_two_sidecars_reingest_processes_nothing(store_url, tmp_path):
    a = tmp_path / "docs" / "a.txt"
    a.parent.mkdir()
    a.write_text(DOCS["undated_call"][1], encoding="utf-8")
    b = a.with_name("b.txt")
    b.write_text(DOCS["undated_call"][1], encoding="utf-8")
    a.with_name("a.meta.json").write_text('{"published": "2023-03-01"}', encoding="utf-8")
    b.with_name("b.meta.json").write_text('{"published": "2023-03-02"}', encoding="utf-8")
    ingest(store_url, a)
    ingest(store_url, b)
    again = ingest(store_url, a, b)
    assert again.processed == 0, again


# --- cross-document events ---------------------------------------------------------------------------------------

@slow
def test_one_call_told_by_two_governments_is_one_event_with_support_and_conflicts(store_url, tmp_path):
    paths = write_docs(tmp_path / "docs", "us_call", "jp_call")
    us, jp = doc_id(paths["us_call"]), doc_id(paths["jp_call"])
    ingest(store_url, tmp_path / "docs")
    with open_store(store_url).connect() as conn:
        evs = queries.timeline(conn)
        assert len(evs) == 1
        ev = evs[0]
        assert ev["kind"] == "call" and ev["status"] == "held"
        assert sorted(ev["documents"]) == sorted([us, jp]) and ev["n_sources"] == 2
        assert set(ev["participants"]) == {"Lloyd J. Austin III", "Yasukazu Hamada"}
        assert ev["parties"] == ["JP", "US"]
        # which document supports which value
        assert support_of(ev, "date") == {"2023-03-01": [us], "2023-03-02": [jp]}
        assert support_of(ev, "kind") == {"call": sorted([us, jp])}
        assert support_of(ev, "participants") == {"Lloyd J. Austin III": sorted([us, jp]),
                                                  "Yasukazu Hamada": sorted([us, jp])}
        # the disagreement is kept, and one date is chosen
        assert ev["conflicts"]["date"] == [{"value": "2023-03-01", "documents": [us]},
                                           {"value": "2023-03-02", "documents": [jp]}]
        assert ev["date"] in ("2023-03-01", "2023-03-02")
        full = queries.event(conn, ev["event_id"])
        assert sorted(s["doc_id"] for s in full["sources"]) == sorted([us, jp])
        assert {s["doc_id"]: s["date"] for s in full["sources"]} == {us: "2023-03-01", jp: "2023-03-02"}
        assert all(s["evidence"] and s["document"]["path"] for s in full["sources"])
        assert queries.event(conn, "ev-000000000000") is None


@slow
def test_undated_report_giving_the_day_joins_the_dated_event(store_url, tmp_path):
    paths = write_docs(tmp_path / "docs", "us_call", "jp_call", "undated_call_day")
    undated = doc_id(paths["undated_call_day"])
    ingest(store_url, tmp_path / "docs")
    with open_store(store_url).connect() as conn:
        evs = queries.timeline(conn)
        assert len(evs) == 1 and len(evs[0]["documents"]) == 3 and undated in evs[0]["documents"]
        assert evs[0]["date"] == "2023-03-01"
        assert undated not in sum(support_of(evs[0], "date").values(), [])


@slow
def test_an_undated_report_tied_to_nothing_but_the_names_stays_apart(store_url, tmp_path):
    """By design: a report with no day, place or named format, naming only two officials who may have spoken
    many times, is not merged into one of their dated calls (a guess); it stays its own undated event."""
    paths = write_docs(tmp_path / "docs", "us_call", "jp_call", "undated_call")
    undated = doc_id(paths["undated_call"])
    ingest(store_url, tmp_path / "docs")
    with open_store(store_url).connect() as conn:
        evs = queries.timeline(conn)
    assert sorted(len(e["documents"]) for e in evs) == [1, 2]
    alone = next(e for e in evs if e["documents"] == [undated])
    assert alone["date"] is None


@slow
def test_two_calls_of_the_same_pair_months_apart_stay_two_events(store_url, tmp_path):
    paths = write_docs(tmp_path / "docs", "us_call", "later_call")
    ingest(store_url, tmp_path / "docs")
    with open_store(store_url).connect() as conn:
        evs = queries.timeline(conn, person="Hamada")
    assert [(e["date"], e["documents"]) for e in evs] == [("2023-03-01", [doc_id(paths["us_call"])]),
                                                         ("2023-07-12", [doc_id(paths["later_call"])])]
    assert evs[0]["event_id"] != evs[1]["event_id"]


def _ingest_one_by_one(url: str, paths: list[Path]) -> None:
    store = open_store(url)
    for p in paths:
        report = ingest_paths(store, [str(p)])
        assert report.new == 1, (p, report)


@slow
def test_forward_and_reverse_ingest_give_the_same_events(store_url, other_store_url, tmp_path, examples_dir):
    folder = tmp_path / "docs"
    mine = list(write_docs(folder, *STORY).values())
    paths = sorted(mine + copy_examples(examples_dir, folder / "examples"))
    assert len(paths) >= 6

    _ingest_one_by_one(store_url, paths)
    _ingest_one_by_one(other_store_url, paths[::-1])
    forward, reverse = partition(store_url), partition(other_store_url)
    assert forward == reverse
    assert any(len(docs) > 1 for docs in forward.values())
    # and the same events as one `readouts extract` run over the same documents
    run: dict[str, set[str]] = {}
    for ex in extract_paths([str(folder)]):
        for e in ex.events:
            run.setdefault(e.event_id, set()).add(ex.doc.id)
    assert {k: sorted(v) for k, v in run.items()} == forward
    with open_store(store_url).connect() as a, open_store(other_store_url).connect() as b:
        assert list(queries.export_rows(a, "events")) == list(queries.export_rows(b, "events"))


@slow
def test_ingest_order_does_not_change_events_when_a_late_report_splits_an_event(store_url, other_store_url,
                                                                                 tmp_path):
    # k: Blinken+Austin+Hamada call on 03-21; m, x: Blinken calls on 03-22 and 03-23; n: Austin-Hamada call on 03-20.
    # Without n, {k, m} is one event and x (two days after k) stands alone; n pulls k away from m, after which
    # m and x are one event (what any order ending with x, and `readouts extract`, give).
    paths = write_docs(tmp_path / "docs", *CHAIN)
    _ingest_one_by_one(store_url, [paths[n] for n in ("chain_k", "chain_m", "chain_x", "chain_n")])
    _ingest_one_by_one(other_store_url, [paths[n] for n in ("chain_n", "chain_k", "chain_m", "chain_x")])
    run: dict[str, set[str]] = {}
    for ex in extract_paths([str(tmp_path / "docs")]):
        for e in ex.events:
            run.setdefault(e.event_id, set()).add(ex.doc.id)
    expected = {k: sorted(v) for k, v in run.items()}
    assert partition(other_store_url) == expected
    assert partition(store_url) == expected


@slow
def test_an_undated_report_joins_a_dated_meeting_at_its_place_in_either_order(store_url, other_store_url, tmp_path):
    # the undated telling came first: the dated meeting that arrives later must still find it (by place)
    paths = write_docs(tmp_path / "docs", *PLACE)
    undated, dated = (paths[n] for n in PLACE)
    _ingest_one_by_one(store_url, [undated, dated])
    _ingest_one_by_one(other_store_url, [dated, undated])
    both = sorted(doc_id(p) for p in (undated, dated))
    assert sorted(partition(store_url).values()) == [both]
    assert partition(other_store_url) == partition(store_url)


def _extract_partition(folder: Path) -> dict[str, list[str]]:
    run: dict[str, set[str]] = {}
    for ex in extract_paths([str(folder)]):
        for e in ex.events:
            run.setdefault(e.event_id, set()).add(ex.doc.id)
    return {k: sorted(v) for k, v in run.items()}


def _undated_report_leaves_and_rejoins(store_url: str, other_store_url: str, tmp_path: Path) -> None:
    paths = write_docs(tmp_path / "docs", *PLACE, PLACE_AGAIN)
    undated, dated, again = (paths[n] for n in (*PLACE, PLACE_AGAIN))
    _ingest_one_by_one(store_url, [undated, dated, again])  # joined, then left when the second meeting came
    _ingest_one_by_one(other_store_url, [again, dated, undated])
    expected = _extract_partition(tmp_path / "docs")
    assert sorted(expected.values()) == sorted([doc_id(p)] for p in (undated, dated, again))
    assert partition(store_url) == expected
    assert partition(other_store_url) == expected
    # the second meeting's readout withdrawn: the place tells one meeting again and the report rejoins it
    open_store(store_url).delete(doc_id(again))
    again.unlink()
    again.with_name(again.stem + ".meta.json").unlink()
    expected = _extract_partition(tmp_path / "docs")
    assert sorted(expected.values()) == [sorted(doc_id(p) for p in (undated, dated))]
    assert partition(store_url) == expected


@slow
def test_an_undated_report_leaves_the_meeting_once_the_pair_met_at_that_place_twice(store_url, other_store_url,
                                                                                      tmp_path):
    _undated_report_leaves_and_rejoins(store_url, other_store_url, tmp_path)


@slow
def test_a_key_read_past_its_first_rows_still_ties_the_undated_report(store_url, other_store_url, tmp_path,
                                                                      monkeypatch):
    # the store reads a few dates per key first and the rest only when those tell one occurrence
    from readouts.store.resolution import _Occurrences

    monkeypatch.setattr(_Occurrences, "SAMPLE", 1)
    _undated_report_leaves_and_rejoins(store_url, other_store_url, tmp_path)


@slow
def test_delete_removes_rows_and_reresolves_its_events(store_url, tmp_path):
    paths = write_docs(tmp_path / "docs", "us_call", "jp_call", "later_call")
    us, jp, later = (doc_id(paths[n]) for n in ("us_call", "jp_call", "later_call"))
    ingest(store_url, tmp_path / "docs")
    store = open_store(store_url)
    with store.connect() as conn:
        later_event = events_citing(conn, later)
        assert len(hamada_call(conn)["documents"]) == 2

    store.delete(us)
    with store.connect() as conn:
        assert rows_of(conn, us) == dict.fromkeys(DOC_TABLES, 0)
        assert not events_citing(conn, us)
        ev = hamada_call(conn)
        assert ev["documents"] == [jp] and ev["date"] == "2023-03-02" and ev["conflicts"] == {}
        assert _without_version(events_citing(conn, later)) == _without_version(later_event)  # untouched
        assert counts(conn)["documents"] == 2

    store.delete(jp)
    with store.connect() as conn:
        assert [e["documents"] for e in queries.timeline(conn)] == [[later]]
        assert counts(conn)["event_sources"] == 1 and counts(conn)["events"] == 1


def _without_version(evs: list[dict]) -> list[dict]:
    return [{k: v for k, v in e.items() if k != "pipeline_version"} for e in evs]


@slow
def test_events_rebuilt_by_delete_keep_the_pipeline_version(store_url, tmp_path):
    from readouts import PIPELINE_VERSION

    paths = write_docs(tmp_path / "docs", "us_call", "jp_call", "later_call")
    ingest(store_url, tmp_path / "docs")
    store = open_store(store_url)
    store.delete(doc_id(paths["us_call"]))
    with store.connect() as conn:
        assert {e["pipeline_version"] for e in queries.timeline(conn)} == {PIPELINE_VERSION}


@slow
def test_person_named_by_no_document_is_gone(store_url, tmp_path):
    paths = write_docs(tmp_path / "docs", "us_call", "austin_singh")
    ingest(store_url, tmp_path / "docs")
    store = open_store(store_url)
    store.delete(doc_id(paths["austin_singh"]))
    with store.connect() as conn:
        assert "Rajnath Singh" not in [p["name"] for p in queries.persons(conn)]
        assert queries.person(conn, "Singh") == []


# --- queries ------------------------------------------------------------------------------------------------------

@pytest.fixture
def story(store_url, tmp_path):
    """A store holding the story documents: the March call (two tellings), the July call, three meetings."""
    paths = write_docs(tmp_path / "docs", "us_call", "jp_call", "later_call", "blinken_hayashi", "austin_marles",
                       "austin_singh")
    report = ingest(store_url, tmp_path / "docs")
    assert report.new == 6 and not report.failed
    ids = {name: doc_id(p) for name, p in paths.items()}
    with open_store(store_url).connect() as conn:
        yield conn, ids


def _dates(evs: list[dict]) -> list[str | None]:
    return [e["date"] for e in evs]


@slow
def test_timeline_filters(story):
    conn, ids = story
    everything = queries.timeline(conn)
    assert _dates(everything) == ["2023-03-01", "2023-04-17", "2023-06-05", "2023-07-12", "2023-07-28"]

    hamada = queries.timeline(conn, person="Hamada")
    assert _dates(hamada) == ["2023-03-01", "2023-07-12"]
    assert all("Yasukazu Hamada" in e["participants"] for e in hamada)
    for name in ("Yasukazu Hamada", "Hamada Yasukazu", "HAMADA", "hamada yasukazu"):
        assert queries.timeline(conn, person=name) == hamada, name
    assert len(queries.timeline(conn, person="Austin")) == 4
    assert queries.timeline(conn, person="Lloyd Austin") == queries.timeline(conn, person="Austin")
    assert queries.timeline(conn, person="Kishida") == []

    assert [e["place"] for e in queries.timeline(conn, country="AU")] == ["Brisbane"]
    assert [e["place"] for e in queries.timeline(conn, country="in")] == ["New Delhi"]
    assert _dates(queries.timeline(conn, country="JP")) == ["2023-03-01", "2023-04-17", "2023-07-12"]
    assert queries.timeline(conn, country="FR") == []

    assert [e["documents"] for e in queries.timeline(conn, topic="taiwan_strait")] == [[ids["blinken_hayashi"]]]
    assert [e["documents"] for e in queries.timeline(conn, topic="russia_ukraine")] == [[ids["later_call"]]]
    assert _dates(queries.timeline(conn, topic="counterstrike")) == ["2023-03-01"]  # told by the Japanese side only
    assert queries.timeline(conn, topic="budget") == []

    assert _dates(queries.timeline(conn, since="2023-04", until="2023-06")) == ["2023-04-17", "2023-06-05"]
    assert _dates(queries.timeline(conn, since="2023-07-12")) == ["2023-07-12", "2023-07-28"]
    assert _dates(queries.timeline(conn, until="2023-03-01")) == ["2023-03-01"]
    assert _dates(queries.timeline(conn, since="2023")) == _dates(everything)
    assert queries.timeline(conn, since="2024") == []

    assert _dates(queries.timeline(conn, kind="meeting")) == ["2023-04-17", "2023-06-05", "2023-07-28"]
    assert _dates(queries.timeline(conn, kind="call")) == ["2023-03-01", "2023-07-12"]
    assert queries.timeline(conn, kind="press_conference") == []

    both = queries.timeline(conn, person="Austin", kind="meeting", country="AU", since="2023-07")
    assert [e["participants"] for e in both] == [["Lloyd J. Austin III", "Richard Marles"]]
    assert _dates(queries.timeline(conn, limit=2, offset=1)) == ["2023-04-17", "2023-06-05"]


@slow
def test_person_gives_offices_events_co_participants_and_quotes(story):
    conn, ids = story
    [hamada] = queries.person(conn, "Hamada")
    assert hamada["name"] == "Yasukazu Hamada" and hamada["country"] == "JP"
    assert {"title": "Minister of Defense", "country": "JP"} in hamada["offices"]
    assert [e["date"] for e in hamada["events"]] == ["2023-03-01", "2023-07-12"]
    assert {e["event_id"] for e in hamada["events"]} == {e["event_id"] for e in queries.timeline(conn, person="Hamada")}
    assert hamada["co_participants"] == [{"name": "Lloyd J. Austin III", "events": 2}]
    assert hamada["quotes"] == []
    assert sorted(hamada["documents"]) == sorted([ids["us_call"], ids["jp_call"], ids["later_call"]])
    assert queries.person(conn, "Yasukazu Hamada")[0]["events"] == hamada["events"]

    [austin] = queries.person(conn, "Austin")
    assert austin["offices"] and austin["offices"][0]["country"] == "US"
    assert {c["name"]: c["events"] for c in austin["co_participants"]} == {
        "Yasukazu Hamada": 2, "Richard Marles": 1, "Rajnath Singh": 1}
    assert [(q["doc_id"], q["published"]) for q in austin["quotes"]] == [(ids["us_call"], "2023-03-01")]
    assert austin["quotes"][0]["text"].startswith("Our alliance has never been stronger")
    [blinken] = queries.person(conn, "Blinken")
    assert [q["text"][:20] for q in blinken["quotes"]] == ["Peace and stability "]
    assert queries.person(conn, "Nobody Atall") == []


@slow
def test_search_finds_words_and_phrases_with_bracketed_snippets(story):
    conn, ids = story
    hits = queries.search(conn, "Senkaku")
    assert [(h["kind"], h["doc_id"]) for h in hits] == [("document", ids["us_call"])]
    assert "[Senkaku]" in hits[0]["snippet"]

    tomahawk = queries.search(conn, "tomahawk")
    assert [h["doc_id"] for h in tomahawk] == [ids["jp_call"]] and "[Tomahawk]" in tomahawk[0]["snippet"]

    phrase = queries.search(conn, '"peace and stability"')
    assert {h["doc_id"] for h in phrase} == {ids["blinken_hayashi"]}
    assert {h["kind"] for h in phrase} == {"document", "quote"}
    for h in phrase:
        assert "[" in h["snippet"] and "]" in h["snippet"]
    quote = [h for h in phrase if h["kind"] == "quote"][0]
    assert quote["speaker"] == "Antony J. Blinken" and quote["idx"] == 0

    stronger = queries.search(conn, "never been stronger")
    assert {(h["kind"], h["doc_id"]) for h in stronger} == {("document", ids["us_call"]), ("quote", ids["us_call"])}
    assert queries.search(conn, "zyzzyva") == []
    assert len(queries.search(conn, "Austin", limit=2)) <= 4  # at most `limit` of each kind


SEARCH_INPUTS = ['"', "'", '""', "*", "Senkaku*", "NEAR(alliance stronger)", "NEAR", "alliance NEAR/2 stronger",
                 "'; DROP TABLE documents; --", "\"; DROP TABLE documents; --", "(((", ")", "Senkaku)", "(Senkaku",
                 "", "   ", "AND OR NOT", "Senkaku OR", "NOT", "title:Senkaku", "text : Senkaku", "^Senkaku",
                 "-Senkaku", "Senkaku -", "%", "_", "%_%", "\\", "{Senkaku}", "[Senkaku]", "a:b:c", "+", "&&", "||",
                 "!", "<->", "Senkaku <-> Islands", "Senkaku & Islands", "Senkaku | Islands", "'Senkaku'",
                 "\"unbalanced", "Japan's", "x" * 2000, "Senkaku " * 50, "é ü ß 日本"]


@slow
def test_search_metacharacters_return_normally_and_delete_nothing(story):
    conn, _ = story
    before = counts(conn)
    for q in SEARCH_INPUTS:
        hits = queries.search(conn, q)
        assert isinstance(hits, list), q
        for h in hits:
            assert h["kind"] in ("document", "quote") and isinstance(h["snippet"], str), q
    assert queries.search(conn, "") == [] and queries.search(conn, "   ") == []
    assert counts(conn) == before
    assert len(queries.search(conn, "Senkaku")) == 1  # the FTS index is intact


@slow
def test_search_with_a_nul_character_returns_normally(store_url, story):
    conn, _ = story
    for q in ("\x00", "Senkaku\x00", "a\x00b"):
        assert isinstance(queries.search(conn, q), list)


@slow
def test_compare_lists_what_only_one_source_says_and_the_differences(story):
    conn, ids = story
    us, jp = ids["us_call"], ids["jp_call"]
    ev = hamada_call(conn)
    cmp = queries.compare(conn, ev["event_id"])
    assert set(cmp["sources"]) == {us, jp}
    assert cmp["event"]["event_id"] == ev["event_id"] and "sources" not in cmp["event"]

    only_us, only_jp = cmp["only"][us], cmp["only"][jp]
    assert "north_korea" in only_us["topics"] and "north_korea" not in cmp["sources"][jp]["topics"]
    assert {"counterstrike", "china", "defense_industry"} <= set(only_jp["topics"])
    assert not set(only_us["topics"]) & set(cmp["sources"][jp]["topics"])
    assert [q["speaker"] for q in only_us["quotes"]] == ["Lloyd J. Austin III"]
    assert only_jp["quotes"] == []
    # statements: those with topics whose (act, topics) the other source does not have
    def keys(doc):
        return {(s["act"], tuple(sorted(s["topics"]))) for s in cmp["sources"][doc]["statements"]}

    for doc, other in ((us, jp), (jp, us)):
        only = cmp["only"][doc]["statements"]
        assert only, f"{doc} says something the other does not"
        assert all(s["topics"] and (s["act"], tuple(sorted(s["topics"]))) not in keys(other) for s in only)
    assert any("north_korea" in s["topics"] for s in only_us["statements"])
    assert any({"china", "defense_industry"} & set(s["topics"]) for s in only_jp["statements"])

    assert cmp["differences"] == {"date": [{"value": "2023-03-01", "documents": [us]},
                                           {"value": "2023-03-02", "documents": [jp]}]}
    assert cmp["sources"][us]["document"]["publisher"] == "U.S. Department of Defense"
    assert queries.compare(conn, "ev-000000000000") is None

    single = queries.timeline(conn, person="Singh")[0]
    alone = queries.compare(conn, single["event_id"])
    assert alone["differences"] == {} and list(alone["only"]) == [ids["austin_singh"]]


# --- exports ------------------------------------------------------------------------------------------------------

@pytest.fixture
def full_store(store_url, tmp_path, examples_dir):
    folder = tmp_path / "docs"
    write_docs(folder, *STORY)
    copy_examples(examples_dir, folder / "examples")
    assert not ingest(store_url, folder).failed
    return open_store(store_url)


@slow
def test_export_round_trips_row_counts_in_jsonl_csv_and_parquet(full_store, tmp_path):
    import pyarrow.parquet as pq

    with full_store.connect() as conn:
        expected = {what: len(list(queries.export_rows(conn, what))) for what in queries.EXPORTS}
        n_docs = counts(conn)["documents"]
    assert expected["records"] == expected["documents"] == n_docs
    assert all(expected[w] > 0 for w in queries.EXPORTS), expected

    for what in queries.EXPORTS:
        out = tmp_path / f"{what}.jsonl"
        assert export(full_store, what, "jsonl", out) == expected[what]
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == expected[what], what

        out = tmp_path / f"{what}.csv"
        assert export(full_store, what, "csv", out) == expected[what]
        with out.open(encoding="utf-8", newline="") as f:
            rows_csv = list(csv.DictReader(f))
        assert len(rows_csv) == expected[what], what
        assert set(rows_csv[0]) == set(rows[0]), what

        out = tmp_path / f"{what}.parquet"
        assert export(full_store, what, "parquet", out) == expected[what]
        table = pq.read_table(out)
        assert table.num_rows == expected[what], what
        assert set(table.column_names) == set(rows[0]), what

    events_csv = list(csv.DictReader((tmp_path / "events.csv").open(encoding="utf-8", newline="")))
    assert all(json.loads(r["documents"]) for r in events_csv)  # lists are JSON in a cell


@slow
def test_export_parquet_in_several_batches(full_store, tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    import readouts.export

    monkeypatch.setattr(readouts.export, "PARQUET_BATCH", 1)
    with full_store.connect() as conn:
        n = len(list(queries.export_rows(conn, "events")))
    out = tmp_path / "events.parquet"
    assert export(full_store, "events", "parquet", out) == n
    assert pq.read_table(out).num_rows == n


@slow
def test_exported_records_are_contract_records_with_the_store_event_ids(store_url, tmp_path):
    paths = write_docs(tmp_path / "docs", "us_call", "jp_call", "later_call", "austin_singh")
    ingest(store_url, tmp_path / "docs")
    store = open_store(store_url)
    out = tmp_path / "records.jsonl"
    assert export(store, "records", "jsonl", out) == 4
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_id = {r["doc"]["id"]: r for r in records}
    assert set(by_id) == {doc_id(p) for p in paths.values()}
    with store.connect() as conn:
        events = queries.timeline(conn)
    for r in records:
        assert set(r) >= CONTRACT_KEYS
        assert len(r["doc"]["id"]) == 16
    store_ids = {e["event_id"] for e in events}
    told = {e["event_id"] for r in records for e in r["events"]}
    assert told == store_ids
    for ev in events:
        for d in ev["documents"]:
            assert ev["event_id"] in [e["event_id"] for e in by_id[d]["events"]]
    us, jp = by_id[doc_id(paths["us_call"])], by_id[doc_id(paths["jp_call"])]
    assert us["events"][0]["event_id"] == jp["events"][0]["event_id"]


# --- opening, migrations, errors ----------------------------------------------------------------------------------

def _head() -> str:
    from importlib import resources

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("readouts.store") / "migrations"))
    return ScriptDirectory.from_config(cfg).get_current_head()


def test_opening_twice_is_idempotent_and_stamps_the_head_revision(store_url):
    first = open_store(store_url)
    second = open_store(store_url)
    second.migrate()
    with second.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))] == [_head()]
        assert counts(conn) == dict.fromkeys(ALL_TABLES, 0)
        assert queries.stats(conn)["documents"] == 0
    assert first.dialect == ("postgresql" if is_pg(store_url) else "sqlite")


def test_store_in_a_missing_folder_is_a_clear_store_error(tmp_path):
    where = tmp_path / "no" / "such" / "folder" / "store.db"
    with pytest.raises(StoreError) as info:
        open_store(str(where))
    message = str(info.value)
    assert "\n" not in message
    assert str(where.parent) in message and "does not exist" in message
    assert not where.parent.exists()


def test_unreachable_postgresql_server_is_a_store_error():
    with pytest.raises(StoreError) as info:
        open_store("postgresql://readouts@127.0.0.1:1/nothing_here")
    assert "127.0.0.1" in str(info.value) or "connect" in str(info.value).lower()


def _can_bind_read_only() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


READ_ONLY_PROBE = """
import sys
from readouts.errors import StoreError
from readouts.store import open_store
try:
    open_store(sys.argv[1])
except StoreError as exc:
    print("StoreError:", exc)
else:
    print("opened")
"""


def test_store_on_a_read_only_file_system_is_a_clear_store_error(tmp_path):
    """Root ignores chmod, so the folder is bound read-only in a private mount namespace (unshare)."""
    if not _can_bind_read_only():
        pytest.skip("cannot bind-mount read-only here (unshare -rm not permitted)")
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "store.db"
    open_store(str(db)).engine.dispose()  # an existing, migrated store, closed (no -wal/-shm files left)
    fresh = folder / "fresh.db"  # and one that does not exist yet
    script = tmp_path / "probe.py"
    script.write_text(READ_ONLY_PROBE, encoding="utf-8")
    for target in (db, fresh):
        done = subprocess.run(
            ["unshare", "-rm", "sh", "-c", f'mount --bind "{folder}" "{folder}" && '
             f'mount -o remount,bind,ro "{folder}" && exec "{sys.executable}" "{script}" "{target}"'],
            capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        out = done.stdout.strip()
        assert out.startswith("StoreError:"), (target, out, done.stderr)
        assert len(out.splitlines()) == 1 and str(target) in out
        assert "Traceback" not in done.stderr
