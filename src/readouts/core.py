"""The library's front door: documents in, records out (used by the CLI, API and batch)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from readouts.errors import LoadError, ParseError, ReadoutsError
from readouts.load import iter_documents
from readouts.model import Document, Extraction
from readouts.pipeline import extract_many
from readouts.resolve import assign_event_ids
from readouts.settings import DEFAULTS, Settings


@dataclass
class RunReport:
    extracted: int = 0
    failed: list[ReadoutsError] = field(default_factory=list)


def extract_paths(paths: Iterable[str], settings: Settings = DEFAULTS,
                  on_error: Callable[[ReadoutsError], None] | None = None,
                  on_progress: Callable[[int], None] | None = None,
                  report: RunReport | None = None,
                  on_warning: Callable[[str, str], None] | None = None) -> list[Extraction]:
    """Load and extract every document under `paths`, then give events one id across them.

    Unreadable documents are reported through `on_error` and skipped; the batch goes on.
    """
    report = report if report is not None else RunReport()

    def docs() -> Iterator[Document]:
        for item in iter_documents(paths, settings):
            if isinstance(item, LoadError):
                report.failed.append(item)
                if on_error:
                    on_error(item)
                if on_progress:
                    on_progress(1)
                continue
            if on_warning:
                for w in item.warnings:
                    on_warning(item.path, w)
            yield item

    out = []
    for ex in extract_many(docs(), settings):
        if isinstance(ex, ParseError):
            report.failed.append(ex)
            if on_error:
                on_error(ex)
            if on_progress:
                on_progress(1)
            continue
        out.append(ex)
        report.extracted += 1
        if on_progress:
            on_progress(1)
    assign_event_ids(out, settings.merge_day_window)
    return out
