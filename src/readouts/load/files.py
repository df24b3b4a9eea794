"""Files, folders and stdin -> Document (or a LoadError naming the reason)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readouts.errors import LoadError, ParseError, SidecarError
from readouts.load.decode import DecodeFailure, decode
from readouts.load.html import html_to_text
from readouts.model import Document, doc_id_for
from readouts.settings import DEFAULTS, Settings

DOC_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
SIDECAR_KEYS = {"url": str, "published": str, "publisher": str, "title": str}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def is_document_path(path: Path) -> bool:
    name = path.name
    if name.endswith((".gold.json", ".meta.json")) or name.startswith("."):
        return False
    return path.suffix.lower() in DOC_SUFFIXES


def discover(paths: Iterable[str]) -> list[str]:
    """Expand folders (recursive, sorted) and keep files and '-' in the order given.

    A path that does not exist is kept, so that loading reports it in its place.
    """
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in files if is_document_path(Path(root) / f))
            out.extend(str(f) for f in sorted(found))
        else:
            out.append(p)
    return out


def read_sidecar(path: Path) -> dict[str, Any]:
    side = path.with_name(path.stem + ".meta.json") if path.suffix else None
    if side is None or not side.exists():
        return {}
    try:
        if side.stat().st_size > 1_000_000:
            raise SidecarError(str(side), "sidecar larger than 1 MB; expected a small JSON object")
        data = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SidecarError(str(side), f"sidecar is not valid JSON ({exc}); fix or remove it") from exc
    if not isinstance(data, dict):
        raise SidecarError(str(side), "sidecar must be a JSON object like {\"published\": \"2022-05-04\"}")
    clean: dict[str, Any] = {}
    for key, value in data.items():
        want = SIDECAR_KEYS.get(key)
        if want is None:
            clean[key] = value
        elif value is None:
            continue
        elif not isinstance(value, want):
            raise SidecarError(str(side), f"sidecar key {key!r} must be a string, not {type(value).__name__}")
        else:
            clean[key] = value.strip()
    pub = clean.get("published")
    if pub and not _DATE.match(pub):
        raise SidecarError(str(side), f"sidecar 'published' must be YYYY-MM-DD, got {pub!r}")
    if pub:
        clean["published"] = pub[:10]
    return clean


def load_bytes(raw: bytes, path: str, kind: str = "text", sidecar: dict[str, Any] | None = None,
               settings: Settings = DEFAULTS) -> Document:
    """Decode raw bytes of one document into a Document. Raises LoadError."""
    if not raw.strip():
        raise LoadError(path, "empty document (no text)")
    if len(raw) > settings.max_bytes:
        raise LoadError(path, f"larger than {settings.max_bytes // (1024 * 1024)} MB "
                              f"({len(raw) / 1048576:.1f} MB); skipped (raise READOUTS_MAX_BYTES to allow)")
    try:
        text, _encoding = decode(raw)
    except DecodeFailure as exc:
        raise LoadError(path, str(exc)) from None
    text = text.replace("\x00", " ")
    page_meta: dict[str, Any] = {}
    if kind == "html" or (kind == "text" and _looks_html(text)):
        try:
            text, page_meta = html_to_text(text)
        except ParseError as exc:
            raise LoadError(path, str(exc)) from None
        kind = "html"
    if not text.strip():
        raise LoadError(path, "no text left after reading (empty page?)")
    sidecar = sidecar or {}
    doc = Document(
        id=doc_id_for(raw), path=path, text=text, raw=raw, source_format=kind, meta=dict(sidecar),
        title=sidecar.get("title") or None, published=sidecar.get("published") or None,
        publisher=sidecar.get("publisher") or None, url=sidecar.get("url") or None,
    )
    if kind == "html":
        doc.meta.setdefault("page", {k: v for k, v in page_meta.items() if v})
    return doc


def _looks_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


@dataclass
class RawInput:
    """A document's bytes and sidecar as read from disk, before decoding."""

    path: str
    raw: bytes
    kind: str
    sidecar: dict[str, Any]
    warnings: list[str]

    @property
    def id(self) -> str:
        return doc_id_for(self.raw)

    def fingerprint(self, version: str) -> str:
        """What decides whether a stored document is still current: bytes, sidecar, pipeline version."""
        h = hashlib.sha256(self.raw)
        h.update(json.dumps(self.sidecar, sort_keys=True, default=str).encode())
        h.update(version.encode())
        return h.hexdigest()

    def load(self, settings: Settings = DEFAULTS) -> Document:
        doc = load_bytes(self.raw, self.path, self.kind, self.sidecar, settings)
        doc.warnings.extend(self.warnings)
        return doc


def read_input(path: str, settings: Settings = DEFAULTS) -> RawInput:
    """Read one file's bytes and sidecar (or stdin for '-'). Raises LoadError."""
    if path == "-":
        return RawInput("-", sys.stdin.buffer.read(), "text", {}, [])
    p = Path(path)
    try:
        if not p.exists():
            raise LoadError(path, "no such file or folder")
        if p.is_dir():
            raise LoadError(path, "is a folder with no documents")
        size = p.stat().st_size
        if size > settings.max_bytes:
            raise LoadError(path, f"larger than {settings.max_bytes // (1024 * 1024)} MB "
                                  f"({size / 1048576:.1f} MB); skipped (raise READOUTS_MAX_BYTES to allow)")
        raw = p.read_bytes()
    except LoadError:
        raise
    except PermissionError:
        raise LoadError(path, "permission denied; check the file's read permission") from None
    except OSError as exc:
        raise LoadError(path, f"cannot be read ({exc.strerror or exc})") from None
    kind = DOC_SUFFIXES.get(p.suffix.lower(), "text")
    warnings = []
    try:
        sidecar = read_sidecar(p)
    except SidecarError as exc:  # the document is still read, without its sidecar
        sidecar = {}
        warnings.append(f"{exc.reason}; sidecar {Path(exc.path).name} ignored")
    return RawInput(path, raw, kind, sidecar, warnings)


def load_path(path: str, settings: Settings = DEFAULTS) -> Document:
    """Read one file (or '-' for stdin) into a Document. Raises LoadError."""
    return read_input(path, settings).load(settings)


def iter_documents(paths: Iterable[str], settings: Settings = DEFAULTS) -> Iterator[Document | LoadError]:
    for path in discover(paths):
        try:
            yield load_path(path, settings)
        except LoadError as exc:
            yield exc
