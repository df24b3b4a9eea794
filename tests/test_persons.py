"""Persons: knowledge base in both name orders, titles, countries, NER for unknown people."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.slow

FOUR_FORMS = (
    "Japanese Foreign Minister Yoshimasa Hayashi arrived in Washington on Monday for talks with Secretary of "
    "State Antony J. Blinken.\n\n"
    "HAYASHI Yoshimasa told reporters at the State Department that the alliance had never been stronger. "
    "Minister Hayashi also met members of Congress.\n\n"
    "Hayashi returns to Tokyo on Friday.\n"
)


def test_both_name_orders_title_and_surname_are_one_person_from_japan(run, person_named):
    ex = run(FOUR_FORMS, published="2023-01-16")
    p = person_named(ex, "Hayashi")
    assert p is not None
    assert p.name == "Yoshimasa Hayashi"
    assert p.country == "JP"
    written = {re.sub(r"\s+", " ", ex.doc.text[s:e]) for s, e in p.mentions}
    assert written == {"Yoshimasa Hayashi", "HAYASHI Yoshimasa", "Hayashi"}
    assert len(p.mentions) == 4


def test_every_mention_span_contains_the_family_name(run):
    ex = run(FOUR_FORMS, published="2023-01-16")
    assert ex.persons
    for p in ex.persons:
        fam = p.family or p.name.split()[-1]
        for s, e in p.mentions:
            assert 0 <= s < e <= len(ex.doc.text)
            assert fam.lower() in ex.doc.text[s:e].lower(), (p.name, ex.doc.text[s:e])


def test_a_title_from_the_text_wins_over_the_knowledge_base(run, person_named):
    text = ("Foreign Minister Yoshimasa Hayashi spoke with Secretary of State Antony J. Blinken by telephone "
            "on Tuesday.\n")
    ex = run(text, published="2023-01-17")
    assert person_named(ex, "Hayashi").title == "Foreign Minister"
    assert person_named(ex, "Blinken").title == "Secretary of State"


def test_the_knowledge_base_gives_title_and_country_when_the_text_has_none(run, person_named):
    ex = run("Yoshimasa Hayashi and Antony J. Blinken spoke by telephone on Tuesday.\n", published="2023-01-17")
    hayashi = person_named(ex, "Hayashi")
    assert hayashi.country == "JP"
    assert hayashi.title and "Foreign" in hayashi.title
    assert person_named(ex, "Blinken").country == "US"


def test_the_knowledge_base_title_is_the_office_held_on_the_publication_date(run, person_named):
    text = "Yoshimasa Hayashi told reporters in Tokyo on Tuesday that the government would respond calmly.\n"
    assert "Foreign" in person_named(run(text, published="2023-01-17"), "Hayashi").title
    assert person_named(run(text, published="2024-05-14"), "Hayashi").title == "Chief Cabinet Secretary"


def test_a_country_adjective_in_the_title_gives_the_country_of_an_unknown_official(run, person_named):
    text = ("Australian Defence Minister Alex Hartigan met Secretary of Defense Lloyd J. Austin III at the "
            "Pentagon on Thursday.\n")
    ex = run(text, published="2023-03-09")
    p = person_named(ex, "Hartigan")
    assert p is not None
    assert p.country == "AU"
    assert p.title == "Defence Minister"


def test_a_lowercase_descriptive_title_gives_the_country(run, person_named):
    text = ("The Japanese defense minister, Yasukazu Hamada, arrived at the Pentagon on Wednesday for talks with "
            "Secretary of Defense Lloyd J. Austin III.\n")
    ex = run(text, published="2023-01-11")
    assert person_named(ex, "Hamada").country == "JP"
    assert person_named(ex, "Austin").country == "US"


def test_a_person_missing_from_the_knowledge_base_is_found_by_ner(run, person_named):
    text = ("Dana Whitfield, a senior fellow at a Washington research institute, said the talks between the two "
            "ministers were a sign of a maturing alliance. Whitfield added that much work remained.\n")
    ex = run(text, published="2023-03-07")
    p = person_named(ex, "Whitfield")
    assert p is not None
    assert p.name == "Dana Whitfield"
    assert p.kb_id is None
    assert p.mentions[0] == (0, len("Dana Whitfield"))


def test_a_bare_surname_of_an_unknown_person_is_a_mention_of_that_person(run, person_named):
    text = ("Dana Whitfield, a senior fellow at a Washington research institute, said the talks between the two "
            "ministers were a sign of a maturing alliance. Whitfield added that much work remained.\n")
    ex = run(text, published="2023-03-07")
    p = person_named(ex, "Whitfield")
    assert len(p.mentions) == 2


def test_a_byline_is_not_a_person(run):
    text = ("Austin Meets Philippine Counterpart\n\nBy Jordan Castillo, DOD News\n\n"
            "Secretary of Defense Lloyd J. Austin III met Philippine Secretary of National Defense Gilberto "
            "Teodoro Jr. at the Pentagon today.\n")
    ex = run(text, published="2024-01-09")
    names = [p.name for p in ex.persons]
    assert not any("Castillo" in n for n in names)
    assert any("Austin" in n for n in names) and any("Teodoro" in n for n in names)


def test_full_titles_before_a_name_are_kept_whole(run, person_named):
    text = ("Secretary of State Antony J. Blinken met Philippine Secretary of National Defense Gilberto "
            "Teodoro Jr. in Manila.\n")
    ex = run(text, published="2024-03-19")
    assert person_named(ex, "Blinken").title == "Secretary of State"
    assert person_named(ex, "Teodoro").title == "Secretary of National Defense"
    assert person_named(ex, "Teodoro").country == "PH"


def test_a_title_does_not_reach_back_over_a_sentence_end(run, person_named):
    text = "Prime Minister Fumio Kishida arrived at the White House. Foreign Minister Hayashi joined him there.\n"
    ex = run(text, published="2023-01-13")
    assert person_named(ex, "Hayashi").title == "Foreign Minister"


def test_a_bare_surname_after_a_titled_mention_is_the_same_person(run, person_named):
    text = ("Foreign Minister Hayashi and Secretary Blinken held talks in Washington. Hayashi said afterwards "
            "that the talks had been frank and useful.\n")
    ex = run(text, published="2023-01-13")
    p = person_named(ex, "Hayashi")
    assert len(p.mentions) == 2


def test_mention_spans_do_not_include_sentence_punctuation(run):
    text = "The Australian defence minister Richard Marles spoke by phone with Lloyd J. Austin III.\n"
    ex = run(text, published="2023-03-07")
    written = [ex.doc.text[s:e] for p in ex.persons for s, e in p.mentions]
    assert sorted(written) == ["Lloyd J. Austin III", "Richard Marles"]


def test_persons_records_follow_the_contract(run):
    ex = run(FOUR_FORMS, published="2023-01-16")
    for rec in ex.to_record()["persons"]:
        assert {"name", "title", "country", "mentions"} <= set(rec)
        assert rec["country"] is None or re.fullmatch(r"[A-Z]{2}", rec["country"])
        assert rec["mentions"] == sorted(rec["mentions"])


def test_an_unnamed_office_resolves_to_its_holder_on_the_publication_date(run):
    text = "Secretary Austin said he had spoken with the Japanese defense minister about the drills.\n"
    ex = run(text, published="2022-03-01")
    (role,) = ex.role_mentions
    assert role["name"] == "Nobuo Kishi" and role["country"] == "JP" and not role["named_in_text"]
    assert text[role["span"][0]:role["span"][1]] == "the Japanese defense minister"
    assert all(p.name != "Nobuo Kishi" for p in ex.persons)  # persons lists named persons only
    later = run(text, published="2023-03-01")
    assert later.role_mentions[0]["name"] == "Yasukazu Hamada"
