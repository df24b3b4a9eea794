"""Deleting documents from a large store (what replacing a changed document, or re-extracting after a
new pipeline version, does first), and upgrading the store to the current schema.

    .venv/bin/python bench/replace.py                      # the 100,000-document store of growth.py
    .venv/bin/python bench/replace.py --docs 10000 --sample 300

The store growth.py built (``growth-{docs}-w2.db``, else ``-w1``) is copied, opened (which upgrades
it to the current schema: timed), and --sample documents drawn with a fixed seed are deleted one by
one with ``Store.delete`` (their rows, full-text rows and keys, then the events they supported
re-resolved), each in its own transaction. Reported: milliseconds per delete (mean, p50, p95, max).
Run it with the code to compare (a checkout's ``src`` first on PYTHONPATH) to measure a change.
Results go to ``bench/results/replace.json`` (keyed by store size).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

from growth import DEFAULT_WORK, SEED, finished_run
from incremental import _copy_store
from throughput import _git, machine_info

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "replace.json"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000, help="size of growth.py's store to copy (default 100000)")
    ap.add_argument("--sample", type=int, default=200, help="documents deleted one by one (default 200)")
    ap.add_argument("--seed", type=int, default=SEED, help="seed of the sample")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK, help=f"folder of corpora and stores ({DEFAULT_WORK})")
    ap.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default {RESULTS.relative_to(REPO)})")
    args = ap.parse_args(argv)

    import readouts
    from readouts.store import open_store

    found = finished_run(args.docs, ("w2", "w1"))
    if found is None:
        sys.exit(f"no finished {args.docs:,}-document store of growth.py: "
                 f"run bench/growth.py --sizes {args.docs} first")
    src = Path(found[1]["db"])
    db = args.work / f"replace-{args.docs}.db"
    print(f"copying {src} ...", file=sys.stderr, flush=True)
    _copy_store(src, db)
    t0 = time.perf_counter()
    store = open_store(str(db))
    upgrade_s = time.perf_counter() - t0
    with store.connect() as conn:
        ids = sorted(r[0] for r in conn.exec_driver_sql("SELECT id FROM documents"))
    sample = random.Random(args.seed).sample(ids, min(args.sample, len(ids)))
    times = []
    for i, doc_id in enumerate(sample, 1):
        t0 = time.perf_counter()
        store.delete(doc_id)
        times.append(1000 * (time.perf_counter() - t0))
        if i % 50 == 0:
            print(f"  {i} deleted, mean {statistics.mean(times):.1f} ms", file=sys.stderr, flush=True)
    store.engine.dispose()
    for p in db.parent.glob(db.name + "*"):
        p.unlink()

    times.sort()
    row = {
        "docs": len(ids), "sample": len(sample), "commit": _git("rev-parse", "--short", "HEAD"),
        "code": str(Path(readouts.__file__).parent),
        "open_and_upgrade_s": round(upgrade_s, 1), "delete_ms_mean": round(statistics.mean(times), 1),
        "delete_ms_p50": round(times[len(times) // 2], 1),
        "delete_ms_p95": round(times[int(0.95 * (len(times) - 1))], 1),
        "delete_ms_max": round(times[-1], 1),
    }
    report = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    runs = {**report.get("runs", {}), str(args.docs): row}
    report = {"benchmark": "replace", "machine": machine_info(), "runs": runs}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nstore of {len(ids):,} documents (code {row['code']})")
    print(f"open and upgrade: {row['open_and_upgrade_s']:.1f} s")
    print(f"delete, {len(sample)} documents one by one: mean {row['delete_ms_mean']:.1f} ms, p50 "
          f"{row['delete_ms_p50']:.1f}, p95 {row['delete_ms_p95']:.1f}, max {row['delete_ms_max']:.1f}")
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
