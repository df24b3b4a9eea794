"""The library's front door: documents in, records out (used by the CLI, API and batch)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from readouts import pipeline_version
from readouts.errors import LoadError, ReadoutsError, StoreError
from readouts.load import RawInput, discover, read_input
from readouts.load.files import DOC_SUFFIXES
from readouts.model import Document, Extraction
from readouts.pipeline import extract_many
from readouts.resolve import assign_event_ids
from readouts.settings import DEFAULTS, Settings
from readouts.store import Store


@dataclass
class RunReport:
    extracted: int = 0
    failed: list[ReadoutsError] = field(default_factory=list)


def extract_stream(items: Iterable[RawInput], settings: Settings = DEFAULTS,
                   workers: int = 1) -> Iterator[tuple[RawInput, Extraction | ReadoutsError]]:
    """(input, extraction or typed error) for every raw input, in input order: in this process
    (spaCy batched with nlp.pipe) or on `workers` processes, each loading the model once."""
    if workers > 1:
        from readouts.batch.local import extract_parallel

        yield from extract_parallel(items, workers, settings)
        return
    queue: list[RawInput] = []

    def docs() -> Iterator[Document]:
        for item in items:
            try:
                doc = item.load(settings)
            except LoadError as exc:
                queue.append(item)
                failures.append((item, exc))
                continue
            queue.append(item)
            yield doc

    failures: list[tuple[RawInput, LoadError]] = []
    for ex in extract_many(docs(), settings):
        while failures and queue and queue[0] is failures[0][0]:
            yield failures.pop(0)
            queue.pop(0)
        yield queue.pop(0), ex
    while failures:
        yield failures.pop(0)


def _failer(report, on_error, on_progress) -> Callable[[ReadoutsError], None]:
    """Record a failed document in the report and tell the caller."""
    def fail(exc: ReadoutsError) -> None:
        report.failed.append(exc)
        if on_error:
            on_error(exc)
        if on_progress:
            on_progress(1)

    return fail


def _inputs(paths: Iterable[str], settings: Settings, fail: Callable[[ReadoutsError], None],
            on_warning: Callable[[str, str], None] | None) -> Iterator[RawInput]:
    for path in discover(paths):
        try:
            item = read_input(path, settings)
        except LoadError as exc:
            fail(exc)
            continue
        if on_warning:
            for w in item.warnings:
                on_warning(item.path, w)
        yield item


def extract_paths(paths: Iterable[str], settings: Settings = DEFAULTS,
                  on_error: Callable[[ReadoutsError], None] | None = None,
                  on_progress: Callable[[int], None] | None = None,
                  report: RunReport | None = None,
                  on_warning: Callable[[str, str], None] | None = None,
                  workers: int = 1) -> list[Extraction]:
    """Load and extract every document under `paths`, then give events one id across them.

    Unreadable documents are reported through `on_error` and skipped; the batch goes on.
    """
    report = report if report is not None else RunReport()

    fail = _failer(report, on_error, on_progress)

    out = []
    for _item, ex in extract_stream(_inputs(paths, settings, fail, on_warning), settings, workers):
        if isinstance(ex, ReadoutsError):
            fail(ex)
            continue
        out.append(ex)
        report.extracted += 1
        if on_progress:
            on_progress(1)
    assign_event_ids(out, settings.merge_day_window)
    return out


@dataclass
class IngestReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[ReadoutsError] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.new + self.updated

    def summary(self) -> str:
        return (f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
                f"{len(self.failed)} failed")


def ingest_paths(store: Store, paths: Iterable[str], settings: Settings = DEFAULTS,
                 on_error: Callable[[ReadoutsError], None] | None = None,
                 on_progress: Callable[[int], None] | None = None,
                 on_warning: Callable[[str, str], None] | None = None,
                 report: IngestReport | None = None, workers: int = 1) -> IngestReport:
    """Add documents to the store: unchanged ones (same bytes, sidecar and pipeline version) are
    skipped before any parsing; each new or changed one is extracted (here or on `workers`
    processes) and committed by this process in its own transaction, with cross-document
    resolution of its events."""
    report = report if report is not None else IngestReport()
    plans: dict[str, tuple[str, list[str], str]] = {}  # path -> (state, replaces, fingerprint)
    seen_ids: set[str] = set()
    version = pipeline_version()

    fail = _failer(report, on_error, on_progress)

    def changed() -> Iterator[RawInput]:
        for item in _inputs(paths, settings, fail, on_warning):
            fp = item.fingerprint(version)
            state, replaces = store.document_state(item.id, item.path, fp)
            if item.id in seen_ids:
                state = "unchanged"  # the same bytes at a second path in this run: stored once
            seen_ids.add(item.id)
            if state == "unchanged":
                report.unchanged += 1
                if on_progress:
                    on_progress(1)
                continue
            plans[item.path] = (state, replaces, fp)
            yield item

    for item, ex in extract_stream(changed(), settings, workers):
        state, replaces, fp = plans.pop(item.path)
        if isinstance(ex, ReadoutsError):
            fail(ex)
            continue
        try:
            store.save(ex, fp, replaces, version)
        except StoreError as exc:
            fail(StoreError(f"{ex.doc.path}: {exc}"))
            continue
        if state == "new":
            report.new += 1
        else:
            report.updated += 1
        if on_progress:
            on_progress(1)
    return report


def ingest_upload(store: Store, filename: str, raw: bytes, sidecar: dict | None = None,
                  settings: Settings = DEFAULTS) -> tuple[str, str | None]:
    """Ingest one uploaded document (the API's write path): returns (state, document id)."""
    kind = DOC_SUFFIXES.get(Path(filename).suffix.lower(), "text")
    item = RawInput(filename, raw, kind, dict(sidecar or {}), [])
    fp = item.fingerprint(pipeline_version())
    state, replaces = store.document_state(item.id, item.path, fp)
    if state == "unchanged":
        return state, item.id
    result = extract_one(item.load(settings), settings)
    store.save(result, fp, replaces, pipeline_version())
    return state, result.doc.id


def extract_one(doc: Document, settings: Settings = DEFAULTS) -> Extraction:
    """One loaded document through the pipeline; a stage that fails raises its ParseError."""
    result = next(extract_many([doc], settings))
    if isinstance(result, ReadoutsError):
        raise result
    return result
