"""The web UI, server side: every page renders the store's data, unknown ids get the HTML 404 page,
and untrusted text (titles, names, quotes, document text) is always escaped.

The store is filled with hand-built extractions (no spaCy model), so these tests are fast.
"""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from readouts.api import create_app
from readouts.model import Document, Event, Extraction, Furniture, Person, Quote, Statement, TopicHit, Turn
from readouts.store import open_store
from readouts.web import render

AUSTIN = "Lloyd J. Austin III"
HAMADA = "Yasukazu Hamada"
EVIL = "Eve <img src=x onerror=alert(2)>"
HOSTILE_TEXT = (
    "<script>alert(1)</script> Hostile bulletin\n\n"
    "Officials met. <img src=x onerror=alert(1)> Read more at [this link](javascript:alert(1)).\n"
    f'{EVIL} said: "<script>alert(4)</script> we agree on Taiwan."\n'
)


def _span(text: str, part: str, start: int = 0) -> tuple[int, int]:
    i = text.index(part, start)
    return i, i + len(part)


def _us_readout() -> Extraction:
    text = ("Readout of Secretary Austin's Meeting With Japanese Minister of Defense Hamada\n\n"
            "Secretary of Defense Lloyd J. Austin III met Japanese Minister of Defense Hamada Yasukazu at the "
            "Pentagon on June 21, 2023. Secretary Austin reaffirmed that Article V of the treaty applies to the "
            'Senkaku Islands. "Our alliance is ironclad," Austin said.\n\nPhoto: VIRIN 230621-D-XX123\n')
    doc = Document(id="aaaa000000000001", path="web/us-readout.txt", text=text, title=text.splitlines()[0],
                   published="2023-06-21", publisher="U.S. Department of Defense", doc_type="readout",
                   url="https://www.defense.example.org/readout-austin-hamada")
    doc.furniture = [Furniture("photo_caption", _span(text, "Photo: VIRIN 230621-D-XX123"))]
    meet = _span(text, "Secretary of Defense Lloyd J. Austin III met")
    meet = (meet[0], text.index("2023.") + 5)
    senkaku = _span(text, "Secretary Austin reaffirmed that Article V of the treaty applies to the Senkaku Islands.")
    quote_span = _span(text, "Our alliance is ironclad,")
    return Extraction(
        doc=doc,
        persons=[Person(AUSTIN, "Secretary of Defense", "US", [_span(text, "Austin"), _span(text, AUSTIN)],
                        kb_id="austin-lloyd", aliases=["Austin", AUSTIN]),
                 Person(HAMADA, "Minister of Defense", "JP", [_span(text, "Hamada"), _span(text, "Hamada Yasukazu")],
                        kb_id="hamada-yasukazu", aliases=["Hamada", "Hamada Yasukazu"])],
        events=[Event("meeting", "held", "2023-06-21", "US", "Pentagon", "in_person", [AUSTIN, HAMADA], [meet],
                      parties=["JP", "US"], place_key="US:Pentagon")],
        quotes=[Quote(AUSTIN, "Our alliance is ironclad,", quote_span)],
        topic_hits=[TopicHit("senkaku", senkaku, "senkaku"), TopicHit("alliance_commitment", senkaku, "article v")],
        statements=[Statement(AUSTIN, "reaffirm", ["senkaku", "alliance_commitment"], text[senkaku[0]:senkaku[1]],
                              senkaku)],
    )


def _jp_summary() -> Extraction:
    text = ("Japan-U.S. Defense Ministerial Meeting\n\n"
            "On June 21, 2023, Minister of Defense Hamada Yasukazu held a meeting with Secretary of Defense "
            "Lloyd J. Austin III in Washington, D.C. The two ministers expressed serious concern about the "
            "situation in the Taiwan Strait.\n")
    doc = Document(id="bbbb000000000002", path="web/jp-summary.txt", text=text, title=text.splitlines()[0],
                   published="2023-06-22", publisher="Ministry of Defense of Japan", doc_type="summary")
    meet = _span(text, "On June 21, 2023, Minister of Defense Hamada Yasukazu held a meeting")
    taiwan = _span(text, "The two ministers expressed serious concern about the situation in the Taiwan Strait.")
    return Extraction(
        doc=doc,
        persons=[Person(HAMADA, "Minister of Defense", "JP", [_span(text, "Hamada Yasukazu")], kb_id="hamada-yasukazu"),
                 Person(AUSTIN, "Secretary of Defense", "US", [_span(text, AUSTIN)], kb_id="austin-lloyd")],
        events=[Event("meeting", "held", "2023-06-21", "US", "Washington, D.C.", "in_person", [HAMADA, AUSTIN],
                      [meet], parties=["JP", "US"], place_key="US:Washington")],
        topic_hits=[TopicHit("taiwan_strait", taiwan, "taiwan strait")],
        statements=[Statement("JP+US", "express_concern", ["taiwan_strait"], text[taiwan[0]:taiwan[1]], taiwan)],
    )


def _hostile() -> Extraction:
    text = HOSTILE_TEXT
    doc = Document(id="cccc000000000003", path="web/<script>hostile</script>.txt", text=text,
                   title="<script>alert('title')</script> Hostile bulletin", published="2022-01-05",
                   publisher="<b>Bad</b> Press", doc_type="news", url="javascript:alert(5)")
    q = _span(text, "<script>alert(4)</script> we agree on Taiwan.")
    return Extraction(
        doc=doc,
        persons=[Person(EVIL, None, None, [_span(text, EVIL)])],
        events=[Event("call", "held", "2022-01-05", None, "<script>alert(3)</script>", "phone", [EVIL],
                      [_span(text, "Officials met.")])],
        quotes=[Quote(EVIL, text[q[0]:q[1]], q)],
        turns=[Turn(EVIL, "EVE", False, q, role="statement")],
        topic_hits=[TopicHit("taiwan_strait", q, "taiwan")],
        statements=[Statement(EVIL, "agree", ["taiwan_strait"], text[q[0]:q[1]], q)],
    )


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    db = str(tmp_path_factory.mktemp("web") / "web.db")
    store = open_store(db)
    for ex in (_us_readout(), _jp_summary(), _hostile()):
        store.save(ex, "fp-" + ex.doc.id, version="test")
    return TestClient(create_app(store=store))


@pytest.fixture(scope="module")
def shared_event(client) -> str:
    html = client.get("/?person=Hamada").text
    ids = re.findall(r'href="/events/(ev-[0-9a-f]+)"', html)
    assert len(set(ids)) == 1, ids
    return ids[0]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _tags(html: str) -> list[tuple[str, dict[str, str]]]:
    """Every start tag of the page with its (unescaped) attributes, as a browser would parse them."""
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _no_active_content(html: str) -> None:
    for tag, attrs in _tags(html):
        assert tag not in ("style", "iframe", "object", "embed", "img"), tag
        assert tag != "script" or attrs.get("src", "").startswith("/static/"), "inline script"
        assert not [a for a in attrs if a.startswith("on")], f"event handler on <{tag}>"
        assert "style" not in attrs, f"style attribute on <{tag}>"
        for a in ("href", "src", "action"):
            assert not attrs.get(a, "").strip().lower().startswith("javascript:"), f"javascript: URL in <{tag}>"


def _visible(html: str) -> str:
    """The page's text roughly as a reader sees it: tags dropped, entities kept escaped."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- every page ----------------------------------------------------------------------------------------


def test_timeline_lists_engagements_with_a_month_chart(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="en">' in r.text
    text = _visible(r.text)
    assert "2 engagements" in text
    assert "21 June 2023" in text and AUSTIN in text and HAMADA in text
    assert "<svg" in r.text and "Engagements per month" in text
    assert "June 2023: 1 engagement<" in r.text  # the bar's tooltip
    assert 'href="/persons/Lloyd%20J.%20Austin%20III"' in r.text


@pytest.mark.parametrize(("query", "expected"), [
    ("person=Hamada", "1 engagement matching"),
    ("kind=call", "1 engagement matching"),
    ("kind=press_conference", "No engagements match these filters"),
    ("country=jp", "1 engagement matching"),
    ("topic=senkaku", "1 engagement matching"),
    ("since=2023-01&until=2023-12", "1 engagement matching"),
    ("since=2024", "No engagements match these filters"),
])
def test_timeline_filters(client, query, expected):
    r = client.get("/?" + query)
    assert r.status_code == 200
    assert expected in _visible(r.text)


def test_timeline_bad_filters_are_explained_not_errors(client):
    r = client.get("/?since=June&country=Japan&topic=nope&kind=dinner&offset=x")
    assert r.status_code == 200
    text = _visible(r.text)
    assert "is not a date" in text and "two-letter code" in text and "Unknown topic" in text
    assert "2 engagements" in text


def test_timeline_pages(client):
    text = _visible(client.get("/?offset=1").text)
    assert "2–2 of 2 engagements" in text and "Previous" in text


def test_event_page_sets_the_sources_side_by_side(client, shared_event):
    r = client.get(f"/events/{shared_event}")
    assert r.status_code == 200
    text = _visible(r.text)
    assert "2 sources" in text
    # both sources, each with its own telling and links to the document
    assert "Readout of Secretary Austin" in text and "Japan-U.S. Defense Ministerial Meeting" in text
    assert 'href="/documents/aaaa000000000001"' in r.text and 'href="/documents/bbbb000000000002"' in r.text
    assert 'id="source-S1"' in r.text and 'id="source-S2"' in r.text
    # the disagreement on the place is flagged, with who says what
    assert "The sources disagree" in text
    assert "“Pentagon” ( S1 ) versus “Washington, D.C.” ( S2 )" in text
    # what only one source says
    assert "only in S2" in text and "Taiwan Strait" in text
    assert '<a class="chip chip-only" href="/topics/taiwan_strait">' in r.text
    assert "“Our alliance is ironclad,”" in text
    # the telling's own passage, linked into the document
    assert "met Japanese Minister of Defense Hamada Yasukazu at the Pentagon" in text
    assert re.search(r'href="/documents/aaaa000000000001#at-\d+"', r.text)
    # original page only for web addresses, opened safely
    assert 'href="https://www.defense.example.org/readout-austin-hamada" rel="noopener noreferrer"' in r.text


def test_persons_list_and_person_page(client):
    r = client.get("/persons")
    assert r.status_code == 200
    text = _visible(r.text)
    assert AUSTIN in text and "Secretary of Defense" in text and "Japan" in text

    r = client.get("/persons/" + quote(AUSTIN))
    assert r.status_code == 200
    text = _visible(r.text)
    assert "Offices" in text and "Secretary of Defense (United States)" in text
    assert "Met with" in text and HAMADA in text
    assert "Engagements attended (1)" in text and "21 June 2023" in text
    assert "“Our alliance is ironclad,”" in text
    assert "Documents that name Lloyd J. Austin III (2)" in text


def test_person_page_by_partial_name(client):
    r = client.get("/persons/Hamada")
    assert r.status_code == 200 and HAMADA in _visible(r.text)


def test_persons_filtered_by_country(client):
    text = _visible(client.get("/persons?country=JP").text)
    assert HAMADA in text and AUSTIN not in text


def test_topics_and_topic_tracker(client):
    r = client.get("/topics")
    assert r.status_code == 200
    text = _visible(r.text)
    assert "Senkaku Islands" in text and "Taiwan Strait" in text and "2 documents" in text

    r = client.get("/topics/senkaku")
    assert r.status_code == 200
    text = _visible(r.text)
    assert "Secretary Austin reaffirmed that Article V of the treaty applies to the Senkaku Islands." in text
    assert "reaffirmed" in text and AUSTIN in text
    assert re.search(r'href="/documents/aaaa000000000001#at-\d+"', r.text)
    assert "<svg" in r.text

    text = _visible(client.get("/topics/taiwan_strait").text)
    assert "Japan and United States expressed concern" in text
    assert "2 documents" in text


def test_document_page_highlights_every_extraction_in_place(client):
    r = client.get("/documents/aaaa000000000001")
    assert r.status_code == 200
    html = r.text
    assert re.search(r'<span class="[^"]*m-person[^"]*" title="[^"]*person: Lloyd J. Austin III, Secretary of Defense '
                     r'\(persons\[0\]\.mentions\)[^"]*" id="at-\d+">Lloyd J. Austin III</span>', html)
    assert 'class="m-furniture" title="page furniture: photo_caption' in html
    assert "(events[0].evidence)" in html and "(quotes[0])" in html and "(statements[0])" in html
    assert "(topic_evidence.senkaku)" in html
    assert 'href="https://www.defense.example.org/readout-austin-hamada" rel="noopener noreferrer"' in html
    # the text is all there, in order, once the tags are dropped
    doc_text = re.search(r'<div class="doctext" id="doctext">(.*?)</div>', html, re.S).group(1)
    assert htmllib.unescape(re.sub(r"<[^>]+>", "", doc_text)) == _us_readout().doc.text


def test_documents_list(client):
    text = _visible(client.get("/documents").text)
    assert "Readout of Secretary Austin" in text and "Japan-U.S. Defense Ministerial Meeting" in text


def test_search_marks_matches_in_snippets(client):
    r = client.get("/search?q=Senkaku")
    assert r.status_code == 200
    assert "<mark>Senkaku</mark>" in r.text
    r = client.get("/search?q=ironclad")
    assert "Quotes" in _visible(r.text) and "<mark>ironclad</mark>" in r.text
    assert "Nothing matches" in _visible(client.get("/search?q=zzzzqqq").text)
    assert client.get("/search").status_code == 200


@pytest.mark.parametrize("path", ["/events/ev-000000000000", "/documents/nope", "/persons/Nobody%20Atall",
                                  "/topics/not_a_topic", "/no/such/page"])
def test_unknown_ids_get_the_html_404_page(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "Not found" in r.text and 'href="/"' in r.text


def test_api_404_stays_json(client):
    r = client.get("/api/events/ev-000000000000")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_static_files_are_served(client):
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
    assert "javascript" in client.get("/static/app.js").headers["content-type"]


# --- untrusted text -------------------------------------------------------------------------------------


PAGES = ["/", "/?person=Eve", "/persons", "/topics", "/topics/taiwan_strait", "/documents",
         "/documents/cccc000000000003", "/search?q=alert", "/search?q=%3Cscript%3E", "/persons/Eve"]


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_is_escaped_everywhere(client, path):
    r = client.get(path)
    assert r.status_code == 200, path
    html = r.text
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Bad</b>" not in html
    _no_active_content(html)


def test_hostile_document_text_is_shown_as_text(client):
    html = client.get("/documents/cccc000000000003").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "[this link](javascript:alert(1))" in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Hostile bulletin" in html
    assert "Address given: <code>javascript:alert(5)</code>" in html  # not a link


def test_hostile_event_and_person(client):
    html = client.get("/?person=Eve").text
    event_id = re.search(r'href="/events/(ev-[0-9a-f]+)"', html).group(1)
    html = client.get(f"/events/{event_id}").text
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert 'href="/persons/Eve%20%3Cimg%20src%3Dx%20onerror%3Dalert%282%29%3E"' in html
    r = client.get("/persons/Eve%20%3Cimg%20src%3Dx%20onerror%3Dalert%282%29%3E")
    assert r.status_code == 200 and "Eve &lt;img src=x onerror=alert(2)&gt;" in r.text


@pytest.mark.parametrize("path", ["/", "/persons", "/topics", "/topics/senkaku", "/documents",
                                  "/documents/aaaa000000000001", "/search?q=Senkaku", "/nowhere"])
def test_pages_need_no_inline_script_or_style(client, path):
    r = client.get(path)
    assert "script-src 'self'" in r.headers["content-security-policy"]
    _no_active_content(r.text)


# --- helpers ----------------------------------------------------------------------------------------------


def test_snippet_escapes_then_marks():
    assert str(render.snippet_html("a [<b>] and [x] <i>")) == "a <mark>&lt;b&gt;</mark> and <mark>x</mark> &lt;i&gt;"
    assert str(render.snippet_html("unbalanced [ bracket")) == "unbalanced [ bracket"


def test_segments_cut_at_every_boundary_and_keep_the_text():
    text = "Austin met Hamada in Tokyo."
    marks = [render.Mark("person", 0, 6, "p0"), render.Mark("event", 0, 27, "e0"), render.Mark("person", 11, 17, "p1")]
    segs = render.segments(text, marks)
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.kinds) for s in segs] == [("Austin", ["event", "person"]), (" met ", ["event"]),
                                                  ("Hamada", ["event", "person"]), (" in Tokyo.", ["event"])]
    assert segs[0].anchor == "at-0" and segs[1].anchor is None and segs[2].anchor == "at-11"


def test_segments_tolerate_bad_spans():
    segs = render.segments("abc", [render.Mark("person", 2, 99, "x"), render.Mark("quote", 3, 1, "y")])
    assert [(s.text, s.kinds) for s in segs] == [("ab", []), ("c", ["person"])]


def test_month_chart_includes_empty_months():
    chart = render.month_chart({"2023-01": 2, "2023-04-05": 1, None: 3})
    assert [m for m, _ in chart.months] == ["2023-01", "2023-02", "2023-03", "2023-04"]
    assert [c for _, c in chart.months] == [2, 0, 0, 1]
    assert chart.other == 3 and chart.max == 2


def test_human_date_and_links():
    assert render.human_date("2023-06-20") == "20 June 2023"
    assert render.human_date("2023-06") == "June 2023"
    assert render.human_date(None) == "Undated"
    assert render.safe_link("javascript:alert(1)") is None
    assert render.safe_link("https://example.org/x") == "https://example.org/x"
    assert render.person_url("A/B <c>") == "/persons/A%2FB%20%3Cc%3E"
