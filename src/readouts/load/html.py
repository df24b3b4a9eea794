"""HTML -> clean main text with a real main-content extractor (trafilatura)."""

from __future__ import annotations

import re
from typing import Any

from readouts.errors import ParseError

_TAG = re.compile(r"<[^>]+>")


def html_to_text(html: str) -> tuple[str, dict[str, Any]]:
    """Return (clean text, metadata guessed from the page: title, date, sitename, url)."""
    import trafilatura  # imported lazily: only HTML inputs pay for it

    meta: dict[str, Any] = {}
    try:
        text = trafilatura.extract(
            html, include_comments=False, include_tables=True, favor_recall=True,
            with_metadata=False, deduplicate=False,
        )
        md = trafilatura.extract_metadata(html)
    except (ValueError, TypeError, RecursionError, AttributeError) as exc:  # malformed markup
        raise ParseError(f"HTML could not be parsed ({type(exc).__name__})") from exc
    if md is not None:
        meta = {k: getattr(md, k, None) for k in ("title", "date", "sitename", "url")}
    if not text:
        # no main content found: fall back to the page's visible text
        text = _TAG.sub(" ", re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", html))
        text = re.sub(r"[ \t]+", " ", text)
        text = re.sub(r"\n\s*\n+", "\n\n", text).strip()
    title = meta.get("title")
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    return text, meta
