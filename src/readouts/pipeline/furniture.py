"""Page furniture: banners, captions, credits, bylines, media leftovers, related links.

Recognised as spans on the document; the text is not changed. Later stages read
``ctx.masked``, a same-length copy with furniture blanked out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from readouts import data
from readouts.model import Document, Furniture, Span
from readouts.pipeline.context import Context


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, str, re.Pattern[str]]]:
    return [(p["kind"], p["scope"], re.compile(p["pattern"], re.M | re.I)) for p in data.furniture()]


def _line_bounds(text: str, pos: int) -> Span:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def find(text: str) -> list[Furniture]:
    spans: list[Furniture] = []
    n = len(text)
    for kind, scope, pat in _patterns():
        for m in pat.finditer(text):
            g = m.group(0)
            if not g.strip():
                continue
            ls, le = _line_bounds(text, m.start() + len(g) - len(g.lstrip()))
            if scope == "line":
                spans.append(Furniture(kind, (ls, le)))
            elif scope == "rest":
                spans.append(Furniture(kind, (m.start(), le)))
            elif scope == "to_end":
                if ls >= 0.6 * n:
                    spans.append(Furniture(kind, (ls, n)))
            elif scope == "caption":
                spans.append(Furniture(kind, (_caption_start(text, ls), le)))
    return _merge(spans)


_CREDIT_LINE = re.compile(r"^\s*(VIRIN:|Photo By:)", re.I)


def _caption_start(text: str, line_start: int) -> int:
    """Walk up over non-blank lines (the caption, its title, its alt text) to a blank line."""
    start = line_start
    while start > 0:
        prev_end = start - 1  # the newline ending the previous line
        prev_start = text.rfind("\n", 0, prev_end) + 1
        line = text[prev_start:prev_end]
        if not line.strip() or _CREDIT_LINE.match(line) and not _CREDIT_LINE.match(text[start:start + 20]):
            break
        if _CREDIT_LINE.match(line):  # "Photo By:" directly above "VIRIN:" belongs to the same caption
            start = prev_start
            continue
        start = prev_start
    return start


def _merge(items: list[Furniture]) -> list[Furniture]:
    items = sorted(items, key=lambda f: f.span)
    out: list[Furniture] = []
    for f in items:
        if out and f.span[0] <= out[-1].span[1] and f.kind == out[-1].kind:
            prev = out[-1]
            out[-1] = Furniture(prev.kind, (prev.span[0], max(prev.span[1], f.span[1])))
        elif out and f.span[1] <= out[-1].span[1]:
            continue  # inside a larger span already found
        else:
            out.append(f)
    return out


def mask(doc: Document) -> str:
    """The text with furniture replaced by spaces (newlines kept): same length, same offsets.
    Carriage returns become spaces too, so "\r\n" texts read like "\n" texts in every stage."""
    if not doc.furniture:
        return doc.text.replace("\r", " ")
    chars = list(doc.text.replace("\r", " "))
    for f in doc.furniture:
        for i in range(f.span[0], f.span[1]):
            if chars[i] not in "\n":
                chars[i] = " "
    return "".join(chars)


def run(ctx: Context) -> None:
    doc = ctx.ex.doc
    doc.furniture = find(doc.text.replace("\r", " "))
    ctx.masked = mask(doc)
