"""Accuracy on the annotated corpora, scored with shared/tools/score.py.

usage: python bench/accuracy.py [CORPUS_DIR ...]

Defaults to ../shared/corpus/dev (when present) and examples/docs. Prints the
scorer's main figures per corpus and writes them to bench/results/accuracy.json.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "tools" / "score.py"


def load_scorer():
    spec = importlib.util.spec_from_file_location("readouts_score", SCORER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"scorer not found at {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(corpus: Path) -> dict:
    from readouts.core import extract_paths

    started = time.perf_counter()
    records = extract_paths([str(corpus)])
    seconds = time.perf_counter() - started
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for ex in records:
            fh.write(json.dumps(ex.to_record(), ensure_ascii=False) + "\n")
        out = Path(fh.name)
    result = load_scorer().score(corpus, out)
    out.unlink()
    result["seconds"] = round(seconds, 2)
    return result


def main(argv: list[str]) -> int:
    defaults = (ROOT.parent / "shared" / "corpus" / "dev", ROOT / "examples" / "docs")
    corpora = [Path(a) for a in argv] or [p for p in defaults if p.is_dir()]
    results = {}
    print(f"{'corpus':<14}{'persons':>9}{'events':>8}{'strict':>8}{'merge':>7}{'quotes':>8}{'turns':>7}"
          f"{'topics':>8}{'stmts':>7}")
    for corpus in corpora:
        r = measure(corpus)
        name = corpus.name if corpus.name != "docs" else "examples"
        results[name] = r
        print(f"{name:<14}" + "".join(f"{r[k]['f1'] if r[k]['f1'] is not None else '-':>{w}}" for k, w in (
            ("persons", 9), ("events", 8), ("events_strict", 8), ("event_merge", 7), ("quotes", 8), ("turns", 7),
            ("topics", 8), ("statements", 7))))
    out = ROOT / "bench" / "results" / "accuracy.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(f"written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
