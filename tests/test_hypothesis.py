"""Property tests: the rule stages never raise on arbitrary text and keep their spans inside it. No model."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from readouts.model import Document
from readouts.pipeline import dates, furniture, quotes, sentences, turns

# text built from pieces the stages react to, mixed with arbitrary characters
PIECES = [
    "Secretary Austin", "MIN. KIHARA (THROUGH INTERPRETER):", "Q:", "MODERATOR:", "STAFF: ", "said", " said: ",
    "\u201c", "\u201d", '"', "'", ".", ". ", "!", "?", ":", ";", ",", "\n", "\n\n", " ", "\t", "\u00a0",
    "May 4, 2022", "June 1", "today", "yesterday", "on Monday", "last week", "in January", "last September",
    "Sept.", "2023-02-30", "U.S.", "Mr.", "Photo By: Sgt. A. B.", "VIRIN: 230101-D-AB123-0001.JPG",
    "Related Stories", "By Jordan Castillo", "An official website of the United States government",
    "| BY Sam Rivers", "(AP)", "1.", "\u2022 ", "Here\u2019s how you know", "\u2014", "\r\n", "\x00", "\ufeff",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)
pubs = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)))

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def inside(span, text: str) -> bool:
    s, e = span
    return 0 <= s <= e <= len(text)


@SETTINGS
@given(texts, pubs)
def test_dates_find_never_raises_and_spans_are_inside(text, pub):
    found = dates.find(text, pub)
    last_end = -1
    for d in found:
        assert inside(d.span, text) and d.span[0] < d.span[1]
        assert text[d.span[0]:d.span[1]] == d.text
        assert d.span[0] >= last_end  # no overlaps, in order
        last_end = d.span[1]
        assert d.value is None or len(d.value) in (7, 10)
        if pub is None and d.relative:
            assert d.value is None


@SETTINGS
@given(texts)
def test_furniture_find_never_raises_and_masking_keeps_length(text):
    found = furniture.find(text)
    for f in found:
        assert inside(f.span, text)
    doc = Document(id="x", path="t.txt", text=text, furniture=found)
    masked = furniture.mask(doc)
    assert len(masked) == len(text)
    assert all((m == c) or (m == " " and c != "\n") for m, c in zip(masked, text, strict=True))


@SETTINGS
@given(texts)
def test_sentences_split_never_raises_and_sentences_do_not_overlap(text):
    spans = sentences.split(text)
    last_end = 0
    for s, e in spans:
        assert inside((s, e), text) and s < e
        assert s >= last_end
        assert not text[s].isspace() and not text[e - 1].isspace()
        last_end = e


@SETTINGS
@given(texts)
def test_turn_labels_never_raise_and_are_inside(text):
    last = -1
    for lab in turns.find_labels(text):
        assert inside((lab.start, lab.end), text) and lab.start < lab.end
        assert lab.start > last
        last = lab.start
        assert lab.label


@SETTINGS
@given(texts, st.data())
def test_quote_pairs_never_raise_and_are_inside_the_window(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    last_close = start - 1
    for o, c in quotes.pairs(text, start, end):
        assert start <= o < c < end
        assert o > last_close
        assert text[o] in quotes.OPEN and text[c] in quotes.CLOSE
        last_close = c


@SETTINGS
@given(st.one_of(st.binary(max_size=300), texts.map(lambda t: t.encode("utf-8")),
                 texts.map(lambda t: t.encode("utf-16")), texts.map(lambda t: t.encode("cp1252", "replace"))))
def test_load_bytes_gives_a_document_or_a_load_error(raw):
    from readouts.errors import LoadError
    from readouts.load import load_bytes

    try:
        doc = load_bytes(raw, "t.txt")
    except LoadError as exc:
        assert exc.reason
        return
    assert isinstance(doc.text, str) and doc.text.strip()
    assert "\x00" not in doc.text


@SETTINGS
@given(texts, st.one_of(st.none(), st.dates().map(date.isoformat)))
def test_metadata_never_raises_and_spans_are_inside(text, published):
    from readouts.model import Extraction
    from readouts.pipeline import metadata
    from readouts.pipeline.context import Context

    ctx = Context(ex=Extraction(doc=Document(id="x", path="t.txt", text=text, published=published)))
    furniture.run(ctx)
    metadata.run(ctx)
    sentences.run(ctx)
    doc = ctx.ex.doc
    for span in (doc.title_span, doc.published_span):
        assert span is None or inside(span, text)
    assert doc.published is None or len(doc.published) == 10
    if published:
        assert doc.published == published


# --- the whole pipeline (loads the model: slow, few examples) ------------------------------------

WORDS = PIECES + [
    "Secretary of Defense Lloyd J. Austin III", "Minister Kihara", "HAYASHI Yoshimasa", "met", "spoke with",
    "will meet", "in Tokyo", "at the Pentagon", "2+2", "telephone call", "Senkaku Islands", "reaffirmed",
    "The Ministers", "he said", "Joint Statement", "(summary)", "declined to meet", "Yesterday,",
]
story_texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(texts, story_texts), st.sampled_from([None, "2023-03-01", "2024-12-31"]))
def test_pipeline_never_fails_and_every_span_is_inside_the_text(text, published):
    from readouts.model import doc_id_for
    from readouts.pipeline import extract

    if not text.strip():
        return
    doc = Document(id=doc_id_for(text.encode()), path="t.txt", text=text, published=published)
    rec = extract(doc).to_record()
    n = len(text)
    spans = [m for p in rec["persons"] for m in p["mentions"]]
    spans += [s for e in rec["events"] for s in e["evidence"]]
    spans += [t["span"] for t in rec["turns"]]
    for s, e in spans:
        assert 0 <= s <= e <= n
    for item in rec["quotes"] + rec["statements"]:
        assert text[item["span"][0]:item["span"][1]] == item["text"]


# --- the whole pipeline: line endings do not change what is found ------------------------------------

_WORDS = ["Secretary", "Austin", "Minister", "Kishi", "HAYASHI Yoshimasa", "met", "spoke today with", "in Tokyo",
          "said", '"We will defend the alliance together,"', "the Senkaku Islands", "North Korea", "reaffirmed",
          "SEC. AUSTIN:", "STAFF:", "Q:", "on May 4,", "yesterday", ".", ",", "and", "the", "Photo By: X", "VIRIN: 1"]


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14), min_size=1, max_size=8))
@example([["Secretary"], ["Austin", "met", "Secretary"], ["spoke today with"]])  # "\r" once counted as a character
@example([["met", ","], ["Austin"]])  # and once hid the comma that keeps a line in its sentence
def test_crlf_and_lf_texts_give_the_same_items(lines):
    from readouts.load import load_bytes
    from readouts.pipeline import extract

    text = "\n".join(" ".join(words) for words in lines) + "\n"

    def items(raw: str):
        ex = extract(load_bytes(raw.encode(), "t.txt", sidecar={"published": "2022-05-05"}))
        for p in ex.persons:
            for s, e in p.mentions:
                assert 0 <= s < e <= len(raw)
        return (sorted(p.name for p in ex.persons), [(e.kind, e.date, e.place, e.participants) for e in ex.events],
                [q.text.replace("\r", "") for q in ex.quotes], [(t.speaker, t.interpreted) for t in ex.turns],
                ex.topics, [(s.actor, s.act) for s in ex.statements])

    assert items(text) == items(text.replace("\n", "\r\n"))
