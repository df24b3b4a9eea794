"""Near-duplicate texts: the same release mirrored on another site, or re-published with a new
header or footer, is one document.

A text becomes the set of its word 5-grams (lower-cased, punctuation dropped), summarised by a
MinHash signature of 126 values; two texts' signatures agree in about the fraction of shingles
the texts share (their Jaccard similarity J). The signature is cut into 42 bands of 3 values,
stored as (band, bucket) rows: texts sharing a bucket are candidates (almost surely from J = 0.4
up, rarely under 0.15). A candidate is the same text when J >= ``THRESHOLD``, or when the shorter
text lies almost whole inside the longer (containment >= ``CONTAINED``, estimated from J and the
two shingle counts) and the longer is not much longer (``SIZE_RATIO``): a short release under
heavy furniture is still itself, while a story quoting a short statement in full is not a copy
of it. In both cases the numbers and month names of the text with fewer must all be in the other,
and most of its names: the same template filled for another meeting (another date, another
minister) is another document. Two readouts of one meeting by two governments share names and
phrases but few 5-grams. bench/dedup.py measures precision and recall.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

import numpy as np

SHINGLE = 5
PERMUTATIONS = 126
BANDS = 42
ROWS = PERMUTATIONS // BANDS
THRESHOLD = 0.6  # estimated Jaccard at or above which two texts can be one document
CONTAINED = 0.85  # or: this share of the shorter text's shingles is in the longer one
SIZE_RATIO = 0.3  # ... and the shorter has at least this share of the longer's shingles
NAMES_CONTAINED = 0.8  # and most names of the text with fewer are in the other, all its numbers and months
_PRIME = np.uint64(4294967311)  # the first prime above 2**32
_rng = np.random.default_rng(20240601)
_A = _rng.integers(1, 2**32 - 1, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, 2**32 - 1, PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\d+|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                     r"December)\b", re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][^\W_]+")


@dataclass(frozen=True)
class Sketch:
    """What is kept of a text to recognise it again: a MinHash signature of its shingles, their
    number, and the hashes of its numbers (with month names) and of its names (capitalised words):
    one template filled for two meetings differs in a date or a name."""

    signature: np.ndarray
    shingles: int
    numbers: frozenset[int]
    names: frozenset[int]


def shingles(text: str, k: int = SHINGLE) -> set[int]:
    """Hashes of the text's word k-grams; a text shorter than k words is one shingle."""
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) < k:
        return {zlib.crc32(" ".join(words).encode())}
    return {zlib.crc32(" ".join(words[i:i + k]).encode()) for i in range(len(words) - k + 1)}


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (uint32 x 126) of a text, None for a text without words."""
    sh = shingles(text)
    if not sh:
        return None
    return _minhash(sh)


def sketch(text: str) -> Sketch | None:
    """The sketch of a text, None for a text without words."""
    sh = shingles(text)
    if not sh:
        return None
    return Sketch(_minhash(sh), len(sh), *key_hashes(text))


def key_hashes(text: str) -> tuple[frozenset[int], frozenset[int]]:
    """Hashes of the numbers (and month names) and of the names of a text."""
    numbers = frozenset(zlib.crc32(k.lower().encode()) for k in _NUMBER.findall(text))
    names = frozenset(zlib.crc32(k.encode()) for k in _NAME.findall(text)) - numbers
    return numbers, names


def keys_to_bytes(numbers: frozenset[int], names: frozenset[int]) -> bytes:
    """Both key sets in one blob: the count of numbers, the numbers, the names (uint32 each)."""
    return np.array([len(numbers), *sorted(numbers), *sorted(names)], dtype="<u4").tobytes()


def keys_from_bytes(raw: bytes) -> tuple[frozenset[int], frozenset[int]]:
    values = [int(x) for x in np.frombuffer(raw, dtype="<u4")]
    n = values[0] if values else 0
    return frozenset(values[1:1 + n]), frozenset(values[1 + n:])


def _minhash(sh: set[int]) -> np.ndarray:
    x = np.fromiter(sh, dtype=np.uint64, count=len(sh))
    # (a*x + b) mod p for every permutation and shingle; a, x < 2**32 so a*x + b fits in 64 bits
    mins = np.empty(PERMUTATIONS, dtype=np.uint64)
    for start in range(0, len(x), 4096):
        block = (_A[:, None] * x[None, start:start + 4096] + _B[:, None]) % _PRIME
        part = block.min(axis=1)
        mins = part if start == 0 else np.minimum(mins, part)
    return mins.astype(np.uint32)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<u4")


def buckets(sig: np.ndarray) -> list[tuple[int, str]]:
    """(band, bucket) pairs under which a signature is filed and looked up."""
    raw = to_bytes(sig)
    step = ROWS * 4
    return [(b, hashlib.blake2b(raw[b * step:(b + 1) * step], digest_size=8).hexdigest()) for b in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(a == b))


def same_text(a: Sketch, b: Sketch) -> float | None:
    """How surely two sketched texts are one (the estimated Jaccard, or the containment of the shorter
    in the longer when that decides), or None when they are different texts."""
    few, many = sorted((a.numbers, b.numbers), key=len)
    if not few <= many:
        return None  # another date, another number: the same template for another meeting
    few, many = sorted((a.names, b.names), key=len)
    if few and len(few & many) < NAMES_CONTAINED * len(few):
        return None  # other names
    na, nb = a.shingles, b.shingles
    j = similarity(a.signature, b.signature)
    if j >= THRESHOLD:
        return j
    small, large = min(na, nb), max(na, nb)
    if small < SIZE_RATIO * large:
        return None
    contained = min(1.0, j * (na + nb) / (1 + j) / small)
    return contained if contained >= CONTAINED else None


def jaccard(a: str, b: str) -> float:
    """Exact Jaccard similarity of two texts' shingle sets (for checks and measurements)."""
    sa, sb = shingles(a), shingles(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)
