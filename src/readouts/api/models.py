"""Typed response models of the JSON API (they make the OpenAPI document)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = Field(None, description="offset of the next page, null on the last page")


class DocumentSummary(BaseModel):
    id: str
    path: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    doc_type: str | None = None


class DocumentUrl(BaseModel):
    url: str
    via: str = Field(description="fetched (this page), same-bytes or near-duplicate (a mirror of the stored text)")
    similarity: float | None = None
    status: int | None = Field(None, description="HTTP status of the last fetch")
    source: str | None = Field(None, description="the watched source that listed it")
    first_seen: str
    last_seen: str


class Document(DocumentSummary):
    text: str
    record: dict[str, Any] = Field(description="the extraction record of the contract, with the store's event ids")
    urls: list[DocumentUrl] = Field(default_factory=list, description="every address the text was fetched from")


class ValueSupport(BaseModel):
    value: Any
    documents: list[str]


class Event(BaseModel):
    event_id: str
    kind: str
    status: str
    date: str | None = None
    country: str | None = None
    place: str | None = None
    format: str | None = None
    name: str | None = None
    participants: list[str]
    parties: list[str]
    documents: list[str]
    n_sources: int
    support: dict[str, list[ValueSupport]]
    conflicts: dict[str, list[ValueSupport]]


class EventSource(BaseModel):
    doc_id: str
    idx: int
    kind: str
    status: str
    date: str | None = None
    country: str | None = None
    place: str | None = None
    format: str | None = None
    name: str | None = None
    participants: list[str]
    evidence: list[list[int]]
    document: dict[str, Any]


class EventDetail(Event):
    sources: list[EventSource]


class Office(BaseModel):
    title: str | None = None
    country: str | None = None


class Person(BaseModel):
    id: str
    name: str
    country: str | None = None
    kb_id: str | None = None
    title: str | None = None
    aliases: list[str]
    offices: list[Office]
    documents: int


class PersonEvent(BaseModel):
    event_id: str
    kind: str
    status: str
    date: str | None = None
    place: str | None = None
    country: str | None = None
    participants: list[str]


class CoParticipant(BaseModel):
    name: str
    events: int


class PersonQuote(BaseModel):
    doc_id: str
    text: str
    start: int
    end: int
    published: str | None = None
    title: str | None = None


class PersonDetail(BaseModel):
    id: str
    name: str
    country: str | None = None
    kb_id: str | None = None
    title: str | None = None
    aliases: list[str]
    offices: list[Office]
    documents: list[str]
    events: list[PersonEvent]
    co_participants: list[CoParticipant]
    quotes: list[PersonQuote]


class Quote(BaseModel):
    doc_id: str
    idx: int
    speaker: str
    person_id: str | None = None
    text: str
    start: int
    end: int
    published: str | None = None
    title: str | None = None


class TopicCount(BaseModel):
    topic: str
    month: str | None = None
    documents: int


class TopicStatement(BaseModel):
    doc_id: str
    published: str | None = None
    title: str | None = None
    topic: str
    text: str
    start: int
    end: int
    actor: str | None = None
    act: str | None = None
    dated_by_event: bool = False


class SearchHit(BaseModel):
    kind: str
    doc_id: str
    idx: int | None = None
    speaker: str | None = None
    title: str | None = None
    published: str | None = None
    path: str | None = None
    snippet: str
    rank: float


class Compare(BaseModel):
    event: dict[str, Any]
    sources: dict[str, Any]
    only: dict[str, Any]
    differences: dict[str, Any]


class Stats(BaseModel):
    documents: int
    persons: int
    events: int
    event_sources: int
    quotes: int
    turns: int
    topics: int
    statements: int
    events_with_several_sources: int
    pipeline_versions: list[str]
    first_event: str | None = None
    last_event: str | None = None


class IngestResult(BaseModel):
    id: str | None = None
    state: str
    message: str | None = None


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str


class Error(BaseModel):
    error: ErrorDetail
