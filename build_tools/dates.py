"""Dates as reports give them: a day, a month or only a year.

The precision is what the contributor wrote (2024-11-13 is a day, 2022-09 a
month), so a record never claims more than its source knows.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

_FUZZY_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class FuzzyDay:
    first: dt.date
    last: dt.date
    precision: str  # day | month | year
    text: str

    def display(self) -> str:
        if self.precision == "day":
            return f"{self.first.day} {self.first:%B %Y}"
        if self.precision == "month":
            return f"{self.first:%B %Y}"
        return str(self.first.year)


def parse_fuzzy_date(text: str) -> FuzzyDay:
    """Parse YYYY-MM-DD, YYYY-MM or YYYY; raise ValueError naming the problem."""
    match = _FUZZY_RE.match(str(text))
    if not match:
        raise ValueError(f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    if month is None:
        return FuzzyDay(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", text)
    days_in_month = calendar.monthrange(year, month)[1]
    if day is None:
        return FuzzyDay(dt.date(year, month, 1), dt.date(year, month, days_in_month), "month", text)
    if not 1 <= day <= days_in_month:
        raise ValueError(f"{text!r} is not a real day: {calendar.month_name[month]} {year} has {days_in_month} days")
    return FuzzyDay(dt.date(year, month, day), dt.date(year, month, day), "day", text)


def _check(text: str) -> str:
    parse_fuzzy_date(text)
    return text


def _year_as_text(value: object) -> object:
    # YAML reads `date: 2022` as a number; a bare year is a date of year precision.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999 else value


FUZZY_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

FuzzyDate = Annotated[
    str,
    BeforeValidator(_year_as_text),
    Field(pattern=FUZZY_PATTERN, examples=["2024-11-13", "2022-09"]),
    AfterValidator(_check),
    # What an editor sees: the pattern (pydantic drops it behind the before-validator),
    # and a bare year, which YAML reads as a number.
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": FUZZY_PATTERN}, {"type": "integer", "minimum": 1000, "maximum": 9999}], "examples": ["2024-11-13", "2022-09", 2022]}),
]
