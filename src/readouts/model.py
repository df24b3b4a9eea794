"""The core data model every stage reads and writes.

Spans are ``(start, end)`` Python string offsets into ``Document.text``, the
text exactly as read (for HTML: the cleaned text). This module imports nothing
else from the package; ``to_record()`` gives the JSON contract of
``shared/spec/extraction-format.md``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]

DOC_TYPES = ("readout", "statement", "transcript", "news", "summary")
EVENT_KINDS = ("meeting", "call", "press_conference")
EVENT_STATUSES = ("held", "planned")
EVENT_FORMATS = ("in_person", "virtual", "phone")
ACTS = (
    "reaffirm", "commit", "agree", "welcome", "support", "condemn", "oppose",
    "express_concern", "urge", "discuss", "thank", "congratulate", "announce",
)
TOPICS = (
    "alliance_commitment", "extended_deterrence", "senkaku", "taiwan_strait", "china",
    "north_korea", "russia_ukraine", "force_posture", "counterstrike", "defense_industry",
    "missile_defense", "exercises", "intelligence_cyber_space", "multilateral",
    "human_rights", "budget",
)


def doc_id_for(raw: bytes) -> str:
    """The document id of the contract: sha256 of the raw bytes, first 16 hex."""
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass
class Furniture:
    """A stretch of page furniture (banner, caption, byline...) kept out of analysis."""

    kind: str
    span: Span


@dataclass
class Document:
    id: str
    path: str
    text: str
    raw: bytes = b""
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    doc_type: str | None = None
    source_format: str = "text"  # text | markdown | html
    meta: dict[str, Any] = field(default_factory=dict)  # sidecar as given
    furniture: list[Furniture] = field(default_factory=list)
    title_span: Span | None = None
    published_span: Span | None = None
    warnings: list[str] = field(default_factory=list)  # problems that did not stop extraction

    def is_furniture(self, start: int, end: int | None = None) -> bool:
        end = start + 1 if end is None else end
        return any(f.span[0] < end and start < f.span[1] for f in self.furniture)


@dataclass
class Person:
    name: str
    title: str | None = None
    country: str | None = None
    mentions: list[Span] = field(default_factory=list)
    kb_id: str | None = None
    family: str | None = None
    role: str | None = None  # knowledge-base role of the office held (defense_minister...)
    aliases: list[str] = field(default_factory=list)  # surface forms seen

    def to_record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "name": self.name,
            "title": self.title,
            "country": self.country,
            "mentions": [list(m) for m in sorted(self.mentions)],
        }
        if self.kb_id:
            rec["kb_id"] = self.kb_id
        if self.aliases:
            rec["aliases"] = sorted(set(self.aliases))
        return rec


@dataclass
class Event:
    kind: str
    status: str = "held"
    date: str | None = None
    country: str | None = None
    place: str | None = None
    format: str | None = None
    participants: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    name: str | None = None  # a named format ("2+2", "Quad Leaders' Summit") when the text gives one
    event_id: str | None = None
    date_span: Span | None = None
    place_span: Span | None = None
    place_key: str | None = None  # canonical place ("US:Pentagon") for matching across documents
    date_hint: str | None = None  # a year ("2021") or month-day ("01-06") when the date itself is unknown
    parties: list[str] = field(default_factory=list)  # governments taking part (ISO codes)

    def to_record(self) -> dict[str, Any]:
        rec = {
            "event_id": self.event_id,
            "kind": self.kind,
            "status": self.status,
            "date": self.date,
            "country": self.country,
            "place": self.place,
            "format": self.format,
            "participants": list(self.participants),
            "evidence": [list(s) for s in self.evidence],
        }
        if self.name:
            rec["name"] = self.name
        if self.parties:
            rec["parties"] = list(self.parties)
        if self.date_hint:
            rec["date_hint"] = self.date_hint
        if self.place_key:
            rec["place_key"] = self.place_key
        return rec


@dataclass
class Quote:
    speaker: str
    text: str
    span: Span
    cue: Span | None = None  # the attribution words ("Austin said")

    def to_record(self) -> dict[str, Any]:
        rec = {"speaker": self.speaker, "text": self.text, "span": list(self.span)}
        if self.cue:
            rec["cue"] = list(self.cue)
        return rec


@dataclass
class Turn:
    speaker: str
    label: str
    interpreted: bool
    span: Span  # the turn's words, after the label
    label_span: Span | None = None
    role: str | None = None  # moderator | statement | question | answer
    answers: int | None = None  # index of the question turn this answers

    def to_record(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "label": self.label,
            "interpreted": self.interpreted,
            "span": list(self.span),
            "role": self.role,
            "answers": self.answers,
        }


@dataclass
class TopicHit:
    topic: str
    span: Span  # the sentence that supports it
    cue: str = ""


@dataclass
class Statement:
    actor: str
    act: str
    topics: list[str]
    text: str
    span: Span
    polarity: str = "positive"
    quote: int | None = None
    turn: int | None = None

    def to_record(self) -> dict[str, Any]:
        rec = {
            "actor": self.actor,
            "act": self.act,
            "topics": list(self.topics),
            "polarity": self.polarity,
            "text": self.text,
            "span": list(self.span),
        }
        if self.quote is not None:
            rec["quote"] = self.quote
        if self.turn is not None:
            rec["turn"] = self.turn
        return rec


@dataclass
class Extraction:
    """Everything the pipeline found in one document."""

    doc: Document
    persons: list[Person] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    topic_hits: list[TopicHit] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    role_mentions: list[dict[str, Any]] = field(default_factory=list)  # "the Japanese defense minister" -> who

    @property
    def topics(self) -> list[str]:
        seen: list[str] = []
        for hit in self.topic_hits:
            if hit.topic not in seen:
                seen.append(hit.topic)
        return seen

    def to_record(self) -> dict[str, Any]:
        d = self.doc
        evidence: dict[str, list[list[int]]] = {}
        for hit in self.topic_hits:
            evidence.setdefault(hit.topic, []).append(list(hit.span))
        return {
            "doc": {
                "id": d.id,
                "path": d.path,
                "title": d.title,
                "published": d.published,
                "publisher": d.publisher,
                "url": d.url,
                "doc_type": d.doc_type,
                "text_chars": len(d.text),
                "source_format": d.source_format,
            },
            "persons": [p.to_record() for p in self.persons],
            "events": [e.to_record() for e in self.events],
            "quotes": [q.to_record() for q in self.quotes],
            "turns": [t.to_record() for t in self.turns],
            "topics": self.topics,
            "topic_evidence": evidence,
            "statements": [s.to_record() for s in self.statements],
            "role_mentions": self.role_mentions,
            "furniture": [{"kind": f.kind, "span": list(f.span)} for f in d.furniture],
        }


def extraction_from_record(rec: dict[str, Any], text: str, raw: bytes = b"") -> Extraction:
    """The inverse of ``Extraction.to_record`` (given the document's text): records written by
    workers (Parquet, Dask) become extractions again, to be stored without extracting twice."""
    d = rec["doc"]
    doc = Document(id=d["id"], path=d["path"], text=text, raw=raw, title=d.get("title"),
                   published=d.get("published"), publisher=d.get("publisher"), url=d.get("url"),
                   doc_type=d.get("doc_type"), source_format=d.get("source_format") or "text",
                   furniture=[Furniture(f["kind"], tuple(f["span"])) for f in rec.get("furniture", [])])
    ex = Extraction(doc=doc)
    for p in rec.get("persons", []):
        ex.persons.append(Person(name=p["name"], title=p.get("title"), country=p.get("country"),
                                 mentions=[tuple(m) for m in p.get("mentions", [])], kb_id=p.get("kb_id"),
                                 aliases=list(p.get("aliases", []))))
    for e in rec.get("events", []):
        ex.events.append(Event(kind=e["kind"], status=e["status"], date=e.get("date"), country=e.get("country"),
                               place=e.get("place"), format=e.get("format"), participants=list(e["participants"]),
                               evidence=[tuple(x) for x in e.get("evidence", [])], name=e.get("name"),
                               event_id=e.get("event_id"), place_key=e.get("place_key"),
                               date_hint=e.get("date_hint"), parties=list(e.get("parties", []))))
    for q in rec.get("quotes", []):
        ex.quotes.append(Quote(speaker=q["speaker"], text=q["text"], span=tuple(q["span"]),
                               cue=tuple(q["cue"]) if q.get("cue") else None))
    for t in rec.get("turns", []):
        ex.turns.append(Turn(speaker=t["speaker"], label=t["label"], interpreted=t["interpreted"],
                             span=tuple(t["span"]), role=t.get("role"), answers=t.get("answers")))
    for tag, spans in rec.get("topic_evidence", {}).items():
        for span in spans:
            ex.topic_hits.append(TopicHit(tag, tuple(span)))
    ex.topic_hits.sort(key=lambda h: (h.span, h.topic))
    for st in rec.get("statements", []):
        ex.statements.append(Statement(actor=st["actor"], act=st["act"], topics=list(st["topics"]), text=st["text"],
                                       span=tuple(st["span"]), polarity=st.get("polarity", "positive"),
                                       quote=st.get("quote"), turn=st.get("turn")))
    ex.role_mentions = list(rec.get("role_mentions", []))
    return ex
