"""Load: API readers on loopback while an ingest writes to the same store.

usage: python bench/load.py [--docs 300] [--readers 8] [--seconds 60] [--out bench/results/load.json]

Builds a store from the bundled examples, serves it with `readouts serve` on 127.0.0.1, and runs
`readouts ingest` of generated documents into the same SQLite store (WAL: readers go on while it
writes) while reader threads request the timeline, events, documents and search in a bounded loop.
Reports requests served, errors, p50/p95/max latency, and checks that every generated document
reached the store. Traffic goes to 127.0.0.1 only; the loop stops by itself.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
READOUTS = [sys.executable, "-m", "readouts"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(base: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("server did not start")


def reader(base: str, stop: threading.Event, out: list, errors: list, seed: int) -> None:
    rnd = random.Random(seed)
    with httpx.Client(base_url=base, timeout=10) as client:
        while not stop.is_set():
            try:
                events = client.get("/api/events", params={"limit": 20}).json()["items"]
                paths = ["/api/events?limit=50", "/api/search?q=alliance", "/api/stats", "/"]
                if events:
                    ev = rnd.choice(events)
                    paths += [f"/api/events/{ev['event_id']}", f"/api/documents/{ev['documents'][0]}"]
                path = rnd.choice(paths)
                t0 = time.perf_counter()
                r = client.get(path)
                out.append((path.split("?")[0].rsplit("/", 1)[0] or "/", time.perf_counter() - t0))
                if r.status_code >= 400:
                    errors.append((path, r.status_code))
            except (httpx.HTTPError, ValueError) as exc:
                errors.append(("exception", repr(exc)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--readers", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60, help="upper bound on the reading phase")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load.json")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from gen_corpus import write_tree  # noqa: E402

    work = Path(tempfile.mkdtemp(prefix="readouts-load-"))
    db = str(work / "load.db")
    subprocess.run(READOUTS + ["ingest", str(ROOT / "examples" / "docs"), "--db", db, "-q"], check=True)
    corpus = work / "corpus"
    write_tree(corpus, args.docs, 5)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(READOUTS + ["serve", "--db", db, "--port", str(port)], stderr=subprocess.DEVNULL)
    try:
        wait_up(base)
        stop = threading.Event()
        lat: list = []
        errors: list = []
        threads = [threading.Thread(target=reader, args=(base, stop, lat, errors, i), daemon=True)
                   for i in range(args.readers)]
        for th in threads:
            th.start()
        started = time.perf_counter()
        ingest = subprocess.Popen(READOUTS + ["ingest", str(corpus), "--db", db, "-q", "--workers", "1"])
        while ingest.poll() is None and time.perf_counter() - started < args.seconds * 20:
            time.sleep(0.5)
        ingest_s = time.perf_counter() - started
        stop.set()
        for th in threads:
            th.join(timeout=15)
        stats = httpx.get(base + "/api/stats", timeout=10).json()
    finally:
        server.terminate()
        server.wait(timeout=30)
    expected = 10 + len(list(corpus.rglob("*.txt"))) + len(list(corpus.rglob("*.md")))
    times = sorted(t for _, t in lat)

    def pct(p: float) -> float:
        return round(times[min(len(times) - 1, int(p * len(times)))] * 1000, 1) if times else 0.0

    by_route: dict[str, list[float]] = {}
    for route, t in lat:
        by_route.setdefault(route, []).append(t)
    result = {
        "readers": args.readers, "ingest_docs": args.docs, "ingest_exit": ingest.returncode,
        "ingest_seconds": round(ingest_s, 1), "requests": len(lat), "errors": len(errors),
        "error_samples": errors[:5], "p50_ms": pct(0.5), "p95_ms": pct(0.95), "max_ms": pct(1.0),
        "documents_in_store": stats["documents"], "documents_expected_at_least": expected,
        "per_route_p95_ms": {r: round(sorted(v)[int(0.95 * (len(v) - 1))] * 1000, 1) for r, v in by_route.items()},
        "median_ms": round(statistics.median(times) * 1000, 1) if times else None,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    return 0 if not errors and ingest.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
