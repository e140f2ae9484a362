"""MkDocs' `Page.render`, made cheaper per page without changing a byte of its output.

`Page.render` builds a new `markdown.Markdown` with every extension for each
page, then Python-Markdown applies each of its 14 inline patterns to every
piece of text, walking the record pages' links character by character, and
MkDocs resolves each link again from scratch. `PageRenderer` does the same
work with:

- one `Markdown` per process, `reset()` between pages (as Python-Markdown
  documents), with MkDocs' own four processors registered once in the same
  order and their per-page state set afresh before each page;
- an inline processor that skips a pattern when the text lacks the character
  every match of that pattern contains (a pattern that cannot match changes
  nothing), and that builds a text made only of plain words and plain
  `[text](url)` links straight away: the same `<a>` elements, stashed in the
  same order, that the link pattern would have made, when no other pattern
  could have matched anywhere in it;
- the link patterns' bracket and parenthesis scans done by one regular
  expression when the text is plain (the character loops remain for
  everything else);
- MkDocs' link rewriting for a plain relative link (`../places/x.md#p-2`) to an
  included file done without urlsplit's and PurePath's generality; any other
  link, and any link MkDocs would say something about, goes through MkDocs'
  own `path_to_url`, so warnings and suggestions are MkDocs' own;
- block processors' tests (tables, headers, rules, quotes), fenced code and
  unescaping answered at once when the text lacks a character every match of
  theirs holds, and the table-of-contents marker looked for only in a page
  whose text holds it.

The inline shortcuts are used only where the installed Python-Markdown has the
inline patterns they were checked against (`inline_shortcuts_apply`), the others
only where the processor they stand in for is Python-Markdown's own class.
tests/test_site_build_fast.py compares every result with `Page.render`'s.

`read_source` is MkDocs' `Page.read_source` with the front matter the site
generates (`key: <JSON>` lines) read by `json` rather than by PyYAML, whose
constructor is Python even with libyaml; anything else goes to MkDocs' own
`get_data`. It applies only to the MkDocs source it repeats
(`front_matter_shortcut_applies`).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import posixpath
import re
import types
from pathlib import PurePath, PurePosixPath
from urllib.parse import urlunsplit

import markdown
from markdown import blockprocessors, inlinepatterns
from markdown import treeprocessors as md_treeprocessors
from markdown.extensions import fenced_code as md_fenced_code
from markdown.extensions import tables as md_tables
from markdown.extensions import toc as md_toc
from markdown.util import AMP_SUBSTITUTE, AtomicString
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from mkdocs.utils import meta as mkdocs_meta
from yaml import nodes as yaml_nodes
from yaml.resolver import Resolver

# The inline patterns Python-Markdown 3.11 registers with this site's extensions,
# in order, and a test that each one's every match passes: a character (or
# string) the match always contains. A pattern whose text lacks it cannot match.
_KNOWN_PATTERNS: tuple[tuple[str, type, str], ...] = (
    ("backtick", inlinepatterns.BacktickInlineProcessor, "`"),
    ("escape", inlinepatterns.EscapeInlineProcessor, "\\"),
    ("reference", inlinepatterns.ReferenceInlineProcessor, "["),
    ("link", inlinepatterns.LinkInlineProcessor, "["),
    ("image_link", inlinepatterns.ImageInlineProcessor, "!["),
    ("image_reference", inlinepatterns.ImageReferenceInlineProcessor, "!["),
    ("short_reference", inlinepatterns.ShortReferenceInlineProcessor, "["),
    ("short_image_ref", inlinepatterns.ShortImageReferenceInlineProcessor, "!["),
    ("autolink", inlinepatterns.AutolinkInlineProcessor, "<"),
    ("automail", inlinepatterns.AutomailInlineProcessor, "<"),
    ("linebreak", inlinepatterns.SubstituteTagInlineProcessor, "  \n"),
    ("html", inlinepatterns.HtmlInlineProcessor, "<"),
    ("entity", inlinepatterns.HtmlInlineProcessor, "&"),
    ("em_strong", inlinepatterns.DelimiterProcessor, "*_"),  # either character
)
_LINK_INDEX = 3  # "link" above

# A plain inline link: `[text](url)`, not an image, whose text no inline pattern
# can match inside (and none before `link` can match across), and whose url is
# read the same by the link pattern's character loop as by this expression: no
# whitespace, brackets, parentheses, quotes, angle brackets, backslashes,
# backticks or stash placeholders.
_PLAIN_LINK = re.compile(r"(?<!!)\[([^\[\]\\`*_<>&!\x02\x03\n]+)\]\(([^\s()\[\]<>\"'\\`\x02\x03]+)\)")
# Anything an inline pattern could match, or a stash placeholder.
_SPECIAL = re.compile(r"[\\`*_\[\]!<>&\x02\x03]|  \n")
# The link patterns' text and href scans, when they are this simple.
_PLAIN_TEXT_END = re.compile(r"[^\[\]]*\]")
_PLAIN_HREF = re.compile(r"\(([^\s()<>\"']*)\)")


def _inline_patterns_known(md: markdown.Markdown) -> bool:
    patterns = md.inlinePatterns
    if len(patterns) != len(_KNOWN_PATTERNS):
        return False
    for (name, cls, _), registered, pattern in zip(_KNOWN_PATTERNS, patterns._priority, patterns, strict=True):
        if registered.name != name or type(pattern) is not cls or pattern.ANCESTOR_EXCLUDES:
            return False
    return True


def inline_shortcuts_apply(md: markdown.Markdown) -> bool:
    """Whether this Markdown's inline patterns are exactly the ones the shortcuts were checked against."""
    return (
        type(md.treeprocessors["inline"]) is md_treeprocessors.InlineProcessor
        and hasattr(md_treeprocessors.InlineProcessor, "_InlineProcessor__applyPattern")
        and hasattr(md_treeprocessors.InlineProcessor, "_InlineProcessor__stashNode")
        and hasattr(md_treeprocessors.InlineProcessor, "_InlineProcessor__handleInline")
        and _inline_patterns_known(md)
    )


# The distinct tests above, each looked for once per text.
_TESTS: tuple[str, ...] = ("`", "\\", "[", "![", "<", "  \n", "&", "*", "_")


_EITHER_DELIMITER = len(_TESTS)  # one more entry: "*" or "_" present


def _test_of(test: str) -> int:
    """Index into the list of tests' results that says whether this pattern can match."""
    return _EITHER_DELIMITER if test == "*_" else _TESTS.index(test)


class FastInlineProcessor(md_treeprocessors.InlineProcessor):
    """Python-Markdown's inline processor, skipping patterns that cannot match."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self._patterns = list(md.inlinePatterns)
        self._needs = [_test_of(test) for _, _, test in _KNOWN_PATTERNS]
        self._link = self._patterns[_LINK_INDEX]

    # Replaces InlineProcessor.__handleInline, which its other methods call by its mangled name.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, AtomicString) or _SPECIAL.search(data) is None:
            return data  # no pattern can match: each needs one of these characters
        if patternIndex == 0 and "[" in data:
            plain = self._plain_links(data)
            if plain is not None:
                return plain
        patterns, needs = self._patterns, self._needs
        # Matching only ever replaces text with placeholders, which hold none of
        # these: what is absent now stays absent.
        present = [test in data for test in _TESTS]
        present.append(present[-1] or present[-2])  # "*" or "_"
        apply = self._InlineProcessor__applyPattern
        startIndex = 0
        count = len(patterns)
        while patternIndex < count:
            if not present[needs[patternIndex]]:
                # __applyPattern would find no match and return (data, False, 0).
                patternIndex += 1
                startIndex = 0
                continue
            data, matched, startIndex = apply(patterns[patternIndex], data, patternIndex, startIndex)
            if not matched:
                patternIndex += 1
        return data

    def _plain_links(self, data: str) -> str | None:
        """Plain words and plain links only: the link pattern's result, or None.

        `backtick`, `escape`, `reference` (which rejects `[text](` for want of a
        second `[`) and every pattern after `link` find nothing in such a text;
        `link` turns each `[text](url)` into an `a` element, left to right, each
        text unchanged by the patterns after it."""
        links = list(_PLAIN_LINK.finditer(data))
        position = 0
        for match in links:
            if _SPECIAL.search(data, position, match.start()) is not None:
                return None
            position = match.end()
        if _SPECIAL.search(data, position) is not None:
            return None
        # (A special can only span two pieces through "  \n"; a link holds no such end.)
        pieces = []
        position = 0
        stash = self._InlineProcessor__stashNode
        link_type = self._link.type()
        for match in links:
            element = md_treeprocessors.etree.Element("a")
            element.text = match.group(1)
            element.set("href", match.group(2))
            pieces.append(data[position:match.start()])
            pieces.append(stash(element, link_type))
            position = match.end()
        pieces.append(data[position:])
        return "".join(pieces)


def _plain_get_text(original):
    def get_text(self, data: str, index: int) -> tuple[str, int, bool]:
        match = _PLAIN_TEXT_END.match(data, index)
        if match is not None:  # no "[" before the first "]": the loop's answer
            return data[index:match.end() - 1], match.end(), True
        return original(self, data, index)
    return get_text


def _plain_get_link(original):
    def get_link(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        match = _PLAIN_HREF.match(data, index)
        if match is not None and "\x02" not in match.group(1):
            # "(" then no space, bracket or quote up to the first ")": the loop ends
            # there with this href and no title; unescape() changes only placeholders.
            return match.group(1).strip(), None, match.end(), True
        return original(self, data, index)
    return get_link


def install_inline_shortcuts(md: markdown.Markdown) -> bool:
    """Put the shortcuts into this Markdown if they apply; whether they did."""
    if not inline_shortcuts_apply(md):
        return False
    md.treeprocessors.register(FastInlineProcessor(md), "inline", 20)
    for pattern in md.inlinePatterns:
        if isinstance(pattern, inlinepatterns.LinkInlineProcessor):
            pattern.getText = types.MethodType(_plain_get_text(type(pattern).getText), pattern)
            if type(pattern).getLink is inlinepatterns.LinkInlineProcessor.getLink:
                pattern.getLink = types.MethodType(_plain_get_link(type(pattern).getLink), pattern)
    return True


def _first_line_has_pipe(block: str) -> bool:
    return "|" in block.partition("\n")[0]


# Block processors whose test() is a regular expression every match of which
# holds one of these strings: a block without any of them gets False at once.
# (Each test() that says no has no other effect; HRProcessor keeps its match
# only when it says yes.) TableProcessor's test() splits the block's first line
# at "|": without one it is a single cell with no border, not a table (the
# border it sets is read only by run(), after a test that said yes).
_BLOCK_TESTS: tuple[tuple[str, type, object], ...] = (
    ("quote", blockprocessors.BlockQuoteProcessor, lambda block: ">" in block),
    ("hashheader", blockprocessors.HashHeaderProcessor, lambda block: "#" in block),
    ("setextheader", blockprocessors.SetextHeaderProcessor, lambda block: "\n=" in block or "\n-" in block),
    ("hr", blockprocessors.HRProcessor, lambda block: "-" in block or "_" in block or "*" in block),
    ("table", md_tables.TableProcessor, _first_line_has_pipe),
)


def install_block_shortcuts(md: markdown.Markdown) -> None:
    """Each of _BLOCK_TESTS, where the processor of that name is that class's own."""
    processors = md.parser.blockprocessors
    for name, cls, can_match in _BLOCK_TESTS:
        processor = processors[name] if name in processors else None  # noqa: SIM401 - a Registry has no get()
        if type(processor) is cls and type(processor).test is cls.test:
            processor.test = _prefiltered(processor.test, can_match)
    fenced = md.preprocessors["fenced_code_block"] if "fenced_code_block" in md.preprocessors else None  # noqa: SIM401
    if type(fenced) is md_fenced_code.FencedBlockPreprocessor and type(fenced).run is md_fenced_code.FencedBlockPreprocessor.run:
        run = fenced.run

        def fenced_run(lines: list[str]) -> list[str]:
            # A fence is three backticks or tildes; without one, run() finds no
            # block and returns the lines as they were (they hold no newline).
            if any("```" in line or "~~~" in line for line in lines):
                return run(lines)
            return lines

        fenced.run = fenced_run
    unescape = md.treeprocessors["unescape"] if "unescape" in md.treeprocessors else None  # noqa: SIM401
    if type(unescape) is md_treeprocessors.UnescapeTreeprocessor and type(unescape).unescape is md_treeprocessors.UnescapeTreeprocessor.unescape:
        original = unescape.unescape

        def unescape_text(text: str) -> str:
            # Its expression starts with STX; with none, sub() returns a str as it is.
            if type(text) is str and "\x02" not in text:
                return text
            return original(text)

        unescape.unescape = unescape_text


def _prefiltered(test, can_match):
    def prefiltered(parent, block: str) -> bool:
        return can_match(block) and test(parent, block)
    return prefiltered


# A link's part before "#" that urlsplit reads as a bare relative path, the
# same after unquoting: no scheme (no ":"), no netloc or absolute path (no
# leading "/"), no query, no %-escapes, backslashes, C0 controls or spaces.
_PLAIN_PATH = re.compile(r"[^:?%/\\\x00-\x20#][^:?%\\\x00-\x20#]*")
# What urlsplit would strip or remove from a fragment.
_UNSAFE = re.compile(r"[\x00-\x20]")


class _RelativePaths(mkdocs_pages._RelativePathTreeprocessor):
    """MkDocs' link rewriting, with a plain relative link to an included file
    resolved without urlsplit's and PurePath's generality; any other link, and
    any link MkDocs would say something about, goes through MkDocs' own."""

    def __init__(self, file, files, config) -> None:
        super().__init__(file, files, config)
        # Files.get_file_from_path(path) is src_uris.get(PurePath(path).as_posix()); a
        # path posixpath.normpath made relative is its own as_posix() where PurePath is POSIX.
        self._files_by_uri = files.src_uris if type(PurePath()) is PurePosixPath else None
        self._relative: dict[str, str] = {}  # this page's links: target url -> relative url
        self._source_dir = ""

    def start(self, file) -> None:
        self.file = file
        self.links_to_anchors = {}
        self._relative = {}
        self._source_dir = posixpath.dirname(file.src_uri)

    def path_to_url(self, url: str) -> str:
        path, _, anchor = url.partition("#")  # urlsplit's path and fragment, for such a path
        if _PLAIN_PATH.fullmatch(path) is None or AMP_SUBSTITUTE in url or _UNSAFE.search(anchor) is not None:
            return super().path_to_url(url)
        # _target_uri(self.file.src_uri, path), with the page's folder found once.
        target_uri = posixpath.normpath(posixpath.join(self._source_dir, path).lstrip("/"))
        if self._files_by_uri is not None:
            target_file = self._files_by_uri.get(target_uri)
        else:
            target_file = self.files.get_file_from_path(target_uri)
        if target_file is None or target_file is self.file or target_file.inclusion.is_excluded():
            return super().path_to_url(url)  # MkDocs' warning, or a link to the page itself
        if anchor:
            self.links_to_anchors.setdefault(target_file, {}).setdefault(anchor, url)
        relative = self._relative.get(target_file.url)
        if relative is None:
            relative = self._relative[target_file.url] = get_relative_url(target_file.url, self.file.url)
        if relative[:2] == "//":
            return urlunsplit(("", "", relative, "", anchor))
        # What urlunsplit(("", "", relative, "", anchor)) returns for such a path.
        return f"{relative}#{anchor}" if anchor else relative


class PageRenderer:
    """`Page.render` for many pages of one build, with one Markdown instance."""

    def __init__(self, config, files) -> None:
        self.config = config
        self.files = files
        md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        # MkDocs' processors, registered as Page.render registers them.
        self.raw_html = mkdocs_pages._RawHTMLPreprocessor()
        self.raw_html._register(md)
        self.anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(None, files, config)
        self.anchors._register(md)
        self.relative_paths = _RelativePaths(None, files, config)
        self.relative_paths._register(md)
        self.title = mkdocs_pages._ExtractTitleTreeprocessor()
        self.title._register(md)
        self.shortcuts = install_inline_shortcuts(md)
        install_block_shortcuts(md)
        self.toc = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None  # noqa: SIM401 - a Registry has no get()
        if type(self.toc) is not md_toc.TocTreeprocessor or type(self.toc).replace_marker is not md_toc.TocTreeprocessor.replace_marker:
            self.toc = None
        self.toc_marker = self.toc.marker if self.toc is not None else ""
        self._block_level_elements = list(md.block_level_elements)
        self._block_level: dict = {}
        md.is_block_level = self._is_block_level
        self.md = md
        self.front_matter = front_matter_shortcut_applies()

    def _is_block_level(self, tag) -> bool:
        """Markdown.is_block_level, remembered per tag (the list it reads is checked before each page)."""
        known = self._block_level.get(tag)
        if known is None:
            known = self._block_level[tag] = markdown.Markdown.is_block_level(self.md, tag)
        return known

    def render(self, page, config, files) -> None:
        """What Page.render(config, files) does, for this renderer's config and files."""
        if config is not self.config or files is not self.files:
            raise ValueError("PageRenderer: a page of another build")
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self.md
        md.reset()
        if md.block_level_elements != self._block_level_elements:
            self._block_level_elements = list(md.block_level_elements)
            self._block_level = {}
        if self.toc_marker:
            # The marker can only be a paragraph's whole text if the page's text holds
            # it (Python-Markdown drops STX and ETX first): else there is nothing to replace.
            source = page.markdown.replace("\x02", "").replace("\x03", "")
            self.toc.marker = self.toc_marker if self.toc_marker in source else ""
        self.raw_html.present_anchor_ids = set()
        self.anchors.present_anchor_ids = set()
        self.relative_paths.start(page.file)
        self.title.title = None
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = self.title.title
        page.present_anchor_ids = self.anchors.present_anchor_ids | self.raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = self.relative_paths.links_to_anchors

    def bind(self, page):
        """`page.render` for this renderer: MkDocs' _populate_page calls it as page.render(config, files)."""
        return types.MethodType(lambda page, config, files: self.render(page, config, files), page)

    def bind_read_source(self, page):
        """`page.read_source`, for MkDocs' _populate_page: read_source below where it applies."""
        if self.front_matter and type(page).read_source is mkdocs_pages.Page.read_source:
            return types.MethodType(read_source, page)
        return types.MethodType(type(page).read_source, page)


# --- front matter -------------------------------------------------------------------------

# MkDocs 1.6.1's Page.read_source, which read_source below repeats, and its meta module.
_CHECKED_MKDOCS_SOURCES = (
    (mkdocs_pages.Page.read_source, "b35101eabf605b0872d4374fec6d9e27f0bffbf85f2be4328828ffe5a7b6ba6d"),
    (mkdocs_meta, "8eace32c6adef88abb95951eee90ba6b8c13bd8f65c500f6200e60c0a41d85e2"),
)
_TAG = "tag:yaml.org,2002:"
_RESOLVER = Resolver()


def _plain_tag(text: str) -> str:
    """The tag PyYAML's resolver gives this plain scalar (what SafeLoader then constructs)."""
    return _RESOLVER.resolve(yaml_nodes.ScalarNode, text, (True, False))


def front_matter_shortcut_applies() -> bool:
    """Whether read_source repeats this MkDocs, and YAML reads JSON's literals as JSON does."""
    for obj, digest in _CHECKED_MKDOCS_SOURCES:
        try:
            source = inspect.getsource(obj)
        except (OSError, TypeError):
            return False
        if hashlib.sha256(source.encode("utf-8")).hexdigest() != digest:
            return False
    return [_plain_tag(text) for text in ("true", "false", "null")] == [_TAG + "bool", _TAG + "bool", _TAG + "null"]


# A line `key: value` whose key is a plain scalar and whose value starts as JSON's
# string, object or array does; the whole value is checked to be JSON below.
_FRONT_MATTER_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): ([\"{\[].*)")
# Characters YAML reads as they are and as JSON does in such lines: printable, no
# tab, BOM or line break other than "\n" (YAML also breaks lines at NEL, LS and PS).
_PLAIN_CHARS = re.compile("[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")
# A JSON key of 256 characters or more, in a text without escapes (YAML reads a
# key of 1,024 as no key at all); any other match only sends the text to YAML.
_LONG_KEY = re.compile(r'"[^"]{256,}": ')
_MAX_NESTING = 100  # brackets: YAML's parser and constructors recurse


class _NotTheSame(ValueError):
    """A value YAML may read otherwise than JSON."""


def _json_number(cast, tag: str):
    def parse(text: str):
        if _plain_tag(text) != _TAG + tag:  # e.g. 1e5: a string to YAML 1.1
            raise _NotTheSame(text)
        return cast(text)
    return parse


def _no_constant(text: str):
    raise _NotTheSame(text)  # NaN, Infinity: strings to YAML


_DECODER = json.JSONDecoder(parse_int=_json_number(int, "int"), parse_float=_json_number(float, "float"), parse_constant=_no_constant)
_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps(value, ensure_ascii=False)


_key_tags: dict[str, str] = {}


def _json_front_matter(text: str) -> dict | None:
    """What YAML reads from front matter made of `key: <JSON>` lines, where each
    JSON value is in json.dumps' own form (so YAML reads it as a flow collection
    or double-quoted string holding the same); None for anything else."""
    if _PLAIN_CHARS.fullmatch(text) is None:
        return None
    data = {}
    for line in text[:-1].split("\n"):  # the text ends with its last line's "\n"
        match = _FRONT_MATTER_LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.groups()
        tag = _key_tags.get(key)
        if tag is None:
            tag = _key_tags[key] = _plain_tag(key)
        if tag != _TAG + "str":  # `on:` is True to YAML 1.1
            return None
        if "\\" in value:  # escapes: left to YAML, which reads most, not all, as JSON does
            return None
        if value.count("{") + value.count("[") > _MAX_NESTING or _LONG_KEY.search(value) is not None:
            return None
        try:
            parsed = _DECODER.decode(value)
        except ValueError:
            return None
        if _ENCODER.encode(parsed) != value:
            return None
        data[key] = parsed  # a key given twice: the last value, in the first place, as YAML's mapping
    return data


def get_data(doc: str) -> tuple[str, dict]:
    """MkDocs' meta.get_data(doc), without YAML for front matter of `key: <JSON>` lines."""
    match = mkdocs_meta.YAML_RE.match(doc)
    data = _json_front_matter(match.group(1)) if match is not None else None
    if data is None:
        return mkdocs_meta.get_data(doc)
    return doc[match.end():].lstrip("\n"), data


def read_source(page, config) -> None:
    """MkDocs 1.6.1's Page.read_source, with get_data above."""
    source = config.plugins.on_page_read_source(page=page, config=config)
    if source is None:
        try:
            source = page.file.content_string
        except OSError:
            mkdocs_pages.log.error(f"File not found: {page.file.src_path}")
            raise
        except ValueError:
            mkdocs_pages.log.error(f"Encoding error reading file: {page.file.src_path}")
            raise
    page.markdown, page.meta = get_data(source)
