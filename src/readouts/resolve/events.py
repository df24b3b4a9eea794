"""Cross-document event resolution: one id per real-world event.

Events are compared only within blocks (same kind and a shared participant, or
the same named format, or the same date), never all pairs of the corpus. Two
events are the same when nothing contradicts it (dates at most a day apart or
within the same month, same country and place, the same governments, no two
different office-holders of one government, the same named format) and something
positive agrees besides the participants (a date, a name, a place, a date hint).
Clustering is complete-link over a canonical order, so the same documents in any
order give the same clusters and the same ids.

A telling without a date is tied to others only through a year-free key (a month-day
hint, a named format, a place with a pair of officials) that is *pinned*: the dated
tellings filed under it tell one occurrence (their days at most a day apart). "The
U.S.-Japan 2+2" or "Austin and Kishi at the Pentagon" in an undated story is the 2+2,
the Pentagon meeting, only while the record holds one; once the pair has met there
twice, the story stays apart rather than being guessed into one of them.

The unit is a ``SourceEvent``: one document's telling of an event. The same code
serves a run of ``readouts extract`` and the store's incremental resolution.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import NamedTuple

from readouts.model import Event, Extraction

DAY_FAMILIES = frozenset({"d", "dn"})  # key families bound to a day: a participant's, a named format's
YEAR_FREE = frozenset({"h", "n", "pl"})  # a month-day hint's, a name's, a place's: filed by dated tellings
EMPTY, PINNED, AMBIGUOUS = "empty", "pinned", "ambiguous"  # what the dated tellings under a year-free key tell


def family(key: str) -> str:
    return key.split("|", 2)[1]


def base_key(key: str) -> str:
    """The dated family's version of a year-free key ("meeting|uh|01-06|X" -> "meeting|h|01-06|X")."""
    kind, fam, rest = key.split("|", 2)
    return f"{kind}|{fam[1:]}|{rest}" if fam in ("uh", "un", "upl") else key


def undated_key(base: str) -> str:
    """The undated family's version of a year-free key ("meeting|h|01-06|X" -> "meeting|uh|01-06|X")."""
    kind, fam, rest = base.split("|", 2)
    return f"{kind}|u{fam}|{rest}"


def occurrence_state(dates: Iterable[str], window: int = 1) -> str:
    """What the dated tellings filed under one year-free key tell, from their dates: nothing
    (``EMPTY``), one occurrence (``PINNED``: full dates at most `window` days apart, month-level
    dates in their months) or several (``AMBIGUOUS``; a year-level date pins nothing)."""
    dates = set(dates)
    if not dates:
        return EMPTY
    days = [d for d in dates if len(d) == 10]
    months = [d[:7] for d in dates]
    return span_state(DateSpan(min(map(len, dates)), min(days, default=None), max(days, default=None),
                               min(months), max(months)), window)


class DateSpan(NamedTuple):
    """A summary of a set of dates that is all ``occurrence_state`` needs (an SQL aggregate gives it)."""
    shortest: int  # the length of the least precise date
    first_day: str | None  # the earliest and latest full dates
    last_day: str | None
    first_month: str  # the earliest and latest months ("YYYY-MM") of all the dates
    last_month: str


def span_state(span: DateSpan | None, window: int = 1) -> str:
    """``occurrence_state`` of the dates a span summarizes (None: no dates)."""
    if span is None:
        return EMPTY
    if span.shortest < 7:
        return AMBIGUOUS
    if span.first_day is None:
        return PINNED if span.first_month == span.last_month else AMBIGUOUS
    gap = _days(span.first_day, span.last_day)
    if gap is None or gap > window:
        return AMBIGUOUS
    # every month among those of the days (at most two, and adjacent: none lies between them)
    fits = span.first_month >= span.first_day[:7] and span.last_month <= span.last_day[:7]
    return PINNED if fits else AMBIGUOUS


def pinned_keys(evs: Iterable[SourceEvent], window: int = 1) -> set[str]:
    """The year-free keys (dated family) under which the dated tellings among `evs` tell one occurrence."""
    dates: dict[str, set[str]] = {}
    for ev in evs:
        if ev.date:
            for key in ev.year_free_bases():
                dates.setdefault(key, set()).add(ev.date)
    return {k for k, ds in dates.items() if occurrence_state(ds, window) == PINNED}


class _Keys(NamedTuple):
    block: frozenset[str]  # filed under
    lookup: frozenset[str]  # searched
    days: frozenset[str]  # searched, day-bound
    bases: frozenset[str]  # year-free, in the dated family's spelling


@dataclass(frozen=True)
class SourceEvent:
    doc_id: str
    idx: int
    kind: str
    date: str | None = None
    date_hint: str | None = None
    country: str | None = None
    name: str | None = None
    place_key: str | None = None
    participants: frozenset[str] = frozenset()
    parties: frozenset[str] = frozenset()
    by_country: tuple[tuple[str, frozenset[str]], ...] = field(default=())

    @property
    def key(self) -> str:
        return f"{self.doc_id}:{self.idx}"

    def block_keys(self) -> frozenset[str]:
        """Keys under which a possibly-same event must also be filed (see ``compatible``): a shared
        participant on the same or the next day (a month-level date files under every day of its
        month), a matching month-day hint, the same named format between the same governments, the
        same place with the same pair of participants. Two events that could be the same share a
        key (one files under it, the other looks it up: ``lookup_keys``). Dated and undated tellings
        file the year-free keys (hint, name, place) in two families, ``h``/``n``/``pl`` and
        ``uh``/``un``/``upl``, so a dated event never reaches the dated events of other years
        through them: blocks and their connected components stay small even for an official with
        thousands of engagements."""
        return self._keys.block

    @cached_property
    def _keys(self) -> _Keys:
        """All its key sets, worked out once (a telling is immutable)."""
        block = frozenset(self._block_keys())
        if not self.date:
            lookup = block | {base_key(key) for key in block}
        else:
            lookup = frozenset({key for key in block if family(key) in DAY_FAMILIES}
                               | {undated_key(key) for key in block if family(key) in YEAR_FREE})
        return _Keys(block, lookup, frozenset(key for key in lookup if family(key) in DAY_FAMILIES),
                     frozenset(b for b in map(base_key, block) if family(b) in YEAR_FREE))

    def _block_keys(self) -> set[str]:
        k = self.kind
        people = sorted(self.participants) or ["-"]
        pairs = [f"{a}|{b}" for i, a in enumerate(people) for b in people[i + 1:]] or people
        u = "" if self.date else "u"
        keys: set[str] = set()
        for day in _days_of(self.date):
            keys.update(f"{k}|d|{day}|{p}" for p in people)
        keys.update(f"{k}|{u}h|{md}|{p}" for md in self._hint_days() for p in people)
        if self.name:
            keys.add(f"{k}|{u}n|{self.name}|{','.join(sorted(self.parties))}")
            keys.update(f"{k}|dn|{day}|{self.name}" for day in _days_of(self.date))
        if self.place_key:
            keys.update(f"{k}|{u}pl|{self.place_key}|{pair}" for pair in pairs)
        return keys

    def _hint_days(self) -> list[str]:
        if self.date and len(self.date) == 10:
            return _hint_days(self.date[5:])
        if self.date_hint and len(self.date_hint) == 5:
            return _hint_days(self.date_hint)
        return []

    def lookup_keys(self) -> frozenset[str]:
        """The keys this event searches under. A dated event looks for dated tellings on its days
        (the day and named-day keys) and for undated tellings filed under its month-days, name or
        place; an undated one searches both families of its hint, name and place keys, where the
        dated events of every year are filed too. So a dated event's neighbours are bounded by the
        calendar and by the few undated tellings, and so are the components the store re-clusters."""
        return self._keys.lookup

    def day_keys(self) -> frozenset[str]:
        """The day-bound keys a dated telling searches (its days, its named days)."""
        return self._keys.days

    def year_free_bases(self) -> frozenset[str]:
        """Its year-free keys (hint, name, place), each in the dated family's spelling."""
        return self._keys.bases

    def tie_keys(self, pinned: set[str] | frozenset[str]) -> frozenset[str]:
        """The keys it searches for a cluster to join: all its lookup keys when dated; when undated,
        those of its year-free keys that are pinned (see ``occurrence_state``)."""
        if self.date:
            return self._keys.lookup
        return frozenset(key for key in self._keys.lookup if base_key(key) in pinned)

    @cached_property
    def countries(self) -> dict[str, frozenset[str]]:
        """Its participants by government (``by_country`` as a mapping)."""
        return dict(self.by_country)

    @classmethod
    def of(cls, doc_id: str, idx: int, ev: Event, countries: dict[str, str | None]) -> SourceEvent:
        by_country: dict[str, set[str]] = {}
        for n in ev.participants:
            if countries.get(n):
                by_country.setdefault(countries[n], set()).add(n)
        return cls(doc_id, idx, ev.kind, ev.date, ev.date_hint, ev.country, ev.name, ev.place_key,
                   frozenset(ev.participants), frozenset(ev.parties),
                   tuple(sorted((k, frozenset(v)) for k, v in by_country.items())))


def _days_of(d: str | None) -> list[str]:
    """The days a dated event is filed under: its day and the next (two events a day apart share
    one), or every day of its month (and the first of the next) for a month-level date."""
    if not d:
        return []
    try:
        if len(d) == 10:
            day = date.fromisoformat(d)
            return [day.isoformat(), (day + timedelta(days=1)).isoformat()]
        if len(d) == 7:
            first = date.fromisoformat(d + "-01")
            out = []
            cur = first
            while cur.month == first.month:
                out.append(cur.isoformat())
                cur += timedelta(days=1)
            return out + [cur.isoformat()]
    except ValueError:
        return []
    return []


def _hint_days(md: str) -> list[str]:
    """A month-day and the next one ("01-06" -> "01-06", "01-07"), year-free."""
    try:
        day = date.fromisoformat(f"2000-{md}")  # a leap year, so 02-29 is a day
    except ValueError:
        return []
    return [md, (day + timedelta(days=1)).isoformat()[5:]]


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


def compatible(a: SourceEvent, b: SourceEvent, window: int = 1) -> bool:
    """Could these two tellings be the same real-world event?"""
    if a.kind != b.kind or a.doc_id == b.doc_id:
        return False
    shared = a.participants & b.participants  # the commonest refusal first (a busy official's other meetings)
    if a.participants and b.participants and len(shared) < min(2, len(a.participants), len(b.participants)):
        return False
    if a.name and b.name and a.name != b.name:
        return False
    if a.country and b.country and a.country != b.country:
        return False
    if a.place_key and b.place_key and a.place_key != b.place_key and not (a.country and a.country == b.country):
        return False
    if a.date and b.date:
        if len(a.date) == 10 and len(b.date) == 10:
            gap = _days(a.date, b.date)
            if gap is None or gap > window:
                return False
        elif a.date[:7] != b.date[:7]:
            return False
    for d, hint in ((a.date, b.date_hint), (b.date, a.date_hint)):
        if d and hint and not _hint_fits(d, hint, window):
            return False
    if a.date_hint and b.date_hint and a.date_hint != b.date_hint:
        return False
    if len(a.parties) >= 2 and len(b.parties) >= 2 and a.parties != b.parties:
        return False  # a U.S.-Japan "2+2" is not a U.S.-India "2+2"
    bc_a, bc_b = a.countries, b.countries
    for c in bc_a.keys() & bc_b.keys():
        if not (bc_a[c] & bc_b[c]):
            return False  # two different office-holders of one government: not the same meeting
    same_name = bool(a.name and a.name == b.name)
    same_place = bool(a.place_key and a.place_key == b.place_key)
    hint = bool((a.date and b.date_hint and len(b.date_hint) == 5) or (b.date and a.date_hint and len(a.date_hint) == 5)
                or (a.date_hint and a.date_hint == b.date_hint and len(a.date_hint) == 5))
    if a.date and b.date:
        return bool(shared) or same_name or same_place
    return same_name or same_place or hint


def canonical_order(evs: Iterable[SourceEvent]) -> list[SourceEvent]:
    """Best-described first: dated, more participants, named; ties by document id."""
    return sorted(evs, key=lambda v: (v.date is None, -len(v.participants), v.name is None, v.doc_id, v.idx))


def cluster(evs: Iterable[SourceEvent], window: int = 1,
            pinned: set[str] | frozenset[str] | None = None) -> list[list[SourceEvent]]:
    """Complete-link clustering in canonical order, comparing only within blocks. `pinned`: the
    year-free keys that tie undated tellings (default: computed from `evs`, which must then hold
    every dated telling; the store passes what its whole record says)."""
    blocks: dict[str, list[int]] = {}
    clusters: list[list[SourceEvent]] = []
    member_blocks: dict[str, set[int]] = {}
    ordered = canonical_order(evs)
    if pinned is None:
        pinned = pinned_keys(ordered, window)
    for ev in ordered:
        seen: set[int] = set()
        chosen = None
        for k in sorted(ev.tie_keys(pinned)):
            for ci in blocks.get(k, []):
                if ci in seen or (chosen is not None and ci > chosen):
                    continue
                seen.add(ci)
                if all(compatible(ev, other, window) for other in clusters[ci]):
                    chosen = ci if chosen is None else min(chosen, ci)
        if chosen is None:
            clusters.append([ev])
            chosen = len(clusters) - 1
        else:
            clusters[chosen].append(ev)
        for k in ev.block_keys():
            members = member_blocks.setdefault(k, set())
            if chosen not in members:
                members.add(chosen)
                blocks.setdefault(k, []).append(chosen)
    return clusters


def cluster_id(members: Iterable[SourceEvent]) -> str:
    """An event id that depends only on which tellings the event groups."""
    return "ev-" + hashlib.sha1("|".join(sorted(m.key for m in members)).encode()).hexdigest()[:12]


def sources_of(ex: Extraction) -> list[SourceEvent]:
    countries = {p.name: p.country for p in ex.persons}
    return [SourceEvent.of(ex.doc.id, i, e, countries) for i, e in enumerate(ex.events)]


def assign_event_ids(extractions: list[Extraction], window: int = 1) -> None:
    """Set ``event_id`` on every event of every extraction, consistently across them."""
    by_key = {}
    evs = []
    for ex in extractions:
        for sev in sources_of(ex):
            by_key[sev.key] = ex.events[sev.idx]
            evs.append(sev)
    for members in cluster(evs, window):
        ident = cluster_id(members)
        for m in members:
            by_key[m.key].event_id = ident
