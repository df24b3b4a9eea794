"""Packaged data files (officials, places, countries, topics, titles, furniture)
with one loader each and a schema check. Loaded lazily, once per process."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from readouts.errors import ConfigError

ROLES = {
    "head_of_state", "head_of_government", "deputy_head_of_government", "defense_minister",
    "foreign_minister", "deputy_defense_minister", "deputy_foreign_minister",
    "national_security_adviser", "chief_of_defense", "military_commander",
    "chief_cabinet_secretary", "spokesperson", "ambassador", "secretary_general", "other",
}
_CODE = re.compile(r"^[A-Z]{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def _read(name: str) -> Any:
    """A packaged data file, or the same-named file in $READOUTS_DATA_DIR when that exists."""
    override = os.environ.get("READOUTS_DATA_DIR")
    try:
        if override and (Path(override) / name).is_file():
            text = (Path(override) / name).read_text(encoding="utf-8")
        else:
            text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"packaged data file {name} cannot be read: {exc}; reinstall readouts") from exc


def _fail(name: str, where: str, what: str) -> ConfigError:
    return ConfigError(f"packaged data file {name}: {where}: {what}")


def _check(cond: bool, name: str, where: str, what: str) -> None:
    if not cond:
        raise _fail(name, where, what)


def _date(value: Any) -> str | None:
    """YAML may parse 2021-01-22 into a date object: normalise to str."""
    if value is None:
        return None
    return str(value)


@lru_cache(maxsize=1)
def officials() -> list[dict[str, Any]]:
    name = "officials.yaml"
    data = _read(name) or {}
    persons = data.get("persons") or []
    seen: set[str] = set()
    for i, p in enumerate(persons):
        where = f"persons[{i}] ({p.get('id', '?')})"
        _check(isinstance(p.get("id"), str) and p["id"] not in seen, name, where, "missing or duplicate id")
        seen.add(p["id"])
        _check(isinstance(p.get("name"), str) and p["name"].strip() != "", name, where, "missing name")
        if not p.get("family"):  # mononymous office-holders (monarchs): the name is the family name
            p["family"] = p["name"].split()[-1]
        _check(p.get("country") is None or bool(_CODE.match(str(p["country"]))), name, where, "bad country code")
        p["variants"] = [str(v) for v in (p.get("variants") or [])]
        p["family_first"] = bool(p.get("family_first"))
        offices = p.get("offices") or []
        for j, o in enumerate(offices):
            _check(isinstance(o.get("title"), str), name, f"{where}.offices[{j}]", "missing title")
            _check(o.get("role") in ROLES, name, f"{where}.offices[{j}]", f"role must be one of {sorted(ROLES)}")
            o["from"] = _date(o.get("from"))
            o["to"] = _date(o.get("to"))
            for k in ("from", "to"):
                _check(o[k] is None or bool(_DATE.match(o[k])), name, f"{where}.offices[{j}]", f"bad date {k}")
            o["aliases"] = [str(a) for a in (o.get("aliases") or [])]
        p["offices"] = offices
    return persons


@lru_cache(maxsize=1)
def countries() -> list[dict[str, Any]]:
    name = "countries.yaml"
    data = _read(name) or {}
    items = data.get("countries") or []
    for i, c in enumerate(items):
        _check(bool(_CODE.match(str(c.get("code", "")))), name, f"countries[{i}]", "bad code")
        c["names"] = [str(n) for n in (c.get("names") or [])]
        c["adjectives"] = [str(n) for n in (c.get("adjectives") or [])]
    return items


@lru_cache(maxsize=1)
def places() -> list[dict[str, Any]]:
    name = "places.yaml"
    data = _read(name) or {}
    items = data.get("places") or []
    for i, p in enumerate(items):
        _check(isinstance(p.get("name"), str), name, f"places[{i}]", "missing name")
        _check(bool(_CODE.match(str(p.get("country", "")))), name, f"places[{i}] ({p.get('name')})", "bad country")
        p["aliases"] = [str(a) for a in (p.get("aliases") or [])]
    return items


@lru_cache(maxsize=1)
def topics() -> dict[str, Any]:
    name = "topics.yaml"
    data = _read(name) or {}
    tops = data.get("topics") or {}
    _check(isinstance(tops, dict) and bool(tops), name, "topics", "must map tags to pattern lists")
    for tag, pats in tops.items():
        for pat in pats:
            try:
                re.compile(pat)
            except re.error as exc:
                raise _fail(name, tag, f"bad pattern {pat!r}: {exc}") from exc
    return data


@lru_cache(maxsize=1)
def titles() -> list[dict[str, Any]]:
    name = "titles.yaml"
    roles = (_read(name) or {}).get("roles") or []
    for i, r in enumerate(roles):
        _check(r.get("role") in ROLES, name, f"roles[{i}]", "unknown role")
    return roles


@lru_cache(maxsize=1)
def furniture() -> list[dict[str, Any]]:
    name = "furniture.yaml"
    pats = (_read(name) or {}).get("patterns") or []
    for i, p in enumerate(pats):
        _check(p.get("scope") in {"line", "rest", "caption", "to_end"}, name, f"patterns[{i}]", "bad scope")
        try:
            re.compile(p["pattern"])
        except (KeyError, re.error) as exc:
            raise _fail(name, f"patterns[{i}]", f"bad pattern: {exc}") from exc
    return pats
