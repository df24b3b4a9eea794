"""Title, publication date and publisher from the text; doc_type at the end of the pipeline."""

from __future__ import annotations

import pytest

from readouts.load import load_bytes
from readouts.model import Extraction
from readouts.pipeline import furniture, metadata
from readouts.pipeline.context import Context


def head(text: str, **sidecar: str) -> Context:
    """Run the no-model stages that fill title / published / publisher."""
    ctx = Context(ex=Extraction(doc=load_bytes(text.encode("utf-8"), "t.txt", "text", sidecar)))
    furniture.run(ctx)
    metadata.run(ctx)
    return ctx


READOUT = (
    "Readout of Secretary of Defense Lloyd J. Austin III's Call With Japanese Minister of Defense Minoru Kihara\n\n"
    "Tuesday, March 7, 2023\n\n"
    "Pentagon Press Secretary Maj. Gen. Pat Ryder provided the following readout:\n\n"
    "Secretary of Defense Lloyd J. Austin III spoke today with Japanese Minister of Defense Minoru Kihara "
    "to discuss the regional security environment.\n"
)


def test_title_is_the_first_heading_line():
    ctx = head(READOUT)
    doc = ctx.ex.doc
    assert doc.title.startswith("Readout of Secretary of Defense")
    assert doc.title.endswith("Minoru Kihara")
    assert doc.text[doc.title_span[0]:doc.title_span[1]] == doc.title


def test_published_from_a_weekday_dateline_near_the_top():
    ctx = head(READOUT)
    assert ctx.ex.doc.published == "2023-03-07"
    s, e = ctx.ex.doc.published_span
    assert "March 7, 2023" in ctx.ex.doc.text[s:e]


@pytest.mark.parametrize("line, expected", [
    ("March 7, 2023", "2023-03-07"),
    ("Tuesday, March 7, 2023", "2023-03-07"),
    ("Feb. 14, 2023", "2023-02-14"),
    ("7 March 2023", "2023-03-07"),
    ("Nov. 3, 2022 | Seoul", "2022-11-03"),
])
def test_dateline_forms(line, expected):
    ctx = head(f"Ministers Hold Talks on Regional Security\n\n{line}\n\nThe two ministers reviewed the alliance.\n")
    assert ctx.ex.doc.published == expected


def test_a_dateline_after_the_byline_furniture_is_still_read():
    text = ("Austin Welcomes Korean Counterpart\n\nBy Casey Lindqvist, DOD News\n\nJan. 9, 2024\n\n"
            "The secretary welcomed his counterpart to the Pentagon.\n")
    assert head(text).ex.doc.published == "2024-01-09"


def test_a_date_far_down_the_text_is_not_the_publication_date():
    body = "".join(f"Paragraph {i} of the story discusses cooperation between the two allies at length.\n\n"
                   for i in range(20))
    ctx = head("Allies Review Cooperation\n\n" + body + "The next meeting is planned for May 4, 2024.\n")
    assert ctx.ex.doc.published is None


def test_a_sentence_first_line_is_not_a_title():
    ctx = head("The two ministers spoke by telephone on Tuesday and agreed to deepen their cooperation "
               "on maritime security and on supply chains for critical minerals.\n")
    assert ctx.ex.doc.title is None


def test_sidecar_title_and_date_win():
    ctx = head(READOUT, title="From The Crawler", published="2023-03-08")
    assert ctx.ex.doc.title == "From The Crawler"
    assert ctx.ex.doc.published == "2023-03-08"


def test_publisher_from_a_signature_line():
    assert head(READOUT).ex.doc.publisher == "U.S. Department of Defense"


def test_markdown_heading_marks_are_not_part_of_the_title():
    ctx = head("# Defense Chiefs Talk by Phone\n\n*October 6, 2021*\n\nThe two ministers spoke by phone.\n")
    assert ctx.ex.doc.title == "Defense Chiefs Talk by Phone"
    assert ctx.ex.doc.published == "2021-10-06"


# --- doc_type (needs the whole pipeline) ---------------------------------------------------


@pytest.mark.slow
def test_doc_type_readout(run):
    assert run(READOUT).doc.doc_type == "readout"


@pytest.mark.slow
def test_doc_type_summary(run):
    text = ("Japan-Australia Foreign Ministers' Meeting\n\nSeptember 21, 2023\n\n"
            "On September 21, Foreign Minister Kamikawa Yoko held a meeting with Senator the Hon. Penny Wong, "
            "Minister for Foreign Affairs of Australia. The summary is as follows.\n\n"
            "1. Minister Kamikawa stated that Japan and Australia are special strategic partners.\n\n"
            "2. The two ministers exchanged views on the situation in the East China Sea.\n")
    assert run(text).doc.doc_type == "summary"


@pytest.mark.slow
def test_doc_type_statement(run):
    text = ("Joint Statement of the Security Consultative Committee\n\nJuly 28, 2024\n\n"
            "Secretary of State Antony J. Blinken, Secretary of Defense Lloyd J. Austin III, Minister for Foreign "
            "Affairs Kamikawa Yoko and Minister of Defense Kihara Minoru convened the Security Consultative "
            "Committee in Tokyo.\n\nThe Ministers reaffirmed the unwavering commitment to the Alliance.\n")
    assert run(text).doc.doc_type == "statement"


@pytest.mark.slow
def test_doc_type_transcript_from_speaker_labels(run):
    text = ("Secretary Austin and Minister Kihara Hold a Press Conference\n\n"
            "STAFF: Good afternoon. The secretary will make brief remarks.\n\n"
            "SECRETARY OF DEFENSE LLOYD J. AUSTIN III: Thank you. Minister Kihara and I had a very "
            "productive meeting this morning.\n\n"
            "Q: Mr. Secretary, what did you agree on today?\n\n"
            "SEC. AUSTIN: We agreed to upgrade our command and control relationships.\n")
    ex = run(text)
    assert ex.turns
    assert ex.doc.doc_type == "transcript"


@pytest.mark.slow
def test_doc_type_news(run):
    text = ("Allies Pledge Closer Ties After Talks\n\nBy Casey Lindqvist\n\n"
            "Japan and the Philippines will deepen defense ties, officials said on Friday, after the two "
            "countries' defense chiefs talked in Manila.\n\n"
            "\u201cWe face the same challenges in the same waters,\u201d Philippine Secretary of National Defense "
            "Gilberto Teodoro Jr. told reporters.\n\n"
            "Analysts said the agreement would allow more joint training.\n")
    assert run(text, published="2024-07-08").doc.doc_type == "news"


def test_a_dated_sentence_near_the_top_is_not_a_dateline():
    ctx = head("Allies Review Cooperation\n\nThe two ministers last met on June 3, 2021.\n\n"
               "They spoke again today by phone.\n")
    assert ctx.ex.doc.published is None
