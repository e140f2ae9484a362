"""The fast paths of rendering against the plain ones they replace: mention spans with
their word tests written out, tables of events built in Python instead of a macro per
row, links cached between pages. Each must give exactly what the plain path gives."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from build_tools.mentions import APOSTROPHES, MentionIndex
from build_tools.models import Organization, Person, Place
from build_tools.pipeline import linked_archive
from build_tools.render import Pages, SiteSettings, _inside_link, make_environment

ROOT = Path(__file__).resolve().parent.parent

INDEX = MentionIndex.from_records({
    "places": {
        "kupiansk": Place.model_validate({"name": "Kupiansk", "aliases": ["Kupyansk", "Купʼянськ"], "kind": "city"}),
        "kupiansk-raion": Place.model_validate({"name": "Kupiansk Raion", "kind": "raion"}),
        "kharkiv-oblast": Place.model_validate({"name": "Kharkiv Oblast", "kind": "oblast"}),
        "kharkiv": Place.model_validate({"name": "Kharkiv", "kind": "city"}),
        "strasse": Place.model_validate({"name": "Großstraße", "aliases": ["Strasse"], "kind": "city"}),
        "oblast": Place.model_validate({"name": "Oblast Centre", "kind": "city"}),
    },
    "people": {"o-brien": Person.model_validate({"name": "Seán O'Brien", "aliases": ["O’Brien"]})},
    "organizations": {"red-cross": Organization.model_validate({"name": "Red Cross", "aliases": ["(ICRC)"], "kind": "ngo"})},
})

PIECES = [
    "Kupiansk", "KUPIANSK", "kupyansk", "Kup'iansk", "Kup’yansk", "Kupʼiansk", "Kup`iansk", "Kupiansk's", "Kupiansk'", "'Kupiansk",
    "Купʼянськ", "Kupiansk Raion", "Kupiansk Raionwide", "preKupiansk", "Kupianska", "Kupiansk_", "_Kharkiv", "Kharkiv2",
    "Kharkiv Oblast", "Kharkiv Oblast Centre", "Oblast Centre", "Großstraße", "GROSSSTRASSE", "Strasse", "Straßen",
    "O'Brien", "O’Brien's", "Seán O'Brien", "OBrien", "Red Cross", "red  cross", "(ICRC)", "x(ICRC)y", "the", "and", "’", "'",
    "`", "ß", "ss", "a", "-", ".", ",", "[", "]", "\\", "\n", "\n\n", " ", " ", " ",
]


def _word(character: str) -> bool:
    return re.fullmatch(r"\w", character) is not None


def plain_spans(text: str) -> list[tuple[int, int, str, str]]:
    """The rules as the module docstring states them, one name at a time with str.find."""
    folded, origin = [], []
    for index, character in enumerate(text):
        if character not in APOSTROPHES:
            for folded_character in character.casefold():
                folded.append(folded_character)
                origin.append(index)
    folded_text = "".join(folded)
    candidates = []
    for key in INDEX.labels:
        first = folded_text.find(key)
        while first >= 0:
            start, end = origin[first], origin[first + len(key) - 1] + 1
            first = folded_text.find(key, first + 1)
            if start and _word(text[start - 1]):
                continue
            if end < len(text) and text[end] in APOSTROPHES and not (end + 1 < len(text) and _word(text[end + 1])):
                end += 1  # a closing apostrophe belongs to the name
            elif end < len(text) and _word(text[end]):
                continue
            candidates.append((start, end, key))
    found, covered = [], 0
    for start, end, key in sorted(candidates, key=lambda c: (c[0], -c[1], c[2])):
        if start >= covered:
            found.append((start, end, *INDEX.labels[key]))
            covered = end
    return found


TEXTS = [
    "Kupiansk's market and Kupiansk' in Kharkiv Oblast Centre, near Großstraße.",
    "No apostrophes here: Kupiansk Raionwide, preKupiansk, Kharkiv2, _Kharkiv, Red Cross (ICRC).",
    "Seán O'Brien met O’Brien's staff; OBrien did not.",
    "GROSSSTRASSE and Großstraße's square, Straßen, ß Kup'iansk",
]


@pytest.mark.parametrize("text", TEXTS + [
    "".join(random.Random(seed).choices(PIECES, k=random.Random(seed).randint(1, 40))) for seed in range(400)
])
def test_spans_match_the_plain_rules(text):
    assert INDEX.spans(text) == plain_spans(text)


def test_the_texts_take_every_path():
    # No apostrophes and the same length; apostrophes; casefolding that changes the length.
    assert any(not set(APOSTROPHES) & set(t) and len(t.casefold()) == len(t) and INDEX.spans(t) for t in TEXTS)
    assert any(set(APOSTROPHES) & set(t) and len(t.casefold()) == len(t) and INDEX.spans(t) for t in TEXTS)
    assert any(len(t.casefold()) != len(t) and INDEX.spans(t) for t in TEXTS)


def test_inside_link_is_the_slice_rule():
    blocks = ["see [Kupiansk](x) and Kupiansk", "a \\[b] c [d", "]] [[", "plain", "", "\\"]
    for block in blocks:
        for position in range(-3, len(block) + 2):
            before = block[:position]
            assert _inside_link(block, position) == (before.rfind("[") > before.rfind("]") and not before.endswith("\\"))


# The macros p.date_of, p.status_badge and p.event_rows replaced, as they were.
OLD_MACROS = """{% macro date_of(event_id) -%}
{{ g.when(event_id) }}
{%- if g.archive.events[event_id].approximate %} (approximate){% endif %}
{%- endmacro %}
{% macro status_badge(event_id) -%}
<span class="chronicle-status chronicle-status--{{ g.status[event_id] }}">{{ g.status[event_id] }}</span>
{%- endmacro %}
{% macro event_rows(p, ids) -%}
| Date | Event | Status |
| --- | --- | --- |
{% for event_id in ids %}
| {{ date_of(event_id) | md }} | {{ p.link(event_id) }} | {{ status_badge(event_id) | safe }} |
{% endfor %}
{%- endmacro %}
"""
PAGE = """{% for id in ids %}
{{ date(id) }} / {{ date(id) | md }} / {{ badge(id) }}
{% endfor %}
{{ rows(ids) }}
"""


def test_event_lists_match_the_macros_they_replace():
    graph = linked_archive(ROOT / "content", ROOT)
    events = graph.archive.events
    ids = sorted(events)
    for number, event_id in enumerate(ids[:4]):
        # Titles that need escaping, and approximate dates, on top of the archive's own.
        events[event_id] = events[event_id].model_copy(update={"approximate": number % 2 == 0, "title": f"Strike | *near* [Kupiansk] `{number}` <b> \\"})
    old = make_environment({"page.j2": OLD_MACROS + PAGE.replace("date(id)", "(date_of(id) | safe)").replace("badge(id)", "status_badge(id) | safe")
                            .replace("rows(ids)", "event_rows(p, ids) | safe")})
    new = make_environment({"page.j2": PAGE.replace("date(id)", "p.date_of(id)").replace("badge(id)", "p.status_badge(id)").replace("rows(ids)", "p.event_rows(ids)")})
    shared: dict = {}
    for here in ("places/kupiansk.md", "people/someone.md", "places/kharkiv.md", "index.md", "events/index.md"):
        expected = old.get_template("page.j2").render(g=graph, p=Pages(graph, here, SiteSettings()), ids=ids)
        # Twice from one shared cache: the second time every row and link comes from it.
        for _ in range(2):
            assert new.get_template("page.j2").render(g=graph, p=Pages(graph, here, SiteSettings(), shared), ids=ids) == expected
    assert "(approximate)" in expected and "\\*near\\*" in expected
