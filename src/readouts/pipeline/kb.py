"""Indexes over the packaged knowledge base: officials by name variant and family
name, offices by role and date, countries by name and adjective, places by alias.
Built once per process; every lookup is a dict access, never a scan."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from readouts import data

SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def norm(s: str) -> str:
    """Lowercase ASCII words joined by single spaces; dots, commas and suffixes dropped."""
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    s = s.replace("’", "'")
    words = re.findall(r"[a-z][a-z'\-]*", s)
    return " ".join(w for w in words if w not in SUFFIXES)


@dataclass(frozen=True)
class Official:
    id: str
    name: str
    family: str
    given: str
    country: str | None
    offices: tuple[dict[str, Any], ...]

    def office_at(self, when: str | None, role: str | None = None) -> dict[str, Any] | None:
        """The office held on `when` (YYYY-MM-DD), preferring `role`; None if none fits."""
        best = None
        for o in self.offices:
            if role and o["role"] != role:
                continue
            if when and not _within(when, o.get("from"), o.get("to")):
                continue
            best = o
        if best is None and role is None and not when and self.offices:
            best = self.offices[-1]
        return best

    def roles(self) -> set[str]:
        return {o["role"] for o in self.offices}


def _within(when: str, start: str | None, end: str | None) -> bool:
    w = when[:10]
    if start and w < start[:10] and not (len(start) == 7 and w[:7] == start):
        return False
    return not (end and w > end[:10] and not (len(end) == 7 and w[:7] == end))


class KB:
    def __init__(self) -> None:
        self.officials: dict[str, Official] = {}
        self.by_name: dict[str, list[str]] = {}
        self.by_family: dict[str, list[str]] = {}
        self.by_given: dict[str, list[str]] = {}
        for p in data.officials():
            off = Official(p["id"], p["name"], p["family"], p.get("given") or "", p.get("country"),
                           tuple(p.get("offices") or ()))
            self.officials[off.id] = off
            fam = norm(off.family)
            given = norm(off.given)
            forms = {norm(off.name), norm(f"{off.given} {off.family}"), norm(f"{off.family} {off.given}")}
            forms.update(norm(v) for v in p["variants"])
            for v in p["variants"]:  # variants in the other order, too ("Hyun-dong Cho")
                parts = norm(v).split()
                if len(parts) >= 2 and parts[-1] == fam:
                    forms.add(" ".join([fam] + parts[:-1]))
                elif len(parts) >= 2 and parts[0] == fam:
                    forms.add(" ".join(parts[1:] + [fam]))
            # "Lloyd J. Austin" -> also "lloyd austin" (initials dropped)
            for f in list(forms):
                forms.add(" ".join(w for w in f.split() if len(w) > 1))
            for f in forms:
                if f and " " in f:
                    self.by_name.setdefault(f, [])
                    if off.id not in self.by_name[f]:
                        self.by_name[f].append(off.id)
            self.by_family.setdefault(fam, []).append(off.id)
            short = norm(str(p.get("short_name") or ""))
            if short and short != fam:  # "Prime Minister Prayut": the name used with a title
                self.by_family.setdefault(short, []).append(off.id)
            if given:
                self.by_given.setdefault(given.split()[0], []).append(off.id)
        self.countries: dict[str, str] = {}
        self.adjectives: dict[str, str] = {}
        self.country_names: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        for c in data.countries():
            code = c["code"]
            self.capitals[code] = str(c.get("capital") or "")
            self.country_names.setdefault(code, c.get("name") or code)
            for n in c["names"]:
                self.countries.setdefault(norm(n) if not _is_abbrev(n) else n, code)
            for a in c["adjectives"]:
                self.adjectives.setdefault(norm(a) if not _is_abbrev(a) else a, code)
        self.places: dict[str, dict[str, Any]] = {}
        for p in data.places():
            for form in [p["name"], *p["aliases"]]:
                key = norm(form)
                if key and key not in self.places:
                    self.places[key] = p
        self.max_place_words = max((len(k.split()) for k in self.places), default=1)
        # first words of every multi-word name: a capitalised word that starts none is skipped at once
        self.name_starts = {k.split()[0] for k in self.by_name}
        self.max_name_words = max((len(k.split()) for k in self.by_name), default=1)

    def country_of_word(self, word: str) -> str | None:
        """A country code for a country name or adjective as written ("Japanese", "ROK", "U.S.")."""
        w = word.strip()
        if w in self.adjectives:
            return self.adjectives[w]
        if w in self.countries:
            return self.countries[w]
        n = norm(w)
        return self.adjectives.get(n) or self.countries.get(n)

    def place(self, phrase: str) -> dict[str, Any] | None:
        return self.places.get(norm(phrase))


def _is_abbrev(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Z.]{2,6}", s))


@lru_cache(maxsize=1)
def get() -> KB:
    return KB()
