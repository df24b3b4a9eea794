"""Near-duplicates for the dedup tests and bench/dedup.py: one text dressed in another site's
furniture (navigation, breadcrumbs, share buttons, "related" lists, a re-publication notice, hard
line wraps, typographic quotes), the way mirrors and re-publications of official releases look.
All the furniture text is invented for these tests."""

from __future__ import annotations

import random
import textwrap

_NAV = ["Skip to main content", "Home > Newsroom > Releases", "Menu | Search | Languages",
        "You are here: Home / News / Readouts", "Embassy News | Events | Visas | About Us"]
_SHARE = ["Share: Facebook | X | LinkedIn | Email", "Print this page", "Share this story", "Subscribe to updates"]
_RELATED = ["Related: Deputy Secretary hosts defense industry roundtable",
            "Related: Navy christens new survey ship", "Related: Press gaggle aboard the flight to Hawaii",
            "More from the newsroom: Photo gallery of the week", "Read next: Budget request hearing transcript"]
_FOOTER = ["Back to top", "Contact the press office", "Privacy & Security | Accessibility | FOIA",
           "This page was last updated this week.", "Official website of a government. Here is how you know."]
_NOTICE = ["This release was originally published by the issuing ministry and is re-posted here for reference.",
           "Mirrored from the official site; formatting may differ from the original.",
           "Posted by the embassy's public affairs section."]


def furnish(text: str, rnd: random.Random) -> str:
    """The same text as another site would show it: furniture around it, its lines re-wrapped."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    if rnd.random() < 0.5:  # hard-wrapped at some width, as plain-text mirrors do
        width = rnd.randrange(60, 90)
        paras = ["\n".join(textwrap.wrap(" ".join(p.split()), width)) for p in paras]
    if rnd.random() < 0.5:
        paras = [p.replace('"', "\u201c", 1).replace('"', "\u201d", 1) for p in paras]
    head = rnd.sample(_NAV, rnd.randrange(1, 3))
    tail = (rnd.sample(_SHARE, rnd.randrange(0, 2)) + rnd.sample(_RELATED, rnd.randrange(0, 3))
            + rnd.sample(_FOOTER, rnd.randrange(1, 3)))
    if rnd.random() < 0.4:
        tail.insert(0, rnd.choice(_NOTICE))
    return "\n\n".join([*head, *paras, *tail]) + "\n"
