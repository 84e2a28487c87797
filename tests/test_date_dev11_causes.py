"""Generated tests of the causes dev11 (the opened holdout10) showed, each as the general
mechanism it stands for, not as its strings:

- a year-first date whose month is written as the day's suffix and followed by the word
  "day" ("2022-yil 6-may kuni", "2022 жылғы 6-мамыр күні"): the year was dropped, or the
  whole date lost; the month read as a suffix must now also be a whole word ("5-martaba"
  'the fifth time' is no March);
- the year word's one-letter abbreviations of Uzbek Cyrillic and Turkmen ("1938 й. 15 янв.",
  "2020 ý. 5 mart"), as Russian "г." and Kazakh "ж." already were;
- a weekday named before a slash date that is valid both ways ("Fri 7/6/24"): the reading
  whose weekday it is wins over the language's usual order;
- a CJK day alone after a zone's clock ("当地时间19日" 'local time, the 19th').

Each form is rendered over days spread over 2008-2025 with month and weekday names from
CLDR through babel, and read at fetch moments after the day; the look-alikes beside each
form must stay no date or keep their other reading. The rows of dev11 itself are in
``tests/data/date_strings.jsonl`` and are not repeated here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.dates import get_month_names

from aggregator.enrich.date_parse import parse_date

DAYS = [date(2008, 1, 11), date(2011, 3, 9), date(2013, 4, 12), date(2016, 6, 8), date(2018, 12, 7),
        date(2019, 9, 18), date(2020, 2, 4), date(2022, 10, 24), date(2023, 11, 27), date(2025, 7, 30),
        date(2012, 5, 15), date(2017, 8, 31), date(2014, 7, 3), date(2021, 11, 6)]
ZONES = {"ru": "Europe/Moscow", "tk": "Asia/Ashgabat", "kk": "Asia/Almaty", "ky": "Asia/Bishkek",
         "uz": "Asia/Tashkent", "uz_Cyrl": "Asia/Tashkent", "tg": "Asia/Dushanbe", "en": "Asia/Bishkek",
         "zh": "Asia/Urumqi", "zh_Hant": "Asia/Taipei"}
LATER = [timedelta(0), timedelta(days=1), timedelta(days=40), timedelta(days=400)]


def read(text: str, lang: str | None, now: datetime, zone_of: str):
    return parse_date(text, ZONES[zone_of], now, lang.replace("_", "-") if lang else None)


def noon(day: date, lang: str) -> datetime:
    return datetime.combine(day, time(12), ZoneInfo(ZONES[lang]))


def month_name(locale: str, day: date, width: str = "wide") -> str:
    return get_month_names(width, "format", locale)[day.month].lower().rstrip(".")


# --- a year-first date, the month as the day's suffix, then "day" ---------------------------

SUFFIX_TEMPLATES = {
    "uz": ["{y}-yil {d}-{m} kuni", "{y} yil {d}-{m} kuni bo'lib o'tdi", "{y}-yil {d}-{m}"],
    "uz_Cyrl": ["{y} йил {d}-{m} куни", "{y}-йил {d}-{m} куни"],
    "kk": ["{y} жылғы {d}-{m} күні", "{y} ж. {d}-{m} күні"],
    "ky": ["{y}-жылы {d}-{m} күнү", "{y}-ж. {d}-{m} күнү"],
    "tk": ["{y}-nji ýylyň {d}-{m} güni", "{y} ýyl {d}-{m} güni"],
}


@pytest.mark.parametrize("lang", sorted(SUFFIX_TEMPLATES))
@pytest.mark.parametrize("with_lang", [True, False])
def test_year_first_month_as_day_suffix(lang, with_lang):
    for template in SUFFIX_TEMPLATES[lang]:
        for day in DAYS:
            text = template.format(y=day.year, d=day.day, m=month_name(lang, day))
            for later in LATER:
                got = read(text, lang if with_lang else None, noon(day + later, lang), lang)
                assert got is not None and got.precision == "day" and got.local == day, (text, later, got)


@pytest.mark.parametrize("text", [
    "2022-yil 5-martaba kuni", "5-martaba kuni", "5-martaba", "2022-yil 6-maydon kuni", "2022 ж. 6-мамандық",
    "2022 йил 5-мартаба", "2022-yil 6-mashina kuni", "2019-yil 3-avgustovka", "2022 ж. 3-қазанат",
])
def test_suffix_look_alikes(text):
    for day in DAYS:
        assert read(text, None, noon(day, "uz"), "uz") is None, text
        assert read(text, "uz", noon(day, "uz"), "uz") is None, text


# --- one-letter year words ------------------------------------------------------------------

ABBREVIATED_YEAR_TEMPLATES = {
    "uz_Cyrl": ["{y} й. {d} {m}", "{y} й. {d} {a}. да ташкил этилган", "{y} й. {d}-{m}да", "{y} й. {d} {a}."],
    "tk": ["{y} ý. {d} {m}", "{y} ý. {d}-{m}"],
}


@pytest.mark.parametrize("lang", sorted(ABBREVIATED_YEAR_TEMPLATES))
def test_abbreviated_year_word(lang):
    for template in ABBREVIATED_YEAR_TEMPLATES[lang]:
        for day in DAYS:
            abbreviated = month_name("ru", day, "abbreviated")[:3]  # "янв.", as encyclopedias write
            text = template.format(y=day.year, d=day.day, m=month_name(lang, day), a=abbreviated)
            for later in LATER:
                got = read(text, lang, noon(day + later, lang), lang)
                assert got is not None and got.local == day, (text, later, got)


@pytest.mark.parametrize("text", ["1938 й. 15 киши", "2020 й. 12 та", "2020 ý. 5 adam", "й. 15 январ 1938 й",
                                  "5 й. 15 январда"])
def test_abbreviated_year_look_alikes(text):
    for day in DAYS[:4]:
        got = read(text, "uz_Cyrl", noon(day, "uz"), "uz")
        # the last two carry a day and month (and, for one, a year): only the year word is not theirs
        if text.startswith(("й.", "5 й.")):
            assert got is None or got.local.year in (1938, day.year, day.year - 1), (text, got)
        else:
            assert got is None, (text, got)


# --- a weekday before a slash date valid both ways -------------------------------------------

def weekday_names(locale: str, day: date) -> list[str]:
    days = Locale.parse(locale).days
    names = {days[context][width][day.weekday()] for context in ("format", "stand-alone")
             for width in ("wide", "abbreviated")}
    return sorted(name for name in names if name.lower() != "душанбе")


SLASH_TEMPLATES = ["{w} {p}/{q}/{yy}", "{w}, {p}/{q}/{y}", "{w} {p:02d}/{q:02d}/{y}"]
AMBIGUOUS = [date(y, m, d) for y in (2009, 2016, 2024) for m in (2, 5, 7, 11) for d in (3, 6, 9, 12)
             if d != m]


def other_reading(day: date) -> date:
    return date(day.year, day.day, day.month)


@pytest.mark.parametrize("lang", ["en", "ru", "uz", "kk", "ky", "tk", "tg"])
@pytest.mark.parametrize("order", ["day first", "month first"])
def test_weekday_decides_slash_order(lang, order):
    checked = 0
    for day in AMBIGUOUS:
        if other_reading(day).weekday() == day.weekday():
            continue  # the weekday cannot tell the readings apart
        p, q = (day.day, day.month) if order == "day first" else (day.month, day.day)
        now = noon(max(day, other_reading(day)) + timedelta(days=3), lang)
        for template in SLASH_TEMPLATES:
            for name in weekday_names(lang, day):
                text = template.format(w=name, p=p, q=q, y=day.year, yy=f"{day.year % 100:02d}")
                got = read(text, lang, now, lang)
                assert got is not None and got.local == day, (text, got)
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("lang", ["en", "ru", "uz"])
def test_weekday_that_fits_neither_reading_changes_nothing(lang):
    for day in AMBIGUOUS:
        other = other_reading(day)
        neither = next(d for d in range(7) if d not in (day.weekday(), other.weekday()))
        name = Locale.parse(lang).days["format"]["wide"][neither]
        now = noon(max(day, other) + timedelta(days=3), lang)
        for text in (f"{day.day}/{day.month}/{day.year % 100:02d}", f"{day.day:02d}/{day.month:02d}/{day.year}"):
            assert read(f"{name} {text}", lang, now, lang) == read(text, lang, now, lang), text


def test_weekday_inside_a_word_is_no_weekday():
    # "Sunday" ends in no weekday of its own here: "Mondays" and "Sundaes" are words, not names
    for day in AMBIGUOUS:
        text = f"Sundaes {day.day}/{day.month}/{day.year % 100:02d}"
        now = noon(max(day, other_reading(day)) + timedelta(days=3), "en")
        assert read(text, "en", now, "en") == read(f"{day.day}/{day.month}/{day.year % 100:02d}", "en", now, "en")


# --- a CJK day alone after a zone's clock ----------------------------------------------------

@pytest.mark.parametrize("template", ["当地时间{d}日", "北京时间{d}日", "當地時間{d}日", "莫斯科时间{d}日",
                                      "当地时间 {d}日", "美东时间{d}日"])
def test_cjk_zone_clock_day(template):
    for day in DAYS:
        text = template.format(d=day.day)
        lang = "zh_Hant" if "時間" in template else "zh"
        for later in (timedelta(0), timedelta(days=2), timedelta(days=5)):
            if day.day > 28 and later and (day + later).month != day.month:
                continue  # the next month may have no such day
            got = read(text, lang, noon(day + later, lang), lang)
            assert got is not None and got.precision == "day" and got.local == day, (text, later, got)


@pytest.mark.parametrize("text", ["时间19日", "工作时间30日内", "当地时间30日内", "第一时间第19日", "时间表19日起"])
def test_cjk_zone_clock_look_alikes(text):
    for day in DAYS:
        assert read(text, "zh", noon(day, "zh"), "zh") is None, text
