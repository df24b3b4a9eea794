"""readouts: diplomatic and defense texts -> a sourced, queryable record."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

__version__ = "0.1.0"


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """The version of what extraction does: the release plus a digest of the pipeline's code and
    packaged data, so a store re-extracts documents whenever either changes."""
    h = hashlib.sha256()
    root = resources.files(__name__)
    for folder in ("pipeline", "data"):
        for entry in sorted(root.joinpath(folder).iterdir(), key=lambda p: p.name):
            if entry.name.endswith((".py", ".yaml")):
                h.update(entry.name.encode())
                h.update(entry.read_bytes())
    return f"{__version__}+{h.hexdigest()[:10]}"


def __getattr__(name: str) -> str:
    if name == "PIPELINE_VERSION":  # computed on first use, not at import
        return pipeline_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
