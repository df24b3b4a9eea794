"""The polite HTTP client against a local site: outcomes, reasons, retries, limits, robots.txt,
conditional requests and the per-host pause. Waits are injected, not slept."""

from __future__ import annotations

import pytest

from fetch.site import Route, free_port
from readouts.fetch.http import ERROR, NOT_MODIFIED, OK, ROBOTS, USER_AGENT, Fetcher, Policy


class Clock:
    """A fake monotonic clock whose sleep only moves time forward and records the pause."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def fetcher(clock: Clock | None = None, **policy) -> Fetcher:
    clock = clock or Clock()
    policy = {"host_interval": 0.0, "backoff": 0.5, "timeout": 5.0, **policy}
    return Fetcher(Policy(**policy), sleep=clock.sleep, clock=clock)


def test_a_page_is_fetched_with_its_status_type_validators_and_our_user_agent(site):
    url = site.add("/news/one.html", "<html><body><p>Hello</p></body></html>")
    with fetcher() as f:
        got = f.get(url)
    assert (got.outcome, got.status, got.body) == (OK, 200, b"<html><body><p>Hello</p></body></html>")
    assert got.content_type.startswith("text/html") and got.etag and got.last_modified
    assert site.seen("/news/one.html")[0].headers["User-Agent"] == USER_AGENT


def test_a_missing_page_is_an_error_with_its_status_and_is_not_retried(site):
    with fetcher() as f:
        got = f.get(site.url("/nothing-here"))
    assert (got.outcome, got.status, got.reason, got.attempts) == (ERROR, 404, "HTTP 404", 1)


def test_a_busy_server_is_retried_with_growing_pauses(site):
    clock = Clock()
    url = site.add("/busy", Route("<p>finally</p>", fail_first=2))
    with fetcher(clock, retries=3) as f:
        got = f.get(url)
    assert (got.outcome, got.status, got.attempts) == (OK, 200, 3)
    assert clock.sleeps == [0.5, 1.0]


def test_a_server_busy_for_good_gives_up_after_the_retries(site):
    clock = Clock()
    url = site.add("/down-for-maintenance", Route("<p>x</p>", fail_first=99))
    with fetcher(clock, retries=2) as f:
        got = f.get(url)
    assert (got.outcome, got.status, got.reason, got.attempts) == (ERROR, 503, "HTTP 503", 3)
    assert len(site.seen("/down-for-maintenance")) == 3


def test_a_redirect_loop_is_named_as_such(site):
    url = site.add("/loop", Route(redirect="/loop"))
    with fetcher() as f:
        got = f.get(url)
    assert got.outcome == ERROR and "redirect" in got.reason


def test_a_redirect_is_followed_and_the_final_address_kept(site):
    site.add("/new-home", "<p>moved here</p>")
    url = site.add("/old-home", Route(redirect="/new-home"))
    with fetcher() as f:
        got = f.get(url)
    assert got.ok and got.final_url.endswith("/new-home") and got.url == url


def test_a_slow_server_times_out(site):
    url = site.add("/slow", Route("<p>late</p>", delay=3))
    with fetcher(timeout=0.5, retries=0) as f:
        got = f.get(url)
    assert got.outcome == ERROR and got.reason == "timed out after 0.5 s"


def test_a_site_that_is_down_is_a_connection_error():
    with fetcher(retries=1) as f:
        got = f.get(f"http://127.0.0.1:{free_port()}/page")
    assert got.outcome == ERROR and got.reason.startswith("cannot connect") and got.attempts == 2


@pytest.mark.parametrize("declared", [None, 50_000_000], ids=["streamed", "announced"])
def test_a_page_over_the_size_limit_is_refused_not_truncated(site, declared):
    url = site.add("/huge", Route(b"x" * 200_000, declared_length=declared))
    with fetcher(max_bytes=100_000) as f:
        got = f.get(url)
    assert got.outcome == ERROR and "larger than" in got.reason and got.body == b""


def test_robots_txt_is_honoured_per_path(site):
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    open_url = site.add("/public/a.html", "<p>a</p>")
    closed_url = site.add("/private/b.html", "<p>b</p>")
    with fetcher() as f:
        assert f.get(open_url).outcome == OK
        got = f.get(closed_url)
    assert (got.outcome, got.reason) == (ROBOTS, "disallowed by robots.txt")
    assert not site.seen("/private/b.html")
    assert len(site.seen("/robots.txt")) == 1  # once per host and pass


def test_no_robots_txt_means_everything_is_allowed(site):
    url = site.add("/a.html", "<p>a</p>")
    with fetcher() as f:
        assert f.get(url).outcome == OK


def test_a_robots_txt_that_fails_with_a_server_error_disallows_the_host(site):
    site.add("/robots.txt", Route("oops", status=500))
    url = site.add("/a.html", "<p>a</p>")
    with fetcher(retries=0) as f:
        assert f.get(url).outcome == ROBOTS
    assert not site.seen("/a.html")


def test_an_unchanged_page_asked_with_its_validators_is_a_304(site):
    url = site.add("/feed.xml", "<rss/>", content_type="application/rss+xml")
    with fetcher() as f:
        first = f.get(url)
        again = f.get(url, etag=first.etag)
        since = f.get(url, last_modified=first.last_modified)
    assert (again.outcome, again.status, again.conditional) == (NOT_MODIFIED, 304, True)
    assert since.outcome == NOT_MODIFIED
    assert site.seen("/feed.xml")[1].headers["If-None-Match"] == first.etag


def test_requests_to_one_host_are_spaced_out(site):
    clock = Clock()
    a, b = site.add("/a", "<p>a</p>"), site.add("/b", "<p>b</p>")
    with fetcher(clock, host_interval=3.0, robots=False) as f:
        f.get(a)
        f.get(b)
        clock.now += 10  # time passes: no pause needed
        f.get(a)
    assert clock.sleeps == [3.0]


def test_only_http_addresses_are_fetched():
    with fetcher() as f:
        got = f.get("file:///etc/passwd")
    assert got.outcome == ERROR and got.reason == "not an http(s) URL"


def test_a_redirect_into_a_disallowed_path_is_not_followed(site):
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.add("/private/secret.html", "<p>secret</p>")
    url = site.add("/news/moved.html", Route(redirect="/private/secret.html"))
    with fetcher() as f:
        got = f.get(url)
    assert (got.outcome, got.reason) == (ROBOTS, "redirected to a page disallowed by robots.txt")
    assert not site.seen("/private/secret.html")


def test_robots_rules_use_the_longest_match_and_wildcards(site):
    site.add("/robots.txt", "User-agent: *\nAllow: /\nDisallow: /drafts/\nDisallow: /*?print=\n",
             content_type="text/plain")
    with fetcher() as f:
        assert f.get(site.add("/news/a.html", "<p>a</p>")).outcome == OK
        assert f.get(site.add("/drafts/b.html", "<p>b</p>")).outcome == ROBOTS
        assert f.get(site.url("/news/a.html?print=1")).outcome == ROBOTS


def test_failures_say_whether_another_try_may_succeed(site):
    with fetcher(retries=0) as f:
        assert f.get(site.url("/nothing-here")).transient is False
        assert f.get(site.add("/busy", Route("<p>x</p>", fail_first=9))).transient is True
        assert f.get(site.add("/loop", Route(redirect="/loop"))).transient is False
