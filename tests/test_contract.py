"""Every record of the bundled examples against the extraction contract (shared/spec/extraction-format.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readouts.load import discover
from readouts.model import ACTS, DOC_TYPES, EVENT_FORMATS, EVENT_KINDS, EVENT_STATUSES, TOPICS

pytestmark = pytest.mark.slow

TOP_KEYS = {"doc", "persons", "events", "quotes", "turns", "topics", "statements"}
DOC_KEYS = {"id", "path", "title", "published", "publisher", "doc_type", "text_chars"}
PERSON_KEYS = {"name", "title", "country", "mentions"}
EVENT_KEYS = {"event_id", "kind", "status", "date", "country", "place", "format", "participants", "evidence"}
QUOTE_KEYS = {"speaker", "text", "span"}
TURN_KEYS = {"speaker", "label", "interpreted", "span"}
STATEMENT_KEYS = {"actor", "act", "topics", "text", "span"}
CODE = re.compile(r"[A-Z]{2}")
ACTOR_CODES = re.compile(r"[A-Z]{2}(\+[A-Z]{2})*")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DAY_OR_MONTH = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def all_spans(rec: dict) -> list[tuple[str, list[int]]]:
    out = []
    out += [("person", m) for p in rec["persons"] for m in p["mentions"]]
    out += [("event", s) for e in rec["events"] for s in e["evidence"]]
    out += [("quote", q["span"]) for q in rec["quotes"]]
    out += [("turn", t["span"]) for t in rec["turns"]]
    out += [("statement", s["span"]) for s in rec["statements"]]
    out += [("topic", s) for spans in rec.get("topic_evidence", {}).values() for s in spans]
    return out


def test_there_is_one_record_per_example_document_in_order(example_records, examples_dir):
    assert [rec["doc"]["path"] for _, rec in example_records] == discover([str(examples_dir)])


def test_records_have_every_contract_key(example_records):
    for _, rec in example_records:
        assert set(rec) >= TOP_KEYS
        assert set(rec["doc"]) >= DOC_KEYS
        for p in rec["persons"]:
            assert set(p) >= PERSON_KEYS
        for e in rec["events"]:
            assert set(e) >= EVENT_KEYS
        for q in rec["quotes"]:
            assert set(q) >= QUOTE_KEYS
        for t in rec["turns"]:
            assert set(t) >= TURN_KEYS
        for s in rec["statements"]:
            assert set(s) >= STATEMENT_KEYS


def test_doc_fields_have_valid_values(example_records):
    for ex, rec in example_records:
        d = rec["doc"]
        assert re.fullmatch(r"[0-9a-f]{16}", d["id"])
        assert d["doc_type"] in DOC_TYPES
        assert d["published"] is None or DAY.fullmatch(d["published"])
        assert d["text_chars"] == len(ex.doc.text)


def test_value_sets_of_events_statements_and_topics(example_records):
    for _, rec in example_records:
        names = {p["name"] for p in rec["persons"]}
        for e in rec["events"]:
            assert e["kind"] in EVENT_KINDS
            assert e["status"] in EVENT_STATUSES
            assert e["format"] is None or e["format"] in EVENT_FORMATS
            assert e["date"] is None or DAY_OR_MONTH.fullmatch(e["date"])
            assert e["country"] is None or CODE.fullmatch(e["country"])
            assert isinstance(e["event_id"], str) and e["event_id"]
            assert set(e["participants"]) <= names
        for s in rec["statements"]:
            assert s["act"] in ACTS
            assert set(s["topics"]) <= set(TOPICS)
            assert s["actor"] in names or ACTOR_CODES.fullmatch(s["actor"]), s["actor"]
        assert set(rec["topics"]) <= set(TOPICS)
        assert len(rec["topics"]) == len(set(rec["topics"]))
        for p in rec["persons"]:
            assert p["country"] is None or CODE.fullmatch(p["country"])
        for q in rec["quotes"]:
            assert q["speaker"] in names
            assert len(q["text"].split()) >= 4
        for t in rec["turns"]:
            assert isinstance(t["interpreted"], bool)


def test_every_span_is_within_the_text(example_records):
    for ex, rec in example_records:
        n = len(ex.doc.text)
        for what, (s, e) in all_spans(rec):
            assert 0 <= s < e <= n, (rec["doc"]["path"], what, s, e)


def test_quote_and_statement_texts_are_the_text_at_their_spans(example_records):
    for ex, rec in example_records:
        for item in rec["quotes"] + rec["statements"]:
            s, e = item["span"]
            assert ex.doc.text[s:e] == item["text"]


def test_person_mentions_point_at_non_furniture_text_naming_the_person(example_records):
    for ex, rec in example_records:
        for p, prec in zip(ex.persons, rec["persons"], strict=True):
            for s, e in prec["mentions"]:
                assert not ex.doc.is_furniture(s, e), (rec["doc"]["path"], p.name, ex.doc.text[s:e])
                # the family name, or the given name alone ("Thanks, Dana.")
                written = ex.doc.text[s:e].lower()
                words = [w.lower().rstrip(".") for w in p.name.split() if len(w.rstrip(".")) > 1]
                assert any(w in written for w in words), (rec["doc"]["path"], p.name, ex.doc.text[s:e])


def test_offsets_of_text_files_index_the_file_as_read(example_records):
    for ex, rec in example_records:
        path = Path(rec["doc"]["path"])
        if path.suffix in (".txt", ".md"):
            assert path.read_text(encoding="utf-8") == ex.doc.text
