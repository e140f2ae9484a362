"""Known names in running text: which places, people and organizations a text mentions.

Matching is by whole word, ignoring case and apostrophes, so "Kupyansk",
"Kup'iansk" and "KUPIANSK" all find the record that lists them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Named

APOSTROPHES = "'’ʼ`"
MENTION_KINDS = ("places", "people", "organizations")


def _label_pattern(label: str) -> str:
    parts = []
    for char in label:
        if char in APOSTROPHES:
            continue
        parts.append(re.escape(char) + f"[{APOSTROPHES}]?")
    return "".join(parts)


@dataclass
class MentionIndex:
    labels: dict[str, tuple[str, str]]  # casefolded label without apostrophes -> (kind, id)
    pattern: re.Pattern | None

    @classmethod
    def from_records(cls, records: dict[str, dict[str, Named]]) -> MentionIndex:
        labels: dict[str, tuple[str, str]] = {}
        for kind in MENTION_KINDS:
            for record_id, model in sorted(records.get(kind, {}).items()):
                for label in [model.name, *model.aliases]:
                    key = "".join(ch for ch in label if ch not in APOSTROPHES).casefold()
                    if len(key) >= 3:
                        labels.setdefault(key, (kind, record_id))
        if not labels:
            return cls(labels, None)
        alternatives = sorted(labels, key=lambda key: (-len(key), key))
        body = "|".join(_label_pattern(key) for key in alternatives)
        return cls(labels, re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE))

    def resolve(self, matched: str) -> tuple[str, str]:
        return self.labels["".join(ch for ch in matched if ch not in APOSTROPHES).casefold()]

    def spans(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, kind, id) of every mention, longest names first, no overlaps."""
        if self.pattern is None:
            return []
        return [(m.start(), m.end(), *self.resolve(m.group(0))) for m in self.pattern.finditer(text)]

    def find(self, text: str) -> dict[str, list[str]]:
        found: dict[str, set[str]] = {kind: set() for kind in MENTION_KINDS}
        for _start, _end, kind, record_id in self.spans(text):
            found[kind].add(record_id)
        return {kind: sorted(ids) for kind, ids in found.items()}
