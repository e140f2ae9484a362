"""Publication dates and bylines as pages print them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

# Month names as news pages print them: full, declined (genitive) and abbreviated forms.
# No spelling means two different months across these languages (a test checks), so one
# lookup serves a page whatever its language; Latin "listopad" is Croatian October,
# Cyrillic "листопад" Ukrainian November.
_MONTH_NAMES = {
    "en": [
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
    ],
    "uk": [
        ("січень", "січня"), ("лютий", "лютого"), ("березень", "березня"), ("квітень", "квітня"),
        ("травень", "травня"), ("червень", "червня"), ("липень", "липня"), ("серпень", "серпня"),
        ("вересень", "вересня"), ("жовтень", "жовтня"), ("листопад", "листопада"), ("грудень", "грудня"),
    ],
    "ru": [
        ("январь", "января"), ("февраль", "февраля"), ("март", "марта"), ("апрель", "апреля"),
        ("май", "мая"), ("июнь", "июня"), ("июль", "июля"), ("август", "августа"),
        ("сентябрь", "сентября"), ("октябрь", "октября"), ("ноябрь", "ноября"), ("декабрь", "декабря"),
    ],
    # Serbian, Bosnian and Montenegrin: the international names, Latin and Cyrillic.
    "sr": [
        ("januar", "januara", "јануар", "јануара"), ("februar", "februara", "фебруар", "фебруара"),
        ("mart", "marta", "март", "марта"), ("april", "aprila", "април", "априла"),
        ("maj", "maja", "мај", "маја"), ("jun", "juna", "juni", "јун", "јуна"),
        ("jul", "jula", "juli", "јул", "јула"), ("avgust", "avgusta", "august", "augusta", "август", "августа"),
        ("septembar", "septembra", "септембар", "септембра"), ("oktobar", "oktobra", "октобар", "октобра"),
        ("novembar", "novembra", "новембар", "новембра"), ("decembar", "decembra", "децембар", "децембра"),
    ],
    "hr": [
        ("siječanj", "siječnja"), ("veljača", "veljače"), ("ožujak", "ožujka"), ("travanj", "travnja"),
        ("svibanj", "svibnja"), ("lipanj", "lipnja"), ("srpanj", "srpnja"), ("kolovoz", "kolovoza"),
        ("rujan", "rujna"), ("listopad", "listopada"), ("studeni", "studenoga", "studenog"), ("prosinac", "prosinca"),
    ],
    "de": [
        ("januar", "jänner", "jan"), ("februar", "feb"), ("märz", "mär", "mrz"), ("april", "apr"),
        ("mai",), ("juni", "jun"), ("juli", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nov"), ("dezember", "dez"),
    ],
    "fr": [
        ("janvier", "janv"), ("février", "févr"), ("mars",), ("avril", "avr"),
        ("mai",), ("juin",), ("juillet", "juil"), ("août",),
        ("septembre", "sept"), ("octobre", "oct"), ("novembre", "nov"), ("décembre", "déc"),
    ],
    "it": [
        ("gennaio", "gen"), ("febbraio", "feb"), ("marzo", "mar"), ("aprile", "apr"),
        ("maggio", "mag"), ("giugno", "giu"), ("luglio", "lug"), ("agosto", "ago"),
        ("settembre", "set"), ("ottobre", "ott"), ("novembre", "nov"), ("dicembre", "dic"),
    ],
    "pt": [
        ("janeiro", "jan"), ("fevereiro", "fev"), ("março", "mar"), ("abril", "abr"),
        ("maio", "mai"), ("junho", "jun"), ("julho", "jul"), ("agosto", "ago"),
        ("setembro", "set"), ("outubro", "out"), ("novembro", "nov"), ("dezembro", "dez"),
    ],
    "es": [
        ("enero", "ene"), ("febrero", "feb"), ("marzo", "mar"), ("abril", "abr"),
        ("mayo", "may"), ("junio", "jun"), ("julio", "jul"), ("agosto", "ago"),
        ("septiembre", "setiembre", "sep", "sept"), ("octubre", "oct"), ("noviembre", "nov"), ("diciembre", "dic"),
    ],
}
MONTHS = {
    name: number
    for months in _MONTH_NAMES.values()
    for number, names in enumerate(months, start=1)
    for name in names
}
# Full names only: "Sun", "Do" or "Mi" before a number are too often something else.
_WEEKDAYS = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
           "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"),
    "uk": ("понеділок", "вівторок", "середа", "четвер", "п'ятниця", "п’ятниця", "субота", "неділя"),
    "ru": ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"),
    "sr": ("ponedjeljak", "ponedeljak", "utorak", "srijeda", "sreda", "četvrtak", "petak", "subota", "nedjelja", "nedelja",
           "понедељак", "уторак", "среда", "четвртак", "петак", "субота", "недеља"),
    "de": ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "pt": ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
# Labels a dateline may carry; they go with the date, so `rest` is what else the line says.
_DATE_LABELS = {
    "en": ("published", "published on", "updated", "updated on", "last updated", "posted", "posted on", "date"),
    "sr": ("objavljeno", "ažurirano", "datum", "објављено", "ажурирано", "датум"),
    "uk": ("опубліковано", "оновлено", "дата"),
    "ru": ("опубликовано", "обновлено", "дата"),
    "de": ("veröffentlicht", "veröffentlicht am", "aktualisiert", "aktualisiert am", "stand", "datum"),
    "fr": ("publié", "publié le", "mis à jour", "mis à jour le", "date"),
    "it": ("pubblicato", "pubblicato il", "aggiornato", "aggiornato il", "data"),
    "pt": ("publicado", "publicado em", "atualizado", "atualizado em", "data"),
    "es": ("publicado", "publicado el", "actualizado", "actualizado el", "fecha"),
}
# How a locale reads 03/04/2024, by full tag and then by language. Plain "en" is absent on
# purpose: British and American pages both say "en", and they read it differently.
_SLASH_ORDER = {
    "en-us": "month-first",
    **dict.fromkeys(("en-gb", "en-ie", "en-au", "en-nz", "en-in"), "day-first"),
    **dict.fromkeys(("uk", "ru", "sr", "hr", "bs", "me", "cnr", "de", "fr", "it", "pt", "es"), "day-first"),
}


def _alternation(words) -> str:
    """A regex for any of the words, shaped as a trie.

    re tries a flat alternation's branches one by one at every word boundary; with a few
    hundred month and weekday names that made the date search four times slower.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def branch(node: dict) -> str:
        alternatives = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
        # Optional and greedy: the longest word wins ("sept" over "sep", "published on" over "published").
        return f"(?:{body})?" if "" in node else body

    return branch(tree)


_MONTH_ALT = _alternation(MONTHS)
_WEEKDAY_ALT = _alternation(day for days in _WEEKDAYS.values() for day in days)
_LABEL_RE = re.compile(
    rf"^(?:{_alternation(label for labels in _DATE_LABELS.values() for label in labels)})(?!\w)\s*:?\s*",
    re.IGNORECASE,
)
_ORDINAL = r"(?:st|nd|rd|th|er|º)?"
# "р." / "року", "г." / "года", "godine" after the year belong to the date.
_YEAR_WORD = r"(?:\.?\s?(?:р\.|г\.|god\.|год\.|(?:року|года|godine|године)\b))?\.?"
_TIME = (
    r"(?:,?\s*(?:(?:at|à|alle|às|a las|um|u|о|в)\s+)?\d{1,2}(?:[:.]\d{2}(?::\d{2})?|h\d{2})"
    r"(?:\s*(?:[ap]\.?m\.?|h|uhr))?(?:\s*(?:UTC|GMT|CET|CEST|EET|EEST|Kyiv time)(?:[+-]\d{1,2})?)?)?"
)
# One pass over the line finds the leftmost candidate of any format. Group names say
# which field they hold; the part after "_" only keeps them unique across formats.
_DATE_RE = re.compile(
    rf"(?:\b(?:{_WEEKDAY_ALT})\b\.?,?\s+)?(?:"
    # November 14, 2024 11:39 AM; Nov. 14th 2024
    rf"\b(?P<month_mdy>{_MONTH_ALT})\b\.?\s+(?P<day_mdy>\d{{1,2}}){_ORDINAL},?\s+(?P<year_mdy>\d{{4}})"
    # 14 November 2024; 14. studenoga 2024.; 14 de noviembre de 2024; 14 листопада 2024 р.
    rf"|\b(?P<day_dmy>\d{{1,2}}){_ORDINAL}\.?\s*(?:(?:de|of)\s+)?(?P<month_dmy>{_MONTH_ALT})\b\.?,?\s+(?:del?\s+)?(?P<year_dmy>\d{{4}})"
    # 14.11.2024. and 14. 11. 2024.: day first wherever it is printed
    rf"|\b(?P<day_dots>\d{{1,2}})\.\s?(?P<month_dots>\d{{1,2}})\.\s?(?P<year_dots>\d{{4}})"
    # 03/04/2024: the order is settled by the numbers or the locale, see _slash_day_month
    rf"|\b(?P<first_slash>\d{{1,2}})/(?P<second_slash>\d{{1,2}})/(?P<year_slash>\d{{4}})"
    # 2024-11-14, 2024-11-14T10:00:00+02:00
    rf"|\b(?P<year_iso>\d{{4}})-(?P<month_iso>\d{{2}})-(?P<day_iso>\d{{2}})(?:T\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"
    rf")(?!\d){_YEAR_WORD}{_TIME}",
    re.IGNORECASE,
)
# Every format has a four-digit year; most lines have none and skip the big pattern.
_YEAR_RE = re.compile(r"\d{4}")


def _slash_day_month(first: int, second: int, locale: str | None) -> tuple[int, int] | None:
    """(day, month) of FIRST/SECOND/YEAR, or None when both readings are real dates and the locale does not choose."""
    if not (1 <= first <= 12 and 1 <= second <= 12) or first == second:
        # At most one reading can be a date (or both are the same one).
        return (second, first) if second > 12 else (first, second)
    tag = (locale or "").replace("_", "-").split(".")[0].lower()
    order = _SLASH_ORDER.get(tag) or _SLASH_ORDER.get(tag.split("-")[0])
    if order is None:
        return None
    return (second, first) if order == "month-first" else (first, second)


def _dates_in_line(line: str, locale: str | None) -> Iterator[tuple[re.Match, dt.date | None]]:
    """(match, date) for each real date in the line, left to right; date is None for an unresolvable slash date."""
    if not _YEAR_RE.search(line):
        return
    for match in _DATE_RE.finditer(line):
        fields = {name.partition("_")[0]: value for name, value in match.groupdict().items() if value}
        year = int(fields["year"])
        if "first" in fields:
            day_month = _slash_day_month(int(fields["first"]), int(fields["second"]), locale)
            if day_month is None:
                yield match, None
                continue
            day, month = day_month
        else:
            day = int(fields["day"])
            # re's case-insensitive match is looser than casefold() ("APRİL"): an unknown spelling is month 0, no date.
            month = int(fields["month"]) if fields["month"].isdigit() else MONTHS.get(fields["month"].casefold(), 0)
        try:
            yield match, dt.date(year, month, day)
        except ValueError:  # 31.02.2024, month 13: not a date, look further along the line
            continue


def find_date_in_line(line: str, locale: str | None = None) -> tuple[str, str] | None:
    """Return (YYYY-MM-DD, the line without the date and its label) for the first real date.

    Month names of every supported language are read whatever the locale; the locale
    only settles slash dates like 03/04/2024 (see ambiguous_date_in_line).
    """
    for match, day in _dates_in_line(line, locale):
        if day is not None:
            rest = (line[: match.start()] + line[match.end():]).strip()
            return day.isoformat(), _LABEL_RE.sub("", rest).strip()
    return None


def ambiguous_date_in_line(line: str, locale: str | None = None) -> str | None:
    """The first slash date ("03/04/2024") that could be 3 April or 4 March and the locale does not settle."""
    for match, day in _dates_in_line(line, locale):
        if day is None:
            return line[match.start("first_slash"): match.end("year_slash")]
    return None


# Only English bylines put the month right after the name ("by Jane Doe Nov. 14"), so only
# English month names end a name.
_ENGLISH_MONTH_ALT = _alternation(name for names in _MONTH_NAMES["en"] for name in names)
_WORD = rf"(?!(?:{_ENGLISH_MONTH_ALT})\b)[A-ZÀ-ÖØ-ÞĀ-ſА-ЯІЇЄҐ][\w'’.-]+"
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
