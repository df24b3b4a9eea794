"""Cross-document event resolution: one id per real-world event.

Events are compared only within blocks (same kind and a shared participant
family name, or the same named format), never all pairs of the corpus. Two
events are the same when nothing contradicts it (dates at most a day apart or
within the same month, same country, no two different office-holders of one
government, same named format) and enough agrees (participants, name, date).
Clustering is complete-link and the order is canonical, so the same documents
in any order give the same ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from readouts.model import Extraction


@dataclass
class _Ev:
    key: str  # doc id + index: stable
    ex: Extraction
    idx: int
    kind: str
    date: str | None
    partial: str | None
    country: str | None
    name: str | None
    place: str | None
    parts: frozenset[str]
    parties: frozenset[str]
    by_country: dict[str, frozenset[str]]


def _fam(name: str) -> str:
    return name.split()[0].lower() if name.isupper() else name.lower()


def _days(a: str, b: str) -> int | None:
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return None


def _hint_fits(d: str, hint: str, window: int) -> bool:
    """A full or month date against a hint: a year ("2021") or a month-day ("01-06")."""
    if len(hint) == 4:
        return d[:4] == hint
    if len(d) < 10:
        return d[5:7] == hint[:2]
    gap = _days(d, f"{d[:4]}-{hint}")
    return gap is not None and gap <= window


def _compatible(a: _Ev, b: _Ev, window: int) -> bool:
    if a.kind != b.kind or a.ex is b.ex:
        return False
    if a.name and b.name and a.name != b.name:
        return False
    if a.country and b.country and a.country != b.country:
        return False
    if a.date and b.date:
        if len(a.date) == 10 and len(b.date) == 10:
            d = _days(a.date, b.date)
            if d is None or d > window:
                return False
        elif a.date[:7] != b.date[:7]:
            return False
    for d, p in ((a.date, b.partial), (b.date, a.partial)):
        if d and p and not _hint_fits(d, p, window):
            return False
    if a.partial and b.partial and a.partial != b.partial:
        return False
    ca, cb = set(a.parties), set(b.parties)
    if len(ca) >= 2 and len(cb) >= 2 and ca != cb:
        return False  # a U.S.-Japan "2+2" is not a U.S.-India "2+2"
    for c in set(a.by_country) & set(b.by_country):
        if not (a.by_country[c] & b.by_country[c]):
            return False  # two different office-holders of one government: not the same meeting
    shared = a.parts & b.parts
    if a.parts and b.parts and len(shared) < min(2, len(a.parts), len(b.parts)):
        return False
    # something positive must agree besides the participants
    same_name = bool(a.name and a.name == b.name)
    same_place = bool(a.place and a.place == b.place)
    hint = bool((a.date and b.partial) or (b.date and a.partial) or (a.partial and a.partial == b.partial))
    if a.date and b.date:
        return bool(shared) or same_name or same_place
    return same_name or same_place or hint


def assign_event_ids(extractions: list[Extraction], window: int = 1) -> None:
    """Set ``event_id`` on every event of every extraction, consistently across them."""
    evs: list[_Ev] = []
    for ex in extractions:
        countries = {p.name: p.country for p in ex.persons}
        for i, e in enumerate(ex.events):
            by_country: dict[str, set[str]] = {}
            for n in e.participants:
                if countries.get(n):
                    by_country.setdefault(countries[n], set()).add(n)
            evs.append(_Ev(f"{ex.doc.id}:{i}", ex, i, e.kind, e.date, e.date_hint, e.country,
                           e.name, e.place_key, frozenset(e.participants), frozenset(e.parties), {k: frozenset(v) for k, v in by_country.items()}))
    # canonical order: the best-described events seed clusters
    evs.sort(key=lambda v: (v.date is None, -len(v.parts), v.name is None, v.key))
    blocks: dict[str, list[int]] = {}
    clusters: list[list[_Ev]] = []
    for ev in evs:
        keys = {f"{ev.kind}|p|{p}" for p in ev.parts} | ({f"{ev.kind}|n|{ev.name}"} if ev.name else set())
        if not keys:
            keys = {f"{ev.kind}|d|{ev.date}"}
        seen: set[int] = set()
        chosen = None
        for k in sorted(keys):
            for ci in blocks.get(k, []):
                if ci in seen:
                    continue
                seen.add(ci)
                if all(_compatible(ev, other, window) for other in clusters[ci]):
                    chosen = ci if chosen is None else min(chosen, ci)
        if chosen is None:
            clusters.append([ev])
            chosen = len(clusters) - 1
        else:
            clusters[chosen].append(ev)
        for k in keys:
            blocks.setdefault(k, [])
            if chosen not in blocks[k]:
                blocks[k].append(chosen)
    for members in clusters:
        ident = hashlib.sha1("|".join(sorted(m.key for m in members)).encode()).hexdigest()[:12]
        for m in members:
            m.ex.events[m.idx].event_id = "ev-" + ident
