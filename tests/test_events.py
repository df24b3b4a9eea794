"""Engagements: kind, status, date, place, format, participants; one id per real event across documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from readouts.core import extract_paths

pytestmark = pytest.mark.slow

AUSTIN = "Lloyd J. Austin III"
KIHARA = "Minoru Kihara"


def only_event(ex):
    assert len(ex.events) == 1, [e.to_record() for e in ex.events]
    return ex.events[0]


def test_spoke_today_with_is_a_phone_call_on_the_publication_date(run):
    ex = run("Secretary of Defense Lloyd J. Austin III spoke today with Japanese Minister of Defense Minoru Kihara "
             "to discuss the regional security environment.\n", published="2024-03-15")
    ev = only_event(ex)
    assert (ev.kind, ev.status, ev.format, ev.date) == ("call", "held", "phone", "2024-03-15")
    assert ev.country is None and ev.place is None
    assert set(ev.participants) == {AUSTIN, KIHARA}


def test_spoke_yesterday_is_dated_the_day_before(run):
    ex = run("Secretary of Defense Lloyd J. Austin III spoke by phone yesterday with Japanese Minister of Defense "
             "Minoru Kihara.\n", published="2024-03-01")
    assert only_event(ex).date == "2024-02-29"


def test_met_in_canberra_is_a_meeting_in_australia(run):
    ex = run("Secretary of State Antony J. Blinken and Australian Foreign Minister Penny Wong met in Canberra on "
             "Friday to discuss regional security.\n", published="2024-03-15")
    ev = only_event(ex)
    assert (ev.kind, ev.status, ev.format) == ("meeting", "held", "in_person")
    assert (ev.place, ev.country) == ("Canberra", "AU")
    assert ev.date == "2024-03-15"
    assert set(ev.participants) == {"Antony J. Blinken", "Penny Wong"}


def test_will_meet_next_week_is_planned(run):
    ex = run("Secretary of Defense Lloyd J. Austin III will meet Philippine Secretary of National Defense Gilberto "
             "Teodoro Jr. in Manila next week.\n", published="2024-03-15")
    ev = only_event(ex)
    assert (ev.kind, ev.status) == ("meeting", "planned")
    assert ev.date is None  # "next week" does not fix a day
    assert ev.country == "PH"


def test_held_a_video_call_is_virtual(run):
    ex = run("Secretary of Defense Lloyd J. Austin III held a video call with Indian Defence Minister Rajnath Singh "
             "on Tuesday.\n", published="2024-03-15")
    ev = only_event(ex)
    assert (ev.kind, ev.format) == ("call", "virtual")
    assert ev.date == "2024-03-12"
    assert ev.country is None


def test_a_meeting_declined_is_no_event(run):
    ex = run("Philippine Secretary of National Defense Gilberto Teodoro Jr. declined to meet Chinese Defense Minister "
             "Dong Jun at the forum.\n", published="2024-06-01")
    assert ex.events == []


def test_generic_cooperation_is_no_event(run):
    ex = run("Our militaries train together every year, and our forces operate side by side across the region.\n",
             published="2024-06-01")
    assert ex.events == []


def test_event_evidence_spans_are_inside_the_text(run):
    ex = run("Secretary of State Antony J. Blinken and Australian Foreign Minister Penny Wong met in Canberra on "
             "Friday to discuss regional security.\n", published="2024-03-15")
    for ev in ex.events:
        for s, e in ev.evidence:
            assert 0 <= s < e <= len(ex.doc.text)
        assert "met in Canberra" in "".join(ex.doc.text[s:e] for s, e in ev.evidence)


# --- across documents -----------------------------------------------------------------------

US_READOUT = ("Readout of Secretary of Defense Lloyd J. Austin III's Call With Japanese Minister of Defense Minoru "
              "Kihara\n\nSecretary of Defense Lloyd J. Austin III spoke today with Japanese Minister of Defense "
              "Minoru Kihara to discuss the security environment in the Indo-Pacific.\n")
JP_SUMMARY = ("Japan-U.S. Defense Ministerial Telephone Talk\n\nToday, Minister of Defense Minoru Kihara held a "
              "telephone call with Secretary of Defense Lloyd J. Austin III. The two ministers exchanged views on "
              "the regional security environment.\n")
LATER_CALL = ("Readout of Secretary of Defense Lloyd J. Austin III's Call With Japanese Minister of Defense Minoru "
              "Kihara\n\nSecretary of Defense Lloyd J. Austin III spoke today with Japanese Minister of Defense "
              "Minoru Kihara to review preparations for the coming ministerial talks.\n")


def write_doc(folder: Path, name: str, text: str, published: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    (folder / f"{name}.meta.json").write_text(f'{{"published": "{published}"}}', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def three_docs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("events")
    return {
        "us": write_doc(folder, "a-us-readout", US_READOUT, "2024-03-14"),
        "jp": write_doc(folder, "b-jp-summary", JP_SUMMARY, "2024-03-15"),  # Tokyo is a day ahead
        "later": write_doc(folder, "c-later-call", LATER_CALL, "2024-07-02"),
    }


def ids_by_doc(paths: list[Path]) -> dict[str, list[str | None]]:
    return {Path(ex.doc.path).stem: [e.event_id for e in ex.events] for ex in extract_paths([str(p) for p in paths])}


def test_the_same_call_told_one_day_apart_gets_one_event_id(three_docs):
    ids = ids_by_doc(list(three_docs.values()))
    assert len(ids["a-us-readout"]) == 1 and len(ids["b-jp-summary"]) == 1
    assert ids["a-us-readout"][0] is not None
    assert ids["a-us-readout"] == ids["b-jp-summary"]


def test_two_calls_months_apart_get_different_event_ids(three_docs):
    ids = ids_by_doc(list(three_docs.values()))
    assert len(ids["c-later-call"]) == 1
    assert ids["c-later-call"] != ids["a-us-readout"]


def test_event_ids_do_not_depend_on_input_order(three_docs):
    paths = list(three_docs.values())
    assert ids_by_doc(paths) == ids_by_doc(paths[::-1]) == ids_by_doc([paths[1], paths[2], paths[0]])


def test_extract_paths_on_a_folder_keeps_sorted_order_and_skips_sidecars(three_docs):
    folder = three_docs["us"].parent
    stems = [Path(ex.doc.path).stem for ex in extract_paths([str(folder)])]
    assert stems == ["a-us-readout", "b-jp-summary", "c-later-call"]


# --- known bugs -------------------------------------------------------------------------------


def test_a_commentator_is_not_a_participant(run):
    ex = run("Dana Whitfield, a senior fellow at a Washington research institute, said the meeting between "
             "Secretary Blinken and Minister Hayashi in Tokyo showed the alliance was strong.\n",
             published="2024-03-15")
    ev = only_event(ex)
    assert "Dana Whitfield" not in ev.participants


def test_a_call_ahead_of_a_planned_meeting_gives_both_events(run):
    ex = run("Secretary of Defense Lloyd J. Austin III spoke today with Japanese Minister of Defense Minoru Kihara "
             "ahead of their meeting in Tokyo next month.\n", published="2024-03-15")
    kinds = sorted((e.kind, e.status) for e in ex.events)
    assert kinds == [("call", "held"), ("meeting", "planned")]


def test_negation_only_removes_the_negated_engagement(run):
    ex = run("Secretary of Defense Lloyd J. Austin III did not meet Chinese Defense Minister Dong Jun at the forum, "
             "but he spoke with Philippine Secretary of National Defense Gilberto Teodoro Jr. there.\n",
             published="2024-06-01")
    ev = only_event(ex)
    assert set(ev.participants) == {AUSTIN, "Gilberto Teodoro Jr."}
