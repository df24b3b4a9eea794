"""Cross-document resolution rules on hand-built tellings (no model, no store): what ties an undated
telling to a dated one, and that the clusters do not depend on the order of the tellings."""

from __future__ import annotations

import itertools

import pytest

from readouts.resolve.events import (
    AMBIGUOUS,
    EMPTY,
    PINNED,
    SourceEvent,
    base_key,
    cluster,
    occurrence_state,
    pinned_keys,
    undated_key,
)

A, B, C = "Alice Example", "Bruno Sample", "Chen Placeholder"


def telling(doc: str, date: str | None = None, *, place: str | None = None, name: str | None = None,
            hint: str | None = None, people=(A, B), kind: str = "meeting") -> SourceEvent:
    return SourceEvent(doc, 0, kind, date, hint, None, name, place, frozenset(people), frozenset({"US", "XX"}))


def groups(evs: list[SourceEvent]) -> list[list[str]]:
    return sorted(sorted(m.doc_id for m in members) for members in cluster(evs))


@pytest.mark.parametrize(("dates", "state"), [
    ([], EMPTY),
    (["2023-07-28"], PINNED),
    (["2023-07-28", "2023-07-29"], PINNED),  # told a day apart (time zones, "yesterday")
    (["2023-07-28", "2023-07-30"], AMBIGUOUS),
    (["2023-07", "2023-07-28"], PINNED),  # "in July" and the day itself
    (["2023-07", "2023-08-01"], AMBIGUOUS),
    (["2023-07-31", "2023-08-01", "2023-08"], PINNED),  # across a month's end
    (["2023-07"], PINNED),
    (["2023-07", "2023-09"], AMBIGUOUS),
    (["2023"], AMBIGUOUS),  # a year pins nothing
    (["2021-05-04", "2023-05-04"], AMBIGUOUS),
])
def test_occurrence_state(dates, state):
    assert occurrence_state(dates) == state


def test_key_spellings_round_trip():
    key = "meeting|pl|AU:Brisbane|Alice Example|Bruno Sample"
    assert undated_key(key) == "meeting|upl|AU:Brisbane|Alice Example|Bruno Sample"
    assert base_key(undated_key(key)) == key
    assert base_key("meeting|d|2023-07-28|Alice Example") == "meeting|d|2023-07-28|Alice Example"


def test_an_undated_telling_joins_the_one_meeting_of_the_pair_at_that_place():
    evs = [telling("dated", "2023-07-28", place="AU:Brisbane"), telling("undated", place="AU:Brisbane")]
    assert groups(evs) == [["dated", "undated"]]


def test_an_undated_telling_stays_apart_once_the_pair_met_there_twice():
    evs = [telling("july", "2023-07-28", place="AU:Brisbane"), telling("march", "2024-03-02", place="AU:Brisbane"),
           telling("undated", place="AU:Brisbane")]
    assert groups(evs) == [["july"], ["march"], ["undated"]]


def test_tellings_of_one_occurrence_a_day_apart_still_pin_the_place():
    evs = [telling("us", "2023-07-28", place="AU:Brisbane"), telling("au", "2023-07-29", place="AU:Brisbane"),
           telling("undated", place="AU:Brisbane")]
    assert groups(evs) == [["au", "undated", "us"]]


def test_a_month_day_without_a_year_is_ambiguous_when_two_years_have_that_day():
    one = [telling("y1", "2022-01-06", people=(A, C), kind="call"), telling("u", hint="01-06", people=(A, C),
                                                                             kind="call")]
    assert groups(one) == [["u", "y1"]]
    two = [*one, telling("y2", "2023-01-06", people=(A, C), kind="call")]
    assert groups(two) == [["u"], ["y1"], ["y2"]]


def test_undated_tellings_with_only_a_recurring_format_do_not_pile_into_one_event():
    evs = [telling(f"dated{y}", f"{y}-04-11", name="2+2") for y in (2021, 2022, 2023)]
    evs += [telling(f"undated{i}", name="2+2") for i in range(5)]
    assert all(len(g) == 1 for g in groups(evs))
    assert not pinned_keys(evs)


def test_undated_tellings_with_a_format_and_no_dated_telling_stay_apart():
    evs = [telling(f"undated{i}", name="2+2") for i in range(3)]
    assert groups(evs) == [["undated0"], ["undated1"], ["undated2"]]


def test_clusters_do_not_depend_on_the_order_of_the_tellings():
    evs = [telling("july", "2023-07-28", place="AU:Brisbane"), telling("july-au", "2023-07-29", place="AU:Brisbane"),
           telling("march", "2024-03-02", place="AU:Sydney"), telling("u-brisbane", place="AU:Brisbane"),
           telling("u-sydney", place="AU:Sydney", name="AUSMIN"), telling("u-ausmin", name="AUSMIN"),
           telling("call", "2023-07-28", kind="call")]
    expected = groups(evs)
    assert ["july", "july-au", "u-brisbane"] in expected and ["march", "u-sydney"] in expected
    for order in itertools.islice(itertools.permutations(evs), 0, None, 97):
        assert groups(list(order)) == expected


def test_the_store_may_pass_the_pinned_keys_of_its_whole_record():
    # the store clusters a component, not the record: a key pinned in the component may not be in the record
    evs = [telling("dated", "2023-07-28", place="AU:Brisbane"), telling("undated", place="AU:Brisbane")]
    assert groups(evs) == [["dated", "undated"]]
    assert sorted(sorted(m.doc_id for m in g) for g in cluster(evs, pinned=set())) == [["dated"], ["undated"]]
