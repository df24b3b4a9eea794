"""One exception root for readouts, with subclasses by phase.

Messages say what went wrong and what to do next; the CLI prints them as one
line, never a traceback.
"""

from __future__ import annotations


class ReadoutsError(Exception):
    """Root of every error readouts raises on purpose."""


class LoadError(ReadoutsError):
    """A document could not be read (missing, empty, binary, too large, bad encoding)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # crosses process boundaries (worker processes, Dask)
        return (self.__class__, (self.path, self.reason))


class SidecarError(LoadError):
    """A NAME.meta.json sidecar is not valid JSON or has values of the wrong type."""


class ParseError(ReadoutsError):
    """A document was read but a stage could not process it."""


class StoreError(ReadoutsError):
    """The store cannot be opened, migrated or written (path, permissions, disk full, server down)."""


class ConfigError(ReadoutsError):
    """A setting, option or packaged data file is invalid."""


class ModelError(ConfigError):
    """The spaCy pipeline package is missing or cannot be loaded."""
