"""Page furniture: found as spans, masked out at the same length; kept out of extraction."""

from __future__ import annotations

import pytest

from readouts.model import Document
from readouts.pipeline import furniture

BANNER = (
    "An official website of the United States government\n"
    "Here's how you know\n"
    "Official websites use .gov\n"
    "Secure .gov websites use HTTPS\n"
)
CAPTION_1 = (
    "Two officials review an honor cordon at the Pentagon, Washington, D.C., Sept. 29, 2023.\n"
    "Photo By: Army Sgt. Pat Morrow\n"
    "VIRIN: 230929-D-AB123-0042.JPG\n"
)
CAPTION_2 = (
    "Secretary Austin greets the minister on the steps of the River Entrance, Sept. 29, 2023.\n"
    "Photo By: Navy Petty Officer 1st Class Casey Lindqvist\n"
    "VIRIN: 230929-D-AB123-0077.JPG\n"
)
RELATED = "Related Stories\nAustin Travels to Papua New Guinea\nMarles Visits Washington\n"

STORY = (
    BANNER
    + "\nAustin Hosts Australian Deputy Prime Minister at Pentagon\n\n"
    + "Oct. 3, 2023 | BY Sam Rivers, DOD News\n\n"
    + "Secretary of Defense Lloyd J. Austin III welcomed Australian Deputy Prime Minister Richard Marles "
      "to the Pentagon today.\n\n"
    + CAPTION_1
    + CAPTION_2
    + "\nThe two leaders discussed the AUKUS partnership and deeper cooperation across the Indo-Pacific.\n\n"
    + "They agreed to expand the rotational presence of U.S. forces in northern Australia and to accelerate "
      "work on guided weapons.\n\n"
    + "Secretary Austin said he looked forward to visiting Brisbane for the annual ministerial talks.\n\n"
    + RELATED
)


def spans_of(text: str, kind: str | None = None) -> list[tuple[int, int]]:
    return [f.span for f in furniture.find(text) if kind is None or f.kind == kind]


def covered(text: str, piece: str) -> bool:
    """Is every non-space character of `piece` (found in `text`) inside some furniture span?"""
    start = text.index(piece)
    spans = spans_of(text)
    return all(any(s <= i < e for s, e in spans) for i in range(start, start + len(piece))
               if not text[i].isspace())


def test_furniture_finds_the_site_banner():
    for line in BANNER.splitlines():
        assert covered(STORY, line), line
    assert spans_of(STORY, "banner")


def test_furniture_finds_a_photo_caption_with_photo_by_and_virin_lines():
    text = "The ministers met in the morning.\n\n" + CAPTION_1 + "\nThey spoke for an hour.\n"
    caps = spans_of(text, "caption")
    assert len(caps) == 1
    s, e = caps[0]
    assert text[s:e].strip() == CAPTION_1.strip()
    assert not covered(text, "The ministers met in the morning.")
    assert not covered(text, "They spoke for an hour.")


def test_furniture_finds_two_captions_back_to_back():
    assert covered(STORY, CAPTION_1.strip())
    assert covered(STORY, CAPTION_2.strip())
    caps = [STORY[s:e] for s, e in spans_of(STORY, "caption")]
    assert any("River Entrance" in c for c in caps)
    assert any("honor cordon" in c for c in caps)


def test_furniture_finds_the_byline_but_not_the_date_before_it():
    by = spans_of(STORY, "byline")
    assert len(by) == 1
    assert "BY Sam Rivers" in STORY[by[0][0]:by[0][1]]
    assert not covered(STORY, "Oct. 3, 2023")


@pytest.mark.parametrize("line", ["By Jordan Castillo", "By Jordan Castillo, Staff Writer"])
def test_furniture_finds_a_news_byline_line(line):
    text = f"Allies Hold Talks\n\n{line}\n\nThe ministers met in Manila on Friday to discuss maritime security.\n"
    assert covered(text, line)
    assert not covered(text, "The ministers met in Manila")


def test_furniture_finds_related_stories_at_the_end_through_the_last_line():
    rel = spans_of(STORY, "related")
    assert rel == [(STORY.index("Related Stories"), len(STORY))]


def test_related_stories_early_in_the_text_is_not_cut_to_the_end():
    text = "Related Stories\n\n" + "The two ministers met in Tokyo and discussed regional security at length.\n" * 5
    assert not spans_of(text, "related")


def test_content_sentences_are_not_furniture():
    for piece in ("welcomed Australian Deputy Prime Minister Richard Marles",
                  "The two leaders discussed the AUKUS partnership",
                  "Secretary Austin said he looked forward"):
        assert not covered(STORY, piece), piece


def test_masked_text_keeps_length_and_newlines():
    doc = Document(id="x", path="t.txt", text=STORY)
    doc.furniture = furniture.find(STORY)
    masked = furniture.mask(doc)
    assert len(masked) == len(STORY)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(STORY) if c == "\n"]
    assert "Photo By" not in masked and "VIRIN" not in masked and "Related Stories" not in masked
    assert "Sam Rivers" not in masked
    # outside furniture the text is untouched
    for f in doc.furniture:
        masked = masked[:f.span[0]] + STORY[f.span[0]:f.span[1]] + masked[f.span[1]:]
    assert masked == STORY


def test_mask_without_furniture_is_the_text_itself():
    doc = Document(id="x", path="t.txt", text="Plain text with nothing to hide.\n")
    assert furniture.mask(doc) == doc.text


# --- through the pipeline ---------------------------------------------------------------

CAPTION_DATE_STORY = (
    "Austin Meets Philippine Defense Secretary\n\n"
    "Secretary of Defense Lloyd J. Austin III welcomed Philippine Secretary of National Defense "
    "Gilberto Teodoro Jr. to the Pentagon for talks on maritime security.\n\n"
    "Secretary Austin and Secretary Teodoro met at the Pentagon during a visit to Washington, D.C., Jan. 9, 2024.\n"
    "Photo By: Air Force Staff Sgt. Morgan Ellery\n"
    "VIRIN: 240109-D-XY987-1001.JPG\n\n"
    "The two secretaries discussed the South China Sea and expanded exercises.\n"
)


@pytest.mark.slow
def test_a_date_inside_a_caption_is_neither_publication_nor_event_date(run):
    ex = run(CAPTION_DATE_STORY)
    assert ex.doc.published is None
    assert all(e.date != "2024-01-09" for e in ex.events)
    for e in ex.events:
        assert all(not ex.doc.is_furniture(s, t) for s, t in e.evidence)


@pytest.mark.slow
def test_a_photo_credit_name_is_not_a_person(run):
    ex = run(CAPTION_DATE_STORY, published="2024-01-12")
    names = " ".join(p.name for p in ex.persons)
    assert "Ellery" not in names
    assert "Austin" in names and "Teodoro" in names
    for p in ex.persons:
        for s, e in p.mentions:
            assert not ex.doc.is_furniture(s, e), (p.name, ex.doc.text[s:e])


@pytest.mark.slow
def test_a_byline_name_is_not_a_person(run):
    text = ("Allies Hold Talks in Manila\n\nBy Jordan Castillo, Staff Writer\n\n"
            "Philippine Secretary of National Defense Gilberto Teodoro Jr. met Secretary of Defense "
            "Lloyd J. Austin III in Manila on Friday.\n")
    ex = run(text, published="2024-03-01")
    assert not any("Castillo" in p.name for p in ex.persons)
