"""Find the story in a saved HTML page.

trafilatura finds the article in the page's tree and its metadata; the
project's own rules then drop what it lets through (appeals, share prompts,
captions, bylines) exactly as they do for text captures, and every block is
escaped so the page's markup never reaches the archive as markup.
"""

from __future__ import annotations

import json
import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from .clean import Cleaned, classify_line, escape_markdown, merge_lists, words

# What the page says about itself, most specific first: (source label, XPath).
_META = {
    "title": [
        ("meta og:title", "//meta[@property='og:title']/@content"),
        ("meta twitter:title", "//meta[@name='twitter:title']/@content"),
        ("first <h1>", "//h1"),
        ("<title>", "//title"),
    ],
    "date": [
        ("meta article:published_time", "//meta[@property='article:published_time']/@content"),
        ("meta datePublished", "//meta[@itemprop='datePublished']/@content"),
        ("<time datetime>", "//time/@datetime"),
    ],
    "authors": [
        ("meta author", "//meta[@name='author']/@content"),
        ("meta article:author", "//meta[@property='article:author']/@content"),
    ],
    "outlet": [
        ("meta og:site_name", "//meta[@property='og:site_name']/@content"),
        ("meta application-name", "//meta[@name='application-name']/@content"),
    ],
    "language": [
        ("<html lang>", "/html/@lang"),
        ("meta og:locale", "//meta[@property='og:locale']/@content"),
    ],
}
_ISO_DAY_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def clean_html(html: str, boilerplate: list[str] | None = None, known_outlet_names: list[str] | None = None) -> Cleaned:
    """Dates come from the page's metadata, which is ISO; the body's datelines are dropped with the rest."""
    result = Cleaned()
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, include_formatting=False
    )
    tree = _parse(html)
    _read_metadata(tree, document, result)
    if document is None or document.body is None:
        return result

    outlet_furniture = [re.compile(p, re.IGNORECASE) for p in (boilerplate or [])]
    outlet_names = [n.casefold() for n in (known_outlet_names or []) if n]
    seen: set[str] = set()
    for prefix, line in _blocks(document.body):
        line = re.sub(r"\s+", " ", line).strip()
        if not line or line in seen:
            continue
        seen.add(line)
        # The headline is metadata, not a body line; trafilatura sometimes keeps it.
        if result.title and line.casefold() == result.title.casefold():
            continue
        kind = classify_line(line, result, outlet_furniture, outlet_names)
        if kind not in ("text", "glued-title"):
            continue
        if prefix == "## " and words(line) > 25:
            prefix = ""
        result.blocks.append(prefix + escape_markdown(line))
    result.blocks = merge_lists(result.blocks)
    return result


def _parse(html: str):
    try:
        return lxml_html.fromstring(html.encode("utf-8"))
    except (etree.ParserError, ValueError):  # no root element: metadata then comes from trafilatura alone
        return None


def _blocks(body):
    """(Markdown prefix, text) for each block trafilatura kept, in page order."""
    for element in body:
        tag = element.tag
        if tag == "head":
            yield "## ", _text(element)
        elif tag == "list":
            for item in element.iter("item"):
                yield "- ", _text(item)
        elif tag == "table":
            for row in element.iter("row"):
                cells = [_text(cell) for cell in row.iter("cell")]
                yield "", " · ".join(cell for cell in cells if cell)
        elif tag in ("p", "quote", "div"):
            # A <lb/> inside a paragraph is a line of its own (a caption, a byline, a verse).
            for part in _text(element, breaks=True).split("\n"):
                yield "", part
        else:
            yield "", _text(element)


def _text(element, breaks: bool = False) -> str:
    if not breaks:
        return " ".join("".join(element.itertext()).split())
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _text(child, breaks=True))
        parts.append(child.tail or "")
    return "".join(parts)


def _first(tree, xpath: str) -> str | None:
    if tree is None:
        return None
    for found in tree.xpath(xpath):
        text = found if isinstance(found, str) else found.text_content()
        text = " ".join(str(text).split())
        if text:
            return text
    return None


def _json_ld(tree) -> list[dict]:
    if tree is None:
        return []
    found = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):  # broken, or nested past the stack: no metadata from it
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                stack.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
            elif isinstance(item, list):
                stack.extend(item)
    return found


def _ld_authors(node: dict) -> list[str]:
    author = node.get("author")
    authors = author if isinstance(author, list) else [author] if author else []
    names = []
    for entry in authors:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if isinstance(name, str) and name.strip():
            names.append(" ".join(name.split()))
    return names


def _read_metadata(tree, document, result: Cleaned) -> None:
    """Each field from the most specific place the page states it, with that place as its source."""
    articles = [n for n in _json_ld(tree) if "datePublished" in n or "headline" in n]
    if articles:
        node = articles[0]
        if isinstance(node.get("datePublished"), str) and _ISO_DAY_RE.match(node["datePublished"]):
            result.set("date", _ISO_DAY_RE.match(node["datePublished"]).group(1), "JSON-LD datePublished")
        if isinstance(node.get("headline"), str) and node["headline"].strip():
            result.set("title", " ".join(node["headline"].split()), "JSON-LD headline")
        if names := _ld_authors(node):
            result.set("authors", names, "JSON-LD author")
        publisher = node.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            result.set("outlet", publisher["name"].strip(), "JSON-LD publisher")
    for field, candidates in _META.items():
        if getattr(result, field):
            continue
        for source, xpath in candidates:
            value = _first(tree, xpath)
            if not value:
                continue
            if field == "date":
                if not (match := _ISO_DAY_RE.match(value)):
                    continue
                value = match.group(1)
            if field == "authors":
                if value.startswith(("http://", "https://")):
                    continue
                value = [name.strip() for name in re.split(r",| and ", value) if name.strip()]
            if field == "language":
                value = value.split("-")[0].split("_")[0].lower()
            result.set(field, value, source)
            break
    if document is None:
        return
    guesses = {"title": document.title, "date": document.date, "outlet": document.sitename,
               "authors": [a.strip() for a in (document.author or "").split(";") if a.strip()]}
    for field, value in guesses.items():
        if value and not getattr(result, field):
            result.set(field, value, "trafilatura's reading of the page")
