"""Known names in running text: which places, people and organizations a text mentions.

Matching is by whole word, ignoring case and apostrophes, so "Kupyansk",
"Kup'iansk" and "KUPIANSK" all find the record that lists them.

Every name goes into one Aho-Corasick automaton (pyahocorasick), which finds
all of them in a single pass over a text whatever their number. A regular
expression with one alternative per name, as this was before, took 5 s and
241 MB to compile for 10,000 names and then tried every name at every word.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import ahocorasick

from .models import Named

APOSTROPHES = "'’ʼ`"
MENTION_KINDS = ("places", "people", "organizations")
_DROP_APOSTROPHES = str.maketrans("", "", APOSTROPHES)
_APOSTROPHE = re.compile(f"[{APOSTROPHES}]")


def label_key(label: str) -> str:
    """How a name is compared: casefolded, apostrophes left out."""
    return label.translate(_DROP_APOSTROPHES).casefold()


@dataclass
class MentionIndex:
    labels: dict[str, tuple[str, str]]  # label_key -> (kind, id)
    automaton: ahocorasick.Automaton | None

    @classmethod
    def from_records(cls, records: dict[str, dict[str, Named]]) -> MentionIndex:
        labels: dict[str, tuple[str, str]] = {}
        for kind in MENTION_KINDS:
            for record_id, model in sorted(records.get(kind, {}).items()):
                for label in [model.name, *model.aliases]:
                    key = label_key(label)
                    if len(key) >= 3:
                        labels.setdefault(key, (kind, record_id))
        if not labels:
            return cls(labels, None)
        automaton = ahocorasick.Automaton()
        for key in labels:
            automaton.add_word(key, key)
        automaton.make_automaton()
        return cls(labels, automaton)

    def resolve(self, matched: str) -> tuple[str, str]:
        return self.labels[label_key(matched)]

    def spans(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, kind, id) of every mention, leftmost first and longest name first
        where names overlap, as whole words."""
        if self.automaton is None:
            return []
        folded, position_in_text = _fold(text)
        candidates = []
        if position_in_text is None:  # the common case: positions are the text's own
            length = len(folded)
            for last, key in self.automaton.iter(folded):
                start, end = last - len(key) + 1, last + 1
                if (start and _is_word(folded[start - 1])) or (end < length and _is_word(folded[end])):
                    continue
                candidates.append((start, -end, key))
        else:
            for last, key in self.automaton.iter(folded):
                start, end = position_in_text(last - len(key) + 1), position_in_text(last) + 1
                if start and _is_word(text[start - 1]):
                    continue
                if end < len(text) and text[end] in APOSTROPHES and not (end + 1 < len(text) and _is_word(text[end + 1])):
                    end += 1  # "Kupiansk'" ends with its apostrophe; "Kupiansk's" ends before it
                elif end < len(text) and _is_word(text[end]):
                    continue
                candidates.append((start, -end, key))
        found, covered = [], 0
        for start, negative_end, key in sorted(candidates):
            if start >= covered:
                found.append((start, -negative_end, *self.labels[key]))
                covered = -negative_end
        return found

    def find(self, text: str) -> dict[str, list[str]]:
        found: dict[str, set[str]] = {kind: set() for kind in MENTION_KINDS}
        for _start, _end, kind, record_id in self.spans(text):
            found[kind].add(record_id)
        return {kind: sorted(ids) for kind, ids in found.items()}


def _is_word(character: str) -> bool:
    """Regular expressions' \\w, without a regular expression."""
    return character.isalnum() or character == "_"


def _fold(text: str):
    """The text as names are compared (casefolded, no apostrophes), and a function from
    a position in it back to the position in the text (None when they are the same)."""
    folded = text.casefold()
    if len(folded) == len(text):
        dropped = [match.start() for match in _APOSTROPHE.finditer(text)]
        if not dropped:
            return folded, None
        # The n-th kept character is at n plus the number of apostrophes before it.
        kept_before = [position - index for index, position in enumerate(dropped)]
        return _APOSTROPHE.sub("", folded), lambda position: position + bisect.bisect_right(kept_before, position)
    # Casefolding changed the length ("ß" becomes "ss"): map character by character.
    characters, origin = [], []
    for index, character in enumerate(text):
        if character in APOSTROPHES:
            continue
        for folded_character in character.casefold():
            characters.append(folded_character)
            origin.append(index)
    return "".join(characters), origin.__getitem__
