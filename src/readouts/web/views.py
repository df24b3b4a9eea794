"""The web UI: server-rendered pages over the store queries, static files, and the HTML 404 page.

Each view parses its parameters (bad ones become a message on the page, never an error page),
asks the store, and renders one template. Templates escape everything (autoescape on).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from readouts.model import EVENT_KINDS, TOPICS
from readouts.store import queries
from readouts.web import queries_extra as extra
from readouts.web import render

PAGE = 50
TOPIC_PAGE = 100
MAX_TEXT = 200

router = APIRouter(include_in_schema=False)


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("readouts.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(
        date=render.human_date, kind=render.kind_label, fmt=render.format_label, country=render.country_name,
        topic=render.topic_label, act=render.act_label, person_url=render.person_url, doc_url=render.doc_url,
        event_url=render.event_url, topic_url=render.topic_url, snippet=render.snippet_html,
        actor=render.actor_parts, safe_link=render.safe_link, event_title=render.event_title,
    )
    env.globals.update(TOPICS=TOPICS, EVENT_KINDS=EVENT_KINDS)
    return env


templates = Jinja2Templates(env=_environment())


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    path = request.url.path
    section = ("persons" if path.startswith("/persons") else "topics" if path.startswith("/topics")
               else "search" if path.startswith("/search") else "documents" if path.startswith("/documents")
               else "timeline" if path in ("/", "") or path.startswith("/events") else "")
    context.setdefault("section", section)
    return templates.TemplateResponse(request, name, context, status_code=status)


@contextmanager
def _conn(request: Request) -> Iterator[Any]:
    with request.app.state.store.connect() as conn:
        yield conn


def _not_found(request: Request, message: str) -> HTTPException:
    request.state.not_found = message
    return HTTPException(404, message)


def not_found_page(request: Request) -> HTMLResponse:
    """The HTML 404 page (the app's 404 handler calls this for paths outside /api)."""
    message = getattr(request.state, "not_found", None) or "There is no page at this address."
    return _page(request, "404.html", status=404, message=message, section="")


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value[:MAX_TEXT] or None


def _offset(value: str | None) -> int:
    try:
        return max(0, min(int(value or 0), 10_000_000))
    except ValueError:
        return 0


def _pages(total: int, offset: int, size: int) -> dict[str, Any]:
    return {"total": total, "offset": offset, "size": size, "first": offset + 1 if total else 0,
            "last": min(total, offset + size), "prev": max(0, offset - size) if offset > 0 else None,
            "next": offset + size if offset + size < total else None,
            "page": offset // size + 1, "pages": max(1, math.ceil(total / size))}


# --- pages ---------------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def timeline_page(request: Request, person: str | None = None, country: str | None = None, topic: str | None = None,
                  kind: str | None = None, since: str | None = None, until: str | None = None,
                  offset: str | None = None):
    """Engagements over time, filtered, with a chart of engagements per month."""
    f = {"person": _text(person), "country": _text(country), "topic": _text(topic), "kind": _text(kind),
         "since": _text(since), "until": _text(until)}
    errors = []
    if f["country"] and not render.COUNTRY_RE.match(f["country"]):
        errors.append("Country must be a two-letter code such as JP or US.")
        f["country"] = None
    if f["country"]:
        f["country"] = f["country"].upper()
    if f["topic"] and f["topic"] not in TOPICS:
        errors.append(f"Unknown topic “{f['topic']}”.")
        f["topic"] = None
    if f["kind"] and f["kind"] not in EVENT_KINDS:
        errors.append(f"Unknown kind “{f['kind']}”.")
        f["kind"] = None
    for k in ("since", "until"):
        if f[k] and not render.DATE_RE.match(f[k]):
            errors.append(f"“{f[k]}” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.")
            f[k] = None
    start = _offset(offset)
    args = (f["person"], f["country"], f["topic"], f["since"], f["until"], f["kind"])
    with _conn(request) as conn:  # one page of events from SQL; counts per month from a GROUP BY
        events = queries.timeline(conn, *args, limit=PAGE, offset=start)
        summary = queries.timeline_summary(conn, *args)
        countries = extra.event_countries(conn)
        names = extra.person_names(conn)
        n_docs = extra.count_documents(conn)
    months = summary["months"]
    filters = {k: v for k, v in f.items() if v}

    def month_href(month: str) -> str:
        return render.query_string(filters, since=month, until=month, offset=None)

    chart = render.month_chart(dict(months), href=month_href)
    return _page(request, "timeline.html", events=events, pages=_pages(summary["total"], start, PAGE),
                 f=f, filters=filters, errors=errors, chart=chart, countries=countries, names=names,
                 n_docs=n_docs, qs=render.query_string)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str):
    """One event: its merged fields with their support, and its sources side by side."""
    with _conn(request) as conn:
        ev = queries.event(conn, event_id)
        if ev is None:
            raise _not_found(request, f"There is no event with the id “{event_id[:MAX_TEXT]}”.")
        cmp = queries.compare(conn, event_id)
        texts = {}
        for d in ev.get("documents") or []:
            doc = queries.document(conn, d)
            texts[d] = doc["text"] if doc else ""
    view = render.event_page(ev, cmp, texts)
    return _page(request, "event.html", ev=ev, view=view)


@router.get("/persons", response_class=HTMLResponse)
def persons_page(request: Request, country: str | None = None, offset: str | None = None):
    """Everyone the store knows, by name."""
    cc = _text(country)
    errors = []
    if cc and not render.COUNTRY_RE.match(cc):
        errors.append("Country must be a two-letter code such as JP or US.")
        cc = None
    start = _offset(offset)
    with _conn(request) as conn:
        people = queries.persons(conn, cc, PAGE, start)
        total = extra.count_persons(conn, cc)
    filters = {"country": cc.upper()} if cc else {}
    return _page(request, "persons.html", persons=people, pages=_pages(total, start, PAGE), filters=filters,
                 errors=errors, qs=render.query_string)


@router.get("/persons/{name:path}", response_class=HTMLResponse)
def person_page(request: Request, name: str):
    """One person (or everyone the name matches): offices, events, quotes, co-participants."""
    name = name[:MAX_TEXT]
    with _conn(request) as conn:
        found = queries.person(conn, name)
        exact = [p for p in found if p["name"] == name]
        found = exact or found
        if not found:
            raise _not_found(request, f"Nobody named “{name}” is in the store.")
        titles = extra.document_titles(conn, [d for p in found for d in p.get("documents") or []])
    for p in found:  # newest first, undated last
        p["documents"] = sorted(p.get("documents") or [], key=lambda d: (titles.get(d, {}).get("published") or ""),
                                reverse=True)
    return _page(request, "person.html", found=found, query=name, titles=titles)


@router.get("/topics", response_class=HTMLResponse)
def topics_page(request: Request):
    """Every topic with how many documents discuss it, and when."""
    with _conn(request) as conn:
        counts = queries.topic_counts(conn)
    per: dict[str, dict[str, Any]] = {t: {"tag": t, "documents": 0, "first": None, "last": None} for t in TOPICS}
    for row in counts:
        item = per.setdefault(row["topic"], {"tag": row["topic"], "documents": 0, "first": None, "last": None})
        item["documents"] += row["documents"]
        if row["month"]:
            item["first"] = min(item["first"] or row["month"], row["month"])
            item["last"] = max(item["last"] or row["month"], row["month"])
    items = sorted(per.values(), key=lambda x: (-x["documents"], render.topic_label(x["tag"])))
    return _page(request, "topics.html", topics=items)


@router.get("/topics/{tag}", response_class=HTMLResponse)
def topic_page(request: Request, tag: str, actor: str | None = None, since: str | None = None,
               offset: str | None = None):
    """Every statement on one topic across time, verbatim, with speaker and source."""
    if tag not in TOPICS:
        raise _not_found(request, f"There is no topic “{tag[:MAX_TEXT]}”.")
    who, after = _text(actor), _text(since)
    errors = []
    if after and not render.DATE_RE.match(after):
        errors.append(f"“{after}” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.")
        after = None
    start = _offset(offset)
    with _conn(request) as conn:
        every = queries.topic_counts(conn)
        rows = queries.topic_statements(conn, tag, who, after, TOPIC_PAGE + 1, start)
    more = len(rows) > TOPIC_PAGE
    counts = [r for r in every if r["topic"] == tag]
    months = sorted(r["month"] for r in every if r["month"])  # every topic's chart spans the same months
    span = (months[0], months[-1]) if months else None
    chart = render.month_chart({r["month"]: r["documents"] for r in counts}, span=span)
    filters = {k: v for k, v in (("actor", who), ("since", after)) if v}
    return _page(request, "topic.html", tag=tag, chart=chart, statements=rows[:TOPIC_PAGE], errors=errors,
                 filters=filters, start=start, more=more, size=TOPIC_PAGE, qs=render.query_string,
                 n_docs=sum(r["documents"] for r in counts))


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, offset: str | None = None):
    """Every document, newest first."""
    start = _offset(offset)
    with _conn(request) as conn:
        docs = queries.documents(conn, PAGE, start)
        total = extra.count_documents(conn)
    return _page(request, "documents.html", documents=docs, pages=_pages(total, start, PAGE), filters={},
                 qs=render.query_string)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str):
    """One document with every extraction highlighted in place."""
    with _conn(request) as conn:
        doc = queries.document(conn, doc_id)
        if doc is None:
            raise _not_found(request, f"There is no document with the id “{doc_id[:MAX_TEXT]}”.")
    record = doc.get("record") or {}
    segs = render.segments(doc["text"], render.record_marks(record))
    present = sorted({k for s in segs for k in s.kinds}, key=render.KIND_ORDER.index)
    return _page(request, "document.html", doc=doc, record=record, segments=segs, present=present,
                 url=render.safe_link(doc.get("url")))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str | None = None):
    """Full-text search over documents and quotes; persons whose names match."""
    query = (q or "").strip()
    errors, hits, names = [], [], []
    if len(query) > 300:
        errors.append("Searches are limited to 300 characters.")
        query = query[:300]
    if query:
        with _conn(request) as conn:
            hits = queries.search(conn, query, 50, 0)
            names = queries.person_names(conn, query)
    docs = [h for h in hits if h["kind"] == "document"]
    quotes = [h for h in hits if h["kind"] == "quote"]
    return _page(request, "search.html", q=query, documents=docs, quotes=quotes, names=names, errors=errors)


def install(app: FastAPI) -> None:
    """Mount the web UI's routes and static files on the application, and its HTML 404 page."""
    app.mount("/static", StaticFiles(packages=[("readouts.web", "static")]), name="static")
    app.include_router(router)
    app.state.web_404 = not_found_page
    app.state.web_500 = error_page


def error_page(request: Request) -> HTMLResponse:
    """The HTML page for an unexpected error on a web page (the API answers in its JSON shape)."""
    return _page(request, "404.html", status=500, section="",
                 message="Something went wrong on our side; the server log says what.")
