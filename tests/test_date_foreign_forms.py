"""parse_date on the forms dev5 (the opened holdout4) showed: numeric dates with a space after
each dot, a CJK day glued to its time, an ordinal dot after the day, and month words of languages the tables do not cover,
read by dateparser's search only when the rules find nothing. Strings are our own."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, format_datetime

from tests.test_dates import at, local

PRAGUE, BELGRADE, SEOUL, ROME = "Europe/Prague", "Europe/Belgrade", "Asia/Seoul", "Europe/Rome"


@pytest.mark.parametrize(
    "text, tz, expected",
    [
        ("Publikováno: 14. 3. 2023", PRAGUE, "2023-03-14"),
        ("Aktualizováno 3. 2. 2024 10:40", PRAGUE, "2024-02-03T10:40:00+01:00"),
        ("15. 11. 2021. у 08:05", BELGRADE, "2021-11-15T08:05:00+01:00"),
        ("Yonhap, 2023. 5. 7.", SEOUL, "2023-05-07"),
        ("ab cd 입력 2023. 11. 2. 09:15", SEOUL, "2023-11-02T09:15:00+09:00"),
        ("2023年11月05日17:20:11", "Asia/Shanghai", "2023-11-05T17:20:11+08:00"),
    ],
)
def test_spaced_numeric_and_glued_cjk_dates(text, tz, expected):
    assert local(text, tz, at("2026-02-17 12:00", tz)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1. 2. 3.",  # a numbered list
        "Kapitola 3. 4. 5",
        "Tabulka 2. 1. 20",  # no four-digit year
        "5. 13. 2023",  # no month 13
        "Skóre 2. 1. 2030",  # after the fetch year
    ],
)
def test_spaced_numbers_that_are_no_date(text):
    assert local(text, PRAGUE, at("2026-02-17 12:00", PRAGUE)) is None


@pytest.mark.parametrize(
    "text, lang, tz, now, expected",
    [
        ("MILANO, 12 marzo 2023", "it", ROME, "2023-03-20 12:00", "2023-03-12"),
        ("(@someone) 3 febbraio 2024", "it", ROME, "2024-02-05 12:00", "2024-02-03"),
        ("den 3 oktober 2021", "sv", "Europe/Stockholm", "2021-10-05 12:00", "2021-10-03"),
        # the ordinal dot after the day, and a time after the date, read by the parser's rule
        ("Bratislava 9. augusta (TASR)", "sk", "Europe/Bratislava", "2023-08-10 12:00", "2023-08-09"),
        ("Praha 12. března 2023", "cs", PRAGUE, "2023-03-20 12:00", "2023-03-12"),
        ("Berlin, 4. Juli 2022 um 10:15", "de", "Europe/Berlin", "2022-07-05 12:00",
         "2022-07-04T10:15:00+02:00"),
        ("VARESE, 6 gennaio 2022, 18:40", "it", ROME, "2022-01-07 12:00", "2022-01-06T18:40:00+01:00"),
        # year-less: the latest such day not after the fetch, by the parser's own rule
        ("12 maart", "nl", "Europe/Brussels", "2023-03-20 12:00", "2023-03-12"),
    ],
)
def test_month_words_of_uncovered_languages(text, lang, tz, now, expected):
    assert local(text, tz, at(now, tz), lang) == expected


@pytest.mark.parametrize(
    "text, lang, now",
    [
        ("marzo 2023", "it", "2023-03-20 12:00"),  # no day: dateparser would fill in today's
        ("Capitolo 2023", "it", "2023-03-20 12:00"),  # a year alone
        ("14 commenti", "it", "2023-03-20 12:00"),
        ("Kapitel 3. Juli", "de", "2023-03-20 12:00"),  # year-less and eight months back
        ("Taškent (TASR)", "sk", "2023-03-20 12:00"),
        ("3 oktober", "nl", "2023-02-20 12:00"),  # year-less and 140 days back: an event
        # a covered language keeps its own rules: dateparser's search is not asked; another
        # language's CLDR month counts only in a full date with its year ("12 marzo 2023")
        ("12 marzo", "ru", "2023-03-20 12:00"),
    ],
)
def test_uncovered_languages_invent_no_dates(text, lang, now):
    assert local(text, ROME, at(now, ROME), lang) is None


@pytest.mark.parametrize("loc, zone", [("hy", "Asia/Yerevan"), ("ka", "Asia/Tbilisi")])
@pytest.mark.parametrize("width", ["medium", "long", "full"])
def test_the_year_beside_a_foreign_date_is_its_year(loc, zone, width):
    """dateparser's search finds "հնվ 5" in "2023 թ. հնվ 5" and "31 დეკემბერი" before ", 2023"
    without their year (CLDR's Armenian and Georgian patterns): the year next to the span,
    with at most a short year word between, is the date's year, not the fetch year's."""
    for day in (date(2023, 1, 5), date(2023, 12, 31), date(2019, 7, 4)):
        text = format_date(day, width, locale=loc)
        assert local(text, zone, at("2026-02-17 12:00", zone), lang=loc) == day.isoformat(), text
    moment = datetime(2023, 1, 5, 14, 37, 21, tzinfo=ZoneInfo(zone))
    text = format_datetime(moment, "medium", tzinfo=ZoneInfo(zone), locale=loc)
    assert local(text, zone, at("2026-02-17 12:00", zone), lang=loc) == moment.isoformat(), text


def test_a_year_apart_from_a_foreign_date_is_not_taken():
    paris = "Europe/Paris"
    # a label between the year and the date: the date stays year-less (this January)
    now = at("2026-02-17 12:00", paris)
    assert local("Édition 2019 : le 5 janvier", paris, now, lang="fr") == "2026-01-05"
    # a numeric zone read as a year (dateparser's "+0600" -> 600) gives no date rather than
    # a year-less guess
    assert local("14:37:21 +0600 5 tháng 1", "Asia/Ho_Chi_Minh",
                 at("2026-02-17 12:00", "Asia/Ho_Chi_Minh"), lang="vi") is None
