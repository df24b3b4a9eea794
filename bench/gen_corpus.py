"""Seeded generator of diplomatic documents with their known answers (gold), any number of them.

    .venv/bin/python bench/gen_corpus.py --docs 100000 --out /tmp/corpus [--seed N]

writes the documents into DIR/000/, DIR/001/, ... (1000 documents per folder, with their sidecars
and gold files beside them; ``--per-folder`` changes it): ``NAME.txt`` or
``NAME.md``, about half with a ``NAME.meta.json`` sidecar, and for every document ``NAME.gold.json``
in the format of ``shared/spec/gold-format.md`` (doc, persons, events with cluster labels, quotes,
turns, topics; no statements, so the scorer skips them). Documents are written as they are made:
memory stays constant whatever the size. ``DIR/corpus.json`` sums up what was written.

The documents are invented: fictional meetings, calls and press conferences between real
office-holders (U.S., Japanese, Australian, Indian, Korean and Philippine defense and foreign
ministers, 2017-2024), each dated inside the terms of office of its participants, so the
knowledge base resolves them. Nothing in them is a real readout, statement or quote, and no
text comes from ``shared/corpus``.

The world behind the documents is a calendar of engagements. Each engagement (a bilateral
meeting, a call, a "2+2") sits in a slot of a grid: a pair of offices and a day, with at least
two days between two engagements of one kind of the same pair, so no two different engagements
could be taken for one; the facts of an engagement (who, when, where) depend only on its slot.
About 30% of engagements are told by two documents (a U.S. readout and the partner ministry's
summary published the next day, a travel announcement and the readout after the meeting, a
press conference and a news story...): those share the engagement's cluster label. The
calendar has 6,460 meeting slots, 19,360 call slots and 1,936 "2+2" slots (a few are vacancies);
meetings fill first, at about 11,500 documents. A larger corpus tells engagements again in new
documents (same slot, same facts, same cluster label), so events are told more often rather than
colliding: 10,000 documents tell 7,715 engagements, 100,000 documents 25,102 (meetings
then told ~8 times each).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import heapq
import json
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

D = dt.date
START, END = D(2017, 1, 20), D(2024, 12, 31)
NDAYS = (END - START).days + 1
PER_FOLDER = 1000
TOLD_TWICE = 0.32  # share of bilateral engagements given a second document (2+2s: one)

# ---------------------------------------------------------------------------------------------
# The people
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Official:
    name: str  # canonical, as the knowledge base writes it
    family: str
    country: str
    dept: str  # "defense" | "foreign"
    title: str  # full title, without the country adjective
    short_title: str  # "Secretary", "Minister", "Foreign Minister"
    start: dt.date
    end: dt.date
    she: bool = False
    interpreted: bool = False
    alt_name: str = ""  # family-name-first form used by Japanese ministries
    label: str = ""  # short transcript label ("SEC. AUSTIN"); derived when empty

    @property
    def ref(self) -> str:
        return f"{self.short_title} {self.family}"

    @property
    def long_label(self) -> str:
        return f"{self.title} {self.alt_name or self.name}".upper()

    @property
    def short_label(self) -> str:
        """The label of later turns: "SEC. AUSTIN", "MIN. KISHI", "FOREIGN MINISTER HAYASHI"."""
        if self.label:
            return self.label
        if self.short_title in ("Secretary", "Minister") and self.country in ("US", "JP", "KR") \
                and self.dept == "defense":
            return f"{self.short_title[:3].upper()}. {self.family.upper()}"
        return self.ref.upper()

    @property
    def pronoun(self) -> str:
        return "her" if self.she else "his"


def _o(name: str, family: str, country: str, dept: str, title: str, short: str, start: dt.date, end: dt.date,
       **kw: Any) -> Official:
    return Official(name, family, country, dept, title, short, start, end, **kw)


JP_KW = {"interpreted": True}
KR_KW = {"interpreted": True}
OFFICIALS = [
    # United States
    _o("James N. Mattis", "Mattis", "US", "defense", "Secretary of Defense", "Secretary", D(2017, 1, 20),
       D(2018, 12, 31)),
    _o("Patrick M. Shanahan", "Shanahan", "US", "defense", "Acting Secretary of Defense", "Acting Secretary",
       D(2019, 1, 2), D(2019, 6, 23)),
    _o("Mark T. Esper", "Esper", "US", "defense", "Secretary of Defense", "Secretary", D(2019, 7, 23),
       D(2020, 11, 8)),
    _o("Christopher C. Miller", "Miller", "US", "defense", "Acting Secretary of Defense", "Acting Secretary",
       D(2020, 11, 10), D(2021, 1, 19)),
    _o("Lloyd J. Austin III", "Austin", "US", "defense", "Secretary of Defense", "Secretary", D(2021, 1, 22),
       D(2024, 12, 31)),
    _o("Rex W. Tillerson", "Tillerson", "US", "foreign", "Secretary of State", "Secretary", D(2017, 2, 1),
       D(2018, 3, 30)),
    _o("Michael R. Pompeo", "Pompeo", "US", "foreign", "Secretary of State", "Secretary", D(2018, 4, 26),
       D(2021, 1, 19)),
    _o("Antony J. Blinken", "Blinken", "US", "foreign", "Secretary of State", "Secretary", D(2021, 1, 26),
       D(2024, 12, 31)),
    # Japan
    _o("Tomomi Inada", "Inada", "JP", "defense", "Minister of Defense", "Minister", D(2017, 1, 20), D(2017, 7, 27),
       she=True, alt_name="Inada Tomomi", **JP_KW),
    _o("Itsunori Onodera", "Onodera", "JP", "defense", "Minister of Defense", "Minister", D(2017, 8, 3),
       D(2018, 10, 1), alt_name="Onodera Itsunori", **JP_KW),
    _o("Takeshi Iwaya", "Iwaya", "JP", "defense", "Minister of Defense", "Minister", D(2018, 10, 2), D(2019, 9, 10),
       alt_name="Iwaya Takeshi", **JP_KW),
    _o("Taro Kono", "Kono", "JP", "defense", "Minister of Defense", "Minister", D(2019, 9, 11), D(2020, 9, 15),
       alt_name="Kono Taro", **JP_KW),
    _o("Nobuo Kishi", "Kishi", "JP", "defense", "Minister of Defense", "Minister", D(2020, 9, 16), D(2022, 8, 9),
       alt_name="Kishi Nobuo", **JP_KW),
    _o("Yasukazu Hamada", "Hamada", "JP", "defense", "Minister of Defense", "Minister", D(2022, 8, 10),
       D(2023, 9, 12), alt_name="Hamada Yasukazu", **JP_KW),
    _o("Minoru Kihara", "Kihara", "JP", "defense", "Minister of Defense", "Minister", D(2023, 9, 13),
       D(2024, 9, 30), alt_name="Kihara Minoru", **JP_KW),
    _o("Gen Nakatani", "Nakatani", "JP", "defense", "Minister of Defense", "Minister", D(2024, 10, 1),
       D(2024, 12, 31), alt_name="Nakatani Gen", **JP_KW),
    _o("Fumio Kishida", "Kishida", "JP", "foreign", "Minister for Foreign Affairs", "Foreign Minister",
       D(2017, 1, 20), D(2017, 8, 2), alt_name="Kishida Fumio", **JP_KW),
    _o("Taro Kono", "Kono", "JP", "foreign", "Minister for Foreign Affairs", "Foreign Minister", D(2017, 8, 3),
       D(2019, 9, 10), alt_name="Kono Taro", **JP_KW),
    _o("Toshimitsu Motegi", "Motegi", "JP", "foreign", "Minister for Foreign Affairs", "Foreign Minister",
       D(2019, 9, 11), D(2021, 11, 3), alt_name="Motegi Toshimitsu", **JP_KW),
    _o("Yoshimasa Hayashi", "Hayashi", "JP", "foreign", "Minister for Foreign Affairs", "Foreign Minister",
       D(2021, 11, 10), D(2023, 9, 12), alt_name="Hayashi Yoshimasa", **JP_KW),
    _o("Yoko Kamikawa", "Kamikawa", "JP", "foreign", "Minister for Foreign Affairs", "Foreign Minister",
       D(2023, 9, 13), D(2024, 9, 30), she=True, alt_name="Kamikawa Yoko", **JP_KW),
    _o("Takeshi Iwaya", "Iwaya", "JP", "foreign", "Minister for Foreign Affairs", "Foreign Minister",
       D(2024, 10, 1), D(2024, 12, 31), alt_name="Iwaya Takeshi", **JP_KW),
    # Australia
    _o("Marise Payne", "Payne", "AU", "defense", "Minister for Defence", "Minister", D(2017, 1, 20), D(2018, 8, 27),
       she=True),
    _o("Christopher Pyne", "Pyne", "AU", "defense", "Minister for Defence", "Minister", D(2018, 8, 28),
       D(2019, 5, 28)),
    _o("Linda Reynolds", "Reynolds", "AU", "defense", "Minister for Defence", "Minister", D(2019, 5, 29),
       D(2021, 3, 29), she=True),
    _o("Peter Dutton", "Dutton", "AU", "defense", "Minister for Defence", "Minister", D(2021, 3, 30),
       D(2022, 5, 22)),
    _o("Richard Marles", "Marles", "AU", "defense", "Deputy Prime Minister and Minister for Defence",
       "Deputy Prime Minister", D(2022, 6, 1), D(2024, 12, 31)),
    _o("Julie Bishop", "Bishop", "AU", "foreign", "Minister for Foreign Affairs", "Foreign Minister",
       D(2017, 1, 20), D(2018, 8, 27), she=True),
    _o("Marise Payne", "Payne", "AU", "foreign", "Minister for Foreign Affairs", "Foreign Minister",
       D(2018, 8, 28), D(2022, 5, 22), she=True),
    _o("Penny Wong", "Wong", "AU", "foreign", "Minister for Foreign Affairs", "Foreign Minister", D(2022, 5, 23),
       D(2024, 12, 31), she=True),
    # India
    _o("Arun Jaitley", "Jaitley", "IN", "defense", "Defence Minister", "Defence Minister", D(2017, 3, 13),
       D(2017, 9, 2), label="RAKSHA MANTRI"),
    _o("Nirmala Sitharaman", "Sitharaman", "IN", "defense", "Defence Minister", "Defence Minister", D(2017, 9, 3),
       D(2019, 5, 30), she=True, label="RAKSHA MANTRI"),
    _o("Rajnath Singh", "Singh", "IN", "defense", "Defence Minister", "Defence Minister", D(2019, 5, 31),
       D(2024, 12, 31), label="RAKSHA MANTRI"),
    _o("Sushma Swaraj", "Swaraj", "IN", "foreign", "External Affairs Minister", "External Affairs Minister",
       D(2017, 1, 20), D(2019, 5, 30), she=True, label="EAM SWARAJ"),
    _o("S. Jaishankar", "Jaishankar", "IN", "foreign", "External Affairs Minister", "External Affairs Minister",
       D(2019, 5, 31), D(2024, 12, 31), label="EAM JAISHANKAR"),
    # Republic of Korea
    _o("Han Min-koo", "Han", "KR", "defense", "Minister of National Defense", "Minister", D(2017, 1, 20),
       D(2017, 7, 13), **KR_KW),
    _o("Song Young-moo", "Song", "KR", "defense", "Minister of National Defense", "Minister", D(2017, 7, 14),
       D(2018, 9, 20), **KR_KW),
    _o("Jeong Kyeong-doo", "Jeong", "KR", "defense", "Minister of National Defense", "Minister", D(2018, 9, 21),
       D(2021, 4, 15), **KR_KW),
    _o("Suh Wook", "Suh", "KR", "defense", "Minister of National Defense", "Minister", D(2021, 4, 16),
       D(2022, 5, 9), **KR_KW),
    _o("Lee Jong-sup", "Lee", "KR", "defense", "Minister of National Defense", "Minister", D(2022, 5, 10),
       D(2023, 10, 6), **KR_KW),
    _o("Shin Won-sik", "Shin", "KR", "defense", "Minister of National Defense", "Minister", D(2023, 10, 7),
       D(2024, 9, 5), **KR_KW),
    _o("Kim Yong-hyun", "Kim", "KR", "defense", "Minister of National Defense", "Minister", D(2024, 9, 6),
       D(2024, 12, 4), **KR_KW),
    _o("Yun Byung-se", "Yun", "KR", "foreign", "Minister of Foreign Affairs", "Foreign Minister", D(2017, 1, 20),
       D(2017, 6, 17), **KR_KW),
    _o("Kang Kyung-wha", "Kang", "KR", "foreign", "Minister of Foreign Affairs", "Foreign Minister",
       D(2017, 6, 18), D(2021, 2, 8), she=True, **KR_KW),
    _o("Chung Eui-yong", "Chung", "KR", "foreign", "Minister of Foreign Affairs", "Foreign Minister",
       D(2021, 2, 9), D(2022, 5, 11), **KR_KW),
    _o("Park Jin", "Park", "KR", "foreign", "Minister of Foreign Affairs", "Foreign Minister", D(2022, 5, 12),
       D(2024, 1, 9), **KR_KW),
    _o("Cho Tae-yul", "Cho", "KR", "foreign", "Minister of Foreign Affairs", "Foreign Minister", D(2024, 1, 10),
       D(2024, 12, 31), **KR_KW),
    # Philippines
    _o("Delfin Lorenzana", "Lorenzana", "PH", "defense", "Secretary of National Defense", "Secretary",
       D(2017, 1, 20), D(2022, 6, 29)),
    _o("Carlito Galvez Jr.", "Galvez", "PH", "defense", "Secretary of National Defense", "Secretary",
       D(2023, 1, 9), D(2023, 6, 4)),
    _o("Gilberto Teodoro Jr.", "Teodoro", "PH", "defense", "Secretary of National Defense", "Secretary",
       D(2023, 6, 5), D(2024, 12, 31)),
    _o("Alan Peter Cayetano", "Cayetano", "PH", "foreign", "Secretary of Foreign Affairs", "Secretary",
       D(2017, 5, 18), D(2018, 10, 16)),
    _o("Teodoro Locsin Jr.", "Locsin", "PH", "foreign", "Secretary of Foreign Affairs", "Secretary",
       D(2018, 10, 17), D(2022, 6, 29)),
    _o("Enrique A. Manalo", "Manalo", "PH", "foreign", "Secretary of Foreign Affairs", "Secretary", D(2022, 7, 1),
       D(2024, 12, 31)),
]
PARTNER_COUNTRIES = ("JP", "AU", "IN", "KR", "PH")
ALLIES = {"JP", "AU", "KR", "PH"}  # treaty allies of the United States (India is a partner)
_HOLDERS: dict[tuple[str, str], list[Official]] = {}
for _off in OFFICIALS:
    _HOLDERS.setdefault((_off.country, _off.dept), []).append(_off)


def holder(country: str, dept: str, day: dt.date) -> Official | None:
    """Who held the office on that day (None in a vacancy the roster leaves out, e.g. an acting term)."""
    for o in _HOLDERS.get((country, dept), ()):
        if o.start <= day <= o.end:
            return o
    return None


@dataclass(frozen=True)
class Spokes:
    dept: str
    start: dt.date
    end: dt.date
    lead: str  # the words before the name ("Pentagon Press Secretary")
    name: str
    family: str
    title: str
    gold_name: str = ""  # the name an annotator writes when the text uses a short form ("Pat" Ryder)


SPOKESPERSONS = [
    Spokes("defense", D(2017, 5, 1), D(2018, 12, 31), "Chief Pentagon Spokesperson", "Dana W. White", "White",
           "Chief Pentagon Spokesperson"),
    Spokes("defense", D(2019, 9, 1), D(2021, 1, 19), "Chief Pentagon Spokesman", "Jonathan Rath Hoffman", "Hoffman",
           "Chief Pentagon Spokesman"),
    Spokes("defense", D(2021, 1, 20), D(2022, 4, 30), "Pentagon Press Secretary", "John F. Kirby", "Kirby",
           "Pentagon Press Secretary"),
    Spokes("defense", D(2022, 9, 1), D(2024, 12, 31), "Pentagon Press Secretary Air Force Brig. Gen.", "Pat Ryder",
           "Ryder", "Pentagon Press Secretary", "Patrick S. Ryder"),
    Spokes("foreign", D(2017, 5, 1), D(2019, 1, 31), "Spokesperson", "Heather Nauert", "Nauert", "Spokesperson"),
    Spokes("foreign", D(2019, 5, 1), D(2020, 12, 31), "Spokesperson", "Morgan Ortagus", "Ortagus", "Spokesperson"),
    Spokes("foreign", D(2021, 1, 20), D(2023, 2, 28), "Spokesperson", "Ned Price", "Price", "Spokesperson"),
    Spokes("foreign", D(2023, 6, 1), D(2024, 12, 31), "Spokesperson", "Matthew Miller", "Miller", "Spokesperson"),
]


def spokesperson(dept: str, day: dt.date) -> Spokes | None:
    for s in SPOKESPERSONS:
        if s.dept == dept and s.start <= day <= s.end:
            return s
    return None


REPORTERS = (("Dana Whitfield", "Defense Ledger"), ("Marcus Bell", "Pacific Wire"), ("Kenta Morishima",
             "Nippon Daily Broadcasting"), ("Priya Raman", "Capital Chronicle"), ("Joon-ho Kang", "Seoul Evening"),
             ("Claire Hutton", "Southern Cross Review"), ("Miguel Santos", "Manila Courier"),
             ("Sarah Lindqvist", "Atlantic Defense Weekly"))
BYLINES = ("Jim Garamone", "Terri Moon Cronk", "C. Todd Lopez", "David Vergun", "Joseph Clark")  # DOD News style
NEWS_BYLINES = ("Alicia Moreno", "Tom Hendry", "Aiko Tanabe", "Rahul Mehta", "Grace Kim", "Liam O'Connor")

# ---------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Venue:
    phrase: str  # as written after "met": "at the Pentagon", "in Tokyo"
    place: str  # the gold place
    city: str
    country: str
    dept: str = ""  # "" any; "defense" / "foreign": only meetings of that U.S. department


@dataclass(frozen=True)
class Country:
    name: str
    adj: str
    short: str  # "Japan-U.S."
    capital: str
    exercises: tuple[str, ...]
    defense_org: str
    foreign_org: str


COUNTRIES = {
    "US": Country("the United States", "U.S.", "U.S.", "Washington", (), "Department of Defense",
                  "Department of State"),
    "JP": Country("Japan", "Japanese", "Japan-U.S.", "Tokyo", ("Keen Sword", "Resolute Dragon", "Orient Shield"),
                  "Ministry of Defense", "Ministry of Foreign Affairs"),
    "AU": Country("Australia", "Australian", "Australia-U.S.", "Canberra", ("Talisman Sabre", "Pitch Black"),
                  "Department of Defence", "Department of Foreign Affairs and Trade"),
    "IN": Country("India", "Indian", "India-U.S.", "New Delhi", ("Malabar", "Yudh Abhyas", "Tiger Triumph"),
                  "Ministry of Defence", "Ministry of External Affairs"),
    "KR": Country("the Republic of Korea", "ROK", "ROK-U.S.", "Seoul", ("Ulchi Freedom Shield", "Freedom Shield"),
                  "Ministry of National Defense", "Ministry of Foreign Affairs"),
    "PH": Country("the Philippines", "Philippine", "Philippines-U.S.", "Manila", ("Balikatan", "Kamandag",
                  "Sama Sama"), "Department of National Defense", "Department of Foreign Affairs"),
}
US_VENUES = (Venue("at the Pentagon", "Pentagon", "Washington", "US", "defense"),
             Venue("at the State Department", "State Department", "Washington", "US", "foreign"))
PARTNER_VENUES = {
    "JP": (Venue("at the Ministry of Defense in Ichigaya, Tokyo", "Ministry of Defense, Ichigaya, Tokyo", "Tokyo",
                 "JP", "defense"),
           Venue("in Tokyo", "Tokyo", "Tokyo", "JP"),
           Venue("at the Iikura Guest House in Tokyo", "Iikura Guest House, Tokyo", "Tokyo", "JP")),
    "AU": (Venue("at Parliament House in Canberra", "Parliament House, Canberra", "Canberra", "AU"),
           Venue("in Canberra", "Canberra", "Canberra", "AU"), Venue("in Brisbane", "Brisbane", "Brisbane", "AU")),
    "IN": (Venue("at South Block in New Delhi", "South Block, New Delhi", "New Delhi", "IN", "defense"),
           Venue("in New Delhi", "New Delhi", "New Delhi", "IN"),
           Venue("at Hyderabad House in New Delhi", "Hyderabad House, New Delhi", "New Delhi", "IN")),
    "KR": (Venue("at the Ministry of National Defense in Yongsan, Seoul", "Ministry of National Defense, Yongsan, "
                 "Seoul", "Seoul", "KR", "defense"),
           Venue("in Seoul", "Seoul", "Seoul", "KR")),
    "PH": (Venue("at Camp Aguinaldo in Quezon City", "Camp Aguinaldo, Quezon City", "Quezon City", "PH", "defense"),
           Venue("in Manila", "Manila", "Manila", "PH")),
}
THIRD_VENUES = (
    Venue("in Singapore, on the margins of the Shangri-La Dialogue", "Singapore", "Singapore", "SG", "defense"),
    Venue("in Jakarta, on the sidelines of the ASEAN Defence Ministers' Meeting-Plus", "Jakarta", "Jakarta", "ID",
          "defense"),
    Venue("in Brussels, on the margins of the NATO Defence Ministers' Meeting", "Brussels", "Brussels", "BE",
          "defense"),
    Venue("in Honolulu, at the headquarters of U.S. Indo-Pacific Command", "Honolulu", "Honolulu", "US", "defense"),
    Venue("in New York, on the margins of the United Nations General Assembly", "New York", "New York", "US",
          "foreign"),
    Venue("in Phnom Penh, on the sidelines of the ASEAN meetings", "Phnom Penh", "Phnom Penh", "KH", "foreign"),
)
COUNTRY_NAMES = {"SG": "Singapore", "ID": "Indonesia", "BE": "Belgium", "KH": "Cambodia", "US": "the United States"}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WAR_START = D(2022, 2, 24)  # no lines on Russia's war against Ukraine before it

# ---------------------------------------------------------------------------------------------
# Sentences, each with the topic tags it substantively discusses (shared/spec/extraction-format.md)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    text: str
    topics: frozenset[str] = frozenset()
    since: dt.date | None = None  # not said before this day (what it speaks of did not exist yet)
    ally: bool = False  # said only with a treaty ally
    us_only: bool = False  # first-person line only a U.S. official says

    def fits(self, day: dt.date, cp: Official | None = None, speaker: Official | None = None) -> bool:
        if self.since and day < self.since:
            return False
        if self.ally and cp is not None and cp.country not in ALLIES:
            return False
        return not (self.us_only and speaker is not None and speaker.country != "US")


def L(text: str, *topics: str, since: dt.date | None = None, ally: bool = False, us_only: bool = False) -> Line:
    return Line(text, frozenset(topics), since, ally, us_only)


# Third-person readout sentences by theme; {a}/{b} are "Secretary Austin" / "Minister Hamada".
TOPIC_SENTENCES: dict[str, list[Line]] = {
    "north_korea": [
        L("{a} and {b} condemned the Democratic People's Republic of Korea's recent ballistic missile launches, "
          "which violate multiple UN Security Council resolutions.", "north_korea"),
        L("The two leaders called on Pyongyang to abandon its unlawful weapons programs and return to serious "
          "and sustained dialogue.", "north_korea"),
        L("They reaffirmed their shared commitment to the complete denuclearization of the Korean Peninsula.",
          "north_korea"),
        L("{a} underscored the importance of trilateral cooperation among the United States, Japan and the "
          "Republic of Korea in responding to the DPRK's provocations.", "north_korea", "multilateral"),
    ],
    "taiwan_strait": [
        L("The two sides underscored the importance of maintaining peace and stability across the Taiwan Strait "
          "and encouraged the peaceful resolution of cross-Strait issues.", "taiwan_strait"),
        L("They expressed strong opposition to any unilateral attempts to change the status quo across the "
          "Taiwan Strait by force or coercion.", "taiwan_strait"),
    ],
    "china": [
        L("{a} and {b} discussed the People's Republic of China's increasingly coercive behavior in the East "
          "China Sea and the South China Sea.", "china"),
        L("The leaders stressed the importance of freedom of navigation and overflight in the South China Sea, "
          "consistent with international law as reflected in the UN Convention on the Law of the Sea.", "china"),
        L("They reaffirmed that the 2016 arbitral award on the South China Sea is final and legally binding on "
          "the parties to it.", "china"),
        L("{b} briefed {a} on recent unsafe intercepts of {badj} aircraft by China's People's Liberation Army.",
          "china"),
    ],
    "russia_ukraine": [
        L("{a} thanked {b} for {cposs} steadfast support to the people of Ukraine as they defend their "
          "sovereignty against Russia's unprovoked and unjustified war.", "russia_ukraine", since=WAR_START),
        L("The two leaders condemned Russia's continued attacks on Ukraine's civilian energy infrastructure.",
          "russia_ukraine", since=WAR_START),
        L("They agreed that Russia's aggression against Ukraine is a challenge to the rules-based international "
          "order that extends well beyond Europe.", "russia_ukraine", since=WAR_START),
    ],
    "alliance_commitment": [
        L("{a} reaffirmed the ironclad U.S. commitment to the defense of {cname}, backed by the full range of "
          "U.S. capabilities, conventional and nuclear.", "alliance_commitment", "extended_deterrence", ally=True),
        L("Both leaders welcomed the unprecedented momentum in the alliance, which they described as the "
          "cornerstone of peace and security in the region.", "alliance_commitment", ally=True),
        L("{a} reiterated that the United States will stand by its treaty commitments to {cname}.",
          "alliance_commitment", ally=True),
    ],
    "defense_industry": [
        L("The two leaders discussed opportunities to deepen defense industrial cooperation, including the "
          "co-development and co-production of critical munitions.", "defense_industry"),
        L("They agreed to strengthen the resilience of defense supply chains and to explore reciprocal "
          "arrangements for the maintenance and repair of U.S. Navy vessels.", "defense_industry"),
        L("{b} highlighted {cposs} efforts to expand its domestic defense industrial base and invited greater "
          "participation by U.S. firms.", "defense_industry"),
    ],
    "exercises": [
        L("They welcomed the growing scale and complexity of bilateral exercises, including Exercise {exercise}.",
          "exercises"),
        L("The two sides agreed to expand combined training in the maritime and air domains and to increase "
          "the participation of like-minded partners in {exercise}.", "exercises", "multilateral"),
    ],
    "force_posture": [
        L("The two sides reviewed progress on force posture initiatives, including the rotational presence of "
          "U.S. forces in {cname}.", "force_posture"),
        L("{a} and {b} agreed to accelerate infrastructure investments that support a more distributed and "
          "resilient U.S. force posture in the region.", "force_posture"),
    ],
    "space_cyber": [
        L("They agreed to deepen cooperation in space, cyberspace and other emerging domains, including space "
          "situational awareness and the protection of critical networks.", "intelligence_cyber_space"),
        L("The leaders discussed ways to improve information sharing and to strengthen the security of "
          "classified information.", "intelligence_cyber_space"),
    ],
    "multilateral": [
        L("The leaders discussed opportunities to deepen multilateral cooperation with like-minded partners, "
          "including through the Quad and with ASEAN, in support of a free and open Indo-Pacific.",
          "multilateral"),
        L("{a} welcomed {cposs} growing role in regional security, including its cooperation with Pacific Island "
          "countries and with Southeast Asian partners.", "multilateral"),
    ],
}
COUNTRY_SENTENCES: dict[str, list[Line]] = {
    "JP": [L("{a} reiterated that Article V of the U.S.-Japan Security Treaty applies to the Senkaku Islands.",
             "senkaku", "alliance_commitment"),
           L("{b} explained Japan's plans to fundamentally reinforce its defense capabilities, including "
             "counterstrike capabilities, and to raise defense spending to two percent of GDP.", "counterstrike",
             "budget", since=D(2022, 12, 17))],
    "AU": [L("They reviewed progress on the AUKUS partnership, including the optimal pathway for Australia to "
             "acquire conventionally armed, nuclear-powered submarines and the co-development of advanced "
             "defense technologies.", "multilateral", "defense_industry", since=D(2023, 3, 14)),
           L("{a} and {b} welcomed increased rotations of U.S. bomber aircraft and Marines to northern Australia.",
             "force_posture")],
    "IN": [L("The two leaders welcomed the conclusion of a roadmap for defense industrial cooperation and progress "
             "toward the co-production of jet engines in India.", "defense_industry", since=D(2023, 6, 6)),
           L("They discussed the security situation in the Indian Ocean region and agreed to expand information "
             "sharing between their navies.", "intelligence_cyber_space")],
    "KR": [L("{a} and {b} agreed to strengthen the credibility of extended deterrence through the Nuclear "
             "Consultative Group.", "extended_deterrence", since=D(2023, 4, 27)),
           L("They reaffirmed the U.S. commitment to maintain the current force posture of U.S. Forces Korea.",
             "force_posture")],
    "PH": [L("{a} reaffirmed that Article IV of the 1951 Mutual Defense Treaty extends to armed attacks on "
             "Philippine armed forces, public vessels or aircraft, including those of its Coast Guard, anywhere "
             "in the South China Sea.", "alliance_commitment", "china"),
           L("They welcomed progress on projects at sites under the Enhanced Defense Cooperation Agreement.",
             "force_posture")],
}
# First-person lines for quotes and transcript statements ({b} = the other principal).
FIRST_PERSON = [
    L("Our partnership has never been stronger, and we will keep working together to keep this region free and "
      "open."),
    L("We will continue to stand shoulder to shoulder with our partners in the face of pressure."),
    L("This partnership is about delivering real capabilities, not just words on paper."),
    L("We covered a lot of ground today, and we agreed on concrete next steps."),
    L("We share a vision of a region where disputes are resolved peacefully and in accordance with international "
      "law."),
    L("Today {b} and I agreed to move faster on co-production, because our forces need these capabilities now.",
      "defense_industry"),
    L("North Korea's repeated missile launches are a clear threat to the region and to the international "
      "community.", "north_korea"),
    L("We oppose any attempt by China to change the status quo by force or coercion.", "china"),
    L("I want to thank {b} for a candid and productive discussion."),
    L("Our two militaries are training together more often and in more complex ways than ever before.",
      "exercises"),
    L("We are investing in the infrastructure that supports a more resilient U.S. force posture in the region.",
      "force_posture"),
    L("The security environment is the most severe and complex that we have faced in decades."),
    L("We agreed to deepen cooperation in space and cyberspace, where threats are growing fast.",
      "intelligence_cyber_space"),
    L("Russia's war against Ukraine reminds us that security in Europe and in the Indo-Pacific is connected.",
      "russia_ukraine", since=WAR_START),
    L("We will continue to fly, sail and operate wherever international law allows."),
    L("I believe today's discussion has given new momentum to our cooperation, and I look forward to our next "
      "conversation."),
    L("Peace and stability across the Taiwan Strait matter to the entire world, not just to the region.",
      "taiwan_strait"),
    L("Our commitment to the defense of our ally is ironclad, and that is not going to change.",
      "alliance_commitment", ally=True, us_only=True),
]
QUESTIONS = [
    L("{addr}, North Korea launched another missile over the weekend. How will you respond to the next launch?",
      "north_korea"),
    L("{addr}, there has been a lot of talk about peace and stability across the Taiwan Strait. Did you discuss "
      "what your countries would do in a contingency?", "taiwan_strait"),
    L("A question for both of you. How will the increase in defense spending affect the timeline for "
      "co-production of munitions, and when do you expect the first deliveries?", "budget", "defense_industry"),
    L("{addr}, there have been several unsafe intercepts by Chinese aircraft in recent months. Did you raise "
      "those incidents today, and what are you doing to reduce the risk of an accident?", "china"),
    L("{addr}, some critics say that the new force posture initiatives will raise tensions rather than reduce "
      "them. How do you respond?", "force_posture"),
    L("{addr}, on Ukraine: are you concerned that continued support to Kyiv is drawing down stocks "
      "that would be needed in the Indo-Pacific?", "russia_ukraine", since=WAR_START),
    L("{addr}, can you give us any more detail on the new exercises you announced?", "exercises"),
]
TRAVEL_AGENDA = [  # "The two are expected to discuss ..."
    L("regional security"),
    L("the bilateral relationship"),
    L("defense industrial cooperation, including the co-production of critical munitions", "defense_industry"),
    L("ways to strengthen the resilience of defense supply chains", "defense_industry"),
    L("the expansion of bilateral exercises and combined training", "exercises"),
]
ANSWER_OPENERS = ["Thanks for the question.", "Well, {name}, I'd say this.", "Let me start with that.",
                  "I'm not going to get into hypotheticals.", "That's a great question.",
                  "If I could just add one thing."]
CONNECTIVES = ["In addition,", "At the same time,", "Importantly,", "As I said earlier,", "More broadly,"]
LOWER_FIRST = {"Our", "We", "This", "Today", "The"}


def _lower_first(sentence: str) -> str:
    """Lower-case the first word when it is not a name ("We will ..." -> "we will ...")."""
    word = sentence.split(" ", 1)[0]
    return sentence[0].lower() + sentence[1:] if word in LOWER_FIRST else sentence


def _first_words(text: str, n: int = 5) -> str:
    return " ".join(text.split()[:n])


def fmt_date(d: dt.date, style: str) -> str:
    if style == "ap":
        return f"{AP_MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "caps":
        return f"{MONTHS[d.month - 1].upper()} {d.day}, {d.year}"
    if style == "dmy":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == "md":
        return f"{MONTHS[d.month - 1]} {d.day}"
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


# ---------------------------------------------------------------------------------------------
# The calendar: slots of engagements
# ---------------------------------------------------------------------------------------------


def permute(i: int, n: int, key: str) -> int:
    """A seeded bijection of range(n): a four-round Feistel network on the next even power of two,
    cycle-walking back into range (no table, so any size in constant memory)."""
    bits = max(2, (n - 1).bit_length())
    bits += bits % 2
    half, mask = bits // 2, (1 << (bits // 2)) - 1
    x = i
    while True:
        left, right = x >> half, x & mask
        for rnd in range(4):
            digest = hashlib.blake2b(f"{key}:{rnd}:{right}".encode(), digest_size=8).digest()
            left, right = right, left ^ (int.from_bytes(digest, "big") & mask)
        x = (left << half) | right
        if x < n:
            return x


SAME = [("defense", c, "defense") for c in PARTNER_COUNTRIES] + [("foreign", c, "foreign") for c in PARTNER_COUNTRIES]
CROSS = [("defense", c, "foreign") for c in PARTNER_COUNTRIES] + [("foreign", c, "defense") for c in PARTNER_COUNTRIES]


@dataclass(frozen=True)
class Group:
    pairs: tuple  # (us dept, partner country, partner dept) or (country,) for a 2+2
    period: int
    offset: int

    @property
    def windows(self) -> int:
        return (NDAYS - self.offset + self.period - 1) // self.period


class Grid:
    """Slots (pair, day) of one kind of engagement. Days of one pair are `period` apart; the
    offsets keep a 2+2 two days away from any bilateral meeting of its participants. Slots are
    handed out stratum by stratum (every STRATA-th window of every pair first, then the next...),
    so a small corpus has a pair meet at most once a month and density grows only with size."""

    STRATA = 5

    def __init__(self, name: str, groups: list[Group]):
        self.name = name
        self.groups = groups
        self.strata: list[tuple[int, int]] = []  # (first slot id, size) of each stratum
        offset = 0
        for r in range(self.STRATA):
            size = sum(len(g.pairs) * self._n(g, r) for g in groups)
            self.strata.append((offset, size))
            offset += size
        self.size = offset

    @classmethod
    def _n(cls, g: Group, r: int) -> int:
        return max(0, (g.windows - r + cls.STRATA - 1) // cls.STRATA)

    def slot(self, i: int, key: str) -> int:
        """The slot id of the i-th engagement (the grid starts again after `size`)."""
        j = i % self.size
        for r, (first, size) in enumerate(self.strata):
            if j < first + size:
                return first + permute(j - first, size, f"{key}/{r}")
        raise IndexError(i)

    def decode(self, s: int) -> tuple[tuple, dt.date]:
        for r, (first, size) in enumerate(self.strata):
            if s >= first + size:
                continue
            s -= first
            for g in self.groups:
                n = self._n(g, r)
                if s < len(g.pairs) * n:
                    pair, k = g.pairs[s // n], s % n
                    return pair, START + dt.timedelta(days=g.offset + (r + k * self.STRATA) * g.period)
                s -= len(g.pairs) * n
        raise IndexError(s)


GRIDS = {
    # meetings: a pair of defense ministers on days 0 mod 6, of foreign ministers and mixed pairs 2 mod 6
    "meeting": Grid("meeting", [Group(tuple(SAME[:5]), 6, 0), Group(tuple(SAME[5:]), 6, 2),
                                Group(tuple(CROSS), 18, 2)]),
    "call": Grid("call", [Group(tuple(SAME), 2, 0), Group(tuple(CROSS), 6, 0)]),
    "2+2": Grid("2+2", [Group(("JP", "AU", "IN", "KR"), 6, 4)]),
}
TWO_PLUS_TWO = {"JP": "Security Consultative Committee (\"2+2\")", "AU": "Australia-U.S. Ministerial Consultations "
                "(AUSMIN)", "IN": "India-U.S. 2+2 Ministerial Dialogue", "KR": "Foreign and Defense Ministers' "
                "(\"2+2\") Meeting"}
TWO_PLUS_TWO_SINCE = {"IN": D(2018, 9, 6), "KR": D(2017, 1, 20), "JP": D(2017, 1, 20), "AU": D(2017, 1, 20)}


@dataclass
class Engagement:
    cls: str  # meeting | call | 2+2
    slot: int
    date: dt.date
    us: Official
    cp: Official
    venue: Venue | None  # meetings and 2+2s
    label: str  # the gold cluster label
    group: list[Official] = field(default_factory=list)  # a 2+2's four ministers (U.S. defense, foreign, partner)
    told: int = 0


def _slot_engagement(seed: int, cls: str, s: int) -> Engagement | None:
    """The facts of slot `s`: the same whatever document tells them, and whenever."""
    pair, day = GRIDS[cls].decode(s)
    rng = random.Random(f"{seed}/{cls}/{s}")
    if cls == "2+2":
        country = pair
        if day < TWO_PLUS_TWO_SINCE[country]:
            return None
        group = [holder("US", "defense", day), holder("US", "foreign", day), holder(country, "defense", day),
                 holder(country, "foreign", day)]
        if any(o is None for o in group):
            return None
        c = COUNTRIES[country]
        city = rng.choice(["Washington", c.capital])
        venue = Venue(f"in {city}", city, city, "US" if city == "Washington" else country)
        label = f"{day.isoformat()}-{country.lower()}-2plus2-{city.lower().replace(' ', '-')}-{s}"
        return Engagement(cls, s, day, group[0], group[2], venue, label, group)  # type: ignore[arg-type]
    us_dept, country, cp_dept = pair
    us, cp = holder("US", us_dept, day), holder(country, cp_dept, day)
    if us is None or cp is None:
        return None
    venue = None
    if cls == "meeting":
        r = rng.random()
        if r < 0.4:
            venue = US_VENUES[0 if us.dept == "defense" else 1]
        elif r < 0.8:
            pool = [v for v in PARTNER_VENUES[country] if not v.dept or (v.dept == us.dept == cp.dept)]
            venue = rng.choice(pool)
        else:
            venue = rng.choice([v for v in THIRD_VENUES if v.dept == us.dept])
    label = f"{day.isoformat()}-{us.family.lower()}-{cp.family.lower()}-{cls}-{s}"
    return Engagement(cls, s, day, us, cp, venue, label)


# ---------------------------------------------------------------------------------------------
# One document, with its answers
# ---------------------------------------------------------------------------------------------


@dataclass
class GenDoc:
    genre: str
    ext: str
    text: str
    sidecar: dict[str, str]
    gold: dict[str, Any]
    clusters: list[str]  # the engagement labels it tells
    companion: bool = False  # the second telling of its engagement

    @property
    def words(self) -> int:
        return len(self.text.split())


class Doc:
    """Paragraphs of one document and what a careful reader finds in them."""

    def __init__(self, gen: CorpusGenerator, genre: str, published: dt.date):
        self.gen, self.genre, self.published = gen, genre, published
        self.pars: list[str] = []
        self.topics: set[str] = set()
        self.persons: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.quotes: list[dict[str, str]] = []
        self.turns: list[dict[str, Any]] = []
        self.used: set[str] = set()  # body sentences already used in this document
        self.decks: dict[str, list[Line]] = {}  # first-person lines left per speaker
        self.clusters: list[str] = []

    # -- persons ---------------------------------------------------------------------------
    def official(self, o: Official, title: str | None = None) -> None:
        """`o` is named in the text, with `title` (its full title by default; short_title for a ref)."""
        title = o.title if title is None else title
        p = self.persons.get(o.name)
        if p is None:
            self.persons[o.name] = {"name": o.name, "family": o.family, "title": title or None,
                                    "country": o.country}
        elif title and len(title) > len(p["title"] or ""):
            p["title"] = title

    def ref(self, o: Official) -> str:
        self.official(o, o.short_title)
        return o.ref

    def full(self, o: Official, name: str | None = None) -> str:
        self.official(o)
        return f"{o.title} {name or o.name}"

    def other(self, name: str, family: str, title: str | None = None, country: str | None = None) -> None:
        if name not in self.persons:
            self.persons[name] = {"name": name, "family": family, "title": title, "country": country}

    # -- text ------------------------------------------------------------------------------
    def fill(self, line: Line, us: Official, cp: Official, a: str | None = None, b: str | None = None) -> str:
        c = COUNTRIES[cp.country]
        rng = self.gen.rng
        if a is None and "{a}" in line.text:
            a = self.ref(us)
        if b is None and "{b}" in line.text:
            b = self.ref(cp)
        s = line.text.format(a=a, b=b, cname=c.name, badj=c.adj,
                             cposs=f"{c.name}'" if c.name.endswith("s") else f"{c.name}'s",
                             exercise=rng.choice(c.exercises) if c.exercises else "Pacific Vanguard")
        self.topics |= line.topics
        return s[0].upper() + s[1:]

    def themes(self, cp: Official, n: int) -> list[str]:
        keys = [k for k, lines in TOPIC_SENTENCES.items() if any(x.fits(self.gen.day, cp) for x in lines)]
        if cp.country not in ("KR", "JP") and self.gen.rng.random() < 0.6:
            keys.remove("north_korea")
        return self.gen.rng.sample(keys, min(n, len(keys)))

    def fresh(self, pool: list[Line], k: int, cp: Official) -> list[Line]:
        left = [x for x in pool if x.text not in self.used and x.fits(self.gen.day, cp)]
        picked = self.gen.rng.sample(left, min(k, len(left)))
        self.used.update(x.text for x in picked)
        return picked

    def body(self, us: Official, cp: Official, n_par: int, a: str | None = None, b: str | None = None) -> list[str]:
        """Readout-style body paragraphs, two to four sentences each."""
        pars = []
        rng = self.gen.rng
        for theme in self.themes(cp, n_par):
            lines = self.fresh(TOPIC_SENTENCES[theme], rng.randint(2, 4), cp)
            if rng.random() < 0.3:
                lines += self.fresh(COUNTRY_SENTENCES[cp.country], 1, cp)
            if lines:
                pars.append(" ".join(self.fill(x, us, cp, a, b) for x in lines))
        return pars

    def first_person(self, speaker: Official, other: Official, n: int) -> str:
        """n first-person sentences; a speaker does not repeat a line within a document."""
        deck = self.decks.setdefault(speaker.name, [])
        cp = other if speaker.country == "US" else speaker
        out = []
        for _ in range(n):
            if not deck:
                deck.extend(x for x in self.gen.rng.sample(FIRST_PERSON, len(FIRST_PERSON))
                            if x.fits(self.gen.day, cp, speaker))
            line = deck.pop()
            if out and line.text.format(b=other.ref) == out[-1] and deck:  # not the same line twice in a row
                deck.insert(0, line)
                line = deck.pop()
            if "{b}" in line.text:
                self.ref(other)
            self.topics |= line.topics
            out.append(line.text.format(b=other.ref))
        return " ".join(out)

    def question(self, addr: str) -> str:
        line = self.gen.rng.choice([q for q in QUESTIONS if q.fits(self.gen.day)])
        self.topics |= line.topics
        return line.text.format(addr=addr)

    def quote(self, speaker: Official, other: Official) -> str:
        q = self.first_person(speaker, other, 1)
        rng = self.gen.rng
        form = rng.randrange(5)
        if form == 0:
            text = f'"{q[:-1]}," {speaker.family} said.'
        elif form == 1:
            text = f'{self.ref(speaker)} said: "{q}"'
        elif form == 2:
            text = f'"{q[:-1]}," said {self.ref(speaker)}.'
        elif form == 3:
            q = _lower_first(q)
            text = f'{speaker.family} told reporters that "{q}"'
        else:
            text = f'"{q[:-1]}," {speaker.family} said, adding that the two sides would meet again soon.'
        self.quotes.append({"speaker": speaker.name, "text_start": _first_words(q)})
        return text

    def turn(self, label: str, speaker: str, words: str, interpreted: bool = False) -> str:
        self.turns.append({"speaker": speaker, "interpreted": interpreted, "text_start": _first_words(words)})
        return f"{label}: {words}"

    # -- events ----------------------------------------------------------------------------
    def event(self, e: Engagement, kind: str, status: str = "held", date: dt.date | str | None = None,
              place: Venue | str | None = None, participants: list[Official] | None = None,
              cluster: str | None = None, country: str | None = None) -> None:
        venue = place if isinstance(place, Venue) else None
        fmt = "phone" if kind == "call" else "in_person"
        self.events.append({
            "kind": kind, "status": status,
            "date": date.isoformat() if isinstance(date, dt.date) else date,
            "country": venue.country if venue else country,
            "place": venue.place if venue else place,
            "format": fmt,
            "participants": [o.name for o in (participants or [e.us, e.cp])],
            "cluster": cluster or e.label,
        })
        if (cluster or e.label) not in self.clusters:
            self.clusters.append(cluster or e.label)

    def finish(self, title: str, publisher: str, doc_type: str, ext: str = ".txt",
               year_in_text: bool = True) -> GenDoc:
        rng = self.gen.rng
        text = "\n\n".join(self.pars)
        if ext == ".md":
            lines = text.split("\n\n")
            text = "\n\n".join([f"# {lines[0]}", f"*{lines[1]}*", *lines[2:]])
        sidecar: dict[str, str] = {}
        if rng.random() < 0.5:
            sidecar = {"title": title, "publisher": publisher, "published": self.published.isoformat(),
                       "url": f"https://www.example.org/{self.genre.replace('_', '-')}/{rng.randrange(10**9):09d}"}
        dated = bool(sidecar) or year_in_text
        if not dated:  # the year is nowhere: the events' days are not fixed either
            for ev in self.events:
                if ev["date"] and len(ev["date"]) == 10:
                    ev["date"] = None
        gold = {
            "doc": {"published": self.published.isoformat() if dated else None, "doc_type": doc_type,
                    "title": title},
            "persons": list(self.persons.values()),
            "events": self.events,
            "quotes": self.quotes,
            "turns": self.turns,
            "topics": sorted(self.topics),
        }
        return GenDoc(self.genre, ext, text + "\n", sidecar, gold, self.clusters)


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------

MEETING_GENRES = (("us_readout", 5), ("news_story", 3), ("travel_announcement", 1), ("ministry_summary", 2),
                  ("press_conference", 1), ("background_briefing", 1))
CALL_GENRES = (("us_readout", 5), ("ministry_summary", 2), ("news_story", 1))
COMPANIONS = {  # first telling -> (second telling, weight)
    "us_readout": (("ministry_summary", 3), ("news_story", 1)),
    "news_story": (("us_readout", 1), ("ministry_summary", 1)),
    "travel_announcement": (("us_readout", 1),),
    "ministry_summary": (("us_readout", 3), ("news_story", 1)),
    "press_conference": (("news_story", 1),),
    "background_briefing": (("us_readout", 1),),
}
CLASS_WEIGHTS = (("meeting", 0.71), ("call", 0.22), ("2+2", 0.07))


def _weighted(rng: random.Random, items: tuple) -> str:
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


class CorpusGenerator:
    """Engagements from the calendar, told by readouts, summaries, news stories and transcripts."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.day = START  # date of the engagement being told (for date-gated sentences)
        self.counters = dict.fromkeys(GRIDS, 0)
        self.engagements = 0
        self.reused = 0

    def next_engagement(self, cls: str) -> Engagement:
        grid = GRIDS[cls]
        while True:
            i = self.counters[cls]
            self.counters[cls] += 1
            s = grid.slot(i, f"{self.seed}/{cls}")
            e = _slot_engagement(self.seed, cls, s)
            if e is not None:
                if i >= grid.size:
                    self.reused += 1
                return e

    def documents(self) -> Iterator[GenDoc]:
        """Documents without end; a second telling follows its first within a few documents."""
        pending: list[tuple[int, int, GenDoc]] = []  # (due, tie, doc)
        made = 0
        first = ["press_conference", "background_briefing"]  # at least one of each transcript kind
        while True:
            while pending and pending[0][0] <= made:
                yield heapq.heappop(pending)[2]
                made += 1
            rng = self.rng
            cls = "meeting" if first else _weighted(rng, CLASS_WEIGHTS)
            e = self.next_engagement(cls)
            self.engagements += 1
            if cls == "2+2":
                yield self.tell(e, "joint_statement")
                made += 1
                continue
            genres = MEETING_GENRES if cls == "meeting" else CALL_GENRES
            genre = first.pop(0) if first else _weighted(rng, genres)
            if genre == "travel_announcement" and e.venue and e.venue.country == "US":
                genre = "us_readout"
            yield self.tell(e, genre)
            made += 1
            if rng.random() < TOLD_TWICE:
                second = _weighted(rng, COMPANIONS[genre])
                heapq.heappush(pending, (made + rng.randrange(0, 12), made, self.tell(e, second, companion=True)))

    def tell(self, e: Engagement, genre: str, companion: bool = False) -> GenDoc:
        self.day = e.date
        e.told += 1
        if genre == "us_readout":
            genre = "dod_readout" if e.us.dept == "defense" else "state_readout"
        doc = getattr(self, genre)(e, companion)
        doc.companion = companion
        return doc

    # -- genres ----------------------------------------------------------------------------
    def dod_readout(self, e: Engagement, companion: bool) -> GenDoc:
        rng, us, cp, d = self.rng, e.us, e.cp, e.date
        c = COUNTRIES[cp.country]
        doc = Doc(self, "dod_readout", d)
        call = e.cls == "call"
        title = f"Readout of {us.title} {us.name}'s {'Call' if call else 'Meeting'} With {c.adj} {cp.title} {cp.name}"
        spokes = spokesperson("defense", d)
        if spokes:
            doc.other(spokes.gold_name or spokes.name, spokes.family, spokes.title, "US")
            intro = f"{spokes.lead} {spokes.name} provided the following readout:"
        else:
            intro = "A Pentagon spokesperson provided the following readout:"
        if call:
            how = rng.choice(["today", "by phone today", "by phone"])
            lead = (f"{doc.full(us)} spoke {how} with {c.adj} {doc.full(cp)} to discuss the {c.adj}-U.S. "
                    f"relationship and regional security developments.")
            doc.event(e, "call", date=d if "today" in how else None)  # "spoke by phone": the day is not said
        else:
            v = e.venue
            assert v is not None
            lead = (f"{doc.full(us)} met today with {c.adj} {doc.full(cp)} {v.phrase}{',' if ', ' in v.phrase else ''}"
                    f" to advance the two countries' shared priorities.")
            doc.event(e, "meeting", date=d, place=v)
        doc.pars = [title, fmt_date(d, rng.choice(["ap", "long"])), intro, lead]
        doc.pars += doc.body(us, cp, rng.randint(3, 5))
        doc.pars.append(f"{doc.ref(us)} thanked {doc.ref(cp)} for {cp.pronoun} leadership and said he looked "
                        f"forward to their next {'conversation' if call else 'meeting'}.")
        return doc.finish(title, "U.S. Department of Defense", "readout")

    def state_readout(self, e: Engagement, companion: bool) -> GenDoc:
        rng, us, cp, d = self.rng, e.us, e.cp, e.date
        c = COUNTRIES[cp.country]
        doc = Doc(self, "state_readout", d)
        call = e.cls == "call"
        title = f"{us.ref}'s {'Call' if call else 'Meeting'} with {c.adj} {cp.title} {cp.family}"
        doc.ref(us)
        doc.official(cp, cp.title)
        spokes = spokesperson("foreign", d)
        if spokes:
            doc.other(spokes.gold_name or spokes.name, spokes.family, spokes.title, "US")
            intro = f"The following is attributable to {spokes.lead} {spokes.name}:"
        else:
            intro = "The following is attributable to the Office of the Spokesperson:"
        pool = [x for x in TOPIC_SENTENCES["alliance_commitment" if cp.country in ALLIES else "multilateral"]
                if x.fits(d, cp)]
        line = rng.choice(pool)
        doc.used.add(line.text)
        opening = doc.fill(line, us, cp)
        if call:
            lead = f"{doc.full(us)} spoke today with {c.adj} {doc.full(cp)}. {opening}"
            doc.event(e, "call", date=d)
        else:
            assert e.venue is not None
            lead = f"{doc.full(us)} met today {e.venue.phrase} with {c.adj} {doc.full(cp)}. {opening}"
            doc.event(e, "meeting", date=d, place=e.venue)
        doc.pars = [title, "READOUT", "OFFICE OF THE SPOKESPERSON", fmt_date(d, "caps"), intro, lead]
        doc.pars += doc.body(us, cp, rng.randint(2, 4))
        return doc.finish(title, "U.S. Department of State", "readout")

    def news_story(self, e: Engagement, companion: bool) -> GenDoc:
        rng, us, cp, d = self.rng, e.us, e.cp, e.date
        c = COUNTRIES[cp.country]
        doc = Doc(self, "news_story", d)
        call = e.cls == "call"
        city = e.venue.city if e.venue else rng.choice(["Washington", c.capital])
        cname = c.name.replace("the ", "")
        if call:
            head = rng.choice([f"{us.family}, {cp.family} Discuss Regional Security in Phone Call",
                               f"U.S., {cname} Defense Chiefs Talk by Phone" if us.dept == "defense"
                               else f"U.S., {cname} Top Diplomats Talk by Phone"])
        else:
            head = rng.choice([f"{us.family}, {cp.family} Pledge Closer Cooperation Amid Regional Tensions",
                               f"{c.adj} {cp.short_title} {cp.family} Meets {us.family} in {city}",
                               f"U.S., {cname} Vow to Deepen Defense Ties"])
        dod = rng.random() < 0.5
        byline = rng.choice(BYLINES) if dod else rng.choice(NEWS_BYLINES)
        what = (f"spoke by phone {WEEKDAYS[d.weekday()]}" if call
                else f"met {WEEKDAYS[d.weekday()]} {e.venue.phrase}")  # type: ignore[union-attr]
        lead = (f"{city.upper()}, {AP_MONTHS[d.month - 1]} {d.day} — {doc.full(us)} and {c.adj} {doc.full(cp)} "
                f"{what}, pledging to deepen cooperation as the region faces what both described as its most "
                f"difficult security environment in decades.")
        doc.pars = [head, f"{fmt_date(d, 'ap')} | BY {byline.upper()}" if dod else f"By {byline}", lead]
        doc.event(e, "call" if call else "meeting", date=d, place=e.venue)
        body = doc.body(us, cp, rng.randint(3, 5))
        for i, p in enumerate(body):
            doc.pars.append(p)
            if i % 2 == 0:
                speaker, other = rng.sample([us, cp], 2)
                doc.pars.append(doc.quote(speaker, other))
        doc.pars.append(doc.quote(cp, us))
        doc.pars.append("Officials said the two sides were expected to meet again later in the year. \"The "
                        "conversation will continue,\" a senior defense official said, speaking on condition of "
                        "anonymity to discuss private talks.")
        if dod:  # page furniture: a file photo caption, its VIRIN, related stories
            doc.pars += [f"{us.title} {us.name} greets {c.adj} {cp.title} {cp.name} during an earlier visit. "
                         f"(File Photo)",
                         f"VIRIN: {d:%y%m%d}-D-{rng.randrange(10000, 99999)}-{rng.randrange(1000, 9999)}",
                         "Related Stories", f"{us.family} Underscores Importance of Partnerships in the Indo-Pacific"]
        ext = ".md" if rng.random() < 0.3 else ".txt"
        return doc.finish(head, "DOD News" if dod else "Pacific Wire", "news", ext=ext, year_in_text=dod)

    def joint_statement(self, e: Engagement, companion: bool) -> GenDoc:
        d = e.date
        us_def, us_for, cp_def, cp_for = e.group
        country = cp_def.country
        c = COUNTRIES[country]
        doc = Doc(self, "joint_statement", d)
        name = TWO_PLUS_TWO[country]
        title = f"Joint Statement of the {name}"
        assert e.venue is not None
        doc.event(e, "meeting", date=d, place=e.venue, participants=[us_for, us_def, cp_for, cp_def])
        partnership = "alliance" if country in ALLIES else "partnership"
        doc.pars = [title, f"MEDIA NOTE | {fmt_date(d, 'long')}",
                    f"{doc.full(us_for)} and {doc.full(us_def)} met {c.adj} {doc.full(cp_for)} and "
                    f"{doc.full(cp_def)} in {e.venue.city} on {fmt_date(d, 'long')} for the {name}. The Ministers "
                    f"reviewed the strategic environment and the work of the {partnership}."]
        body = doc.body(us_def, cp_def, 8, "the United States", c.name)
        body += doc.body(us_for, cp_for, 4, "the Ministers", f"the {c.adj} Ministers")
        doc.pars += [f"{i}. {p}" for i, p in enumerate(body, start=1)]
        doc.pars.append("The Ministers committed to review the progress of these initiatives regularly.")
        return doc.finish(title, "U.S. Department of State", "statement")

    def travel_announcement(self, e: Engagement, companion: bool) -> GenDoc:
        rng, us, cp, d = self.rng, e.us, e.cp, e.date
        v = e.venue
        assert v is not None
        d0 = max(us.start, d - dt.timedelta(days=rng.randint(3, 9)))
        doc = Doc(self, "travel_announcement", d0)
        c = COUNTRIES[cp.country]
        where = COUNTRIES[v.country].name.replace("the ", "") if v.country in COUNTRIES else COUNTRY_NAMES[v.country]
        title = f"{us.title} {us.name} Travels to {where}"
        doc.official(us)
        agenda = rng.choice(TRAVEL_AGENDA)
        doc.topics |= agenda.topics
        dest = v.city if v.city == where else f"{v.city}, {where}"
        doc.pars = [title, f"RELEASE | {fmt_date(d0, 'ap')}",
                    f"{doc.full(us)} will travel to {dest}, to advance cooperation with one of the "
                    f"United States' closest partners.",
                    f"In {v.city}, {doc.ref(us)} will meet on {fmt_date(d, 'md')} with {c.adj} {doc.full(cp)}. "
                    f"The two are expected to discuss {agenda.text}.",
                    f"During the trip, {doc.ref(us)} will also meet with "
                    f"{'U.S. service members' if us.dept == 'defense' else 'the staff of the U.S. Embassy'} and "
                    f"deliver remarks on the importance of alliances and partnerships in the Indo-Pacific."]
        doc.event(e, "meeting", status="planned", date=d, place=Venue("", v.city, v.city, v.country))
        return doc.finish(title, "U.S. Department of Defense", "statement")

    def ministry_summary(self, e: Engagement, companion: bool) -> GenDoc:
        rng, us, cp, d = self.rng, e.us, e.cp, e.date
        c = COUNTRIES[cp.country]
        published = d + dt.timedelta(days=1) if companion or rng.random() < 0.5 else d
        doc = Doc(self, "ministry_summary", published)
        org = c.defense_org if cp.dept == "defense" else c.foreign_org
        call = e.cls == "call"
        talk = "telephone talk" if call else "meeting"
        if cp.country == "IN":
            title = (f"{cp.title} Shri {cp.name} holds {'telephone conversation' if call else 'bilateral talks'} "
                     f"with {us.title} {us.name}")
            head = [org, title, f"Posted On: {fmt_date(published, 'dmy')} by PIB Delhi"]
        elif us.dept == cp.dept:
            title = f"{c.short} {'Defense' if cp.dept == 'defense' else 'Foreign'} Ministers' {talk.title()}"
            head = [org, "(Provisional Translation)" if cp.interpreted else "Media release", title,
                    fmt_date(published, "long")]
        else:
            title = f"{talk.title()} between {cp.title} {cp.family} and {us.title} {us.family}"
            head = [org, "(Provisional Translation)" if cp.interpreted else "Media release", title,
                    fmt_date(published, "long")]
        doc.official(cp)
        doc.official(us)
        where = f" {e.venue.phrase}" if e.venue and not call else ""
        doc.pars = [*head,
                    f"1. On {fmt_date(d, 'long')}, from {rng.randint(9, 17)}:00 for about "
                    f"{rng.choice([30, 45, 60, 75])} minutes, {doc.full(cp, cp.alt_name or cp.name)} held a "
                    f"{talk}{where} with {doc.full(us)}. The overview is as follows."]
        doc.event(e, "call" if call else "meeting", date=d, place=None if call else e.venue)
        for i, p in enumerate(doc.body(us, cp, rng.randint(3, 5)), start=2):
            doc.pars.append(f"{i}. {p}")
        doc.pars.append("Back to Press Releases")
        return doc.finish(title, f"{c.adj} {org}", "summary")

    def press_conference(self, e: Engagement, companion: bool) -> GenDoc:
        rng, us, cp, d = self.rng, e.us, e.cp, e.date
        v = e.venue
        assert v is not None
        c = COUNTRIES[cp.country]
        doc = Doc(self, "press_conference", d)
        paren = " (THROUGH INTERPRETER)" if cp.interpreted else ""
        title = (f"{us.title} {us.name} and {c.adj} {cp.title} {cp.alt_name or cp.name} Hold a Joint Press "
                 f"Conference in {v.city}")
        doc.official(us)
        doc.official(cp)
        city = Venue("", v.city, v.city, v.country)
        doc.event(e, "press_conference", date=d, place=city, cluster=f"{e.label}-press")
        doc.event(e, "meeting", date=d, place=city)
        addr_us = "Mr. Secretary" if us.short_title == "Secretary" else us.ref
        doc.pars = [title, fmt_date(d, "long"),
                    doc.turn("STAFF", "STAFF", f"Good afternoon, everyone. {doc.ref(us)} and {doc.ref(cp)} will "
                             f"each deliver brief opening remarks, and then we will take a few questions. {addr_us}, "
                             f"over to you.")]
        doc.pars.append(doc.turn(us.long_label, us.name, f"Well, thank you, and good afternoon. {cp.ref}, thank you "
                                 f"for a productive meeting today. " + doc.first_person(us, cp, 4)))
        doc.pars += [doc.first_person(us, cp, rng.randint(3, 5)) for _ in range(rng.randint(1, 3))]
        doc.pars.append(doc.turn(cp.long_label + paren, cp.name, f"Thank you, {us.ref}, for your hospitality. "
                                 + doc.first_person(cp, us, 4), cp.interpreted))
        doc.pars += [doc.first_person(cp, us, rng.randint(3, 5)) for _ in range(rng.randint(1, 2))]
        reporters = rng.sample(REPORTERS, rng.randint(3, 5))
        count = ("three", "four", "five")[len(reporters) - 3]
        doc.pars.append(doc.turn("MODERATOR", "MODERATOR", f"Thank you. We have time for {count} questions."))
        for i, (rep, outlet) in enumerate(reporters):
            doc.other(rep, rep.split()[-1])
            who = us if i % 2 == 0 else cp
            other = cp if who is us else us
            addr = "Mr. Secretary" if who.short_title == "Secretary" else doc.ref(who)
            doc.pars.append(doc.turn("MODERATOR", "MODERATOR",
                                     f"{'First' if i == 0 else 'Next'}, we'll go to {rep}, {outlet}."))
            doc.pars.append(doc.turn("Q", rep, f"Thank you. {doc.question(addr)}"))
            label = who.short_label + (paren if who is cp else "")
            opener = rng.choice(ANSWER_OPENERS).format(name=rep.split()[0])
            doc.pars.append(doc.turn(label, who.name, f"{opener} {doc.first_person(who, other, rng.randint(3, 6))}",
                                     who is cp and cp.interpreted))
            if rng.random() < 0.5:
                olabel = other.short_label + (paren if other is cp else "")
                doc.pars.append(doc.turn(olabel, other.name, f"I share the view. {rng.choice(CONNECTIVES)} "
                                         f"{_lower_first(doc.first_person(other, who, rng.randint(2, 4)))}",
                                         other is cp and cp.interpreted))
        doc.pars.append(doc.turn("STAFF", "STAFF", "Thank you, everyone. That concludes today's press conference."))
        return doc.finish(title, "U.S. Department of Defense" if us.dept == "defense" else "U.S. Department of State",
                          "transcript")

    def background_briefing(self, e: Engagement, companion: bool) -> GenDoc:
        rng, us, cp, d = self.rng, e.us, e.cp, e.date
        v = e.venue
        assert v is not None
        doc = Doc(self, "background_briefing", d)
        who = "Senior Defense Official" if us.dept == "defense" else "Senior State Department Official"
        label = who.upper()
        title = f"{who} Holds a Background Briefing on {us.ref}'s Meeting With {cp.ref}"
        doc.ref(us)
        doc.ref(cp)
        doc.event(e, "meeting", date=d, place=v)
        doc.pars = [title, fmt_date(d, "ap"),
                    doc.turn("STAFF", "STAFF", f"Good morning, everyone. This briefing is on background, "
                             f"attributable to a {who.lower()}, on {doc.full(us)}'s meeting today with "
                             f"{COUNTRIES[cp.country].adj} {doc.full(cp)} {v.phrase}. With that, over to our "
                             f"official.")]
        body = doc.body(us, cp, rng.randint(3, 5))
        doc.pars.append(doc.turn(label, label, body[0]))
        doc.pars += body[1:]
        answers = doc.body(us, cp, 6)
        for (rep, outlet), answer in zip(rng.sample(REPORTERS, len(answers)), answers, strict=False):
            doc.other(rep, rep.split()[-1])
            doc.pars.append(doc.turn("Q", rep, f"Hi, {rep} with {outlet}. {doc.question('Sir')}"))
            doc.pars.append(doc.turn(label, label, answer))
        doc.pars.append(doc.turn("STAFF", "STAFF", "Thanks, everyone. That concludes the briefing."))
        return doc.finish(title, "U.S. Department of Defense" if us.dept == "defense" else "U.S. Department of State",
                          "transcript")


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def doc_name(index: int, doc: GenDoc) -> str:
    return f"{index:06d}-{doc.genre.replace('_', '-')}{doc.ext}"


def write_doc(folder: Path, name: str, doc: GenDoc, gold: bool = True) -> None:
    path = folder / name
    path.write_text(doc.text, encoding="utf-8")
    stem = path.with_suffix("")
    if doc.sidecar:
        stem.with_suffix(".meta.json").write_text(json.dumps(doc.sidecar, indent=1) + "\n", encoding="utf-8")
    if gold:
        Path(f"{stem}.gold.json").write_text(json.dumps(doc.gold, indent=1, ensure_ascii=False) + "\n",
                                             encoding="utf-8")


def write_corpus(folder: Path, words: int, seed: int, gold: bool = False) -> dict[str, int]:
    """Documents into one flat folder until they hold at least `words` words (throughput.py's corpus)."""
    total = n = 0
    for doc in CorpusGenerator(seed).documents():
        write_doc(folder, doc_name(n, doc), doc, gold)
        n += 1
        total += doc.words
        if total >= words:
            break
    return {"docs": n, "words": total}


def write_tree(out: Path, docs: int, seed: int, per_folder: int = PER_FOLDER,
               progress: bool = False, start: int = 0) -> dict[str, Any]:
    """Documents `start` to `docs - 1` of the seed's sequence into out/000/, out/001/, ... (folder
    = index // per_folder), streamed; returns (and writes) a summary. `start` > 0 gives the
    documents that follow a corpus of `start` documents made with the same seed."""
    gen = CorpusGenerator(seed)
    stats: dict[str, Any] = {"seed": seed, "docs": 0, "first": start, "words": 0, "sidecars": 0, "markdown": 0,
                             "genres": {}, "events": 0, "told_twice": 0}
    started = time.perf_counter()
    folder = None
    for n, doc in enumerate(gen.documents()):
        if n >= docs:
            break
        if n < start:
            continue
        if n % per_folder == 0 or folder is None:
            folder = out / f"{n // per_folder:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            if progress and n > start:
                print(f"  {n:,} documents ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
        assert folder is not None
        write_doc(folder, doc_name(n, doc), doc)
        stats["docs"] += 1
        stats["words"] += doc.words
        stats["sidecars"] += bool(doc.sidecar)
        stats["markdown"] += doc.ext == ".md"
        stats["genres"][doc.genre] = stats["genres"].get(doc.genre, 0) + 1
        stats["events"] += len(doc.gold["events"])
        stats["told_twice"] += doc.companion
    stats["engagements"] = gen.engagements
    stats["slot_reuses"] = gen.reused
    stats["seconds"] = round(time.perf_counter() - started, 1)
    (out / "corpus.json").write_text(json.dumps(stats, indent=1) + "\n", encoding="utf-8")
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, required=True, help="number of documents to write")
    ap.add_argument("--out", type=Path, required=True, help="folder to write them into (sub-folders of 1000)")
    ap.add_argument("--seed", type=int, default=20240601, help="seed of the generator (default 20240601)")
    ap.add_argument("--per-folder", type=int, default=PER_FOLDER,
                    help=f"documents per sub-folder (default {PER_FOLDER}; each with its sidecar and gold file)")
    args = ap.parse_args(argv)
    if args.docs < 1:
        ap.error("--docs must be at least 1")
    args.out.mkdir(parents=True, exist_ok=True)
    stats = write_tree(args.out, args.docs, args.seed, args.per_folder, progress=True)
    print(f"{stats['docs']:,} documents, {stats['words']:,} words, {stats['engagements']:,} engagements "
          f"({stats['told_twice']:,} told twice), {stats['events']:,} gold events, in {stats['seconds']} s "
          f"-> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
