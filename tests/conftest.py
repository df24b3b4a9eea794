"""Shared fixtures: the real pipeline on small texts, the dev corpus, the examples.

Tests that use ``run`` (or anything else that loads the spaCy model) are marked
``@pytest.mark.slow``; the model is loaded once per session
(``readouts.pipeline.nlp.load`` is cached) and each distinct text is extracted once.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from readouts.model import Extraction, Person

# CI explores the same examples on every run (a landing must not depend on the draw); runs elsewhere draw anew
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = ROOT / "examples" / "docs"
CORPUS_DIR = ROOT / ".." / "shared" / "corpus" / "dev"
SCORE_PY = ROOT / ".." / "shared" / "tools" / "score.py"

Runner = Callable[..., Extraction]


@pytest.fixture(scope="session")
def run() -> Runner:
    """``run(text, published=None, path="t.txt", **sidecar)`` -> Extraction through the real pipeline.

    Results are cached per (text, published, path, sidecar): tests may read them but
    must not mutate them.
    """
    from readouts.load import load_bytes
    from readouts.pipeline import extract

    cache: dict[tuple, Extraction] = {}

    def _run(text: str, published: str | None = None, path: str = "t.txt", **sidecar: str) -> Extraction:
        side = dict(sidecar)
        if published is not None:
            side["published"] = published
        key = (text, path, json.dumps(side, sort_keys=True))
        if key not in cache:
            kind = "html" if path.endswith((".html", ".htm")) else "markdown" if path.endswith(".md") else "text"
            doc = load_bytes(text.encode("utf-8"), path, kind, side)
            cache[key] = extract(doc)
        return cache[key]

    return _run


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The annotated dev corpus (../shared/corpus/dev from the repo root); skipped when absent."""
    if not CORPUS_DIR.is_dir() or not any(CORPUS_DIR.glob("*.gold.json")):
        pytest.skip(f"dev corpus not found at {CORPUS_DIR}")
    return CORPUS_DIR


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    if not EXAMPLES_DIR.is_dir():
        pytest.skip(f"examples not found at {EXAMPLES_DIR}")
    return EXAMPLES_DIR


@pytest.fixture(scope="session")
def person_named() -> Callable[[Extraction, str], Person | None]:
    """``person_named(ex, "Hayashi")``: the one person whose name contains the word, or None."""

    def _find(ex: Extraction, family: str) -> Person | None:
        found = [p for p in ex.persons if family.lower() in p.name.lower()]
        assert len(found) <= 1, f"{family!r} matches several persons: {[p.name for p in found]}"
        return found[0] if found else None

    return _find


def pytest_collection_modifyitems(config, items):
    """Safety net: a test that uses the pipeline fixture loads the model, so it is slow."""
    for item in items:
        if "run" in getattr(item, "fixturenames", ()) and item.get_closest_marker("slow") is None:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def example_records(examples_dir) -> list[tuple[Extraction, dict]]:
    """Every bundled example document through the library front door: (extraction, record)."""
    from readouts.core import extract_paths

    return [(ex, ex.to_record()) for ex in extract_paths([str(examples_dir)])]


# --- stores: SQLite always, PostgreSQL when READOUTS_TEST_PG=1 or CI=true (scripts/pg.sh starts it) ---------

_PG_BASE: list[str | None] = []


def _pg_base_url() -> str | None:
    if _PG_BASE:
        return _PG_BASE[0]
    url = os.environ.get("READOUTS_TEST_PG_URL")
    if not url and (os.environ.get("READOUTS_TEST_PG") == "1" or os.environ.get("CI") == "true"):
        script = Path(__file__).resolve().parent.parent / "scripts" / "pg.sh"
        done = subprocess.run([str(script)], capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            raise RuntimeError(f"scripts/pg.sh failed: {done.stderr[-2000:]}")
        url = done.stdout.strip().splitlines()[-1]
    _PG_BASE.append(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store: a SQLite file, or a new PostgreSQL database (dropped afterwards)."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    base = _pg_base_url()
    if not base:
        pytest.skip("PostgreSQL tests run with READOUTS_TEST_PG=1 (or CI=true); scripts/pg.sh starts a server")
    import psycopg

    name = f"readouts_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = base.rsplit("/", 1)[0] + "/" + name
    yield url
    from sqlalchemy import create_engine

    from readouts.store.engine import resolve_url

    create_engine(resolve_url(url)).dispose()
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
