"""PLOVER-style event records (the POLECAT ecosystem's ontology) from the store's events and statements.

Engagements are CONSULT events (mode phone, virtual or visit); statements map by act:
reaffirm / commit / agree -> AGREE, welcome / support / thank / congratulate -> SUPPORT,
condemn / express_concern -> ACCUSE, oppose -> REJECT, urge -> REQUEST, discuss -> CONSULT,
announce -> COOPERATE. Each record keeps its source text and documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, select

from readouts.store import schema as t

ACT_TO_PLOVER = {
    "reaffirm": ("AGREE", "reaffirm"), "commit": ("AGREE", "pledge"), "agree": ("AGREE", "agree"),
    "welcome": ("SUPPORT", "welcome"), "support": ("SUPPORT", "support"), "thank": ("SUPPORT", "praise"),
    "congratulate": ("SUPPORT", "praise"), "condemn": ("ACCUSE", "condemn"), "express_concern": ("ACCUSE", "concern"),
    "oppose": ("REJECT", "oppose"), "urge": ("REQUEST", "urge"), "discuss": ("CONSULT", "discuss"),
    "announce": ("COOPERATE", "announce"),
}
FORMAT_MODE = {"phone": "phone", "virtual": "virtual", "in_person": "visit"}


def _actor(name: str, persons: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if "+" in name or (len(name) == 2 and name.isupper()):
        codes = name.split("+")
        return {"name": name, "country": codes[0] if len(codes) == 1 else None, "countries": codes, "kind": "state"}
    p = persons.get(name, {})
    return {"name": name, "country": p.get("country"), "title": p.get("title"), "kind": "person"}


def records(conn: Connection) -> Iterator[dict[str, Any]]:
    persons = {r["name"]: dict(r) for r in conn.execute(select(t.persons.c.name, t.persons.c.country,
                                                                t.persons.c.title)).mappings()}
    for r in conn.execute(select(t.events).order_by(t.events.c.date.is_(None), t.events.c.date,
                                                    t.events.c.id)).mappings():
        parts = json.loads(r["participants"])
        sources = list(conn.execute(select(t.event_sources.c.doc_id, t.event_sources.c.evidence, t.documents.c.text)
                                    .join(t.documents, t.documents.c.id == t.event_sources.c.doc_id)
                                    .where(t.event_sources.c.event_id == r["id"])).mappings())
        text = ""
        if sources:
            spans = json.loads(sources[0]["evidence"])
            if spans:
                s, e = spans[-1]
                text = sources[0]["text"][s:e]
        yield {
            "id": r["id"], "source": "readouts", "event_type": "CONSULT",
            "mode": "multilateral" if len(json.loads(r["parties"])) > 2 else FORMAT_MODE.get(r["format"] or ""),
            "context": r["kind"], "status": r["status"], "date": r["date"],
            "actor1": _actor(parts[0], persons) if parts else None,
            "actor2": [_actor(p, persons) for p in parts[1:]],
            "location": {"place": r["place"], "country": r["country"]},
            "text": text, "documents": json.loads(r["documents"]),
        }
    q = (select(t.statements, t.documents.c.published).join(t.documents, t.documents.c.id == t.statements.c.doc_id)
         .order_by(t.documents.c.published.is_(None), t.documents.c.published, t.statements.c.doc_id,
                   t.statements.c.idx))
    for r in conn.execute(q).mappings():
        event_type, mode = ACT_TO_PLOVER.get(r["act"], (None, None))
        yield {
            "id": f"st-{r['doc_id']}-{r['idx']}", "source": "readouts", "event_type": event_type, "mode": mode,
            "context": json.loads(r["topics"]), "status": "stated", "date": r["published"],
            "actor1": _actor(r["actor"], persons), "actor2": [], "location": None,
            "text": r["text"], "documents": [r["doc_id"]],
        }
