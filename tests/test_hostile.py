"""Hostile records and captures: nothing they carry may run on the published site.

One small archive carries the whole catalogue of tests/hostile.py in every text
field a contributor controls, then is built for real; the built files are
searched for anything live, and a real browser opens every page and the search.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from build_tools import pipeline
from build_tools.capture import read_capture
from build_tools.errors import UserError
from build_tools.pipeline import load_and_validate
from tests.fixtures import write_tree
from tests.hostile import (
    FAMILIES,
    JINJA_PRODUCT,
    live_in_excerpt,
    live_in_html,
    live_in_site,
    payloads,
)
from tests.test_browser import browser, search  # noqa: F401  (browser is a fixture used here)
from tests.test_validate import (
    ARTICLE,
    EVENT,
    KUPIANSK,
    ORGANIZATION,
    OUTLET,
    PERSON,
    UKRAINE,
    VALID,
)

REPO = Path(__file__).resolve().parents[1]


def hostile(field: str) -> str:
    """The whole catalogue on one line, as a YAML double-quoted string."""
    return json.dumps(" ".join(p.replace("\n", " ") for p in payloads(field)), ensure_ascii=False)


def hostile_list(field: str) -> str:
    return "\n" + "".join(f"  - {json.dumps(p.replace(chr(10), ' '), ensure_ascii=False)}\n" for p in payloads(field))


def _named(text: str, prefix: str) -> str:
    """A Named record with payloads in its name, aliases and description."""
    name = re.search(r"^name: (.*)$", text, re.MULTILINE).group(1)
    text = re.sub(r"^aliases:\n(  - .*\n)+", "", text, flags=re.MULTILINE)
    text = text.replace(f"name: {name}\n", f"name: {json.dumps(name + ' ' + payloads(prefix + '-name')[1])}\n", 1)
    return text + f"aliases:{hostile_list(prefix + '-alias')}description: {hostile(prefix + '-description')}\n" + HOSTILE_LINKS


HOSTILE_LINKS = """links:
  - "https://example.org/)[x](javascript:__pwn('links-1'))"
  - "https://example.org/'onmouseover='__pwn('links-2')'"
"""

QUOTED = "Kovalev said <img src=x onerror=__pwn('quote-1')> twice."


def hostile_archive() -> dict[str, str]:
    files = dict(VALID)
    for path, prefix in ((UKRAINE, "country"), (KUPIANSK, "place"), (ORGANIZATION, "organization")):
        files[path] = _named(files[path], prefix)
    files[PERSON] = _named(files[PERSON], "person").replace("title: Spokesperson of the General Staff", f"title: {hostile('role')}")
    outlet = _named(files[OUTLET], "outlet")
    files[OUTLET] = outlet.replace("links:", "site: \"https://example.org/)[x](javascript:__pwn('site-1'))\"\nlinks:", 1)
    event = files[EVENT]
    event = re.sub(r"^title: .*$", f"title: {hostile('event-title')}", event, count=1, flags=re.MULTILINE)
    event = re.sub(r"^summary: .*$", f"summary: {hostile('event-summary')}", event, count=1, flags=re.MULTILINE)
    event = re.sub(r"^    says: .*$", f"    says: {hostile('claim-says')}", event, count=1, flags=re.MULTILINE)
    event = re.sub(r"^    quote: .*$", f"    quote: {json.dumps(QUOTED)}", event, count=1, flags=re.MULTILINE)
    files[EVENT] = event
    article = files[ARTICLE]
    article = re.sub(r"^title: .*$", f"title: {hostile('article-title')}", article, count=1, flags=re.MULTILINE)
    article = re.sub(r"^authors:\n- .*$", f"authors:{hostile_list('author')}".rstrip("\n"), article, count=1, flags=re.MULTILINE)
    article = article.replace("language: en\n", f"language: en\nurl: \"https://example.org/)[x](javascript:__pwn('url-1'))\"\ncaptions:{hostile_list('caption')}notes:{hostile_list('note')}")
    body = "\n\n".join(payloads("body")) + f"\n\n{QUOTED}\n\n" + "\n".join(payloads("body-lines")) + "\n"
    files[ARTICLE] = article + "\n" + body
    page = "# About\n\n" + "\n\n".join(payloads("page")) + "\n"
    files |= {"content/pages/about.md": page, "content/pages/methodology.md": "# Methodology\n\nHow.\n", "content/pages/home.md": "Home.\n"}
    return files


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    write_tree(root, hostile_archive())
    pipeline.build(root / "content", root / "site", REPO / "mkdocs.yml", root / "docs")
    return root / "site"


def test_the_catalogue_reaches_the_site_as_text(hostile_site):
    """The payloads are on the pages as visible text, so the test below is not
    passing because they were dropped on the way."""
    event_page = next((hostile_site / "events").glob("*/index.html")).read_text(encoding="utf-8")
    assert "&lt;script&gt;__pwn(&#39;event-title-1&#39;)&lt;/script&gt;" in event_page or "&lt;script&gt;__pwn('event-title-1')&lt;/script&gt;" in event_page
    report = next((hostile_site / "reports").glob("*/index.html")).read_text(encoding="utf-8")
    assert "onerror=__pwn(" in report and "{{ 7*7777 }}" in report


def test_no_payload_is_live_anywhere_in_the_built_site(hostile_site):
    assert live_in_site(hostile_site) == []


def test_the_detector_finds_live_payloads():
    """The check above can fail: each family, left live, is caught."""
    assert live_in_html("<p><img src=x onerror=__pwn(1)></p>")
    assert live_in_html('<a href="javascript:__pwn(1)">x</a>')
    assert live_in_html('<a href=" JaVaScRiPt:__pwn(1)">x</a>')
    assert live_in_html('<img src="data:text/html;base64,AAAA">')
    assert live_in_html("<script>__pwn(1)</script>")
    assert live_in_html('<script type="application/ld+json">{"a": "</script><script>__pwn(1)</script>')
    assert live_in_html('<p onclick="__pwn(1)">x</p>')
    assert live_in_html('<iframe srcdoc="x"></iframe>')
    assert not live_in_html("<p>&lt;script&gt;__pwn(1)&lt;/script&gt;</p>")
    assert live_in_excerpt("<mark>Kupiansk</mark> <img src=x onerror=__pwn(1)>")
    assert live_in_excerpt("<mark>Kupiansk</mark> <b>bold</b>")
    assert not live_in_excerpt("<mark>Kupiansk</mark> &lt;img src=x onerror=__pwn(1)&gt;")
    assert sum(FAMILIES.values()) == len(payloads("x"))
    assert JINJA_PRODUCT == str(7 * 7777)


# --- in a real browser ------------------------------------------------------------


RECORD_CALLS = """
window.__pwned = [];
window.__pwn = (where) => window.__pwned.push(String(where));
window.alert = window.confirm = window.prompt = (what) => window.__pwned.push('dialog: ' + what);
"""


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from tests.conftest import _QuietHandler

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(hostile_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_nothing_runs_when_a_reader_opens_hovers_and_searches_every_page(browser, hostile_site, hostile_url):  # noqa: F811
    context = browser.new_context()
    context.add_init_script(RECORD_CALLS)
    context.route("https://**", lambda route: route.abort())  # nothing leaves the machine
    page = context.new_page()
    ran: dict[str, list[str]] = {}
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("index.html"))
    assert len(pages) >= 15
    for path in pages:
        page.goto(hostile_url + path)
        page.wait_for_load_state("load")
        # Every element gets the events a reader's pointer and keyboard would send.
        page.evaluate("""() => document.querySelectorAll('body *').forEach((el) => {
            for (const type of ['mouseover', 'mouseenter', 'focus', 'toggle'])
                el.dispatchEvent(new Event(type, {bubbles: true}));
        })""")
        if calls := page.evaluate("window.__pwned"):
            ran[path] = calls
    page.goto(hostile_url)
    search(page, "pwn script onerror")
    page.wait_for_timeout(300)
    if calls := page.evaluate("window.__pwned"):
        ran["search results"] = calls
    # The control: the same recording does see a payload that is live.
    page.goto(hostile_url + "404.html")
    page.set_content("<p><img src=x onerror=\"__pwn('control')\"></p>")
    page.wait_for_timeout(200)
    control = page.evaluate("window.__pwned")
    context.close()
    assert ran == {}
    assert control == ["control"]


# --- bad bytes ---------------------------------------------------------------------



def problems_with(tmp_path, changes: dict[str, str | bytes], remove: tuple[str, ...] = ()) -> list[str]:
    files = {path: text for path, text in (VALID | changes).items() if path not in remove}
    write_tree(tmp_path, files)
    _archive, problems = load_and_validate(tmp_path / "content", tmp_path)
    return [f"{p.path}:{p.line}:{p.col}: {p.message}" for p in problems]


def test_a_bom_and_crlf_line_ends_are_read_as_usual(tmp_path):
    crlf = {path: b"\xef\xbb\xbf" + VALID[path].replace("\n", "\r\n").encode("utf-8") for path in (EVENT, KUPIANSK, ARTICLE)}
    assert problems_with(tmp_path, crlf) == []


def test_a_record_that_is_not_utf8_is_refused_with_its_line(tmp_path):
    latin1 = VALID[KUPIANSK].replace("Kupyansk", "Kupjansk ü").encode("latin-1")
    assert problems_with(tmp_path, {KUPIANSK: latin1}) == ["content/places/kupiansk.yml:3:1: the file is not UTF-8; save it as UTF-8"]


def test_nul_bytes_are_refused_in_records_articles_and_captures(tmp_path):
    found = problems_with(tmp_path, {KUPIANSK: VALID[KUPIANSK] + "description: a\x00b\n", ARTICLE: VALID[ARTICLE] + "\nEnd.\x00\n"})
    assert any(line.startswith("content/places/kupiansk.yml:") and "U+0000 is not allowed in YAML" in line for line in found)
    assert any(line.startswith(f"{ARTICLE}:") and "U+0000" in line for line in found)
    capture = tmp_path / "late-nul.txt"
    capture.write_bytes(b"Headline\n" + b"text\n" * 5000 + b"bad\x00byte\n")
    with pytest.raises(UserError, match=r"late-nul.txt:5002: the capture contains a NUL byte"):
        read_capture(capture)


def test_captures_in_other_encodings_are_decoded_when_they_say_so_or_refused(tmp_path):
    declared = tmp_path / "cp1251.html"
    declared.write_bytes('<html><head><meta charset="windows-1251"><title>Купʼянськ</title></head><body><p>Купянськ утримують.</p></body></html>'.replace("ʼ", "").encode("cp1251"))
    assert "Купянськ утримують" in read_capture(declared).text
    silent = tmp_path / "cp1251.txt"
    silent.write_bytes("Заголовок\nКупянськ утримують.\n".encode("cp1251"))
    with pytest.raises(UserError, match=r"cp1251.txt:1: the capture is not UTF-8 \(byte 0x\w\w\); save it again as UTF-8"):
        read_capture(silent)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Заголовок\r\nКупянськ утримують.\r\n".encode("utf-16"))
    assert read_capture(utf16).text == "Заголовок\nКупянськ утримують.\n"


@pytest.mark.parametrize(("char", "name"), [("\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
                                            ("\u200b", "ZERO WIDTH SPACE"), ("\u200d", "ZERO WIDTH JOINER"),
                                            ("\u00ad", "SOFT HYPHEN"), ("\ufeff", "ZERO WIDTH NO-BREAK SPACE")])
def test_invisible_characters_in_names_are_flagged_with_where_they_are(tmp_path, char, name):
    found = problems_with(tmp_path, {KUPIANSK: VALID[KUPIANSK].replace("  - Kupyansk", f"  - Kupy{char}ansk").replace("name: Kupiansk", f"name: Ku{char}piansk")})
    code = f"U+{ord(char):04X} {name}"
    assert f"content/places/kupiansk.yml:1:7: name contains an invisible character, {code}, at character 3, which can disguise the text; delete it (retype the value if it was pasted)" in found
    assert f"content/places/kupiansk.yml:3:5: aliases.0 contains an invisible character, {code}, at character 5, which can disguise the text; delete it (retype the value if it was pasted)" in found


def test_bidi_overrides_in_an_article_body_are_refused(tmp_path):
    body = VALID[ARTICLE].replace("the General Staff said", "the General Staff \u202eyas ton did\u202c said")
    assert problems_with(tmp_path, {ARTICLE: body}) == [f"{ARTICLE}:12:98: the text contains U+202E RIGHT-TO-LEFT OVERRIDE, which can disguise what the report says; delete it"]


@pytest.mark.parametrize(("file_name", "reason"), [
    ("kupi\u200bansk", "it contains an invisible character, U+200B ZERO WIDTH SPACE"),
    ("kupi\u0430nsk", "it contains 'а' (U+0430 CYRILLIC SMALL LETTER A), which looks like the Latin 'a'"),
])
def test_ids_with_invisible_or_lookalike_letters_are_refused_and_explained(tmp_path, file_name, reason):
    found = problems_with(tmp_path, {f"content/places/{file_name}.yml": VALID[KUPIANSK].replace("Kupyansk", "Kupjansk")})
    assert any(f"file name '{file_name}' is not a valid id ({reason}); rename the file" in line for line in found), found


def test_ids_that_differ_only_by_lookalike_characters_are_refused(tmp_path):
    twin = VALID[KUPIANSK].replace("name: Kupiansk", "name: Kupiansk Twin").replace("  - Kupyansk\n", "  - Kupyansk Twin\n")
    found = problems_with(tmp_path, {"content/places/kup1ansk.yml": twin, "content/places/kuplansk.yml": twin.replace("Twin", "Other")})
    assert "content/places/kuplansk.yml:1:1: id 'kuplansk' looks like 'kup1ansk' (content/places/kup1ansk.yml): they differ only in look-alike characters (0/o, 1/l, rn/m, vv/w, cl/d); rename this file" in found


def test_a_capture_with_a_bom_but_broken_text_is_refused(tmp_path):
    """Found by tests/test_fuzz.py: a UTF-16 byte-order mark followed by an odd byte
    count was a UnicodeDecodeError traceback."""
    capture = tmp_path / "broken.txt"
    capture.write_bytes(b"\xfe\xff" + b"\x00" * 9)
    with pytest.raises(UserError, match=r"broken.txt: the file starts like UTF-16 text but byte 10 is not; save it again as UTF-8"):
        read_capture(capture)
