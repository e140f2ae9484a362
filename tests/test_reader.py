"""What the built archive offers readers and reuse tools beyond the pages
themselves: JSON-LD, the Atom feed, the sitemap, the published schema, raw
captures, redirects for renamed records, git dates and search spellings."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from build_tools import pipeline
from build_tools.history import file_dates
from build_tools.render import SiteSettings
from build_tools.search_index import read_fragments
from build_tools.transliterate import latin_spellings, search_names
from tests.fixtures import git, write_tree
from tests.search_queries import search
from tests.test_validate import EVENT, KUPIANSK, VALID

REPO = Path(__file__).resolve().parents[1]
ATOM = "{http://www.w3.org/2005/Atom}"
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld_of(page: Path) -> dict:
    blocks = JSONLD.findall(page.read_text(encoding="utf-8"))
    assert len(blocks) == 1, page
    return json.loads(blocks[0])


@pytest.mark.parametrize(
    ("page", "schema_type", "name_field", "name"),
    [
        ("events/2025-11-20-gerasimov-claims-capture-of-kupiansk", "Event", "name", "Gerasimov tells Putin Russian forces have captured Kupiansk; Ukraine denies it"),
        ("places/kupiansk", "Place", "name", "Kupiansk"),
        ("places/ukraine", "Country", "name", "Ukraine"),
        ("people/valery-gerasimov", "Person", "name", "Valery Gerasimov"),
        ("organizations/general-staff-ukraine", "GovernmentOrganization", "name", "General Staff of the Armed Forces of Ukraine"),
        ("outlets/kyiv-independent", "NewsMediaOrganization", "name", "The Kyiv Independent"),
        ("reports/kyiv-independent-2025-11-20-cheap-provocations-ukraine-denies-russias-claim", "NewsArticle", "headline",
         "'Cheap provocations' — Ukraine denies Russia's claim that it has captured Kupiansk, as fighting continues"),
    ],
)
def test_record_pages_carry_schema_org_json_ld(built_site, page, schema_type, name_field, name):
    data = jsonld_of(built_site / page / "index.html")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data[name_field] == name
    assert data["@id"].endswith(f"/{page}/")


def test_event_json_ld_has_dates_places_with_coordinates_and_sources(built_site):
    data = jsonld_of(built_site / "events/2025-11-20-gerasimov-claims-capture-of-kupiansk/index.html")
    assert data["startDate"] == "2025-11-20"
    kupiansk = data["location"][0]
    assert kupiansk["name"] == "Kupiansk" and kupiansk["geo"] == {"@type": "GeoCoordinates", "latitude": 49.7106, "longitude": 37.6156}
    assert kupiansk["containedInPlace"]["name"] == "Kupiansk Raion"
    assert data["subjectOf"][0]["@type"] == "NewsArticle"


def test_atom_feed_lists_newest_events_first_with_stable_ids(built_site):
    feed = ET.parse(built_site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    events = json.loads((built_site / "data/events.json").read_text(encoding="utf-8"))["events"]
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == min(50, len(events))
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids)
    newest_first = sorted(events, key=lambda e: (e["date"]["start"], e["id"]), reverse=True)
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert [link.rsplit("/events/", 1)[1] for link in links] == [e["url"].removeprefix("events/") for e in newest_first[:50]]
    assert all(link.startswith("http") for link in links)
    for entry in entries:
        for field in ("published", "updated"):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", entry.findtext(f"{ATOM}{field}"))
    assert "Valery Gerasimov asserts" in entries[0].findtext(f"{ATOM}summary")


def test_feed_ids_do_not_depend_on_the_site_address():
    first, _ = pipeline.generate_pages(REPO / "content", REPO, SiteSettings(site_url="https://one.example/"))
    second, _ = pipeline.generate_pages(REPO / "content", REPO, SiteSettings(site_url="https://two.example/archive/"))
    ids = lambda feed: re.findall(r"<id>(urn:uuid:[^<]+)</id>", feed)
    assert ids(first["feed.xml"]) == ids(second["feed.xml"])
    assert "https://two.example/archive/events/" in second["feed.xml"]


def test_sitemap_lists_every_page(built_site):
    sitemap = ET.parse(built_site / "sitemap.xml").getroot()
    locations = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = {p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")}
    assert len(locations) == len(pages) > 100
    assert any(loc.endswith("/places/kupiansk/") for loc in locations)


def test_events_json_validates_against_its_published_schema(built_site):
    schema = json.loads((built_site / "data/events.schema.json").read_text(encoding="utf-8"))
    document = json.loads((built_site / "data/events.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    broken = json.loads(json.dumps(document))
    broken["events"][0]["claims"].append({"anchor": "claim-9", "by": "x", "stance": "maybe"})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_raw_captures_are_published_as_text_beside_their_reports(built_site):
    page = (built_site / "reports/kyiv-independent-2025-11-20-cheap-provocations-ukraine-denies-russias-claim/index.html").read_text(encoding="utf-8")
    link = re.search(r'href="([^"]*raw/[^"]+)">Raw capture as received', page).group(1)
    published = (built_site / "reports/kyiv-independent-2025-11-20-cheap-provocations-ukraine-denies-russias-claim" / link).resolve()
    assert published.suffix == ".txt"
    assert published.read_bytes() == (REPO / "content/raw/004_eb6a58e3b52a20c7.txt").read_bytes()


def test_a_claim_links_to_the_paragraph_holding_its_quote(built_site):
    event = (built_site / "events/2025-11-20-gerasimov-claims-capture-of-kupiansk/index.html").read_text(encoding="utf-8")
    anchors = re.findall(r'href="\.\./\.\./reports/kyiv-independent-2025-11-20-cheap-provocations-ukraine-denies-russias-claim/#(p-\d+)"', event)
    assert anchors
    report = (built_site / "reports/kyiv-independent-2025-11-20-cheap-provocations-ukraine-denies-russias-claim/index.html").read_text(encoding="utf-8")
    paragraph = re.sub(r"<[^>]+>", "", re.search(rf'<p id="{anchors[0]}">(.*?)</p>', report, re.S).group(1))
    assert "Kupiansk remains under the control of Ukraine’s Defense Forces" in paragraph


# --- a small archive, built for real ----------------------------------------------


def build_small(tmp_path: Path, changes: dict[str, str], remove: tuple[str, ...] = ()) -> Path:
    files = {path: text for path, text in (VALID | changes).items() if path not in remove}
    files |= {f"content/pages/{name}.md": f"# {name.title()}\n\nA page of the test archive.\n" for name in ("about", "methodology")}
    files |= {"content/pages/home.md": "A small test archive.\n"}
    write_tree(tmp_path, files)
    pipeline.build(tmp_path / "content", tmp_path / "site", REPO / "mkdocs.yml", tmp_path / "docs")
    return tmp_path / "site"


def test_a_renamed_record_keeps_its_old_address(tmp_path):
    changes = {"content/places/kupiansk-city.yml": VALID[KUPIANSK] + "redirect_from:\n  - kupiansk\n"}
    changes |= {EVENT: VALID[EVENT].replace("  - kupiansk\n", "  - kupiansk-city\n")}
    site = build_small(tmp_path, changes, remove=(KUPIANSK,))
    assert (site / "places/kupiansk-city/index.html").is_file()
    old = (site / "places/kupiansk/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../kupiansk-city/"' in old
    assert 'location.replace("../kupiansk-city/" + location.search + location.hash)' in old
    assert '<link rel="canonical" href="../kupiansk-city/">' in old


def test_contributor_text_cannot_break_out_of_json_ld_or_attributes(tmp_path):
    hostile = 'Repelled.</script><script>alert(1)</script> "onload="alert(2)'
    event = VALID[EVENT].replace("summary: ", f"summary: {hostile} ", 1).replace("title: ", "title: </title><script>alert(3)</script> ", 1)
    place = VALID[KUPIANSK].replace("  - Kupyansk\n", "  - Kupyansk\n  - <script>alert(4)</script>\n")
    site = build_small(tmp_path, {EVENT: event, KUPIANSK: place})
    page = next((site / "events").glob("*/index.html")).read_text(encoding="utf-8")
    assert "<script>alert(" not in page
    assert "<script>alert(" not in (site / "places/kupiansk/index.html").read_text(encoding="utf-8")
    # Search shows a result's title as text (search.js sets textContent) and of its excerpt
    # only Pagefind's <mark>s as markup: Pagefind keeps the title as the text it is, and
    # escapes everything else in the excerpt.
    event = next(fragment for url, fragment in read_fragments(site).items() if url.startswith("/events/2"))
    assert event["meta"]["title"].startswith("</title><script>alert(3)</script>")
    found = search(site, "Repelled")["Repelled"]["results"][0]
    assert found["title"] == event["meta"]["title"]
    assert "alert(1)" in found["excerpt"] and "&lt;/script&gt;&lt;script&gt;" in found["excerpt"]
    assert re.sub(r"</?mark>", "", found["excerpt"]).count("<") == 0
    assert not re.search(r"<[^>]*\sonload=", page), "an attribute escaped its quotes"
    assert jsonld_of(next((site / "events").glob("*/index.html")))["description"].startswith(hostile)
    description = re.search(r'<meta name="description" content="([^"]*)">', page).group(1)
    assert html.unescape(description).startswith(hostile)


# --- dates from git history -------------------------------------------------------


def test_pages_show_when_a_record_was_added_and_last_changed(tmp_path):
    write_tree(tmp_path, VALID)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first", when="2024-11-15T10:00:00Z")
    (tmp_path / KUPIANSK).write_text(VALID[KUPIANSK] + "description: City on the Oskil.\n", encoding="utf-8")
    git(tmp_path, "commit", "-qam", "describe Kupiansk", when="2025-01-02T10:00:00Z")

    dates = file_dates(tmp_path / "content")
    assert dates["places/kupiansk.yml"].added == "2024-11-15"
    assert dates["places/kupiansk.yml"].changed == "2025-01-02"
    assert dates["places/ukraine.yml"].changed == "2024-11-15"
    assert dates["places/kupiansk.yml"].repo_path == KUPIANSK

    settings = SiteSettings(repo_url="https://git.example/archive")
    pages, _ = pipeline.generate_pages(tmp_path / "content", tmp_path, settings, history=True)
    place = pages["places/kupiansk.md"]
    assert "Added 2024-11-15 · last changed 2025-01-02" in place
    assert f"[History of this record](https://git.example/archive/commits/main/{KUPIANSK})" in place
    assert "[Suggest a correction](https://git.example/archive/issues/new?title=Correction%3A%20Kupiansk&body=" in place


def test_outside_git_pages_leave_the_dates_out(tmp_path):
    write_tree(tmp_path, VALID)
    assert file_dates(tmp_path / "content") == {}
    pages, _ = pipeline.generate_pages(tmp_path / "content", tmp_path, SiteSettings(), history=True)
    assert "Added " not in pages["places/kupiansk.md"]
    assert date.today().isoformat() not in pages["places/kupiansk.md"]


# --- spellings search finds ----------------------------------------------------------


def test_cyrillic_names_get_the_latin_spellings_readers_type():
    assert {"Kupiansk", "Kupyansk", "Kupjansk"} <= set(latin_spellings("Купʼянськ"))
    assert {"Zelenskyi", "Zelenskyy", "Zelensky", "Selenskyj"} <= set(latin_spellings("Зеленський"))
    assert latin_spellings("Kupiansk") == []


def test_search_names_add_spellings_once():
    assert search_names("Kupiansk", ["Купʼянськ"]) == ["Kupiansk", "Купʼянськ", "Kupyansk", "Kupjansk"]


def test_record_pages_carry_their_search_label_and_names():
    pages, _ = pipeline.generate_pages(REPO / "content", REPO)
    front = pages["places/kupiansk.md"].split("---")[1]
    assert 'search_label: "Place · city"' in front
    names = json.loads(re.search(r"^search_names: (.*)$", front, re.MULTILINE).group(1))
    assert names[:2] == ["Kupiansk", "Kupyansk"] and "Купʼянськ" in names and "Kupjansk" in names
    event = pages["events/2025-11-20-gerasimov-claims-capture-of-kupiansk.md"].split("---")[1]
    assert 'search_label: "Event · 20 November 2025 · disputed"' in event and "search_names" not in event
    assert "tags:" not in front and "boost" not in front  # Material's search front matter is gone
