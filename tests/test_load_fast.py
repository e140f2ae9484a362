"""The fast YAML path of build_tools/load.py gives what the slow one gives, for any text.

`load.parse_yaml` reads most records with libyaml's C composer and one Python walk;
anything that walk cannot vouch for goes to `_parse_yaml_composed_in_python`, the
loader every message comes from. These tests hold the two to the same answer:
the same Problem, or the same data with every value located at the same line and
column (checked against PyYAML's node tree, as `Document.locate` read it before it
kept positions instead of nodes). And the C composer, which recurses in C, must
never see text nested deeper than `_provably_shallow` promises.

Then validate's quick checks: normalise_for_quote, hidden_characters and _plain
(which looks at a document's text instead of its values) against the plain ones.
"""

from __future__ import annotations

import gc
import math
import re
import unicodedata
from typing import Any

import pytest
import yaml
import yaml.cyaml
from hypothesis import example, given
from hypothesis import strategies as st

from build_tools import load
from build_tools import validate as validate_module
from build_tools.characters import _HIDDEN, hidden_characters
from build_tools.load import MAX_NESTING, parse_yaml
from tests.fixtures import write_tree
from tests.test_fuzz import FUZZ, YAML_TOKENS, assembled, cli_stack, yamlish
from tests.test_validate import VALID

PATH = "content/events/x.yml"


def node_locate(node: yaml.Node | None, line_offset: int, loc: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
    """Document.locate as it was, over PyYAML's nodes: the reference for positions."""
    found = node
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    found = key_node if key and part == loc[-1] else value_node
                    node = value_node
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = found = node.value[part]
        else:
            break
    if found is None:
        return 1 + line_offset, 1
    return found.start_mark.line + 1 + line_offset, found.start_mark.column + 1


def locations(data: Any, loc: tuple[Any, ...] = ()):
    """Every location in data, and some that lead nowhere."""
    yield loc
    if isinstance(data, dict):
        for name, value in data.items():
            yield from locations(value, (*loc, name))
        yield (*loc, "no-such-key")
        yield (*loc, 0)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from locations(value, (*loc, index))
        yield (*loc, len(data))
        yield (*loc, "key")


def same(a: Any, b: Any) -> bool:
    """Equal data, NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def assert_as_slow_path(text: str, line_offset: int = 0) -> None:
    with cli_stack():
        doc, problem = parse_yaml(text, PATH, line_offset)
        reference, expected = load._parse_yaml_composed_in_python(text, PATH, line_offset)
    assert problem == expected
    assert (doc is None) == (reference is None)
    if doc is None:
        return
    assert same(doc.data, reference.data)
    for loc in locations(reference.data):
        for key in (False, True):
            assert doc.locate(loc, key) == node_locate(reference.node, line_offset, loc, key), (loc, key)


HOSTILE = [
    "",
    "# only a comment\n",
    "---\n",
    "a: 1\nb: [x, y]\nc: {d: e}\n",
    "a: &x 1\nb: *x\n",  # an alias
    "a: &x 1\nb: 2\n",  # an anchor alone is allowed
    "a: *x\n",  # an undefined alias
    "a: &x [1]\nb: &x [2]\n",  # a duplicate anchor
    "a: !!str 1\n",
    "a: !!int 1\n",
    "a: !!binary aGk=\n",
    "a: ! 1\n",  # the non-specific tag is allowed
    "!!map {a: 1}\n",
    "a: !!seq [1]\n",
    "a: !local x\n",
    "%TAG ! tag:x,2000:\n---\na: !b c\n",
    "a: 1\na: 2\n",  # a duplicate key
    "x:\n  a: 1\n  b: 2\n  a: 3\n",
    "1: a\n01: b\n",  # the same key once constructed
    "? [a, b]\n: c\n",  # a list as a key
    "? {a: b}\n: c\n",
    "<<: {a: 1}\nb: 2\n",  # a merge key
    "a: <<\n",
    "=: x\n",
    "a: =\n",
    "a: !\n",
    "a: *\n",
    "a: &\n",
    "a: 0b\n",
    "a: 0x\n",
    "a: 1_0:3\n",
    "a: .nan\nb: -.inf\nc: 0o17\nd: 0x1F\ne: 1e999\nf: 190:20:30\n",
    "a: yes\nb: No\nc: ~\nd: null\ne:\n",
    "date: 2024-11-14\nwhen: 2024-11-14 10:00:00\n",
    "a: \x00\n",  # NUL
    "a: b\x1f\n",
    "\ufeffa: 1\n",  # a byte-order mark
    "a: 1\n\ufeffb: 2\n",
    "\ufeff- \ufeff- x\n",
    "a: 1\r\nb: 2\r\n",  # CRLF, which the loader turns into \n first
    "a: 1\rb: 2\r",
    "a: 1\x85b: 2\n",
    "a: 1\u2028b: 2\u2029",
    "a: b\n---\nc: d\n",  # two documents
    "- a\n- b: c\n  d: [e, {f: g}]\n",
    "a:\n- 1\n- 2\nb:\n  - 3\n",
    "a: |\n  one\n  two\nb: >-\n  three\n  four\n",
    "a: 'x'\nb: \"y\\u00e9\"\n",
    "[a, b]: c\n",
    "? a\n: b\n? c\n",
    "a:\tb\n",
    "a: b: c\n",
    "key: \"unclosed\n",
    "  - a\n - b\n",
    "\t- x\n",
    "[" * 1000,
    "[" * 49 + "]" * 49 + "\n",
    "[" * 50 + "]" * 50 + "\n",
    "[" * 50 + "x" + "]" * 50 + "\n",
    "[" * 64 + "]" * 64 + "\n",
    "[" * 65 + "]" * 65 + "\n",
    "{a: " * 30 + "b" + "}" * 30 + "\n",
    "[a: " * 40 + "b" + "]" * 40 + "\n",
    "- " * 48 + "x\n",
    "- " * 49 + "x\n",
    "- " * 50 + "x\n",
    "- " * 40 + "[" * 30 + "]" * 30 + "\n",
    "- " * 10_000 + "x\n",
    "".join(" " * level + "a:\n" for level in range(49)),
    "".join(" " * level + "a:\n" for level in range(50)),
    "".join(" " * level + "a:\n" for level in range(300)),
    "".join(" " * level + "a:\n" + " " * level + "- b\n" for level in range(30)),
    "".join(" " * level + "? a\n" for level in range(60)),
    "".join(" " * (2 * level) + "- a:\n" for level in range(40)),
    "a:\n" + "  " * 70 + "b\n",  # a deep line in a plain value: the slow path alone
    "a: |\n" + " " * 100 + "x\n",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_reads_as_on_the_slow_path(text):
    assert_as_slow_path(text)
    assert_as_slow_path(text, line_offset=3)


def test_the_valid_records_take_the_fast_path():
    """The valid archive's records are read by the C composer, not the fallback."""
    for path, text in VALID.items():
        if path.endswith(".yml"):
            assert load._provably_shallow(text), path
            node = load._CComposer(text).get_single_node()
            load._construct(node, 0)  # no _Doubt
            assert_as_slow_path(text)


@FUZZ
@given(text=yamlish)
@example(text="a: &b c\nd: *b\n")
@example(text="!!str a")
def test_any_text_reads_as_on_the_slow_path(text):
    assert_as_slow_path(text)


# Structure only: indentation, indicators, brackets, keys, and what hides structure.
STRUCTURE_TOKENS = ["- ", "? ", ": ", "-", "?", ":", "\n", " ", "  ", "\t", "[", "]", "{", "}", ", ", "a", "a: ", "'x'", '"y"', "\ufeff", "# c", "|", ">", "&a ", "!!str ", "---\n"]
structure = assembled(STRUCTURE_TOKENS, max_chunks=30, max_repeat=120)


def depth_of(text: str) -> int | None:
    """How deep libyaml's events nest (a scalar inside n collections is at n + 1), or
    None when libyaml refuses the text. The events come one by one, without recursion."""
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                deepest = max(deepest, depth + 1)
    except yaml.YAMLError:
        return None
    return deepest


# What the docstring of _provably_shallow promises: two levels a column for 64
# columns, two a bracket for 64 brackets, and the scalar at the end.
BOUND = 2 * 65 + 2 * load._MAX_BRACKETS + 1


@FUZZ
@given(text=st.one_of(structure, yamlish))
@example(text="- " * 31 + "x\n")
@example(text="\ufeff- " * 31 + "x\n")
@example(text="".join(" " * level + "a:\n" + " " * level + "- b:\n" for level in range(63)))
@example(text="[a: " * 32 + "b" + "]" * 32 + "\n")
def test_text_found_shallow_is_shallow(text):
    if load._provably_shallow(text):
        depth = depth_of(text)
        assert depth is None or depth <= BOUND, depth


def tightly_nested(choices: list[str]) -> str:
    """YAML nested as tightly as the grammar allows, one level a choice: a mapping whose
    value starts on the next line one column further in ("map"), a sequence right under
    a key, in the key's own column ("under"), `- ` and `? ` on the same line ("seq",
    "key"), and flow sequences ("flow", after which everything is one)."""
    lines, line, column, key_column, flows = [], "", 0, None, 0
    for choice in choices:
        choice = "flow" if flows else choice
        if choice == "under" and key_column is not None and not line:
            line, column, key_column = " " * key_column + "- ", key_column + 2, None
            continue
        line = line or " " * column
        if choice == "map":
            lines.append(line + "k:")
            line, key_column = "", len(line)
            column = key_column + 1
        elif choice in ("seq", "under", "key"):
            line += "? " if choice == "key" else "- "
            column, key_column = len(line), None
        else:
            line += "["
            flows += 1
    lines.append((line or " " * column) + "x" + "]" * flows)
    return "\n".join(lines) + "\n"


@FUZZ
@given(choices=st.lists(st.sampled_from(["map", "under", "seq", "key", "flow"]), max_size=300))
@example(choices=["map", "under"] * 62)
@example(choices=["map"] * 63 + ["flow"] * 64)
def test_tightly_nested_text_found_shallow_is_shallow(choices):
    text = tightly_nested(choices)
    depth = depth_of(text)
    assert depth is not None, text  # the generator writes valid YAML
    if load._provably_shallow(text):
        assert depth <= BOUND, depth
        assert_as_slow_path(text)


def test_tightly_nested_text_can_be_deep_and_found_shallow():
    """The test above reaches past MAX_NESTING while the text still passes the check."""
    text = tightly_nested(["map", "under"] * 31 + ["flow"] * 60)
    assert load._provably_shallow(text)
    assert depth_of(text) > 2 * MAX_NESTING
    assert_as_slow_path(text)


def test_deep_texts_are_not_found_shallow():
    assert not load._provably_shallow("- " * 32 + "x\n")
    assert not load._provably_shallow("[" * 65)
    assert not load._provably_shallow("".join(" " * level + "a:\n" for level in range(65)))
    assert load._provably_shallow("".join(" " * level + "a:\n" for level in range(MAX_NESTING)))


@FUZZ
@given(text=assembled(YAML_TOKENS), line_offset=st.integers(min_value=0, max_value=5))
def test_front_matter_offsets_read_as_on_the_slow_path(text, line_offset):
    assert_as_slow_path(text, line_offset)


# --- validate's quick checks give what the plain ones give ---------------------------------

MARKS = "‘’ʼ′`´“”„«»″‐‑‒–—"
marked_text = st.text(alphabet=st.sampled_from([*MARKS, " ", "\n", "\t", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "\u200b", "e", "\u0301", "é", "a", "Ä"]), max_size=40)


def normalise_for_quote_as_it_was(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[‘’ʼ′`´]", "'", text)
    text = re.sub(r"[“”„«»″]", '"', text)
    text = re.sub(r"[‐‑‒–—]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


@FUZZ
@given(text=st.one_of(st.text(), marked_text))
def test_normalise_for_quote_as_it_was(text):
    assert validate_module.normalise_for_quote(text) == normalise_for_quote_as_it_was(text)


@FUZZ
@given(text=st.one_of(st.text(), marked_text))
def test_hidden_characters_as_they_were(text):
    assert hidden_characters(text) == [(match.start(), match.group()) for match in _HIDDEN.finditer(text)]


def strings_of(data: Any):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings_of(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings_of(value)


escapes_and_hidden = assembled([*YAML_TOKENS, '"\\u200b"', '"\\x54ODO"', '"a\\\nb"', "TO", "DO", "\u200b", "\u00ad", "\u202e", "\r", "\x85", "\x7f"])


@FUZZ
@given(text=st.one_of(yamlish, escapes_and_hidden))
@example(text='a: "\\u200b"\n')
@example(text='a: "\\x54ODO"\n')
@example(text="a: |\n  TO\n  DO\n")
@example(text="a: TO\n  DO\n")
def test_text_found_plain_has_no_placeholder_or_hidden_character(text):
    """_plain looks at a document's text instead of its values: it may say True only when
    no value starts with TODO or holds a hidden character."""
    with cli_stack():
        doc, _problem = parse_yaml(text, PATH)
    if doc is not None and validate_module._plain(text):
        for value in strings_of(doc.data):
            assert not value.lstrip().startswith("TODO") and not hidden_characters(value), value


def test_collector_is_restored(tmp_path):
    """load and validate pause the garbage collector, and leave it as they found it."""
    write_tree(tmp_path, VALID)
    assert gc.isenabled()
    load.load_content(tmp_path / "content", tmp_path)
    assert gc.isenabled()
    with load.collector_paused():
        validate_module.validate(load.load_content(tmp_path / "content", tmp_path))
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        load.load_content(tmp_path / "content", tmp_path)
        assert not gc.isenabled()
    finally:
        gc.enable()
