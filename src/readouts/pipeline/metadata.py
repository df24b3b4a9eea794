"""Document metadata: title, publication date, publisher, and (last) doc_type.

Sidecar values always win; otherwise the text's own heading, dateline and
signatures are read, furniture excluded.
"""

from __future__ import annotations

import re

from readouts.pipeline import dates
from readouts.pipeline.context import Context

HEAD_LINES = 14
_MASTHEAD = re.compile(r"^\s*(?:(?:Japan|Republic of Korea|ROK|U\.S\.|United States|Australian|Indian|Philippine)\s+)?"
                       r"(?:Ministry|Department|Office|Embassy|Mission|Secretariat)\s+(?:of|for)\s+[A-Z][\w ,.'’()-]{2,70}$"
                       r"|^\s*The White House\s*$")
_MARKUP = re.compile(r"^[#>*_\s]+|[*_]+$|\*\*|__")  # a dateline or title is within the first lines of content
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_DATELINE = re.compile(
    rf"^\s*{_WEEKDAY}(?P<date>.{{4,30}}?\b(?:19|20)\d\d)\b[\s,|.:-]*(?P<rest>.*)$")
_SENTENCE_END = re.compile(r"[.:;!?]\s*$")

PUBLISHER_SIGNATURES = [
    (re.compile(r"Pentagon Press Secretary|\bDOD News\b|defense\.gov|^\s*U\.S\. Department of Defense\s*$", re.I | re.M),
     "U.S. Department of Defense"),
    (re.compile(r"\bSpokesperson Ned Price\b|Office of the Spokesperson|state\.gov|^\s*U\.S\. Department of State\s*$|"
                r"The Department of State released", re.I | re.M), "U.S. Department of State"),
    (re.compile(r"^\s*The White House\s*$|whitehouse\.gov", re.I | re.M), "The White House"),
    (re.compile(r"^\s*(?:Japan )?Ministry of Defense(?: of Japan)?\s*$|mod\.go\.jp", re.I | re.M), "Ministry of Defense of Japan"),
    (re.compile(r"\bMinistry of Foreign Affairs(?: of Japan)?\s*$|mofa\.go\.jp", re.I | re.M),
     "Ministry of Foreign Affairs of Japan"),
    (re.compile(r"^\s*(?:Republic of Korea )?Ministry of National Defense\s*$", re.I | re.M),
     "Ministry of National Defense (Republic of Korea)"),
    (re.compile(r"^\s*Department of National Defense\s*$", re.I | re.M), "Department of National Defense (Philippines)"),
]


def _content_lines(ctx: Context, limit: int) -> list[tuple[int, int, str]]:
    """The first `limit` non-empty lines of content (furniture excluded), with offsets."""
    out = []
    pos = 0
    text = ctx.masked
    while pos < len(text) and len(out) < limit:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip()), line.strip()))
        pos = end + 1
    return out


def _is_dateline(line: str) -> tuple[str | None, int] | None:
    m = _DATELINE.match(line)
    if not m or len(m.group("rest").split()) > 8:
        # "*Indo-Pacific Brief | New Delhi | October 6, 2021*": a short line of parts, one a date
        if len(line) <= 120 and len(line.split()) <= 16 and not _is_sentence(line):
            found = [d for d in dates.find(line, None) if d.value and len(d.value) == 10]
            if found:
                return found[0].value, found[0].span[0]
        return None
    found = [d for d in dates.find(m.group("date"), None) if d.value and len(d.value) == 10]
    if not found:
        return None
    return found[0].value, m.start("date") + found[0].span[0]


def _is_sentence(line: str) -> bool:
    """ "The two ministers last met on June 3, 2021." is content, not a dateline."""
    without_dates = line
    for d in dates.find(line, None):
        without_dates = without_dates.replace(d.text, " ")
    lower = [w for w in re.findall(r"[A-Za-z]+", without_dates) if w[0].islower() and w not in ("by", "and", "of", "at")]
    return len(lower) >= 3


def run(ctx: Context) -> None:
    doc = ctx.ex.doc
    lines = _content_lines(ctx, HEAD_LINES)
    title_found = doc.title is not None
    for start, end, line in lines:
        dl = _is_dateline(line)
        if dl:
            if doc.published is None and dl[0]:
                doc.published = dl[0]
                doc.published_span = (start, end)
            continue
        if not title_found and _MASTHEAD.match(line):
            if doc.publisher is None:  # "Ministry of National Defense, Republic of Korea": who publishes
                doc.publisher = line.strip()
            continue
        if not title_found and _looks_title(_MARKUP.sub("", line)):
            lead = len(line) - len(line.lstrip("#*_ >"))
            doc.title = _MARKUP.sub("", line).strip()
            doc.title_span = (start + lead, end)
            title_found = True
        elif not title_found:
            title_found = True  # the first content line is not a heading: no title in the text
    if doc.title and doc.title_span is None:
        idx = doc.text.find(doc.title)
        if idx >= 0:  # the whole line the title stands on ("... Hayashi 6 January")
            end = doc.text.find("\n", idx)
            end = len(doc.text) if end < 0 else end
            doc.title_span = (idx, len(doc.text[:end].rstrip()))
    if doc.publisher is None:  # the signature that comes first in the text
        head = ctx.text[:4000]  # bylines ("BY ..., DOD News") sign too, though they are furniture
        found = [(m.start(), name) for pat, name in PUBLISHER_SIGNATURES for m in [pat.search(head)] if m]
        if found:
            doc.publisher = min(found)[1]


def _looks_title(line: str) -> bool:
    if len(line) > 250 or len(line.split()) < 2:
        return False
    if line.endswith(":"):
        return False
    if line.endswith(".") and not re.search(r"\b(?:[A-Z]\.)+$", line):
        return False  # a sentence, not a heading
    if _SENTENCE_END.search(line) and not line.endswith((")", "?")) and len(line.split()) > 12:
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’.-]*", line)]
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.5


# --- doc_type -----------------------------------------------------------------

_SUMMARY = re.compile(r"\b(summary|overview)\b[^.\n]{0,40}\bis as follows|\(summary\)|^\s*summary\s*$", re.I | re.M)
_READOUT = re.compile(r"\breadout\b|provided the following|is attributable to|as stated by (the )?spokes|"
                      r"\(press release\)|following (is|was) (released|issued) by", re.I)
_STATEMENT = re.compile(r"\bjoint statement\b|\bjoint declaration\b|\bjoint communiqu|\bfact sheet\b|"
                        r"released the following statement|\bpress announcement\b|\bstatement (by|from|on)\b", re.I)
_TRANSCRIPT_TITLE = re.compile(r"\b(remarks|press conference|press briefing|transcript|media availability|"
                               r"interview|news conference|briefing)\b", re.I)
_NEWS = re.compile(r"\b(said|told reporters|according to)\b", re.I)


def classify(ctx: Context) -> str:
    doc = ctx.ex.doc
    title = doc.title or ""
    head = ctx.masked[:3000]
    if ctx.ex.turns:
        return "transcript"
    if _SUMMARY.search(ctx.masked) or re.search(r"\(summary\)", title, re.I):
        return "summary"
    if _STATEMENT.search(title) or _STATEMENT.search(head[:800]):
        return "statement"
    if _READOUT.search(title) or _READOUT.search(head):
        return "readout"
    if _TRANSCRIPT_TITLE.search(title) and not _NEWS.search(head):
        return "transcript"
    n_said = len(_NEWS.findall(ctx.masked))
    if n_said >= 2 or ctx.ex.quotes:
        return "news"
    if ctx.ex.events:
        return "readout"
    return "news"


def run_doc_type(ctx: Context) -> None:
    ctx.ex.doc.doc_type = classify(ctx)
