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
from readouts.model import TOPICS as TOPIC_TAGS
from readouts.settings import from_env, with_options

app = typer.Typer(
    name="readouts",
    help="Turn diplomatic and defense texts (readouts, joint statements, transcripts, news) into a sourced record.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
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
WorkersOption = Annotated[int, typer.Option("--workers", "-w", help="Worker processes, each loading the model once "
                                            "(default: one per core when there are more than 50 documents).")]
AUTO_WORKERS_MIN_DOCS = 50


def _workers(asked: int, total: int) -> int:
    from readouts.batch.local import default_workers

    if asked > 0:
        return asked
    return default_workers() if total > AUTO_WORKERS_MIN_DOCS else 1


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt .md .html), folders (recursive), or - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl (one record per document), json, or table.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop with exit code 1 at the first unreadable document.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary on stderr.")] = False,
    batch_size: Annotated[int | None, typer.Option("--batch-size", help="Texts per spaCy batch.")] = None,
    workers: WorkersOption = 0,
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
                                        on_warning, _workers(workers, total))
        else:
            records = extract_paths(paths, settings, on_error, None, report, on_warning, _workers(workers, total))
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


DbOption = Annotated[str | None, typer.Option("--db", help="Store: a SQLite file path or a postgresql:// URL "
                                                   "(default: $READOUTS_DB or ./readouts.db).")]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, json, jsonl or csv.")]


def _store(db: str | None):
    from readouts.store import open_store

    try:
        return open_store(db)
    except ReadoutsError as exc:
        _err(str(exc))
        raise typer.Exit(1) from None


def _check_format(fmt: str, allowed=("table", "json", "jsonl", "csv")) -> None:
    if fmt not in allowed:
        _err(f"unknown --format {fmt!r}; choose one of: {', '.join(allowed)}")
        raise typer.Exit(2)


def _emit(rows, fmt: str, columns=None) -> None:
    from readouts.output import write

    write(rows, fmt, sys.stdout, columns)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt .md .html), folders (recursive) or http(s) "
                                                "addresses of pages to fetch.")],
    db: DbOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit with code 1 if any document failed.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    workers: WorkersOption = 0,
    dask: Annotated[str | None, typer.Option("--dask", help="Run on a Dask cluster: a scheduler address "
                                             "(tcp://host:8786) or `local` for one on this machine.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="With --dask: write a Parquet dataset (partitioned by "
                                             "month) instead of a store; load it later with `readouts load`.")] = None,
) -> None:
    """Add documents to the store, incrementally: unchanged documents are skipped, changed ones replaced.

    Each document is committed in its own transaction with its events resolved against
    the store, so an interrupted ingest loses nothing and the next run finishes the rest.

    An http(s) address is fetched (time-outs, retries, robots.txt, a size limit), its main text
    extracted from the HTML, and the raw page kept beside it with its address, fetch time and
    HTTP status; a page that nearly repeats a stored document only adds its address to it.

    Example: readouts ingest ../shared/corpus/dev --db readouts.db

    Example: readouts ingest https://www.defense.gov/News/Releases/Release/Article/1234567/
    """
    from readouts.core import IngestReport, ingest_paths
    from readouts.load import discover

    urls = [p for p in paths if p.lower().startswith(("http://", "https://"))]
    if urls:
        if dask or out:
            _err("--dask and --out take files and folders, not web addresses")
            raise typer.Exit(2)
        failed = _ingest_urls(urls, db, quiet)
        paths = [p for p in paths if p not in urls]
        if not paths:
            if failed and (strict or failed == len(urls)):
                raise typer.Exit(1)
            return
    if dask:
        _ingest_dask(paths, dask, db, out, quiet)
        return
    if out:
        _err("--out goes with --dask (a Parquet dataset written by the cluster)")
        raise typer.Exit(2)
    store = _store(db)
    settings = from_env()
    report = IngestReport()

    def on_error(exc: ReadoutsError) -> None:
        _err(f"failed {exc.path}: {exc.reason}" if isinstance(exc, LoadError) else f"failed {exc}")

    def on_warning(path: str, message: str) -> None:
        if not quiet:
            _err(f"warning: {path}: {message}")

    total = len(discover(paths))
    show_bar = not quiet and sys.stderr.isatty() and total > settings.progress_min_docs
    try:
        if show_bar:
            from rich.progress import Progress

            with Progress(transient=True, console=_stderr_console()) as progress:
                task = progress.add_task("ingesting", total=total)
                ingest_paths(store, paths, settings, on_error, lambda n: progress.advance(task, n), on_warning, report,
                             _workers(workers, total))
        else:
            ingest_paths(store, paths, settings, on_error, None, on_warning, report, _workers(workers, total))
    except ReadoutsError as exc:
        _err(str(exc))
        raise typer.Exit(1) from None
    if not quiet:
        _err(report.summary())
    if report.failed and (strict or report.processed + report.unchanged == 0):
        raise typer.Exit(1)


def _ingest_urls(urls: list[str], db: str | None, quiet: bool) -> int:
    """Fetch and store pages; print one line per page; return how many failed."""
    from readouts.watch import ingest_urls

    store = _store(db)
    failed = 0

    def on_result(res) -> None:
        nonlocal failed
        if res.outcome in ("error", "robots"):
            failed += 1
            _err(f"failed {res.url}: {res.reason}")
        elif not quiet:
            extra = f" of {res.doc_id} (similarity {res.similarity:.2f})" if res.outcome == "duplicate" else \
                (f" -> {res.doc_id}" if res.doc_id else "")
            _err(f"{res.outcome} {res.url}{extra}")

    try:
        ingest_urls(store, urls, settings=from_env(), on_result=on_result)
    except ReadoutsError as exc:
        _err(str(exc))
        raise typer.Exit(1) from None
    return failed


@app.command()
def watch(
    sources: Annotated[Path, typer.Argument(help="A sources file (YAML): feeds, listing pages and pages to follow; "
                                            "see sources.example.yaml.")],
    db: DbOption = None,
    once: Annotated[bool, typer.Option("--once", help="One pass over the sources, then exit (for cron).")] = False,
    interval: Annotated[float | None, typer.Option("--interval", help="Seconds between passes (default: the "
                                                   "sources file's, 3600).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only failures and the pass summary.")] = False,
) -> None:
    """Follow feeds and listing pages: fetch and ingest every new item, pass after pass.

    Feeds and listings are asked "modified since?" (ETag / If-Modified-Since), so an unchanged
    source costs one 304; robots.txt is honoured and each host is given a pause between requests.
    Every request and every failure goes to the store's fetch log (`readouts sources status`);
    a failing source never stops the others. Stop the loop with Ctrl-C.

    Example: readouts watch sources.yaml --once --db readouts.db
    """
    import dataclasses

    from readouts.fetch.sources import load_sources
    from readouts.watch import watch as run_watch

    try:
        srcs = load_sources(sources)
    except ReadoutsError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    if interval is not None:
        if interval <= 0:
            _err("--interval must be a positive number of seconds")
            raise typer.Exit(2)
        srcs = [dataclasses.replace(s, interval=interval) for s in srcs]
    store = _store(db)

    def on_result(src, res) -> None:
        if res.outcome in ("error", "robots"):
            _err(f"{src.name}: failed {res.url}: {res.reason}")
        elif not quiet and res.outcome not in ("not_modified",):
            _err(f"{src.name}: {res.outcome} {res.url}")

    def on_pass(n: int, report) -> None:
        _err(f"pass {n}: {report.summary()}")

    try:
        run_watch(store, srcs, from_env(), passes=1 if once else None, on_pass=on_pass, on_result=on_result)
    except KeyboardInterrupt:
        _err("stopped")
    except ReadoutsError as exc:
        _err(str(exc))
        raise typer.Exit(1) from None


@app.command()
def reextract(
    db: DbOption = None,
    everything: Annotated[bool, typer.Option("--all", help="Every fetched page, not only those made by "
                                             "another pipeline version.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only failures and the summary.")] = False,
) -> None:
    """Extract fetched pages again from the raw HTML kept in the store, without fetching them.

    Run it after upgrading readouts: pages stored by an older pipeline get new records and
    their events are resolved again. Files are re-extracted by `readouts ingest` of their folder.

    Example: readouts reextract --db readouts.db
    """
    from readouts.watch import reextract as run

    store = _store(db)

    def on_progress(res) -> None:
        if res.outcome == "error":
            _err(f"failed {res.url}: {res.reason}")
        elif not quiet:
            _err(f"{res.outcome} {res.url}")

    results = run(store, from_env(), everything, on_progress)
    failed = sum(r.outcome == "error" for r in results)
    _err(f"{len(results) - failed} re-extracted, {failed} failed")
    if failed:
        raise typer.Exit(1)


sources_app = typer.Typer(help="The sources followed by `readouts watch`: their state and failures.",
                          no_args_is_help=True)
app.add_typer(sources_app, name="sources")


@sources_app.command("status")
def sources_status(
    sources: Annotated[Path | None, typer.Argument(help="A sources file, to list sources not fetched yet too.")] = None,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, jsonl or csv.")] = "table",
    failures: Annotated[int, typer.Option("--failures", help="Also list this many of the latest failed "
                                          "requests, with their reasons.")] = 10,
) -> None:
    """Per source: last check, its outcome, documents stored, failures; then the latest failures.

    Example: readouts sources status sources.yaml
    """
    from readouts.fetch.sources import load_sources
    from readouts.store import queries

    _check_format(fmt)
    names = []
    if sources is not None:
        try:
            names = [s.name for s in load_sources(sources)]
        except ReadoutsError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None
    with _store(db).connect() as conn:
        rows = queries.sources_status(conn, names)
        fails = queries.fetch_failures(conn, failures) if failures > 0 else []
    _emit(rows, fmt, ["source", "last_check", "last_outcome", "documents", "requests", "failed", "last_failure"])
    if fails and fmt == "table":
        typer.echo("\nlatest failures:")
        _emit(fails, fmt, ["at", "source", "url", "status", "reason"])


def _ingest_dask(paths: list[str], scheduler: str, db: str | None, out: Path | None, quiet: bool) -> None:
    from readouts.batch.dask import ingest_dask
    from readouts.store.engine import resolve_url

    try:
        report = ingest_dask(paths, scheduler, None if out else resolve_url(db), str(out) if out else None,
                             from_env())
    except ReadoutsError as exc:
        _err(str(exc))
        raise typer.Exit(1) from None
    for reason in report.failed:
        _err(f"failed {reason}")
    if not quiet:
        _err(report.summary())


@app.command()
def load(
    dataset: Annotated[Path, typer.Argument(help="A Parquet dataset written by `readouts ingest --dask ... --out`.")],
    db: DbOption = None,
) -> None:
    """Put a Parquet dataset of extraction records into the store, then resolve events across it.

    Example: readouts load archive.parquet --db postgresql://localhost/readouts
    """
    from readouts.batch.dask import load_parquet

    try:
        report = load_parquet(str(dataset), db)
    except ReadoutsError as exc:
        _err(str(exc))
        raise typer.Exit(1) from None
    _err(report.summary())


@app.command()
def events(
    person: Annotated[str | None, typer.Option("--person", help="Only events with this participant.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="ISO code: held there or with its officials.")] = None,
    topic: Annotated[str | None, typer.Option("--topic", help="Only events whose sources discuss this topic tag.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Up to this date.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="meeting, call or press_conference.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many events.")] = None,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """The timeline: engagements in date order, each once however many documents tell it.

    Example: readouts events --person Kishi --since 2022 --format table
    """
    from readouts.store import queries

    _check_format(fmt)
    with _store(db).connect() as conn:
        rows = queries.timeline(conn, person, country, topic, since, until, kind, limit)
    _emit(rows, fmt, ["event_id", "date", "kind", "status", "place", "country", "format", "participants", "n_sources"])


def _one_event(db: str | None, event_id: str, fmt: str, query):
    """One event's data for a table (returned), or printed as JSON (None); exit 1 if unknown."""
    _check_format(fmt, ("table", "json", "jsonl"))
    with _store(db).connect() as conn:
        found = query(conn, event_id)
    if found is None:
        _err(f"no event {event_id!r}; list them with: readouts events")
        raise typer.Exit(1)
    if fmt != "table":
        _emit([found], "jsonl" if fmt == "jsonl" else "json")
        return None
    return found


@app.command("event")
def event_cmd(
    event_id: Annotated[str, typer.Argument(help="An event id from `readouts events`.")],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """One event: who, when, where, its sources, and which source supports which detail.

    Example: readouts event ev-3d8e385aca95
    """
    from readouts.store import queries

    ev = _one_event(db, event_id, fmt, queries.event)
    if ev is None:
        return
    out = sys.stdout
    out.write(f"{ev['event_id']}  {ev['kind']} ({ev['status']})  {ev['date'] or 'date unknown'}\n")
    out.write(f"  where:        {ev['place'] or '-'} ({ev['country'] or '-'}), {ev['format'] or '-'}\n")
    out.write(f"  participants: {', '.join(ev['participants']) or '-'}\n")
    out.write(f"  sources:      {ev['n_sources']}\n")
    for src in ev["sources"]:
        d = src["document"]
        out.write(f"    [{src['doc_id']}] {d.get('published') or '-'} {d.get('title') or d.get('path')}\n")
        out.write(f"        says: {src['kind']}/{src['status']} {src['date'] or '?'} {src['place'] or '-'}"
                  f" {src['format'] or '-'}: {', '.join(src['participants'])}\n")
    out.write("  support:\n")
    for field, values in ev["support"].items():
        for v in values:
            out.write(f"    {field:<13}{v['value']!s:<32} {', '.join(v['documents'])}\n")
    for field, values in ev["conflicts"].items():
        told = "; ".join(f"{v['value']} ({', '.join(v['documents'])})" for v in values)
        out.write(f"  ! sources disagree on {field}: {told}\n")


@app.command("persons")
def persons_cmd(
    country: Annotated[str | None, typer.Option("--country", help="Only persons serving this government (ISO code).")] = None,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Everyone named in the store, one row per real person, with the documents naming them.

    Example: readouts persons --country JP
    """
    from readouts.store import queries

    _check_format(fmt)
    with _store(db).connect() as conn:
        rows = queries.persons(conn, country)
    _emit(rows, fmt, ["name", "title", "country", "documents", "aliases"])


@app.command("person")
def person_cmd(
    name: Annotated[str, typer.Argument(help="A name as written anywhere (\"Kishi\", \"KISHI Nobuo\").")],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """One person: offices, events attended, co-participants and quotes.

    Example: readouts person Hayashi
    """
    from readouts.store import queries

    _check_format(fmt, ("table", "json", "jsonl"))
    with _store(db).connect() as conn:
        found = queries.person(conn, name)
    if not found:
        _err(f"nobody named {name!r} in the store; list persons with: readouts persons")
        raise typer.Exit(1)
    if fmt != "table":
        _emit(found, "jsonl" if fmt == "jsonl" else "json")
        return
    out = sys.stdout
    for p in found:
        out.write(f"{p['name']}  ({p['country'] or '-'})  {len(p['documents'])} documents\n")
        out.write(f"  also written: {', '.join(a for a in p['aliases'] if a != p['name']) or '-'}\n")
        for o in p["offices"]:
            out.write(f"  office: {o['title']} ({o.get('country') or '-'})\n")
        for e in p["events"]:
            out.write(f"  event:  {e['date'] or '?':<10} {e['kind']:<16} {e['place'] or '-':<20} "
                      f"{', '.join(x for x in e['participants'] if x != p['name'])}  [{e['event_id']}]\n")
        for c in p["co_participants"][:8]:
            out.write(f"  met:    {c['name']} ({c['events']})\n")
        for q in p["quotes"]:
            out.write(f"  quote:  {q['published'] or '-'} \u201c{q['text'][:100]}\u201d\n")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words or \"a phrase\" to find in documents and quotes.")],
    limit: Annotated[int, typer.Option("--limit", help="At most this many hits of each kind.")] = 20,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Full-text search over documents and quotes, with the matches [bracketed] in snippets.

    Example: readouts search "extended deterrence"
    """
    from readouts.store import queries

    _check_format(fmt)
    with _store(db).connect() as conn:
        rows = queries.search(conn, query, limit)
    _emit(rows, fmt, ["kind", "published", "title", "speaker", "snippet", "doc_id"])


@app.command()
def compare(
    event_id: Annotated[str, typer.Argument(help="An event told by several documents.")],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """The sources of one event side by side: what only one of them says, and where they differ.

    Example: readouts compare ev-3d8e385aca95
    """
    from readouts.store import queries

    cmp = _one_event(db, event_id, fmt, queries.compare)
    if cmp is None:
        return
    out = sys.stdout
    ev = cmp["event"]
    out.write(f"{ev['event_id']}  {ev['kind']} {ev['date'] or '?'}  {', '.join(ev['participants'])}\n")
    for doc_id, items in cmp["sources"].items():
        d = items["document"]
        only = cmp["only"][doc_id]
        out.write(f"\n[{doc_id}] {d.get('publisher') or '-'} | {d.get('title') or d.get('path')}\n")
        out.write(f"  topics:      {', '.join(items['topics']) or '-'}\n")
        out.write(f"  only here:   topics {', '.join(only['topics']) or '-'}\n")
        for q in only["quotes"]:
            out.write(f"  only here:   {q['speaker']}: \u201c{q['text'][:100]}\u201d\n")
        for st in only["statements"]:
            out.write(f"  only here:   [{st['act']} {'/'.join(st['topics'])}] {st['text'][:110]}\n")
    for field, values in cmp["differences"].items():
        told = "; ".join(f"{v['value']} ({', '.join(v['documents'])})" for v in values)
        out.write(f"\n! differ on {field}: {told}\n")


@app.command()
def track(
    topic: Annotated[str, typer.Argument(help="A topic tag: " + ", ".join(TOPIC_TAGS) + ".")],
    actor: Annotated[str | None, typer.Option("--actor", help="Only statements by this actor (name or ISO code).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only documents published from this date.")] = None,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or jsonl.")] = "table",
) -> None:
    """The topic tracker: every statement on one topic across the store, in date order, verbatim,
    with its actor, act and source; then how the wording moved (key phrases, first and last seen).

    Example: readouts track senkaku --since 2021
    """
    from readouts.store import queries

    if topic not in TOPIC_TAGS:
        _err(f"unknown topic {topic!r}; choose one of: {', '.join(TOPIC_TAGS)}")
        raise typer.Exit(2)
    _check_format(fmt, ("table", "json", "jsonl"))
    with _store(db).connect() as conn:
        result = queries.track(conn, topic, actor, since)
    if fmt != "table":
        _emit([result] if fmt == "json" else result["statements"], fmt)
        return
    out = sys.stdout
    for it in result["statements"]:
        who = f"{it['actor']} [{it['act']}]" if it["act"] else "(text)"
        when = (it["published"] or "undated") + ("*" if it.get("dated_by_event") else "")
        out.write(f"{when:<11} {who}\n    \u201c{' '.join(it['text'].split())}\u201d\n"
                  f"    source: {it['title'] or it['doc_id']} [{it['doc_id']}]\n")
    if any(it.get("dated_by_event") for it in result["statements"]):
        out.write("\n* undated document, placed at the date of the event it tells\n")
    if result["wording"]:
        out.write("\nwording over time:\n")
        for g in result["wording"]:
            out.write(f"  {g['phrase']:<45} x{g['count']:<3} {g['first']} .. {g['last']}\n")


@app.command()
def export(
    what: Annotated[str, typer.Argument(help="records, events, persons, quotes, turns, topics, statements, documents, "
                                             "or plover (PLOVER-style event records).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (required for parquet).")] = None,
    db: DbOption = None,
) -> None:
    """Export the store: `records` are the extraction records with the store's event ids.

    Example: readouts export events --format csv -o events.csv
    """
    from readouts.export import export as do_export

    _check_format(fmt, ("jsonl", "csv", "parquet", "json"))
    store = _store(db)
    try:
        n = do_export(store, what, fmt, output)
    except ReadoutsError as exc:
        _err(str(exc))
        raise typer.Exit(1) from None
    if output:
        _err(f"{n} {what} written to {output}")


@app.command()
def stats(db: DbOption = None, fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table") -> None:
    """Counts of what the store holds.

    Example: readouts stats --db readouts.db
    """
    from readouts.store import queries

    with _store(db).connect() as conn:
        st = queries.stats(conn)
    if fmt == "json":
        _emit([st], "json")
        return
    for k, v in st.items():
        sys.stdout.write(f"{k:<28}{v}\n")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind; loopback unless you mean to share it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
) -> None:
    """Serve the web UI and the JSON API (OpenAPI at /docs) over the store.

    Read-only unless READOUTS_TOKEN is set, which enables POST /api/documents with
    `Authorization: Bearer TOKEN`.

    Example: readouts serve --db readouts.db --port 8000
    """
    import uvicorn

    from readouts.api import create_app

    try:
        application = create_app(db)
    except ReadoutsError as exc:
        _err(str(exc))
        raise typer.Exit(1) from None
    _err(f"serving {application.state.store.url} on http://{host}:{port}/ (API docs at /docs)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


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
