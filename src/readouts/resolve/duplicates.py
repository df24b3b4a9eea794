"""Near-duplicate texts: the same release mirrored on another site, or re-published with a new
header or footer, is one document.

A text becomes the set of its word 5-grams (lower-cased, punctuation dropped), summarised by a
MinHash signature of 128 values; two texts' signatures agree in about the fraction of shingles
the texts share (their Jaccard similarity). The signature is cut into 16 bands of 8 values, stored
as (band, bucket) rows: texts sharing a bucket are candidates (likely from a Jaccard of about 0.6
up), and a candidate is a duplicate when its signature agrees on at least ``THRESHOLD`` of the
values. Two readouts of one meeting by two governments share names and phrases but few 5-grams;
the same text under another site's furniture shares nearly all of them.
"""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

SHINGLE = 5
PERMUTATIONS = 128
BANDS = 16
ROWS = PERMUTATIONS // BANDS
THRESHOLD = 0.7  # estimated Jaccard at or above which two texts are one document
_PRIME = np.uint64(4294967311)  # the first prime above 2**32
_rng = np.random.default_rng(20240601)
_A = _rng.integers(1, 2**32 - 1, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, 2**32 - 1, PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"[^\W_]+")


def shingles(text: str, k: int = SHINGLE) -> set[int]:
    """Hashes of the text's word k-grams; a text shorter than k words is one shingle."""
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) < k:
        return {zlib.crc32(" ".join(words).encode())}
    return {zlib.crc32(" ".join(words[i:i + k]).encode()) for i in range(len(words) - k + 1)}


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (uint32 x 128) of a text, None for a text without words."""
    sh = shingles(text)
    if not sh:
        return None
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
    raw = sig.astype("<u4").tobytes()
    step = ROWS * 4
    return [(b, hashlib.blake2b(raw[b * step:(b + 1) * step], digest_size=8).hexdigest()) for b in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(a == b))


def jaccard(a: str, b: str) -> float:
    """Exact Jaccard similarity of two texts' shingle sets (for checks and measurements)."""
    sa, sb = shingles(a), shingles(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)
