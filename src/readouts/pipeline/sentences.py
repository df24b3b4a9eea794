"""Rule sentence splitter over the masked text: paragraphs, then sentence ends.

Blank lines and lines ending a sentence always break; hard-wrapped lines inside
a paragraph do not. Abbreviations ("U.S.", "Mr.", "Gen.", "J.") do not end a sentence.
"""

from __future__ import annotations

import re

from readouts.model import Span
from readouts.pipeline.context import Context

ABBREV = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "capt", "sgt", "adm", "cmdr", "maj", "sen", "rep", "gov",
    "sec", "min", "dept", "no", "st", "jr", "sr", "vs", "etc", "inc", "corp", "co", "ltd", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m",
    "p.m", "d.c", "mt", "ft", "hon", "amb", "pres", "prof", "op", "approx",
}
_PARA = re.compile(r"\n[ \t\u00a0]*\n|(?<=[.!?:\"”’)])[ \t]*\n|\n(?=[ \t]*(?:\d+\.|[•\-*]|\(\d+\))\s)")
_END = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|(?<=[a-z]{3})\.(?=[A-Z][a-z]{2})")


# the line's last visible character decides (trailing blanks, the "\r" of a "\r\n" text, are not looked at)
_HEADING_BREAK = re.compile(r"(?m)^(?P<line>[^\n]{0,59}\S)(?<![,;\-–—])(?<!\band)(?<!\bof)(?<!\bthe)[ \t]*\n"
                            r"(?=[ \t]*[A-Z0-9\"“(])")


def _paragraphs(text: str) -> list[Span]:
    """Blank lines, lines ending a sentence, list items, and short unpunctuated lines (headings,
    datelines) end a paragraph; a hard-wrapped line inside a paragraph does not."""
    cuts = [(m.start(), m.end()) for m in _PARA.finditer(text)]
    cuts += [(m.end("line"), m.end()) for m in _HEADING_BREAK.finditer(text)]
    out = []
    pos = 0
    for start, end in sorted(cuts):
        if start < pos:
            continue
        out.append((pos, start))
        pos = end
    out.append((pos, len(text)))
    return out


def split(text: str) -> list[Span]:
    sents: list[Span] = []
    for ps, pe in _paragraphs(text):
        start = ps
        for m in _END.finditer(text, ps, pe):
            word = re.search(r"([\w.]+)[.!?]*[\"”’)\]]*$", text[max(ps, m.start() - 20):m.end()])
            if word and m.group(0).startswith("."):
                w = word.group(1).lower().rstrip(".")
                if w in ABBREV or re.fullmatch(r"[a-z]", w) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):
                    continue
            sents.append((start, m.end()))
            start = m.end()
        sents.append((start, pe))
    out = []
    for s, e in sents:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def run(ctx: Context) -> None:
    ctx.sents = split(ctx.masked)
