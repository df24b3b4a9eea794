"""Cross-document resolution at scale: ``resolve.events.cluster`` and ``Store.resolve_all``.

    .venv/bin/python bench/resolution.py                      # 10,000 and 100,000 documents
    .venv/bin/python bench/resolution.py --sizes 10000 --profile

No extraction: the event tellings are built directly, shaped like the ones extraction gives.
40 officials (five per government: U.S., Japan, Australia, India, Korea, Philippines, U.K.,
France; defense and foreign ministers in successive terms) over ten years (2015-2024);
engagements between a U.S. minister and a partner minister in office that day (a few "2+2"s
with four ministers and a named format), ~30% of them told by two documents, and ~1.5 events per
document (the engagement, sometimes a joint press conference after it, or a meeting planned for
later). Most tellings are dated to the day; some only to the month; some undated, with a
month-day or year hint, a named format or a place; meetings carry a canonical place (place_key).

1. ``cluster(events)`` on the tellings of 10k and 100k documents (in memory).
2. ``Store.resolve_all()`` on a SQLite store holding 100k documents' ``event_sources`` rows
   (inserted with SQLAlchemy Core in the shape of ``store.resolution.source_rows``, with minimal
   ``documents`` rows; ``event_keys`` are left empty: ``resolve_all`` does not read them).
Target: 100k documents under 60 s. Results go to ``bench/results/resolution.json``; with
``--profile`` the top functions of each timed call are printed and kept in the results.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import pstats
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from throughput import machine_info

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "resolution.json"
START, DAYS = dt.date(2015, 1, 1), 3653
COUNTRIES = ("US", "JP", "AU", "IN", "KR", "PH", "GB", "FR")
PLACES = {"US": ("US:Pentagon", "US:State Department", "US:Washington"), "JP": ("JP:Tokyo", "JP:Ministry of Defense"),
          "AU": ("AU:Canberra", "AU:Sydney"), "IN": ("IN:New Delhi",), "KR": ("KR:Seoul",), "PH": ("PH:Manila",),
          "GB": ("GB:London",), "FR": ("FR:Paris",)}
THIRD = ("SG:Singapore", "ID:Jakarta", "BE:Brussels", "US:New York")
NAMES = {"JP": "2+2", "AU": "AUSMIN", "IN": "2+2", "KR": "2+2"}


@dataclass(frozen=True)
class Minister:
    name: str
    country: str
    dept: str
    start: int  # day numbers since START
    end: int


def ministers() -> list[Minister]:
    """40 officials: per government, 3 defense ministers and 2 foreign ministers in succession."""
    out = []
    for c in COUNTRIES:
        for dept, n in (("defense", 3), ("foreign", 2)):
            bounds = [round(i * DAYS / n) for i in range(n + 1)]
            for i in range(n):
                out.append(Minister(f"{c} {dept} minister {i + 1}", c, dept, bounds[i], bounds[i + 1] - 1))
    return out


def synthetic_events(docs: int, seed: int) -> tuple[list[Any], dict[str, str], dict[str, str]]:
    """(SourceEvents of `docs` documents, doc id -> publication date, event key -> true engagement)."""
    from readouts.resolve.events import SourceEvent

    rng = random.Random(seed)
    people = ministers()

    def holder(c: str, dept: str, day: int) -> Minister:
        return next(m for m in people if m.country == c and m.dept == dept and m.start <= day <= m.end)

    events: list[SourceEvent] = []
    published: dict[str, str] = {}
    truth: dict[str, str] = {}
    n_doc = n_eng = 0
    while n_doc < docs:
        n_eng += 1
        day = rng.randrange(DAYS)
        partner = rng.choice(COUNTRIES[1:])
        two_plus_two = partner in NAMES and rng.random() < 0.04
        if two_plus_two:
            group = [holder("US", "defense", day), holder("US", "foreign", day), holder(partner, "defense", day),
                     holder(partner, "foreign", day)]
            kind, name = "meeting", NAMES[partner]
        else:
            us_dept = rng.choice(("defense", "foreign"))
            cp_dept = us_dept if rng.random() < 0.75 else ("foreign" if us_dept == "defense" else "defense")
            group = [holder("US", us_dept, day), holder(partner, cp_dept, day)]
            kind, name = ("call" if rng.random() < 0.25 else "meeting"), None
        place = None
        if kind == "meeting":
            r = rng.random()
            place = rng.choice(PLACES["US"] if r < 0.4 else PLACES[partner] if r < 0.8 else THIRD)
        date = (START + dt.timedelta(days=day)).isoformat()
        press = kind == "meeting" and not two_plus_two and rng.random() < 0.3
        for _telling in range(2 if rng.random() < 0.3 else 1):
            if n_doc >= docs:
                break
            doc_id = f"{n_doc:016x}"
            n_doc += 1
            published[doc_id] = (START + dt.timedelta(days=day + rng.choice((0, 0, 1)))).isoformat()
            told: list[tuple[str, str | None, str | None, str | None, list[Minister], str, str | None]] = [
                (kind, date, place, name, group, f"e{n_eng}", None)]
            if press and rng.random() < 0.7:
                told.append(("press_conference", date, place, None, group, f"e{n_eng}-press", None))
            if rng.random() < 0.35:  # a meeting planned for later: in a month, in a year, or sometime
                later = day + rng.randrange(20, 400)
                if later < DAYS:
                    when = (START + dt.timedelta(days=later)).isoformat()
                    r = rng.random()
                    told.append(("meeting", when[:7] if r < 0.6 else None, rng.choice(PLACES[partner]), name, group,
                                 f"planned-{n_doc}", when[:4] if 0.6 <= r < 0.9 else None))
            for idx, (k, d, pl, nm, grp, true_id, hint) in enumerate(told):
                r = rng.random()
                if d and len(d) == 10 and r < 0.06:  # the text does not fix the day
                    hint = d[5:] if r < 0.03 else (d[:4] if r < 0.045 else None)
                    d = None
                elif d and len(d) == 10 and r < 0.10:
                    d = d[:7]
                parts = frozenset(m.name for m in grp)
                by_country: dict[str, set[str]] = {}
                for m in grp:
                    by_country.setdefault(m.country, set()).add(m.name)
                ev = SourceEvent(doc_id, idx, k, d, hint, pl.split(":")[0] if pl else None, nm, pl, parts,
                                 frozenset(m.country for m in grp),
                                 tuple(sorted((c, frozenset(v)) for c, v in by_country.items())))
                events.append(ev)
                truth[ev.key] = true_id
    return events, published, truth


def pair_scores(clusters: list[list[Any]], truth: dict[str, str]) -> dict[str, float]:
    """Pairwise precision and recall of the clusters against the true engagements (a sanity check)."""
    tp = pred_pairs = 0
    for members in clusters:
        pred_pairs += len(members) * (len(members) - 1) // 2
        tp += sum(v * (v - 1) // 2 for v in Counter(truth[m.key] for m in members).values())
    gold_pairs = sum(v * (v - 1) // 2 for v in Counter(truth.values()).values())
    return {"pairs_precision": round(tp / pred_pairs, 3) if pred_pairs else 1.0,
            "pairs_recall": round(tp / gold_pairs, 3) if gold_pairs else 1.0}


def timed(fn: Any, profile: bool) -> tuple[float, Any, list[str]]:
    prof = cProfile.Profile() if profile else None
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    out = fn()
    if prof:
        prof.disable()
    seconds = time.perf_counter() - t0
    lines: list[str] = []
    if prof:
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(12)
        lines = [ln for ln in buf.getvalue().splitlines() if ln.strip()][-13:]
        print("\n".join(lines), file=sys.stderr)
    return seconds, out, lines


def build_store(path: Path, events: list[Any], published: dict[str, str]) -> tuple[Any, float]:
    """A SQLite store holding these tellings as event_sources rows (and minimal documents rows)."""
    from sqlalchemy import insert

    from readouts import pipeline_version
    from readouts.store import open_store
    from readouts.store import schema as t
    from readouts.store.resolution import PENDING

    version = pipeline_version()
    store = open_store(str(path))
    t0 = time.perf_counter()
    docs = [{"id": d, "path": f"synthetic/{d}.txt", "title": None, "published": pub, "doc_type": "readout",
             "source_format": "text", "text": "", "text_chars": 0, "fingerprint": d, "record": "{}",
             "pipeline_version": version, "ingested_at": "2026-01-01T00:00:00+00:00"} for d, pub in published.items()]

    def dumps(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False, sort_keys=True)

    rows = [{"doc_id": e.doc_id, "idx": e.idx, "event_id": PENDING, "kind": e.kind,
             "status": "planned" if e.date and len(e.date) == 7 else "held", "date": e.date,
             "date_hint": e.date_hint, "country": e.country, "place": e.place_key.split(":", 1)[1] if e.place_key
             else None, "place_key": e.place_key, "format": "phone" if e.kind == "call" else "in_person",
             "name": e.name, "participants": dumps(sorted(e.participants)), "parties": dumps(sorted(e.parties)),
             "by_country": dumps({k: sorted(v) for k, v in e.by_country}), "evidence": "[[0, 10]]",
             "pipeline_version": version} for e in events]
    with store.engine.begin() as conn:
        for i in range(0, len(docs), 5000):
            conn.execute(insert(t.documents), docs[i:i + 5000])
        for i in range(0, len(rows), 5000):
            conn.execute(insert(t.event_sources), rows[i:i + 5000])
    return store, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="documents whose tellings are clustered (default 10000,"
                                                            "100000)")
    ap.add_argument("--store-size", type=int, default=100_000,
                    help="documents in the SQLite store for resolve_all (default 100000; 0 skips it)")
    ap.add_argument("--seed", type=int, default=7, help="seed of the synthetic tellings")
    ap.add_argument("--profile", action="store_true", help="profile each timed call (slower) and print the top")
    ap.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default {RESULTS.relative_to(REPO)})")
    args = ap.parse_args(argv)
    from readouts.resolve.events import cluster

    report: dict[str, Any] = {"benchmark": "resolution", "machine": machine_info(), "seed": args.seed,
                              "profiled": args.profile, "cluster": {}, "resolve_all": None}
    cache: dict[int, tuple[list[Any], dict[str, str], dict[str, str]]] = {}
    for size in [int(x) for x in args.sizes.split(",") if x.strip()]:
        events, published, truth = cache.setdefault(size, synthetic_events(size, args.seed))
        print(f"cluster(): {size:,} documents, {len(events):,} tellings ...", file=sys.stderr, flush=True)
        seconds, clusters, prof = timed(lambda ev=events: cluster(ev), args.profile)
        sizes = Counter(len(c) for c in clusters)
        report["cluster"][str(size)] = {
            "docs": size, "tellings": len(events), "events": len(clusters),
            "true_engagements": len(set(truth.values())), "largest_cluster": max(sizes),
            "seconds": round(seconds, 2), **pair_scores(clusters, truth),
            **({"profile": prof} if prof else {})}
        print(f"  {seconds:.2f} s -> {len(clusters):,} events", file=sys.stderr, flush=True)

    if args.store_size:
        size = args.store_size
        events, published, _ = cache.get(size) or synthetic_events(size, args.seed)
        with tempfile.TemporaryDirectory(prefix="readouts-resolution-") as tmp:
            path = Path(tmp) / "store.db"
            print(f"filling a SQLite store with {size:,} documents' {len(events):,} event sources ...", file=sys.stderr,
                  flush=True)
            store, fill_s = build_store(path, events, published)
            print(f"  {fill_s:.1f} s; Store.resolve_all() ...", file=sys.stderr, flush=True)
            seconds, n_events, prof = timed(store.resolve_all, args.profile)
            store_mib = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1024 / 1024
            store.engine.dispose()
        report["resolve_all"] = {"docs": size, "tellings": len(events), "events": n_events,
                                 "seconds": round(seconds, 2), "fill_seconds": round(fill_s, 2),
                                 "store_mib": round(store_mib, 1), "target_s": 60, "meets_target": seconds < 60,
                                 **({"profile": prof} if prof else {})}
        print(f"  {seconds:.2f} s -> {n_events:,} events", file=sys.stderr, flush=True)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\n{'what':<28} {'docs':>8} {'tellings':>9} {'events':>8} {'seconds':>8}  pairs P/R")
    for r in report["cluster"].values():
        print(f"{'cluster()':<28} {r['docs']:>8,} {r['tellings']:>9,} {r['events']:>8,} {r['seconds']:>8.2f}  "
              f"{r['pairs_precision']:.3f}/{r['pairs_recall']:.3f}")
    if report["resolve_all"]:
        r = report["resolve_all"]
        print(f"{'Store.resolve_all() SQLite':<28} {r['docs']:>8,} {r['tellings']:>9,} {r['events']:>8,} "
              f"{r['seconds']:>8.2f}  (target < 60 s: {'met' if r['meets_target'] else 'MISSED'})")
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
