"""Recognise article bodies that repeat another article's text.

Two bodies are duplicates when most of the shorter one's word 5-grams
("shingles") also occur in the other: the same wire story run by several
outlets, or a live page whose top story is another page nearly word for word.
Five words in a row rarely repeat by chance, so a report of the same event in
different words shares almost none, however alike the facts.

The test is containment (the share of one text's shingles found in the other),
not only Jaccard (shared over all shingles of both), because a page that quotes
a story among other news dilutes their Jaccard with everything else it says.
The Kyiv Independent's Kupiansk story is 0.87 contained in the Nov. 14 digest
that leads with it, yet their Jaccard is only 0.16.

Lookups go through an inverted index from shingle to article ids: a query
touches only the articles that share at least one shingle with it and counts
the exact number shared. MinHash with LSH would use less memory but estimates
Jaccard, which is the wrong figure for a short story inside a long digest.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain
from typing import Literal

SHINGLE_WORDS = 5
# Both texts must have this share of their shingles in the other to be one text:
# copies differ by a changed word or a sentence here and there, not more.
SAME_TEXT = 0.9
# A headline (about 10 to 15 words) may be repeated in a digest's list of stories
# without the pages being copies, so fewer shared shingles than this never match.
MIN_SHARED_SHINGLES = 10

Relation = Literal["same text", "contains it", "contained in"]

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_LIST_NUMBER = re.compile(r"^[ \t]*\d+[.)][ \t]", re.MULTILINE)
# Soft hyphens and zero-width characters from web pages would split words in two.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# ʼ and ʻ are letters to the regex engine, so unlike curly quotes they do not
# fall out as punctuation; all apostrophes become one before they are dropped.
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\u02bb`\u00b4\u2032", "'"))
# Inside a word the apostrophe goes, so "Ukraine's" and "Ukraine’s" give one
# word, as do the Ukrainian spellings п'ять, п’ять and пʼять.
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W_])'(?=[^\W_])")
# \w without the underscore: an escaped `\_` or a `__bold__` marker must not glue words.
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    shingles: frozenset[int]  # 64-bit BLAKE2b of each run of five words, joined by spaces
    word_count: int


@dataclass(frozen=True, slots=True)
class Overlap:
    shared: int
    containment_a: float  # share of a's shingles found in b
    containment_b: float  # share of b's shingles found in a
    jaccard: float


@dataclass(frozen=True, slots=True)
class Match:
    article_id: str
    relation: Relation  # what the queried text is to this article
    overlap: Overlap  # a is the queried text, b the article


def words(text: str) -> list[str]:
    """The words of a Markdown body, as they read, in lower case and any script."""
    text = _IMAGE.sub(" ", text)
    text = _LINK_TARGET.sub("]", text)
    text = _HTML_TAG.sub(" ", text)
    text = _LIST_NUMBER.sub(" ", text)
    # Apostrophes first: NFKC would turn ´ into a space and a combining accent.
    text = html.unescape(text).translate(_APOSTROPHES).translate(_INVISIBLE)
    # NFKC composes accents that some pages send as separate combining marks,
    # which the word pattern would otherwise treat as breaks.
    text = _INNER_APOSTROPHE.sub("", unicodedata.normalize("NFKC", text))
    # Escapes (\*), headings (##), list dashes and quotes are not word characters
    # and fall out here.
    return _WORD.findall(text.casefold())


def fingerprint(text: str) -> Fingerprint:
    tokens = words(text)
    last_start = max(len(tokens) - SHINGLE_WORDS, 0)
    windows = (tokens[start : start + SHINGLE_WORDS] for start in range(last_start + 1)) if tokens else ()
    return Fingerprint(frozenset(map(_stable_hash, windows)), len(tokens))


def compare(a: Fingerprint, b: Fingerprint) -> Overlap:
    return _overlap(len(a.shingles & b.shingles), len(a.shingles), len(b.shingles))


class DuplicateIndex:
    """Articles' shingles, for finding which of them a new text repeats or contains."""

    def __init__(self, bodies: Mapping[str, str] | None = None) -> None:
        self._postings: dict[int, list[str]] = {}
        self._sizes: dict[str, int] = {}
        for article_id, body in (bodies or {}).items():
            self.add(article_id, body)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._sizes

    def add(self, article_id: str, body: str) -> None:
        if article_id in self._sizes:
            # Its shingles are already counted once; a second set would double every overlap.
            raise ValueError(f"article {article_id!r} is already in the index")
        shingles = fingerprint(body).shingles
        self._sizes[article_id] = len(shingles)
        for shingle in shingles:
            self._postings.setdefault(shingle, []).append(article_id)

    def find(self, text: str, min_containment: float = 0.5) -> list[Match]:
        """Articles sharing at least min_containment of the shorter text's shingles, best first."""
        query = fingerprint(text).shingles
        shared_by_article = Counter(chain.from_iterable(self._postings.get(shingle, ()) for shingle in query))
        matches = []
        for article_id, shared in shared_by_article.items():
            if shared < MIN_SHARED_SHINGLES:
                continue
            overlap = _overlap(shared, len(query), self._sizes[article_id])
            if max(overlap.containment_a, overlap.containment_b) >= min_containment:
                matches.append(Match(article_id, _relation(overlap), overlap))
        matches.sort(key=_rank)
        return matches


def _stable_hash(window: Iterable[str]) -> int:
    # Python's hash() of a str changes with every process; fingerprints must not.
    digest = hashlib.blake2b(" ".join(window).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _overlap(shared: int, size_a: int, size_b: int) -> Overlap:
    union = size_a + size_b - shared
    return Overlap(
        shared=shared,
        containment_a=shared / size_a if size_a else 0.0,
        containment_b=shared / size_b if size_b else 0.0,
        jaccard=shared / union if union else 0.0,
    )


def _relation(overlap: Overlap) -> Relation:
    if min(overlap.containment_a, overlap.containment_b) >= SAME_TEXT:
        return "same text"
    # The shorter text is the one whose shingles are mostly found in the other.
    return "contains it" if overlap.containment_b >= overlap.containment_a else "contained in"


def _rank(match: Match) -> tuple[float, float, str]:
    overlap = match.overlap
    return (-max(overlap.containment_a, overlap.containment_b), -overlap.jaccard, match.article_id)
