"""Publication dates in datelines and bylines: languages, numeric orders, ambiguity, labels."""

from __future__ import annotations

import pytest

from build_tools.metadata import _MONTH_NAMES, ambiguous_date_in_line, find_date_in_line


def date_of(line: str, locale: str | None = None) -> str | None:
    found = find_date_in_line(line, locale=locale)
    return found[0] if found else None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # English: full and abbreviated, with or without the dot, either order, ordinals
        ("November 14, 2024", "2024-11-14"),
        ("November 14, 2024 11:39 AM", "2024-11-14"),
        ("Nov. 14, 2024", "2024-11-14"),
        ("Nov 14 2024", "2024-11-14"),
        ("Sept. 3, 2024", "2024-09-03"),
        ("November 14th, 2024", "2024-11-14"),
        ("14 November 2024", "2024-11-14"),
        ("14 Nov 2024", "2024-11-14"),
        ("20th of November 2019", "2019-11-20"),
        # Ukrainian: genitive, nominative, "р." and "року"
        ("14 листопада 2024", "2024-11-14"),
        ("14 листопада 2024 р.", "2024-11-14"),
        ("14 листопада 2024 року", "2024-11-14"),
        ("14 листопад 2024", "2024-11-14"),
        ("1 березня 2022", "2022-03-01"),
        # Russian: genitive, nominative, "г." and "года"
        ("14 ноября 2024 г.", "2024-11-14"),
        ("14 ноября 2024 года", "2024-11-14"),
        ("14 ноябрь 2024", "2024-11-14"),
        ("9 мая 2024", "2024-05-09"),
        # Serbian, Bosnian, Montenegrin (Latin and Cyrillic) and Croatian
        ("14. novembar 2024.", "2024-11-14"),
        ("14. novembra 2024", "2024-11-14"),
        ("14. novembra 2024. godine", "2024-11-14"),
        ("4. jula 2024.", "2024-07-04"),
        ("4. juli 2024.", "2024-07-04"),
        ("14. новембар 2024.", "2024-11-14"),
        ("14. новембра 2024. године", "2024-11-14"),
        ("14. studenoga 2024.", "2024-11-14"),
        ("14. studenog 2024.", "2024-11-14"),
        ("14. listopada 2024.", "2024-10-14"),  # Croatian listopad is October, Ukrainian листопад November
        ("3. ožujka 2024.", "2024-03-03"),
        # German, French, Italian, Portuguese, Spanish
        ("14. November 2024", "2024-11-14"),
        ("3. März 2024", "2024-03-03"),
        ("14. Jänner 2024", "2024-01-14"),
        ("14. Dez. 2024", "2024-12-14"),
        ("14 novembre 2024", "2024-11-14"),
        ("1er février 2024", "2024-02-01"),
        ("15 août 2024", "2024-08-15"),
        ("3 marzo 2024", "2024-03-03"),
        ("14 dicembre 2024", "2024-12-14"),
        ("14 de novembro de 2024", "2024-11-14"),
        ("3 de março de 2024", "2024-03-03"),
        ("14 de noviembre de 2024", "2024-11-14"),
        ("3 de marzo del 2024", "2024-03-03"),
        # Case does not matter
        ("14 NOVEMBER 2024", "2024-11-14"),
        ("14 ЛИСТОПАДА 2024", "2024-11-14"),
        ("14 novembre 2024".upper(), "2024-11-14"),
    ],
)
def test_month_names(line, expected):
    assert date_of(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "14 Novembers 2024",  # whole words only
        "14 Marsch 2024",  # "mar" is a month, "Marsch" is not
        "14 Junebug 2024",
        "November 2024",  # no day
        "14 листопада",  # no year: the day alone cannot be placed
        "APRİL 14, 2024",  # re folds İ to i, casefold() does not: skipped, not a crash
    ],
)
def test_not_a_month_date(line):
    assert find_date_in_line(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Wednesday, November 20, 2019", "2019-11-20"),
        ("Wed, Nov 20, 2019", "2019-11-20"),
        ("Wednesday November 20, 2019", "2019-11-20"),
        ("Wednesday, 20th November 2019", "2019-11-20"),
        ("середа, 20 листопада 2019 р.", "2019-11-20"),
        ("п’ятниця, 22 листопада 2019", "2019-11-22"),
        ("среда, 20 ноября 2019 г.", "2019-11-20"),
        ("srijeda, 20. studenoga 2019.", "2019-11-20"),
        ("среда, 20. новембар 2019.", "2019-11-20"),
        ("Mittwoch, 20. November 2019", "2019-11-20"),
        ("Mittwoch, 20.11.2019", "2019-11-20"),
        ("mercredi 20 novembre 2019", "2019-11-20"),
        ("mercoledì 20 novembre 2019", "2019-11-20"),
        ("quarta-feira, 20 de novembro de 2019", "2019-11-20"),
        ("miércoles, 20 de noviembre de 2019", "2019-11-20"),
    ],
)
def test_weekday_goes_with_the_date(line, expected):
    """The weekday is part of the date, so a dateline that starts with one leaves nothing behind."""
    assert find_date_in_line(line) == (expected, "")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2024-11-14", "2024-11-14"),
        ("2024-11-14T10:00:00+02:00", "2024-11-14"),
        ("2024-11-14T10:00:00.123Z", "2024-11-14"),
        ("2024-11-14 10:00 UTC", "2024-11-14"),
        ("14.11.2024", "2024-11-14"),
        ("14.11.2024.", "2024-11-14"),
        ("14. 11. 2024.", "2024-11-14"),
        ("4.3.2024", "2024-03-04"),
        ("14.11.2024. 15:10h", "2024-11-14"),
        ("14.11.2024, 15:10 Uhr", "2024-11-14"),
    ],
)
def test_numeric_dates(line, expected):
    assert find_date_in_line(line) == (expected, "")


@pytest.mark.parametrize("locale", [None, "en", "en-US", "en-GB", "uk", "de"])
def test_dotted_dates_are_day_first_in_every_locale(locale):
    assert date_of("04.03.2024", locale) == "2024-03-04"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("21/06/2014", "2014-06-21"),  # 21 cannot be a month
        ("11/19/2019", "2019-11-19"),  # 19 cannot be a month
        ("03/03/2024", "2024-03-03"),  # both readings are the same day
        ("20/11/2019 / 11:54 am", "2019-11-20"),
    ],
)
@pytest.mark.parametrize("locale", [None, "en", "en-US", "en-GB", "uk"])
def test_slash_dates_the_numbers_settle(line, expected, locale):
    assert date_of(line, locale) == expected
    assert ambiguous_date_in_line(line, locale) is None


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en-US", "2024-03-04"),
        ("en_US.UTF-8", "2024-03-04"),
        ("en-GB", "2024-04-03"),
        ("en-AU", "2024-04-03"),
        ("uk", "2024-04-03"),
        ("ru", "2024-04-03"),
        ("sr", "2024-04-03"),
        ("hr", "2024-04-03"),
        ("bs", "2024-04-03"),
        ("me", "2024-04-03"),
        ("de-AT", "2024-04-03"),
        ("fr", "2024-04-03"),
        ("it", "2024-04-03"),
        ("pt-BR", "2024-04-03"),
        ("es", "2024-04-03"),
    ],
)
def test_locale_settles_an_ambiguous_slash_date(locale, expected):
    assert date_of("03/04/2024", locale) == expected
    assert ambiguous_date_in_line("03/04/2024", locale) is None


@pytest.mark.parametrize("locale", [None, "", "en", "en-CA", "ja"])
def test_unsettled_slash_date_is_reported_not_guessed(locale):
    line = "Published: Wednesday, 03/04/2024 10:00"
    assert find_date_in_line(line, locale=locale) is None
    assert ambiguous_date_in_line(line, locale) == "03/04/2024"
    assert ambiguous_date_in_line("3/4/2024", locale) == "3/4/2024"


def test_an_ambiguous_date_does_not_hide_a_clear_one():
    line = "Published 03/04/2024, updated 2024-04-05"
    assert date_of(line) == "2024-04-05"
    assert ambiguous_date_in_line(line) == "03/04/2024"


@pytest.mark.parametrize("line", ["11/13/19 11:00AM", "3/4/24", "14.11.24", "Daily Dawg Chow (11/20/19)"])
@pytest.mark.parametrize("locale", [None, "en-US", "en-GB"])
def test_two_digit_years_are_refused(line, locale):
    assert find_date_in_line(line, locale=locale) is None
    assert ambiguous_date_in_line(line, locale) is None


@pytest.mark.parametrize(
    "line",
    [
        "2 hours ago",
        "Updated 14 hours ago",
        "~3 days ago",
        "yesterday",
        "Yesterday 2:45PM",
        "Today",
        "вчора",
        "вчора о 15:10",
        "3 дні тому",
        "вчера",
        "2 часа назад",
        "jučer u 15:10",
        "gestern",
        "hier à 15h10",
        "ieri",
        "ontem",
        "ayer",
    ],
)
def test_relative_dates_are_not_dates(line):
    assert find_date_in_line(line) is None
    assert ambiguous_date_in_line(line) is None


@pytest.mark.parametrize(
    "line",
    ["31.02.2024", "14.13.2024", "February 30, 2024", "2024-13-01", "2024-02-30", "31/02/2024", "13/13/2024", "0/5/2024", "0000-01-01"],
)
@pytest.mark.parametrize("locale", [None, "en-US", "en-GB"])
def test_impossible_dates_are_skipped(line, locale):
    assert find_date_in_line(line, locale=locale) is None
    assert ambiguous_date_in_line(line, locale) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("31.02.2024, corrected to 14.02.2024", "2024-02-14"),
        ("2024-02-30 or rather 2024-02-29", "2024-02-29"),
        ("February 30, 2024 (sic): 1 March 2024", "2024-03-01"),
    ],
)
def test_search_continues_past_an_impossible_date(line, expected):
    assert date_of(line) == expected


def test_first_date_in_the_line_wins():
    assert date_of("14 November 2024, updated 2024-11-15") == "2024-11-14"
    assert date_of("Updated 2024-11-15; first published 14 November 2024") == "2024-11-15"


@pytest.mark.parametrize(
    ("line", "rest"),
    [
        ("Published: 14 November 2024", ""),
        ("Updated on: November 19, 2019 / 10:07 AM / CBS News", "/ 10:07 AM / CBS News"),
        ("Last updated: Nov. 14, 2024 at 11:39 a.m. UTC", ""),
        ("Ažurirano: 14.11.2024. 15:10h", ""),
        ("Objavljeno: 14. studenoga 2024. u 15:10", ""),
        ("Објављено: 14. новембра 2024.", ""),
        ("Опубліковано: 14 листопада 2024 р. о 15:10", ""),
        ("Оновлено 14.11.2024, 15:10", ""),
        ("Опубликовано 14 ноября 2024 г. в 15:10", ""),
        ("Veröffentlicht am 14. November 2024", ""),
        ("Aktualisiert: 14.11.2024, 15:10 Uhr", ""),
        ("Stand: 14.11.2024 15:10 Uhr", ""),
        ("Publié le 14 novembre 2024 à 15h10", ""),
        ("Mis à jour le 14 novembre 2024", ""),
        ("Pubblicato il 14 novembre 2024 alle 15:10", ""),
        ("Publicado em 14 de novembro de 2024 às 15:10", ""),
        ("Publicado el 14 de noviembre de 2024", ""),
        ("Actualizado: 14 de noviembre de 2024", ""),
        # Only a leading label goes, and only a whole word
        ("Dateline Kyiv 14 November 2024", "Dateline Kyiv"),
        ("by Boldizsar Gyori November 14, 2024 11:39 AM 2 min read", "by Boldizsar Gyori  2 min read"),
        ("Kupiansk, Ukraine on Oct. 16, 2024 (Getty Images)", "Kupiansk, Ukraine on  (Getty Images)"),
    ],
)
def test_rest_drops_the_date_and_its_label(line, rest):
    found = find_date_in_line(line)
    assert found is not None
    assert found[1] == rest


def test_locale_does_not_change_month_names():
    for locale in (None, "en-US", "uk", "fr"):
        assert date_of("14 листопада 2024", locale) == "2024-11-14"
        assert date_of("14 de noviembre de 2024", locale) == "2024-11-14"


def test_no_month_spelling_means_two_months():
    """One table serves every language, so a spelling shared by two languages must mean the same month."""
    meaning: dict[str, set[int]] = {}
    for months in _MONTH_NAMES.values():
        for number, names in enumerate(months, start=1):
            for name in names:
                meaning.setdefault(name, set()).add(number)
    assert {name: numbers for name, numbers in meaning.items() if len(numbers) > 1} == {}
    assert all(len(months) == 12 for months in _MONTH_NAMES.values())
