"""A real `mkdocs build --strict` of the shipped archive, and what a reader finds in it."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from build_tools import pipeline, search_index
from build_tools.link import SECTIONS
from build_tools.load import load_content
from build_tools.search_index import read_fragments
from build_tools.transliterate import search_names
from tests.search_queries import search

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(built_site):
    return built_site


def test_every_record_has_a_page(site):
    content = load_content(REPO / "content")
    expected = [f"{SECTIONS[kind]}/{record_id}/index.html" for kind, records in content.records.items() for record_id in records]
    expected += [f"reports/{article_id}/index.html" for article_id in content.articles]
    assert len(expected) > 100
    assert [page for page in expected if not (site / page).is_file()] == []
    for page in ("index.html", "timeline/index.html", "records/index.html", "about/index.html", "methodology/index.html"):
        assert (site / page).is_file(), page


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if tag in ("a", "link", "script", "img") and attributes.get(name):
                self.links.append(attributes[name])


def test_every_internal_link_resolves(site):
    pages = {path: _parse(path) for path in site.rglob("*.html")}
    broken = []
    for path, parsed in pages.items():
        if path.name == "404.html" and path.parent == site:
            continue  # served at any depth, so MkDocs writes it with root-absolute links
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {link}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages.get(target, _parse(target)).ids:
                broken.append(f"{path.relative_to(site)} -> {link} (no such anchor)")
    assert broken == []


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


ALIASES = [
    ("Kupyansk", "places/kupiansk/"),
    ("Купʼянськ", "places/kupiansk/"),
    ("Zelenskyy", "people/volodymyr-zelensky/"),
    ("Kurakhovo", "places/kurakhove/"),
    ("Kremlin", "organizations/government-of-russia/"),
]


@pytest.mark.parametrize(("alias", "page"), ALIASES)
def test_search_index_finds_pages_by_alias(site, alias, page):
    """A real query through the site's Pagefind index, ranked as the search box ranks:
    the record whose alias it is comes first, before the reports that mention it."""
    found = search(site, alias)[alias]
    assert [result["url"] for result in found["results"]][:1] == [f"/{page}"], found


def test_search_ranks_each_record_first_for_its_own_names(site):
    """Every name, alias and derived spelling of every record, as a query: nearly all land
    on their record first, and the rest on another record (where the name is a word most
    of the archive holds, as "Ukraine", or a prefix of one, as "UK"), never on a report or
    an event."""
    archive, _problems = pipeline.load_and_validate(REPO / "content", REPO)
    owners: dict[str, set[str]] = {}
    for kind in ("places", "people", "organizations", "outlets"):
        for record_id, record in archive.records[kind].items():
            for name in search_names(record.name, record.aliases):
                owners.setdefault(name, set()).add(f"/{SECTIONS[kind]}/{record_id}/")
    results = search(site, *owners)
    firsts = {name: (results[name]["results"] or [{"url": None}])[0]["url"] for name in owners}
    missed = {name: first for name, first in firsts.items() if first not in owners[name]}
    assert len(missed) <= len(owners) // 20, missed
    assert all(first and first.split("/")[1] in {SECTIONS[kind] for kind in ("places", "people", "organizations", "outlets")} for first in missed.values()), missed


def test_search_index_holds_every_page_and_only_its_article(site):
    fragments = read_fragments(site)
    pages = {path for path in site.rglob("index.html") if "data-pagefind-body" in path.read_text(encoding="utf-8")}
    redirects = {path for path in site.rglob("index.html") if 'http-equiv="refresh"' in path.read_text(encoding="utf-8")}
    assert set(site.rglob("index.html")) - pages == redirects  # every page but the redirects of renamed records
    addresses = {"/" if path.parent == site else f"/{path.parent.relative_to(site).as_posix()}/" for path in pages}
    assert sorted(fragments) == sorted(addresses)
    kupiansk = fragments["/places/kupiansk/"]
    assert kupiansk["meta"]["title"] == "Kupiansk"  # the page's h1, without its ¶ permalink
    assert kupiansk["meta"]["label"] == "Place · city"
    assert {"Kupyansk", "Купʼянськ", "Kupjansk"} <= set(kupiansk["meta"]["names"].split(" · "))  # Kupjansk is derived
    assert kupiansk["filters"] == {"record": ["yes"]}
    event = fragments["/events/2025-11-20-gerasimov-claims-capture-of-kupiansk/"]
    assert event["meta"]["label"] == "Event · 20 November 2025 · disputed"
    assert "names" not in event["meta"] and event["filters"] == {}
    assert "Who holds it" in kupiansk["content"]
    # Material's header, navigation and footer, heading permalinks and a record's
    # "added / suggest a correction" line are on the page, not in the index.
    page = unescape((site / "places/kupiansk/index.html").read_text(encoding="utf-8"))
    for outside in ("Skip to content", "Records and pages CC BY 4.0", "¶", "Chronicle — Kupiansk and the news"):
        assert outside in page
        assert not [url for url, fragment in fragments.items() if outside in fragment["content"]], outside
    assert "Suggest a correction" in page and "Suggest a correction" not in kupiansk["content"]


def test_a_pagefind_failure_keeps_the_previous_site_and_says_so(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site")
    (site / ".chronicle-site").write_text("")
    monkeypatch.setattr(search_index, "pagefind_executable", lambda: Path("/bin/false"))
    with pytest.raises(pipeline.UserError, match=r"the search indexer \(Pagefind\) failed on .* \(exit code 1\)"):
        pipeline.build(REPO / "content", site, REPO / "mkdocs.yml", tmp_path / "docs")
    assert (site / "index.html").read_text() == "previous site"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_event_page_shows_both_sides_of_the_dispute(site):
    html = (site / "events" / "2025-11-20-gerasimov-claims-capture-of-kupiansk" / "index.html").read_text(encoding="utf-8")
    assert 'id="claim-1"' in html and 'id="claim-2"' in html
    assert "chronicle-stance--asserts" in html and "chronicle-stance--denies" in html
    assert "Kupiansk remains under the control of Ukraine’s Defense Forces" in html
    assert "chronicle-status--disputed" in html


def test_place_page_lists_events_within_it(site):
    html = (site / "places" / "kharkiv-oblast" / "index.html").read_text(encoding="utf-8")
    # Events at Kupiansk show on the oblast's page too.
    assert "2025-11-20-gerasimov-claims-capture-of-kupiansk" in html


def test_article_page_links_known_names(site):
    html = (site / "reports" / "vijesti-2024-11-14-ukrainian-military-claims-it-is-in-full-control" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="../../places/kupiansk/">Kupyansk</a>', html)


def test_failed_build_leaves_previous_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site")
    (site / ".chronicle-site").write_text("")
    broken_config = tmp_path / "mkdocs.yml"
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    broken_config.write_text(config.replace("  - Timeline: timeline.md", "  - Timeline: timeline.md\n  - Missing: no-such-page.md"), encoding="utf-8")
    with pytest.raises(pipeline.UserError, match="no-such-page.md"):
        pipeline.build(REPO / "content", site, broken_config, tmp_path / "docs")
    assert (site / "index.html").read_text() == "previous site"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
