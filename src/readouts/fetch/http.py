"""Polite HTTP: timeouts, retries with backoff, a size limit, robots.txt, a per-host rate limit,
conditional requests. Every request ends in a ``Fetched`` with an outcome and, on failure, a reason
a person can read; nothing here raises for a network or server problem."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from protego import Protego

from readouts import __version__

USER_AGENT = f"readouts/{__version__} (diplomatic-readouts research tool; python-httpx)"
ROBOTS_AGENT = "readouts"

OK, NOT_MODIFIED, ERROR, ROBOTS = "ok", "not_modified", "error", "robots"
_RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass
class Policy:
    """How readouts fetches: the defaults suit a government web site."""

    timeout: float = 20.0  # seconds to connect, and between two pieces of a response
    max_seconds: float = 120.0  # a whole response, however slowly it trickles
    max_bytes: int = 10 * 1024 * 1024  # a page larger than this is refused, not truncated
    retries: int = 3  # further attempts after a connection error, a time-out, a 429 or a 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_backoff: float = 60.0
    max_redirects: int = 5
    host_interval: float = 2.0  # seconds between two requests to one host
    robots: bool = True


@dataclass
class Fetched:
    url: str
    final_url: str
    outcome: str  # ok | not_modified | error | robots
    status: int | None = None
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    reason: str | None = None
    elapsed_ms: int = 0
    attempts: int = 0
    conditional: bool = False  # sent with If-None-Match / If-Modified-Since
    transient: bool = False  # a failure worth another try later (time-out, connection, 429, 5xx)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome == OK


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


class _Redirect(Exception):
    def __init__(self, reason: str, outcome: str = ERROR):
        super().__init__(reason)
        self.reason, self.outcome = reason, outcome


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


class Fetcher:
    """One client for a pass: connection reuse, robots.txt per host, a clock per host.

    ``robots_cache`` maps a robots.txt URL to (etag, last_modified, body) kept between passes (the
    store keeps it), so an unchanged robots.txt costs a 304 too; those in ``robots_fresh`` (checked
    within the last day, which RFC 9309 allows to trust) cost no request at all. Redirects are
    followed here, hop by hop, each hop checked against its host's robots.txt and pause."""

    def __init__(self, policy: Policy | None = None, *, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 robots_cache: dict[str, tuple[str | None, str | None, str]] | None = None,
                 robots_fresh: set[str] | None = None):
        self.policy = policy or Policy()
        self.sleep, self.clock = sleep, clock
        self.client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(self.policy.timeout), follow_redirects=False, transport=transport,
        )
        self._last: dict[str, float] = {}
        self._robots: dict[str, Protego | None] = {}
        self.robots_cache = robots_cache if robots_cache is not None else {}
        self.robots_fresh = robots_fresh if robots_fresh is not None else set()
        self.robots_checked: set[str] = set()  # robots.txt files asked for in this pass
        self.requests = 0  # every HTTP request sent, robots.txt and retries included
        self.conditional = 0  # of which with If-None-Match / If-Modified-Since
        self.bytes = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- the one public operation ------------------------------------------------------------------------------

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        if urlsplit(url).scheme not in ("http", "https"):
            return Fetched(url, url, ERROR, reason="not an http(s) URL")
        if self.policy.robots and not self.allowed(url):
            return Fetched(url, url, ROBOTS, reason="disallowed by robots.txt")
        # each request (the first and every redirect) waits its host's turn in _follow
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers)

    def allowed(self, url: str) -> bool:
        rurl = robots_url(url)
        if rurl not in self._robots:
            self._robots[rurl] = self._load_robots(rurl)
        parser = self._robots[rurl]
        return parser is None or parser.can_fetch(url, ROBOTS_AGENT)

    # --- internals ---------------------------------------------------------------------------------------------

    def _load_robots(self, rurl: str) -> Protego | None:
        """The rules of a host (RFC 9309, longest match, wildcards), None for none. No robots.txt (4xx):
        no rules. A server error or 429: everything disallowed for this pass. Unreachable: the rules
        last seen, or none (the page request will fail and say why)."""
        etag, modified, cached = self.robots_cache.get(rurl, (None, None, ""))
        if rurl in self.robots_fresh and rurl in self.robots_cache:
            return Protego.parse(cached)
        headers = {}
        if cached and etag:
            headers["If-None-Match"] = etag
        if cached and modified:
            headers["If-Modified-Since"] = modified
        self.robots_checked.add(rurl)
        got = self._get(rurl, headers, retries=1, check_robots=False)
        if got.outcome == NOT_MODIFIED:
            body = cached
        elif got.ok:
            body = got.body[:512 * 1024].decode("utf-8", "replace").replace("\x00", "")
            self.robots_cache[rurl] = (got.etag, got.last_modified, body)
        elif got.status is not None and 400 <= got.status < 500 and got.status != 429:
            self.robots_cache.pop(rurl, None)
            return None
        elif got.status is None:
            return Protego.parse(cached) if cached else None
        else:
            return Protego.parse("User-agent: *\nDisallow: /\n")
        return Protego.parse(body)

    def _wait_turn(self, url: str) -> None:
        host = host_of(url)
        last = self._last.get(host)
        if last is not None:
            wait = last + self.policy.host_interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _get(self, url: str, headers: dict[str, str], retries: int | None = None,
             check_robots: bool = True) -> Fetched:
        retries = self.policy.retries if retries is None else retries
        started = time.perf_counter()
        result = Fetched(url, url, ERROR, conditional=bool(headers))
        for attempt in range(retries + 1):
            retry_after = None
            result.transient = False
            try:
                result = self._follow(url, headers, result, check_robots)
            except _Redirect as exc:
                result.outcome, result.reason = exc.outcome, exc.reason
                break
            except httpx.TimeoutException:
                result.outcome, result.transient = ERROR, True
                result.reason = f"timed out after {self.policy.timeout:g} s"
            except _TooSlow:
                result.outcome, result.transient = ERROR, True
                result.reason = f"timed out: still arriving after {self.policy.max_seconds:g} s"
            except httpx.ConnectError as exc:
                result.outcome, result.reason, result.transient = ERROR, f"cannot connect ({_short(exc)})", True
            except (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError) as exc:
                result.outcome, result.transient = ERROR, True
                result.reason = f"connection broken ({type(exc).__name__}: {_short(exc)})"
            except _TooLarge:
                result.outcome = ERROR
                result.reason = f"larger than {self.policy.max_bytes // (1024 * 1024)} MB; not fetched"
                break
            except (httpx.HTTPError, httpx.InvalidURL, UnicodeError, ValueError) as exc:
                result.outcome, result.reason = ERROR, f"HTTP error ({type(exc).__name__}: {_short(exc)})"
                break
            else:
                if result.status not in _RETRY_STATUS:
                    break
                result.transient = True
                retry_after = _retry_after(result.headers.get("retry-after"))
            finally:
                result.attempts = attempt + 1
            if attempt < retries:
                delay = retry_after if retry_after is not None else self.policy.backoff * 2 ** attempt
                self.sleep(min(delay, self.policy.max_backoff))
        result.elapsed_ms = round((time.perf_counter() - started) * 1000)
        return result

    def _follow(self, url: str, headers: dict[str, str], result: Fetched, check_robots: bool) -> Fetched:
        """One request and its redirects, each hop checked against robots.txt and its host's pause."""
        seen = {url}
        current = url
        for _ in range(self.policy.max_redirects + 1):
            self._wait_turn(current)
            result = self._once(url, current, headers, result)
            location = result.headers.get("location")
            if result.status not in (301, 302, 303, 307, 308) or not location:
                return result
            nxt = urljoin(current, location)
            if urlsplit(nxt).scheme not in ("http", "https"):
                raise _Redirect(f"redirected to a non-http address ({_short(Exception(nxt))})")
            if nxt in seen:
                raise _Redirect(f"redirect loop ({_short(Exception(nxt))})")
            if check_robots and self.policy.robots and not self.allowed(nxt):
                raise _Redirect("redirected to a page disallowed by robots.txt", ROBOTS)
            seen.add(nxt)
            current = nxt
        raise _Redirect(f"redirect loop or more than {self.policy.max_redirects} redirects")

    def _once(self, url: str, current: str, headers: dict[str, str], result: Fetched) -> Fetched:
        self.requests += 1
        self.conditional += bool(headers)
        deadline = time.monotonic() + self.policy.max_seconds
        with self.client.stream("GET", current, headers=headers,
                                timeout=httpx.Timeout(self.policy.timeout)) as resp:
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
                raise _TooLarge
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > self.policy.max_bytes:
                    raise _TooLarge
                if time.monotonic() > deadline:
                    raise _TooSlow
                chunks.append(chunk)
            self.bytes += size
            result = Fetched(
                url, current, OK, status=resp.status_code, body=b"".join(chunks),
                content_type=resp.headers.get("content-type", ""), etag=resp.headers.get("etag"),
                last_modified=resp.headers.get("last-modified"), conditional=result.conditional,
                headers={k.lower(): v for k, v in resp.headers.items()},
            )
        if result.status == 304:
            result.outcome = NOT_MODIFIED
        elif result.status >= 400:
            result.outcome, result.reason = ERROR, f"HTTP {result.status}"
        return result


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


def _short(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
