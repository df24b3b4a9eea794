"""The sources file of ``readouts watch``: which feeds and pages to follow, and how politely.

```yaml
defaults:            # optional; every key can be set per source too
  interval: 3600     # seconds between two passes of `watch` without --once
  host_interval: 2   # seconds between two requests to one host
  max_items: 30      # new items fetched per source and pass
  timeout: 20        # seconds
sources:
  - name: dod-releases                 # unique, used in the fetch log and `sources status`
    kind: feed                         # feed (RSS/Atom) | listing (an HTML page of links) | page
    url: https://www.example.gov/news/rss.xml
    publisher: U.S. Department of Defense   # optional: the publisher of its documents
  - name: ministry-press
    kind: listing
    url: https://www.example.go.jp/en/press/
    link_pattern: /en/press/\\d{4}/      # optional: which links of the page are items
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from readouts.errors import ConfigError

KINDS = ("feed", "listing", "page")
_DEFAULTS = {"interval": 3600.0, "host_interval": 2.0, "max_items": 30, "timeout": 20.0}
_NUMBERS = {"interval": float, "host_interval": float, "max_items": int, "timeout": float}
_SOURCE_KEYS = {"name", "kind", "url", "link_pattern", "publisher", "other_hosts", *_DEFAULTS}


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    url: str
    link_pattern: str | None = None
    publisher: str | None = None
    other_hosts: bool = False
    interval: float = 3600.0
    host_interval: float = 2.0
    max_items: int = 30
    timeout: float = 20.0


def load_sources(path: str | Path) -> list[Source]:
    """Read and check a sources file; every mistake is named with its source and key."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read the sources file ({exc.strerror or exc})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: not valid YAML ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list) or not data["sources"]:
        raise ConfigError(f"{p}: expected a mapping with a non-empty 'sources' list")
    defaults = dict(_DEFAULTS)
    defaults.update(_numbers(data.get("defaults") or {}, f"{p}: defaults"))
    out, names = [], set()
    for i, raw in enumerate(data["sources"], 1):
        where = f"{p}: source {i}"
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: expected a mapping with name, kind and url")
        unknown = set(raw) - _SOURCE_KEYS
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        for key in ("name", "kind", "url"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise ConfigError(f"{where}: '{key}' is required (text)")
        name = raw["name"].strip()
        where = f"{p}: source '{name}'"
        if name in names:
            raise ConfigError(f"{where}: the name is used twice")
        names.add(name)
        if raw["kind"] not in KINDS:
            raise ConfigError(f"{where}: kind must be one of {', '.join(KINDS)}, not {raw['kind']!r}")
        if urlsplit(raw["url"]).scheme not in ("http", "https") or not urlsplit(raw["url"]).netloc:
            raise ConfigError(f"{where}: url must be an http(s) address, not {raw['url']!r}")
        pattern = raw.get("link_pattern")
        if pattern is not None:
            try:
                re.compile(str(pattern))
            except re.error as exc:
                raise ConfigError(f"{where}: link_pattern is not a regular expression ({exc})") from None
        values = {**defaults, **_numbers({k: v for k, v in raw.items() if k in _NUMBERS}, where)}
        out.append(Source(name=name, kind=raw["kind"], url=raw["url"].strip(),
                          link_pattern=str(pattern) if pattern is not None else None,
                          publisher=str(raw["publisher"]) if raw.get("publisher") else None,
                          other_hosts=bool(raw.get("other_hosts", False)), **values))
    return out


def _numbers(values: dict[str, Any], where: str) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise ConfigError(f"{where}: expected a mapping")
    out = {}
    for key, value in values.items():
        if key not in _NUMBERS:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(_NUMBERS)})")
        try:
            number = _NUMBERS[key](value)
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: {key} must be a number, not {value!r}") from None
        if isinstance(value, bool) or number < 0 or (key in ("max_items", "timeout") and number == 0):
            raise ConfigError(f"{where}: {key} must be a positive number, not {value!r}")
        out[key] = number
    return out
