"""What a watched source lists: the items of an RSS/Atom feed (feedparser), or the links of a
listing page that match a pattern (lxml)."""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from readouts.errors import ParseError


@dataclass(frozen=True)
class Item:
    url: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD


def parse_feed(body: bytes, base_url: str) -> list[Item]:
    """The items of an RSS or Atom feed, in feed order. Raises ParseError for anything else."""
    import feedparser  # imported lazily: only `watch` needs it

    if not body.strip():
        raise ParseError("empty response where a feed was expected")
    # bytes given to feedparser.parse would be taken for a file name: a stream, never a path
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": base_url})
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        raise ParseError("not an RSS or Atom feed" + (f" ({type(why).__name__})" if why else ""))
    items, seen = [], set()
    for entry in parsed.entries:
        link = entry.get("link") or next((lk.get("href") for lk in entry.get("links", []) if lk.get("href")), None)
        if not link:
            continue
        url = _absolute(link, base_url)
        if url is None or url in seen:
            continue
        seen.add(url)
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(Item(url, (entry.get("title") or "").strip() or None,
                          time.strftime("%Y-%m-%d", stamp) if stamp else None))
    return items


def parse_listing(body: bytes, base_url: str, pattern: str | None = None, other_hosts: bool = False) -> list[Item]:
    """Links of an HTML listing page, in page order: those whose absolute URL matches ``pattern``
    (a regular expression searched in the URL), on the page's own host unless ``other_hosts``."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(body)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"listing page could not be parsed ({type(exc).__name__})") from None
    rx = re.compile(pattern) if pattern else None
    host = urlsplit(base_url).netloc.lower()
    items, seen = [], {urldefrag(base_url)[0]}
    for a in root.iter("a"):
        href = a.get("href")
        url = _absolute(href, base_url) if href else None
        if url is None or url in seen:
            continue
        if not other_hosts and urlsplit(url).netloc.lower() != host:
            continue
        if rx and not rx.search(url):
            continue
        seen.add(url)
        title = " ".join(a.text_content().split()) or None
        items.append(Item(url, title))
    return items


def _absolute(link: str, base: str) -> str | None:
    try:
        url = urldefrag(urljoin(base, link.strip()))[0]
        return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc else None
    except ValueError:  # a malformed address ("http://[::1"): not an item
        return None
