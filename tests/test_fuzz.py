"""Property tests (hypothesis): whatever a contributor or a saved page feeds the
build tools, the answer is a result or a clean error, never a traceback.

What is fuzzed:

1. the loader: `load.parse_yaml` on any text, and `load.load_content` on a
   content folder holding one fuzzed record and one fuzzed article (as text and
   as raw bytes); problems come back as `Problem`s with a line, a column and a
   message;
2. the validator: `pipeline.load_and_validate` on the small valid archive of
   tests/test_validate.py with one field of one file replaced, either by a
   JSON-like value (dumped with `yaml.safe_dump`) or by YAML-ish text;
3. the cleaners: `clean.clean_text`, `clean_html.clean_html` and
   `ingest.clean_capture` on arbitrary (HTML-ish) text;
4. `capture.read_capture` on arbitrary bytes saved as .txt and .html;
5. `safe_markdown.safe_markdown`: no `<`, `{` or `}` outside code spans, and
   Python-Markdown (with the site's extensions) makes no `on*` attribute and no
   javascript:/data:/vbscript: address of it.

Only `errors.UserError` (and its subclasses) counts as a clean error. Code runs
with the stack the CLI has (see `cli_stack`), so deep input overflows here as it
would there.

Budget: one constant, EXAMPLES = 500 generated examples per property test (plus
its explicit `@example`s), derandomized, with no example database and Hypothesis'
caches kept outside the repository: a run is repeatable and the whole file takes
about 35 s on a 2-core machine. Raise EXAMPLES locally to search harder.

Every input the fuzz found to crash is kept as an explicit `@example` (with the
exception it raised), so it runs every time whatever the budget. Inputs it found
to hang are tested at the end, each in a child process with a time limit.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
import unicodedata
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from build_tools.capture import Capture, read_capture
from build_tools.clean import Cleaned, clean_text
from build_tools.clean_html import clean_html
from build_tools.errors import Problem, UserError
from build_tools.ingest import CleanedArticle, clean_capture
from build_tools.load import Content, Document, RecordLoader, load_content, parse_yaml
from build_tools.models import Outlet
from build_tools.pipeline import load_and_validate
from build_tools.safe_markdown import safe_markdown
from build_tools.validate import Archive
from tests.fixtures import write_tree
from tests.test_validate import (
    ARTICLE,
    EVENT,
    KUPIANSK,
    ORGANIZATION,
    OUTLET,
    PERSON,
    VALID,
)

REPO = Path(__file__).resolve().parents[1]

# Hypothesis keeps caches (constants, Unicode tables) in ./.hypothesis even without an example
# database: keep them out of the repository.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "chronicle-hypothesis")

# The one budget: generated examples per property test.
EXAMPLES = 500

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- strategies ------------------------------------------------------------------------


def assembled(tokens: list[str], max_chunks: int = 20, repeatable: list[str] | None = None, max_repeat: int = 1200) -> st.SearchStrategy[str]:
    """Text made of random text, tokens that mean something to the code under test,
    and runs of one token repeated (deep nesting, long names, huge numbers)."""
    chunk = st.one_of(
        st.text(max_size=10),
        st.sampled_from(tokens),
        st.builds(lambda t, n: t * n, st.sampled_from(repeatable or tokens), st.integers(min_value=2, max_value=max_repeat)),
    )
    return st.lists(chunk, max_size=max_chunks).map("".join)


def assembled_bytes(tokens: list[bytes], max_chunks: int = 20, repeatable: list[bytes] | None = None, max_repeat: int = 1200) -> st.SearchStrategy[bytes]:
    chunk = st.one_of(
        st.binary(max_size=10),
        st.text(max_size=10).map(lambda t: t.encode("utf-8")),
        st.sampled_from(tokens),
        st.builds(lambda t, n: t * n, st.sampled_from(repeatable or tokens), st.integers(min_value=2, max_value=max_repeat)),
    )
    return st.lists(chunk, max_size=max_chunks).map(b"".join)


# Tokens that mean something to YAML or to the record models.
YAML_TOKENS = [
    ": ", ":", "- ", "-", "\n", "  ", "    ", "\t", "[", "]", "{", "}", ", ", "? ", "# ", "'", '"', "| ", "> ",
    "&a ", "*a", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!binary ", "!!timestamp ", "!!set ", "!!omap ", "!!python/object:os.system ",
    "!local ", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "---\n", "...\n", "<<: ", "~", "null", "true", "no", "on",
    "2024-11-14", "2024-02-30", "2024-13", "0000", "9999-12-31 23:59:59", "2024", ".nan", ".inf", "-.inf", "1e999",
    "0x1F", "0o17", "1_000", "12:30:45", "-91.5", "=", "\\", "\\0", "\\x00", "\\u0000", "\\U0010FFFF", "\ufeff",
    "\x00", "\x85", "\u2028", "\r", "\r\n", "TODO", "kupiansk", "ukraine", "andrii-kovalev", "general-staff-ukraine",
    "kyiv-independent", "title", "date", "kind", "claims", "by", "stance", "asserts", "source", "quote", "says",
    "sources", "places", "id", "within", "aliases", "coordinates", "lat", "lon", "start", "end", "from", "to",
    "redirect_from", "raw/", "raw/001_test.txt", "../", "/", "a", "0", "Kupiansk", "é", "İ", "ﬁ", "\u0301", "𝟘",
]
yamlish = assembled(YAML_TOKENS)

# Strings for JSON-like values: plain text, and the tokens the models care about
# (ids, dates, paths, regular expressions).
VALUE_TOKENS = [
    "kupiansk", "ukraine", "kyiv-independent", "general-staff-ukraine", "andrii-kovalev", "-", "a", "0", " ",
    "2024-11-14", "2024-02-30", "2024-13", "0000", "2024", "raw/", "raw/001_test.txt", "../", "/", "\x00", "\n",
    "TODO", "http://", "https://example.org/", "javascript:", "<script>", "{", "}", "(", ")", "*", "+", "?", "[",
    "]", "\\", "{99999999999}", "(?P<", "(?i)", "Kovalev", "Kupyansk", '"', "'", "All Russian attacks",
    "All Russian attacks in this direction were successfully repelled.", "é", "İ", "ß", "\u0301", "\u200b",
]
value_text = st.one_of(st.text(max_size=20), assembled(VALUE_TOKENS, max_chunks=8))
scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(),
    st.dates(), st.datetimes(),  # YAML timestamps, which the loader keeps as text
)
json_like = st.recursive(
    st.one_of(value_text, scalar),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(value_text, st.integers(), st.booleans(), st.none()), children, max_size=4),
    ),
    max_leaves=12,
)
# Most fields hold text: draw plain text half the time, any JSON-like value otherwise.
field_value = st.one_of(value_text, json_like)

# Text captures: bylines, datelines, furniture, captions, lists.
CAPTURE_TOKENS = [
    "\n", " ", "\t", "\u00a0", "date 2024-11-14 ", "by Boldizsar Gyori ", "By Jane Doe and John Roe", "Author: Jane Doe",
    "November 14, 2024 2:20 PM", "Nov. 14th 2024", "14 листопада 2024 р.", "14.11.2024.", "03/04/2024", "31/02/2024",
    "2024-11-14T10:00:00+02:00", "0000-00-00", "Trump talksNovember 14, 2024", "Ukraine repels Russian attempt",
    "Ukrainian forces repelled Russian attempts to break into the city of Kupiansk, the General Staff said.",
    '"All Russian attacks in this direction were successfully repelled," Kovalev told Ukrinform.',
    "Subscribe", "Read more", "Related:", "Comments", "Share this article", "Support us as a member today.",
    "Kyiv Independent", "The Kyiv IndependentKateryna Denisova", "(Photo: Getty Images)", "Photo: Reuters",
    "Editor's note: This is a developing story.", "Jane Doe is a reporter at the Kyiv Independent.",
    "- ", "• ", "1. ", "# ", "> ", "*", "_", "`", "[", "]", "<", "&", "\\", "…", "...", "?", ".", "\x00", "\u2028",
]
capture_text = st.one_of(
    assembled(CAPTURE_TOKENS),
    # one token or a short mix per line, as a page's text dump comes
    st.lists(st.one_of(st.sampled_from(CAPTURE_TOKENS), assembled(CAPTURE_TOKENS, max_chunks=4)), max_size=15).map("\n".join),
)

# Saved pages: tags the extractor and the metadata reader look at, entities, comments, CDATA.
HTML_TOKENS = [
    "<!DOCTYPE html>", "<?xml version='1.0'?>", "<html>", '<html lang="uk-UA">', "</html>", "<head>", "</head>",
    "<body>", "</body>", "<title>", "</title>", '<meta charset="utf-8">', '<meta property="og:title" content="',
    '<meta property="article:published_time" content="2024-11-14T10:00', '<meta name="author" content="',
    '<meta property="og:site_name" content="The Kyiv Independent">', '<time datetime="', '">', "/>",
    '<script type="application/ld+json">', '{"@context": "https://schema.org", "@type": "NewsArticle", ',
    '"datePublished": "2024-11-14", ', '"headline": "', '"author": [{"name": "', '"publisher": {"name": ',
    '"@graph": [', "[", "]", "{", "}", "</script>", "<script>", "<style>", "</style>", "<article>", "</article>",
    "<main>", "<div>", "</div>", "<p>", "</p>", "<h1>", "</h1>", "<h2>", "</h2>", "<br>", "<br/>", "<ul>", "<li>",
    "</li>", "</ul>", "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<blockquote>", "<figure>",
    "<figcaption>", "<b>", "<i>", "<a href=\"javascript:x\">", "</a>", "<img src=x onerror=alert(1)>", "<!--", "-->",
    "<![CDATA[", "]]>", "&amp;", "&lt;", "&#0;", "&#x110000;", "&#99999999999;", "&nbsp;", "&bogus;", "<", ">",
    "/", "=", '"', "'", "\n", " ", "\x00", "\x0c", "\ufeff",
    "Ukrainian forces repelled Russian attempts to break into the city of Kupiansk, the General Staff said on Nov. 14. ",
    '"All Russian attacks in this direction were successfully repelled," spokesperson Andrii Kovalev told Ukrinform. ',
    "by Boldizsar Gyori November 14, 2024 2:20 PM", "Subscribe to our newsletter", "(Photo: Getty Images)",
]
html_text = st.one_of(
    assembled(HTML_TOKENS, max_chunks=30),
    # a page shaped like an article, so the extractor keeps something and the cleaner gets to work
    st.builds(
        lambda head, paragraphs: f"<html><head>{head}</head><body><article>{''.join(f'<p>{p}</p>' for p in paragraphs)}</article></body></html>",
        assembled(HTML_TOKENS, max_chunks=6),
        st.lists(st.one_of(st.sampled_from(CAPTURE_TOKENS), assembled(CAPTURE_TOKENS + HTML_TOKENS, max_chunks=5)), max_size=10),
    ),
)

# Raw capture bytes: byte-order marks, declared encodings (real, unknown and not text
# encodings at all), invalid UTF-8, NUL bytes.
CHARSETS = [
    "utf-8", "UTF8", "latin-1", "iso-8859-5", "windows-1251", "koi8-u", "utf-16", "utf-16-le", "utf-32", "ascii",
    "utf-7", "cp037", "idna", "punycode", "unicode_escape", "raw_unicode_escape", "base64", "hex", "rot13",
    "zlib", "bz2", "uu", "quopri", "undefined", "x-user-defined", "bogus-charset",
]
CAPTURE_BYTES_TOKENS = [
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00", b"\x80", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\r\n", b"\r",
    b"\n", b" ", b"<html>", b"<!DOCTYPE html>", b"<!-- c -->", b"<head>", b"<body>", b"<p>", b"</p>", b"<meta ",
    *(f'<meta charset="{name}">'.encode() for name in CHARSETS),
    *(f"<meta http-equiv=content-type content='text/html; charset={name}'>".encode() for name in CHARSETS),
    b"Ukraine repels Russian attempt to enter Kupiansk\n", "Україна\n".encode(), "Україна".encode("cp1251"),
]
# Runs of comments made the HTML-sniffing regex backtrack exponentially (now guarded by
# test_many_comments_are_read_quickly): kept out of the runs, so a regression cannot stall the fuzz.
capture_bytes = st.one_of(
    st.binary(max_size=200),
    assembled_bytes(CAPTURE_BYTES_TOKENS, repeatable=[t for t in CAPTURE_BYTES_TOKENS if t != b"<!-- c -->"]),
)

# Markdown a contributor may write, with every way known to smuggle markup or a script.
MARKDOWN_TOKENS = [
    "[", "]", "(", ")", "![", "](", "]:", "]: ", "<", ">", "{", "}", "{: ", "{: onclick=alert(1) }",
    "{#id .cls onmouseover=x}", "`", "``", "\\", "javascript:", "JaVaScRiPt:", "java\tscript:", "java\nscript:",
    "&#106;", "&#x6A;avascript:", "&#0000106", "data:text/html,", "vbscript:", "&colon;", "&Tab;", "&NewLine;",
    " ", "\n", "\n\n", "    ", "\t", "<script>", "<img src=x onerror=alert(1)>", "<a href=javascript:x>",
    '<div markdown="1">', "</div>", "<!--", "-->", "!!! note\n    ", '!!! danger "x"\n', "| a | b |\n|---|---|\n",
    "# ", "## ", "> ", "- ", "1. ", "*", "_", "&", ";", '"', "'", "\x00", "\u200b", "\ufeff", "<http://x>",
    "<javascript:x>", "[x][1]", "[1]: ", "[x]", "http://example.org", "mailto:", "x", "=", "onclick", "#",
]
# Runs of backticks took safe_markdown's code-span regex cubic time (now guarded by
# test_many_backticks_are_disarmed_quickly): kept out of the runs. Runs are shorter than
# elsewhere too: Python-Markdown itself is quadratic in runs of `![`, `]:` or `<...>` (15 KB of
# them take seconds), and the budget's time should stay bounded.
markdown_text = assembled(MARKDOWN_TOKENS, repeatable=[t for t in MARKDOWN_TOKENS if "`" not in t], max_repeat=400)


# --- helpers ---------------------------------------------------------------------------


def assert_problem(problem: object, paths: set[str] | None = None) -> None:
    """A problem a contributor can act on: a file, a place in it and words."""
    assert isinstance(problem, Problem)
    assert isinstance(problem.path, str) and problem.path
    if paths is not None:
        assert problem.path in paths, problem
    assert isinstance(problem.line, int) and problem.line >= 1, problem
    assert isinstance(problem.col, int) and problem.col >= 1, problem
    assert isinstance(problem.message, str) and problem.message.strip(), problem


@contextmanager
def cli_stack(frames: int = 950):
    """Run with the stack `chronicle` has: Python's default limit of 1,000 frames, less the
    CLI's own. Hypothesis raises the limit by 2,000 while a test runs, which would hide the
    stack overflows deep input causes."""
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


def assert_refusal(error: UserError) -> None:
    assert str(error).strip(), "a refusal says why"


def valid_data(path: str) -> dict:
    """A valid file's data as the loader reads it (dates kept as text)."""
    text = VALID[path]
    if path == ARTICLE:
        text = text.split("---\n")[1]
    return yaml.load(text, Loader=RecordLoader)


def set_at(data: object, loc: tuple, value: object) -> None:
    """Put value at loc (keys and list indexes) in data; a missing key is added, and a
    mapping made where the path needs one (`date: 2024-11-14` becomes `date: {start: ...}`)."""
    for part in loc[:-1]:
        if isinstance(data, dict) and not isinstance(data.get(part), (dict, list)):
            data[part] = {}
        data = data[part]
    data[loc[-1]] = value


def dump(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def with_front(front_text: str) -> str:
    """The valid article with its front matter replaced."""
    _, _, body = VALID[ARTICLE].split("---\n", 2)
    return f"---\n{front_text}---\n{body}"


def replace_top_key(text: str, key: str, block: str) -> str:
    """Replace the `key:` line and the lines indented under it (or listed under it) by block."""
    pattern = re.compile(rf"^{re.escape(key)}:.*\n(?:(?: |- ).*\n)*", re.MULTILINE)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text, count=1)
    return text + block


# Fields the validator is fuzzed in: (file, location in its data).
FIELDS = [
    (EVENT, ("title",)), (EVENT, ("date",)), (EVENT, ("kind",)), (EVENT, ("places",)), (EVENT, ("places", 0)),
    (EVENT, ("people",)), (EVENT, ("organizations",)), (EVENT, ("summary",)), (EVENT, ("claims",)),
    (EVENT, ("claims", 0)), (EVENT, ("claims", 0, "by")), (EVENT, ("claims", 0, "stance")),
    (EVENT, ("claims", 0, "quote")), (EVENT, ("claims", 0, "source")), (EVENT, ("claims", 0, "date")),
    (EVENT, ("claims", 0, "via")), (EVENT, ("sources",)), (EVENT, ("related",)), (EVENT, ("redirect_from",)),
    (EVENT, ("approximate",)), (EVENT, ("status",)), (EVENT, ("id",)), (EVENT, ("date", "start")), (EVENT, ("date", "end")),
    (KUPIANSK, ("name",)), (KUPIANSK, ("aliases",)), (KUPIANSK, ("aliases", 0)), (KUPIANSK, ("kind",)),
    (KUPIANSK, ("within",)), (KUPIANSK, ("coordinates",)), (KUPIANSK, ("coordinates", "lat")), (KUPIANSK, ("coordinates", "lon")),
    (KUPIANSK, ("links",)),
    (PERSON, ("roles",)), (PERSON, ("roles", 0, "title")), (PERSON, ("roles", 0, "from")), (PERSON, ("roles", 0, "to")),
    (PERSON, ("affiliation",)),
    (ORGANIZATION, ("parent",)), (ORGANIZATION, ("kind",)),
    (OUTLET, ("recognize",)), (OUTLET, ("recognize", 0)), (OUTLET, ("boilerplate",)), (OUTLET, ("site",)),
    (OUTLET, ("language",)),
    (ARTICLE, ("title",)), (ARTICLE, ("outlet",)), (ARTICLE, ("date",)), (ARTICLE, ("authors",)),
    (ARTICLE, ("language",)), (ARTICLE, ("raw",)), (ARTICLE, ("sha256",)), (ARTICLE, ("url",)),
    (ARTICLE, ("copy_of",)), (ARTICLE, ("captions",)), (ARTICLE, ("redirect_from",)),
]
TOP_FIELDS = [(path, loc[0]) for path, loc in FIELDS if len(loc) == 1]


def with_value(path: str, loc: tuple, value: object) -> dict[str, str]:
    """The valid archive with the value at loc in one file replaced (YAML written by safe_dump)."""
    data = valid_data(path)
    set_at(data, loc, value)
    text = dump(data)
    return {**VALID, path: with_front(text) if path == ARTICLE else text}


def with_text(path: str, key: str, text: str) -> dict[str, str]:
    """The valid archive with `key: <text>` written as it is in place of that key."""
    block = f"{key}: {text}\n"
    if path == ARTICLE:
        front = VALID[ARTICLE].split("---\n")[1]
        return {**VALID, path: with_front(replace_top_key(front, key, block))}
    return {**VALID, path: replace_top_key(VALID[path], key, block)}


def validate_files(files: dict[str, str | bytes]) -> tuple[Archive, list[Problem]]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_tree(root, files)
        with cli_stack():
            archive, problems = load_and_validate(root / "content", root)
    assert isinstance(archive, Archive)
    assert isinstance(problems, list)
    for problem in problems:
        assert_problem(problem, set(files))
    return archive, problems


OUTLETS = {"kyiv-independent": Outlet.model_validate(valid_data(OUTLET))}


# --- 1. the loader -------------------------------------------------------------------------

EVENT_FILE = "content/events/x.yml"
ARTICLE_FILE = "content/articles/a.md"
DEEP_YAML = "[" * 1000  # nesting deeper than the interpreter's stack


@FUZZ
@given(text=yamlish)
# Crashes this test found (the exception each raised):
@example(text="\x1f")  # yaml.reader.ReaderError: a character YAML does not allow
@example(text="!!int")  # IndexError in PyYAML's int constructor
@example(text="!!int a")  # ValueError
@example(text="!!timestamp")  # AttributeError
@example(text="!!bool a")  # KeyError
@example(text=DEEP_YAML)  # RecursionError
def test_parse_yaml_gives_a_document_or_a_problem(text):
    with cli_stack():
        doc, problem = parse_yaml(text, EVENT_FILE)
    assert (doc is None) != (problem is None), "exactly one of document and problem"
    if problem is not None:
        assert_problem(problem, {EVENT_FILE})
    else:
        assert isinstance(doc, Document) and doc.path == EVENT_FILE


front_matter_text = st.one_of(yamlish, st.builds(lambda front, body: f"---\n{front}\n---\n{body}", yamlish, st.text()))


@FUZZ
@given(
    record=st.one_of(yamlish, capture_bytes),
    article=st.one_of(front_matter_text, capture_bytes, st.builds(lambda b: b"---\n" + b, capture_bytes)),
)
# parse_yaml's crashes, from a record file (IndexError) and from an article's front matter (AttributeError):
@example(record="!!int", article="")
@example(record="", article="---\n!!timestamp\n---\n")
def test_load_content_reports_problems_for_any_file(record, article):
    with tempfile.TemporaryDirectory() as folder:
        content_dir = Path(folder) / "content"
        write_tree(content_dir.parent, {EVENT_FILE: record, ARTICLE_FILE: article})
        with cli_stack():
            content = load_content(content_dir)
    assert isinstance(content, Content)
    for problem in content.problems:
        assert_problem(problem, {EVENT_FILE, ARTICLE_FILE})
    # Each file is either loaded or has a problem saying why not.
    event_problems = [p for p in content.problems if p.path == EVENT_FILE]
    assert ("x" in content.records["events"]) != bool(event_problems)
    article_problems = [p for p in content.problems if p.path == ARTICLE_FILE]
    assert ("a" in content.articles) != bool(article_problems)


# --- 2. the validator ----------------------------------------------------------------------


def test_the_valid_archive_is_valid():
    """The fuzzed fields start from an archive with no problem, written both ways the fuzz writes it."""
    assert validate_files(VALID)[1] == []
    path, loc = EVENT, ("summary",)
    assert validate_files(with_value(path, loc, valid_data(path)["summary"]))[1] == []


@FUZZ
@given(field=st.sampled_from(FIELDS), value=field_value)
# Crashes this test found:
@example(field=(ARTICLE, ("raw",)), value="\x00")  # ValueError: embedded null byte
@example(field=(ARTICLE, ("raw",)), value="raw/" + "a" * 256)  # OSError: File name too long
@example(field=(OUTLET, ("recognize", 0)), value="{4300000000}")  # OverflowError from re.compile
def test_validator_reports_any_value_in_any_field(field, value):
    path, loc = field
    validate_files(with_value(path, loc, value))


@FUZZ
@given(field=st.sampled_from(TOP_FIELDS), text=yamlish)
@example(field=(EVENT, "summary"), text="!!float")  # IndexError: parse_yaml's crashes, inside a valid archive
def test_validator_reports_any_yaml_text_in_any_field(field, text):
    path, key = field
    validate_files(with_text(path, key, text))


# Shorter runs here: the closest-passage search is quadratic in the quote and the body's
# lengths (a 10,000-character quote in a 200 KB body takes seconds), which is no crash.
article_body = assembled(CAPTURE_TOKENS, max_repeat=100)
claim_quote = st.one_of(st.text(max_size=20), assembled(VALUE_TOKENS, max_chunks=8, max_repeat=20))


@FUZZ
@given(body=article_body, quote=claim_quote)
def test_validator_reports_any_article_body_and_quote(body, quote):
    """The quote check normalises both texts and looks for the closest passage."""
    files = {**VALID, ARTICLE: VALID[ARTICLE].split("---\n\n", 1)[0] + "---\n\n" + body}
    data = valid_data(EVENT)
    data["claims"][0]["quote"] = quote
    validate_files({**files, EVENT: dump(data)})


# --- 3. the cleaners -----------------------------------------------------------------------

# JSON-LD nested deeper than the stack: json.loads raised RecursionError, which is no ValueError.
DEEP_JSON_LD = '<html><head><script type="application/ld+json">' + "[" * 1000 + "</script></head><body></body></html>"


def assert_cleaned(cleaned: object) -> None:
    assert isinstance(cleaned, Cleaned)
    assert all(isinstance(block, str) for block in cleaned.blocks)
    assert isinstance(cleaned.body, str)


@FUZZ
@given(text=st.one_of(st.text(), capture_text), locale=st.sampled_from([None, "en", "en-US", "uk", "de_DE.UTF-8", ""]))
def test_clean_text_cleans_any_text(text, locale):
    try:
        with cli_stack():
            cleaned = clean_text(text, locale=locale)
    except UserError as error:
        assert_refusal(error)
        return
    assert_cleaned(cleaned)


@FUZZ
@given(page=st.one_of(st.text(), html_text))
@example(page=DEEP_JSON_LD)  # crashed: RecursionError
def test_clean_html_cleans_any_page(page):
    try:
        with cli_stack():
            cleaned = clean_html(page, OUTLETS["kyiv-independent"].boilerplate, ["The Kyiv Independent"])
    except UserError as error:
        assert_refusal(error)
        return
    assert_cleaned(cleaned)


@FUZZ
@given(
    text=st.one_of(html_text, capture_text),
    is_html=st.booleans(),
    # Options as `chronicle ingest` takes them, so the fuzz gets past "which outlet?",
    # "which day?" and "which headline?" to the rest.
    outlet_id=st.sampled_from([None, "kyiv-independent"]),
    date=st.sampled_from([None, "2024-11-14"]),
    title=st.sampled_from([None, "Ukraine repels Russian attempt to enter Kupiansk"]),
)
@example(text=DEEP_JSON_LD, is_html=True, outlet_id=None, date=None, title=None)  # clean_html's RecursionError, as `chronicle ingest` meets it
def test_clean_capture_gives_an_article_or_a_refusal(text, is_html, outlet_id, date, title):
    capture = Capture(Path("001_fuzz.html" if is_html else "001_fuzz.txt"), text.encode("utf-8"), text, is_html=is_html)
    try:
        with cli_stack():
            article = clean_capture(capture, OUTLETS, outlet_id=outlet_id, date=date, title=title)
    except UserError as error:
        assert_refusal(error)
        return
    assert isinstance(article, CleanedArticle)
    assert article.front["outlet"] in OUTLETS
    assert article.body.strip()
    assert isinstance(article.text(), str)


# --- 4. reading a capture ------------------------------------------------------------------


@FUZZ
@given(data=capture_bytes, suffix=st.sampled_from([".txt", ".html"]))
# Crashes this test found:
@example(data=b"<meta\x01charset=base64", suffix=".txt")  # LookupError: 'base64' is not a text encoding
@example(data=b"<meta\x01charset=punycode", suffix=".txt")  # UnicodeError (which is no UnicodeDecodeError)
@example(data=b"\xfe\xff\x00\x00\x00", suffix=".txt")  # UnicodeDecodeError: truncated UTF-16 after its BOM
@example(data=b"\xef\xbb\xbf\x80", suffix=".txt")  # UnicodeDecodeError: invalid UTF-8 after its BOM
def test_read_capture_reads_or_refuses_any_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"capture{suffix}"
        path.write_bytes(data)
        try:
            with cli_stack():
                capture = read_capture(path)
        except UserError as error:
            assert_refusal(error)
            return
    assert isinstance(capture, Capture)
    assert capture.data == data
    assert isinstance(capture.text, str) and "\r" not in capture.text
    if suffix == ".html":
        assert capture.is_html


# --- 5. safe Markdown ----------------------------------------------------------------------

# Python-Markdown's code-span pattern (BACKTICK_RE), one line at a time: what it shows as code.
CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)")
# The extensions of mkdocs.yml that act on contributor Markdown.
EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc"]
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")


class _Attributes(HTMLParser):
    """Every (tag, attribute, value) of an HTML fragment, values unescaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.found.extend((tag, name, value or "") for name, value in attrs)


def attributes(fragment: str) -> list[tuple[str, str, str]]:
    parser = _Attributes()
    parser.feed(fragment)
    parser.close()
    return parser.found


def as_browser_reads(address: str) -> str:
    """An address without whitespace and control or format characters, lower case."""
    return "".join(ch for ch in html.unescape(address) if not (ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"))).lower()


@FUZZ
@given(text=st.one_of(st.text(), markdown_text))
# Crash this test found: Python-Markdown itself overflowed the stack (RecursionError) on
# ordered lists nested 500 deep, which safe_markdown passed through to the site build.
@example(text="1. " * 500)
def test_safe_markdown_leaves_no_markup_outside_code(text):
    with cli_stack():
        result = safe_markdown(text)
        page = markdown.markdown(result, extensions=EXTENSIONS)
    assert isinstance(result, str)
    outside = CODE_SPAN.sub("", result)
    assert "<" not in outside
    assert "{" not in outside and "}" not in outside
    for tag, name, value in attributes(page):
        assert not name.lower().startswith("on"), (tag, name, value)
        if name.lower() in ("href", "src"):
            assert not as_browser_reads(value).startswith(UNSAFE_SCHEMES), (tag, name, value)


# --- inputs the fuzz found to hang ---------------------------------------------------------
# No traceback, but no answer either. Each runs in a child process with a time limit, so a
# regression fails in seconds instead of stalling the suite.

SECONDS = 5


def finishes_within(code: str, seconds: float = SECONDS) -> bool:
    try:
        subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        return False
    return True


def test_many_comments_are_read_quickly(tmp_path):
    """The HTML-sniffing regex `^\\s*(<!--.*?-->\\s*)*<(...)` backtracked exponentially when
    comments were not followed by a tag: 22 comments took ~2 s, 40 did not finish."""
    path = tmp_path / "capture.txt"
    path.write_bytes(b"<!-- c -->" * 40 + b"x")
    assert finishes_within(f"from pathlib import Path; from build_tools.capture import read_capture; read_capture(Path({str(path)!r}))")


def test_many_backticks_are_disarmed_quickly():
    """safe_markdown's code-span regex was cubic in a run of backticks: 2,400 took ~30 s."""
    assert finishes_within("from build_tools.safe_markdown import safe_markdown; safe_markdown('``' * 1500)")
