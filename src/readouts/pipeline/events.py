"""Engagements: meetings, calls and joint press conferences; held or planned;
date, place, country, format, named participants, evidence spans.

Candidates come from trigger phrases in sentences ("met with", "spoke today with",
"held a telephone conference", "will meet", "2+2") and from the document title
("... Joint Press Conference With ...", "Remarks ... Before Bilateral Meeting").
Candidates telling the same engagement are merged within the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from readouts.model import Event, Span
from readouts.pipeline import dates as dates_mod
from readouts.pipeline import kb as kbmod
from readouts.pipeline.context import Context

CALL = re.compile(
    r"\b(?:spoke|speaks|speak|talked)\s+(?:by\s+(?:tele)?phone\s+|on\s+the\s+(?:tele)?phone\s+|today\s+|yesterday\s+|"
    r"again\s+|separately\s+)*with\b|\b(?:(?:tele)?phone|video|virtual)[- ](?:call|conversation|conference|talks?|"
    r"meeting)s?\b|\b(?:held|had|made|holds?|received)\s+(?:a\s+|separate\s+|two\s+)?(?:\w+\s+)?calls?\b|"
    r"\bcalls?\s+with\b|\btelecon\w*|\btelephone\b", re.I)
MEETING = re.compile(
    r"\b(?:met|meet|meets|meeting)\s+(?:with|in|at|on)\b|\b(?:met|meet)\b|\bheld\s+(?:a\s+|an\s+)?(?:\w+[- ])*"
    r"(?:meeting|talks|consultations|dialogue|summit)\b|\bbilateral\s+(?:meeting|talks)\b|\b2\s*\+\s*2\b|"
    r"security consultative committee|ministerial dialogue|\bcourtesy call\b|\bsummit\b|\bhosting\b|\bhosted\b|"
    r"\bwill\s+welcome\b|\bwelcomed?\s+\w+(?:\s+\w+){0,6}\s+to\s+(?:the\s+)?(?:White House|Pentagon|Washington)|"
    r"\b(?:this|today['’]s|our|the|that|a)\s+(?:\w+\s+)?meeting\b|\bmeeting\s+of\b|\bministerial meeting\b|"
    r"\bvisit(?:ed|ing)?\b|\bseeing you\b", re.I)
PRESS = re.compile(r"\bjoint\s+(?:press|news)\s+(?:conference|availability|briefing)\b|\bpress conference with\b",
                   re.I)
NEGATED = re.compile(r"\b(?:declin\w+|refus\w+|did not|didn['’]t|never|no plans?|not)\s+(?:\w+\s+){0,2}(?:to\s+)?"
                     r"(?:meet|speak|talk|hold)", re.I)
PLANNED = re.compile(
    r"\bwill\b|\bto\s+(?:hold|meet|host|travel|visit)\b|\bplan(?:s|ned)?\s+to\b|\bscheduled\b|\blooks?\s+forward\b|"
    r"\blooking\s+forward\b|\bupcoming\b|\bnext\s+(?:week|month|year)\b|\blater\s+(?:this|in)\b|\bagreed\s+to\s+hold\b|"
    r"\bwill\s+be\s+meeting\b|\bare\s+to\b|\bis\s+to\b|\bintends?\s+to\b|\bexpected\s+to\b", re.I)
VIRTUAL = re.compile(r"\bvirtual(?:ly)?\b|\bvideo\b|\bonline\b|\bvideoconferenc", re.I)
PHONE = re.compile(r"\b(?:tele)?phone\b|\bcalls?\b|\btelecon", re.I)
NAMES = [
    (re.compile(r"\b2\s*\+\s*2\b|security consultative committee|two-plus-two", re.I), "2+2"),
    (re.compile(r"\bquad(?:rilateral)?\b[^.]{0,30}?\b(?:leaders|summit|meeting|ministerial)", re.I), "Quad"),
    (re.compile(r"\bausmin\b|australia-united states ministerial", re.I), "AUSMIN"),
    (re.compile(r"\bshangri-?la\b", re.I), "Shangri-La Dialogue"),
    (re.compile(r"\bcontact group\b|consultative group", re.I), "Ukraine Defense Contact Group"),
    (re.compile(r"\bdefen[cs]e ministerial (?:meeting|talks)\b|\bdefen[cs]e ministers['’]? meeting\b", re.I),
     "defense ministerial"),
    (re.compile(r"\bforeign ministers['’]? (?:meeting|talks?)\b", re.I), "foreign ministerial"),
]
DEICTIC = re.compile(r"\b(?:this|today['’]s|our|tonight['’]s)\s+(?:\w+\s+)?meeting\b", re.I)
FIRST_PERSON = re.compile(r"\b(?:I|we|We|me|us|our|Our)\b")
SECOND_PERSON = re.compile(r"\b(?:you|your|You|Your)\b")
VAGUE = re.compile(r"\b(?:meetings|calls|several times|many times|regularly|routine|each other)\b", re.I)
_HOST = re.compile(r"\b([A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)\s+will\s+host\b")


@dataclass
class Cand:
    kind: str
    status: str
    sent: Span
    participants: list[int] = field(default_factory=list)
    date: str | None = None
    date_span: Span | None = None
    place: str | None = None
    place_span: Span | None = None
    country: str | None = None
    format: str | None = None
    name: str | None = None
    partial: str | None = None  # "MM-DD" when the day is known but not the year
    main: bool = False


def _places_in(ctx: Context, start: int, end: int) -> list[tuple[int, int, str, str | None, bool]]:
    """(start, end, as written, country, is_country_name) for gazetteer places and countries in [start, end)."""
    kb = kbmod.get()
    text = ctx.masked
    out = []
    for m in re.finditer(r"[A-Z][\w'’.\-]*(?:(?:\s+|,\s+)(?:of\s+|the\s+|de\s+)?[A-Z][\w'’.\-]*)*", text[start:end]):
        s0 = start + m.start()
        words = list(re.finditer(r"[A-Za-z][\w'’\-]*\.?(?:[A-Z]\.)*|,", m.group(0)))
        n = len(words)
        i = 0
        while i < n:
            hit = None
            for j in range(min(n, i + 6), i, -1):
                seg = m.group(0)[words[i].start():words[j - 1].end()].rstrip(",")
                if not seg or seg.startswith(","):
                    continue
                p = kb.place(seg)
                if p:
                    hit = (s0 + words[i].start(), s0 + words[i].start() + len(seg), seg, p["country"], False)
                    break
                code = kb.countries.get(kbmod.norm(seg)) if not re.fullmatch(r"[A-Z.]{2,6}", seg) else None
                if code and j - i <= 4:
                    hit = (s0 + words[i].start(), s0 + words[i].start() + len(seg), seg, code, True)
                    break
            if hit:
                out.append(hit)
                i = next((k for k in range(i, n) if s0 + words[k].start() >= hit[1]), n)
            else:
                i += 1
    return out


def _place_for(ctx: Context, sent: Span, trig_end: int) -> tuple[str | None, Span | None, str | None]:
    """The place a trigger sentence names: 'in X', 'at (the) X' — a venue or city first, a country second."""
    text = ctx.masked
    best = None
    for s, e, seg, code, is_country in _places_in(ctx, sent[0], sent[1]):
        before = text[max(sent[0], s - 12):s].lower()
        if not re.search(r"\b(in|at|to|from|visit|visiting|visited|into)\s+(the\s+)?(u\.s\.\s+)?$", before):
            continue
        # "in Phnom Penh, Cambodia": the city, not the country that follows it
        if best and is_country and best[3] == code:
            continue
        if is_country and best is None:
            best = (None, None, code, code, True)
            continue
        if best is None or best[4]:
            seg = re.sub(r"^the\s+", "", seg, flags=re.I)
            best = (seg, (s, e), code, code, False)
    if best is None:
        return None, None, None
    return best[0], best[1], best[2]


def _turn_speaker(ctx: Context, pos: int) -> int | None:
    for t in ctx.ex.turns:
        if t.span[0] <= pos < t.span[1]:
            for m in ctx.mentions:
                if t.label_span and t.label_span[0] <= m.span[0] < t.label_span[1]:
                    return m.person
    return None


def _principals(ctx: Context) -> list[int]:
    """Persons named in the title (or the transcript's speakers): the document's own engagement."""
    doc = ctx.ex.doc
    out: list[int] = []
    if doc.title_span:
        for m in ctx.mentions_in(*doc.title_span):
            if m.person not in out:
                out.append(m.person)
    if not out and doc.title:
        for idx, p in enumerate(ctx.ex.persons):
            fam = (p.family or "").lower()
            if fam and re.search(rf"\b{re.escape(fam)}\b", doc.title.lower()):
                out.append(idx)
    if not out and ctx.ex.turns:
        for t in ctx.ex.turns:
            sp = _turn_speaker(ctx, t.span[0])
            if sp is not None and sp not in out and t.role != "question":
                out.append(sp)
    return out


def _participants(ctx: Context, sent: Span, exclude_roles: set[str]) -> list[int]:
    out: list[int] = []
    for m in ctx.mentions_in(*sent):
        p = ctx.ex.persons[m.person]
        if p.role in exclude_roles or (p.kb_id is None and p.title is None and ctx.ex.turns):
            continue
        if m.person not in out:
            out.append(m.person)
    return out


def _date_for(ctx: Context, sent: Span, planned: bool) -> tuple[str | None, Span | None, str | None]:
    pub = dates_mod.parse_published(ctx.ex.doc.published)
    for dm in ctx.dates:
        if sent[0] <= dm.span[0] < sent[1]:
            value = dates_mod.reresolve(dm, pub, planned) if planned else dm.value
            partial = None
            if value is None and getattr(dm, "kind", "") in ("md", "dm"):
                m = dm.match  # type: ignore[attr-defined]
                mon = dates_mod._month(m.group("mon"))
                if mon:
                    partial = f"{mon:02d}-{int(m.group('day')):02d}"
            if value is None and partial is None and dm.relative:
                continue
            return value, dm.span, partial
    return None, None, None


def _doc_place(ctx: Context) -> tuple[str | None, str | None]:
    """A place in the title or the dateline lines at the top ("Hiroshima, Japan", "... in Tokyo")."""
    doc = ctx.ex.doc
    spans = []
    if doc.title_span:
        spans.append(doc.title_span)
    head_end = min(len(ctx.masked), (doc.title_span[1] if doc.title_span else 0) + 200)
    spans.append((0, head_end))
    for s, e in spans:
        for ps, pe, seg, code, is_country in _places_in(ctx, s, e):
            if not is_country:
                return seg, code
    return None, None


def candidates(ctx: Context) -> list[Cand]:
    out: list[Cand] = []
    exclude = {"spokesperson"}
    is_transcript = bool(ctx.ex.turns)
    for sent in ctx.sents:
        s_text = ctx.masked[sent[0]:sent[1]]
        if ctx.ex.doc.title_span and sent[0] < ctx.ex.doc.title_span[1] and sent[1] > ctx.ex.doc.title_span[0]:
            continue  # the title is handled below
        found = []
        for kind, pat in (("press_conference", PRESS), ("call", CALL), ("meeting", MEETING)):
            for m in pat.finditer(s_text):
                found.append((m.start(), m.end(), kind))
        if not found:
            continue
        if NEGATED.search(s_text):
            continue
        found.sort()
        kinds = [k for _, _, k in found]
        kind = "press_conference" if "press_conference" in kinds else ("call" if "call" in kinds else "meeting")
        if kind == "call" and re.search(r"\bcourtesy call\b", s_text, re.I):
            kind = "meeting"
        trig_end = sent[0] + found[0][1]
        planned = bool(PLANNED.search(s_text))
        parts = _participants(ctx, sent, exclude)
        speaker = _turn_speaker(ctx, sent[0]) if is_transcript else None
        if speaker is not None and FIRST_PERSON.search(s_text) and speaker not in parts:
            parts.insert(0, speaker)
        deictic = bool(DEICTIC.search(s_text)) and is_transcript
        if speaker is not None and SECOND_PERSON.search(s_text):
            for p in _principals(ctx):
                if p not in parts:
                    parts.append(p)
        date, dspan, partial = _date_for(ctx, sent, planned)
        place, pspan, country = _place_for(ctx, sent, trig_end)
        fmt = _format(kind, s_text)
        names = [name for pat, name in NAMES if pat.search(s_text)]
        if len(names) >= 2 and re.search(r"\band\b", s_text):
            for name in names:
                out.append(Cand(kind, "planned" if planned else "held", sent, list(parts), date, dspan,
                                place, pspan, country, fmt, name, partial))
            continue
        if VAGUE.search(s_text) and not parts and not names and date is None:
            continue
        host = _HOST.search(s_text)
        if country is None and host:
            country = kbmod.get().country_of_word(host.group(1))
        elif country is None and re.search(r"\bhosting\b", s_text) and parts:
            country = ctx.ex.persons[parts[0]].country
        out.append(Cand(kind, "planned" if planned else "held", sent, parts, date, dspan, place, pspan, country,
                        fmt, names[0] if names else None, partial, main=deictic))
    return out


def _format(kind: str, s_text: str) -> str | None:
    if kind == "call":
        return "virtual" if VIRTUAL.search(s_text) else "phone"
    if VIRTUAL.search(s_text):
        return "virtual"
    return "in_person"


TITLE_KIND = [
    (re.compile(r"joint\s+(?:press|news)\s+conference|press conference with|joint press availability", re.I),
     "press_conference"),
    (re.compile(r"telephone|phone|call\b|telecon|video conference", re.I), "call"),
    (re.compile(r"meeting|talks|remarks (?:with|before)|visit|summit|dialogue|2\s*\+\s*2|consultative", re.I),
     "meeting"),
]


def title_event(ctx: Context) -> Cand | None:
    doc = ctx.ex.doc
    if not doc.title:
        return None
    kind = next((k for pat, k in TITLE_KIND if pat.search(doc.title)), None)
    if kind is None:
        return None
    parts = _principals(ctx)
    place, code = _doc_place(ctx)
    if kind == "call":
        place, code = None, None
    fmt = _format(kind, doc.title)
    if kind == "meeting" and ctx.ex.turns and any(VIRTUAL.search(ctx.masked[s:e]) and DEICTIC.search(ctx.masked[s:e])
                                                  for s, e in ctx.sents):
        fmt = "virtual"
        place, code = None, None
    date = doc.published if ctx.ex.turns else None
    span = doc.title_span or (0, 0)
    names = [name for pat, name in NAMES if pat.search(doc.title)]
    if re.search(r"\bpress conference by\b", doc.title, re.I):
        return None
    return Cand(kind, "held", span, parts, date, None, place, None, code, fmt, names[0] if names else None, main=True)


def _compatible(a: Cand, b: Cand) -> bool:
    if a.kind != b.kind:
        return False
    if a.name and b.name and a.name != b.name:
        return False
    if a.date and b.date and a.date[: min(len(a.date), len(b.date))] != b.date[: min(len(a.date), len(b.date))]:
        return False
    if a.country and b.country and a.country != b.country:
        return False
    if a.place and b.place and kbmod.norm(a.place) != kbmod.norm(b.place) and not (a.country and a.country == b.country):
        return False
    if a.main or b.main:
        return True
    pa, pb = set(a.participants), set(b.participants)
    if pa and pb:
        return len(pa & pb) >= min(2, len(pa), len(pb))
    if a.name and a.name == b.name:
        return True
    return False


def _merge_into(a: Cand, b: Cand) -> None:
    for p in b.participants:
        if p not in a.participants:
            a.participants.append(p)
    if a.status == "planned" and b.status == "held":
        a.status = "held"
    for attr in ("date", "date_span", "place", "place_span", "country", "name", "partial"):
        if getattr(a, attr) is None and getattr(b, attr) is not None:
            setattr(a, attr, getattr(b, attr))
    if a.date and b.date and len(b.date) > len(a.date) and b.date.startswith(a.date):
        a.date, a.date_span = b.date, b.date_span
    if a.format in (None, "in_person") and b.format in ("virtual", "phone"):
        a.format = b.format
    a.main = a.main or b.main


def run(ctx: Context) -> None:
    cands = candidates(ctx)
    main = title_event(ctx)
    merged: list[tuple[Cand, list[Span]]] = []
    if main:
        merged.append((main, [main.sent] if main.sent != (0, 0) else []))
    for c in cands:
        if c.main and main is not None and main.kind != "meeting":
            # "this meeting" in a press-conference transcript: the meeting before it
            c.participants = list(dict.fromkeys(main.participants + c.participants))
            c.place, c.country = c.place or main.place, c.country or main.country
            c.date = c.date or main.date
            c.main = False
            c.name = c.name
        target = None
        for ev, spans in merged:
            if _compatible(ev, c):
                target = (ev, spans)
                break
        if target:
            _merge_into(target[0], c)
            target[1].append(c.sent)
        else:
            merged.append((c, [c.sent]))
    kb_persons = ctx.ex.persons
    events = []
    for c, spans in merged:
        if not c.participants and not c.date and not c.place and not c.country and not c.name:
            continue
        if c.kind == "call":
            c.place, c.country = None, None
        if c.format == "virtual":
            c.place, c.country = None, None
        ev = Event(kind=c.kind, status=c.status, date=c.date, country=c.country, place=c.place, format=c.format,
                   participants=[kb_persons[i].name for i in c.participants], evidence=sorted(set(spans)),
                   name=c.name, date_span=c.date_span, place_span=c.place_span)
        ev.partial = c.partial  # type: ignore[attr-defined]
        events.append(ev)
    ctx.ex.events = events
