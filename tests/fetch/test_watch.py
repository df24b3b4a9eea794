"""`readouts ingest URL`, `readouts watch` and `readouts sources status` against a local site:
pages stored with their raw HTML and addresses, mirrors stored once, conditional second passes,
and every failure logged with its reason while the other sources go on."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from fetch.pages import KIHARA, MARLES, TEODORO, TEODORO_OTHER
from fetch.site import Route, free_port, page, rss
from readouts.cli import app
from readouts.fetch.http import Fetcher, Policy
from readouts.fetch.sources import Source
from readouts.store import open_store, queries
from readouts.store import schema as t
from readouts.watch import ingest_urls, watch_once

pytestmark = pytest.mark.slow
OUT = Path(__file__).resolve().parents[2] / "test-output"


def quick() -> Fetcher:
    return Fetcher(Policy(host_interval=0.0, backoff=0.01, retries=1, timeout=1.0))


def src(name: str, kind: str, url: str, **kw) -> Source:
    return Source(name=name, kind=kind, url=url, host_interval=0.0, timeout=1.0, **kw)


def rows(store, table, *where):
    with store.connect() as conn:
        return [dict(r) for r in conn.execute(select(table).where(*where)).mappings()]


def test_a_fetched_page_is_stored_with_its_raw_html_address_time_and_status(site, tmp_path):
    html = page(*TEODORO)
    url = site.add("/releases/teodoro.html", html)
    store = open_store(str(tmp_path / "s.db"))
    [res] = ingest_urls(store, [url], fetcher=quick())
    assert res.outcome == "new"
    [doc] = rows(store, t.documents)
    assert doc["url"] == url and doc["path"] == url and doc["source_format"] == "html"
    assert doc["raw"] == html.encode() and "Enhanced Defense Cooperation Agreement" in doc["text"]
    assert "Home | News" not in doc["text"]  # the site's furniture is not the text
    [addr] = rows(store, t.document_urls)
    assert (addr["url"], addr["doc_id"], addr["status"], addr["via"]) == (url, doc["id"], 200, "fetched")
    assert addr["first_seen"] and addr["first_seen"] == addr["last_seen"]
    record = json.loads(doc["record"])
    names = {p["name"] for p in record["persons"]}
    assert "Lloyd J. Austin III" in names and any("Teodoro" in n for n in names)
    assert [e["kind"] for e in record["events"]] == ["meeting"]
    [log] = rows(store, t.fetch_log)
    assert (log["url"], log["outcome"], log["status"], log["doc_id"]) == (url, "new", 200, doc["id"])

    again = ingest_urls(store, [url], fetcher=quick())
    assert again[0].outcome == "unchanged" and len(rows(store, t.documents)) == 1


def test_a_mirror_under_other_furniture_is_stored_once_with_every_address(site, tmp_path):
    original = site.add("/releases/teodoro.html", page(*TEODORO))
    mirror = site.add("/mirror/teodoro.html", page(*TEODORO, nav="Partner news digest | Archive | Search",
                                                    footer="Mirrored from the original release. All rights reserved."))
    other = site.add("/dnd/teodoro.html", page(*TEODORO_OTHER))
    store = open_store(str(tmp_path / "s.db"))
    results = ingest_urls(store, [original, mirror, other], fetcher=quick())
    assert [r.outcome for r in results] == ["new", "duplicate", "new"]
    assert results[1].doc_id == results[0].doc_id and results[1].similarity >= 0.7
    with store.connect() as conn:
        addrs = queries.document_urls(conn, results[0].doc_id)
    assert [(a["url"], a["via"]) for a in addrs] == [(original, "fetched"), (mirror, "near-duplicate")]
    assert len(rows(store, t.documents)) == 2  # the other government's account is its own document


def test_a_page_that_changed_replaces_its_old_version_at_the_same_address(site, tmp_path):
    url = site.add("/releases/call.html", page(*MARLES))
    store = open_store(str(tmp_path / "s.db"))
    first = ingest_urls(store, [url], fetcher=quick())[0]
    title, body = MARLES
    site.add("/releases/call.html", page(title, body + "\n\nThe two leaders also discussed Ukraine."))
    second = ingest_urls(store, [url], fetcher=quick())[0]
    assert second.outcome == "updated" and second.doc_id != first.doc_id
    assert [d["id"] for d in rows(store, t.documents)] == [second.doc_id]
    assert [a["doc_id"] for a in rows(store, t.document_urls)] == [second.doc_id]


def _feed_site(site):
    a = site.add("/releases/teodoro.html", page(*TEODORO))
    b = site.add("/releases/marles.html", page(*MARLES))
    site.add("/releases/rss.xml", rss([("Teodoro meeting", a, "Tue, 09 Apr 2024 15:00:00 GMT"),
                                      ("Marles call", b, "Wed, 10 Apr 2024 15:00:00 GMT")]),
             content_type="application/rss+xml")
    site.add("/jp/press/index.html", '<html><body><ul><li><a href="/jp/press/2024/kihara.html">Telephone talk</a>'
             '</li><li><a href="/jp/about.html">About the ministry</a></li></ul></body></html>')
    site.add("/jp/press/2024/kihara.html", page(*KIHARA))
    site.add("/robots.txt", "User-agent: *\nDisallow: /drafts/\n", content_type="text/plain")
    return [src("dod", "feed", site.url("/releases/rss.xml"), publisher="U.S. Department of Defense"),
            src("mod", "listing", site.url("/jp/press/index.html"), link_pattern=r"/jp/press/\d{4}/")]


def test_a_second_pass_over_unchanged_sources_makes_only_conditional_requests(site, store_url):
    sources = _feed_site(site)
    store = open_store(store_url)
    first = watch_once(store, sources, fetcher=quick())
    assert first.outcomes == {"new": 3}
    docs = rows(store, t.documents)
    assert len(docs) == 3
    teodoro = next(d for d in docs if "teodoro" in d["url"])
    assert (teodoro["published"], teodoro["publisher"]) == ("2024-04-09", "U.S. Department of Defense")

    before = len(site.requests)
    second = watch_once(store, sources, fetcher=quick())
    asked = site.requests[before:]
    assert second.outcomes == {"not_modified": 2}
    assert [(r.path, r.status) for r in asked] == [("/releases/rss.xml", 304), ("/jp/press/index.html", 304)]
    assert all("If-None-Match" in r.headers for r in asked)  # robots.txt, checked within the day, is not asked
    assert second.requests == second.conditional == 2 and second.bytes == 0
    assert len(rows(store, t.documents)) == 3
    OUT.mkdir(exist_ok=True)
    (OUT / "watch.json").write_text(json.dumps({
        p: {"requests": r.requests, "conditional": r.conditional, "bytes": r.bytes, "seconds": round(r.seconds, 3),
            "outcomes": r.outcomes} for p, r in (("first_pass", first), ("second_pass", second))}, indent=2))


def test_a_feed_that_changed_brings_only_its_new_items(site, tmp_path):
    sources = _feed_site(site)[:1]
    store = open_store(str(tmp_path / "s.db"))
    watch_once(store, sources, fetcher=quick())
    c = site.add("/releases/kihara.html", page(*KIHARA))
    site.add("/releases/rss.xml", rss([("Kihara call", c, "Fri, 12 Apr 2024 15:00:00 GMT"),
                                      ("Teodoro meeting", site.url("/releases/teodoro.html"),
                                       "Tue, 09 Apr 2024 15:00:00 GMT")]), content_type="application/rss+xml")
    before = len(site.requests)
    report = watch_once(store, sources, fetcher=quick())
    assert report.outcomes == {"new": 1}
    assert [r.path for r in site.requests[before:]] == ["/releases/rss.xml", "/releases/kihara.html"]


def test_every_failure_is_logged_with_its_reason_and_the_other_sources_go_on(site, store_url):
    good = site.add("/ok/teodoro.html", page(*TEODORO))
    items = [("good", good), ("gone", site.url("/ok/missing.html")),
             ("loop", site.add("/ok/loop", Route(redirect="/ok/loop"))),
             ("image", site.add("/ok/photo.png", Route(b"\x89PNG\r\n\x1a\n", content_type="image/png"))),
             ("slow", site.add("/ok/slow.html", Route(page(*MARLES), delay=3))),
             ("hidden", site.add("/drafts/kihara.html", page(*KIHARA)))]
    site.add("/robots.txt", "User-agent: *\nDisallow: /drafts/\n", content_type="text/plain")
    site.add("/ok/rss.xml", rss([(n, u, "Tue, 09 Apr 2024 15:00:00 GMT") for n, u in items]),
             content_type="application/rss+xml")
    site.add("/bad/feed.xml", "<html><body>Sorry, our feed moved.</body></html>")
    sources = [src("down", "feed", f"http://127.0.0.1:{free_port()}/rss.xml"),
               src("not-xml", "feed", site.url("/bad/feed.xml")),
               src("missing-feed", "feed", site.url("/no/feed.xml")),
               src("mixed", "feed", site.url("/ok/rss.xml"))]
    store = open_store(store_url)
    report = watch_once(store, sources, fetcher=quick())
    reasons = {(s, u.rsplit("/", 1)[-1]): r for s, u, r in report.errors}
    assert reasons[("down", "rss.xml")].startswith("cannot connect")
    assert reasons[("not-xml", "feed.xml")].startswith("not an RSS or Atom feed")
    assert reasons[("missing-feed", "feed.xml")] == "HTTP 404"
    assert reasons[("mixed", "missing.html")] == "HTTP 404"
    assert "redirect" in reasons[("mixed", "loop")]
    assert reasons[("mixed", "photo.png")] == "not an HTML page (image/png)"
    assert reasons[("mixed", "slow.html")].startswith("timed out")
    assert reasons[("mixed", "kihara.html")] == "disallowed by robots.txt"
    assert report.outcomes["new"] == 1 and len(rows(store, t.documents)) == 1
    with store.connect() as conn:
        status = {r["source"]: r for r in queries.sources_status(conn)}
        failures = queries.fetch_failures(conn, 50)
    assert status["mixed"]["documents"] == 1 and status["mixed"]["failed"] == 5
    assert status["down"]["last_outcome"].startswith("error (cannot connect")
    assert len(failures) == len(report.errors) == 8
    # a transient failure (the slow page) keeps the feed's validators unsaved: the next pass retries it
    assert store.validators(site.url("/ok/rss.xml")) == (None, None, None)


def test_the_command_line_ingests_urls_watches_and_reports(site, tmp_path):
    sources = _feed_site(site)
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    one = runner.invoke(app, ["ingest", site.url("/releases/teodoro.html"), "--db", db])
    assert one.exit_code == 0, one.output
    assert "new " + site.url("/releases/teodoro.html") in one.output
    bad = runner.invoke(app, ["ingest", site.url("/missing.html"), "--db", db])
    assert bad.exit_code == 1 and "HTTP 404" in bad.output

    yaml_path = tmp_path / "sources.yaml"
    yaml_path.write_text("defaults: {host_interval: 0, timeout: 2}\nsources:\n" + "".join(
        f"  - {{name: {s.name}, kind: {s.kind}, url: '{s.url}'"
        + (f", link_pattern: '{s.link_pattern}'" if s.link_pattern else "") + "}\n" for s in sources))
    first = runner.invoke(app, ["watch", str(yaml_path), "--once", "--db", db])
    assert first.exit_code == 0, first.output
    assert "pass 1: 2 new;" in first.output  # teodoro was stored by `ingest` already: not fetched again
    second = runner.invoke(app, ["watch", str(yaml_path), "--once", "--db", db])
    assert "pass 1: 2 not_modified; 2 requests (2 conditional), 0 bytes" in second.output
    status = runner.invoke(app, ["sources", "status", str(yaml_path), "--db", db, "--format", "json"])
    assert status.exit_code == 0, status.output
    by_name = {r["source"]: r for r in json.loads(status.output)}
    assert by_name["dod"]["documents"] == 1 and by_name["dod"]["last_outcome"] == "not_modified"
    assert by_name["mod"]["documents"] == 1
    assert runner.invoke(app, ["watch", str(tmp_path / "nope.yaml"), "--once"]).exit_code == 2


def test_stored_pages_are_extracted_again_from_their_raw_html_without_fetching(site, tmp_path):
    url = site.add("/releases/teodoro.html", page(*TEODORO))
    db = str(tmp_path / "s.db")
    store = open_store(db)
    [res] = ingest_urls(store, [url], fetcher=quick())
    with store.engine.begin() as conn:  # as if an older pipeline had made the record
        conn.execute(t.documents.update().values(pipeline_version="0.0.1+old", record='{"persons": []}'))
    site.close()  # the site is gone: nothing may be fetched
    out = CliRunner().invoke(app, ["reextract", "--db", db])
    assert out.exit_code == 0, out.output
    assert "1 re-extracted, 0 failed" in out.output
    [doc] = rows(store, t.documents)
    assert doc["id"] == res.doc_id and doc["pipeline_version"] != "0.0.1+old"
    assert any("Teodoro" in p["name"] for p in json.loads(doc["record"])["persons"])
    assert [a["doc_id"] for a in rows(store, t.document_urls)] == [res.doc_id]
    assert "0 re-extracted" in CliRunner().invoke(app, ["reextract", "--db", db]).output


def test_watch_without_once_passes_again_after_the_interval(site, tmp_path):
    from readouts.watch import watch

    sources = [dataclasses.replace(s, interval=600.0) for s in _feed_site(site)]
    store = open_store(str(tmp_path / "s.db"))
    pauses, reports = [], []
    watch(store, sources, passes=3, sleep=pauses.append, on_pass=lambda n, r: reports.append(r.outcomes))
    assert reports == [{"new": 3}, {"not_modified": 2}, {"not_modified": 2}]
    assert len(pauses) == 2 and all(590 < p <= 600 for p in pauses)


def test_a_source_that_breaks_does_not_stop_the_others(site, tmp_path, monkeypatch):
    import readouts.watch as w

    sources = _feed_site(site)
    real = w.parse_listing

    def broken(*args, **kw):
        raise RuntimeError("listing parser exploded")

    monkeypatch.setattr(w, "parse_listing", broken)
    store = open_store(str(tmp_path / "s.db"))
    report = watch_once(store, list(reversed(sources)), fetcher=quick())  # the broken one first
    assert report.outcomes == {"error": 1, "new": 2}
    assert report.errors[0][0] == "mod" and "listing parser exploded" in report.errors[0][2]
    monkeypatch.setattr(w, "parse_listing", real)


def test_items_that_failed_for_good_are_not_asked_again_when_the_feed_changes(site, tmp_path):
    good = site.add("/releases/teodoro.html", page(*TEODORO))
    gone = site.url("/releases/withdrawn.html")
    site.add("/releases/rss.xml", rss([("Teodoro", good, "Tue, 09 Apr 2024 15:00:00 GMT"),
                                      ("Withdrawn", gone, "Tue, 09 Apr 2024 16:00:00 GMT")]),
             content_type="application/rss+xml")
    sources = [src("dod", "feed", site.url("/releases/rss.xml"))]
    store = open_store(str(tmp_path / "s.db"))
    assert watch_once(store, sources, fetcher=quick()).outcomes == {"new": 1, "error": 1}
    newer = site.add("/releases/marles.html", page(*MARLES))
    site.add("/releases/rss.xml", rss([("Marles", newer, "Wed, 10 Apr 2024 15:00:00 GMT"),
                                      ("Teodoro", good, "Tue, 09 Apr 2024 15:00:00 GMT"),
                                      ("Withdrawn", gone, "Tue, 09 Apr 2024 16:00:00 GMT")]),
             content_type="application/rss+xml")
    assert watch_once(store, sources, fetcher=quick()).outcomes == {"new": 1}
    assert len(site.seen("/releases/withdrawn.html")) == 1


def test_a_page_in_a_declared_encoding_is_read_in_it(site, tmp_path):
    title, body = MARLES
    name = "\u0418\u0432\u0430\u043d\u043e\u0432\u0430"
    html = page(title, body + f"\n\nThe ministers were joined by Deputy Minister Ivanova ({name}).")
    url = site.add("/releases/cp1251.html", Route(html.encode("cp1251"),
                                                  content_type="text/html; charset=windows-1251"))
    store = open_store(str(tmp_path / "s.db"))
    [res] = ingest_urls(store, [url], fetcher=quick())
    assert res.outcome == "new"
    assert name in rows(store, t.documents)[0]["text"]
