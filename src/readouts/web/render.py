"""Presentation helpers for the web pages: labels, dates, month charts, the highlighted document text.

Nothing here marks untrusted text safe: the highlighted document is a list of plain-text
pieces that the templates escape; only search snippets become Markup, after escaping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup, escape

TOPIC_LABELS = {
    "alliance_commitment": "Alliance commitment",
    "extended_deterrence": "Extended deterrence",
    "senkaku": "Senkaku Islands",
    "taiwan_strait": "Taiwan Strait",
    "china": "China",
    "north_korea": "North Korea",
    "russia_ukraine": "Russia–Ukraine",
    "force_posture": "Force posture",
    "counterstrike": "Counterstrike capabilities",
    "defense_industry": "Defense industry",
    "missile_defense": "Missile defense",
    "exercises": "Exercises",
    "intelligence_cyber_space": "Intelligence, cyber and space",
    "multilateral": "Multilateral cooperation",
    "human_rights": "Human rights",
    "budget": "Defense budget",
}
KIND_LABELS = {"meeting": "Meeting", "call": "Call", "press_conference": "Press conference"}
FORMAT_LABELS = {"in_person": "In person", "virtual": "Virtual", "phone": "By phone"}
ACT_LABELS = {"express_concern": "expressed concern"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")
ACTOR_CODES = re.compile(r"^[A-Z]{2}(\+[A-Z]{2})*$")


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    try:
        from readouts.data import countries

        return {c["code"]: c["name"] for c in countries()}
    except Exception:  # a broken data file must not take the pages down: show codes
        return {}


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return _countries().get(code.upper(), code)


def topic_label(tag: str | None) -> str:
    if not tag:
        return ""
    return TOPIC_LABELS.get(tag, tag.replace("_", " ").capitalize())


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", (kind or "").replace("_", " ").capitalize())


def format_label(fmt: str | None) -> str:
    return FORMAT_LABELS.get(fmt or "", (fmt or "").replace("_", " ").capitalize())


def act_label(act: str | None) -> str:
    if not act:
        return ""
    if act in ACT_LABELS:
        return ACT_LABELS[act]
    word = act.replace("_", " ")
    if word.endswith("e"):
        return word + "d"
    return {"commit": "committed", "urge": "urged", "thank": "thanked", "discuss": "discussed"}.get(word, word + "ed")


def human_date(value: str | None) -> str:
    """2023-06-20 -> 20 June 2023; 2023-06 -> June 2023; None -> Undated."""
    if not value:
        return "Undated"
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return value
    year, month, day = m.groups()
    if not month or not 1 <= int(month) <= 12:
        return year
    name = MONTHS[int(month) - 1]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def actor_parts(actor: str | None) -> list[dict[str, Any]]:
    """A statement's actor as display parts: countries ("JP+US") or a person (linked)."""
    if not actor:
        return []
    if ACTOR_CODES.match(actor):
        return [{"text": country_name(c), "person": False} for c in actor.split("+")]
    return [{"text": actor, "person": True}]


def person_url(name: str) -> str:
    return "/persons/" + quote(name, safe="")


def doc_url(doc_id: str, start: int | None = None) -> str:
    url = "/documents/" + quote(doc_id, safe="")
    return url if start is None else f"{url}#at-{int(start)}"


def event_url(event_id: str) -> str:
    return "/events/" + quote(event_id, safe="")


def topic_url(tag: str) -> str:
    return "/topics/" + quote(tag, safe="")


def safe_link(url: str | None) -> str | None:
    """The URL if it is a web address a reader may follow (http/https), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """?a=1&b=2 from the non-empty parameters with some changed."""
    merged = {**params, **changes}
    kept = [(k, str(v)) for k, v in merged.items() if v not in (None, "", 0) or (k == "offset" and v)]
    return "?" + urlencode(kept) if kept else "?"


_MARKED = re.compile(r"\[([^\[\]]*)\]")


def snippet_html(snippet: str | None) -> Markup:
    """A search snippet with matches in [brackets]: escape everything, then turn the brackets into <mark>."""
    escaped = str(escape(snippet or ""))
    return Markup(_MARKED.sub(r"<mark>\1</mark>", escaped))


# --- charts --------------------------------------------------------------------------------------------


def _month_index(month: str) -> int:
    y, m = month.split("-")
    return int(y) * 12 + int(m) - 1


def _month_name(i: int) -> str:
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


@dataclass
class Chart:
    bars: list[dict[str, Any]] = field(default_factory=list)
    ticks: list[dict[str, Any]] = field(default_factory=list)
    width: int = 0
    height: int = 0
    max: int = 0
    total: int = 0
    other: int = 0  # items with no month (undated, or a year only)
    months: list[tuple[str, int]] = field(default_factory=list)
    axis: dict[str, Any] = field(default_factory=dict)


def month_chart(counts: dict[str | None, int], href: Any = None, height: int = 160,
                span: tuple[str, str] | None = None) -> Chart:
    """Bars per month, every month from the first to the last (empty months included).

    ``href(month)`` gives each bar's link (or None); ``span`` (first, last month) widens the axis so charts
    of different series line up. Geometry is in SVG user units.
    """
    other = sum(v for k, v in counts.items() if not k or not re.match(r"^\d{4}-\d{2}$", k[:7]))
    monthly: dict[int, int] = {}
    for k, v in counts.items():
        if k and re.match(r"^\d{4}-\d{2}$", k[:7]) and 1 <= int(k[5:7]) <= 12:
            monthly[_month_index(k[:7])] = monthly.get(_month_index(k[:7]), 0) + v
    chart = Chart(total=sum(counts.values()), other=other, height=height)
    if not monthly:
        return chart
    first, last = min(monthly), max(monthly)
    if span:
        ends = [_month_index(m[:7]) for m in span if m and re.match(r"^\d{4}-\d{2}$", m[:7])]
        first, last = min([first, *ends]), max([last, *ends])
    first -= first % 12 if last - first > 24 else 0  # long spans start on a January so year ticks line up
    n = last - first + 1
    step = max(6, min(48, 720 // n))
    gap = 1 if step < 10 else 2
    left, bottom, top = 28, 22, 8
    plot_h = height - bottom - top
    chart.max = max(monthly.values())
    chart.width = left + n * step + 4
    for i in range(n):
        idx = first + i
        v = monthly.get(idx, 0)
        h = round(plot_h * v / chart.max, 1) if chart.max else 0
        month = _month_name(idx)
        w = min(step - gap, 28)
        chart.bars.append({"x": left + i * step + (step - w) / 2, "y": top + plot_h - h, "w": w, "h": h,
                           "month": month, "label": human_date(month), "count": v,
                           "href": href(month) if href and v else None})
        chart.months.append((month, v))
        if n <= 18:
            if i % max(1, -(-n // 6)) == 0:
                chart.ticks.append({"x": left + i * step + step / 2, "label": MONTHS[idx % 12][:3] + " " + month[:4],
                                    "anchor": "middle"})
        elif idx % 12 == 0 or i == 0:
            chart.ticks.append({"x": left + i * step, "label": month[:4], "anchor": "start"})
    chart.axis = {"left": left, "bottom": top + plot_h, "top": top, "right": chart.width - 2}
    return chart


# --- the highlighted document ---------------------------------------------------------------------------


@dataclass
class Mark:
    kind: str  # person | event | date | place | quote | cue | turn | topic | statement | furniture | meta
    start: int
    end: int
    feeds: str  # the field it feeds, in words


@dataclass
class Segment:
    text: str
    start: int
    kinds: list[str]
    feeds: list[str]
    anchor: str | None = None

    @property
    def classes(self) -> str:
        return " ".join("m-" + k for k in self.kinds)

    @property
    def title(self) -> str:
        return "\n".join(self.feeds)


def _span(v: Any) -> tuple[int, int] | None:
    if isinstance(v, list | tuple) and len(v) == 2 and all(isinstance(x, int) for x in v) and v[0] < v[1]:
        return v[0], v[1]
    return None


def record_marks(record: dict[str, Any]) -> list[Mark]:
    """Every span of an extraction record as a Mark saying which field it feeds."""
    marks: list[Mark] = []

    def add(kind: str, span: Any, feeds: str) -> None:
        s = _span(span)
        if s:
            marks.append(Mark(kind, s[0], s[1], feeds))

    doc = record.get("doc") or {}
    add("meta", doc.get("title_span"), "document title (doc.title)")
    add("date", doc.get("published_span"), "publication date (doc.published)")
    for i, p in enumerate(record.get("persons") or []):
        who = p.get("name", "?") + (f", {p['title']}" if p.get("title") else "")
        for m in p.get("mentions") or []:
            add("person", m, f"person: {who} (persons[{i}].mentions)")
    for i, e in enumerate(record.get("events") or []):
        what = f"{kind_label(e.get('kind'))} on {human_date(e.get('date'))}"
        for s in e.get("evidence") or []:
            add("event", s, f"event: {what} (events[{i}].evidence)")
        add("date", e.get("date_span"), f"event date: {human_date(e.get('date'))} (events[{i}].date)")
        add("place", e.get("place_span"), f"event place: {e.get('place') or '?'} (events[{i}].place)")
    for i, q in enumerate(record.get("quotes") or []):
        add("quote", q.get("span"), f"quote by {q.get('speaker', '?')} (quotes[{i}])")
        add("cue", q.get("cue"), f"attribution of a quote by {q.get('speaker', '?')} (quotes[{i}].cue)")
    for i, tu in enumerate(record.get("turns") or []):
        extra = ", through an interpreter" if tu.get("interpreted") else ""
        role = f", {tu['role']}" if tu.get("role") else ""
        add("turn", tu.get("span"), f"transcript turn {i}: {tu.get('speaker', '?')}{role}{extra} (turns[{i}])")
    for tag, spans in (record.get("topic_evidence") or {}).items():
        for s in spans or []:
            add("topic", s, f"topic: {topic_label(tag)} (topic_evidence.{tag})")
    for i, st in enumerate(record.get("statements") or []):
        add("statement", st.get("span"),
            f"statement: {st.get('actor', '?')} {act_label(st.get('act'))} (statements[{i}])")
    for f in record.get("furniture") or []:
        add("furniture", f.get("span"), f"page furniture: {f.get('kind', '?')} (kept out of the analysis)")
    return marks


KIND_ORDER = ("furniture", "turn", "event", "topic", "statement", "quote", "cue", "meta", "date", "place", "person")


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """The text cut at every span boundary; each piece lists the kinds and fields of the spans covering it.

    The first piece of every span carries an anchor ``at-START`` (one per offset) to link to.
    """
    n = len(text)
    marks = [Mark(m.kind, max(0, m.start), min(n, m.end), m.feeds) for m in marks]
    marks = [m for m in marks if m.start < m.end]
    cuts = sorted({0, n} | {m.start for m in marks} | {m.end for m in marks})
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, m in enumerate(marks):
        starts.setdefault(m.start, []).append(i)
        ends.setdefault(m.end, []).append(i)
    active: dict[int, Mark] = {}
    out: list[Segment] = []
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    for a, b in zip(cuts, cuts[1:], strict=False):
        for i in ends.get(a, ()):
            active.pop(i, None)
        for i in starts.get(a, ()):
            active[i] = marks[i]
        cover = sorted(active.values(), key=lambda m: (order.get(m.kind, 99), m.start, m.feeds))
        kinds = sorted({m.kind for m in cover}, key=lambda k: order.get(k, 99))
        feeds = list(dict.fromkeys(m.feeds for m in cover))
        out.append(Segment(text[a:b], a, kinds, feeds, f"at-{a}" if a in starts else None))
    return out


# --- the event page ------------------------------------------------------------------------------------

EVENT_FIELDS = ("kind", "status", "date", "place", "country", "format", "name")
FIELD_LABELS = {"kind": "Kind", "status": "Status", "date": "Date", "place": "Place", "country": "Country",
                "format": "Format", "name": "Named format", "participants": "Participants"}


def field_value(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if name == "kind":
        return kind_label(value)
    if name == "date":
        return human_date(value)
    if name == "country":
        return country_name(value)
    if name == "format":
        return format_label(value)
    if name == "status":
        return str(value).capitalize()
    return str(value)


def event_title(ev: dict[str, Any]) -> str:
    """"Meeting (2+2), Tokyo" from an event's fields."""
    title = kind_label(ev.get("kind"))
    if ev.get("name"):
        title += f" ({ev['name']})"
    if ev.get("place"):
        title += f", {ev['place']}"
    elif ev.get("country"):
        title += f", {country_name(ev['country'])}"
    return title


def event_page(ev: dict[str, Any], cmp: dict[str, Any] | None, texts: dict[str, str]) -> dict[str, Any]:
    """What the event page shows: the merged fields with their support, and one column per source.

    ``texts``: document id -> text, to quote each telling's evidence passages.
    """
    docs = list(ev.get("documents") or [])
    for s in ev.get("sources") or []:
        if s["doc_id"] not in docs:
            docs.append(s["doc_id"])
    labels = {d: f"S{i + 1}" for i, d in enumerate(docs)}
    several = len(docs) > 1
    support = ev.get("support") or {}
    conflicts = ev.get("conflicts") or {}

    def backers(doc_ids: list[str]) -> list[dict[str, Any]]:
        ordered = sorted(set(doc_ids), key=lambda d: labels.get(d, d))
        return [{"label": labels.get(d, "?"), "doc_id": d} for d in ordered]

    fields = []
    for f in EVENT_FIELDS:
        entries = support.get(f) or []
        if ev.get(f) is None and not entries:
            continue
        values = [{"value": field_value(f, e.get("value")), "sources": backers(e.get("documents") or []),
                   "chosen": e.get("value") == ev.get(f)} for e in entries]
        fields.append({"name": f, "label": FIELD_LABELS[f], "value": field_value(f, ev.get(f)), "claims": values,
                       "conflict": f in conflicts, "several": len(values) > 1})
    part_support = {e.get("value"): e.get("documents") or [] for e in support.get("participants") or []}
    participants = [{"name": p, "sources": backers(part_support.get(p, [])),
                     "only": several and len(part_support.get(p, [])) == 1}
                    for p in ev.get("participants") or []]
    conflict_list = [{"label": FIELD_LABELS.get(f, f), "claims": [
        {"value": field_value(f, e.get("value")), "sources": backers(e.get("documents") or [])} for e in entries]}
        for f, entries in conflicts.items()]

    per_doc = (cmp or {}).get("sources") or {}
    only = (cmp or {}).get("only") or {}
    columns = []
    for d in docs:
        items = per_doc.get(d) or {}
        alone = only.get(d) or {}
        tellings = []
        for s in ev.get("sources") or []:
            if s["doc_id"] != d:
                continue
            rows = []
            for f in EVENT_FIELDS:
                if s.get(f) is None:
                    continue
                differs = s.get(f) != ev.get(f)
                rows.append({"label": FIELD_LABELS[f], "value": field_value(f, s.get(f)), "differs": differs,
                             "conflict": differs and f in conflicts})
            text = texts.get(d, "")
            passages = []
            for sp in s.get("evidence") or []:
                span = _span(sp)
                if span:
                    excerpt = text[span[0]:span[1]]
                    passages.append({"start": span[0], "text": excerpt[:600] + ("…" if len(excerpt) > 600 else "")})
            tellings.append({"rows": rows, "participants": [
                {"name": p, "only": several and part_support.get(p, []) == [d]} for p in s.get("participants") or []],
                "passages": passages})
        document = (items.get("document") or next((s.get("document") for s in ev.get("sources") or []
                                                   if s["doc_id"] == d), None) or {"id": d})
        columns.append({
            "doc_id": d, "label": labels[d], "document": document, "url": safe_link(document.get("url")),
            "tellings": tellings,
            "topics": [{"tag": x, "only": several and x in (alone.get("topics") or [])}
                       for x in items.get("topics") or []],
            "quotes": [dict(q, only=several and q in (alone.get("quotes") or [])) for q in items.get("quotes") or []],
            "statements": [dict(st, only=several and st in (alone.get("statements") or []))
                           for st in items.get("statements") or []],
        })
    return {"title": event_title(ev), "labels": labels, "several": several, "fields": fields,
            "participants": participants, "conflicts": conflict_list, "columns": columns}
