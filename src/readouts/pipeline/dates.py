"""Temporal expressions -> dates, resolved against the publication date.

Absolute dates ("May 4, 2022", "4 May 2022", "2022-05-04"), dates without a year
("On May 4", "the 24th of May"), months ("in January 2022", "in January", "last
September") and relative words ("today", "yesterday", "last week", "on Monday",
"this morning"). Without a publication date, expressions that need one resolve
to None: never a guess.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from readouts.pipeline.context import Context, DateMention

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MON = r"(?P<mon>(?i:January|February|March|April|May|June|July|August|September|October|November|December|" \
       r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?))"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<monn>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MON}\s+{_DAY}\s*(?:-|–|—|and|to|through)\s*[0-3]?\d(?:st|nd|rd|th)?(?:\s*,\s*|\s+){_YEAR}\b")),
    ("mdy", re.compile(rf"\b{_MON}\s+{_DAY}(?:\s*,\s*|\s+){_YEAR}\b")),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b")),
    ("md", re.compile(rf"\b{_MON}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d\d)(?![\d:])")),
    ("dm", re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}\b(?!,?\s+(?:19|20)\d\d)")),
    ("my", re.compile(rf"\b{_MON}\s+(?:of\s+)?{_YEAR}\b")),
    ("rel_month", re.compile(rf"\b(?P<rel>last|this|next|in|since|early|late|mid|the)(?:\s+|-){_MON}(?:['’]s)?\b(?!\s+[0-3]?\d\b)(?!\s+(?:of\s+)?(?:19|20)\d\d)")),
    ("poss_month", re.compile(rf"\b{_MON}['’]s\b")),
    ("weekday", re.compile(r"\b(?P<rel>on|last|this|next|this past|this coming)\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I)),
    ("word", re.compile(r"\b(?P<word>today|yesterday|tomorrow|tonight|this morning|this afternoon|this evening|"
                        r"earlier today|later today|last night|last week|next week|this week|earlier this week|"
                        r"later this week|last month|next month|this month)\b", re.I)),
]
_NO_MONTH_WORDS = {"may"}  # "may" as a verb: only a month when capitalised


def _ymd(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_published(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def _month(token: str) -> int | None:
    return MONTHS.get(token.lower().rstrip("."))


def _nearest_year(pub: date, month: int, day: int | None, future: bool) -> int:
    """Year for a month/day without one: the occurrence nearest the publication date,
    in the past for reports of what happened, in the future for plans."""
    best = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = date(y, month, day or 15)
        except ValueError:
            continue
        delta = (d - pub).days
        if future and delta < -3 or not future and delta > 3 and day is not None:
            continue
        if not future and day is None and (y, month) > (pub.year, pub.month):
            continue
        if best is None or abs(delta) < abs(best[1]):
            best = (y, delta)
    return best[0] if best else pub.year


def resolve(kind: str, m: re.Match[str], pub: date | None, future: bool = False) -> tuple[str | None, bool]:
    """Return (value, relative) for one match."""
    g = m.groupdict()
    if kind == "iso":
        return _ymd(int(g["year"]), int(g["monn"]), int(g["day"])), False
    if kind in ("mdy", "dmy"):
        mon = _month(g["mon"])
        return (_ymd(int(g["year"]), mon, int(g["day"])) if mon else None), False
    if kind == "my":
        mon = _month(g["mon"])
        return (f"{int(g['year']):04d}-{mon:02d}" if mon else None), False
    if pub is None:
        return None, True
    if kind in ("md", "dm"):
        mon = _month(g["mon"])
        if not mon:
            return None, True
        day = int(g["day"])
        return _ymd(_nearest_year(pub, mon, day, future), mon, day), True
    if kind == "poss_month":
        mon = _month(g["mon"])
        return (f"{_nearest_year(pub, mon, None, future):04d}-{mon:02d}" if mon else None), True
    if kind == "rel_month":
        mon = _month(g["mon"])
        rel = g["rel"].lower()
        if not mon:
            return None, True
        if rel == "last":
            year = pub.year if mon < pub.month else pub.year - 1
        elif rel == "next":
            year = pub.year if mon > pub.month else pub.year + 1
        else:
            year = _nearest_year(pub, mon, None, future)
        return f"{year:04d}-{mon:02d}", True
    if kind == "weekday":
        wd = WEEKDAYS[g["wd"].lower()]
        rel = g["rel"].lower()
        back = (pub.weekday() - wd) % 7
        if rel in ("next", "this coming") or (future and rel in ("on", "this")):
            ahead = (wd - pub.weekday()) % 7
            return (pub + timedelta(days=ahead or 7)).isoformat(), True
        if rel == "last":
            back = back or 7
        return (pub - timedelta(days=back)).isoformat(), True
    if kind == "word":
        w = g["word"].lower()
        if w in ("today", "tonight", "this morning", "this afternoon", "this evening", "earlier today", "later today"):
            return pub.isoformat(), True
        if w in ("yesterday", "last night"):
            return (pub - timedelta(days=1)).isoformat(), True
        if w == "tomorrow":
            return (pub + timedelta(days=1)).isoformat(), True
        if w in ("this month",):
            return f"{pub.year:04d}-{pub.month:02d}", True
        if w in ("next month", "last month"):
            step = 1 if w == "next month" else -1
            y, mo = divmod(pub.year * 12 + pub.month - 1 + step, 12)
            return f"{y:04d}-{mo + 1:02d}", True
        return None, True  # weeks and other months: not a day
    return None, True


def find(text: str, pub: date | None) -> list[DateMention]:
    """Every date expression in `text`, longest first where they overlap."""
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pat in PATTERNS:
        for m in pat.finditer(text):
            mon = m.groupdict().get("mon")
            if mon and mon.islower():  # "may", "march" as words, not months ("SEPTEMBER 10, 2021" is one)
                continue
            if mon and mon.lower().rstrip(".") == "may" and kind in ("md",) and not mon[0].isupper():
                continue
            found.append((m.start(), m.end(), kind, m))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out: list[DateMention] = []
    last_end = -1
    for s, e, kind, m in found:
        if s < last_end:
            continue
        value, rel = resolve(kind, m, pub)
        out.append(DateMention((s, e), m.group(0), value, rel))
        out[-1].kind = kind  # type: ignore[attr-defined]
        out[-1].match = m  # type: ignore[attr-defined]
        last_end = e
    return out


def reresolve(dm: DateMention, pub: date | None, future: bool) -> str | None:
    """Resolve again for a planned event (dates without a year lean to the future)."""
    kind = getattr(dm, "kind", None)
    m = getattr(dm, "match", None)
    if kind is None or m is None:
        return dm.value
    return resolve(kind, m, pub, future)[0]


def run(ctx: Context) -> None:
    pub = parse_published(ctx.ex.doc.published)
    ctx.dates = find(ctx.masked, pub)
