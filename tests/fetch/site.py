"""A small web site on 127.0.0.1 for the fetch tests: pages, feeds and every kind of failure.

``Site`` runs a threading HTTP server in the background; tests add routes (path -> ``Route``) and
read back the requests it received. Nothing here reaches the network. All page texts are invented
for these tests.
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    etag: bool = True  # send an ETag and a Last-Modified, answer 304 to a matching conditional request
    redirect: str | None = None  # answer 302 to this location
    fail_first: int = 0  # answer 503 to the first N requests
    declared_length: int | None = None  # a Content-Length to announce (a huge page)

    def data(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    status: int


LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that closes a kept-alive connection is not an error worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Site:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self._hits: dict[str, int] = {}
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                site._serve(self)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, route: Route | str | bytes, **kw) -> str:
        self.routes[path] = route if isinstance(route, Route) else Route(route, **kw)
        return self.url(path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def seen(self, path: str | None = None) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if path is None or r.path == path]

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?")[0]
        route = self.routes.get(path)
        with self._lock:
            self._hits[path] = self._hits.get(path, 0) + 1
            hits = self._hits[path]
        status, body, headers = 404, b"not here", {"Content-Type": "text/plain"}
        if route is not None:
            if route.delay:
                time.sleep(route.delay)
            data = route.data()
            tag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
            if hits <= route.fail_first:
                status, body = 503, b"busy"
            elif route.redirect:
                status, body, headers = 302, b"", {"Location": route.redirect}
            elif route.etag and (h.headers.get("If-None-Match") == tag if "If-None-Match" in h.headers
                                 else h.headers.get("If-Modified-Since") == LAST_MODIFIED):
                status, body, headers = 304, b"", {"ETag": tag}
            else:
                status, body = route.status, data
                headers = {"Content-Type": route.content_type, **route.headers}
                if route.etag:
                    headers.update({"ETag": tag, "Last-Modified": LAST_MODIFIED})
        with self._lock:
            self.requests.append(Seen(path, dict(h.headers.items()), status))
        try:
            h.send_response(status)
            for k, v in headers.items():
                h.send_header(k, v)
            length = route.declared_length if route is not None and route.declared_length else len(body)
            h.send_header("Content-Length", str(length))
            h.end_headers()
            if status != 304:
                h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def free_port() -> int:
    """A port on 127.0.0.1 with nothing listening (a site that is down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page(title: str, body: str, nav: str = "Home | News | Releases", footer: str = "Contact us | Privacy") -> str:
    """An HTML page with site furniture around one article."""
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
            f"<nav>{nav}</nav><main><article><h1>{title}</h1>{paras}</article></main>"
            f"<footer>{footer}</footer></body></html>")


def rss(items: list[tuple[str, str, str]], title: str = "Releases") -> str:
    """An RSS 2.0 feed of (title, link, RFC 822 date) items."""
    entries = "".join(f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate></item>"
                      for t, link, d in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://127.0.0.1/</link><description>test feed</description>{entries}</channel></rss>")


def atom(items: list[tuple[str, str, str]], title: str = "Releases") -> str:
    """An Atom feed of (title, link, ISO date) items."""
    entries = "".join(f'<entry><title>{t}</title><link href="{link}"/><id>{link}</id><updated>{d}</updated></entry>'
                      for t, link, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f"<id>urn:test</id><updated>2024-01-01T00:00:00Z</updated>{entries}</feed>")
