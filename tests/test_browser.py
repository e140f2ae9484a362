"""What a reader does on the built archive, in a real browser: Debian's Chromium
driven by Playwright against the site served on localhost.

Map tiles come from a public server in a reader's browser; here every request
to it is answered with a blank tile (or refused, to prove the fallback), so
the tests never depend on the network.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import re
import shutil
import threading
from collections import deque
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from build_tools import pipeline
from tests.conftest import _QuietHandler
from tests.fixtures import write_tree
from tests.test_validate import KUPIANSK, OUTLET, VALID

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


class _Served(_QuietHandler):
    """The site as a static host serves it, under `prefix`, noting each file's size as sent."""

    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + path[len(self.prefix):])

    def copyfile(self, source, outputfile):
        data = source.read()
        self.server.sent.append((self.path, len(data)))
        outputfile.write(data)


@contextmanager
def serve(folder: Path, prefix: str = "/"):
    """(address of the site, [(path, bytes sent)]) for a server of `folder` at `prefix`."""
    handler = type("Handler", (_Served,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    server.sent = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}", server.sent
    finally:
        server.shutdown()
        server.server_close()


def test_the_first_result_costs_a_reader_well_under_a_megabyte(browser, built_site):
    """Material's lunr search downloaded its whole index before the first result
    (107 MB at 20,000 pages); Pagefind's script, its index's entry files, the
    index chunk holding the word, the record filter and the first results'
    fragments are all a query costs. Counted at the server, from the first
    keystroke to the first result, as sent by a host that does not compress."""
    with serve(built_site) as (address, sent):
        context = browser.new_context()
        page = context.new_page()
        page.goto(address + "places/")
        page.wait_for_load_state("networkidle")
        before = len(sent)
        search(page, "Kupyansk")
        fetched = sent[before:]
        context.close()
    total = sum(size for _path, size in fetched)
    print(f"\nfirst result for 'Kupyansk': {total:,} bytes in {len(fetched)} files: "
          + ", ".join(f"{path.split('?')[0]} {size:,}" for path, size in fetched))
    assert total < 1_000_000
    assert any(path.startswith("/pagefind/index/") for path, _ in fetched)
    # Fragments of the first ten results and of the few records checked for the query's name only.
    assert 0 < sum(path.startswith("/pagefind/fragment/") for path, _ in fetched) <= 10 + 5
    assert not [path for path, _ in fetched if "search_index" in path]


def test_a_hostile_name_in_a_result_is_shown_as_text(browser, tmp_path):
    """Titles and labels go into the results as text; of Pagefind's excerpt, only <mark> as markup."""
    hostile = 'Kupiansk <img src=x onerror="window.__pwned = 1"> & <b>bold</b>'
    outlet = "The <i>Kyiv</i> Independent"
    files = dict(VALID)
    files[KUPIANSK] = VALID[KUPIANSK].replace("name: Kupiansk", f"name: {json.dumps(hostile)}")
    files[OUTLET] = VALID[OUTLET].replace("name: The Kyiv Independent", f"name: {json.dumps(outlet)}")
    files |= {f"content/pages/{name}.md": f"# {name.title()}\n\nA page.\n" for name in ("about", "methodology")}
    write_tree(tmp_path, files | {"content/pages/home.md": "A small archive.\n"})
    pipeline.build(tmp_path / "content", tmp_path / "site", REPO / "mkdocs.yml", tmp_path / "docs")
    with serve(tmp_path / "site") as (address, _sent):
        context = browser.new_context()
        page = context.new_page()
        page.goto(address)
        page.wait_for_load_state("networkidle")
        search(page, "bold")
        results = page.locator(".md-search-result__list")
        place = page.locator(".md-search-result__item").filter(has=page.locator("h1", has_text="Kupiansk <img")).first
        assert place.locator("h1").inner_text() == hostile
        assert place.locator(".md-tag").inner_text() == "Place · city"
        assert results.locator("img, b, i, script").count() == 0
        page.locator("input.md-search__input").fill("Independent")
        page.locator(".md-search-result__item .md-tag", has_text="Report").first.wait_for()
        labels = page.locator(".md-search-result__item .md-tag").all_inner_texts()
        assert "Report · The <i>Kyiv</i> Independent · 2024-11-14" in labels, labels
        assert results.locator("img, b, i, script").count() == 0
        tags = results.evaluate("list => [...list.querySelectorAll('article p *')].map(e => e.tagName)")
        assert tags and set(tags) == {"MARK"}
        assert page.evaluate("window.__pwned") is None
        context.close()


def focused(page) -> str:
    return page.evaluate("""() => {
        const active = document.activeElement;
        if (active.matches('input.md-search__input')) return 'query';
        const links = [...document.querySelectorAll('.md-search-result__link')];
        return links.includes(active) ? 'result ' + links.indexOf(active) : active.tagName;
    }""")


def test_search_keyboard_works_as_in_material(reader):
    page = reader.open("")
    search_open = page.locator("#__search")
    page.keyboard.press("s")  # Material's shortcuts: "s", "f" and "/"
    assert focused(page) == "query" and search_open.is_checked()
    page.keyboard.type("Kupiansk")
    page.locator(".md-search-result__item a").first.wait_for()
    assert re.fullmatch(r"\d+ matching documents", page.locator(".md-search-result__meta").inner_text())
    assert page.locator(".md-search-result__item").count() == 10  # the first ten, more on scrolling
    for key, where in [("ArrowDown", "result 0"), ("ArrowDown", "result 1"), ("ArrowUp", "result 0"), ("ArrowUp", "query"), ("ArrowUp", "result 9")]:
        page.keyboard.press(key)
        assert focused(page) == where, key
    page.keyboard.press("Escape")
    assert not search_open.is_checked() and focused(page) != "query"
    page.keyboard.press("/")
    assert focused(page) == "query" and search_open.is_checked()
    page.keyboard.press("Enter")  # in the box: the best result
    page.wait_for_url(re.compile(r"/places/kupiansk/(\?[^#]*)?$"))
    assert page.locator("h1").first.inner_text().rstrip("¶") == "Kupiansk"
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("f")
    page.keyboard.type("Gerasimov")
    page.locator(".md-search-result__item a").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.locator(".md-search-result__link").nth(1).get_attribute("href")
    page.keyboard.press("Enter")  # on a result: that result
    page.wait_for_url(second)
    assert reader.errors == []


def test_search_works_under_a_sub_path_and_after_instant_navigation(browser, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    with serve(site, prefix="/archive/chronicle/") as (address, sent):
        # Material navigates instantly to the addresses its sitemap lists: the published ones.
        sitemap = site / "sitemap.xml"
        sitemap.write_text(sitemap.read_text(encoding="utf-8").replace("http://127.0.0.1:8000/", address), encoding="utf-8")
        context = browser.new_context()
        page = context.new_page()
        page.goto(address + "events/")
        page.wait_for_load_state("networkidle")
        page.evaluate("window.__same_document = true")
        page.locator(".md-tabs__link", has_text="Places").click()  # Material's instant navigation: no reload
        page.wait_for_url(address + "places/")
        assert page.evaluate("window.__same_document") is True
        page.wait_for_timeout(300)  # Material closes search 125 ms after any navigation
        first = search(page, "Kupyansk")
        assert first.get_attribute("href") == address + "places/kupiansk/?h=Kupyansk"
        first.click()
        page.wait_for_url(re.compile(re.escape(address + "places/kupiansk/")))
        assert page.locator("h1").first.inner_text().rstrip("¶") == "Kupiansk"
        assert page.locator("mark[data-md-highlight]").first.inner_text() == "Kupyansk"  # search.highlight
        context.close()
    assert [path for path, _ in sent if "/pagefind/pagefind.js" in path] == ["/archive/chronicle/pagefind/pagefind.js"]


def test_search_merges_an_index_built_in_parts(browser, built_site, tmp_path):
    """A large archive is indexed in parts (Pagefind's memory grows with the text);
    the browser merges them, and ranking still puts the entity page first."""
    from build_tools.search_index import index_site, read_fragments

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    stats = index_site(site, pages_per_part=40)
    parts = json.loads((site / "pagefind" / "chronicle-parts.json").read_text(encoding="utf-8"))
    assert len(parts) >= 3 and stats.pages == len(read_fragments(built_site)) == len(read_fragments(site))
    with serve(site) as (address, sent):
        context = browser.new_context()
        page = context.new_page()
        for words, lands_on in (("Kupyansk", "places/kupiansk/"), ("Купʼянськ", "places/kupiansk/"), ("Zelenskyy", "people/volodymyr-zelensky/")):
            page.goto(address)
            page.wait_for_load_state("networkidle")
            first = search(page, words)
            assert first.get_attribute("href").startswith(address + lands_on), words
        context.close()
    fetched = {path.split("/")[2] for path, _ in sent if path.startswith("/pagefind/part-")}
    assert fetched == {part.rstrip("/") for part in parts}  # every part was searched


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
