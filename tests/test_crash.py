"""Crash safety: `readouts ingest` killed (SIGKILL) at random moments, resumed, then run to completion,
leaves exactly the store a clean ingest makes; a store killed while its schema is being created opens again.

The kill delays are random; the seed is printed in failures (set READOUTS_CRASH_SEED to replay one).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from readouts.store import open_store, queries
from readouts.store import schema as t
from store_corpus import write_generated

READOUTS = Path(sys.executable).with_name("readouts")
TABLES = ("documents", "doc_persons", "mentions", "quotes", "turns", "topics", "statements", "event_sources",
          "event_keys", "events", "persons")
N_DOCS = 60
CYCLES = 8
BUDGET_S = 45.0  # for the kill/resume cycles of one backend


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "READOUTS_DB"}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _ingest_cmd(folder: Path, url: str, quiet: bool = True) -> list[str]:
    return [str(READOUTS), "ingest", str(folder), "--db", url, *(["--quiet"] if quiet else [])]


def _state(url: str) -> dict:
    store = open_store(url)
    try:
        with store.connect() as conn:
            return {
                "doc_ids": sorted(r[0] for r in conn.execute(select(t.documents.c.id))),
                "counts": {n: conn.execute(select(func.count()).select_from(t.metadata.tables[n])).scalar_one()
                           for n in TABLES},
                "partition": {e["event_id"]: sorted(e["documents"]) for e in queries.timeline(conn)},
                "events": list(queries.export_rows(conn, "events")),
                "pending": conn.execute(select(func.count()).select_from(t.event_sources)
                                        .where(t.event_sources.c.event_id == "pending")).scalar_one(),
            }
    finally:
        store.engine.dispose()


def _n_documents(url: str) -> int | None:
    try:
        store = open_store(url, migrate=False)
        try:
            with store.connect() as conn:
                return conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
        finally:
            store.engine.dispose()
    except Exception:  # noqa: BLE001 - the store may not exist yet
        return None


@pytest.mark.slow
def test_ingest_killed_at_random_moments_then_resumed_equals_a_clean_ingest(store_url, tmp_path):
    seed = int(os.environ.get("READOUTS_CRASH_SEED", random.SystemRandom().randrange(1 << 30)))
    rnd = random.Random(seed)
    folder = tmp_path / "corpus"
    write_generated(folder, N_DOCS)

    # a clean ingest (into a SQLite file), which also measures how long a full run takes
    clean = str(tmp_path / "clean.db")
    started = time.monotonic()
    done = subprocess.run(_ingest_cmd(folder, clean), capture_output=True, text=True, timeout=300, env=_env())
    full_run = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    expected = _state(clean)
    assert len(expected["doc_ids"]) == N_DOCS
    assert any(len(d) > 1 for d in expected["partition"].values())
    assert all(expected["counts"][n] > 0 for n in TABLES), expected["counts"]

    log = []
    cycles_started = time.monotonic()
    for cycle in range(CYCLES):
        if time.monotonic() - cycles_started > BUDGET_S:
            break
        delay = rnd.uniform(0.3, max(0.31, full_run))
        proc = subprocess.Popen(_ingest_cmd(folder, store_url), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=_env())
        try:
            proc.wait(timeout=delay)
            killed = False
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            killed = True
        _, err = proc.communicate(timeout=60)
        if not killed:
            assert proc.returncode == 0, (seed, cycle, err.decode(errors="replace"))
        log.append((cycle, round(delay, 2), "killed" if killed else f"exit {proc.returncode}",
                    _n_documents(store_url)))

    # run to completion, then once more: nothing left to do
    done = subprocess.run(_ingest_cmd(folder, store_url), capture_output=True, text=True, timeout=300, env=_env())
    assert done.returncode == 0, (seed, log, done.stderr)
    again = subprocess.run(_ingest_cmd(folder, store_url, quiet=False), capture_output=True, text=True, timeout=300,
                           env=_env())
    assert again.returncode == 0, (seed, log, again.stderr)
    assert f"0 new, 0 updated, {N_DOCS} unchanged, 0 failed" in again.stderr, (seed, log, again.stderr)

    got = _state(store_url)
    context = f"seed={seed} full_run={full_run:.2f}s cycles={log}"
    print(context)  # shown with -s: (cycle, delay, outcome, documents committed at that point)
    assert got["doc_ids"] == expected["doc_ids"], context
    assert got["counts"] == expected["counts"], context
    assert got["pending"] == 0, context
    assert got["partition"] == expected["partition"], context
    strip = [{k: v for k, v in e.items() if k != "pipeline_version"} for e in got["events"]]
    assert strip == [{k: v for k, v in e.items() if k != "pipeline_version"} for e in expected["events"]], context


# --- a kill while the schema is being created ---------------------------------------------------------------------

KILL_DURING_MIGRATION = """
import os, signal, sys
from sqlalchemy import event
from readouts.store.engine import make_engine, resolve_url
from readouts.store.store import Store

url, marker = resolve_url(sys.argv[1]), sys.argv[2]
engine = make_engine(url)

@event.listens_for(engine, "after_cursor_execute")
def _die(conn, cursor, statement, *args):
    if marker in statement:
        os.kill(os.getpid(), signal.SIGKILL)

Store(engine, url).migrate()
print("migrated without meeting the marker")
"""


def _missing_schema_objects(store) -> list[str]:
    """Tables and indexes the schema (and the full-text search of the dialect) defines but the store lacks."""
    insp = inspect(store.engine)
    tables = set(insp.get_table_names())
    expected_tables = set(t.metadata.tables) | {"alembic_version"}
    expected_indexes = {i.name for table in t.metadata.tables.values() for i in table.indexes}
    if store.dialect == "sqlite":
        expected_tables |= {"documents_fts", "quotes_fts"}
    else:
        expected_indexes |= {"ix_documents_fts", "ix_quotes_fts"}
    indexes = {i["name"] for name in tables & set(t.metadata.tables) for i in insp.get_indexes(name)}
    return sorted((expected_tables - tables) | (expected_indexes - indexes))


# kill right after: the first table, a table before its indexes are made, the full-text table/index of documents
MARKERS = ["CREATE TABLE", "CREATE TABLE documents ", "documents_fts"]


@pytest.mark.parametrize("marker", MARKERS)
def test_store_killed_while_its_schema_is_created_opens_again_complete(store_url, tmp_path, marker, request):
    """SIGKILL right after a DDL statement of the first migration; the store must open again with its whole
    schema (on PostgreSQL the DDL is transactional; on SQLite it is not)."""
    script = tmp_path / "kill_during_migration.py"
    script.write_text(KILL_DURING_MIGRATION, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), store_url, marker], capture_output=True, text=True,
                          timeout=120, env=_env())
    assert done.returncode == -signal.SIGKILL, (done.returncode, done.stdout, done.stderr)

    store = open_store(store_url)
    try:
        with store.connect() as conn:
            assert queries.stats(conn)["documents"] == 0
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        assert _missing_schema_objects(store) == []
    finally:
        store.engine.dispose()


def test_a_clean_store_has_its_whole_schema(store_url):
    store = open_store(store_url)
    try:
        assert _missing_schema_objects(store) == []
    finally:
        store.engine.dispose()
