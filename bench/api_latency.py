"""API and web latency over a large store: p50/p95 of the timeline, one event, one document, search, the web page.

    .venv/bin/python bench/api_latency.py                    # 100,000 documents (store built once, then reused)
    .venv/bin/python bench/api_latency.py --docs 10000 --requests 100
    .venv/bin/python bench/api_latency.py --check            # bulk-built store == Store.save-built store (sample)
    .venv/bin/python bench/api_latency.py --explain          # SQL and SQLite query plans of the slow endpoints

The store: the documents of ``bench/gen_corpus.py`` (seeded), each turned into a valid
``readouts.model.Extraction`` from its known answers (persons with their mentions, events,
quotes, transcript turns, topics with the sentence that supports them, one statement per topic),
written with bulk inserts in the row shapes of ``readouts.store.store._insert`` (FTS rows
included; ``--check`` compares every table with a store written by ``Store.save`` for a sample),
then ``Store.resolve_all()``. It is kept under --work and reused while the file is there.

The server: ``uvicorn`` serving ``readouts.api.create_app(DB)`` on 127.0.0.1 in a child process.
Each endpoint gets a few warm-up requests, then up to --requests timed requests (or --budget
seconds, whichever ends first) with httpx, one at a time, varying the parameters (page offset,
country, person, topic, dates, event and document ids, search words). Reported: p50, p95, p99,
max. Target: p95 < 100 ms. Results go to ``bench/results/api_latency.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gen_corpus import CorpusGenerator, GenDoc, doc_name
from growth import DEFAULT_WORK, SEED
from throughput import machine_info

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "api_latency.json"
TARGET_P95_MS = 100.0
TOPIC_CUES = {  # a word of the sentence that supports each topic (the generator's templates use them)
    "alliance_commitment": r"ironclad|cornerstone|treaty commitments|Article V|Article IV|defense of our ally",
    "extended_deterrence": r"extended deterrence|conventional and nuclear",
    "senkaku": r"Senkaku", "taiwan_strait": r"Taiwan Strait", "china": r"China|Chinese|People's Liberation",
    "north_korea": r"North Korea|Korean Peninsula|DPRK|Pyongyang", "russia_ukraine": r"Ukraine|Russia",
    "force_posture": r"force posture|rotations|Forces Korea|Enhanced Defense Cooperation",
    "counterstrike": r"counterstrike", "defense_industry": r"co-production|co-development|supply chains|industrial",
    "missile_defense": r"missile defense|interceptor", "exercises": r"exercise|training",
    "intelligence_cyber_space": r"cyber|information sharing|space", "multilateral": r"trilateral|Quad|ASEAN|AUKUS|"
    r"like-minded|Pacific Island", "human_rights": r"human rights", "budget": r"defense spending|budget",
}
QUERIES = ["Senkaku", "ironclad commitment", "co-production munitions", "\"Taiwan Strait\"", "AUKUS submarines",
           "Balikatan", "North Korea missile", "supply chains", "Shangri-La", "space situational awareness",
           "Marines northern Australia", "Nuclear Consultative Group", "Austin", "Hayashi", "Jaishankar"]

# ---------------------------------------------------------------------------------------------
# A valid Extraction from a generated document's known answers
# ---------------------------------------------------------------------------------------------


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, pos) + 2 if text.rfind(". ", 0, pos) >= 0 else 0, text.rfind("\n", 0, pos) + 1)
    end = text.find(". ", pos)
    line_end = text.find("\n", pos)
    end = min(e for e in (end + 1 if end >= 0 else len(text), line_end if line_end >= 0 else len(text)))
    return start, end


def extraction_of(gd: GenDoc, path: str) -> Any:
    """The Extraction a perfect reader would make of a generated document (spans located in its text)."""
    from readouts.model import Document, Event, Extraction, Person, Quote, Statement, TopicHit, Turn, doc_id_for

    text, gold, side = gd.text, gd.gold, gd.sidecar
    raw = text.encode("utf-8")
    g = gold["doc"]
    doc = Document(id=doc_id_for(raw), path=path, text=text, raw=raw, title=g["title"], published=g["published"],
                   publisher=side.get("publisher"), url=side.get("url"), doc_type=g["doc_type"],
                   source_format="markdown" if gd.ext == ".md" else "text", meta=dict(side))
    ex = Extraction(doc=doc)
    countries = {}
    taken: set[int] = set()  # a span names one person
    for p in sorted(gold["persons"], key=lambda p: -len(p["name"])):
        spans = [m.span() for m in re.finditer(rf"\b{re.escape(p['name'])}\b|\b{re.escape(p['family'])}\b", text)
                 if m.start() not in taken][:20]
        taken.update(s for s, _ in spans)
        countries[p["name"]] = p["country"]
        ex.persons.append(Person(name=p["name"], title=p["title"], country=p["country"], mentions=spans,
                                 family=p["family"]))
    order = {p["name"]: i for i, p in enumerate(gold["persons"])}
    ex.persons.sort(key=lambda p: order[p.name])
    for e in gold["events"]:
        first = next((p for p in gold["persons"] if p["name"] in e["participants"]), None)
        at = text.find(first["family"]) if first else -1
        evidence = [_sentence_at(text, at)] if at >= 0 else [(0, min(len(text), 200))]
        ex.events.append(Event(kind=e["kind"], status=e["status"], date=e["date"], country=e["country"],
                               place=e["place"], format=e["format"], participants=list(e["participants"]),
                               evidence=evidence, place_key=f"{e['country']}:{e['place']}" if e["place"] and
                               e["country"] else None,
                               parties=sorted({countries[n] for n in e["participants"] if countries.get(n)})))
    for q in gold["quotes"]:
        i = text.find(q["text_start"])
        if i < 0:
            continue
        end = text.find('"', i)
        end = end if end > 0 else i + len(q["text_start"])
        ex.quotes.append(Quote(speaker=q["speaker"], text=text[i:end].rstrip(",."), span=(i, end)))
    pos = 0
    for t in gold["turns"]:
        i = text.find(": " + t["text_start"], pos)
        if i < 0:
            continue
        line = text.rfind("\n", 0, i) + 1
        end = text.find("\n\n", i)
        end = end if end >= 0 else len(text.rstrip())
        ex.turns.append(Turn(speaker=t["speaker"], label=text[line:i], interpreted=t["interpreted"],
                             span=(i + 2, end), label_span=(line, i)))
        pos = i + 2
    actor = gold["events"][0]["participants"][0] if gold["events"] and gold["events"][0]["participants"] else "US"
    for tag in gold["topics"]:
        m = re.search(TOPIC_CUES.get(tag, re.escape(tag)), text)
        span = _sentence_at(text, m.start()) if m else (0, min(len(text), 200))
        ex.topic_hits.append(TopicHit(tag, span, m.group(0) if m else ""))
        ex.statements.append(Statement(actor=actor, act="discuss", topics=[tag], text=text[span[0]:span[1]],
                                       span=span))
    ex.topic_hits.sort(key=lambda h: (h.span, h.topic))
    return ex


# ---------------------------------------------------------------------------------------------
# Bulk writing, in the row shapes of readouts.store.store._insert
# ---------------------------------------------------------------------------------------------


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class BulkWriter:
    """Rows of many extractions, inserted a batch at a time (executemany); persons merged as
    ``_upsert_person`` merges them, written at the end."""

    def __init__(self, store: Any, version: str):
        self.store, self.version = store, version
        self.persons: dict[str, dict[str, Any]] = {}
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.fts_docs: list[tuple[str, str, str]] = []
        self.fts_quotes: list[tuple[str, int, str, str]] = []

    def add(self, ex: Any, fingerprint: str) -> None:
        from readouts.store.resolution import source_rows
        from readouts.store.store import person_id

        d, v = ex.doc, self.version
        rows = self.rows
        rows.setdefault("documents", []).append(dict(
            id=d.id, path=d.path, url=d.url, title=d.title, published=d.published, publisher=d.publisher,
            doc_type=d.doc_type, source_format=d.source_format, text=d.text, text_chars=len(d.text),
            raw=d.raw if d.source_format == "html" else None, fingerprint=fingerprint, record=_json(ex.to_record()),
            pipeline_version=v, ingested_at=datetime.now(UTC).isoformat(timespec="seconds")))
        pids = {}
        starts: set[int] = set()
        for i, p in enumerate(ex.persons):
            pid = person_id(p.name, p.kb_id)
            pids[p.name] = pid
            self._person(pid, p)
            rows.setdefault("doc_persons", []).append(dict(doc_id=d.id, idx=i, person_id=pid, name=p.name,
                                                           title=p.title, country=p.country, pipeline_version=v))
            for s, e in p.mentions:
                if s not in starts:
                    starts.add(s)
                    rows.setdefault("mentions", []).append(dict(doc_id=d.id, start=s, end=e, person_id=pid,
                                                                surface=d.text[s:e], pipeline_version=v))
        for i, q in enumerate(ex.quotes):
            rows.setdefault("quotes", []).append(dict(doc_id=d.id, idx=i, person_id=pids.get(q.speaker),
                                                      speaker=q.speaker, text=q.text, start=q.span[0], end=q.span[1],
                                                      pipeline_version=v))
            self.fts_quotes.append((d.id, i, q.speaker, q.text))
        for i, tu in enumerate(ex.turns):
            rows.setdefault("turns", []).append(dict(
                doc_id=d.id, idx=i, person_id=pids.get(tu.speaker), speaker=tu.speaker, label=tu.label,
                interpreted=tu.interpreted, role=tu.role, answers=tu.answers, start=tu.span[0], end=tu.span[1],
                pipeline_version=v))
        seen = set()
        for h in ex.topic_hits:
            if (h.topic, h.span[0]) not in seen:
                seen.add((h.topic, h.span[0]))
                rows.setdefault("topics", []).append(dict(doc_id=d.id, topic=h.topic, start=h.span[0], end=h.span[1],
                                                          cue=h.cue, pipeline_version=v))
        for i, st in enumerate(ex.statements):
            rows.setdefault("statements", []).append(dict(
                doc_id=d.id, idx=i, actor=st.actor, act=st.act, topics=_json(st.topics), polarity=st.polarity,
                text=st.text, start=st.span[0], end=st.span[1], pipeline_version=v))
        for row, keys in source_rows(ex, v):
            rows.setdefault("event_sources", []).append(row)
            rows.setdefault("event_keys", []).extend(dict(key=k, doc_id=d.id, idx=row["idx"]) for k in sorted(keys))
        self.fts_docs.append((d.id, d.title or "", d.text))

    def _person(self, pid: str, p: Any) -> None:
        office = {"title": p.title, "country": p.country} if p.title else None
        row = self.persons.get(pid)
        if row is None:
            self.persons[pid] = {"id": pid, "name": p.name, "country": p.country, "kb_id": p.kb_id, "title": p.title,
                                 "aliases": set(p.aliases) | {p.name}, "offices": [office] if office else []}
            return
        row["aliases"] |= set(p.aliases) | {p.name}
        if office and office not in row["offices"]:
            row["offices"].append(office)
        if row["country"] is None and p.country:
            row["country"] = p.country
        if row["title"] is None and p.title:
            row["title"] = p.title

    def flush(self) -> None:
        from readouts.store import schema as t

        with self.store.engine.begin() as conn:
            for name in ("documents", "doc_persons", "mentions", "quotes", "turns", "topics", "statements",
                         "event_sources", "event_keys"):
                if self.rows.get(name):
                    conn.execute(getattr(t, name).insert(), self.rows[name])
            if conn.dialect.name == "sqlite":
                if self.fts_docs:
                    conn.exec_driver_sql("INSERT INTO documents_fts (doc_id, title, text) VALUES (?, ?, ?)",
                                         self.fts_docs)
                if self.fts_quotes:
                    conn.exec_driver_sql("INSERT INTO quotes_fts (doc_id, idx, speaker, text) VALUES (?, ?, ?, ?)",
                                         self.fts_quotes)
        self.rows, self.fts_docs, self.fts_quotes = {}, [], []

    def finish(self) -> None:
        from readouts.store import schema as t

        self.flush()
        rows = [{**p, "aliases": _json(sorted(p["aliases"])), "offices": _json(p["offices"])}
                for p in self.persons.values()]
        with self.store.engine.begin() as conn:
            if rows:
                conn.execute(t.persons.insert(), rows)


def generated(docs: int, seed: int) -> Iterator[tuple[GenDoc, str]]:
    for n, gd in enumerate(CorpusGenerator(seed).documents()):
        if n >= docs:
            return
        yield gd, f"generated/{n // 1000:03d}/{doc_name(n, gd)}"


def build_store(db: Path, docs: int, seed: int, batch: int = 2000) -> dict[str, Any]:
    from readouts import pipeline_version
    from readouts.store import open_store

    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    store = open_store(str(db))
    version = pipeline_version()
    writer = BulkWriter(store, version)
    t0 = time.perf_counter()
    seen: set[str] = set()
    for n, (gd, path) in enumerate(generated(docs, seed), start=1):
        ex = extraction_of(gd, path)
        if ex.doc.id in seen:  # the same bytes twice: stored once, as an ingest would
            continue
        seen.add(ex.doc.id)
        writer.add(ex, f"bulk-{ex.doc.id}")
        if n % batch == 0:
            writer.flush()
            if n % (batch * 10) == 0:
                print(f"  {n:,} documents written ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    writer.finish()
    written = time.perf_counter() - t0
    t1 = time.perf_counter()
    events = store.resolve_all(version)
    resolved = time.perf_counter() - t1
    store.engine.dispose()
    info = {"docs": len(seen), "events": events, "write_s": round(written, 1), "resolve_all_s": round(resolved, 1),
            "store_mib": round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1048576, 1),
            "seed": seed}
    Path(f"{db}.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return info


def check(docs: int, seed: int, work: Path) -> bool:
    """The bulk path and Store.save give the same tables (ingested_at aside) for `docs` documents."""
    from sqlalchemy import select

    from readouts import pipeline_version
    from readouts.store import open_store
    from readouts.store import schema as t

    a_db, b_db = work / "check-save.db", work / "check-bulk.db"
    for db in (a_db, b_db):
        for p in db.parent.glob(db.name + "*"):
            p.unlink()
    version = pipeline_version()
    a = open_store(str(a_db))
    for gd, path in generated(docs, seed):
        ex = extraction_of(gd, path)
        a.save(ex, f"bulk-{ex.doc.id}", [], version, resolve=False)
    a.resolve_all(version)
    build_store(b_db, docs, seed)
    b = open_store(str(b_db))
    same = True
    for table in t.metadata.sorted_tables:
        cols = [c for c in table.c if c.name != "ingested_at"]
        with a.engine.connect() as ca, b.engine.connect() as cb:
            ra = sorted(map(tuple, ca.execute(select(*cols))), key=repr)
            rb = sorted(map(tuple, cb.execute(select(*cols))), key=repr)
        print(f"  {table.name:<14} {len(ra):>7} rows  {'same' if ra == rb else 'DIFFERENT'}", file=sys.stderr)
        same &= ra == rb
    for fts in ("documents_fts", "quotes_fts"):
        with a.engine.connect() as ca, b.engine.connect() as cb:
            na = ca.exec_driver_sql(f"SELECT count(*) FROM {fts}").scalar_one()
            nb = cb.exec_driver_sql(f"SELECT count(*) FROM {fts}").scalar_one()
        print(f"  {fts:<14} {na:>7} rows  {'same count' if na == nb else 'DIFFERENT'}", file=sys.stderr)
        same &= na == nb
    return same


# ---------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------


def endpoints(db: Path, rng: random.Random) -> dict[str, Callable[[], str]]:
    """Endpoint name -> a function giving the next request path (parameters drawn from the store)."""
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        event_ids = [r[0] for r in conn.execute("SELECT id FROM events ORDER BY random() LIMIT 2000")]
        doc_ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY random() LIMIT 2000")]
        families = sorted({r[0].split()[-1] for r in conn.execute("SELECT name FROM persons WHERE country IS NOT NULL")
                           if r[0].split()[-1] not in ("Jr.", "III")})
        n_events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    countries = ["JP", "AU", "IN", "KR", "PH", "US", "SG"]
    topics = ["senkaku", "north_korea", "china", "taiwan_strait", "exercises", "defense_industry", "budget"]

    def months() -> str:
        y, m = rng.randrange(2017, 2025), rng.randrange(1, 11)
        return f"since={y}-{m:02d}&until={y}-{m + 2:02d}"

    return {
        "timeline": lambda: f"/api/events?limit=50&offset={50 * rng.randrange(min(200, n_events // 50 + 1))}",
        "timeline ?country": lambda: f"/api/events?limit=50&country={rng.choice(countries)}",
        "timeline ?person": lambda: f"/api/events?limit=50&person={rng.choice(families)}",
        "timeline ?topic": lambda: f"/api/events?limit=50&topic={rng.choice(topics)}",
        "timeline ?since&until": lambda: f"/api/events?limit=50&{months()}",
        "timeline ?kind=call": lambda: "/api/events?limit=50&kind=call",
        "event": lambda: f"/api/events/{rng.choice(event_ids)}",
        "document": lambda: f"/api/documents/{rng.choice(doc_ids)}",
        "search": lambda: f"/api/search?q={rng.choice(QUERIES)}",
        "web timeline /": lambda: "/",
        "web timeline /?country": lambda: f"/?country={rng.choice(countries)}",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path, port: int) -> subprocess.Popen:
    code = ("import uvicorn; from readouts.api import create_app; "
            f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={port}, log_level='warning')")
    return subprocess.Popen([sys.executable, "-c", code], cwd=REPO)


def measure(base: str, next_path: Callable[[], str], requests: int, budget: float, warmup: int = 3) -> dict[str, Any]:
    import httpx

    times, statuses, sizes = [], {}, []
    with httpx.Client(base_url=base, timeout=120) as client:
        for _ in range(warmup):
            client.get(next_path())
        started = time.perf_counter()
        while len(times) < requests and time.perf_counter() - started < budget:
            path = next_path()
            t0 = time.perf_counter()
            r = client.get(path)
            times.append(1000 * (time.perf_counter() - t0))
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            sizes.append(len(r.content))
    times.sort()

    def pct(p: float) -> float:
        return round(times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))], 1)

    return {"n": len(times), "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "max_ms": round(times[-1], 1),
            "mean_ms": round(statistics.fmean(times), 1), "statuses": statuses,
            "mean_bytes": round(statistics.fmean(sizes)), "meets_target": pct(95) < TARGET_P95_MS}


def explain(db: Path) -> None:
    """The SQL each slow query function runs, its time in-process, and SQLite's plan for it."""
    from sqlalchemy import event

    from readouts.store import open_store, queries
    from readouts.web import queries_extra

    store = open_store(str(db), migrate=False)
    captured: list[tuple[str, Any, float]] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        conn.info["t0"] = time.perf_counter()

    @event.listens_for(store.engine, "after_cursor_execute")
    def _after(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        captured.append((statement, parameters, 1000 * (time.perf_counter() - conn.info["t0"])))

    cases = {
        "timeline (API, limit 51)": lambda c: queries.timeline(c, limit=51),
        "timeline ?person=Austin": lambda c: queries.timeline(c, person="Austin", limit=51),
        "timeline ?topic=senkaku": lambda c: queries.timeline(c, topic="senkaku", limit=51),
        "timeline ?country=JP": lambda c: queries.timeline(c, country="JP", limit=51),
        "web timeline: timeline() without limit": lambda c: queries.timeline(c),
        "web timeline: event_countries()": queries_extra.event_countries,
        "web timeline: person_names()": queries_extra.person_names,
        "web timeline: count_documents()": queries_extra.count_documents,
        "event": lambda c: queries.event(c, c.exec_driver_sql("SELECT id FROM events LIMIT 1").scalar_one()),
        "search 'ironclad commitment'": lambda c: queries.search(c, "ironclad commitment"),
    }
    for name, fn in cases.items():
        captured.clear()
        with store.connect() as conn:
            t0 = time.perf_counter()
            out = fn(conn)
            total = 1000 * (time.perf_counter() - t0)
        n = len(out) if hasattr(out, "__len__") else out
        print(f"\n== {name}: {total:.0f} ms in-process, {n} items, {len(captured)} statements")
        for sql, params, ms in captured:
            if "EXPLAIN" in sql:
                continue
            print(f"   {ms:8.1f} ms  {' '.join(sql.split())[:300]}")
            if ms > 20:
                with store.engine.connect() as c2:
                    plan = c2.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
                for row in plan:
                    print(f"              plan: {row[-1]}")
    store.engine.dispose()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000, help="documents in the store (default 100000)")
    ap.add_argument("--seed", type=int, default=SEED, help="seed of the generated documents")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK, help=f"where the store is kept ({DEFAULT_WORK})")
    ap.add_argument("--rebuild", action="store_true", help="build the store again even if it is there")
    ap.add_argument("--requests", type=int, default=300, help="timed requests per endpoint (default 300)")
    ap.add_argument("--budget", type=float, default=60, help="at most this many seconds per endpoint (default 60)")
    ap.add_argument("--only", help="comma-separated endpoint names to measure (default: all)")
    ap.add_argument("--check", action="store_true", help="compare the bulk-built store with Store.save's (200 docs)")
    ap.add_argument("--explain", action="store_true", help="print SQL, timings and query plans of the slow queries")
    ap.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default {RESULTS.relative_to(REPO)})")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.check:
        ok = check(200, args.seed, args.work)
        print("bulk rows match Store.save" if ok else "bulk rows DIFFER from Store.save", file=sys.stderr)
        return 0 if ok else 1

    db = args.work / f"api-{args.seed}-{args.docs}.db"
    meta = Path(f"{db}.json")
    if args.rebuild or not meta.exists() or not db.exists():
        print(f"building a store of {args.docs:,} documents at {db} ...", file=sys.stderr, flush=True)
        build = build_store(db, args.docs, args.seed)
    else:
        build = json.loads(meta.read_text(encoding="utf-8"))
    print(f"store: {build['docs']:,} documents, {build['events']:,} events, {build['store_mib']:.0f} MiB "
          f"(written in {build['write_s']} s, resolve_all {build['resolve_all_s']} s)", file=sys.stderr, flush=True)
    if args.explain:
        explain(db)
        return 0

    rng = random.Random(args.seed)
    paths = endpoints(db, rng)
    if args.only:
        wanted = {x.strip() for x in args.only.split(",")}
        paths = {k: v for k, v in paths.items() if k in wanted}
    port = _free_port()
    server = serve(db, port)
    base = f"http://127.0.0.1:{port}"
    results: dict[str, Any] = {}
    try:
        import httpx

        deadline = time.perf_counter() + 60
        while True:
            try:
                if httpx.get(base + "/openapi.json", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.perf_counter() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.3)
        for name, next_path in paths.items():
            print(f"{name} ...", file=sys.stderr, flush=True)
            results[name] = measure(base, next_path, args.requests, args.budget)
            r = results[name]
            print(f"  n={r['n']} p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms", file=sys.stderr, flush=True)
    finally:
        server.terminate()  # the server started above, by its id
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    report = {"benchmark": "api_latency", "machine": machine_info(), "store": build, "target_p95_ms": TARGET_P95_MS,
              "requests_per_endpoint": args.requests, "budget_s": args.budget, "results": results}
    previous = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() and args.only else None
    if previous and previous.get("store", {}).get("docs") == build["docs"]:
        report["results"] = {**previous.get("results", {}), **results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(f"\n{build['docs']:,} documents, {build['events']:,} events; one request at a time over loopback\n")
    print(f"{'endpoint':<26} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  target p95 < 100 ms")
    for name, r in report["results"].items():
        print(f"{name:<26} {r['n']:>5} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} "
              f"{r['max_ms']:>8.1f}  {'met' if r['meets_target'] else 'MISSED'}")
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
