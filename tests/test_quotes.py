"""Direct quotes: attribution before / after / split, pronouns, unnamed sources, length floor."""

from __future__ import annotations

import pytest

from readouts.pipeline.quotes import pairs

LEAD = "Secretary of State Antony J. Blinken met Foreign Minister Yoshimasa Hayashi in Tokyo on Monday.\n\n"
PUB = "2023-03-07"


def quotes_of(run, body: str):
    ex = run(LEAD + body + "\n", published=PUB)
    return ex, [(q.speaker, q.text) for q in ex.quotes]


@pytest.mark.slow
def test_quotes_attributes_name_said_after_quote(run):
    _, qs = quotes_of(run, "\u201cOur alliance is the cornerstone of peace and prosperity in the region,\u201d "
                           "Blinken said after the talks.")
    assert qs == [("Antony J. Blinken",
                   "Our alliance is the cornerstone of peace and prosperity in the region,")]


@pytest.mark.slow
def test_quotes_attributes_said_name_after_quote(run):
    _, qs = quotes_of(run, '"We will keep working closely with our partners across the region," '
                           "said Minister Hayashi.")
    assert qs == [("Yoshimasa Hayashi", "We will keep working closely with our partners across the region,")]


@pytest.mark.slow
def test_quotes_attributes_name_said_colon_before_quote(run):
    _, qs = quotes_of(run, 'Secretary Blinken said: "The United States stands firmly with Japan on this issue."')
    assert qs == [("Antony J. Blinken", "The United States stands firmly with Japan on this issue.")]


@pytest.mark.slow
def test_quotes_split_around_the_cue_are_two_quotes_of_one_speaker(run):
    _, qs = quotes_of(run, "\u201cThe alliance has never been stronger than it is today,\u201d said Secretary "
                           "Blinken, \u201cand we intend to keep it that way for years to come.\u201d")
    assert [s for s, _ in qs] == ["Antony J. Blinken", "Antony J. Blinken"]
    assert qs[0][1].startswith("The alliance has never")
    assert qs[1][1].startswith("and we intend")


@pytest.mark.slow
def test_quotes_he_said_resolves_to_the_last_speaker(run):
    _, qs = quotes_of(run, "\u201cWe covered every part of our security cooperation,\u201d Blinken said.\n\n"
                           "\u201cWe discussed the situation in the East China Sea in great detail,\u201d Hayashi "
                           "told reporters. \u201cWe also agreed to meet again very soon,\u201d he said.")
    assert [s for s, _ in qs] == ["Antony J. Blinken", "Yoshimasa Hayashi", "Yoshimasa Hayashi"]


@pytest.mark.slow
def test_quotes_from_an_unnamed_official_are_dropped(run):
    _, qs = quotes_of(run, "\u201cThe talks covered a wide range of regional issues,\u201d a senior official said.")
    assert qs == []


@pytest.mark.slow
def test_quotes_from_an_unnamed_official_do_not_take_the_last_named_speaker(run):
    _, qs = quotes_of(run, "\u201cWe covered every part of our security cooperation,\u201d Blinken said.\n\n"
                           "\u201cThe ministers spent most of the time on North Korea,\u201d a senior State "
                           "Department official told reporters.")
    assert qs == [("Antony J. Blinken", "We covered every part of our security cooperation,")]


@pytest.mark.slow
def test_quotes_under_four_words_are_dropped(run):
    _, qs = quotes_of(run, "\u201cVery productive talks,\u201d Secretary Blinken said. "
                           "\u201cThank you all,\u201d Hayashi said.")
    assert qs == []


@pytest.mark.slow
def test_quotes_of_exactly_four_words_are_kept(run):
    _, qs = quotes_of(run, "\u201cThis was very productive,\u201d Secretary Blinken said.")
    assert qs == [("Antony J. Blinken", "This was very productive,")]


@pytest.mark.slow
def test_quote_span_text_equals_the_text_at_those_offsets(run):
    ex, qs = quotes_of(run, "\u201cThe alliance has never been stronger than it is today,\u201d said Secretary "
                            "Blinken, \u201cand we intend to keep it that way for years to come.\u201d\n\n"
                            '"We discussed the situation in the East China Sea in great detail," Hayashi said.')
    assert len(ex.quotes) == 3
    for q in ex.quotes:
        s, e = q.span
        assert ex.doc.text[s:e] == q.text
        assert ex.doc.text[s - 1] in "\u201c\"" and ex.doc.text[e] in "\u201d\""


@pytest.mark.slow
def test_quotes_in_a_transcript_turn_are_not_quotes(run):
    text = ("Secretary Austin and Minister Kihara Hold a Press Conference\n\n"
            "STAFF: Good afternoon, everyone.\n\n"
            "SECRETARY OF DEFENSE LLOYD J. AUSTIN III: As I told the minister, \u201cwe will always stand with "
            "our Japanese friends,\u201d and I meant it.\n\n"
            "Q: Mr. Secretary, what did you agree on today?\n")
    ex = run(text, published="2024-07-28")
    assert ex.turns
    assert ex.quotes == []


# --- quotation-mark pairs (no model) ----------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ('He said "one two three four" today.', [(8, 27)]),
    ("\u201ca\u201d and \u201cb\u201d", [(0, 2), (8, 10)]),
    ('no quotes here', []),
    ('an opening "without end', []),
])
def test_pairs_finds_quotation_mark_pairs(text, expected):
    assert pairs(text, 0, len(text)) == expected


@pytest.mark.slow
def test_quotes_attributes_according_to_name(run):
    _, qs = quotes_of(run, "According to Hayashi, \u201cthe two countries share a vision of a free and open "
                           "Indo-Pacific.\u201d")
    assert qs == [("Yoshimasa Hayashi", "the two countries share a vision of a free and open Indo-Pacific.")]
