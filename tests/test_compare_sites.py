"""build_tools.compare_sites: two small real site folders per test, each
difference family found, identical sites found identical, and the command's
exit codes and messages. The last test builds the shipped archive with the
real Zensical when .venv-zensical has it (`make zensical-compare` makes it)."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.compare_sites import (
    UsageError,
    compare_sites,
    format_report,
    main,
    resolve,
)
from build_tools.search_index import index_site
from tests.fixtures import write_tree

REPO = Path(__file__).resolve().parents[1]
ZENSICAL = REPO / ".venv-zensical" / "bin" / "zensical"


def page(body: str, bundle: str = "a1b2c3") -> str:
    """A page the way both themes frame it: hashed theme assets, an external link, our content."""
    return f"""<!doctype html><html lang="en"><head>
<link rel="stylesheet" href="{{root}}assets/stylesheets/main.{bundle}.min.css">
<link rel="stylesheet" href="{{root}}assets/chronicle.css">
</head><body>
<a href="#__skip" class="md-skip">Skip to content</a><div id="__skip"></div>
<a href="https://example.org/">elsewhere</a>
<article><h1 id="top">Title</h1>{body}</article>
<script src="{{root}}assets/javascripts/bundle.{bundle}.min.js"></script>
</body></html>"""


def pagefind_bundle(pages: dict[str, dict]) -> dict[str, bytes | str]:
    """A Pagefind bundle as `chronicle build` writes it: {url: {"content", "meta"}} as fragments."""
    files: dict[str, bytes | str] = {"pagefind/pagefind-entry.json": json.dumps({"version": "1.5.2", "languages": {"en": {"hash": "en_1", "wasm": "en", "page_count": len(pages)}}})}
    for n, (url, page) in enumerate(sorted(pages.items())):
        fragment = {"url": url, "content": page["content"], "word_count": 3, "filters": {}, "meta": page["meta"], "anchors": []}
        files[f"pagefind/fragment/en_{n:07x}.pf_fragment"] = gzip.compress(b"pagefind_dcd" + json.dumps(fragment).encode())
    return files


PAGES = {
    "/": {"content": "Welcome.", "meta": {"title": "Home"}},
    "/places/kupiansk/": {"content": "Kupiansk. A city.", "meta": {"title": "Kupiansk", "label": "Place · city", "names": "Kupiansk · Kupyansk"}},
    "/about/": {"content": "About.", "meta": {"title": "About"}},
}


def mkdocs_index(entries: list[dict]) -> str:
    return json.dumps({"config": {"lang": ["en"]}, "docs": entries})


def zensical_index(entries: list[dict]) -> str:
    return json.dumps({"config": {"lang": ["en"]}, "items": entries})


ENTRIES = [
    {"location": "", "title": "Home", "text": "<p>Welcome</p>"},
    {"location": "places/kupiansk/", "title": "Kupiansk", "text": "A city", "tags": ["Place · city", "kupyansk"], "boost": 2},
    {"location": "places/kupiansk/#events", "title": "Events", "text": "Events at it", "boost": 2},
]


def site(bundle: str = "a1b2c3", search: str = "mkdocs", entries: list[dict] | None = None, **changes: str | None) -> dict[str, str]:
    """A three-page site with a search index (`search`: mkdocs, zensical or pagefind); `changes`
    replaces (or, with None, removes) files."""
    files = {
        "index.html": page('<a href="places/kupiansk/">Kupiansk</a> <a href="./about/">About</a>', bundle).replace("{root}", ""),
        "about/index.html": page('<a href="../">Home</a> <a href="../places/kupiansk/#events">Events</a>', bundle).replace("{root}", "../"),
        "places/kupiansk/index.html": page('<h2 id="events">Events</h2><a href="../../about/index.html">About</a>', bundle).replace("{root}", "../../"),
        "assets/chronicle.css": "body {}",
        f"assets/stylesheets/main.{bundle}.min.css": "",
        f"assets/javascripts/bundle.{bundle}.min.js": "",
        "feed.xml": "<feed/>",
    }
    entries = ENTRIES if entries is None else entries
    if search == "mkdocs":
        files["search/search_index.json"] = mkdocs_index(entries)
    elif search == "zensical":
        files["search.json"] = zensical_index(entries)
    else:
        files |= pagefind_bundle(PAGES)
    for path, text in changes.items():
        path = path.replace("__", "/")
        if text is None:
            files.pop(path, None)
        else:
            files[path] = text
    return files


def build_pair(tmp_path: Path, a: dict[str, str], b: dict[str, str]) -> tuple[Path, Path]:
    write_tree(tmp_path / "a", a)
    write_tree(tmp_path / "b", b)
    return tmp_path / "a", tmp_path / "b"


# --- one site against itself -----------------------------------------------------------


def test_identical_sites_report_no_difference(tmp_path):
    a, b = build_pair(tmp_path, site(), site())
    result = compare_sites(a, b)
    assert not result.differs
    assert result.pages == (3, 3)
    assert result.links[0] == result.links[1] > 0
    assert result.broken == (0, 0)
    assert result.external_links == (3, 3)
    assert result.search.entries == (3, 3)
    assert "**No differences in pages, links or search entries.**" in format_report(result, a, b)


def test_theme_differences_alone_are_no_difference(tmp_path):
    """Other hashed bundle names, another search index file and another skip link: same site."""
    zensical = site(bundle="ffff00", search="zensical")
    zensical["about/index.html"] = zensical["about/index.html"].replace('href="../"', 'href="./../"')
    a, b = build_pair(tmp_path, site(), zensical)
    result = compare_sites(a, b)
    assert not result.differs, format_report(result, a, b)
    assert result.search.index == ("search/search_index.json", "search.json")
    assert result.theme_links == (3 * 3, 3 * 3)


def test_links_are_normalised():
    assert resolve("about/index.html", "../places/kupiansk/") == ("places/kupiansk/index.html", "")
    assert resolve("about/index.html", "./../places/kupiansk/index.html#events") == ("places/kupiansk/index.html", "events")
    assert resolve("about/index.html", "#top") == ("about/index.html", "top")
    assert resolve("about/index.html", "/feed.xml?x=1") == ("feed.xml", "")
    assert resolve("about/index.html", "../") == ("index.html", "")
    assert resolve("index.html", "./") == ("index.html", "")
    assert resolve("about/index.html", "caf%C3%A9/") == ("about/café/index.html", "")
    assert resolve("index.html", "https://example.org/a") is None
    assert resolve("index.html", "mailto:a@example.org") is None


# --- each family of difference -----------------------------------------------------------


def test_pages_only_in_one_build(tmp_path):
    a, b = build_pair(tmp_path, site(**{"people__x__index.html": page("").replace("{root}", "../../")}), site(**{"raw__index.html": page("").replace("{root}", "../")}))
    result = compare_sites(a, b)
    assert result.pages_only_a == ["people/x/index.html"]
    assert result.pages_only_b == ["raw/index.html"]
    report = format_report(result, a, b)
    assert "### Pages only in MkDocs (1)\n\n- `people/x/index.html`" in report
    assert "### Pages only in Zensical (1)\n\n- `raw/index.html`" in report


def test_other_files_only_in_one_build(tmp_path):
    a, b = build_pair(tmp_path, site(**{"sitemap.xml.gz": "gz"}), site())
    result = compare_sites(a, b)
    assert (result.files_only_a, result.files_only_b) == (["sitemap.xml.gz"], [])
    assert result.differs


def test_pages_whose_links_differ(tmp_path):
    changed = page('<h2 id="events">Events</h2><a href="../../feed.xml">Feed</a>').replace("{root}", "../../")
    a, b = build_pair(tmp_path, site(), site(**{"places__kupiansk__index.html": changed}))
    result = compare_sites(a, b)
    assert [d.page for d in result.link_diffs] == ["places/kupiansk/index.html"]
    assert result.link_diffs[0].only_a == ("about/index.html",)
    assert result.link_diffs[0].only_b == ("feed.xml",)
    assert "- `places/kupiansk/index.html`: only MkDocs: `about/index.html`; only Zensical: `feed.xml`" in format_report(result, a, b)


def test_links_broken_in_one_build_only(tmp_path):
    """A page the other build lacks, and an anchor the other build's page does not hold."""
    no_anchor = page("<h2>Events</h2>").replace("{root}", "../../")  # no id="events"
    a, b = build_pair(tmp_path, site(), site(**{"about__index.html": None, "places__kupiansk__index.html": no_anchor}))
    result = compare_sites(a, b)
    assert result.broken_only_a == []
    assert ("index.html", "about/index.html") in result.broken_only_b
    assert ("about/index.html", "places/kupiansk/index.html#events") not in result.broken_only_b  # that page is gone
    a2, b2 = build_pair(tmp_path / "2", site(), site(**{"places__kupiansk__index.html": no_anchor}))
    result = compare_sites(a2, b2)
    assert result.broken_only_b == [("about/index.html", "places/kupiansk/index.html#events")]
    assert "### Broken only in Zensical (1)\n\n- `about/index.html` → `places/kupiansk/index.html#events`" in format_report(result, a2, b2)


def test_search_entries_titles_tags_and_boosts(tmp_path):
    zensical_entries = [
        {"location": "", "title": "Home", "text": "<p>Welcome</p>", "tags": []},
        {"location": "places/kupiansk/", "title": "Kupiansk (city)", "text": "A city", "tags": ["Place · city"]},
        {"location": "places/kupiansk/#claims", "title": "Claims", "text": "Who says what"},
    ]
    a, b = build_pair(tmp_path, site(), site(search="zensical", entries=zensical_entries))
    s = compare_sites(a, b).search
    assert s.entries == (3, 3)
    assert (s.only_a, s.only_b) == (["places/kupiansk/#events"], ["places/kupiansk/#claims"])
    assert s.titles == [("places/kupiansk/", "Kupiansk", "Kupiansk (city)")]
    assert s.tags == ["places/kupiansk/"]  # "" has no tags in one and [] in the other: the same
    assert s.boosts == [("places/kupiansk/", 2.0, 1.0)]
    assert s.texts == []  # "<p>Welcome</p>" and "Welcome" are the same text


def test_missing_or_unreadable_search_index_is_reported(tmp_path):
    a, b = build_pair(tmp_path, site(), site(**{"search__search_index.json": None}))
    result = compare_sites(a, b)
    assert result.search.index == ("search/search_index.json", None)
    assert result.search.problems == [f"{b}: no search index (`pagefind/` or `search/search_index.json` or `search.json`)"]
    assert result.differs
    a2, b2 = build_pair(tmp_path / "2", site(), site(**{"search__search_index.json": "{not json"}))
    assert "is not a search index this tool reads" in compare_sites(a2, b2).search.problems[0]


def test_pagefind_indexes_are_compared_page_by_page(tmp_path):
    a, b = build_pair(tmp_path, site(search="pagefind"), site(search="pagefind"))
    result = compare_sites(a, b)
    assert not result.differs, format_report(result, a, b)
    assert result.search.index == ("pagefind/", "pagefind/")
    assert result.search.entries == (3, 3)
    changed = dict(PAGES)
    changed["/places/kupiansk/"] = {"content": "Kupiansk. A town.", "meta": {"title": "Kupiansk (city)", "label": "Place · town", "names": "Kupiansk"}}
    del changed["/about/"]
    other = {k: v for k, v in site().items() if k != "search/search_index.json"} | pagefind_bundle(changed)
    a2, b2 = build_pair(tmp_path / "2", site(search="pagefind"), other)
    s = compare_sites(a2, b2).search
    assert (s.only_a, s.only_b) == (["about/"], [])
    assert s.titles == [("places/kupiansk/", "Kupiansk", "Kupiansk (city)")]
    assert s.texts == ["places/kupiansk/"]
    assert s.tags == ["places/kupiansk/"]  # the label and the search words
    assert "| search entries | 3 | 2 | 1 only in MkDocs, 0 only in Zensical, 1 titles, 1 texts, 1 tag lists and 0 boosts differ |" in format_report(compare_sites(a2, b2), a2, b2)


def test_the_pagefind_bundle_is_not_compared_as_other_files(tmp_path):
    """Its files are named by content hash, like the theme's."""
    other = {k: v for k, v in site(search="pagefind").items() if "/fragment/" not in k} | {"pagefind/fragment/en_ffffff.pf_fragment": gzip.compress(b"pagefind_dcd" + json.dumps({"url": "/", "content": "", "meta": {}}).encode())}
    a, b = build_pair(tmp_path, site(search="pagefind"), other)
    result = compare_sites(a, b)
    assert (result.files_only_a, result.files_only_b) == ([], [])


def test_two_kinds_of_search_index_are_not_compared_and_the_report_says_so(tmp_path):
    a, b = build_pair(tmp_path, site(search="pagefind"), site(search="zensical"))
    result = compare_sites(a, b)
    s = result.search
    assert s.index == ("pagefind/", "search.json")
    assert s.entries == (3, 3)
    assert (s.only_a, s.only_b, s.titles) == ([], [], [])
    assert s.not_compared.startswith("not compared: `pagefind/` (Pagefind) and `search.json` (lunr-style entries) are different kinds")
    assert result.differs  # not "no differences in ... search entries" when they were never compared
    assert f"| search entries | 3 | 3 | {s.not_compared} |" in format_report(result, a, b)
    # A site with both kinds is compared on the kind the other has.
    both = site(search="zensical") | pagefind_bundle(PAGES)
    a2, b2 = build_pair(tmp_path / "2", site(search="pagefind"), both)
    assert compare_sites(a2, b2).search.index == ("pagefind/", "pagefind/")
    a3, b3 = build_pair(tmp_path / "3", site(search="zensical"), both)
    assert compare_sites(a3, b3).search.index == ("search.json", "search.json")


def test_an_unreadable_pagefind_fragment_is_reported(tmp_path):
    broken = site(search="pagefind") | {"pagefind/fragment/en_0000000.pf_fragment": b"not gzip"}
    a, b = build_pair(tmp_path, site(search="pagefind"), broken)
    problems = compare_sites(a, b).search.problems
    assert len(problems) == 1 and "`pagefind/` is not a search index this tool reads (ValueError: en_0000000.pf_fragment: not gzip" in problems[0]


def test_example_lists_are_capped(tmp_path):
    extra = {f"events__e{n:02}__index.html": page("").replace("{root}", "../../") for n in range(25)}
    a, b = build_pair(tmp_path, site(), site(**extra))
    report = format_report(compare_sites(a, b), a, b)
    assert "### Pages only in Zensical (25)" in report
    assert "- `events/e19/index.html`" in report
    assert "- `events/e20/index.html`" not in report
    assert "- … and 5 more" in report


# --- the command -------------------------------------------------------------------------


def test_command_prints_the_report_and_exits_0_on_differences(tmp_path, capsys):
    a, b = build_pair(tmp_path, site(), site(**{"about__index.html": None}))
    summary = tmp_path / "summary.md"
    summary.write_text("## Earlier step\n", encoding="utf-8")
    assert main([str(a), str(b), "--summary", str(summary)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## MkDocs and Zensical builds compared")
    assert "| HTML pages | 3 | 2 | 1 only in MkDocs, 0 only in Zensical |" in out
    assert summary.read_text(encoding="utf-8") == "## Earlier step\n" + out  # appended, not replaced


def test_command_on_identical_sites(tmp_path, capsys):
    a, b = build_pair(tmp_path, site(), site())
    assert main([str(a), str(b)]) == 0
    assert "**No differences in pages, links or search entries.**" in capsys.readouterr().out


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["{a}", "{missing}"], "compare_sites: error: {missing}: no such site folder; build it first\n"),
        (["{a}"], "compare_sites: error: the following arguments are required: ZENSICAL_SITE (see `python -m build_tools.compare_sites --help`)\n"),
        (["{a}", "{a}", "--summary", "{a}"], "compare_sites: error: {a}: cannot append the summary (Is a directory)\n"),
    ],
)
def test_command_usage_errors_exit_1_with_one_line(tmp_path, capsys, arguments, message):
    write_tree(tmp_path / "a", site())
    names = {"a": str(tmp_path / "a"), "missing": str(tmp_path / "missing")}
    assert main([argument.format(**names) for argument in arguments]) == 1
    captured = capsys.readouterr()
    assert captured.err == message.format(**names)
    assert captured.out == ""


def test_usage_error_from_the_function(tmp_path):
    with pytest.raises(UsageError, match="no such site folder"):
        compare_sites(tmp_path / "nope", tmp_path)


def test_module_runs_as_a_command_without_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "build_tools.compare_sites", str(tmp_path / "x"), str(tmp_path)], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr == f"compare_sites: error: {tmp_path / 'x'}: no such site folder; build it first\n"
    help_text = subprocess.run([sys.executable, "-m", "build_tools.compare_sites", "--help"], cwd=REPO, capture_output=True, text=True, check=False)
    assert help_text.returncode == 0 and "--summary FILE" in help_text.stdout


# --- the real thing ------------------------------------------------------------------------


@pytest.mark.skipif(not ZENSICAL.exists(), reason="no .venv-zensical/bin/zensical (`make zensical-venv` installs it; .ci/run does)")
def test_real_zensical_build_of_the_shipped_archive(built_site, tmp_path):
    """Zensical builds the same mkdocs.yml and the same generated pages as the MkDocs
    build; the comparison runs through and finds every page in both."""
    project = tmp_path / "project"
    (project / "build").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", project / "overrides")
    shutil.copytree(built_site.parent / "docs", project / "build" / "docs")  # what built_site was built from
    done = subprocess.run([str(ZENSICAL), "build", "--config-file", "mkdocs.yml"], cwd=project, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    # Zensical renders the same theme overrides; Pagefind indexes its pages as `chronicle build` does MkDocs'.
    index_site(project / "site")
    result = compare_sites(built_site, project / "site")
    assert result.pages[0] > 100
    assert (result.pages_only_a, result.pages_only_b) == ([], [])
    assert result.broken_only_b == []
    s = result.search
    assert (s.problems, s.not_compared) == ([], None)
    assert s.index == ("pagefind/", "pagefind/")
    assert s.entries[0] == s.entries[1] > 100
    assert (s.only_a, s.only_b, s.titles) == ([], [], [])
