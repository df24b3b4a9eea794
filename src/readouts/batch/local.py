"""Local parallelism: worker processes, each loading the spaCy model once, fed chunks of documents
in input order with a bounded window (the corpus is streamed, never held in memory)."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from readouts.errors import ReadoutsError
from readouts.load import RawInput
from readouts.model import Extraction
from readouts.settings import DEFAULTS, Settings

_SETTINGS: Settings = DEFAULTS


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _init(settings: Settings) -> None:
    global _SETTINGS
    _SETTINGS = settings
    from readouts.pipeline import nlp

    nlp.load(settings.spacy_model)  # once per worker process


def extract_chunk(items: list[RawInput], settings: Settings | None = None) -> list[Extraction | ReadoutsError]:
    """Decode and extract a chunk of documents (in a worker); errors come back in place, typed."""
    from readouts.errors import LoadError
    from readouts.pipeline import extract_many

    settings = settings or _SETTINGS
    out: list[Extraction | ReadoutsError | None] = [None] * len(items)
    docs = []
    for i, item in enumerate(items):
        try:
            docs.append((i, item.load(settings)))
        except LoadError as exc:
            out[i] = exc
    for (i, _), ex in zip(docs, extract_many([d for _, d in docs], settings), strict=True):
        out[i] = ex
    return out  # type: ignore[return-value]


def _chunks(items: Iterable[RawInput], size: int) -> Iterator[list[RawInput]]:
    chunk: list[RawInput] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_parallel(items: Iterable[RawInput], workers: int, settings: Settings = DEFAULTS,
                     chunk_size: int = 16) -> Iterator[tuple[RawInput, Extraction | ReadoutsError]]:
    """(input, extraction or error) for every input, in input order, computed by `workers` processes."""
    window = max(2, workers * 3)
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(settings,)) as pool:
        pending: deque[tuple[list[RawInput], Future]] = deque()
        for chunk in _chunks(items, chunk_size):
            pending.append((chunk, pool.submit(extract_chunk, chunk)))
            if len(pending) >= window:
                done_chunk, fut = pending.popleft()
                yield from zip(done_chunk, fut.result(), strict=True)
        while pending:
            done_chunk, fut = pending.popleft()
            yield from zip(done_chunk, fut.result(), strict=True)
