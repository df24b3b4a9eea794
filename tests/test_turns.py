"""Transcripts: speaker labels -> turns in order, speakers resolved, interpreters, roles, answers."""

from __future__ import annotations

import pytest

from readouts.pipeline.turns import find_labels

TRANSCRIPT = """\
Secretary of Defense Lloyd J. Austin III and Japanese Minister of Defense Kihara Minoru Hold a Joint Press Conference

July 29, 2024

MODERATOR: Good afternoon. The secretary and the minister will each make brief opening remarks.

SECRETARY OF DEFENSE LLOYD J. AUSTIN III: Thank you. Minister Kihara and I had a productive meeting this \
morning, and we agreed to upgrade our command and control relationships.

MIN. KIHARA (THROUGH INTERPRETER): Thank you, Secretary Austin. Japan will keep strengthening its defense \
capabilities.

MODERATOR: We'll go to Jane Doe of Example News.

Q: Thank you. Mr. Secretary, how will the new command structure work in practice?

SECRETARY AUSTIN: It will take time, but we have a clear plan and a good partner.

MIN. KIHARA (THROUGH INTERPRETER): I would add that Japan is making progress on its own joint command.

MODERATOR: Next question, please.

Q: Minister, what about the cost of these plans?

MIN. KIHARA (THROUGH INTERPRETER): We will explain the budget in due course.
"""

AUSTIN = "Lloyd J. Austin III"
KIHARA = "Minoru Kihara"


@pytest.fixture(scope="module")
def ex(run):
    return run(TRANSCRIPT)


@pytest.mark.slow
def test_turns_follow_the_labels_in_order(ex):
    assert [t.label for t in ex.turns] == [
        "MODERATOR", "SECRETARY OF DEFENSE LLOYD J. AUSTIN III", "MIN. KIHARA (THROUGH INTERPRETER)",
        "MODERATOR", "Q", "SECRETARY AUSTIN", "MIN. KIHARA (THROUGH INTERPRETER)", "MODERATOR", "Q",
        "MIN. KIHARA (THROUGH INTERPRETER)",
    ]
    starts = [t.span[0] for t in ex.turns]
    assert starts == sorted(starts)


@pytest.mark.slow
def test_turn_speakers_are_resolved_to_persons(ex):
    speakers = [t.speaker for t in ex.turns]
    assert speakers[1] == AUSTIN and speakers[5] == AUSTIN
    assert speakers[2] == speakers[6] == speakers[9] == KIHARA
    assert speakers[0] == speakers[3] == speakers[7] == "MODERATOR"


@pytest.mark.slow
def test_turns_through_an_interpreter_are_flagged(ex):
    assert [t.interpreted for t in ex.turns] == [
        "INTERPRETER" in t.label for t in ex.turns]
    assert sum(t.interpreted for t in ex.turns) == 3


@pytest.mark.slow
def test_the_questioner_named_by_the_moderator_is_the_speaker_of_the_q_turn(ex):
    assert ex.turns[4].speaker == "Jane Doe"
    assert ex.turns[8].speaker == "Q"  # "Next question, please" names nobody


@pytest.mark.slow
def test_turn_roles_and_answer_links(ex):
    assert [t.role for t in ex.turns] == [
        "moderator", "statement", "statement", "moderator", "question", "answer", "answer", "moderator",
        "question", "answer",
    ]
    assert [t.answers for t in ex.turns] == [None, None, None, None, None, 4, 4, None, None, 8]


@pytest.mark.slow
def test_turn_spans_hold_the_words_after_the_label(ex):
    text = ex.doc.text
    for t in ex.turns:
        s, e = t.span
        body = text[s:e]
        assert body and body == body.strip()
        ls, le = t.label_span
        assert text[ls:le].startswith(t.label.split(" (")[0])
        assert text[ls:s].rstrip().endswith(":") and le <= s
    assert text[ex.turns[4].span[0]:].startswith("Thank you. Mr. Secretary")


@pytest.mark.slow
def test_turn_records_follow_the_contract(ex):
    for rec in ex.to_record()["turns"]:
        assert {"speaker", "label", "interpreted", "span"} <= set(rec)
        assert isinstance(rec["interpreted"], bool)


@pytest.mark.slow
def test_a_story_with_a_colon_line_has_no_turns(run):
    text = ("Allies Agree on Next Steps\n\nNOTE: This story was updated.\n\n"
            "Secretary of Defense Lloyd J. Austin III met Minister of Defense Minoru Kihara in Tokyo on Sunday. "
            "The two agreed to expand exercises.\n")
    assert run(text, published="2024-07-28").turns == []


@pytest.mark.slow
def test_a_reporter_who_names_themselves_is_the_speaker(run):
    text = ("Press Briefing by Foreign Minister Hayashi\n\n"
            "FOREIGN MINISTER HAYASHI: I have nothing to announce today.\n\n"
            "Q: My name is Morgan Ellery from Example Broadcasting. Could you comment on the talks?\n\n"
            "FOREIGN MINISTER HAYASHI: The talks were constructive.\n")
    ex = run(text, published="2022-10-04")
    q = [t for t in ex.turns if t.label == "Q"]
    assert [t.speaker for t in q] == ["Morgan Ellery"]


# --- labels (no model) -------------------------------------------------------------------


def test_find_labels_reads_caps_labels_interpreters_and_q():
    text = ("MODERATOR: Welcome.\nSEC. AUSTIN: Thanks.\nMIN. KIHARA (THROUGH INTERPRETER): Thank you.\n"
            "Q: A question?\n")
    labels = find_labels(text)
    assert [lab.label for lab in labels] == ["MODERATOR", "SEC. AUSTIN", "MIN. KIHARA (THROUGH INTERPRETER)", "Q"]
    assert [lab.interpreted for lab in labels] == [False, False, True, False]
    for lab in labels:
        assert text[lab.start:lab.end].rstrip().endswith(":")


@pytest.mark.slow
def test_an_honorific_speaker_label_starts_its_own_turn(run):
    text = ("Remarks by Secretary Blinken and Foreign Minister Hayashi at a Joint Press Availability\n\n"
            "SECRETARY BLINKEN: Good afternoon. Thank you for hosting us.\n\n"
            "FOREIGN MINISTER HAYASHI: (As interpreted) Thank you. We had an excellent discussion.\n\n"
            "MR. PRICE: We will take two questions.\n\n"
            "QUESTION: A question for both ministers about North Korea.\n\n"
            "SECRETARY BLINKEN: I agree completely.\n")
    ex = run(text, published="2023-01-13")
    labels = [t.label for t in ex.turns]
    assert "MR. PRICE" in labels
    hayashi = ex.turns[1]
    assert "two questions" not in ex.doc.text[hayashi.span[0]:hayashi.span[1]]
