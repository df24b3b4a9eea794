"""Small invented documents for the store tests (fictional events between real office-holders).

``write_docs(folder, *names)`` writes the named documents (and their sidecars) into a folder;
``write_generated(folder, n)`` writes ``n`` varied documents from templates (the crash test).
None of this text is a real readout, statement or news story.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

# name -> (file name, text, sidecar or None)
DOCS: dict[str, tuple[str, str, dict | None]] = {
    # one call told by two governments a day apart (time zones), and later reports of it
    "us_call": (
        "2023-03-01-us-readout-call.txt",
        "Readout of Secretary of Defense Lloyd J. Austin III's Call With Japanese Minister of Defense "
        "Yasukazu Hamada\n\n"
        "Secretary of Defense Lloyd J. Austin III spoke today with Japanese Minister of Defense Yasukazu Hamada "
        "to discuss the regional security environment.\n\n"
        "Secretary Austin reaffirmed the ironclad U.S. commitment to the defense of Japan, including extended "
        "deterrence, and reaffirmed that Article V of the treaty applies to the Senkaku Islands.\n\n"
        "The two leaders condemned North Korea's recent ballistic missile launches. \"Our alliance has never been "
        "stronger than it is today,\" Secretary Austin said.\n",
        {"published": "2023-03-01", "publisher": "U.S. Department of Defense",
         "title": "Readout of Secretary Austin's Call With Minister Hamada"},
    ),
    "jp_call": (
        "2023-03-02-jp-summary-call.txt",
        "Japan-U.S. Defense Ministerial Telephone Call\n\n"
        "On March 2 (Japan time), Minister of Defense Hamada Yasukazu held a telephone call with U.S. Secretary "
        "of Defense Lloyd J. Austin III. The overview is as follows.\n\n"
        "Minister Hamada explained Japan's plans to acquire counterstrike capabilities, including Tomahawk "
        "missiles, and the two ministers agreed to strengthen cooperation on defense industry and co-production.\n\n"
        "The two ministers expressed serious concern about China's coercive activities in the East China Sea.\n",
        {"published": "2023-03-02", "publisher": "Ministry of Defense of Japan"},
    ),
    # no publication date anywhere, names both, "call"
    "undated_call": (
        "undated-austin-hamada-call.txt",
        "Austin and Hamada Hold Call\n\n"
        "Secretary of Defense Lloyd J. Austin III held a phone call with Japanese Minister of Defense Yasukazu "
        "Hamada. The two discussed missile defense and exercises.\n",
        None,
    ),
    # no publication date, but the day of the month is given
    "undated_call_day": (
        "undated-austin-hamada-call-march-1.txt",
        "Austin and Hamada Hold Call on Missile Defense\n\n"
        "On March 1, Secretary of Defense Lloyd J. Austin III held a phone call with Japanese Minister of Defense "
        "Yasukazu Hamada. The two discussed missile defense and bilateral exercises.\n",
        None,
    ),
    # the same pair, another call months later
    "later_call": (
        "2023-07-12-us-readout-call.txt",
        "Readout of Secretary Austin's Call With Minister Hamada\n\n"
        "Secretary of Defense Lloyd J. Austin III spoke today with Japanese Minister of Defense Yasukazu Hamada. "
        "The two discussed Russia's war against Ukraine and support for Ukraine.\n",
        {"published": "2023-07-12", "publisher": "U.S. Department of Defense"},
    ),
    "blinken_hayashi": (
        "2023-04-17-state-readout-meeting.txt",
        "Secretary Blinken's Meeting With Japanese Foreign Minister Hayashi\n\n"
        "Secretary of State Antony J. Blinken met today in Tokyo with Japanese Minister for Foreign Affairs "
        "Yoshimasa Hayashi.\n\n"
        "The Secretary and the Foreign Minister reiterated the importance of maintaining peace and stability "
        "across the Taiwan Strait. \"Peace and stability across the Strait matter to the whole world,\" "
        "Secretary Blinken said.\n",
        {"published": "2023-04-17", "publisher": "U.S. Department of State"},
    ),
    "austin_marles": (
        "2023-07-28-dod-readout-meeting.txt",
        "Readout of Secretary Austin's Meeting With Deputy Prime Minister Marles\n\n"
        "Secretary of Defense Lloyd J. Austin III met today in Brisbane with Australian Deputy Prime Minister and "
        "Minister for Defence Richard Marles.\n\n"
        "The two leaders welcomed the expanded rotations of U.S. forces in northern Australia and agreed to "
        "deepen interoperability through combined exercises.\n",
        {"published": "2023-07-28", "publisher": "U.S. Department of Defense"},
    ),
    "austin_singh": (
        "2023-06-05-dod-readout-meeting.txt",
        "Readout of Secretary Austin's Meeting With Indian Defence Minister Singh\n\n"
        "Secretary of Defense Lloyd J. Austin III met today in New Delhi with Indian Defence Minister Rajnath Singh. "
        "The two leaders discussed co-production of defense equipment and resilient supply chains.\n",
        {"published": "2023-06-05", "publisher": "U.S. Department of Defense"},
    ),
    # no date anywhere, but the same pair in the same city as "austin_marles"
    "undated_brisbane": (
        "undated-austin-marles-brisbane.txt",
        "Austin and Marles Meet in Brisbane\n\n"
        "Secretary of Defense Lloyd J. Austin III met in Brisbane with Australian Deputy Prime Minister and "
        "Minister for Defence Richard Marles. They discussed force posture and combined exercises.\n",
        None,
    ),
    # the same pair in Brisbane again, a year later: from then on "Austin and Marles in Brisbane" with no date
    # could be either meeting, and the undated report stays apart
    "austin_marles_again": (
        "2024-08-02-dod-readout-meeting.txt",
        "Readout of Secretary Austin's Meeting With Deputy Prime Minister Marles\n\n"
        "Secretary of Defense Lloyd J. Austin III met today in Brisbane with Australian Deputy Prime Minister and "
        "Minister for Defence Richard Marles. They reviewed progress on submarine industrial cooperation.\n",
        {"published": "2024-08-02", "publisher": "U.S. Department of Defense"},
    ),
    # four calls a day apart each (2023-03-20..23): a trilateral call, an Austin-Hamada call the day before,
    # and two calls of Blinken's with an unnamed counterpart. Told in this order ("k", "m", "x", then "n")
    # the store must end up with the events of any other order.
    "chain_k": (
        "chain-1-trilateral-call.txt",
        "Readout of a Trilateral Call\n\n"
        "Secretary of State Antony J. Blinken and Secretary of Defense Lloyd J. Austin III held a phone call today "
        "with Japanese Minister of Defense Yasukazu Hamada. They discussed North Korea.\n",
        {"published": "2023-03-21"},
    ),
    "chain_m": (
        "chain-2-blinken-call.txt",
        "Readout of Secretary Blinken's Call\n\n"
        "Secretary of State Antony J. Blinken spoke today by phone with his Japanese counterpart. They discussed "
        "the Indo-Pacific.\n",
        {"published": "2023-03-22"},
    ),
    "chain_x": (
        "chain-3-blinken-call.txt",
        "Readout of Secretary Blinken's Call\n\n"
        "Secretary of State Antony J. Blinken held a phone call today with his Japanese counterpart to discuss "
        "regional security.\n",
        {"published": "2023-03-23"},
    ),
    "chain_n": (
        "chain-4-austin-hamada-call.txt",
        "Readout of Secretary Austin's Call With Minister Hamada\n\n"
        "Secretary of Defense Lloyd J. Austin III spoke today by phone with Japanese Minister of Defense Yasukazu "
        "Hamada. They discussed the alliance.\n",
        {"published": "2023-03-20"},
    ),
}

CHAIN = ("chain_k", "chain_m", "chain_x", "chain_n")
PLACE = ("undated_brisbane", "austin_marles")
PLACE_AGAIN = "austin_marles_again"
# every document but the chain, the undated report and the second Brisbane meeting
STORY = tuple(n for n in DOCS if not n.startswith("chain_") and n not in (PLACE[0], PLACE_AGAIN))

# a different text for the file of "us_call" (same path, new bytes): another call, other topics
US_CALL_V2 = (
    "Readout of Secretary of Defense Lloyd J. Austin III's Call With Indian Defence Minister Rajnath Singh\n\n"
    "Secretary of Defense Lloyd J. Austin III spoke today with Indian Defence Minister Rajnath Singh about "
    "cooperation in space and cyber.\n\n"
    "\"Our partnership is reaching new heights in every domain,\" Secretary Austin said.\n"
)


def write_docs(folder: Path, *names: str) -> dict[str, Path]:
    """Write the named documents into `folder`; return name -> path of the document."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name in names:
        fname, text, side = DOCS[name]
        path = folder / fname
        path.write_text(text, encoding="utf-8")
        if side is not None:
            path.with_name(path.stem + ".meta.json").write_text(json.dumps(side), encoding="utf-8")
        out[name] = path
    return out


# --- generated documents (the crash test) ------------------------------------------------------------------------

_US = [("Secretary of Defense", "Lloyd J. Austin III", "Austin"),
       ("Secretary of State", "Antony J. Blinken", "Blinken")]
_PARTNERS = [
    ("Japanese Minister of Defense", "Yasukazu Hamada", "Japan", "Tokyo"),
    ("Japanese Minister for Foreign Affairs", "Yoshimasa Hayashi", "Japan", "Tokyo"),
    ("Australian Deputy Prime Minister and Minister for Defence", "Richard Marles", "Australia", "Canberra"),
    ("Australian Foreign Minister", "Penny Wong", "Australia", "Canberra"),
    ("Indian Defence Minister", "Rajnath Singh", "India", "New Delhi"),
    ("Republic of Korea Minister of National Defense", "Lee Jong-sup", "Korea", "Seoul"),
]
_SUBJECTS = [
    "the ironclad commitment to the alliance and extended deterrence",
    "North Korea's ballistic missile launches",
    "China's coercive activities in the East China Sea and the South China Sea",
    "peace and stability across the Taiwan Strait",
    "support for Ukraine against Russia's war",
    "co-production of munitions and resilient defense supply chains",
    "bilateral exercises and interoperability",
    "cooperation in space and cyber",
]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def write_generated(folder: Path, n: int = 60, seed: int = 7) -> list[Path]:
    """`n` small readouts (calls and meetings, 2023) of which about half are told again by the partner."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []

    def put(text: str, side: dict) -> None:
        path = folder / f"doc-{len(paths):03d}.txt"
        path.write_text(text, encoding="utf-8")
        path.with_name(path.stem + ".meta.json").write_text(json.dumps(side), encoding="utf-8")
        paths.append(path)

    while len(paths) < n:
        us_title, us_name, us_short = rnd.choice(_US)
        p_title, p_name, p_country, city = rnd.choice(_PARTNERS)
        day = date(2023, 1, 10) + timedelta(days=rnd.randrange(0, 230))
        s1, s2 = rnd.sample(_SUBJECTS, 2)
        kind = rnd.choice(["call", "meeting", "call", "meeting", "transcript"])
        quote = (f"\"We will keep working together for a free and open Indo-Pacific, number {len(paths)},\" "
                 f"Secretary {us_short} said.")
        if kind == "transcript":
            p_family = p_name.split()[-1] if p_country != "Korea" else p_name.split()[0]
            interpreted = " (THROUGH INTERPRETER)" if p_country in ("Japan", "Korea") else ""
            text = (f"{us_title} {us_name} and {p_title} {p_name} Hold a Joint Press Conference\n\n"
                    f"{us_title.upper()} {us_name.upper()}: Good afternoon. {p_name} and I met today in {city} "
                    f"and agreed to deepen work on {s1}.\n\n"
                    f"MINISTER {p_family.upper()}{interpreted}: Thank you, Secretary {us_short}. We also "
                    f"discussed {s2}.\n\n"
                    f"Q: Secretary {us_short}, what comes next, question {len(paths)}?\n\n"
                    f"SEC. {us_short.upper()}: We will keep working together every single day.\n")
            put(text, {"published": day.isoformat()})
            continue
        if kind == "call":
            text = (f"Readout of {us_title} {us_name}'s Call With {p_name}\n\n"
                    f"{us_title} {us_name} spoke today with {p_title} {p_name}. The two discussed {s1}.\n\n"
                    f"Secretary {us_short} also raised {s2}. {quote}\n")
        else:
            text = (f"{us_title} {us_name} Meets {p_name}\n\n"
                    f"{us_title} {us_name} met today with {p_title} {p_name} in {city}. They discussed {s1}.\n\n"
                    f"The two agreed to deepen work on {s2}. {quote}\n")
        put(text, {"published": day.isoformat(), "publisher": "U.S. Department of Defense"})
        if len(paths) < n and rnd.random() < 0.5:
            nxt = day + timedelta(days=1)
            if kind == "call":
                text = (f"{p_country}-U.S. Telephone Call\n\nOn {_MONTHS[nxt.month - 1]} {nxt.day} ({p_country} "
                        f"time), {p_title} {p_name} held a telephone call with U.S. {us_title} {us_name}. "
                        f"The two sides discussed {s2}.\n")
            else:
                text = (f"{p_country}-U.S. Meeting\n\nOn {_MONTHS[day.month - 1]} {day.day}, {p_title} {p_name} held "
                        f"a meeting with U.S. {us_title} {us_name} in {city}. The two sides discussed {s1} and "
                        f"{s2}.\n")
            put(text, {"published": nxt.isoformat()})
    return paths
