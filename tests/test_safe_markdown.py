"""build_tools.safe_markdown on its own: Markdown kept, anything that could run disarmed, no text lost."""

from __future__ import annotations

import markdown
import pytest

from build_tools.safe_markdown import safe_markdown, unsafe_scheme
from tests.hostile import live_in_html, payloads

# The extensions of mkdocs.yml that act on contributor Markdown.
EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc"]


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.mark.parametrize("text", [
    "Plain *emphasis*, **strong** and a [link](https://example.org/a_(b)).",
    "## A heading\n\n- a list\n- of items\n\n> a quote\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "A [relative link](../places/kupiansk.md) and [mail](mailto:desk@example.org).",
    "Code stays code: `events.json` and `chronicle build`.",
    "Escaped already: &lt;script&gt; and \\[brackets\\].",
])
def test_ordinary_markdown_is_kept(text):
    assert to_html(safe_markdown(text)) == to_html(text)


@pytest.mark.parametrize("payload", payloads("unit"), ids=range(len(payloads("unit"))))
def test_each_payload_is_disarmed_and_its_text_kept(payload):
    html = to_html(safe_markdown(payload))
    assert live_in_html(html) == []
    assert any(mark in html for mark in ("__pwn", "7*7777", "data:text/html")), "the text itself stays visible"


def test_the_same_payloads_are_live_without_it():
    """The check above can fail: Markdown alone lets most of the catalogue through."""
    live = [p for p in payloads("unit") if live_in_html(to_html(p))]
    assert len(live) >= 10


@pytest.mark.parametrize("address", ["javascript:x", " JaVaScRiPt:x", "&#106;avascript:x", "java\tscript:x", "&#x6A;avascript:x",
                                     "<javascript:x>", "data:text/html,x", "vbscript:x", "java\u200bscript:x", "file:///etc/passwd"])
def test_unsafe_schemes_are_seen_however_they_are_written(address):
    assert unsafe_scheme(address)


@pytest.mark.parametrize("address", ["https://example.org", "http://x", "mailto:a@b", "../a.md", "#p-2", "a:b/c".replace("a:", "./a:")])
def test_safe_addresses_pass(address):
    assert unsafe_scheme(address) is None


def test_a_disarmed_link_stays_readable():
    assert to_html(safe_markdown("See [this](javascript:alert(1)).")) == "<p>See [this](javascript:alert(1)).</p>"


def test_markup_in_code_is_shown_escaped_not_run():
    """Code spans are not exempt (see the module): a `<` in one shows as &lt;, never as a tag."""
    assert live_in_html(to_html(safe_markdown("`<img src=x onerror=__pwn(1)>`"))) == []


@pytest.mark.parametrize("text", ["1. " * 2000, "> " * 2000, "- " * 2000, "".join(" " * 4 * i + "- x\n" for i in range(300))])
def test_deep_nesting_does_not_overflow_markdown(text):
    """Python-Markdown nests lists and quotes recursively; `1. ` 2,000 times overflowed its stack."""
    assert to_html(safe_markdown(text))


def test_deep_nesting_did_overflow_markdown_without_the_cap():
    with pytest.raises(RecursionError):
        to_html("1. " * 2000)
