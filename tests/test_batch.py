"""Local worker processes give exactly what one process gives, in input order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readouts.core import extract_paths, ingest_paths
from readouts.store import open_store, queries

pytestmark = pytest.mark.slow
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "docs"


def _records(workers: int, tmp_path: Path) -> list[str]:
    bad = tmp_path / "zz-broken.txt"
    bad.write_bytes(b"\x00\x01\x02" * 500)
    return [json.dumps(ex.to_record(), sort_keys=True) for ex in extract_paths([str(EXAMPLES), str(bad)],
                                                                              workers=workers)]


def test_two_workers_extract_the_same_records_in_the_same_order(tmp_path):
    assert _records(2, tmp_path) == _records(1, tmp_path)


def test_two_workers_ingest_the_same_store(tmp_path):
    one, two = open_store(str(tmp_path / "one.db")), open_store(str(tmp_path / "two.db"))
    r1 = ingest_paths(one, [str(EXAMPLES)], workers=1)
    r2 = ingest_paths(two, [str(EXAMPLES)], workers=2)
    assert (r1.new, r2.new) == (10, 10)
    with one.connect() as c1, two.connect() as c2:
        ev1 = sorted((e["event_id"], tuple(e["documents"])) for e in queries.timeline(c1))
        ev2 = sorted((e["event_id"], tuple(e["documents"])) for e in queries.timeline(c2))
        assert ev1 == ev2
        assert queries.stats(c1) == queries.stats(c2)
