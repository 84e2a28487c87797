"""parse_date on the general forms dev6 (the opened holdout5) showed the parser missing:
Kazakh Latin month abbreviations, a space before the comma of a month-first date, a day
badge over "month.year", English slash dates ordered as the source's country writes them,
Solar Hijri dates (Iranian and Afghan month names), Korean dates. Strings are our own."""

from __future__ import annotations

import pytest

from aggregator.enrich.dates import parse_date
from tests.test_dates import ALMATY, BISHKEK, TASHKENT, at, local


def _en(text: str, tz: str, now: str = "2026-02-17 12:00") -> str | None:
    got = parse_date(text, tz, at(now, tz), lang="en")
    return got.published_local if got else None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3 qań. 2023", "2023-01-03"),
        ("Aıgúl Nurlanqyzy 28 aqp. 2024 09:10", "2024-02-28T09:10:00+06:00"),
        ("7 şil 2022", "2022-07-07"),
        ("11 jel. 2021 18:05", "2021-12-11T18:05:00+06:00"),
    ],
)
def test_kazakh_latin_month_abbreviations(text, expected):
    assert local(text, ALMATY, at("2026-02-17 12:00", ALMATY)) == expected


def test_a_kazakh_abbreviation_that_is_another_languages_month_keeps_that_month():
    """"maý" is Turkmen May; the Kazakh June abbreviation is "mau" ("maýsym" in full)."""
    now = at("2026-02-17 12:00", ALMATY)
    assert local("5 maý 2021", ALMATY, now) == "2021-05-05"
    assert local("5 mau 2021", ALMATY, now) == "2021-06-05"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Шей Мар 5 , 2024", "2024-03-05"),
        ("Oct 12 , 2023", "2023-10-12"),
        ("Сентябрь 30 ,2022", "2022-09-30"),
    ],
)
def test_a_space_before_the_comma_of_a_month_first_date(text, expected):
    assert local(text, BISHKEK, at("2026-02-17 12:00", BISHKEK)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("09 10.2025", "2025-10-09"), ("5 03.2024", "2024-03-05"), (" 28  12.2023", "2023-12-28")],
)
def test_a_day_badge_over_month_and_year(text, expected):
    assert local(text, TASHKENT, at("2026-02-17 12:00", TASHKENT)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Дом 12 10.2025",  # a number inside a line, before a month.year: no badge
        "32 10.2025",  # no day 32
        "09 13.2025",  # no month 13
        "09 10.20251",
        "Цена 5 10.2025 года",
    ],
)
def test_numbers_before_a_month_year_that_are_no_badge(text):
    assert local(text, TASHKENT, at("2026-02-17 12:00", TASHKENT)) is None


@pytest.mark.parametrize(
    "text, tz, expected",
    [
        ("2/8/19 Fri", "Asia/Singapore", "2019-08-02"),  # en_SG "d/M/yy"
        ("3/4/21", "Europe/London", "2021-04-03"),
        ("3/4/21", "Asia/Kolkata", "2021-04-03"),
        ("3/4/21", "America/New_York", "2021-03-04"),  # en_US "M/d/yy"
        ("3/4/21", "Asia/Manila", "2021-03-04"),  # en_PH
        ("3/4/21", ALMATY, "2021-03-04"),  # no en_KZ in CLDR: its en default, month first
        ("3/4/21", "UTC", "2021-03-04"),
        ("13/4/21", "America/New_York", "2021-04-13"),  # only one reading is valid
    ],
)
def test_english_slash_dates_follow_the_sources_country(text, tz, expected):
    assert _en(text, tz) == expected


KABUL, TEHRAN, SEOUL, TOKYO = "Asia/Kabul", "Asia/Tehran", "Asia/Seoul", "Asia/Tokyo"


@pytest.mark.parametrize(
    "text, tz, now, expected",
    [
        # Iranian month names, Persian digits, the time after a dash; Arabic yeh typed for ی
        ("تاریخ انتشار : ۱۵ اردیبهشت ۱۴۰۲ - ۰۹:۴۰", TEHRAN, "2026-02-17 12:00", "2023-05-05T09:40:00+03:30"),
        ("۰۳ فروردين ۱۴۰۳", TEHRAN, "2026-02-17 12:00", "2024-03-22"),
        # Afghan zodiac names, year-less dateline and with the year
        ("کابل/ ۱۲ حمل/ باختر", KABUL, "2025-04-05 12:00", "2025-04-01"),
        ("۲۸ میزان ۱۳۹۹", KABUL, "2026-02-17 12:00", "2020-10-19"),
        # a leap year's 30 Esfand
        ("۳۰ اسفند ۱۳۹۹", TEHRAN, "2026-02-17 12:00", "2021-03-20"),
        # a numeric Solar Hijri date beside Persian words
        ("تاریخ: ۱۴۰۱/۰۱/۰۸ ساعت ۱۸:۵۵", TEHRAN, "2026-02-17 12:00", "2022-03-28T18:55:00+04:30"),
    ],
)
def test_solar_hijri_dates(text, tz, now, expected):
    assert local(text, tz, at(now, tz)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "میزان ۲۹ درصد افزایش یافت",  # "level rose 29 percent": the word before the number
        "۳۲ میزان ۱۳۹۹",  # no day 32
        "۳۰ اسفند ۱۴۰۰",  # 1400 is no leap year
        "کد ۱۴۰۱/۱۳/۰۸",  # no month 13
        "1401/01/08",  # a bare number without Persian text
    ],
)
def test_persian_text_that_is_no_solar_hijri_date(text):
    assert local(text, TEHRAN, at("2026-02-17 12:00", TEHRAN)) is None


@pytest.mark.parametrize(
    "text, tz, expected",
    [
        ("2024년 3월 8일 오후 2시 15분", SEOUL, "2024-03-08T14:15:00+09:00"),
        ("입력 2023년 11월 2일 09:05", SEOUL, "2023-11-02T09:05:00+09:00"),
        ("1 2월", SEOUL, "2026-02-01"),  # a badge: day over the month
        ("2024年3月8日 14時05分", TOKYO, "2024-03-08T14:05:00+09:00"),
        ("2024年3月8日 午後2時05分30秒", TOKYO, "2024-03-08T14:05:30+09:00"),
    ],
)
def test_korean_and_japanese_dates_and_clocks(text, tz, expected):
    assert local(text, tz, at("2026-02-17 12:00", tz)) == expected


@pytest.mark.parametrize(
    "text",
    ["Top 10 3월 인기 상품", "10 13월", "5시간 동안 회의", "3시 방향"],
)
def test_korean_look_alikes(text):
    assert local(text, SEOUL, at("2026-02-17 12:00", SEOUL)) is None
