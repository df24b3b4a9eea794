"""Direct quotes (four words or more in double quotation marks) -> speaker.

Attribution, in order: a cue right after the quote ("..., Austin said", "...," said
the secretary), a cue before it in the same sentence ("Austin said:", "Blinken
stressed that it "..."), a colon-introduced quote carried from the paragraph before,
then the previous quote's speaker in the same paragraph. "he said" takes the last
speaker; a quote whose speaker is not named ("the official said") is dropped.
"""

from __future__ import annotations

import re

from readouts.model import Quote, Span
from readouts.pipeline import persons as persons_mod
from readouts.pipeline.context import Context

OPEN = {"“", '"', "«"}
CLOSE = {"”", '"', "»"}
SPEECH = (r"said|says|say|saying|told|tells|added|adds|noted|notes|stressed|stressing|emphasi[sz]ed|emphasi[sz]ing|"
          r"underscored|stated|states|declared|remarked|explained|continued|asked|urged|warned|insisted|reaffirmed|"
          r"affirmed|pledged|called|described|wrote|argued|observed|highlighted|replied|responded|answered|"
          r"announced|concluded|acknowledged|commented|recalled|vowed|predicted|promised|assured|"
          r"expressed|reiterated|cautioned|conceded|admitted|indicated|suggested|pointed out|went on")
_UNNAMED = re.compile(r"\b(?:an?|the)\s+(?:senior\s+|top\s+|U\.S\.\s+|American\s+|Japanese\s+|defen[cs]e\s+|"
                      r"administration\s+|state department\s+|pentagon\s+|military\s+|government\s+)*"
                      r"(official|officials|spokes(?:person|man|woman)|source|aide|analyst|expert|statement|readout)\b"
                      r"|\b(officials|analysts|experts|critics|observers|reporters)\b", re.I)
_PRON = re.compile(r"\b(he|she)\b", re.I)
_AFTER = re.compile(rf"^[\s,—–-]*(?:(?P<v1>{SPEECH})\s+(?P<who1>[^,.;:\"“”]{{1,80}}?)\s*(?=[,.;:]|$|\s(?:and|in|at|on|during|when|as|after|before|to|of)\b)"
                    rf"|(?P<who2>[^,.;:\"“”]{{1,80}}?)\s+(?:also\s+|later\s+|then\s+)?(?P<v2>{SPEECH})\b)", re.I)
_BEFORE_SPEECH = re.compile(rf"\b({SPEECH})\b", re.I)
UNNAMED = -1
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>[^,;:\"“”]{1,80}?),?\s*$", re.I)


def pairs(text: str, start: int, end: int) -> list[Span]:
    """(open, close) positions of quotation-mark pairs inside [start, end)."""
    out = []
    open_at = None
    for i in range(start, end):
        c = text[i]
        if open_at is None:
            if c in OPEN:
                if c == '"' and i + 1 < end and text[i + 1].isspace() and i > start and not text[i - 1].isspace():
                    continue  # a closing straight quote with no opener
                open_at = i
        elif c in CLOSE:
            out.append((open_at, i))
            open_at = None
    return out


def _paragraphs(text: str) -> list[Span]:
    out = []
    pos = 0
    for m in re.finditer(r"\n[ \t\u00a0]*\n|(?<=[.!?:\"”)])[ \t]*\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _ref(ctx: Context, start: int, end: int, last: int | None) -> int | None:
    """The person referred to in text[start:end]: a name, a definite description, a pronoun.
    Returns a person index, UNNAMED for an unnamed source, or None for no reference."""
    ms = ctx.mentions_in(start, end)
    if ms:
        return ms[-1].person
    seg = ctx.masked[start:end]
    idx, _ = persons_mod.nominal_at(ctx, start, end)
    if idx is not None:
        return idx
    if _UNNAMED.search(seg):
        return UNNAMED
    if _PRON.search(seg):
        return last if last is not None else UNNAMED
    return None


def run(ctx: Context) -> None:
    text = ctx.masked
    turn_spans = [t.span for t in ctx.ex.turns]
    quotes: list[Quote] = []
    last: int | None = None  # last speaker (person index or UNNAMED)
    carry_colon: int | None = None
    for ps, pe in _paragraphs(text):
        prs = pairs(text, ps, pe)
        para_speaker: int | None = None
        if not prs:
            carry_colon = None
            continue
        for k, (o, c) in enumerate(prs):
            inner = text[o + 1:c]
            sent = ctx.sentence_of(o)
            s_start = max(ps, sent[0] if sent[1] > sent[0] else ps)
            speaker = None
            # 1. cue after the quote
            after = text[c + 1:min(pe, c + 120)]
            next_open = prs[k + 1][0] - (c + 1) if k + 1 < len(prs) else None
            if next_open is not None:
                after = after[:next_open]
            m = _AFTER.match(after)
            if m:
                who = m.group("who1") or m.group("who2")
                ws = c + 1 + (m.start("who1") if m.group("who1") else m.start("who2"))
                speaker = _ref(ctx, ws, ws + len(who), last)
            # 2. cue before the quote, in the same sentence (after the previous quote)
            if speaker is None:
                lo = max(s_start, prs[k - 1][1] + 1 if k else s_start)
                before = text[lo:o]
                sp = list(_BEFORE_SPEECH.finditer(before))
                if sp:
                    speaker = _ref(ctx, lo, lo + sp[-1].start(), last)
                    if speaker is None:  # ", said Secretary Blinken, "..."
                        speaker = _ref(ctx, lo + sp[-1].end(), o, last)
            # 2b. "According to Hayashi, "...""
            if speaker is None:
                acc = _ACCORDING.search(text[max(s_start, o - 120):o])
                if acc:
                    a0 = max(s_start, o - 120) + acc.start("who")
                    speaker = _ref(ctx, a0, a0 + len(acc.group("who")), last)
            # 3. a quote opening a paragraph introduced by a colon in the paragraph before
            if speaker is None and k == 0 and carry_colon is not None and not text[ps:o].strip():
                speaker = carry_colon
            # 4. the previous quote's speaker in the same paragraph
            if speaker is None and para_speaker is not None:
                speaker = para_speaker
            if speaker is not None:
                last = speaker
                para_speaker = speaker
            if speaker is None or speaker == UNNAMED:
                continue
            if len(inner.split()) < ctx.settings.min_quote_words:
                continue
            if any(ts <= o < te for ts, te in turn_spans):
                continue  # words inside a transcript turn are the turn, not a quote
            person = ctx.ex.persons[speaker]
            quotes.append(Quote(speaker=person.name, text=ctx.text[o + 1:c], span=(o + 1, c)))
        tail = text[ps:pe].rstrip()
        carry_colon = para_speaker if tail.endswith(":") and para_speaker not in (None, UNNAMED) else None
    ctx.ex.quotes = quotes
