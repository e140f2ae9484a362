"""Publication dates and bylines as pages print them."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?|h)?(?:\s*(?:UTC|GMT|CET|EET|EEST|CEST|Kyiv time)(?:[+-]\d{1,2})?)?)?"
# Labels a dateline may carry, in the languages the archive's outlets use.
_LABELS = r"(?:published|updated|posted|last updated|date|ažurirano|objavljeno|опубліковано|оновлено|опубликовано|обновлено)\s*:?\s*"

_PATTERNS = [
    # November 14, 2024 11:39 AM
    (re.compile(rf"\b({_MONTH_ALT})\.? (\d{{1,2}}),? (\d{{4}}){_TIME}", re.IGNORECASE), ("month", "day", "year")),
    # 14 November 2024
    (re.compile(rf"\b(\d{{1,2}}) ({_MONTH_ALT})\.?,? (\d{{4}}){_TIME}", re.IGNORECASE), ("day", "month", "year")),
    # 14.11.2024. 15:10h (South Slavic and Ukrainian order: day first)
    (re.compile(rf"\b(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}})\.?{_TIME}"), ("day", "month", "year")),
    # 2024-11-14
    (re.compile(rf"\b(\d{{4}})-(\d{{2}})-(\d{{2}})(?:T\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?{_TIME}"), ("year", "month", "day")),
]


def find_date_in_line(line: str) -> tuple[str, str] | None:
    """Return (YYYY-MM-DD, the line without the date and its label) for the first real date."""
    for pattern, order in _PATTERNS:
        for match in pattern.finditer(line):
            parts = dict(zip(order, match.groups()))
            month = parts["month"]
            month_number = MONTHS.get(month.lower().rstrip(".")) if not month.isdigit() else int(month)
            try:
                day = dt.date(int(parts["year"]), month_number or 0, int(parts["day"]))
            except ValueError:
                continue
            rest = (line[: match.start()] + line[match.end():]).strip()
            rest = re.sub(rf"^{_LABELS}", "", rest, flags=re.IGNORECASE).strip()
            return day.isoformat(), rest
    return None


_WORD = rf"(?!(?:{_MONTH_ALT})\b)[A-ZÀ-ÖØ-ÞĀ-ſА-ЯІЇЄҐ][\w'’.-]+"
_NAME = rf"{_WORD}(?: {_WORD}){{1,3}}"
_BY_RE = re.compile(rf"^(?:by|від|автор)\s+({_NAME}(?:(?:,| and| &) {_NAME})*)(.*)$", re.IGNORECASE)
_AUTHOR_RE = re.compile(rf"^(?:authors?|written by|reporting by)\s*:\s*({_NAME}(?:(?:,| and| &) {_NAME})*)\s*$", re.IGNORECASE)


def find_authors_in_line(line: str) -> tuple[list[str] | None, str]:
    """`by NAME November 14, ...` or `Author: NAME` -> ([NAME], rest of the line)."""
    match = _AUTHOR_RE.match(line) or _BY_RE.match(line)
    if not match:
        return None, line
    names_part = match.group(1)
    rest = match.group(2) if match.re is _BY_RE else ""
    # A byline is short: "by the way, Russia said..." is a sentence, not a byline.
    if match.re is _BY_RE and rest and not find_date_in_line(rest) and len(rest.split()) > 3:
        return None, line
    names = [n.strip() for n in re.split(r",| and | & ", names_part) if n.strip()]
    return names, rest
