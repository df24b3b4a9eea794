"""The command line: each command parses its options, makes one library call and prints.

Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from readouts import __version__
from readouts.errors import LoadError, ReadoutsError
from readouts.settings import from_env, with_options

app = typer.Typer(
    name="readouts",
    help="Turn diplomatic and defense texts (readouts, joint statements, transcripts, news) into a sourced record.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _err(msg: str) -> None:
    typer.echo(f"readouts: {msg}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"readouts {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """readouts: who met whom, when, where; who said what; on which topics; sourced to the character."""


FORMATS = ("jsonl", "json", "table")


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt .md .html), folders (recursive), or - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl (one record per document), json, or table.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop with exit code 1 at the first unreadable document.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary on stderr.")] = False,
    batch_size: Annotated[int | None, typer.Option("--batch-size", help="Texts per spaCy batch.")] = None,
) -> None:
    """Extract persons, events, quotes, turns, topics and statements from documents.

    Writes one JSON record per input document, in input order (the contract in
    extraction-format.md). Unreadable documents get one line on stderr and the
    batch goes on; the exit code is 0 when at least one document was extracted.

    Example: readouts extract ../shared/corpus/dev --format jsonl > out.jsonl
    """
    from readouts.core import RunReport, extract_paths
    from readouts.load import discover

    if fmt not in FORMATS:
        _err(f"unknown --format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        raise typer.Exit(2)
    settings = with_options(from_env(), batch_size=batch_size)
    report = RunReport()

    def on_error(exc: ReadoutsError) -> None:
        _err(f"skipped {exc.path}: {exc.reason}" if isinstance(exc, LoadError) else f"skipped {exc}")
        if strict:
            raise typer.Exit(1)

    def on_warning(path: str, message: str) -> None:
        if not quiet:
            _err(f"warning: {path}: {message}")

    total = len(discover(paths))
    show_bar = not quiet and sys.stderr.isatty() and total > settings.progress_min_docs
    try:
        if show_bar:
            from rich.progress import Progress

            with Progress(transient=True, console=_stderr_console()) as progress:
                task = progress.add_task("extracting", total=total)
                records = extract_paths(paths, settings, on_error, lambda n: progress.advance(task, n), report,
                                        on_warning)
        else:
            records = extract_paths(paths, settings, on_error, None, report, on_warning)
    except ReadoutsError as exc:
        _err(str(exc))
        raise typer.Exit(1) from None
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == "jsonl":
            for ex in records:
                out.write(json.dumps(ex.to_record(), ensure_ascii=False) + "\n")
        elif fmt == "json":
            json.dump([ex.to_record() for ex in records], out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            _table(records, out)
    finally:
        if output:
            out.close()
    if not quiet and (report.failed or total > 1):
        _err(f"{report.extracted} extracted, {len(report.failed)} failed")
    if report.extracted == 0:
        raise typer.Exit(1)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _table(records, out) -> None:
    for ex in records:
        d = ex.doc
        out.write(f"{d.path}  [{d.doc_type}]  {d.published or '-'}  {d.title or ''}\n")
        for p in ex.persons:
            out.write(f"  person   {p.name}  ({p.title or '-'}, {p.country or '-'})  x{len(p.mentions)}\n")
        for e in ex.events:
            where = e.place or e.country or "-"
            out.write(f"  event    {e.kind}/{e.status} {e.date or '?'} {where} {e.format or '-'}: "
                      f"{', '.join(e.participants)}\n")
        for q in ex.quotes:
            out.write(f"  quote    {q.speaker}: \u201c{q.text[:70]}{'...' if len(q.text) > 70 else ''}\u201d\n")
        for t in ex.turns:
            out.write(f"  turn     {t.speaker}{' (interpreted)' if t.interpreted else ''} [{t.role}]\n")
        if ex.topics:
            out.write(f"  topics   {', '.join(ex.topics)}\n")


@app.command()
def show(
    path: Annotated[str, typer.Argument(help="One document file.")],
    text: Annotated[bool, typer.Option("--text", help="Print the text that offsets point into (cleaned text for HTML).")] = False,
) -> None:
    """Show one document: its text as readouts sees it, or its metadata.

    Example: readouts show page.html --text
    """
    from readouts.load import load_path

    try:
        doc = load_path(path, from_env())
    except ReadoutsError as exc:
        _err(str(exc))
        raise typer.Exit(1) from None
    if text:
        sys.stdout.write(doc.text)
        return
    typer.echo(json.dumps({"id": doc.id, "path": doc.path, "title": doc.title, "published": doc.published,
                           "publisher": doc.publisher, "url": doc.url, "format": doc.source_format,
                           "chars": len(doc.text)}, indent=1))


def main() -> None:
    try:
        app()
    except ReadoutsError as exc:
        _err(str(exc))
        sys.exit(1)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
