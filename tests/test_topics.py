"""Topic tags need a sentence's worth of evidence; passing lists do not tag everything."""

from __future__ import annotations

import pytest

from readouts.model import TOPICS

pytestmark = pytest.mark.slow

LEAD = "Secretary of Defense Lloyd J. Austin III met Japanese Minister of Defense Minoru Kihara in Tokyo.\n\n"

SENKAKU = (LEAD + "Secretary Austin reaffirmed that Article V of the treaty applies to the Senkaku Islands. The two "
           "ministers opposed any unilateral attempt to change the status quo around the Senkaku Islands by force "
           "or coercion.\n")

PASSING_LIST = (LEAD + "The ministers discussed developments in the Korean Peninsula, the Taiwan Strait, the South "
                "China Sea, Ukraine and the Middle East.\n\n"
                "They agreed to expand bilateral exercises and to deepen cooperation on air and missile defense. "
                "The ministers also welcomed progress on interoperability during recent exercises.\n")


def test_a_paragraph_on_the_senkaku_islands_tags_senkaku_with_evidence(run):
    ex = run(SENKAKU, published="2024-03-15")
    assert "senkaku" in ex.topics
    hits = [h for h in ex.topic_hits if h.topic == "senkaku"]
    assert len(hits) == 2
    for h in hits:
        s, e = h.span
        assert "Senkaku" in ex.doc.text[s:e]
    assert ex.to_record()["topic_evidence"]["senkaku"] == [list(h.span) for h in hits]


def test_a_single_passing_list_of_regions_does_not_tag_them_all(run):
    ex = run(PASSING_LIST, published="2024-03-15")
    listed = {"north_korea", "taiwan_strait", "china", "russia_ukraine"}
    assert not listed <= set(ex.topics)
    assert "taiwan_strait" not in ex.topics
    assert "exercises" in ex.topics


def test_the_title_alone_does_not_tag_a_topic(run):
    text = ("Ministers Discuss the Senkaku Islands\n\nSecretary of Defense Lloyd J. Austin III met Japanese Minister "
            "of Defense Minoru Kihara in Tokyo on Friday to review alliance planning.\n")
    assert "senkaku" not in run(text, published="2024-03-15").topics


def test_topics_are_tags_of_the_contract(run):
    for text in (SENKAKU, PASSING_LIST):
        assert set(run(text, published="2024-03-15").topics) <= set(TOPICS)
