"""The site build's shortcuts (build_tools/fast_markdown.py, build_tools/nav_cache.py)
change nothing MkDocs writes or says: pages convert to the same HTML, table of
contents, title and anchors as MkDocs' own `Page.render`, with the same
warnings, and a generated archive builds to the same bytes as `mkdocs build`."""

from __future__ import annotations

import logging
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import Abort
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from benchmarks.synthetic import write_archive
from build_tools import fast_markdown, nav_cache, pipeline, site_build
from tests.test_site_build import REPO, config_for, tree_digest

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "chronicle-hypothesis")


def test_a_generated_archive_builds_to_the_same_bytes_as_mkdocs(tmp_path, monkeypatch):
    """A synthetic archive's generated pages (reports, events, places, people...),
    built by `mkdocs build` and by the shared-out build: every file identical."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1732000000")
    write_archive(tmp_path / "content", 300, seed=3)
    docs = tmp_path / "docs"
    pipeline.generate(tmp_path / "content", docs, REPO / "mkdocs.yml", jobs=1)
    mkdocs_build(config_for(REPO / "mkdocs.yml", tmp_path / "mkdocs", docs))
    site_build.build(config_for(REPO / "mkdocs.yml", tmp_path / "shared", docs), jobs=2)
    expected = tree_digest(tmp_path / "mkdocs")
    assert sum(1 for name in expected if name.endswith("/index.html")) > 300
    assert tree_digest(tmp_path / "shared") == expected


# --- one page at a time: MkDocs' Page.render and the PageRenderer ------------------------

PROJECT_PAGES = {
    "index.md": "# Home\n",
    "one.md": '# One\n\n## Known heading\n\n<span id="raw-id">x</span> <a name="named">y</a>\n',
    "sub/index.md": "# Sub\n",
    "sub/two.md": "# Two\n\nText.\n{: #p-1 }\n",
    "sub/page.md": "# Page\n",
    "other/page.md": "# Other page\n",
}


class _Messages(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.levelno, record.getMessage()))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A small project with the site's own Markdown extensions and link checks:
    (config, files, the pages to convert texts as, one PageRenderer for all of them)."""
    root = tmp_path_factory.mktemp("project")
    for name, text in PROJECT_PAGES.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "docs" / "image.png").write_bytes(b"png")
    site = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = site[site.index("markdown_extensions:"):site.index("validation:")]
    (root / "mkdocs.yml").write_text(f"site_name: Test\ntheme:\n  name: material\nplugins: []\n{extensions}"
                                     "validation:\n  links:\n    not_found: warn\n    anchors: warn\n"
                                     "    absolute_links: warn\n    unrecognized_links: warn\n", encoding="utf-8")
    config = config_for(root / "mkdocs.yml", root / "site")
    files = get_files(config)
    get_navigation(files, config)
    pages = [files.get_file_from_path(name).page for name in ("sub/page.md", "other/page.md", "index.md", "one.md")]
    renderer = fast_markdown.PageRenderer(config, files)
    assert renderer.shortcuts, "the inline shortcuts no longer apply to this Python-Markdown: re-check them"
    return config, files, pages, renderer


def _toc(items) -> list:
    return [(item.title, item.id, item.level, _toc(item.children)) for item in items]


def _render(render, page, text: str) -> tuple:
    messages = _Messages()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(messages)
    try:
        page.markdown, page.meta, page.content = text, {}, None
        render()
    finally:
        logger.removeHandler(messages)
    links = {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()}
    return page.content, _toc(page.toc), page._title_from_render, sorted(map(repr, page.present_anchor_ids)), links, messages.messages


def assert_renders_alike(project, text: str, page_index: int = 0) -> None:
    config, files, pages, renderer = project
    page = pages[page_index % len(pages)]
    expected = _render(lambda: Page.render(page, config, files), page, text)
    assert _render(lambda: renderer.render(page, config, files), page, text) == expected


TRICKY = [
    # Plain links: the text shortcut, and what must fall back to the link pattern.
    "Text [One](../one.md) and [Two](two.md), [Known](../one.md#known-heading).",
    "[a](two.md)[b](two.md) [c d](two.md#p-1)\n{: #p-9 }",
    '[titled](two.md "Title") [angled](<two.md>) [spaced]( two.md ) [nested [x]](two.md)',
    "[*em*](two.md) [_em_](two.md) [**b**](two.md) [a `b`](two.md) [a\\]b](two.md)",
    "![image](../image.png) [![image](../image.png)](two.md) ![alt][ref]\n\n[ref]: ../image.png",
    "[ref] [ref][] [text][ref] [Text] [ref]\n\n[ref]: two.md",
    "\\[escaped](two.md) `[code](two.md)` <span>[in html](two.md)</span> &amp; [x](two.md)",
    "[a](two.md)  \nbroken line [b](two.md)",
    "[a](two.md){: .cls #an-id } [b](two.md){ data-x=y }",
    "[a](b(c).md) [a](two.md)) [a]](two.md) [[a](two.md)]",
    "line one [a](two.md)\nline two [b](\ntwo.md)",
    "[x](two.md \"t\") [y](two.md 'u') [z](two.md'v)",
    # Link targets: found, missing, anchors, self, absolute, external, odd urls.
    "[missing](nowhere.md) [missing anchor](../one.md#no-such) [self](page.md) [self anchor](#p-1) [here](#)",
    "[abs](/one.md) [ext](https://example.org/x.md) [mail](mailto:a@b.c) [dir](../sub/) [dir2](../other)",
    "[q](two.md?x=1#p-1) [pct](tw%6F.md) [colon](two.md#a:b) [dot](./two.md) [up](../sub/two.md)",
    "[frag](two.md#a%20b) [empty frag](two.md#) [amp](two.md#a&b) [space](<two.md#a b>) [tab](two.md#a\tb)",
    "[nl](two.md#a\nb) [nl2](<two.md#c\nd>) [cr](two.md#e\rf)",
    "[back](..\\one.md) [html](two.html) [noext](two) [a@b.c](a@b.c) [index](index.md)",
    # Raw HTML anchors, the TOC marker, tables and blocks.
    '<div id="x1" markdown>\n[in div](two.md)\n</div>\n\n<p\nid="multi">y</p>\n\n<a NAME=upper>z</a> <b ID = spaced>w</b>',
    "The name of it, and its id, said nothing: [a](two.md)",
    "first line\n\n<p\nid=\"multi\">y</p>",
    "first line\n\n<a NAME=upper>z</a> <b id>no value</b>",
    "first line\n\n<a name/>slash",
    "[TOC]\n\n## Heading [link](two.md)\n\n### Sub *heading*",
    "x [TOC] y\n\n[\x02TOC\x03]\n\n## H",
    "| a | b |\n|---|---|\n| [x](two.md) | y |\n\nno | table\nhere",
    "!!! info \"Title [x](two.md)\"\n    - [a](two.md)\n    - b\n\n> [quoted](two.md)\n\n    [indented code](two.md)",
    '<div class="grid" markdown>\n\n-   **[A](../one.md)**{ #claim-1 .c } · x\n\n    > “[q](two.md)”\n\n</div>',
    "Setext\n===\n\ntext [a](two.md)\n---\n\n***\n\n* * *\n\n_ _ _\n\n```\n[code](two.md)\n```\n\n~~~ {.lang}\nx\n~~~",
    "Tildes:\n\n~~~\n[code](two.md)\n~~~\n\nSetext only\n---",
    "> quote\n> # head [a](two.md)\n\nA # not a header\n#Header\n\n    indented\n\n1. one\n2. [two](two.md)",
    "# Title\n\n**Places:** [One](../one.md), [Two](two.md)\n\n- 8 May: [Event](two.md#p-1)",
    "",
    "   \n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_pages_convert_as_mkdocs_converts_them(project, text):
    for page_index in range(len(project[2])):
        assert_renders_alike(project, text, page_index)


FRAGMENTS = [fragment for text in TRICKY for fragment in text.split(" ")] + [
    "[", "]", "(", ")", "](", "![", "<", ">", "*", "_", "`", "\\", "&", "#", "{:", "}", "|", "!!!", "  \n", "\n\n", "\n    ", "\n- ", "\n> ",
    "[a](two.md)", "[b](../one.md#known-heading)", "\n---\n", "\n===\n", "\n```\n", "~~~", "\n# ", "\n* * *\n", "[c](x.md)", "<span id=s>", "</span>", "[TOC]", "\x02", "\x03",
]


@settings(max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=30).map(" ".join), st.integers(0, 3))
@example("[a](two.md) [b](two.md)", 0)
def test_any_text_converts_as_mkdocs_converts_it(project, text, page_index):
    """One renderer for every example: nothing of one page leaks into the next."""
    assert_renders_alike(project, text, page_index)


def test_the_navigation_cache_applies_to_this_material(tmp_path):
    """Material's navigation partials are still the ones nav_cache.py's reasoning was checked on."""
    config = config_for(REPO / "mkdocs.yml", tmp_path / "site", docs=REPO / "tests")
    env = config.theme.get_env()
    files = get_files(config)
    assert nav_cache.NavCache(env, get_navigation(files, config)).installed


def test_a_page_outside_the_navigation_reuses_its_folder_s_navigation(tmp_path):
    """Pages outside the navigation in one folder share one rendering; a page in it,
    or in another folder, gets its own; every page is still what MkDocs writes."""
    root = tmp_path / "project"
    pages = {"index.md": "# Home\n", "a/index.md": "# A\n", "a/one.md": "# One\n", "a/two.md": "# Two\n", "b/three.md": "# Three\n"}
    for name, text in pages.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Test
        theme:
          name: material
          features: [navigation.tabs]
        plugins: []
        nav:
          - Home: index.md
          - A: a/index.md
        validation:
          nav:
            omitted_files: info
        """), encoding="utf-8")
    config = config_for(root / "mkdocs.yml", tmp_path / "site")
    files = get_files(config)
    env = config.theme.get_env()
    nav = get_navigation(files, config)
    cache = nav_cache.NavCache(env, nav)
    assert cache.installed
    from mkdocs.commands import build as mkdocs_commands

    docs = files.documentation_pages()
    for file in docs:
        mkdocs_commands._populate_page(file.page, config, files)
    for name in ("a/one.md", "a/two.md", "a/index.md", "b/three.md", "index.md"):
        mkdocs_commands._build_page(files.get_file_from_path(name).page, config, docs, nav, env)
    # a/one.md and a/two.md share one navigation and tabs; b/three.md has its own.
    for partial in nav_cache.CACHED_PARTIALS:
        assert (cache.counts[partial, "miss"], cache.counts[partial, "hit"]) == (2, 1)
    # The config block differs only with the page's depth: one for the three pages two folders
    # down, one for a/ and one for the home page.
    assert (cache.counts["base.html:config", "miss"], cache.counts["base.html:config", "hit"]) == (3, 2)
    config = config_for(root / "mkdocs.yml", tmp_path / "reference")
    mkdocs_build(config)
    assert tree_digest(tmp_path / "site") == {name: digest for name, digest in tree_digest(tmp_path / "reference").items() if name in tree_digest(tmp_path / "site")}


def test_static_files_copied_by_the_processes_give_the_same_site_even_where_outputs_collide(tmp_path, monkeypatch):
    """Static files are copied by the processes while they build pages, unless two
    outputs share a path (or one needs the other's path as a folder): then MkDocs'
    order decides, and the parent copies them first as MkDocs does."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1732000000")
    pages = {"index.md": "# Home\n", "one.md": "# One\n", "sub/two.md": "# Two\n"}
    for colliding in ({}, {"one/index.html": "<p>static</p>", "404.html": "<p>static 404</p>"}, {"sub/two": "a file where a folder goes"}):
        root = tmp_path / f"project{len(colliding)}{sorted(colliding)[:1]}".replace("/", "_")
        for name, text in {**pages, "assets/data.json": "{}", "raw/a.txt": "a", **colliding}.items():
            (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "docs" / name).write_text(text, encoding="utf-8")
        (root / "mkdocs.yml").write_text("site_name: Test\ntheme:\n  name: material\nplugins: []\n"
                                         "nav:\n  - Home: index.md\n  - One: one.md\n  - Two: sub/two.md\n", encoding="utf-8")
        config = config_for(root / "mkdocs.yml", root / "site")
        files = get_files(config)
        static = [file for file in files if not file.is_documentation_page()]
        expect_shared = not colliding
        assert (site_build._static_shares(static, files.documentation_pages(), config, 2) is not None) == expect_shared
        try:
            mkdocs_build(config_for(root / "mkdocs.yml", root / "mkdocs"))
        except OSError:  # a file where a folder goes: the shared-out build fails too
            with pytest.raises((OSError, Abort)):
                site_build.build(config_for(root / "mkdocs.yml", root / "shared"), jobs=2)
            continue
        site_build.build(config_for(root / "mkdocs.yml", root / "shared"), jobs=2)
        assert tree_digest(root / "shared") == tree_digest(root / "mkdocs")
