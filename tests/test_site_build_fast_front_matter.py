"""The site build reads front matter in the generated form (`key: <JSON>` lines)
with `json` (fast_markdown.get_data); every document, in that form or not, must
give the same Markdown and `page.meta` as MkDocs' own `meta.get_data`, types and
key order included, and a page MkDocs cannot read must fail as MkDocs fails."""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from mkdocs.structure.files import File, get_files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from build_tools import fast_markdown
from tests.test_site_build import REPO, config_for

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "chronicle-hypothesis")

BODY = "\n\n# Title\n\nText with `code` and a [link](x.md).\n"


def _same(a, b) -> bool:
    """Equal, with the same types throughout (1 == 1.0 == True to Python) and the same key order."""
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return list(a) == list(b) and all(_same(a[key], b[key]) for key in a)
    if type(a) is list:
        return len(a) == len(b) and all(map(_same, a, b))
    return a == b


def _shortcut_taken(doc: str) -> bool:
    match = meta.YAML_RE.match(doc)
    return match is not None and fast_markdown._json_front_matter(match.group(1)) is not None


def assert_reads_alike(doc: str) -> None:
    expected_doc, expected_meta = meta.get_data(doc)
    fast_doc, fast_meta = fast_markdown.get_data(doc)
    assert fast_doc == expected_doc
    assert _same(fast_meta, expected_meta), (fast_meta, expected_meta)


def test_the_shortcut_applies_to_this_mkdocs():
    assert fast_markdown.front_matter_shortcut_applies(), "MkDocs' read_source or meta changed: re-check read_source"


def _front(*lines: str) -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + "---" + BODY


READ_BY_JSON = [
    # The generated form: titles, JSON-LD with numbers and literals, name lists.
    _front('title: "Kupiansk — Куп\'янськ · 8 May"', 'jsonld: {"@context": "https://schema.org", "geo": {"latitude": 49.7106, "longitude": -37.6, "elevation": 0}, '
           '"ok": true, "no": false, "none": null, "list": [1, -2, 0.5, -0.0, 1.5e+20, 12345678901234567890123], "empty": {}, "nothing": []}',
           'search_label: "Event · 14 August 2022 – 22 August 2022 · disputed"', 'search_names: ["A", "Б", "𝔸", "a: b", "# not a comment"]'),
    # YAML-special characters inside strings, and in keys of the JSON.
    _front('title: "*x* &y !z %w @v `u` \'t\' {s} [r] | q > p ? o: n - m #l"', 'jsonld: {"<<": {"a": 1}, "? k": "v", "- j": ["- i", "? h"], "": "empty key"}'),
    # A key given twice: the last value, in the first place.
    _front('title: "first"', 'other: "x"', 'title: "second"'),
    _front('search-label: "dashed key"', '_under: "x"', 'n1: "digits"'),
    _front('title: "' + "x" * 5000 + '"', 'jsonld: {"' + "k" * 255 + '": 1}'),
    _front('title: "\u00a0nbsp\u00a0 and  two  spaces "'),
    # MkDocs' other delimiters.
    '---\ntitle: "x"\n...' + BODY, '--- \ntitle: "x"\n---\t' + BODY,
]

LEFT_TO_YAML = [
    # Keys that YAML 1.1 reads as something else than a string.
    _front('on: "x"'), _front('yes: "x"'), _front('off: "x"'), _front('null: "x"'), _front('True: "x"'),
    # Values that are not JSON, or not json.dumps' own form of it.
    _front("date: 2024-01-05"), _front("title: Plain title"), _front("title: 'single'"), _front('title: "x" # comment'),
    _front('title:  "two spaces"'), _front('title: "x" '), _front('jsonld: {"a":1}'), _front('jsonld: {"a": 1, "a": 2}'),
    _front('jsonld: [1e5]'), _front('jsonld: [1E+5]'), _front('jsonld: [NaN]'), _front('jsonld: [Infinity, -Infinity]'),
    _front('jsonld: [1.0e-5]'), _front('jsonld: [1e+16]'), _front('jsonld: [01]'), _front('jsonld: [-0]'),
    # Escapes, some of which YAML reads otherwise than JSON (surrogate pairs, "\/").
    _front('title: "say \\"hi\\""'), _front('title: "back\\\\slash"'), _front('title: "\\u00e9"'), _front('title: "\\ud83d\\ude00"'),
    _front('title: "a\\/b"'), _front('title: "tab\\there"'), _front('title: "\\x41"'),
    # Characters YAML breaks lines at, or refuses, or reads as a byte order mark.
    _front('title: "a\u0085b"'), _front('title: "a\u2028b"'), _front('title: "a\u2029b"'), _front('title: "a\x7fb"'),
    _front('title: "a\ufeffb"'), _front('title: "a\tb"'), _front('title: "a\x00b"'), _front('title: "a\rb"'), _front('title: "a\x9fb"'),
    _front('title: "a\ufffeb"'),
    # Keys YAML reads as no key at all; nesting deep enough to matter.
    _front('jsonld: {"' + "k" * 1100 + '": 1}'), _front('jsonld: {"' + "k" * 300 + '": 1}'),
    _front("jsonld: " + "[" * 150 + "]" * 150), _front("jsonld: " + '{"a": ' * 150 + "1" + "}" * 150),
    # Not a mapping, blank or commented lines, block YAML, broken YAML.
    "---\n\"just a string\"\n---" + BODY, "---\n\n---" + BODY, _front('title: "x"', "", 'other: "y"'), _front("# comment", 'title: "x"'),
    _front("hide:", "  - navigation"), _front('title: "unterminated'), _front('jsonld: {"a": [1, 2}'), _front("title: [1, 2"),
    _front('  title: "indented"'), _front('title: "x"', '  more: "y"'),
    # No front matter at all.
    "title: MultiMarkdown\nother: x\n" + BODY, BODY, "",
]


@pytest.mark.parametrize("doc", READ_BY_JSON)
def test_the_generated_form_is_read_as_mkdocs_reads_it(doc):
    assert _shortcut_taken(doc)
    assert_reads_alike(doc)


@pytest.mark.parametrize("doc", LEFT_TO_YAML)
def test_anything_else_is_left_to_mkdocs(doc):
    assert not _shortcut_taken(doc)
    assert_reads_alike(doc)


def test_json_that_yaml_reads_otherwise_would_be_caught():
    """Some of the cases the shortcut declines, which it must: YAML reads them otherwise than json does."""
    for doc in (_front("jsonld: [1e5]"), _front("jsonld: [NaN]"), _front('on: "x"'), _front('title: "\\ud83d\\ude00"'), _front('jsonld: {"' + "k" * 1100 + '": 1}')):
        match = meta.YAML_RE.match(doc)
        naive = {line.partition(": ")[0]: json.loads(line.partition(": ")[2]) for line in match.group(1)[:-1].split("\n")}
        assert not _same(meta.get_data(doc)[1], naive)


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=12),
    st.sampled_from(["true", "no", "~", "1e5", "0x1F", "2024-01-05", "a: b", "#", "\u2028", "\x85", "\ufeff", '"', "\\", "\t", "<<"]),
)
_JSON = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6) | st.sampled_from(["<<", "on", "1"]), inner, max_size=4), max_leaves=12)
_KEYS = st.sampled_from(["title", "jsonld", "on", "yes", "Null", "search_names", "x-y", "_"])


@settings(max_examples=400, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_KEYS, _JSON, st.booleans()), min_size=1, max_size=4))
def test_any_json_front_matter_is_read_as_mkdocs_reads_it(entries):
    lines = [f"{key}: {json.dumps(value, ensure_ascii=ascii_only)}" for key, value, ascii_only in entries]
    assert_reads_alike(_front(*lines))


@pytest.fixture
def config(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ntheme:\n  name: material\nplugins: []\n", encoding="utf-8")
    return config_for(tmp_path / "mkdocs.yml", tmp_path / "site")


def _read(read, config, name: str) -> tuple:
    page = Page(None, File(name, config.docs_dir, config.site_dir, True), config)
    messages: list[str] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: messages.append(f"{record.levelname}: {record.getMessage()}")
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        read(page, config)
        return page.markdown, page.meta, messages
    except Exception as error:  # noqa: BLE001 - compared with MkDocs' own
        return type(error), str(error), messages
    finally:
        logger.removeHandler(handler)


@pytest.mark.parametrize("content", [
    _front('title: "x"', 'jsonld: {"a": [1.5, null]}').encode(),
    _front("title: [1, 2").encode(),
    b"\xef\xbb\xbf" + _front('title: "bom"').encode(),
    b"---\ntitle: \"\xff\"\n---\n",  # not UTF-8: MkDocs logs an encoding error and raises
    None,  # no such file
])
def test_a_page_is_read_as_mkdocs_reads_it_or_fails_as_it_fails(config, content):
    if content is not None:
        (Path(config.docs_dir) / "page.md").write_bytes(content)
    expected = _read(Page.read_source, config, "page.md")
    assert _read(fast_markdown.read_source, config, "page.md") == expected
    if content is None or b"\xff" in content:
        assert expected[2] and expected[2][0].startswith("ERROR: ")


def test_the_renderer_binds_the_shortcut_only_to_mkdocs_own_pages(config):
    renderer = fast_markdown.PageRenderer(config, get_files(config))
    page = Page(None, File("page.md", config.docs_dir, config.site_dir, True), config)
    assert renderer.bind_read_source(page).__func__ is fast_markdown.read_source

    class OwnPage(Page):
        def read_source(self, config) -> None:
            self.markdown, self.meta = "own", {}

    own = OwnPage(None, File("own.md", config.docs_dir, config.site_dir, True), config)
    assert renderer.bind_read_source(own).__func__ is OwnPage.read_source


def test_the_repository_s_own_pages_take_the_shortcut(tmp_path):
    """The generated pages are in the form the shortcut reads (else it would save nothing)."""
    from benchmarks.synthetic import write_archive
    from build_tools import pipeline

    write_archive(tmp_path / "content", 40, seed=5)
    pipeline.generate(tmp_path / "content", tmp_path / "docs", REPO / "mkdocs.yml", jobs=1)
    docs = [path.read_text(encoding="utf-8-sig") for path in (tmp_path / "docs").rglob("*.md")]
    taken = [doc for doc in docs if _shortcut_taken(doc)]
    assert len(taken) >= 40
    for doc in docs:
        assert_reads_alike(doc)
