"""Known names in running text: which places, people and organizations a text mentions.

Matching is by whole word, ignoring case and apostrophes, so "Kupyansk",
"Kup'iansk" and "KUPIANSK" all find the record that lists them.

Every name goes into one Aho-Corasick automaton (pyahocorasick), which finds
all of them in a single pass over a text whatever their number. A regular
expression with one alternative per name, as this was before, took 5 s and
241 MB to compile for 10,000 names and then tried every name at every word.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import ahocorasick

from .models import Named

APOSTROPHES = "'’ʼ`"
MENTION_KINDS = ("places", "people", "organizations")
_DROP_APOSTROPHES = str.maketrans("", "", APOSTROPHES)


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
        folded, dropped_before, origin = _fold(text)
        candidates = []
        # Word tests are written out in the loops, not called: a 20,000-page archive has a million matches.
        if dropped_before is None and origin is None:  # positions are the text's own
            length = len(folded)
            for last, key in self.automaton.iter(folded):
                end = last + 1
                start = end - len(key)
                if start and ((character := folded[start - 1]).isalnum() or character == "_"):
                    continue
                if end < length and ((character := folded[end]).isalnum() or character == "_"):
                    continue
                candidates.append((start, -end, key))
        else:
            length = len(text)
            for last, key in self.automaton.iter(folded):
                start = last - len(key) + 1
                if origin is None:
                    start, end = start + bisect_right(dropped_before, start), last + bisect_right(dropped_before, last) + 1
                else:
                    start, end = origin[start], origin[last] + 1
                if start and ((character := text[start - 1]).isalnum() or character == "_"):
                    continue
                if end < length:
                    character = text[end]
                    if character in APOSTROPHES:
                        # "Kupiansk'" ends with its apostrophe; "Kupiansk's" ends before it.
                        if not (end + 1 < length and ((character := text[end + 1]).isalnum() or character == "_")):
                            end += 1
                    elif character.isalnum() or character == "_":
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


def _fold(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """The text as names are compared (casefolded, no apostrophes), and how a position in it
    goes back to the text: plus the number of apostrophes dropped up to it (a list to bisect),
    or by a list of positions when casefolding changed the length. Both None when positions agree."""
    folded = text.casefold()
    if len(folded) == len(text):
        dropped = sorted(position for apostrophe in APOSTROPHES for position in _positions(text, apostrophe))
        if not dropped:
            return folded, None, None
        # The n-th kept character is at n plus the number of apostrophes before it.
        for apostrophe in APOSTROPHES:
            folded = folded.replace(apostrophe, "")
        return folded, [position - index for index, position in enumerate(dropped)], None
    # Casefolding changed the length ("ß" becomes "ss"): map character by character.
    characters, origin = [], []
    for index, character in enumerate(text):
        if character in APOSTROPHES:
            continue
        for folded_character in character.casefold():
            characters.append(folded_character)
            origin.append(index)
    return "".join(characters), None, origin


def _positions(text: str, character: str):
    # str.find skips ahead in C; a regular expression steps through all 6,000 characters of a report.
    position = text.find(character)
    while position >= 0:
        yield position
        position = text.find(character, position + 1)
