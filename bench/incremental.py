"""Incremental ingest: re-ingesting an unchanged store, and adding a few documents to a large one.

    .venv/bin/python bench/incremental.py                 # the 10,000-document store of growth.py
    .venv/bin/python bench/incremental.py --add 0         # only the unchanged re-ingest

1. Unchanged: ``readouts ingest CORPUS --db DB`` again over the corpus the store was built from:
   every document is skipped before parsing (same bytes, sidecar and pipeline version). The
   store is growth.py's under --work when that run finished (``growth-10000-w1.db``, else
   ``growth-10000-dask.db``), else it is built here with ``readouts ingest --dask local``.
   Reported: the second run's time as a percentage of the first's (from growth.json, or timed here).
2. Added (``--add N``, default 100): the N documents that follow the corpus in the generator's
   sequence (new engagements, and second tellings of engagements already in the store), ingested
   with plain ``readouts ingest`` into a copy of the large store, then into an empty store. The
   difference per document is what the size of the store costs a new document (resolution
   against its events, index upkeep). Stopped after --timeout seconds, like growth.py.

Results go to ``bench/results/incremental.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from gen_corpus import write_tree
from growth import DEFAULT_WORK, SEED, corpus_dir, finished_run, run_ingest
from throughput import machine_info

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "incremental.json"


def _fresh(db: Path) -> None:
    for p in db.parent.glob(db.name + "*"):
        p.unlink()


def _copy_store(src: Path, dst: Path) -> None:
    _fresh(dst)
    for p in src.parent.glob(src.name + "*"):  # the WAL too, if a run left one
        shutil.copy2(p, dst.parent / (dst.name + p.name[len(src.name):]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="size of the store (default 10000)")
    ap.add_argument("--workers", type=int, default=1, help="workers of the ingests timed here (default 1)")
    ap.add_argument("--add", type=int, default=100, help="new documents to add to a copy of the store (default 100)")
    ap.add_argument("--timeout", type=float, default=600, help="stop adding after this many seconds (default 600)")
    ap.add_argument("--seed", type=int, default=SEED, help="seed of the generated corpus")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK, help=f"folder of corpora and stores ({DEFAULT_WORK})")
    ap.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default {RESULTS.relative_to(REPO)})")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)

    corpus = corpus_dir(args.work, args.docs, args.seed)
    first: dict[str, Any] | None = None
    db = args.work / f"growth-{args.docs}-dask.db"
    found = finished_run(args.docs, (f"w{args.workers}", "dask"), args.seed)
    if found:
        key, run = found
        db = Path(run["db"])
        first = {k: run[k] for k in ("seconds", "peak_rss_mib", "new")} | {"source": f"growth.json {key}"}
    if first is None:
        print(f"no finished store from growth.py: building {db} with --dask local ...", file=sys.stderr, flush=True)
        _fresh(db)
        r = run_ingest(corpus, db, 2, args.work / "incremental-first.log", dask=True)
        first = {k: r[k] for k in ("seconds", "peak_rss_mib", "new")} | {"source": "timed here (--dask local)"}
    first["db"] = str(db)
    print(f"first ingest: {first['seconds']:.1f} s ({first['source']})", file=sys.stderr, flush=True)

    print("re-ingesting the unchanged corpus ...", file=sys.stderr, flush=True)
    again = run_ingest(corpus, db, args.workers, args.work / "incremental-again.log", args.timeout)
    if again["unchanged"] != args.docs or again["new"] or again["updated"]:
        print(f"warning: expected {args.docs} unchanged, got {again}", file=sys.stderr)
    report: dict[str, Any] = {
        "benchmark": "incremental", "seed": args.seed, "machine": machine_info(), "docs": args.docs,
        "workers": args.workers, "first": first,
        "unchanged": {k: again[k] for k in ("seconds", "peak_rss_mib", "unchanged", "new", "updated", "cpu_user_s")},
        "unchanged_pct_of_first": round(100 * again["seconds"] / first["seconds"], 2),
        "unchanged_ms_per_doc": round(1000 * again["seconds"] / args.docs, 2),
    }
    if args.add:
        extra = args.work / f"corpus-{args.seed}-{args.docs}-next{args.add}"
        meta = extra / "corpus.json"
        if not (meta.exists() and json.loads(meta.read_text(encoding="utf-8")).get("docs") == args.add):
            shutil.rmtree(extra, ignore_errors=True)
            write_tree(extra, args.docs + args.add, args.seed, start=args.docs)
        big = args.work / f"incremental-{args.docs}-plus.db"
        _copy_store(db, big)
        print(f"adding {args.add} new documents to a copy of the {args.docs:,}-document store ...", file=sys.stderr,
              flush=True)
        into_big = run_ingest(extra, big, args.workers, args.work / "incremental-add-big.log", args.timeout)
        empty = args.work / "incremental-empty.db"
        _fresh(empty)
        print("... and to an empty store ...", file=sys.stderr, flush=True)
        into_empty = run_ingest(extra, empty, args.workers, args.work / "incremental-add-empty.log")
        done = into_big["new"]  # fewer than asked when the time limit stopped it
        empty_per_doc = into_empty["seconds"] / args.add
        report["added"] = {
            "docs": args.add, "done_into_large_store": done, "stopped": into_big["timed_out"],
            "into_large_store_s": into_big["seconds"], "into_empty_store_s": into_empty["seconds"],
            "large_ms_per_doc": round(1000 * into_big["seconds"] / max(1, done), 1),
            "empty_ms_per_doc": round(1000 * empty_per_doc, 1),
            "large_minus_empty_ms_per_doc": round(1000 * (into_big["seconds"] / max(1, done) - empty_per_doc), 1),
            "first_ingest_ms_per_doc": round(1000 * first["seconds"] / args.docs, 1),
            "peak_rss_mib": into_big["peak_rss_mib"], "progress": into_big["progress"],
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(f"\nstore of {args.docs:,} documents, {args.workers} worker(s)")
    print(f"first ingest:        {first['seconds']:>8.1f} s")
    print(f"unchanged re-ingest: {again['seconds']:>8.1f} s  = {report['unchanged_pct_of_first']:.2f}% of the first "
          f"({report['unchanged_ms_per_doc']:.2f} ms per document, peak RSS {again['peak_rss_mib']:.0f} MiB)")
    if args.add:
        a = report["added"]
        stopped = f" (stopped: {a['done_into_large_store']} done)" if a["stopped"] else ""
        print(f"{a['docs']} new documents: {a['into_large_store_s']:.1f} s into the large store{stopped}, "
              f"{a['into_empty_store_s']:.1f} s into an empty one: {a['large_ms_per_doc']:.0f} vs "
              f"{a['empty_ms_per_doc']:.0f} ms per document ({a['large_minus_empty_ms_per_doc']:+.0f} ms for the "
              f"store's size)")
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
