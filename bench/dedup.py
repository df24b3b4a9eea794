"""Near-duplicate detection: precision and recall over generated documents and their mirrors.

The set: the first ``--docs`` documents of the corpus generator (bench/gen_corpus.py), and for
``--mirrored`` of them two copies each dressed in other sites' furniture (tests/dup_corpus.py:
navigation, share buttons, "related" lists, re-publication notices, hard line wraps). Every pair
of texts that are one text (an original and its copies, copies of one original, byte-identical
generated texts) is a true pair; every other pair is not, among them the hard ones: two
governments' accounts of one engagement (the generator's cluster labels) and one template filled
for two meetings. Texts are indexed one by one as the store does (MinHash buckets, then
``same_text`` on the candidates); a text is a duplicate of every earlier text it is matched to.

    .venv/bin/python bench/dedup.py [--docs 3000] [--mirrored 500] [--seed 20240601]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

from gen_corpus import CorpusGenerator  # noqa: E402
from throughput import machine_info  # noqa: E402

from dup_corpus import furnish  # noqa: E402
from readouts.resolve import duplicates as dd  # noqa: E402

RESULTS = REPO / "bench" / "results" / "dedup.json"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=3000, help="generated documents (default 3000)")
    ap.add_argument("--mirrored", type=int, default=500, help="documents given two furnished copies (default 500)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    rnd = random.Random(args.seed)
    texts: list[str] = []
    origin: list[int] = []  # index of the text each one repeats (itself for an original)
    labels: list[frozenset[str]] = []
    first_of: dict[str, int] = {}
    for i, doc in zip(range(args.docs), CorpusGenerator(args.seed).documents(), strict=False):
        key = " ".join(doc.text.split())
        texts.append(doc.text)
        origin.append(first_of.setdefault(key, i))
        labels.append(frozenset(doc.clusters))
    for i in rnd.sample(range(len(texts)), min(args.mirrored, len(texts))):
        for _ in range(2):
            texts.append(furnish(texts[i], rnd))
            origin.append(origin[i])
            labels.append(labels[i])

    order = list(range(len(texts)))
    rnd.shuffle(order)  # arrival order
    started = time.perf_counter()
    index: dict[tuple[int, str], list[int]] = defaultdict(list)
    sketches: dict[int, tuple] = {}
    found: set[tuple[int, int]] = set()
    attached: dict[int, int] = {}  # as the store does: a text matched to a stored one is not stored
    candidates = 0
    all_index: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i in order:
        sk = dd.sketch(texts[i])
        if sk is None:
            continue
        buckets = dd.buckets(sk.signature)
        cands = {j for b in buckets for j in all_index[b]}
        candidates += len(cands)
        for j in cands:
            if dd.same_text(sk, sketches[j]) is not None:
                found.add((min(i, j), max(i, j)))
        stored = {j for b in buckets for j in index[b]}
        scored = [(score, j) for j in stored if (score := dd.same_text(sk, sketches[j])) is not None]
        if scored:
            attached[i] = max(scored)[1]
        else:
            for b in buckets:
                index[b].append(i)
        sketches[i] = sk
        for b in buckets:
            all_index[b].append(i)
    seconds = time.perf_counter() - started
    seen_origin: set[int] = set()
    should_attach = 0
    for i in order:
        if origin[i] in seen_origin:
            should_attach += 1
        seen_origin.add(origin[i])
    right = sum(1 for i, j in attached.items() if origin[i] == origin[j])
    store_p = right / len(attached) if attached else 1.0
    store_r = right / should_attach if should_attach else 1.0

    groups: dict[int, list[int]] = defaultdict(list)
    for i, o in enumerate(origin):
        groups[o].append(i)
    gold = {(a, b) for g in groups.values() for a, b in combinations(sorted(g), 2)}
    tp = len(found & gold)
    fp_pairs = found - gold
    fn_pairs = gold - found
    same_engagement = sum(1 for a, b in fp_pairs if labels[a] & labels[b])
    precision = tp / len(found) if found else 1.0
    recall = tp / len(gold) if gold else 1.0
    hard_negatives = sum(1 for a, b in combinations(range(args.docs), 2)
                         if origin[a] != origin[b] and labels[a] & labels[b])
    report = {
        "benchmark": "dedup", "seed": args.seed, "machine": machine_info(),
        "texts": len(texts), "generated": args.docs, "mirrored": args.mirrored,
        "identical_generated_pairs": sum(1 for a, b in gold if a < args.docs and b < args.docs),
        "true_pairs": len(gold), "found_pairs": len(found), "true_positives": tp,
        "false_positives": len(fp_pairs), "false_positives_same_engagement": same_engagement,
        "false_negatives": len(fn_pairs), "precision": round(precision, 4), "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "same_engagement_pairs_in_set": hard_negatives,
        "store": {"texts_that_repeat_an_earlier_one": should_attach, "attached": len(attached),
                  "attached_rightly": right, "precision": round(store_p, 4), "recall": round(store_r, 4),
                  "stored": len(texts) - len(attached)},
        "candidates_checked": candidates, "seconds": round(seconds, 2),
        "ms_per_text": round(seconds * 1000 / len(texts), 3),
        "examples": {"false_positive": [_show(texts, a, b) for a, b in sorted(fp_pairs)[:3]],
                     "false_negative": [_show(texts, a, b) for a, b in sorted(fn_pairs)[:3]]},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{len(texts):,} texts ({args.docs:,} generated, {args.mirrored} given two furnished copies); "
          f"{len(gold):,} true pairs, of which {report['identical_generated_pairs']} byte-identical generated")
    print(f"{'precision':>10} {'recall':>8} {'F1':>6} {'found':>7} {'FP':>5} {'FP same engagement':>19} {'FN':>5}")
    print(f"{precision:>10.4f} {recall:>8.4f} {report['f1']:>6.4f} {len(found):>7,} {len(fp_pairs):>5} "
          f"{same_engagement:>19} {len(fn_pairs):>5}")
    print(f"as the store does (each text against the texts stored before it): {right} of {len(attached)} "
          f"texts attached to a stored one rightly (precision {store_p:.4f}); {right} of {should_attach} that "
          f"repeat an earlier text (recall {store_r:.4f})")
    print(f"{candidates:,} candidate pairs checked (of {len(texts) * (len(texts) - 1) // 2:,}); "
          f"{seconds:.1f} s, {report['ms_per_text']} ms per text")
    print(f"written: {args.out}")
    return 0


def _show(texts: list[str], a: int, b: int) -> dict:
    sa, sb = dd.sketch(texts[a]), dd.sketch(texts[b])
    return {"a": texts[a][:160], "b": texts[b][:160], "jaccard": round(dd.jaccard(texts[a], texts[b]), 3),
            "score": dd.same_text(sa, sb)}


if __name__ == "__main__":
    raise SystemExit(main())
