"""Feed and listing parsing, and the checks of a sources file."""

from __future__ import annotations

import pytest

from fetch.site import atom, rss
from readouts.errors import ConfigError, ParseError
from readouts.fetch.feeds import parse_feed, parse_listing
from readouts.fetch.sources import load_sources

BASE = "http://127.0.0.1:8000/feed.xml"


def test_rss_items_come_in_feed_order_with_absolute_links_titles_and_dates():
    body = rss([("Minister meets envoy", "/news/1.html", "Tue, 02 Jan 2024 10:00:00 GMT"),
                ("Ministers hold call", "http://127.0.0.1:8000/news/2.html", "Wed, 03 Jan 2024 09:00:00 GMT"),
                ("Minister meets envoy", "/news/1.html#top", "Tue, 02 Jan 2024 10:00:00 GMT")])
    items = parse_feed(body.encode(), BASE)
    assert [(i.url, i.title, i.published) for i in items] == [
        ("http://127.0.0.1:8000/news/1.html", "Minister meets envoy", "2024-01-02"),
        ("http://127.0.0.1:8000/news/2.html", "Ministers hold call", "2024-01-03")]


def test_atom_entries_are_items_too():
    items = parse_feed(atom([("Joint statement", "http://127.0.0.1:8000/a.html", "2024-02-05T08:00:00Z")]).encode(),
                       BASE)
    assert [(i.url, i.published) for i in items] == [("http://127.0.0.1:8000/a.html", "2024-02-05")]


@pytest.mark.parametrize("body", [b"<html><body><p>Not a feed</p></body></html>", b"", b"\x00\x01garbage"])
def test_what_is_not_a_feed_is_a_parse_error(body):
    with pytest.raises(ParseError, match="feed"):
        parse_feed(body, BASE)


def test_listing_links_matching_the_pattern_on_the_same_host():
    html = ('<html><body><a href="/en/press/2024/01/a.html">Press release A</a>'
            '<a href="/en/about.html">About</a><a href="https://elsewhere.example/en/press/2024/x.html">x</a>'
            '<a href="/en/press/2024/01/b.html#section">B</a><a href="mailto:press@example.gov">mail</a>'
            '<a href="/en/press/2024/01/a.html">again</a></body></html>')
    items = parse_listing(html.encode(), "http://127.0.0.1:8000/en/press/", r"/en/press/\d{4}/")
    assert [(i.url, i.title) for i in items] == [("http://127.0.0.1:8000/en/press/2024/01/a.html", "Press release A"),
                                                 ("http://127.0.0.1:8000/en/press/2024/01/b.html", "B")]


def _write(tmp_path, text: str):
    p = tmp_path / "sources.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_sources_file_is_read_with_defaults_applied(tmp_path):
    p = _write(tmp_path, "defaults: {host_interval: 5, max_items: 3}\nsources:\n"
                         "  - {name: a, kind: feed, url: 'https://example.gov/rss.xml', publisher: Ministry}\n"
                         "  - {name: b, kind: listing, url: 'https://example.gov/press/', link_pattern: '/press/\\d+',"
                         " max_items: 10}\n")
    a, b = load_sources(p)
    assert (a.name, a.kind, a.host_interval, a.max_items, a.publisher) == ("a", "feed", 5.0, 3, "Ministry")
    assert (b.kind, b.max_items, b.link_pattern) == ("listing", 10, r"/press/\d+")


@pytest.mark.parametrize("text, message", [
    ("sources: []", "non-empty 'sources'"),
    ("sources:\n  - {name: a, kind: rss, url: 'https://x.gov/'}", "kind must be one of"),
    ("sources:\n  - {name: a, kind: feed, url: 'ftp://x.gov/'}", "http"),
    ("sources:\n  - {name: a, kind: feed}", "'url' is required"),
    ("sources:\n  - {name: a, kind: feed, url: 'https://x.gov/'}\n  - {name: a, kind: feed, url: 'https://y.gov/'}",
     "used twice"),
    ("sources:\n  - {name: a, kind: listing, url: 'https://x.gov/', link_pattern: '(['}", "regular expression"),
    ("sources:\n  - {name: a, kind: feed, url: 'https://x.gov/', max_items: lots}", "must be a number"),
    ("sources:\n  - {name: a, kind: feed, url: 'https://x.gov/', colour: blue}", "unknown key"),
    ("sources: [\n", "not valid YAML"),
])
def test_mistakes_in_a_sources_file_are_named(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_sources(_write(tmp_path, text))


def test_a_missing_sources_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_sources(tmp_path / "nope.yaml")


def test_the_example_sources_file_of_the_repository_is_valid():
    from pathlib import Path

    sources = load_sources(Path(__file__).resolve().parents[2] / "sources.example.yaml")
    assert len(sources) >= 6 and all(s.url.startswith("https://") for s in sources)
    assert {s.kind for s in sources} == {"feed", "listing"}


def test_a_feed_body_that_names_a_local_file_is_not_read_as_one(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text(rss([("Leaked", "http://127.0.0.1:8000/secret.html", "Tue, 02 Jan 2024 10:00:00 GMT")]))
    with pytest.raises(ParseError):
        parse_feed(str(secret).encode(), BASE)


def test_malformed_links_are_skipped_not_raised():
    html = '<a href="http://[::1">broken</a><a href="/ok/1.html">fine</a>'
    assert [i.url for i in parse_listing(html.encode(), "http://127.0.0.1:8000/")] == ["http://127.0.0.1:8000/ok/1.html"]
