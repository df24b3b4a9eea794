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
    r"\bvisit(?:ed|ing)?\b|\bseeing you\b|\b(?:hold|holds|held|holding)\s+(?:\w+\s+)?(?:talks|consultations)\b|"
    r"\b(?:call|calls|called|calling)\s+on\b|\bpa(?:y|id)\s+a\s+(?:courtesy\s+)?(?:call|visit)\b", re.I)
PRESS = re.compile(r"\bjoint\s+(?:press|news)\s+(?:conference|availability|briefing)\b|\bpress conference with\b",
                   re.I)
_HINT = re.compile(r"(?i)meet|met\b|call|spoke|speak|talk|phone|telecon|video|virtual|visit|host|summit|dialogue|"
                   r"2\s*\+\s*2|two-plus|consultative|welcom|conference|seeing you|quad|ausmin|shangri|group|"
                   r"ministerial|consultation")
IDIOMS = re.compile(r"\bwith (?:one|a single|a unified|a common) voice\b|\bcall(?:s|ed)? (?:on|for) (?:all|the international|"
                    r"countries|nations|states|china|russia|north korea|the dprk|pyongyang|beijing|moscow)\b", re.I)
INVITED = re.compile(r"\binvit\w*\s+(?:\w+\s+){0,4}?to\s+(?:visit|come|travel)\b[^,.;]*", re.I)
NEGATED = re.compile(r"\b(?:declin\w+|refus\w+|did not|didn['’]t|does not|doesn['’]t|will not|won['’]t|never|"
                     r"no plans?|not|cancel\w*|postpon\w*|call(?:ed)? off)\s+(?:\w+\s+){0,2}(?:to\s+)?$", re.I)


def _negated(s_text: str, trig_start: int) -> bool:
    """ "did not meet", "declined to meet", "no plans to meet": this engagement did not happen."""
    return NEGATED.search(s_text[max(0, trig_start - 40):trig_start]) is not None
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
FIRST_PERSON = re.compile(r"\b(?:I|we|We|me|us)\b")
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
    past: bool = False  # told with a past-tense trigger ("met", "held", "spoke")
    planned_seen: bool = False
    deictic: bool = False  # "this meeting" in a transcript


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
                if seg.endswith(".") and not re.search(r"(?:\b[A-Z]\.)+$", seg):
                    seg = seg[:-1]
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
            cap = (kbmod.get().capitals.get(code) or "").lower()
            if cap and cap == seg.lower():  # city-states: "in Singapore" names the place too
                best = (seg, (s, e), code, code, False)
            else:
                best = (None, None, code, code, True)
            continue
        if best is None or best[4]:
            seg = re.sub(r"^the\s+", "", seg, flags=re.I)
            best = (seg, (s, e), code, code, False)
    if best is None:
        return None, None, None
    return best[0], best[1], best[2]


def _place_key(place: str | None, country: str | None) -> str | None:
    """The gazetteer's canonical name for a place ("the Pentagon", "Department of Defense" -> "Pentagon")."""
    if not place:
        return None
    entry = kbmod.get().place(place)
    return f"{country}:{entry['name'] if entry else kbmod.norm(place)}"


def _turn_speaker(ctx: Context, pos: int) -> int | None:
    t = ctx.turn_at(pos)
    if t is not None and t.label_span:
        for m in ctx.mentions_in(*t.label_span):
            return m.person
    return None


def _principals(ctx: Context) -> list[int]:
    """Persons named in the title (or the transcript's speakers): the document's own engagement."""
    if "principals" not in ctx.extra:
        ctx.extra["principals"] = _title_principals(ctx)
    return list(ctx.extra["principals"])


def _title_principals(ctx: Context) -> list[int]:
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


def _participants(ctx: Context, window: Span) -> list[int]:
    out: list[int] = []
    for m in ctx.mentions_in(*window):
        p = ctx.ex.persons[m.person]
        if p.role == "spokesperson" or (p.kb_id is None and p.title is None and ctx.ex.turns):
            continue
        if REPORTING.match(ctx.masked[m.span[1]:m.span[1] + 140]) and not ATTENDED.search(
                ctx.masked[m.span[1]:window[1]]):
            continue  # "Austin said ...": the one reporting, not a participant
        if m.person not in out:
            out.append(m.person)
    return out


def _date_for(ctx: Context, sent: Span, planned: bool) -> tuple[str | None, Span | None, str | None]:
    pub = dates_mod.parse_published(ctx.ex.doc.published)
    for dm in ctx.dates:
        if sent[0] <= dm.span[0] < sent[1]:
            if re.search(r"\b(?:said|says|told reporters|announced|stated|noted)\s*$",
                         ctx.masked[max(0, dm.span[0] - 25):dm.span[0]]):
                continue  # "a senior official said today": when it was said, not when they meet
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


def _year_hint(ctx: Context, w_text: str) -> str | None:
    """ "later this year", "next year", "in 2023": the year, when no day or month is given."""
    m = re.search(r"\b(?:in|during|by)\s+((?:19|20)\d\d)\b", w_text)
    if m:
        return m.group(1)
    pub = dates_mod.parse_published(ctx.ex.doc.published)
    if pub and re.search(r"\b(?:later |earlier )?this year\b", w_text):
        return str(pub.year)
    if pub and re.search(r"\bnext year\b", w_text):
        return str(pub.year + 1)
    return None


def _doc_place(ctx: Context) -> tuple[str | None, str | None]:
    """A place in the title or the dateline lines at the top ("Hiroshima, Japan", "... in Tokyo")."""
    doc = ctx.ex.doc
    spans = []
    if doc.title_span:
        spans.append(doc.title_span)
    # short header lines near the top that start with a place: "Hiroshima, Japan", "SEOUL, Nov. 3"
    head = ctx.masked[:(doc.title_span[1] if doc.title_span else 0) + 300]
    for m in re.finditer(r"(?m)^[ \t]*(\S[^\n]{0,60})$", head):
        spans.append((m.start(1), m.end(1)))
    for k, (s, e) in enumerate(spans):
        for ps, _pe, seg, code, is_country in _places_in(ctx, s, e):
            if is_country:
                continue
            if k > 0 and ps != s:
                continue
            return seg, code
    return None, None


PAST_BEFORE = re.compile(r"\b(?:held|had|made|hosted|conducted|attended|joined)\s+(?:an?\s+|the\s+|their\s+)?(?:\w+[- ]){0,2}$",
                         re.I)
PAST_MARK = re.compile(r"\b(?:was|were|last|yesterday|ago|previously|earlier)\b", re.I)
JOINT = re.compile(r"(?i)\b(?:the|both|two)\s+(?:two\s+)?(?:ministers|leaders|sides|secretaries|men|women|officials|"
                   r"treaty allies|allies|counterparts|delegations|presidents|prime ministers)\b|\b(?:They|they)\b")
REPORTING = re.compile(r"^\s*(?:,[^,;]{1,100},\s*)?(?:also\s+)?(?:said|says|added|noted|stressed|explained|"
                       r"argued|wrote|commented|observed)\b")
PAST = re.compile(r"^(?:met|held|spoke|talked|hosted|visited|attended|had|made|received|welcomed)\b", re.I)
CLAUSE_BREAK = re.compile(r";|,\s+(?:following|after|since|before|during|when|while)\b|\s(?:following|after|since|ahead of)\s",
                          re.I)
CLAUSE_START = re.compile(r",\s+|;\s+|\s(?=following\b|after\b|since\b|before\b|during\b|when\b|ahead of\b)")
ATTENDED = re.compile(r"\battended\b|\bparticipat\w+ in\b", re.I)


def _triggers(s_text: str) -> list[tuple[int, int, str, str | None]]:
    found: list[tuple[int, int, str, str | None]] = []
    for kind, pat in (("press_conference", PRESS), ("call", CALL), ("meeting", MEETING)):
        for m in pat.finditer(s_text):
            found.append((m.start(), m.end(), kind, None))
    for pat, name in NAMES:
        for m in pat.finditer(s_text):
            found.append((m.start(), m.end(), "meeting", name))
    found.sort(key=lambda t: (t[0], -t[1]))
    # overlapping matches are one trigger; a call wins over the "meeting" of "telephone meeting"
    out: list[tuple[int, int, str, str | None]] = []
    for t in found:
        if out and t[0] < out[-1][1]:
            prev = out[-1]
            kind = "call" if "call" in (prev[2], t[2]) and "press_conference" not in (prev[2], t[2]) else prev[2]
            out[-1] = (prev[0], max(prev[1], t[1]), kind, prev[3] or t[3])
            continue
        out.append(t)
    return out


_WS_RUN = re.compile(r"\s{2,}")


def _gap(text: str, a: int, b: int) -> int:
    """Characters between two offsets, a run of white space counted as one ("\r\n", a double space)."""
    return len(_WS_RUN.sub(" ", text[a:b]))


def _segments(s_text: str, trigs: list[tuple[int, int, str, str | None]]) -> list[dict]:
    """Group a sentence's triggers into the engagements it tells, each with its window of text."""
    segs: list[dict] = []
    for t in trigs:
        if segs:
            cur = segs[-1]
            gap = _gap(s_text, cur["last"], t[0])
            near = gap < 45
            same_kind = t[2] == cur["kind"] or ("call" in (t[2], cur["kind"]) and t[2] != "press_conference"
                                                and gap < 12)
            between = s_text[cur["last"]:t[0]]
            linked = bool(t[3]) and not cur["names"] and not CLAUSE_BREAK.search(between)
            if same_kind and (near or linked or not t[3] or t[3] in cur["names"]) and \
                    not (t[3] and cur["names"] and t[3] not in cur["names"] and not near):
                cur["last"] = t[1]
                if t[3] and t[3] not in cur["names"]:
                    cur["names"].append(t[3])
                if cur["kind"] == "meeting" and t[2] == "call":
                    cur["kind"] = "call"
                cur["trigs"].append(t)
                continue
            bounds = [m.end() for m in CLAUSE_START.finditer(s_text, cur["last"], t[0])]
            cut = bounds[-1] if bounds else cur["last"]
            cur["end"] = cut
            segs.append({"kind": t[2], "start": cut, "end": len(s_text), "last": t[1], "trigs": [t],
                         "names": [t[3]] if t[3] else []})
        else:
            segs.append({"kind": t[2], "start": 0, "end": len(s_text), "last": t[1], "trigs": [t],
                         "names": [t[3]] if t[3] else []})
    return segs


_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")


def _implicit_subjects(ctx: Context, start: int, head: str, sent_start: int | None = None) -> list[int]:
    """ "she will meet with ...": the person last named before; "The Deputy Secretary will travel": the person
    with that title."""
    from readouts.pipeline import persons as persons_mod

    out = []
    idx, _ = persons_mod.nominal_at(ctx, start, start + len(head))
    if idx is not None:
        out.append(idx)
    elif _PRONOUN.search(head) and not ctx.mentions_in(start, start + _PRONOUN.search(head).start()):
        earlier = ctx.mentions_in(sent_start, start) if sent_start is not None and sent_start < start else []
        if earlier:  # "Austin did not meet X, but he spoke with Y": the sentence's own subject
            return [earlier[0].person]
        subjects = []
        for s0, _ in ctx.sents:
            if s0 >= start:
                break
            first = ctx.mentions_in(s0, s0 + 80)
            if first and ctx.ex.persons[first[0].person].role != "spokesperson":
                subjects.append(first[0].person)
        if subjects:
            out.append(subjects[-1])
    return out


def doc_principals(ctx: Context) -> list[int]:
    """The document's own principals: persons in the title, else the most-mentioned officials
    of (at least) two governments (computed once per document)."""
    if "doc_principals" not in ctx.extra:
        ctx.extra["doc_principals"] = _doc_principals(ctx)
    return list(ctx.extra["doc_principals"])


def _doc_principals(ctx: Context) -> list[int]:
    got = _principals(ctx)
    if len(got) >= 2:
        return got
    counts: dict[int, int] = {}
    for m in ctx.mentions:
        p = ctx.ex.persons[m.person]
        if p.kb_id and p.role != "spokesperson":
            counts[m.person] = counts.get(m.person, 0) + 1
    ranked = sorted(counts, key=lambda i: (-counts[i], i))
    out = list(got)
    countries = {ctx.ex.persons[i].country for i in out}
    for i in ranked:
        c = ctx.ex.persons[i].country
        if i not in out and (c not in countries or len(out) < 1):
            out.append(i)
            countries.add(c)
        if len(out) >= 2:
            break
    return out


def candidates(ctx: Context) -> list[Cand]:
    out: list[Cand] = []
    is_transcript = bool(ctx.ex.turns)
    title = ctx.ex.doc.title_span
    for sent in ctx.sents:
        if title and sent[0] < title[1] and sent[1] > title[0]:
            if sent[1] <= title[1] + 1:
                continue  # the title is handled by title_event
            sent = (title[1], sent[1])
        if not _HINT.search(ctx.masked, sent[0], sent[1]):
            continue  # no trigger word at all: skip the full set of patterns
        s_text = IDIOMS.sub(lambda m: " " * len(m.group(0)), ctx.masked[sent[0]:sent[1]])
        trigs = _triggers(s_text)
        if not trigs:
            continue
        s_text = INVITED.sub(lambda m: " " * len(m.group(0)), s_text)
        trigs = _triggers(s_text)
        prev: list[int] = []
        for k, seg in enumerate(_segments(s_text, trigs)):
            if _negated(s_text, seg["trigs"][0][0]):
                continue  # "did not meet X, but he spoke with Y": only the call
            got = _candidate(ctx, sent, seg, first=(k == 0), is_transcript=is_transcript, prev=prev)
            out.extend(got)
            if got:
                prev = got[0].participants
    return out


def _candidate(ctx: Context, sent: Span, seg: dict, first: bool, is_transcript: bool,
               prev: list[int] | None = None) -> list[Cand]:
    ws, we = sent[0] + seg["start"], sent[0] + seg["end"]
    w_text = ctx.masked[ws:we]
    kind = seg["kind"]
    trig_text = w_text[seg["trigs"][0][0] - seg["start"]:]
    if kind == "call" and re.search(r"\bcourtesy call\b", w_text, re.I):
        kind = "meeting"
    planned = bool(PLANNED.search(w_text))
    past = any(PAST.match(ctx.masked[sent[0] + t[0]:sent[0] + t[1]])
               or PAST_BEFORE.search(ctx.masked[max(sent[0], sent[0] + t[0] - 25):sent[0] + t[0]])
               for t in seg["trigs"]) or bool(PAST_MARK.search(w_text))
    parts = _participants(ctx, (ws, we))
    speaker = _turn_speaker(ctx, sent[0]) if is_transcript else None
    if speaker is not None and FIRST_PERSON.search(w_text) and speaker not in parts:
        parts.insert(0, speaker)
    if speaker is not None and SECOND_PERSON.search(w_text):
        parts.extend(p for p in _principals(ctx) if p not in parts)
    if not is_transcript:
        head = ctx.masked[ws:sent[0] + seg["trigs"][0][1]]
        for extra in _implicit_subjects(ctx, ws, head, sent[0]):
            if extra not in parts:
                parts.insert(0, extra)
    if first and not is_transcript and JOINT.search(ctx.masked[sent[0]:sent[0] + seg["trigs"][0][1]]):
        parts.extend(p for p in doc_principals(ctx) if p not in parts)
    names = seg["names"]
    if not first and prev and re.search(r"\b(?:their|both|the two)\b", w_text[:seg["trigs"][0][1] - seg["start"]], re.I):
        parts.extend(p for p in prev if p not in parts)  # "... ahead of their meeting in Tokyo"
    deictic = is_transcript and bool(DEICTIC.search(w_text) or (
        SECOND_PERSON.search(w_text) and re.search(r"\btoday\b", w_text) and not planned and not names))
    date, dspan, partial = _date_for(ctx, (ws, we), planned)
    if date is None and partial is None:
        partial = _year_hint(ctx, w_text)
    place, pspan, country = _place_for(ctx, (ws, we), ws)
    fmt = _format(kind, w_text)
    vague_only = all(VAGUE.search(ctx.masked[sent[0] + t[0]:sent[0] + t[1] + 12]) for t in seg["trigs"])
    if (VAGUE.search(w_text) and vague_only or re.search(r"\b(?:every|each|monthly|regular)\b", trig_text, re.I)) \
            and not parts and not names and date is None and place is None:
        return []
    if re.search(r"\bevery\s+meeting|\bon a (?:monthly|regular) basis\b", w_text, re.I):
        return []
    host = _HOST.search(w_text)
    if country is None and host:
        country = kbmod.get().country_of_word(host.group(1))
    elif country is None and not is_transcript and re.search(r"\bhosting\b", w_text) and parts:
        country = ctx.ex.persons[parts[0]].country
    status = "planned" if planned and not past else "held"
    base = dict(kind=kind, status=status, sent=sent, date=date, date_span=dspan, place=place, place_span=pspan,
                country=country, format=fmt, partial=partial)
    if len(names) >= 2:
        return [Cand(participants=list(parts), name=n, **base) for n in names]
    if re.search(r"\bseparate(?:ly)?\b", w_text) and len(parts) >= 3:
        return [Cand(participants=[parts[0], p], name=names[0] if names else None, **base) for p in parts[1:]]
    return [Cand(participants=parts, name=names[0] if names else None, main=deictic, past=past, **base)]


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
    (re.compile(r"meeting|talks|remarks (?:with|before)|summit|dialogue|2\s*\+\s*2|consultative", re.I),
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
    if doc.title_span:
        tdate, _, tpartial = _date_for(ctx, doc.title_span, False)
        date = date or tdate
    else:
        tpartial = None
    status = "planned" if re.search(r"\b(announcement|preview|to meet|will|upcoming)\b", doc.title, re.I) else ""
    if ctx.ex.turns:
        status = "held"
    return Cand(kind, status, span, parts, date, None, place, None, code, fmt, names[0] if names else None,
                partial=tpartial, main=True)


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
        m, o = (a, b) if a.main else (b, a)
        return not (o.name and o.name != m.name)
    if (a.name and b.deictic) or (b.name and a.deictic):
        return False
    pa, pb = set(a.participants), set(b.participants)
    if pa and pb:
        return len(pa & pb) >= min(2, len(pa), len(pb))
    return bool(a.name and a.name == b.name)


def _merge_into(a: Cand, b: Cand) -> None:
    for p in b.participants:
        if p not in a.participants:
            a.participants.append(p)
    a.past = a.past or b.past
    a.planned_seen = a.planned_seen or b.status == "planned"
    a.deictic = a.deictic or b.deictic
    for attr in ("date", "date_span", "place", "place_span", "country", "name", "partial"):
        if getattr(a, attr) is None and getattr(b, attr) is not None:
            setattr(a, attr, getattr(b, attr))
    if a.date and b.date and len(b.date) > len(a.date) and b.date.startswith(a.date):
        a.date, a.date_span = b.date, b.date_span
    if a.format in (None, "in_person") and b.format in ("virtual", "phone"):
        a.format = b.format
    a.main = a.main or b.main


def _same_day_press(merged: list[tuple[Cand, list[Span]]]) -> None:
    """A joint press conference with no date or place of its own follows the meeting of the same
    participants in the same document: same day, same place."""
    meetings = [c for c, _ in merged if c.kind == "meeting" and c.status == "held" and c.date and len(c.date) == 10]
    for c, _ in merged:
        if c.kind != "press_conference" or (c.date and c.place):
            continue
        for m in meetings:
            if set(c.participants) and set(c.participants) <= set(m.participants):
                c.date = c.date or m.date
                if not c.place and not c.country:
                    c.place, c.country = m.place, m.country
                break


def run(ctx: Context) -> None:
    cands = candidates(ctx)
    main = title_event(ctx)
    merged: list[tuple[Cand, list[Span]]] = []
    by_person: dict[int, set[int]] = {}
    open_pool: set[int] = set()
    if main:
        merged.append((main, [main.sent] if main.sent != (0, 0) else []))
        open_pool.add(0)
        for p in main.participants:
            by_person.setdefault(p, set()).add(0)
    for c in cands:
        if c.main and main is not None and main.kind != "meeting":
            # "this meeting" in a press-conference transcript: the meeting before it
            c.participants = list(dict.fromkeys(main.participants + c.participants))
            c.place, c.country = c.place or main.place, c.country or main.country
            c.date = c.date or main.date
            c.main = False
            c.deictic = True
        elif c.main and main is not None:
            c.kind = main.kind
        if not (c.participants or c.date or c.place or c.country or c.name or c.main or c.deictic):
            continue  # nothing to tell it by: it would be dropped, and comparing it costs
        target = None
        # only events sharing a participant, named or main ones, or without participants can be the same
        pool = {i for p in c.participants for i in by_person.get(p, ())} | open_pool
        for i in sorted(pool):
            ev, spans = merged[i]
            if _compatible(ev, c):
                target = i
                break
        if target is not None:
            ev = merged[target][0]
            _merge_into(ev, c)
            merged[target][1].append(c.sent)
        else:
            merged.append((c, [c.sent]))
            target = len(merged) - 1
        ev = merged[target][0]
        for p in ev.participants:
            by_person.setdefault(p, set()).add(target)
        if ev.main or ev.name or not ev.participants:
            open_pool.add(target)
    _same_day_press(merged)
    kb_persons = ctx.ex.persons
    doc_parties = sorted({kb_persons[i].country for i in doc_principals(ctx) if kb_persons[i].country})
    events = []
    for c, spans in merged:
        if not c.participants and not c.date and not c.place and not c.country and not c.name:
            continue
        if c.kind == "call":
            c.place, c.country = None, None
        if c.format == "virtual":
            c.place, c.country = None, None
        if not c.status:
            c.status = "held" if c.past or not c.planned_seen else "planned"
        elif c.status == "held" and not c.past and c.planned_seen and not c.main:
            c.status = "planned"
        if c.status == "planned" and c.kind == "meeting" and c.format == "in_person" and not (c.place or c.country):
            c.format = None
        ev = Event(kind=c.kind, status=c.status, date=c.date, country=c.country, place=c.place, format=c.format,
                   participants=[kb_persons[i].name for i in c.participants], evidence=sorted(set(spans)),
                   name=c.name, date_span=c.date_span, place_span=c.place_span,
                   place_key=_place_key(c.place, c.country))
        ev.date_hint = c.partial
        ev.parties = sorted({kb_persons[i].country for i in c.participants if kb_persons[i].country}) or doc_parties
        events.append(ev)
    ctx.ex.events = events
