"""JSON API routes: each parses its parameters, makes one store query, returns a typed model."""

from __future__ import annotations

import hmac
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Header, HTTPException, Query, Request, UploadFile

from readouts.api import models as m
from readouts.api.app import MAX_UPLOAD_BYTES, connection
from readouts.model import TOPICS
from readouts.store import queries

router = APIRouter()
TopicTag = Literal[TOPICS]  # type: ignore[valid-type]
Conn = Annotated[Any, Depends(connection)]
Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]
DateParam = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY[-MM[-DD]]")]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166 alpha-2 code")]
Text = Annotated[str | None, Query(max_length=200)]
ERRORS = {400: {"model": m.Error}, 404: {"model": m.Error}, 422: {"model": m.Error}}


def _page(items: list, limit: int, offset: int) -> dict:
    """Pages are fetched one item long to know whether another page follows."""
    more = len(items) > limit
    return {"items": items[:limit], "limit": limit, "offset": offset, "next_offset": offset + limit if more else None}


@router.get("/documents", response_model=m.Page[m.DocumentSummary], responses=ERRORS, tags=["documents"])
def list_documents(conn: Conn, limit: Limit = 50, offset: Offset = 0):
    """Documents, newest first."""
    return _page(queries.documents(conn, limit + 1, offset), limit, offset)


@router.get("/documents/{doc_id}", response_model=m.Document, responses=ERRORS, tags=["documents"])
def get_document(doc_id: str, conn: Conn):
    """One document: metadata, the text that offsets point into, and every extraction with its spans."""
    doc = queries.document(conn, doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return doc


@router.post("/documents", response_model=m.IngestResult, responses={401: {"model": m.Error},
                                                                      413: {"model": m.Error}, **ERRORS},
             tags=["documents"], status_code=201)
async def post_document(request: Request, file: Annotated[UploadFile, File(description="a .txt, .md or .html file")],
                        meta: Annotated[str | None, Form(description="sidecar JSON: url, published, publisher, title")]
                        = None,
                        authorization: Annotated[str | None, Header()] = None):
    """Upload and ingest one document. Needs the server's token: `Authorization: Bearer TOKEN`."""
    token = request.app.state.token
    if not token:
        raise HTTPException(403, "this server is read-only; start it with READOUTS_TOKEN set to accept documents")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "missing or wrong token", headers={"WWW-Authenticate": "Bearer"})
    raw = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise HTTPException(413, f"documents are limited to {MAX_UPLOAD_BYTES // 1048576} MB")
    sidecar = {}
    if meta:
        try:
            sidecar = json.loads(meta)
        except json.JSONDecodeError as exc:
            raise HTTPException(422, f"meta is not valid JSON: {exc}") from exc
        if not isinstance(sidecar, dict) or not all(isinstance(v, str) for v in sidecar.values()):
            raise HTTPException(422, "meta must be a JSON object of strings")
    from readouts.core import ingest_upload

    name = (file.filename or "upload.txt").replace("\\", "/").rsplit("/", 1)[-1] or "upload.txt"
    state, doc_id = ingest_upload(request.app.state.store, "upload/" + name, raw, sidecar)
    return {"id": doc_id, "state": state}


@router.get("/events", response_model=m.Page[m.Event], responses=ERRORS, tags=["events"])
def list_events(conn: Conn, person: Text = None, country: Country = None,
                topic: Annotated[TopicTag | None, Query(description="a topic tag")] = None,
                since: DateParam = None, until: DateParam = None,
                kind: Annotated[Literal["meeting", "call", "press_conference"] | None, Query()] = None,
                limit: Limit = 50, offset: Offset = 0):
    """The timeline: engagements in date order (undated last), each once however many documents tell it."""
    items = queries.timeline(conn, person, country, topic, since, until, kind, limit + 1, offset)
    return _page(items, limit, offset)


@router.get("/events/{event_id}", response_model=m.EventDetail, responses=ERRORS, tags=["events"])
def get_event(event_id: str, conn: Conn):
    """One event with its sources and which source supports which detail; disagreements kept."""
    ev = queries.event(conn, event_id)
    if ev is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return ev


@router.get("/events/{event_id}/compare", response_model=m.Compare, responses=ERRORS, tags=["events"])
def compare_event(event_id: str, conn: Conn):
    """The sources of one event side by side: what only one of them says, and where they differ."""
    cmp = queries.compare(conn, event_id)
    if cmp is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return cmp


@router.get("/persons", response_model=m.Page[m.Person], responses=ERRORS, tags=["persons"])
def list_persons(conn: Conn, country: Country = None, limit: Limit = 50, offset: Offset = 0):
    """Persons, one per real person, by name."""
    return _page(queries.persons(conn, country, limit + 1, offset), limit, offset)


@router.get("/persons/{name}", response_model=list[m.PersonDetail], responses=ERRORS, tags=["persons"])
def get_person(name: str, conn: Conn):
    """Every person the name matches, with offices, events, co-participants and quotes."""
    found = queries.person(conn, name[:200])
    if not found:
        raise HTTPException(404, f"nobody named {name[:200]!r}")
    return found


@router.get("/quotes", response_model=m.Page[m.Quote], responses=ERRORS, tags=["quotes"])
def list_quotes(conn: Conn, person: Text = None, doc_id: Text = None, limit: Limit = 50, offset: Offset = 0):
    """Direct quotes with their speakers, in date order."""
    return _page(queries.quotes(conn, person, doc_id, limit + 1, offset), limit, offset)


@router.get("/documents/{doc_id}/turns", response_model=list[dict[str, Any]], responses=ERRORS, tags=["documents"])
def list_turns(doc_id: str, conn: Conn):
    """A transcript's turns in order, with speakers, interpreter flags, roles and question links."""
    return queries.turns(conn, doc_id)


@router.get("/topics", response_model=list[m.TopicCount], responses=ERRORS, tags=["topics"])
def topics_over_time(conn: Conn):
    """Documents discussing each topic, per month."""
    return queries.topic_counts(conn)


@router.get("/topics/{tag}", response_model=m.Page[m.TopicStatement], responses=ERRORS, tags=["topics"])
def topic_tracker(tag: str, conn: Conn, actor: Text = None, since: DateParam = None, limit: Limit = 100,
                  offset: Offset = 0):
    """Every statement on one topic across time, verbatim, with speaker and source."""
    if tag not in TOPICS:
        raise HTTPException(404, f"unknown topic {tag!r}; topics: {', '.join(TOPICS)}")
    return _page(queries.topic_statements(conn, tag, actor, since, limit + 1, offset), limit, offset)


@router.get("/search", response_model=list[m.SearchHit], responses=ERRORS, tags=["search"])
def search(conn: Conn, q: Annotated[str, Query(min_length=1, max_length=300, description="words or \"a phrase\"")],
           limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0):
    """Full-text search over documents and quotes; matches are [bracketed] in snippets."""
    return queries.search(conn, q, limit, offset)


@router.get("/stats", response_model=m.Stats, tags=["store"])
def stats(conn: Conn):
    """What the store holds."""
    return queries.stats(conn)
