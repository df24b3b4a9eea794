"""Near-duplicate detection: the same text under other furniture is found, other texts (another
government's account of the same meeting, the same template filled for another meeting) are not.
Figures of the larger run are in bench/dedup.py."""

from __future__ import annotations

import random

import pytest

from dup_corpus import furnish
from readouts.resolve import duplicates as dd
from store_corpus import DOCS


def texts() -> dict[str, str]:
    return {name: text for name, (_, text, _) in DOCS.items()}


def test_signature_similarity_tracks_the_jaccard_of_the_shingles():
    rnd = random.Random(3)
    for text in texts().values():
        variant = furnish(text, rnd)
        est = dd.similarity(dd.signature(text), dd.signature(variant))
        assert abs(est - dd.jaccard(text, variant)) < 0.15


@pytest.mark.parametrize("seed", range(5))
def test_every_furnished_copy_is_a_duplicate_and_no_two_documents_are(seed):
    rnd = random.Random(seed)
    base = texts()
    sketches = {n: dd.sketch(t) for n, t in base.items()}
    for name, text in base.items():
        if len(text.split()) < 40:  # two sentences under more furniture than text: not claimed
            continue
        copy = dd.sketch(furnish(text, rnd))
        found = {n for n, s in sketches.items() if set(dd.buckets(s.signature)) & set(dd.buckets(copy.signature))
                 and dd.same_text(s, copy) is not None}
        assert found == {name}, name


def test_two_governments_accounts_of_one_call_are_not_duplicates():
    base = texts()
    assert dd.jaccard(base["us_call"], base["jp_call"]) < 0.1
    assert dd.same_text(dd.sketch(base["us_call"]), dd.sketch(base["jp_call"])) is None


def test_the_same_template_for_two_meetings_is_not_a_duplicate():
    base = texts()  # two readouts of Secretary Blinken's calls, two days apart, one template
    assert dd.same_text(dd.sketch(base["chain_m"]), dd.sketch(base["chain_x"])) is None


def test_a_story_quoting_a_short_statement_in_full_is_not_a_copy_of_it():
    statement = texts()["undated_call"]
    story = " ".join(f"Paragraph {i} of the story weighs what the call meant for the region, number {i}."
                     for i in range(40)) + "\n\n" + statement
    assert dd.same_text(dd.sketch(statement), dd.sketch(story)) is None


def test_texts_without_words_have_no_signature_and_short_ones_have_one():
    assert dd.signature("") is None and dd.signature(" -- ... ") is None
    assert dd.similarity(dd.signature("Talks held."), dd.signature("TALKS, held!")) == 1.0
