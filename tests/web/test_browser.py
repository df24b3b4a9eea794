"""The web UI in a real browser: headless Chromium (Debian's, via scripts/browser.sh) driven by Playwright.

A reader's path through the pages — timeline, event, document, person, filters, search — asserting on what
the page shows, with no console errors, no Content-Security-Policy violations and no script run from a
hostile document. Each page is saved to test-output/screenshots/NAME.png.

Run: .venv/bin/python -m pytest -m browser   (skipped with a reason when Chromium cannot be installed or started)
"""

from __future__ import annotations

import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

HOSTILE_TEXT = (
    "<script>alert(1)</script> Hostile bulletin\n\n"
    "Secretary of Defense Lloyd J. Austin III met Japanese Minister of Defense Hamada Yasukazu in Tokyo on "
    "May 1, 2024. <img src=x onerror=alert(1)> Read more at [this link](javascript:alert(1)) or "
    '<a href="javascript:alert(2)">here</a>.\n\n'
    '"<script>alert(3)</script> We stand together on the Senkaku Islands," Austin said.\n'
)
HOSTILE_META = ('{"title": "<script>alert(\'title\')</script> Hostile bulletin", "url": "javascript:alert(5)", '
                '"published": "2024-05-02", "publisher": "<b>Bad</b> Press"}')

# Marks the page's CSP violations (init scripts are not subject to the page's CSP).
CSP_PROBE = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


# --- fixtures ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> str:
    script = ROOT / "scripts" / "browser.sh"
    try:
        done = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"Chromium is not available: scripts/browser.sh did not run ({exc})")
    if done.returncode != 0:
        pytest.skip(f"Chromium is not available: scripts/browser.sh failed: {done.stderr.strip()[-500:]}")
    lines = done.stdout.strip().splitlines()
    if not lines or not Path(lines[-1]).exists():
        pytest.skip(f"Chromium is not available: scripts/browser.sh printed no browser path ({done.stdout!r})")
    return lines[-1]


@pytest.fixture(scope="session")
def browser(chromium_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: pip install -e .[test]")
    with sync_api.sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # any launch failure means: no browser here
            pytest.skip(f"Chromium at {chromium_path} could not be launched: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory, examples_dir) -> Iterator[str]:
    """The examples and a hostile document in a fresh SQLite store, served by uvicorn on a free local port."""
    import uvicorn

    from readouts.api import create_app
    from readouts.core import ingest_paths
    from readouts.store import open_store

    tmp = tmp_path_factory.mktemp("browser")
    hostile = tmp / "hostile"
    hostile.mkdir()
    (hostile / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (hostile / "hostile.meta.json").write_text(HOSTILE_META, encoding="utf-8")
    store = open_store(str(tmp / "browser.db"))
    report = ingest_paths(store, [str(examples_dir), str(hostile)])
    assert not report.failed, [str(e) for e in report.failed]

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store=store), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="readouts-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


class Tab:
    """One browser page that records console errors, uncaught exceptions, CSP violations and dialogs."""

    def __init__(self, browser, base: str, viewport: dict[str, int]):
        self.base = base
        self.context = browser.new_context(viewport=viewport)
        self.context.add_init_script(CSP_PROBE)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.allowed: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def goto(self, path: str, status: int = 200):
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == status, f"{path}: {response and response.status}"
        return self.loaded()

    def loaded(self):
        """After a navigation: wait for it, then gather the CSP violations it caused."""
        self.page.wait_for_load_state("load")
        for v in self.page.evaluate("(window.__cspViolations || []).splice(0)"):
            self.errors.append(f"CSP violation on {self.page.url}: {v}")
        return self.page

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def no_horizontal_scroll(self) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth")
        viewport = self.page.viewport_size["width"]
        assert width <= viewport, f"{self.page.url} scrolls sideways: {width}px wide in a {viewport}px window"

    def check(self) -> None:
        self.loaded()
        errors = [e for e in self.errors if not any(a in e for a in self.allowed)]
        assert not errors, "\n".join(errors)
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"


@pytest.fixture
def tab(browser, site) -> Iterator[Tab]:
    t = Tab(browser, site, LAPTOP)
    yield t
    t.context.close()


@pytest.fixture
def phone(browser, site) -> Iterator[Tab]:
    t = Tab(browser, site, PHONE)
    yield t
    t.context.close()


def _visible(locator) -> bool:
    return locator.first.is_visible()


def _multi_source_event(page) -> str:
    """The path of an event told by several sources (else the first event) from the timeline."""
    items = page.locator("li.event-item")
    several = items.filter(has_text=re.compile(r"\b[2-9] sources\b"))
    item = several.first if several.count() else items.first
    return item.locator("h3 a").get_attribute("href")


# --- the pages -----------------------------------------------------------------------------------------


def test_timeline_shows_engagements_and_a_chart(tab):
    page = tab.goto("/")
    assert page.get_by_role("heading", name="Timeline of engagements", level=1).is_visible()
    assert page.locator("li.event-item").count() >= 5
    assert page.get_by_role("link", name="Lloyd J. Austin III").first.is_visible()
    assert page.locator("svg.chart-svg rect.bar").count() >= 12
    assert page.get_by_text("Engagements per month").first.is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    tab.shot("timeline")
    tab.check()


def test_click_through_timeline_event_document_person(tab):
    page = tab.goto("/")
    href = _multi_source_event(page)
    page.locator(f'li.event-item h3 a[href="{href}"]').click()
    tab.loaded()
    assert page.url.endswith(href)
    assert page.get_by_role("heading", name="Who, when, where").is_visible()
    assert page.get_by_role("heading", name="The sources side by side").is_visible()
    sources = page.locator("article.source")
    assert sources.count() >= 1
    assert sources.first.get_by_text("Its telling").first.is_visible()
    if sources.count() > 1:
        assert page.get_by_text("only in S").first.is_visible()
    tab.shot("event")

    title = sources.first.locator("h3 a")
    doc_title = title.inner_text()
    title.click()
    tab.loaded()
    assert "/documents/" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == doc_title
    text = page.locator("#doctext")
    assert text.is_visible() and len(text.inner_text()) > 200
    assert page.locator("#doctext .m-person").count() > 0
    assert page.locator("#doctext .m-event").count() > 0
    page.locator("#doctext .m-person").first.click()
    assert page.locator("#feeds").is_visible()
    assert "person:" in page.locator("#feeds-list").inner_text()
    tab.shot("document")

    person = page.locator(".doc-side a.person").first
    name = person.inner_text()
    person.click()
    tab.loaded()
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert page.get_by_role("heading", name=re.compile(r"^Engagements attended")).is_visible()
    assert page.get_by_role("heading", name="Met with").is_visible()
    tab.shot("person")
    tab.check()


def test_document_highlight_layers_can_be_switched_off(tab):
    page = tab.goto("/documents")
    page.locator(".doc-cards h2 a").first.click()
    tab.loaded()
    layers = page.locator("#layers")
    assert layers.is_visible()  # the script shows the switches
    person = page.locator("#doctext .m-person").first
    before = person.evaluate("e => getComputedStyle(e).fontWeight")
    layers.get_by_label("Persons").uncheck()
    after = person.evaluate("e => getComputedStyle(e).fontWeight")
    assert int(before) > int(after)
    tab.check()


def test_filter_the_timeline(tab):
    page = tab.goto("/")
    everything = page.locator("li.event-item").count()
    page.select_option("#f-kind", "call")
    page.get_by_role("button", name="Filter").click()
    tab.loaded()
    assert "kind=call" in page.url
    items = page.locator("li.event-item")
    assert 0 < items.count() < everything
    for i in range(items.count()):
        assert items.nth(i).locator(".badge-call").is_visible()
    assert page.get_by_role("heading", name=re.compile("matching the filters")).is_visible()

    page.fill("#f-person", "Austin")
    page.select_option("#f-kind", "")
    page.fill("#f-since", "2023")
    page.get_by_role("button", name="Filter").click()
    tab.loaded()
    items = page.locator("li.event-item")
    assert items.count() > 0
    for i in range(items.count()):
        item = items.nth(i)
        assert "Lloyd J. Austin III" in item.inner_text()
        assert re.search(r"20(2[3-9])", item.locator(".event-date").inner_text())
    tab.shot("timeline-filtered")

    page.get_by_role("link", name="Clear filters").click()
    tab.loaded()
    assert page.locator("li.event-item").count() == everything
    tab.check()


def test_search_highlights_matches(tab):
    page = tab.goto("/")
    box = page.get_by_role("searchbox", name="Search documents and quotes")
    box.fill("Senkaku")
    box.press("Enter")
    tab.loaded()
    assert "/search?q=Senkaku" in page.url
    assert page.get_by_role("heading", name="Documents").is_visible()
    marks = page.locator(".snippet mark")
    assert marks.count() >= 1 and marks.first.inner_text().lower() == "senkaku"
    tab.shot("search")
    page.locator(".hits h3 a").first.click()
    tab.loaded()
    assert "/documents/" in page.url and "Senkaku" in page.locator("#doctext").inner_text()
    tab.check()


def test_persons_and_topics(tab):
    page = tab.goto("/persons")
    assert page.get_by_role("heading", name="Persons", level=1).is_visible()
    assert page.locator("table.list-table tbody tr").count() >= 5
    tab.shot("persons")

    page = tab.goto("/topics")
    assert page.get_by_role("heading", name="Topics", level=1).is_visible()
    tab.shot("topics")
    page.get_by_role("link", name="Senkaku Islands").click()
    tab.loaded()
    assert page.get_by_role("heading", name="Senkaku Islands", level=1).is_visible()
    assert page.locator("svg.chart-svg rect.bar").count() >= 1
    said = page.locator("ol.statements blockquote")
    assert said.count() >= 1 and "Senkaku" in said.first.inner_text()
    assert page.locator("ol.statements").get_by_text("Source:").first.is_visible()
    tab.shot("topic")
    tab.check()


def test_unknown_ids_get_a_not_found_page(tab):
    tab.allowed.append("status of 404")  # the browser logs the page's own 404 status
    page = tab.goto("/events/ev-000000000000", status=404)
    assert page.get_by_role("heading", name="Not found").is_visible()
    assert page.get_by_text("There is no event with the id").is_visible()
    tab.shot("not-found")
    tab.goto("/documents/0000", status=404)
    tab.check()


def test_keyboard_skip_link_and_focus(tab):
    page = tab.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    tab.check()


def test_phone_width_timeline_and_event(phone):
    page = phone.goto("/")
    assert page.locator("li.event-item").first.is_visible()
    phone.no_horizontal_scroll()
    phone.shot("timeline-375")
    href = _multi_source_event(page)
    phone.goto(href)
    assert page.get_by_role("heading", name="The sources side by side").is_visible()
    phone.no_horizontal_scroll()
    phone.shot("event-375")
    page.locator("article.source h3 a").first.click()
    phone.loaded()
    phone.no_horizontal_scroll()
    phone.check()


def test_hostile_document_is_shown_as_text_and_runs_nothing(tab):
    page = tab.goto("/search?q=Hostile")
    link = page.locator(".hits h3 a").first
    assert link.inner_text() == "<script>alert('title')</script> Hostile bulletin"
    link.click()
    tab.loaded()
    page.wait_for_timeout(300)  # time for an injected handler to fire, were there one
    text = page.locator("#doctext").inner_text()
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "[this link](javascript:alert(1))" in text and '<a href="javascript:alert(2)">here</a>' in text
    assert page.locator("#doctext *").evaluate_all("els => els.filter(e => e.tagName !== 'SPAN').length") == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator("img").count() == 0
    assert page.locator("script").evaluate_all("els => els.map(e => e.getAttribute('src'))") == ["/static/app.js"]
    assert page.get_by_text("javascript:alert(5)").is_visible()  # the sidecar's address, shown, not linked
    tab.shot("hostile-document")

    for path in ("/", "/search?q=alert", "/topics/senkaku", "/persons/Lloyd%20J.%20Austin%20III"):
        tab.goto(path)
    page.wait_for_timeout(200)
    tab.check()
