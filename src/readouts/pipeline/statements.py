"""Stated positions and commitments: who reaffirmed / condemned / agreed / ... what.

Three sources of statements, each a clause with an actor, an act and topics:

1. Narrative clauses whose verb is an act cue: "Secretary Austin reaffirmed ...",
   "The Ministers severely condemned ...", "... and encouraged Minister Kishi to ...".
   Every cue of a sentence counts; a coordinated verb keeps the subject before it.
2. Reported speech: "Kishi said the Russian attack ... is absolutely unacceptable" takes
   its act from what was said (the content cues below).
3. Spoken words: sentences of direct quotes and of officials' transcript turns, classified
   by their content; the actor is the speaker ("we" of a minister reporting a bilateral
   agreement is both sides).

Actors are persons, a government's ISO code ("Japan", "the United States"), or the
codes of several joined with "+" when the Ministers / both sides / "X and Y" act.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readouts.model import Statement
from readouts.pipeline import kb as kbmod
from readouts.pipeline import persons as persons_mod
from readouts.pipeline import topics as topics_mod
from readouts.pipeline.context import Context

# --- act cues: verbs of a narrative clause -------------------------------------------------------------

VERB_CUES: list[tuple[str, str]] = [
    ("express_concern", r"expressed (?:\w+ ){0,3}concerns?|(?:is|are|was|were|am) (?:deeply |very |gravely |also )?"
                        r"concerned|voiced (?:\w+ )?concerns?"),
    ("condemn", r"condemn(?:ed|s|ing)?|denounced|deplored"),
    ("oppose", r"oppos(?:ed|es)|expressed (?:his |her |their |its )?(?:strong )?opposition|rejected|"
               r"(?:is|are|remains?) committed to opposing"),
    ("thank", r"thank(?:ed|s|ing)?|expressed (?:his |her |their |its )?(?:deep |sincere )?(?:appreciation|gratitude)"
              r"|appreciated?|am grateful|are grateful"),
    ("congratulate", r"congratulat(?:ed|es|ing)"),
    ("welcome", r"welcom(?:ed|es|ing)|(?:am|are|is|was|were) (?:also |very )?(?:encouraged|pleased) (?:by|with|that)"
                r"|(?:am|are) proud of"),
    ("support", r"support(?:ed|s)|expressed (?:his |her |their |its )?(?:strong |full )?support|backed|endorsed"
                r"|(?:strongly |fully )support|stand (?:together )?with|(?:have |has )?stood (?:together|with)"),
    ("urge", r"urged|urges|called (?:on|for|upon)|pressed for|encouraged (?=\w+(?: \w+){0,4} to\b)|sought|appealed"),
    ("commit", r"pledged|pledges|committed to|vowed|promised|resolved to|"
               r"expressed (?:his |her |their |its )?(?:shared )?(?:determination|resolve|commitment)|"
               r"stated (?:his |her |their )?vision|recommitted|wants? to (?:work|strengthen|deepen|modernize)|"
               r"(?:will|would) (?:continue|work|strengthen|deepen|ensure|take|advance|expand|promote)|must (?:work|not)|"
               r"(?:is|are|remain|remains) committed to(?! oppos)|going to (?:continue|be|work|strengthen)"),
    ("agree", r"agreed|agree(?= with| that| on| to)|concurred|shared (?:the |their |both sides['’] )?(?:view|recognition|"
              r"importance|concern|assessment)|(?:were|was) in agreement"),
    ("reaffirm", r"expressed (?:its |his |her |their )?(?:unwavering |ironclad |steadfast )commitment|reaffirm(?:ed|s|ing)?|re-?iterat(?:ed|es|ing)|affirm(?:ed|s|ing)|confirm(?:ed|s)|underscor(?:ed|es|ing)"
                 r"|emphasi[sz](?:ed|es|ing)|stress(?:ed|es)|recogni[sz]ed|renewed|highlighted|reinforced"),
    ("discuss", r"discuss(?:ed|es)|exchanged (?:their |candid |frank )?(?:views|opinions)|reviewed|talked about"
                r"|(?:have|had) a (?:frank |candid |productive )?discussion"),
    ("announce", r"announc(?:ed|es|ing)|unveiled|(?:are|is|were) launching|launched"),
]
_VERB = [(act, re.compile(rf"\b(?:{pat})\b", re.I)) for act, pat in VERB_CUES]
_REPORT = re.compile(r"\b(?:said|says|stated|states|told \w+(?: \w+){0,4}|noted|added|saying|noting|explained|"
                     r"determined)"
                     r"(?: that)?\b", re.I)

# --- content cues: what was said, for reported and spoken words (first match wins) -------------------

CONTENT_CUES: list[tuple[str, str]] = [
    ("condemn", r"unacceptable|affront|cannot be tolerated|outrageous|reckless|violat(?:e|es|ion)|brutal|"
                r"unprovoked|baseless|cruel|condemn"),
    ("oppose", r"\boppos(?:e|ed|ing)\b|cannot be condoned"),
    ("express_concern", r"threat(?:en)?s?|challenge to|concern(?:ed|ing)|provocative|destabili[sz]ing|aggressive|"
                        r"coercive|worrying|spiral"),
    ("thank", r"\bthank|grateful|appreciat"),
    ("welcome", r"\bwelcome|encouraged by|proud of|impressive progress|underscored .{0,40}commitment"),
    ("support", r"\bsupport\b|stand with"),
    ("urge", r"\bhope (?:that )?they|\burge|call on|appealed"),
    ("agree", r"\bagree\b"),
    ("commit", r"\bwill\b|\bwould\b|\bmust\b|going to|\blet['’]s\b|determin(?:ed|ation)|\bpledge|no time to lose|fostering|"
               r"looking at ways"),
    ("reaffirm", r"cornerstone|unwavering|ironclad|commitment|remains?|never been more|crucial|important|"
                 r"is about investing|decision to"),
]
_CONTENT = [(act, re.compile(pat, re.I)) for act, pat in CONTENT_CUES]

ADVERBS = r"(?:also|further|strongly|severely|firmly|jointly|again|once again|both|all|unequivocally|fully|then|" \
          r"deeply|each|warmly|repeatedly|today|yesterday|separately|further)"
_ADV_TAIL = re.compile(rf"(?:\s+{ADVERBS})+\s*$", re.I)
_JOINT_NP = re.compile(r"(?i:\b(?:the|both|two|all)\s+(?:two\s+|three\s+|four\s+)?(?:ministers|leaders|sides|secretaries|"
                       r"officials|men|women|counterparts|delegations|presidents|defen[cs]e chiefs|allies|"
                       r"governments|countries|nations)(?:\s+and\s+their\s+\w+)?|\bboth\s+sides|\bthe\s+treaty\s+allies|"
                       r"\band\s+their\s+(?:\w+\s+)?counterparts)"
                       r"|\b(?:They|they)\b")
_PRONOUN = re.compile(r"\b(?:I|we|We|he|He|she|She)\b")
_COUNTRY_SUBJ = re.compile(r"\b(?:the\s+|The\s+)?(United States|U\.S\.|Japan|Australia|India|the Philippines|Philippines|"
                           r"Republic of Korea|ROK|South Korea|China|Korea|United Kingdom|Britain|Canada|France|Germany|"
                           r"New Zealand|Singapore|Vietnam|Indonesia|Taiwan)\b")
JOINT_WE_ACTS = {"agree", "discuss", "reaffirm", "welcome"}


@dataclass
class _Subject:
    actor: str
    start: int


def _principals(ctx: Context) -> list[str]:
    from readouts.pipeline.events import doc_principals

    codes = sorted({ctx.ex.persons[i].country for i in doc_principals(ctx) if ctx.ex.persons[i].country})
    if len(codes) < 2:
        for ev in ctx.ex.events:
            for name in ev.participants:
                for p in ctx.ex.persons:
                    if p.name == name and p.country and p.country not in codes:
                        codes.append(p.country)
    return sorted(set(codes))


def _codes_of(ctx: Context, persons: list[int]) -> str | None:
    codes = sorted({ctx.ex.persons[i].country for i in persons if ctx.ex.persons[i].country})
    return "+".join(codes) if len(codes) >= 2 else None


def _turn_of(ctx: Context, pos: int):
    t = ctx.turn_at(pos)
    return t if t is not None and t.span[0] <= pos else None


def _speaker_index(ctx: Context, name: str | None) -> int | None:
    for i, p in enumerate(ctx.ex.persons):
        if p.name == name:
            return i
    return None


def _subject_before(ctx: Context, start: int, cue: int, joint: str, act: str | None = None) -> _Subject | None:
    """The subject right before a verb cue (adverbs between allowed)."""
    head = ctx.masked[start:cue]
    tail = _ADV_TAIL.sub("", head)
    end = start + len(tail.rstrip())
    if end <= start:
        return None
    text = ctx.masked
    # persons: "Secretary Austin", "X and Y", "X, Y, and Z", "Secretary Blinken and I"
    ms = ctx.mentions_in(start, end)
    if ms and ms[-1].span[1] >= end - 1:
        group = [ms[-1]]
        for m in reversed(ms[:-1]):
            between = text[m.span[1]:group[0].span[0]]
            link = r"\s*,?\s+and\s+" if len(group) == 1 else r"\s*,\s*"
            if re.fullmatch(link + r"(?:[A-Z][\w.]*\s+){0,5}", between):
                group.insert(0, m)
            else:
                break
        persons = [g.person for g in group]
        first = group[0]
        begin = first.span[0]
        if first.title_span and 0 <= first.span[0] - first.title_span[1] <= 2 and first.title_span[0] >= start:
            begin = first.title_span[0]  # "Secretary Austin and Minister Kishi discussed": from the title
        if len(persons) >= 2:
            actor = _codes_of(ctx, persons)
            if actor:
                return _Subject(actor, begin)
        return _Subject(ctx.ex.persons[persons[-1]].name, begin)
    m = re.search(r"(\w[\w.]*)\s+and\s+I$", tail.rstrip())  # "Secretary Blinken and I"
    if m:
        turn = _turn_of(ctx, start)
        me = _speaker_index(ctx, turn.speaker) if turn else None
        other = [x for x in ms if x.span[1] <= start + m.end(1) + 1]
        if me is not None and other:
            actor = _codes_of(ctx, [me, other[-1].person])
            if actor:
                o = other[-1]
                begin = o.title_span[0] if o.title_span and 0 <= o.span[0] - o.title_span[1] <= 2 else o.span[0]
                return _Subject(actor, begin)
    m = _JOINT_NP.search(tail)
    if m and tail[m.end():].strip() == "" and joint:
        return _Subject(joint, start + m.start())
    pair = re.search(_COUNTRY_SUBJ.pattern + r"\s+and\s+" + _COUNTRY_SUBJ.pattern + r"\s*$", tail)
    if pair:  # "The United States and India are going to ..."
        codes = {kbmod.get().country_of_word(pair.group(1)), kbmod.get().country_of_word(pair.group(2))} - {None}
        if len(codes) == 2:
            return _Subject("+".join(sorted(codes)), start + pair.start())
    m = _COUNTRY_SUBJ.search(tail)
    if m and tail[m.end():].strip() in ("", "side") and not tail[:m.start()].rstrip().endswith(("of", "to", "with")):
        code = kbmod.get().country_of_word(m.group(1))
        if code:
            return _Subject(code, start + m.start())
    m = re.search(r"\b(I|we|We|he|He|she|She)$", tail.rstrip())
    if m:
        return _pronoun_subject(ctx, start + m.start(), m.group(1), joint, act)
    idx, span = persons_mod.nominal_at(ctx, start, end)
    if idx is not None and span and span[1] >= end - 1:
        return _Subject(ctx.ex.persons[idx].name, span[0])
    m = re.search(r"(?:^|\s)(Secretary|Minister|Ministers|President)$", tail.rstrip())
    if m:  # "Secretary also expressed his opposition": the one Secretary of the document
        holders = [p for p in ctx.ex.persons if m.group(1).lower() in (p.title or "").lower()]
        if len(holders) == 1:
            return _Subject(holders[0].name, start + m.start(1))
        if m.group(1) == "Ministers" and joint:
            return _Subject(joint, start + m.start(1))
    return None


def _sentence_subject(ctx: Context, s: int, cue: int, joint: str, act: str) -> _Subject | None:
    """The subject a sentence opens with, for a verb coordinated far from it."""
    text = ctx.masked
    for m in re.finditer(r"\s(?=[a-z]+ed\b|[a-z]+s\b|spoke\b|met\b|held\b|told\b|said\b)", text[s:cue]):
        subj = _subject_before(ctx, s, s + m.start(), joint, act)
        if subj is not None:
            return subj
        if m.start() > 160:
            break
    return None


def _pronoun_subject(ctx: Context, pos: int, pronoun: str, joint: str, act: str | None = None) -> _Subject | None:
    turn = _turn_of(ctx, pos)
    low = pronoun.lower()
    if turn is not None:
        if low == "i":
            return _Subject(turn.speaker, pos)
        if low == "we":
            if act in JOINT_WE_ACTS and joint:
                return _Subject(joint, pos)
            return _Subject(turn.speaker, pos)
    if low in ("he", "she"):
        before = ctx.mentions_before(pos)
        if before:
            return _Subject(ctx.ex.persons[before[-1].person].name, pos)
    return None


def _classify(text: str) -> str | None:
    for act, pat in _CONTENT:
        if pat.search(text):
            return act
    return None


def _emit(ctx: Context, out: list[Statement], actor: str, act: str, start: int, end: int, topic_span=None) -> None:
    while start < end and ctx.text[start] in " \t\n\"“”,":
        start += 1
    if end - start < 8:
        return
    for s in out:
        if s.span[0] == start and s.act == act:
            return
    ts, te = topic_span or (start, end)
    polarity = "negative" if act in ("condemn", "oppose", "express_concern") else "positive"
    out.append(Statement(actor=actor, act=act, topics=topics_mod.topics_of(ctx, ts, te), text=ctx.text[start:end],
                         span=(start, end), polarity=polarity))


def _narrative(ctx: Context, s: int, e: int, joint: str, out: list[Statement]) -> bool:
    """Verb-cue statements of one sentence; True when any was found."""
    text = ctx.masked
    sent = text[s:e]
    cues = []
    for act, pat in _VERB:
        for m in pat.finditer(sent):
            cues.append((m.start(), m.end(), act))
    cues.sort(key=lambda c: (c[0], -c[1]))
    kept: list[tuple[int, int, str]] = []
    for c in cues:
        if kept and c[0] < kept[-1][1]:
            continue
        kept.append(c)
    found = False
    prev_subject: _Subject | None = None
    prev_end = 0
    for cs, ce, act in kept:
        cue_abs = s + cs
        between = text[s + prev_end:cue_abs]
        if found and re.search(r"\bthat\b", between) and not re.search(r";|,\s+and\b|\.\s", between):
            continue  # "confirmed that Japan and the United States would continue": one statement
        # subject right before this verb, else a coordinated verb ("... and encouraged") keeps the last subject
        subj = _subject_before(ctx, s + prev_end, cue_abs, joint, act)
        if subj is None and re.fullmatch(r"\s*(?:I|we|We)\s+" + ADVERBS + r"?\s*", text[max(s, cue_abs - 12):cue_abs]
                                         or "x"):
            subj = None
        if subj is None:
            m = re.search(r"\b(I|we|We)\s+(?:" + ADVERBS + r"\s+)*(?:would like to|want to|am here to|"
                          r"are here to)?\s*$", text[s + prev_end:cue_abs])
            if m:
                subj = _pronoun_subject(ctx, s + prev_end + m.start(1), m.group(1), joint, act)
        if subj is None and prev_subject is not None and re.search(r"(?:,|\band)\s*(?:" + ADVERBS + r"\s+)*$",
                                                                    text[s + prev_end:cue_abs]):
            subj = prev_subject
        if subj is None and prev_subject is None and re.search(r"(?:,|\band)\s*(?:" + ADVERBS + r"\s+)*$",
                                                                text[s + prev_end:cue_abs]):
            subj = _sentence_subject(ctx, s, cue_abs, joint, act)  # "..., reiterating", "... and pledged"
        if subj is None:
            continue
        start = subj.start if subj is not prev_subject else cue_abs
        _emit(ctx, out, subj.actor, act, start, e)
        prev_subject, prev_end, found = subj, ce, True
    return found


def _reported(ctx: Context, s: int, e: int, joint: str, out: list[Statement]) -> bool:
    """ "Kishi said the Russian attack ... is unacceptable": act from the words reported."""
    text = ctx.masked
    m = _REPORT.search(text, s, e)
    if not m:
        return False
    subj = _subject_before(ctx, s, m.start(), joint)
    if subj is None:
        return False
    content = text[m.end():e]
    act = _classify(content)
    if act is None:
        return False
    _emit(ctx, out, subj.actor, act, subj.start, e)
    return True


_PLEASANTRY = re.compile(r"\b(?:hosting|host(?:ed)?|hospitality|for having|the opportunity|for joining|warm words|"
                         r"for being here|for organi[sz]ing|for the (?:kind|warm)|welcome|flexibility)\b|^\W*(?:\w+,\s*)?"
                         r"(?:thank you|thanks)\b[^.]{0,40}[.!]?\s*$", re.I)
_WEAK_COMMIT = re.compile(r"\b(?:I|we|We)\s+(?:will|must|are going to|'re going to|’re going to)\b|\blet['’]s\b|"
                          r"determin(?:ed|ation)|\bpledge|no time to lose|will take all|will ensure")


def _spoken(ctx: Context, s: int, e: int, speaker: str, joint: str, out: list[Statement]) -> None:
    """A sentence of a quote or a turn by an official: act from what it says (courtesies left out)."""
    sent = ctx.masked[s:e]
    if len(sent.split()) < 4 or sent.rstrip().endswith("?"):
        return
    act = _classify(sent)
    if act is None:
        return
    if act == "thank" and _PLEASANTRY.search(sent):
        return
    if act == "commit" and not _WEAK_COMMIT.search(sent):
        return
    _emit(ctx, out, speaker, act, s, e)


def run(ctx: Context) -> None:
    joint = "+".join(_principals(ctx))
    out: list[Statement] = []
    title = ctx.ex.doc.title_span
    quote_spans = [q.span for q in ctx.ex.quotes]
    quoted_by = {q.span: q.speaker for q in ctx.ex.quotes}
    officials = {p.name for p in ctx.ex.persons if p.kb_id}
    for s, e in ctx.sents:
        if title and s < title[1] and e > title[0]:
            continue
        turn = _turn_of(ctx, s)
        if turn is not None and (turn.role in ("moderator", "question") or turn.speaker not in officials):
            continue
        found = _narrative(ctx, s, e, joint, out)
        if not found and turn is None:
            found = _reported(ctx, s, e, joint, out)
        if not found and turn is not None:
            _spoken(ctx, max(s, turn.span[0]), e, turn.speaker, joint, out)
        # quoted words: each sentence inside a quote that this sentence's narrative did not already cover
        if not found:
            for qs, qe in quote_spans:
                if s <= qs < e:
                    for part_s, part_e in _split_quote(ctx, qs, qe):
                        _spoken(ctx, part_s, part_e, quoted_by[(qs, qe)], joint, out)
    out.sort(key=lambda st: st.span)
    ctx.ex.statements = out


def _split_quote(ctx: Context, qs: int, qe: int) -> list[tuple[int, int]]:
    from readouts.pipeline.sentences import split

    return [(qs + a, qs + b) for a, b in split(ctx.masked[qs:qe])]
