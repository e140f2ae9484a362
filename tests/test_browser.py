"""What a reader does on the built archive, in a real browser: Debian's Chromium
driven by Playwright against the site served on localhost.

Map tiles come from a public server in a reader's browser; here every request
to it is answered with a blank tile (or refused, to prove the fallback), so
the tests never depend on the network.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

playwright = pytest.importorskip("playwright.sync_api", reason="install the test extra: make test")

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHRONICLE_CHROMIUM", "/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("CHRONICLE_ARTIFACTS", REPO / "test-artifacts")) / "screenshots"
TILES = "https://tile.openstreetmap.org/**"
# A 1x1 transparent PNG: what the tile server "returns" in tests.
BLANK_TILE = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
DISPUTE = "events/2025-11-20-gerasimov-claims-capture-of-kupiansk/"

# One page of each type: screenshots, accessibility and console checks.
PAGE_TYPES = {
    "home": "",
    "event": DISPUTE,
    "place": "places/kupiansk/",
    "person": "people/valery-gerasimov/",
    "organization": "organizations/general-staff-ukraine/",
    "outlet": "outlets/kyiv-independent/",
    "report": "reports/kyiv-independent-2025-11-20-cheap-provocations-ukraine-denies-russias-claim/",
    "timeline": "timeline/",
    "map": "map/",
    "events-index": "events/",
    "places-index": "places/",
    "data": "data/",
    "records": "records/",
}


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`; .ci/run does it) or set CHRONICLE_CHROMIUM")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


class Reader:
    """A browser tab that records console errors and uncaught exceptions."""

    def __init__(self, page, base: str):
        self.page = page
        self.base = base
        self.errors: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(f"{page.url}: {message.text}"))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))

    def open(self, path: str):
        response = self.page.goto(urljoin(self.base, path))
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        self.page.wait_for_load_state("networkidle")
        return self.page


@pytest.fixture()
def reader(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(TILES, lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE))
    yield Reader(context.new_page(), site_url)
    context.close()


def run_axe(page, options: str = "{resultTypes: ['violations']}"):
    """axe-core on the page as it finally looks: Material fades its header tabs in,
    and a contrast check taken mid-transition measures a half-faded colour."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.wait_for_timeout(50)
    page.add_script_tag(path=str(AXE))
    return page.evaluate(f"axe.run(document, {options})")


def search(page, words: str):
    page.keyboard.press("/")  # Material's shortcut to the search box
    box = page.locator("input.md-search__input")
    box.fill(words)
    box.press("End")  # a key event, which Material's search listens for
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=10_000)
    return first


@pytest.mark.parametrize(
    ("words", "lands_on", "heading"),
    [
        ("Kupyansk", "places/kupiansk/", "Kupiansk"),
        ("Kupjansk", "places/kupiansk/", "Kupiansk"),
        ("Купʼянськ", "places/kupiansk/", "Kupiansk"),
        ("Kupiansk", "places/kupiansk/", "Kupiansk"),
        ("Zelenskyy", "people/volodymyr-zelensky/", "Volodymyr Zelensky"),
        ("Gerasimov", "people/valery-gerasimov/", "Valery Gerasimov"),
    ],
)
def test_search_lands_on_the_entity_page_first(reader, words, lands_on, heading):
    page = reader.open("")
    first = search(page, words)
    first.click()
    page.wait_for_url(re.compile(re.escape(lands_on) + r"(\?[^#]*)?(#.*)?$"))
    assert page.locator("h1").first.inner_text().rstrip("¶") == heading
    assert reader.errors == []


def test_search_results_show_type_and_date(reader):
    page = reader.open("")
    search(page, "Gerasimov captured Kupiansk")
    event = page.locator(".md-search-result__item").filter(has=page.locator("h1", has_text="Gerasimov tells Putin")).first
    assert event.locator(".md-tag").first.inner_text() == "Event · 20 November 2025 · disputed"
    page = reader.open("places/")
    search(page, "Kupyansk")
    place = page.locator(".md-search-result__item").first
    assert place.locator("h1").inner_text() == "Kupiansk"
    assert place.locator(".md-tag").first.inner_text() == "Place · city"
    assert place.locator(".md-tag:visible").count() == 1  # the names behind the ranking stay hidden


def test_event_page_shows_both_claims_of_the_dispute(reader):
    page = reader.open(DISPUTE)
    assert page.locator(".chronicle-status--disputed").first.inner_text().lower() == "disputed"
    cards = page.locator(".chronicle-claims li")
    assert cards.count() >= 2
    assert "Valery Gerasimov" in cards.nth(0).inner_text() and "asserts" in cards.nth(0).inner_text().lower()
    assert "General Staff of the Armed Forces of Ukraine" in cards.nth(1).inner_text() and "denies" in cards.nth(1).inner_text().lower()
    # Side by side: the two cards share a row on a desktop screen.
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"]
    # The quote's source link opens the report at the paragraph that holds it.
    source = cards.nth(1).locator("a", has_text="Cheap provocations")
    source.click()
    page.wait_for_url(re.compile(r"/reports/.+#p-\d+$"))
    anchor = urlsplit(page.url).fragment
    assert "Kupiansk remains under the control" in page.locator(f"[id='{anchor}']").inner_text()
    assert reader.errors == []


def test_timeline_filter_narrows_to_one_place(reader, built_site):
    data = json.loads((built_site / "data" / "timeline.json").read_text(encoding="utf-8"))
    at_kupiansk = {event_id for event_id, event in data["events"].items() if "kupiansk" in event["places"]}
    assert 0 < len(at_kupiansk) < len(data["events"])
    page = reader.open("timeline/")
    rows = page.locator("article table tbody tr")
    assert rows.count() == len(data["events"])
    page.select_option("select[name=place]", "kupiansk")
    visible = page.locator("article table tbody tr:not([hidden])")
    assert visible.count() == len(at_kupiansk)
    shown = {re.search(r"/events/([a-z0-9-]+)/", link).group(1) for link in visible.locator("a[href*='events/']").evaluate_all("links => links.map(a => a.href)")}
    assert shown == at_kupiansk
    assert f"{len(at_kupiansk)} of {len(data['events'])} events match" in page.locator(".chronicle-filter-count").inner_text()
    assert "place=kupiansk" in page.url  # the filter is in the address, to share
    months_shown = page.locator("article h2:not([hidden])").count()
    assert 0 < months_shown == page.locator("nav.md-nav--secondary[aria-label='Table of contents'] >> nth=-1").locator("li:not([hidden]) > a[href*='#']").count()
    # The address alone restores it; a place page links there.
    page = reader.open("places/kupiansk/")
    page.locator("a", has_text="Show them on the timeline").click()
    page.wait_for_url(re.compile(r"timeline/\?place=kupiansk$"))
    page.locator(".chronicle-filter select").first.wait_for()
    assert page.locator("article table tbody tr:not([hidden])").count() == len(at_kupiansk)
    assert reader.errors == []


def test_map_shows_a_marker_per_place_and_a_list(reader):
    page = reader.open("map/")
    listed = page.locator("article table tbody tr").count()
    assert listed > 5
    page.locator(".chronicle-map--ready").wait_for()
    assert page.locator(".chronicle-map path.chronicle-marker").count() == listed
    assert page.locator(".leaflet-tile-loaded").count() > 0
    assert reader.errors == []


def test_map_page_still_lists_places_without_tiles_or_script(browser, site_url):
    context = browser.new_context()
    context.route(TILES, lambda route: route.abort())
    context.route("**/leaflet.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(urljoin(site_url, "map/"))
    page.wait_for_load_state("networkidle")
    assert page.locator("article table tbody tr").get_by_role("link", name="Kupiansk", exact=True).count() == 1
    assert page.locator("path.chronicle-marker").count() == 0
    context.close()


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_page_type_is_accessible_and_screenshotted(reader, kind):
    page = reader.open(PAGE_TYPES[kind])
    if page.locator(".chronicle-map").count():
        page.locator(".chronicle-map--ready").first.wait_for()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{kind}.png"), full_page=True)
    assert AXE.is_file(), "axe-core is missing: `make test` installs it with npm ci"
    result = run_axe(page)
    serious = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(serious)
    assert reader.errors == []


def test_dark_mode_screenshot_of_an_event(browser, site_url):
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    context.route(TILES, lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE))
    page = context.new_page()
    page.goto(urljoin(site_url, DISPUTE))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "event-dark.png"), full_page=True)
    result = run_axe(page, "{runOnly: ['color-contrast']}")
    assert [v["nodes"][0]["target"] for v in result["violations"]] == []
    context.close()


def test_crawl_every_page_and_link(reader, site_url, built_site):
    """Open every page the site links to, from the home page on: each answers 200,
    loads without console errors, and every link and anchor on it resolves."""
    page = reader.page
    queue, seen_pages, ids = deque([site_url]), set(), {}
    wanted_anchors: list[tuple[str, str, str]] = []
    resources: dict[str, str] = {}
    while queue:
        url = queue.popleft()
        if url in seen_pages:
            continue
        seen_pages.add(url)
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{url}: HTTP {response and response.status}"
        links = page.evaluate("""() => [
            ...[...document.querySelectorAll('a[href]')].map(a => a.href),
            ...[...document.querySelectorAll('link[href]')].map(l => l.href),
            ...[...document.querySelectorAll('script[src], img[src]')].map(e => e.src),
        ]""")
        ids[url] = set(page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)"))
        for link in links:
            target, fragment = urldefrag(link)
            if not target.startswith(site_url):
                continue
            if target.endswith(("/", ".html")):
                queue.append(target)
                if fragment:
                    wanted_anchors.append((url, target, fragment))
            else:
                resources.setdefault(target, url)
    broken = []
    for resource, found_on in sorted(resources.items()):
        status = page.request.get(resource).status
        if status != 200:
            broken.append(f"{found_on} -> {resource}: HTTP {status}")
    for found_on, target, fragment in wanted_anchors:
        if fragment not in ids.get(target, set()):
            broken.append(f"{found_on} -> {target}#{fragment}: no such anchor")
    every_page = {site_url + path.relative_to(built_site).parent.as_posix().removeprefix(".") for path in built_site.rglob("index.html")}
    every_page = {url if url.endswith("/") else url + "/" for url in every_page}
    assert sorted(every_page - seen_pages) == [], "pages no link leads to"
    assert broken == []
    assert reader.errors == []


def test_browser_tools_are_real():
    """Guards against a silently skipped browser suite: CI must have both."""
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists()
    assert AXE.is_file()
