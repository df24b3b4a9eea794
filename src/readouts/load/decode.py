"""Bytes -> text: BOMs, UTF-16, UTF-8, then charset detection; binary refused."""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeFailure(ValueError):
    pass


def _looks_utf16(raw: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII text has a NUL in every other byte."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    sample = raw[:4096]
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def decode(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raise DecodeFailure for binary or undecodable input."""
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(enc), enc
            except UnicodeDecodeError as exc:
                raise DecodeFailure(f"starts with a {enc} byte-order mark but is not valid {enc}") from exc
    enc16 = _looks_utf16(raw)
    if enc16:
        try:
            return raw.decode(enc16), enc16
        except UnicodeDecodeError:
            pass
    try:
        text = raw.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        latin = _as_cp1252(raw)
        if latin is not None:
            text, encoding = latin, "cp1252"
            if _is_binary(text):
                raise DecodeFailure("binary content (control characters), not a text document") from None
            return text, encoding
        best = from_bytes(raw[:1_000_000]).best()
        if best is None or best.encoding is None:
            raise DecodeFailure("binary or undecodable content (no text encoding fits)") from None
        encoding = best.encoding
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            text = raw.decode("utf-8", errors="replace")
            encoding = "utf-8 (with replacements)"
    if _is_binary(text):
        raise DecodeFailure("binary content (control characters), not a text document")
    return text, encoding


def _as_cp1252(raw: bytes) -> str | None:
    """Windows-1252, the usual legacy encoding of English government pages, when it fits:
    every byte defined and the non-ASCII characters Latin letters or typographic punctuation.
    Detectors guess wrong on short texts ("Irène" read as a CJK code page)."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    odd = [c for c in text if ord(c) > 127]
    if not odd:
        return text
    fitting = sum(1 for c in odd if unicodedata.category(c).startswith("L") and "LATIN" in unicodedata.name(c, "")
                  or c in "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0\u00b0\u00a9\u00ae\u20ac\u00a3\u00b7\u2022")
    return text if fitting / len(odd) >= 0.9 else None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")


def _is_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    return len(_CONTROL.findall(sample)) / len(sample) > 0.05
