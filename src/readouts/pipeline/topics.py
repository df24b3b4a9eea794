"""Topic tags with the sentences that support them.

Each sentence is matched against the packaged lexicon. A sentence naming one or
two topics counts fully; a sentence that lists three or more (a passing
enumeration) counts less. A tag needs a sentence's worth of evidence.
`multilateral` counts only partners beyond the document's own principal parties.
"""

from __future__ import annotations

import re
from functools import lru_cache

from readouts import data
from readouts.model import TopicHit
from readouts.pipeline import kb as kbmod
from readouts.pipeline.context import Context

LIST_WEIGHT = 0.4
THRESHOLD = 1.0


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, re.Pattern[str]]:
    tops = data.topics()["topics"]
    return {tag: re.compile(r"\b(?:" + "|".join(pats) + r")\b", re.I) for tag, pats in tops.items()}


_PARTNER_NAMES = re.compile(
    r"\b(Republic of Korea|ROK|South Korea|Korea|Australia|India|Philippines|Japan|United States|U\.S\.|"
    r"United Kingdom|UK|U\.K\.|France|Germany|Canada|New Zealand|Singapore|Vietnam|Indonesia|Malaysia|Thailand|"
    r"Europe|European)\b(?!-)")


def principal_countries(ctx: Context) -> set[str]:
    codes = set()
    for ev in ctx.ex.events[:1]:
        for name in ev.participants:
            for p in ctx.ex.persons:
                if p.name == name and p.country:
                    codes.add(p.country)
    if len(codes) < 2:
        counts: dict[str, int] = {}
        for p in ctx.ex.persons:
            if p.country and p.kb_id:
                counts[p.country] = counts.get(p.country, 0) + len(p.mentions)
        codes.update(c for c, _ in sorted(counts.items(), key=lambda t: -t[1])[:2])
    return codes


def run(ctx: Context) -> None:
    lex = _lexicon()
    kb = kbmod.get()
    principals = principal_countries(ctx)
    partners = set(data.topics().get("partner_countries") or [])
    scores: dict[str, float] = {}
    hits: dict[str, list] = {}
    title = ctx.ex.doc.title_span
    for s, e in ctx.sents:
        if title and s < title[1] and e > title[0]:
            continue
        sent = ctx.masked[s:e]
        found: dict[str, str] = {}
        for tag, pat in lex.items():
            m = pat.search(sent)
            if m:
                found[tag] = m.group(0)
        for m in _PARTNER_NAMES.finditer(sent):
            code = kb.country_of_word(m.group(1)) or ("EU" if m.group(1).startswith("Europe") else None)
            if code and code not in principals and (code in partners or code == "EU"):
                found.setdefault("multilateral", m.group(0))
        ctx.extra.setdefault("sentence_topics", {})[(s, e)] = [t for t in found if t in lex]
        if not found:
            continue
        weight = 1.0 if len(found) <= 2 else LIST_WEIGHT
        for tag, cue in found.items():
            scores[tag] = scores.get(tag, 0.0) + weight
            hits.setdefault(tag, []).append(TopicHit(tag, (s, e), cue))
    out = []
    for tag in lex:
        if scores.get(tag, 0.0) >= THRESHOLD:
            out.extend(hits[tag])
    out.sort(key=lambda h: (h.span, h.topic))
    ctx.ex.topic_hits = out


def topics_of(ctx: Context, start: int, end: int) -> list[str]:
    """Tags whose lexicon matches inside [start, end) (used for statements); a span that ends a
    sentence reuses what the topic stage found in that sentence when the span starts it too."""
    cached = ctx.extra.get("sentence_topics", {}).get(ctx.sentence_of(start))
    if cached is not None and ctx.sentence_of(start)[0] == start:
        return [tag for tag in _lexicon() if tag in cached]
    sent = ctx.masked[start:end]
    return [tag for tag, pat in _lexicon().items() if pat.search(sent)]
