"""Documents from the web: ``readouts ingest URL`` and ``readouts watch SOURCES.yaml``.

A page is fetched politely (``readouts.fetch.http``), its raw HTML kept in the store beside the
clean text, its address, fetch time and HTTP status recorded; a page whose text nearly repeats a
stored document (a mirror, a re-publication under a new footer) is not stored again, its address
is added to that document. A watched feed or listing page is requested with the validators of the
last pass, so an unchanged source costs one 304. Every request, and why it failed, goes to the
store's fetch log; a failing source never stops the others.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from readouts import pipeline_version
from readouts.core import extract_one
from readouts.errors import LoadError, ParseError, ReadoutsError, StoreError
from readouts.fetch.feeds import Item, parse_feed, parse_listing
from readouts.fetch.http import ERROR, NOT_MODIFIED, OK, Fetched, Fetcher, Policy, robots_url
from readouts.fetch.sources import Source
from readouts.load.files import RawInput
from readouts.settings import DEFAULTS, Settings
from readouts.store import Store, queries

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain", "text/markdown")


@dataclass
class PageResult:
    url: str
    outcome: str  # new | updated | unchanged | duplicate | not_modified | error | robots
    doc_id: str | None = None
    status: int | None = None
    reason: str | None = None
    similarity: float | None = None
    transient: bool = False  # failed for a reason another try may not meet (time-out, 5xx, connection)


@dataclass
class PassReport:
    """What one pass did: per outcome counts, requests and bytes over the wire, time taken."""

    outcomes: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    conditional: int = 0
    bytes: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (source, url, reason)

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def summary(self) -> str:
        parts = [f"{n} {k}" for k, n in sorted(self.outcomes.items())] or ["nothing to do"]
        return (f"{', '.join(parts)}; {self.requests} requests ({self.conditional} conditional), "
                f"{self.bytes:,} bytes, {self.seconds:.1f} s")


# --- one page ----------------------------------------------------------------------------------------------------

def ingest_fetched(store: Store, got: Fetched, source: str | None = None, hints: dict[str, Any] | None = None,
                   settings: Settings = DEFAULTS) -> PageResult:
    """Store a fetched page (or note where it was seen again); never raises for a bad page."""
    url = got.url
    if got.outcome != OK:
        return PageResult(url, got.outcome, status=got.status, reason=got.reason, transient=got.transient)
    ctype = got.content_type.split(";")[0].strip().lower()
    if ctype in _HTML_TYPES:
        kind = "html"
    elif ctype in _TEXT_TYPES or not ctype:
        kind = "markdown" if ctype == "text/markdown" else "text"
    else:
        return PageResult(url, ERROR, status=got.status, reason=f"not an HTML page ({ctype})")
    sidecar = {k: v for k, v in (hints or {}).items() if v}
    sidecar["url"] = url
    item = RawInput(url, _as_declared(got.body, got.content_type, kind), kind, sidecar, [])
    version = pipeline_version()
    fp = item.fingerprint(version)
    try:
        state, replaces = store.document_state(item.id, url, fp)
        if state == "unchanged":
            seen_here = bool(store.known_urls([url]))
            store.record_url(url, item.id, "fetched" if seen_here else "same-bytes", got.status, source)
            return PageResult(url, "unchanged", item.id, got.status)
        doc = item.load(settings)
        _fill_from_page(doc)
        dupes = store.near_duplicates(doc.text, exclude=set(replaces))
        if dupes:
            other, sim = dupes[0]
            store.record_url(url, other, "near-duplicate", got.status, source, similarity=round(sim, 3))
            return PageResult(url, "duplicate", other, got.status, similarity=sim)
        store.save(extract_one(doc, settings), fp, replaces, version)
        store.record_url(url, doc.id, "fetched", got.status, source)
    except (LoadError, ParseError) as exc:
        return PageResult(url, ERROR, status=got.status, reason=getattr(exc, "reason", None) or str(exc))
    return PageResult(url, state, doc.id, got.status)


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def _as_declared(body: bytes, content_type: str, kind: str) -> bytes:
    """The page in UTF-8 when it declares another encoding (HTTP header, or <meta charset> in an HTML
    page) that decodes it; otherwise as it came (the loader detects the encoding)."""
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    name = m.group(1) if m else None
    if name is None and kind == "html":
        meta = _CHARSET.search(body[:4096])
        name = meta.group(1).decode("ascii", "replace") if meta else None
    if not name:
        return body
    try:
        codec = codecs.lookup(name).name
        if codec in ("utf-8", "ascii"):
            return body
        return body.decode(codec).encode("utf-8")
    except (LookupError, UnicodeError):
        return body


def _fill_from_page(doc) -> None:
    """Title, date and publisher from the page's own metadata where the feed and sidecar gave none."""
    page = doc.meta.get("page") or {}
    if not doc.title and page.get("title"):
        doc.title = page["title"]
    if not doc.published and isinstance(page.get("date"), str) and len(page["date"]) >= 10:
        doc.published = page["date"][:10]
    if not doc.publisher and page.get("sitename"):
        doc.publisher = page["sitename"]


def fetch_and_ingest(store: Store, fetcher: Fetcher, url: str, source: str | None = None,
                     hints: dict[str, Any] | None = None, settings: Settings = DEFAULTS) -> PageResult:
    got = fetcher.get(url)
    try:
        res = ingest_fetched(store, got, source, hints, settings)
    except StoreError as exc:
        res = PageResult(url, ERROR, status=got.status, reason=str(exc), transient=True)
    _log(store, source, url, "page", res.outcome, got, res.reason, res.doc_id)
    return res


def ingest_urls(store: Store, urls: Iterable[str], policy: Policy | None = None, settings: Settings = DEFAULTS,
                on_result: Callable[[PageResult], None] | None = None,
                fetcher: Fetcher | None = None) -> list[PageResult]:
    """``readouts ingest URL...``: fetch each page and store it."""
    urls = list(urls)
    out = []
    own = fetcher is None
    fetcher = fetcher or Fetcher(policy)
    _load_robots(store, fetcher, urls)
    try:
        for url in urls:
            res = fetch_and_ingest(store, fetcher, url, settings=settings)
            out.append(res)
            if on_result:
                on_result(res)
    finally:
        _save_robots(store, fetcher)
        if own:
            fetcher.close()
    return out


# --- watched sources ---------------------------------------------------------------------------------------------

def watch_once(store: Store, sources: list[Source], settings: Settings = DEFAULTS,
               fetcher: Fetcher | None = None,
               on_result: Callable[[Source, PageResult], None] | None = None) -> PassReport:
    """One pass over every source; returns what it did."""
    started = time.perf_counter()
    report = PassReport()
    own = fetcher is None
    if fetcher is None:
        first = sources[0] if sources else Source("", "page", "http://localhost/")
        fetcher = Fetcher(Policy(timeout=first.timeout, host_interval=first.host_interval))
    _load_robots(store, fetcher, [s.url for s in sources])
    requests0, bytes0, conditional0 = fetcher.requests, fetcher.bytes, fetcher.conditional
    try:
        for src in sources:
            fetcher.policy.timeout, fetcher.policy.host_interval = src.timeout, src.host_interval
            for res in _guarded(store, fetcher, src, settings):
                report.count(res.outcome)
                if res.outcome in (ERROR, "robots"):
                    report.errors.append((src.name, res.url, res.reason or res.outcome))
                if on_result:
                    on_result(src, res)
    finally:
        _save_robots(store, fetcher)
        report.requests = fetcher.requests - requests0
        report.bytes = fetcher.bytes - bytes0
        report.conditional = fetcher.conditional - conditional0
        if own:
            fetcher.close()
    report.seconds = time.perf_counter() - started
    return report


def _guarded(store: Store, fetcher: Fetcher, src: Source, settings: Settings):
    """One source's results; whatever goes wrong with it ends that source, not the pass."""
    try:
        yield from _watch_source(store, fetcher, src, settings)
    except Exception as exc:  # noqa: BLE001 - a failing source must never stop the others
        reason = f"{type(exc).__name__}: {exc}"[:500]
        with contextlib.suppress(Exception):
            store.log_fetch(source=src.name, url=src.url, kind=src.kind, outcome=ERROR, reason=reason)
        yield PageResult(src.url, ERROR, reason=reason, transient=True)


def _watch_source(store: Store, fetcher: Fetcher, src: Source, settings: Settings):
    etag, modified, _ = store.validators(src.url)
    got = fetcher.get(src.url, etag, modified)
    if src.kind == "page":
        if got.outcome == NOT_MODIFIED:
            _log(store, src.name, src.url, "page", NOT_MODIFIED, got)
            yield PageResult(src.url, NOT_MODIFIED, status=got.status)
            return
        try:
            res = ingest_fetched(store, got, src.name, {"publisher": src.publisher}, settings)
        except StoreError as exc:
            res = PageResult(src.url, ERROR, status=got.status, reason=str(exc), transient=True)
        _log(store, src.name, src.url, "page", res.outcome, got, res.reason, res.doc_id)
        if res.outcome != ERROR and got.ok:
            store.save_validators(src.url, got.etag, got.last_modified)
        yield res
        return
    if got.outcome == NOT_MODIFIED:
        _log(store, src.name, src.url, src.kind, NOT_MODIFIED, got)
        yield PageResult(src.url, NOT_MODIFIED, status=got.status)
        return
    if not got.ok:
        _log(store, src.name, src.url, src.kind, got.outcome, got, got.reason)
        yield PageResult(src.url, got.outcome, status=got.status, reason=got.reason)
        return
    try:
        items = (parse_feed(got.body, got.final_url) if src.kind == "feed"
                 else parse_listing(got.body, got.final_url, src.link_pattern, src.other_hosts))
    except ParseError as exc:
        _log(store, src.name, src.url, src.kind, ERROR, got, str(exc))
        yield PageResult(src.url, ERROR, status=got.status, reason=str(exc))
        return
    _log(store, src.name, src.url, src.kind, "listed", got, f"{len(items)} items")
    urls = [i.url for i in items]
    # stored already, or failed lately for good (a 404, not a page...): not asked again, nor counted
    skip = store.known_urls(urls) | store.failed_for_good(urls)
    pending = [i for i in items if i.url not in skip]
    todo = pending[:src.max_items]
    retry_later = False
    for item in todo:
        res = fetch_and_ingest(store, fetcher, item.url, src.name, _hints(item, src), settings)
        if res.outcome == ERROR and res.transient:
            retry_later = True
        yield res
    if not retry_later and len(todo) == len(pending):
        # everything listed is stored or failed for good: the next pass may ask "modified since?"
        store.save_validators(src.url, got.etag, got.last_modified)


def _hints(item: Item, src: Source) -> dict[str, Any]:
    return {"title": item.title, "published": item.published, "publisher": src.publisher}


def watch(store: Store, sources: list[Source], settings: Settings = DEFAULTS, passes: int | None = None,
          on_pass: Callable[[int, PassReport], None] | None = None,
          on_result: Callable[[Source, PageResult], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """Passes over the sources, ``interval`` seconds apart (the smallest of the sources'), forever or
    ``passes`` times."""
    interval = min(s.interval for s in sources)
    n = 0
    while passes is None or n < passes:
        started = time.monotonic()
        try:
            report = watch_once(store, sources, settings, on_result=on_result)
        except ReadoutsError as exc:  # the store itself failed: this pass is lost, the next one may work
            report = PassReport(errors=[("", "", str(exc))])
            report.count(ERROR)
        n += 1
        if on_pass:
            on_pass(n, report)
        if passes is not None and n >= passes:
            break
        sleep(max(0.0, interval - (time.monotonic() - started)))


# --- the fetch log and robots.txt --------------------------------------------------------------------------------

def _log(store: Store, source: str | None, url: str, kind: str, outcome: str, got: Fetched,
         reason: str | None = None, doc_id: str | None = None) -> None:
    store.log_fetch(source=source, url=url, kind=kind, outcome=outcome, status=got.status,
                    reason=reason or got.reason, bytes=len(got.body), ms=got.elapsed_ms,
                    conditional=got.conditional, doc_id=doc_id)


ROBOTS_FRESH = timedelta(hours=24)  # RFC 9309: a robots.txt may be trusted this long without asking


def _load_robots(store: Store, fetcher: Fetcher, urls: Iterable[str]) -> None:
    """The robots.txt files kept from earlier passes: one checked within a day is used as it is,
    an older one is asked for again with its validators (a 304 if unchanged)."""
    now = datetime.now(UTC)
    for rurl in sorted({robots_url(u) for u in urls if u.startswith(("http://", "https://"))}
                       - set(fetcher.robots_cache)):
        etag, modified, body, checked = store.cached(rurl)
        if body is not None:
            fetcher.robots_cache[rurl] = (etag, modified, body)
            if checked and now - datetime.fromisoformat(checked) < ROBOTS_FRESH:
                fetcher.robots_fresh.add(rurl)


def _save_robots(store: Store, fetcher: Fetcher) -> None:
    for rurl in sorted(fetcher.robots_checked & set(fetcher.robots_cache)):
        etag, modified, body = fetcher.robots_cache[rurl]
        store.save_validators(rurl, etag, modified, body)


# --- re-extraction of fetched pages --------------------------------------------------------------------------------

def reextract(store: Store, settings: Settings = DEFAULTS, everything: bool = False,
              on_progress: Callable[[PageResult], None] | None = None) -> list[PageResult]:
    """Extract fetched pages again from the raw HTML kept in the store (after a pipeline upgrade),
    without fetching them: those made by another pipeline version, or all with ``everything``.
    The page's title, date and publisher as first stored are kept as its sidecar."""
    version = pipeline_version()
    with store.connect() as conn:
        todo = [r for r in queries.fetched_documents(conn) if everything or r["pipeline_version"] != version]
    out = []
    for row in todo:
        with store.connect() as conn:
            raw = queries.document_bytes(conn, row["id"])  # one at a time: pages are not all held in memory
        sidecar = {k: row[k] for k in ("url", "title", "published", "publisher") if row[k]}
        item = RawInput(row["path"], raw, row["source_format"] or "text", sidecar, [])
        try:
            result = extract_one(item.load(settings), settings)
            result.doc.id = row["id"]  # the same page: its id and addresses stay
            store.save(result, item.fingerprint(version), [row["id"]], version)
            res = PageResult(row["path"], "updated", row["id"])
        except (LoadError, ParseError, StoreError) as exc:
            res = PageResult(row["path"], ERROR, row["id"], reason=getattr(exc, "reason", None) or str(exc))
        out.append(res)
        if on_progress:
            on_progress(res)
    return out
