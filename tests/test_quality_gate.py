"""Quality gate: `readouts extract` over annotated documents, scored with shared/tools/score.py,
against floors pinned in tests/quality_baseline.json. Floors only move up."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readouts.cli import app

HERE = Path(__file__).resolve().parent
BASELINE = json.loads((HERE / "quality_baseline.json").read_text(encoding="utf-8"))
SCORE_PY = HERE.parent / ".." / "shared" / "tools" / "score.py"


def load_scorer():
    if not SCORE_PY.is_file():
        pytest.skip(f"scorer not found at {SCORE_PY}")
    spec = importlib.util.spec_from_file_location("readouts_shared_score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def figures(result: dict) -> dict[str, float | None]:
    acc = result["accuracy"]
    return {
        "persons_f1": result["persons"]["f1"],
        "events_f1": result["events"]["f1"],
        "events_strict_f1": result["events_strict"]["f1"],
        "person_title_acc": acc["person_title"],
        "person_country_acc": acc["person_country"],
        "quote_speaker_acc": acc["quote_speaker"],
        "turn_speaker_acc": acc["turn_speaker"],
        "quotes_f1": result["quotes"]["f1"],
        "turns_f1": result["turns"]["f1"],
        "topics_f1": result["topics"]["f1"],
        "statements_f1": result["statements"]["f1"],
        "event_merge_f1": result["event_merge"]["f1"],
        "doc_type_acc": acc["doc_type"],
        "published_acc": acc["doc_published"],
    }


def measure(corpus: Path, tmp_path: Path) -> dict[str, float | None]:
    score = load_scorer()
    preds = tmp_path / "preds.jsonl"
    result = CliRunner().invoke(app, ["extract", str(corpus), "--format", "jsonl", "-o", str(preds), "--quiet"])
    assert result.exit_code == 0, result.stderr
    out = score(corpus, preds)
    assert out["docs_missing"] == [], f"documents with no record: {out['docs_missing']}"
    return figures(out)


def check(measured: dict[str, float | None], floors: dict[str, float]) -> None:
    below = {k: (measured.get(k), floor) for k, floor in floors.items()
             if isinstance(floor, int | float) and (measured.get(k) is None or measured[k] < floor)}
    report = ", ".join(f"{k}={v}" for k, v in sorted(measured.items()))
    assert not below, f"below the pinned floor (measured, floor): {below}; all figures: {report}"


def dev_floors() -> dict[str, float]:
    return {k: v for k, v in BASELINE.items() if not isinstance(v, dict)}


@pytest.mark.slow
def test_quality_gate_on_the_dev_corpus(corpus_dir, tmp_path):
    check(measure(corpus_dir, tmp_path), dev_floors())


@pytest.mark.slow
def test_quality_gate_on_the_bundled_examples(examples_dir, tmp_path):
    check(measure(examples_dir, tmp_path), BASELINE["examples"])


def test_baseline_floors_are_fractions():
    for floors in (dev_floors(), BASELINE["examples"]):
        assert floors and all(0.0 <= v <= 1.0 for v in floors.values())
