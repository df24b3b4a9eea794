"""Temporal expressions resolved against the publication date. No model."""

from __future__ import annotations

from datetime import date

import pytest

from readouts.pipeline.dates import find, parse_published, reresolve

PUB = date(2023, 3, 1)  # a Wednesday


def values(text: str, pub: date | None = PUB) -> list[tuple[str, str | None]]:
    return [(d.text, d.value) for d in find(text, pub)]


def only(text: str, pub: date | None = PUB) -> str | None:
    found = find(text, pub)
    assert len(found) == 1, [d.text for d in found]
    return found[0].value


def test_today_is_the_publication_date():
    assert only("The two ministers spoke today by telephone.") == "2023-03-01"


def test_yesterday_crosses_a_month_boundary():
    assert only("They met yesterday in Tokyo.", date(2023, 3, 1)) == "2023-02-28"


def test_yesterday_in_a_leap_year():
    assert only("They met yesterday in Tokyo.", date(2024, 3, 1)) == "2024-02-29"


def test_yesterday_crosses_a_year_boundary():
    assert only("Yesterday the secretaries talked.", date(2023, 1, 1)) == "2022-12-31"


def test_on_weekday_is_the_most_recent_such_day():
    assert only("The leaders met on Monday in Washington.") == "2023-02-27"


def test_on_weekday_naming_the_publication_weekday_is_that_day():
    assert only("The leaders met on Wednesday.") == "2023-03-01"


def test_last_week_does_not_fix_a_day():
    found = find("The two ministers met last week.", PUB)
    assert [(d.text, d.value, d.relative) for d in found] == [("last week", None, True)]


def test_month_day_takes_its_year_from_the_publication_date():
    assert only("The secretaries met on June 1.", date(2023, 8, 15)) == "2023-06-01"


def test_month_day_after_the_publication_date_is_last_year_for_a_report():
    assert only("The secretaries met on December 12.", date(2023, 1, 5)) == "2022-12-12"


def test_month_day_for_a_plan_leans_to_the_future():
    dm = find("The secretaries will meet on January 10.", date(2023, 12, 20))[0]
    assert reresolve(dm, date(2023, 12, 20), future=True) == "2024-01-10"


@pytest.mark.parametrize("text, expected", [
    ("They last spoke in January.", "2023-01"),
    ("They first met last September.", "2022-09"),
    ("Talks are planned for next April.", "2023-04"),
    ("The ministers met in May 2022.", "2022-05"),
])
def test_months_resolve_to_year_month(text, expected):
    assert only(text) == expected


@pytest.mark.parametrize("text", [
    "The ministers met on May 4, 2022, in Seoul.",
    "The ministers met on 4 May 2022 in Seoul.",
    "The ministers met on 2022-05-04 in Seoul.",
    "The ministers met on May 4th, 2022 in Seoul.",
])
def test_absolute_dates(text):
    assert only(text, None) == "2022-05-04"
    assert only(text, PUB) == "2022-05-04"


def test_abbreviated_month_with_a_dot():
    assert values("The call took place on Sept. 12, 2022.") == [("Sept. 12, 2022", "2022-09-12")]


def test_may_as_a_verb_is_not_a_month():
    assert find("The secretary may travel to Seoul soon.", PUB) == []


def test_impossible_calendar_dates_resolve_to_none():
    assert only("The meeting was recorded as February 30, 2023.") is None


@pytest.mark.parametrize("text", [
    "They spoke today.", "They spoke yesterday.", "They met on Monday.", "They met June 1.",
    "They met in January.", "They met last September.", "They will meet tomorrow.",
])
def test_relative_expressions_resolve_to_none_without_a_publication_date(text):
    found = find(text, None)
    assert len(found) == 1
    assert found[0].value is None and found[0].relative


def test_overlapping_expressions_keep_the_longest():
    found = find("On Jan. 5, 2023 the ministers met.", PUB)
    assert [d.text for d in found] == ["Jan. 5, 2023"]


def test_spans_point_at_the_expression():
    text = "Secretary Austin said today that he met Minister Hamada on Monday and will meet him again June 1."
    for d in find(text, PUB):
        assert text[d.span[0]:d.span[1]] == d.text


@pytest.mark.parametrize("s, expected", [
    ("2023-03-01", date(2023, 3, 1)),
    ("2023-03-01T10:00:00Z", date(2023, 3, 1)),
    (None, None),
    ("", None),
    ("March 1", None),
])
def test_parse_published(s, expected):
    assert parse_published(s) == expected


# --- known bugs -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["The ministers met March 7-8, 2023.", "The ministers met on March 7 and 8, 2023."])
def test_a_day_range_keeps_its_year(text):
    assert only(text, PUB)[:7] == "2023-03"


def test_mid_month_resolves_to_the_month():
    assert only("They met in mid-February.") == "2023-02"
