"""Ingest growth: time and peak memory of `readouts ingest` as the corpus grows.

    .venv/bin/python bench/growth.py                              # 1,000 and 10,000 documents, 1 and 2 workers
    .venv/bin/python bench/growth.py --sizes 1000 --workers 1     # one measurement
    .venv/bin/python bench/growth.py --sizes 1000,10000,100000    # 100k too (over an hour on 2 cores)

For each size, a corpus from ``bench/gen_corpus.py`` (seeded; kept under --work and reused) is
ingested into a fresh SQLite store by ``readouts ingest CORPUS --db DB --workers W``, run as a
child process. Measured: wall time; the child's peak RSS from ``os.wait4`` (the largest single
process of its tree: with workers, the bigger of the main process and a worker); the main
process's own peak (VmHWM) and the peak of the summed RSS of the whole tree, sampled from /proc
every half second; and, every few seconds, how many documents the store holds, so a per-document
cost that drifts as the store grows shows up as falling docs/s late in the run.

Results are merged into ``bench/results/growth.json`` (one entry per size and worker count, so
sizes can be measured in separate runs) with the linearity figures derived from what is there:
time(10k)/time(1k) (10 if linear; the fixed start-up cost pulls it below) and peak RSS(10k)/(1k).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from gen_corpus import write_tree
from throughput import machine_info

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "growth.json"
READOUTS = REPO / ".venv" / "bin" / "readouts"
DEFAULT_WORK = Path("/tmp/readouts-bench")
SEED = 20240601


def corpus_dir(work: Path, size: int, seed: int) -> Path:
    """The generated corpus of `size` documents (made once, then reused)."""
    folder = work / f"corpus-{seed}-{size}"
    meta = folder / "corpus.json"
    if meta.exists():
        info = json.loads(meta.read_text(encoding="utf-8"))
        if info.get("docs") == size and info.get("seed") == seed:
            return folder
    shutil.rmtree(folder, ignore_errors=True)
    print(f"generating {size:,} documents into {folder} ...", file=sys.stderr, flush=True)
    write_tree(folder, size, seed, progress=size >= 20_000)
    return folder


def finished_run(docs: int, configs: tuple[str, ...], seed: int = SEED) -> tuple[str, dict[str, Any]] | None:
    """(key, run) of growth.json's first run of `docs` documents among `configs` ("w2", "dask", ...) that
    finished with every document and whose store is still on disk."""
    if not RESULTS.exists():
        return None
    report = json.loads(RESULTS.read_text(encoding="utf-8"))
    if report.get("seed") != seed:
        return None
    for config in configs:
        key = f"{docs}-{config}"
        run = report.get("runs", {}).get(key)
        if run and not run.get("timed_out") and run["new"] == docs and Path(run["db"]).exists():
            return key, run
    return None


def _status_kib(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    """Every process under `pid` (from the parent ids in /proc/*/stat)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        parent[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out += kids
        todo += kids
    return out


class Sampler(threading.Thread):
    """Samples the memory of a process tree, and the document count of the store, while it runs."""

    def __init__(self, pid: int, db: Path, every: float = 0.5, count_every: float = 5.0):
        super().__init__(daemon=True)
        self.pid, self.db, self.every, self.count_every = pid, db, every, count_every
        self.stop = threading.Event()
        self.main_hwm_kib = 0
        self.worker_hwm_kib: dict[int, int] = {}
        self.tree_peak_kib = 0
        self.progress: list[tuple[float, int]] = []  # (seconds since start, documents stored)
        self.started = time.perf_counter()

    def count(self) -> int | None:
        if not self.db.exists():
            return None
        try:
            with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=1) as conn:
                return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            return None

    def run(self) -> None:
        next_count = 0.0
        while not self.stop.is_set():
            hwm = _status_kib(self.pid, "VmHWM")
            if hwm:
                self.main_hwm_kib = max(self.main_hwm_kib, hwm)
            tree = _status_kib(self.pid, "VmRSS")
            for kid in _descendants(self.pid):
                tree += _status_kib(kid, "VmRSS")
                self.worker_hwm_kib[kid] = max(self.worker_hwm_kib.get(kid, 0), _status_kib(kid, "VmHWM"))
            self.tree_peak_kib = max(self.tree_peak_kib, tree)
            now = time.perf_counter() - self.started
            if now >= next_count:
                n = self.count()
                if n is not None:
                    self.progress.append((round(now, 1), n))
                next_count = now + self.count_every
            self.stop.wait(self.every)


def run_ingest(corpus: Path, db: Path, workers: int, log: Path, timeout: float | None = None,
               dask: bool = False) -> dict[str, Any]:
    """`readouts ingest` in a child process: wall time, peak RSS (wait4), sampled memory, summary.

    The child runs in its own session; past `timeout` seconds its process group is stopped
    (SIGTERM, then SIGKILL): each document is its own transaction, so the store keeps what was
    done, and the result says how far it got."""
    cmd = [str(READOUTS), "ingest", str(corpus), "--db", str(db)]
    cmd += ["--dask", "local"] if dask else ["--workers", str(workers)]
    timed_out = False
    with open(log, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=REPO, start_new_session=True)
        sampler = Sampler(proc.pid, db)
        sampler.start()
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if timeout and time.perf_counter() - started > timeout and not timed_out:
                timed_out = True
                os.killpg(proc.pid, signal.SIGTERM)  # the group of the child started above, and only it
                deadline = time.perf_counter() + 20
                while time.perf_counter() < deadline:
                    pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                    if pid:
                        break
                    time.sleep(0.2)
                else:
                    os.killpg(proc.pid, signal.SIGKILL)
                    pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        sampler.join()
    text = log.read_text(encoding="utf-8", errors="replace")
    summary = re.search(r"(\d+) new, (\d+) updated, (\d+) unchanged, (\d+) failed", text)
    if not timed_out and (proc.returncode != 0 or summary is None):
        raise SystemExit(f"readouts ingest failed (exit {proc.returncode}); see {log}:\n{text[-2000:]}")
    stored = sampler.count()
    if summary:
        new, updated, unchanged, failed = (int(x) for x in summary.groups())
    else:  # stopped: what the store holds is what was done
        new, updated, unchanged, failed = stored or 0, 0, 0, 0
    store_bytes = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    return {
        "seconds": round(seconds, 2),
        "timed_out": timed_out,
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),  # KiB on Linux: the largest process of the tree
        "main_peak_rss_mib": round(sampler.main_hwm_kib / 1024, 1),
        "worker_peak_rss_mib": sorted(round(v / 1024, 1) for v in sampler.worker_hwm_kib.values() if v),
        "tree_peak_rss_mib": round(sampler.tree_peak_kib / 1024, 1),
        "cpu_user_s": round(usage.ru_utime, 1),
        "cpu_sys_s": round(usage.ru_stime, 1),
        "new": new, "updated": updated, "unchanged": unchanged, "failed": failed,
        "store_mib": round(store_bytes / 1024 / 1024, 1),
        "progress": sampler.progress,
    }


def extrapolate(progress: list[tuple[float, int]], size: int) -> dict[str, Any] | None:
    """For a run stopped early: fit t(n) = a + b n + c n^2 to its (time, documents) samples and
    give the predicted time for `size` documents, and the marginal cost per document at the end."""
    import numpy as np

    pts = [(t, n) for t, n in progress if n > 0]
    if len(pts) < 6:
        return None
    t = np.array([p[0] for p in pts], dtype=float)
    n = np.array([p[1] for p in pts], dtype=float)
    c2, c1, c0 = np.polyfit(n, t, 2)
    tail = pts[-max(3, len(pts) // 10):]
    marginal = (tail[-1][0] - tail[0][0]) / max(1, tail[-1][1] - tail[0][1])
    return {"fit_seconds": [round(c0, 3), round(c1, 6), round(c2, 9)], "predicted_total_s": round(
        c0 + c1 * size + c2 * size * size), "marginal_s_per_doc_at_end": round(marginal, 3),
        "docs_done": pts[-1][1]}


def rate_curve(progress: list[tuple[float, int]], total_seconds: float, docs: int) -> dict[str, Any]:
    """docs/s over the first and the last tenth of the documents (a drift means per-document cost grows)."""
    points = [(0.0, 0), *progress, (total_seconds, docs)]

    def time_at(n: int) -> float:  # linear interpolation of the sampled (time, count) curve
        for (t0, n0), (t1, n1) in zip(points, points[1:], strict=False):
            if n1 >= n > n0:
                return t0 + (t1 - t0) * (n - n0) / (n1 - n0)
        return total_seconds

    tenth = max(1, docs // 10)
    first = time_at(tenth) - time_at(1) if docs > 20 else None
    last = total_seconds - time_at(docs - tenth)
    return {"docs_per_s_first_tenth": round(tenth / first, 2) if first else None,
            "docs_per_s_last_tenth": round(tenth / last, 2) if last > 0 else None}


def _total(r: dict[str, Any]) -> tuple[float, bool]:
    """A run's time for all its documents: measured, or extrapolated when it was stopped."""
    if r.get("timed_out"):
        ext = r.get("extrapolation") or {}
        return float(ext.get("predicted_total_s") or "nan"), True
    return r["seconds"], False


def derive(runs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Linearity and memory growth between the sizes measured, per configuration."""
    out: dict[str, Any] = {}
    by_config: dict[str, dict[int, dict[str, Any]]] = {}
    for r in runs.values():
        by_config.setdefault(str(r["workers"]), {})[r["docs"]] = r
    for w, by_size in sorted(by_config.items()):
        sizes = sorted(by_size)
        for a, b in zip(sizes, sizes[1:], strict=False):
            ra, rb = by_size[a], by_size[b]
            ta, ext_a = _total(ra)
            tb, ext_b = _total(rb)
            startup = ra.get("startup_s")
            out[f"{'w' + w if w.isdigit() else w}:{b}/{a}"] = {
                "size_ratio": round(b / a, 2),
                "time_ratio": round(tb / ta, 2),
                "extrapolated": ext_a or ext_b,
                "marginal_time_ratio": round((tb - startup) / (ta - startup), 2) if startup else None,
                "ms_per_doc": [round(1000 * ta / a, 1), round(1000 * tb / b, 1)],
                "peak_rss_ratio": round(rb["peak_rss_mib"] / ra["peak_rss_mib"], 2),
                "tree_rss_ratio": round(rb["tree_peak_rss_mib"] / ra["tree_peak_rss_mib"], 2),
            }
    for size in sorted({r["docs"] for r in runs.values()}):
        one, two = runs.get(f"{size}-w1"), runs.get(f"{size}-w2")
        if one and two:
            out[f"speedup_2w:{size}"] = round(_total(one)[0] / _total(two)[0], 2)
    return out


def _partition(db: Path) -> set[frozenset[tuple[str, int]]]:
    con = sqlite3.connect(db)
    try:
        groups: dict[str, set[tuple[str, int]]] = {}
        for d, i, e in con.execute("SELECT doc_id, idx, event_id FROM event_sources"):
            groups.setdefault(e, set()).add((d, i))
    finally:
        con.close()
    return {frozenset(g) for g in groups.values()}


def check_resolution(db: Path) -> dict[str, int]:
    """Events the store built document by document against one ``resolve_all`` over a copy (not timed)."""
    from readouts.store import open_store

    copy = db.with_name(db.stem + "-resolved.db")
    src = sqlite3.connect(db)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    incremental = _partition(db)
    store = open_store(str(copy))
    store.resolve_all()
    store.engine.dispose()
    batch = _partition(copy)
    copy.unlink()
    return {"events": len(incremental), "batch_events": len(batch), "identical": len(incremental & batch),
            "only_incremental": len(incremental - batch), "only_batch": len(batch - incremental)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes in documents (default 1000,10000)")
    ap.add_argument("--workers", default="1,2", help="worker counts to run each size with (default 1,2)")
    ap.add_argument("--seed", type=int, default=SEED, help="seed of the generated corpora")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK,
                    help=f"folder for corpora and stores, kept for reuse (default {DEFAULT_WORK})")
    ap.add_argument("--timeout", type=float, default=840,
                    help="stop an ingest after this many seconds and extrapolate from its progress (default 840)")
    ap.add_argument("--dask", action="store_true", help="also time `readouts ingest --dask local` (bulk: resolution "
                                                        "once at the end) for each size")
    ap.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default {RESULTS.relative_to(REPO)})")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    workers = [int(x) for x in args.workers.split(",") if x.strip()]
    args.work.mkdir(parents=True, exist_ok=True)

    report: dict[str, Any] = {}
    if args.out.exists():
        report = json.loads(args.out.read_text(encoding="utf-8"))
        if report.get("seed") != args.seed:
            report = {}
    runs: dict[str, dict[str, Any]] = report.get("runs", {})

    # the fixed cost of one ingest (start-up, model load, a first batch): 16 documents
    probe = corpus_dir(args.work, 16, args.seed)
    startup: dict[int, float] = {}
    for w in workers:
        db = args.work / f"probe-w{w}.db"
        for p in args.work.glob(db.name + "*"):
            p.unlink()
        startup[w] = run_ingest(probe, db, w, args.work / f"probe-w{w}.log")["seconds"]
        print(f"start-up (16 documents, {w} worker(s)): {startup[w]:.1f} s", file=sys.stderr, flush=True)

    for size in sizes:
        corpus = corpus_dir(args.work, size, args.seed)
        for w in [*workers, *(["dask"] if args.dask else [])]:
            key = f"{size}-{'dask' if w == 'dask' else f'w{w}'}"
            db = args.work / f"growth-{key}.db"
            for p in args.work.glob(db.name + "*"):
                p.unlink()
            how = "--dask local" if w == "dask" else f"{w} worker(s)"
            print(f"ingesting {size:,} documents ({how}) ...", file=sys.stderr, flush=True)
            r = run_ingest(corpus, db, 2 if w == "dask" else int(w), args.work / f"growth-{key}.log", args.timeout,
                           dask=w == "dask")
            r.update(docs=size, workers=w, startup_s=startup.get(w), db=str(db), corpus=str(corpus),
                     **rate_curve(r["progress"], r["seconds"], r["new"]))
            if r["timed_out"]:
                r["extrapolation"] = extrapolate(r["progress"], size)
            elif w != "dask":
                r["resolution_check"] = check_resolution(db)
                print(f"  incremental events vs one resolve_all: {r['resolution_check']}", file=sys.stderr,
                      flush=True)
            runs[key] = r
            done = f"stopped after {r['seconds']:.0f} s with {r['new']:,} documents stored" if r["timed_out"] \
                else f"{r['seconds']:.1f} s, {size / r['seconds']:.1f} docs/s"
            print(f"  {done}, peak RSS {r['peak_rss_mib']:.0f} MiB (tree {r['tree_peak_rss_mib']:.0f} MiB), "
                  f"store {r['store_mib']:.0f} MiB", file=sys.stderr, flush=True)
            report = {"benchmark": "growth", "seed": args.seed, "machine": machine_info(), "runs": runs,
                      "derived": derive(runs)}
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(f"\n{'docs':>7} {'config':>7} {'seconds':>9} {'docs/s':>7} {'first/last 10% docs/s':>22} "
          f"{'peak RSS':>9} {'main':>6} {'tree':>6} {'store':>8}")
    for r in sorted(runs.values(), key=lambda r: (r["docs"], str(r["workers"]))):
        curve = f"{r['docs_per_s_first_tenth'] or 0:.1f} / {r['docs_per_s_last_tenth'] or 0:.1f}"
        total, ext = _total(r)
        secs = f"~{total:,.0f}*" if ext else f"{total:,.1f}"
        config = "dask" if r["workers"] == "dask" else f"{r['workers']}w"
        print(f"{r['docs']:>7,} {config:>7} {secs:>9} {r['docs'] / total:>7.1f} {curve:>22} "
              f"{r['peak_rss_mib']:>5.0f} MiB {r['main_peak_rss_mib']:>6.0f} {r['tree_peak_rss_mib']:>6.0f} "
              f"{r['store_mib']:>4.0f} MiB")
    if any(r.get("timed_out") for r in runs.values()):
        print("* stopped at the time limit; total extrapolated from its progress (quadratic fit)")
    for k, v in report.get("derived", {}).items():
        print(f"{k}: {v}")
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
