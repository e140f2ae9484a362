"""Latin spellings of Cyrillic names, so a reader finds Купʼянськ by typing
Kupiansk, Kupyansk or Kupjansk, and Зеленський by Zelenskyy or Selenskyj.

Each scheme is one that newsrooms and references actually use: Ukraine's
official 2010 system, BGN/PCGN (English-language media), a j-based one
(German, Polish and Scandinavian media, scholarly transliteration) and the
common English romanisation of Russian. Apostrophes and soft signs are
dropped, as readers type them.
"""

from __future__ import annotations

import re

_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "y",
    "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ʼ": "", "'": "", "’": "",
    "ы": "y", "э": "e", "ъ": "", "ё": "yo",
}
# letter: (at the start of a word, elsewhere)
SCHEMES: dict[str, dict[str, tuple[str, str]]] = {
    "ukrainian-national": {"є": ("ye", "ie"), "ї": ("yi", "i"), "й": ("y", "i"), "ю": ("yu", "iu"), "я": ("ya", "ia")},
    "bgn-pcgn": {"є": ("ye", "ye"), "ї": ("yi", "yi"), "й": ("y", "y"), "ю": ("yu", "yu"), "я": ("ya", "ya")},
    "j-based": {"є": ("je", "je"), "ї": ("ji", "ji"), "й": ("j", "j"), "ю": ("ju", "ju"), "я": ("ja", "ja"), "х": ("ch", "ch")},
    "russian-english": {"г": ("g", "g"), "е": ("ye", "e"), "й": ("y", "y"), "ю": ("yu", "yu"), "я": ("ya", "ya"), "и": ("i", "i")},
}
# German-language media also write з as s, ж as sh, ш as sch, ч as tsch: Selenskyj.
_GERMAN = {"з": "s", "ж": "sch", "ш": "sch", "ч": "tsch", "в": "w", "ц": "z", "й": "j", "я": "ja", "ю": "ju", "є": "je", "ї": "ji", "х": "ch", "и": "y"}
_ENDINGS = {"russian-english": [("iy", "y"), ("yy", "y")]}

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _convert(word: str, table: dict[str, tuple[str, str]], plain: dict[str, str]) -> str:
    out = []
    for position, letter in enumerate(word):
        lower = letter.lower()
        if lower in table:
            latin = table[lower][0 if position == 0 or not word[position - 1].isalpha() else 1]
        else:
            latin = plain.get(lower, letter)
        if letter.isupper() and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
    return "".join(out)


def latin_spellings(name: str) -> list[str]:
    """Every scheme's spelling of a Cyrillic name (none for a Latin one), without duplicates."""
    if not CYRILLIC.search(name):
        return []
    spellings = []
    for scheme, table in SCHEMES.items():
        spelling = _convert(name, table, _COMMON)
        spellings.append(spelling)
        for ending, shorter in _ENDINGS.get(scheme, []):
            shortened = re.sub(ending + r"\b", shorter, spelling)
            spellings.append(shortened)
    spellings.append(_convert(name, {}, {**_COMMON, **_GERMAN}))
    seen, unique = set(), []
    for spelling in spellings:
        spelling = re.sub(r"\s+", " ", spelling).strip()
        if spelling and not CYRILLIC.search(spelling) and spelling.casefold() not in seen:
            seen.add(spelling.casefold())
            unique.append(spelling)
    return unique


def search_names(name: str, aliases: list[str]) -> list[str]:
    """The name, its aliases and the Latin spellings of any Cyrillic among them."""
    names, seen = [], set()
    for candidate in [name, *aliases, *(spelling for alias in [name, *aliases] for spelling in latin_spellings(alias))]:
        if candidate.casefold() not in seen:
            seen.add(candidate.casefold())
            names.append(candidate)
    return names
