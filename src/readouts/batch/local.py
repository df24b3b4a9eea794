"""Local parallelism: worker processes, each loading the spaCy model once, fed chunks of documents
in input order with a bounded window (the corpus is streamed, never held in memory)."""

from __future__ import annotations

import multiprocessing
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


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed (SIGKILL leaves no chance to stop the pool) exits too."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="readouts-parent-watch").start()


def _init(settings: Settings, parent: int | None = None) -> None:
    global _SETTINGS
    _SETTINGS = settings
    if parent is not None:
        _exit_with_parent(parent)
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
    # spawn, not fork: a forked copy of a process with threads (SQLAlchemy pools, spaCy, the executor's own
    # manager thread) can inherit a held lock and hang
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(settings, os.getpid()),
                             mp_context=context) as pool:
        pending: deque[tuple[list[RawInput], Future]] = deque()
        for chunk in _chunks(items, chunk_size):
            pending.append((chunk, pool.submit(extract_chunk, chunk)))
            if len(pending) >= window:
                done_chunk, fut = pending.popleft()
                yield from zip(done_chunk, fut.result(), strict=True)
        while pending:
            done_chunk, fut = pending.popleft()
            yield from zip(done_chunk, fut.result(), strict=True)
