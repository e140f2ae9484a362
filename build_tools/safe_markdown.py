"""Contributor Markdown (article bodies, hand-written pages) made safe to publish.

Bodies keep their Markdown: emphasis, headings, lists, quotes, tables and links.
What could run on a reader's page is disarmed, and nothing is dropped:

- raw HTML is escaped, so `<script>` or `<img onerror=…>` shows as text. Escaping
  rather than stripping with an HTML sanitizer is deliberate: a sanitizer drops
  what it cannot allow, and an unclosed `<!--` then swallows the rest of the
  article without a word (nh3 did exactly that when tried).
- `{` and `}` become entities, so no attribute list (`{: onclick=… }`) attaches
  attributes to the page's elements.
- a link or image whose address has a scheme other than http, https or mailto
  (`javascript:`, `data:`, also written with entities, spaces or mixed case)
  stays as visible text instead of becoming a link.
- list and quote markers nested past MAX_NESTING on one line (`1. 1. 1. …`,
  `> > > …`) are escaped, and indentation is capped: Python-Markdown nests
  those recursively and a few hundred levels overflow its stack.

Code spans get the same treatment: a `<` in one shows as `&lt;`. Working out
what is code the way Markdown does took a backtracking pattern (minutes on a
long run of backticks), and any disagreement with Markdown there would let
raw HTML through; a cosmetic flaw in rare code is the safer price.
"""

from __future__ import annotations

import html
import re

SAFE_SCHEMES = ("http", "https", "mailto")

MAX_NESTING = 8
_MARKER = r"[ \t]*(?:[-*+]|\d{1,9}[.)]|>)[ \t]+"
_MARKERS = re.compile(rf"^((?:{_MARKER}){{{MAX_NESTING}}})((?:{_MARKER})+)", re.MULTILINE)
_DEEP_INDENT = re.compile(rf"^[ \t]{{{4 * MAX_NESTING},}}", re.MULTILINE)
# Where a link address starts: `](` for inline links and images, `]:` for reference definitions.
_ADDRESS_START = re.compile(r"\](\s*)([(:])")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def safe_markdown(text: str) -> str:
    text = _DEEP_INDENT.sub(" " * 4 * MAX_NESTING, text)
    text = _MARKERS.sub(lambda m: m.group(1) + re.sub(r"([-*+.)>])", r"\\\1", m.group(2)), text)
    return _disarm(text)


def unsafe_scheme(address: str) -> str | None:
    """The scheme of `address` as a browser reads it, when it is not a safe one."""
    plain = _INVISIBLE.sub("", html.unescape(address)).lstrip("<").lower()
    match = _SCHEME.match(plain)
    if match and match.group(1) not in SAFE_SCHEMES:
        return match.group(1)
    return None


def _disarm(text: str) -> str:
    text = _ADDRESS_START.sub(lambda m: _address(m, text), text)
    # Entities, not backslashes: a backslash before them could itself be escaped.
    return text.replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")


def _address(match: re.Match[str], text: str) -> str:
    following = text[match.end() : match.end() + 200]
    if unsafe_scheme(following.split("\n\n", 1)[0]) is None:
        return match.group(0)
    # `\(` and `\:` are plain characters to Markdown: no link forms, the text stays visible.
    return f"]{match.group(1)}\\{match.group(2)}"
