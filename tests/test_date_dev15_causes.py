"""Generated tests of the causes dev15 (the opened holdout14) and the other opened splits showed on
their date lines, each as the general mechanism it stands for, not as its strings:

- a numeric date whose day-first reading is no date while the month-first one is (dots and dashes
  with a four-digit year, as US-set blog templates print them: "3.24.2015");
- a numeric date with two different separators before a four-digit year ("26/03-2007"), not after
  a number sign (a document's number "№ 12/3-2019");
- Arabic commas between a date's numbers ("۲۰،۳،۲۰۱۸");
- a year-less reading that shares its month word with a reading that has a year ("Day 11 May 23,
  2023": one month word, two readings);
- a later reading of the same day that carries the clock ("26 августа. ... 26.08 21:45");
- a symbol between a date and its clock (an icon's alt text: "31 oktyabr 2020 # 12:28");
- a title's date that closes its bracket ("(по состоянию на 15.11.2008г.)");
- a day in quotation marks before a numeric month and year ('“09” 01.2017-ж').

Each form is rendered over days spread over 2008-2025 (month names through babel's CLDR data); the
look-alikes beside each form must keep their reading. The rows themselves are in
``tests/data/date_strings.jsonl`` and are not repeated here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from aggregator.enrich.date_parse import parse_date

DAYS = [date(2008, 1, 11), date(2011, 3, 9), date(2013, 4, 12), date(2016, 6, 8), date(2018, 12, 7),
        date(2019, 9, 18), date(2020, 2, 4), date(2022, 10, 24), date(2023, 11, 27), date(2025, 7, 30),
        date(2012, 5, 15), date(2017, 8, 31), date(2014, 7, 3), date(2021, 11, 6)]
ZONE = ZoneInfo("Asia/Almaty")
LANGS = [None, "ru", "kk", "ky", "uz", "en", "tg"]


def now_after(day: date) -> datetime:
    return datetime.combine(day, time(12), ZONE) + timedelta(days=3)


def local_day(got) -> date:
    return got.local if got.precision == "day" else got.local.date()


def parse(text: str, day: date, lang: str | None = None):
    return parse_date(text, tz="Asia/Almaty", now=now_after(day), lang=lang)


# --- numeric dates: order by what is a date, mixed separators, Arabic commas ------------------


@pytest.mark.parametrize("template", ["{m}.{d}.{y}", "{m:02}.{d}.{y}", "{m}-{d}-{y}", "{m:02}-{d:02}-{y}"])
def test_a_dotted_or_dashed_date_that_is_only_a_date_month_first_is_read_month_first(template):
    for day in DAYS:
        text = template.format(m=day.month, d=day.day, y=day.year)
        for lang in LANGS:
            got = parse(text, day, lang)
            if day.day > 12:
                assert got is not None and got.local == day, (text, lang, got)
            elif (swapped := date(day.year, day.day, day.month)) <= now_after(day).date():
                # both readings are dates: day first, as before
                assert got is not None and got.local == swapped, (text, lang, got)


@pytest.mark.parametrize("text", ["1.13.12", "3.24.15", "13.24.2015", "3.32.2015", "v3.24.2015.1",
                                  "10.3.24.2015"])
def test_look_alikes_of_a_month_first_dotted_date_stay_undated(text):
    """A two-digit year (a version number), no reading at all, a longer run of numbers."""
    assert parse_date(text, tz="Asia/Almaty", now=datetime(2026, 1, 1, 12, tzinfo=ZONE), lang="ru") is None


@pytest.mark.parametrize("template", ["{d:%d/%m}-{d:%Y}", "{d:%d.%m}/{d:%Y}", "{d:%d-%m}.{d:%Y}",
                                      "{d:%d/%m}-{d:%Y} {h:%H:%M}, Бишкек", "{d:%d.%m}-{d:%Y} г."])
def test_a_date_with_two_different_separators_before_a_four_digit_year_is_read(template):
    for day in DAYS:
        clock = datetime.combine(day, time(16, 26), ZONE)
        text = template.format(d=day, h=clock)
        got = parse(text, day, "ru")
        assert got is not None and local_day(got) == day, (text, got)
        if "{h" in template:
            assert got.precision == "minute" and got.local.time() == time(16, 26), (text, got)


@pytest.mark.parametrize("text", ["№ 12/3-2019", "№12/3-2019", "исх. № 01-15/2019", "# 5/11-2019",
                                  "No. 12/3-2019", "12/3-19", "1/2-2019-3"])
def test_look_alikes_of_mixed_separators_stay_undated(text):
    """A document's number after its sign; a two-digit year; a longer run of numbers."""
    assert parse_date(text, tz="Asia/Almaty", now=datetime(2020, 1, 1, 12, tzinfo=ZONE), lang="ru") is None


PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.mark.parametrize("persian", [True, False])
@pytest.mark.parametrize("template", ["{d}،{m}،{y}", "{d}،{m}،{y}،سدنی،آسترالیا", "کابل {d}،{m}،{y}"])
def test_arabic_commas_between_a_dates_numbers_read_day_first(template, persian):
    for day in DAYS:
        text = template.format(d=day.day, m=day.month, y=day.year)
        if persian:
            text = text.translate(PERSIAN_DIGITS)
        for lang in (None, "fa", "ps"):
            got = parse(text, day, lang)
            assert got is not None and got.local == day, (text, lang, got)


@pytest.mark.parametrize("text", ["۱،۲،۳", "۱۲،۱۵", "۱۰،۱۲،۲۰۱۵،۵", "1،2،3،2015", "۱۲۳،۴،۲۰۱۵"])
def test_look_alikes_of_arabic_comma_dates_stay_undated(text):
    assert parse_date(text, tz="Asia/Kabul", now=datetime(2020, 1, 1, 12, tzinfo=ZONE), lang="fa") is None


# --- a year-less reading inside a dated one ---------------------------------------------------


@pytest.mark.parametrize("pattern", ["MMM d, y", "MMMM d, y", "EEEE, MMMM d, y"])
@pytest.mark.parametrize("lead", ["Day {n}", "Part {n}", "Stage {n}:", "{n}"])
def test_a_number_before_a_month_first_date_is_no_day(pattern, lead):
    for n, day in enumerate(DAYS, start=1):
        text = f"{lead.format(n=n)} {format_date(day, pattern, locale='en')} Samarkand to Tashkent"
        got = parse(text, day, "en")
        assert got is not None and got.local == day, (text, got)


def test_a_day_before_its_month_keeps_its_reading():
    """No dated reading shares the month word: the day-first one stands."""
    for day in DAYS:
        for text in (format_date(day, "d MMMM y", locale="en"), format_date(day, "d MMM", locale="en") + " 2 pm",
                     format_date(day, "d MMMM", locale="ru")):
            got = parse(text, day, "en")
            assert got is not None and local_day(got) == day, (text, got)


# --- the clock of a later reading of the same day ---------------------------------------------

HEADINGS = {"ru": "Третий день в Бухаре", "kk": "Бұқарадағы үшінші күн", "ky": "Бухарадагы үчүнчү күн",
            "uz": "Buxorodagi uchinchi kun", "en": "Third day in Bukhara"}


@pytest.mark.parametrize("lang", sorted(HEADINGS))
@pytest.mark.parametrize("glue", ["", " ", " | "])
def test_a_later_reading_of_the_same_day_gives_the_clock(lang, glue):
    for day in DAYS:
        heading = format_date(day, "d MMMM", locale=lang)
        text = f"{heading}. {HEADINGS[lang]}{glue}{day:%d.%m} 21:45"
        got = parse(text, day, lang)
        assert got is not None and got.precision == "minute", (text, got)
        assert got.local == datetime.combine(day, time(21, 45), ZONE), (text, got)


@pytest.mark.parametrize("lang", sorted(HEADINGS))
def test_the_clock_of_another_day_is_not_taken(lang):
    for day in DAYS:
        other = day - timedelta(days=1)
        text = f"{format_date(day, 'd MMMM', locale=lang)}. {HEADINGS[lang]} {other:%d.%m} 21:45"
        got = parse(text, day, lang)
        assert got is not None and got.precision == "day" and got.local == day, (text, got)


# --- a symbol between a date and its clock ----------------------------------------------------

SYMBOL_LOCALES = {"ru": "d MMMM y", "kk": "d MMMM y", "ky": "d MMMM y", "uz": "d MMMM y", "az": "d MMMM y",
                  "tk": "d MMMM y", "en": "MMMM d, y", "tr": "d MMMM y"}


@pytest.mark.parametrize("locale", sorted(SYMBOL_LOCALES))
@pytest.mark.parametrize("symbol", ["#", "•", "@", "—", "◷", "⏰", "*", "·"])
def test_a_symbol_between_a_date_and_its_clock_keeps_the_clock(locale, symbol):
    for day in DAYS:
        text = f"{format_date(day, SYMBOL_LOCALES[locale], locale=locale)} {symbol} 12:28"
        got = parse(text, day, locale)
        assert got is not None and got.precision == "minute", (text, got)
        assert got.local == datetime.combine(day, time(12, 28), ZONE), (text, got)


def test_a_number_between_a_date_and_a_clock_still_parts_them():
    """A count or a score between is no symbol: the date stays a day."""
    day = date(2020, 10, 31)
    for text in ("31 октября 2020 # 5 12:28", "31 октября 2020 • 1234 • 12:28"):
        got = parse(text, day, "ru")
        assert got is not None and got.precision == "day" and got.local == day, (text, got)


# --- a title's date closing its bracket -------------------------------------------------------

BRACKET_TITLES = ["(по состоянию на {d})", "Анонсы новостей (по состоянию на {d})", "[Новости за {d}]",
                  "Курс валют (на {d})", "Weather (for {d})"]


@pytest.mark.parametrize("title", BRACKET_TITLES)
@pytest.mark.parametrize("form", ["{d:%d.%m.%Y}", "{d:%d.%m.%Y}г.", "{d:%d.%m.%Y} г."])
def test_a_titles_date_closing_its_bracket_is_read(title, form):
    for day in DAYS:
        text = title.format(d=form.format(d=day))
        got = parse(text, day, "ru")
        assert got is not None and got.local == day, (text, got)


@pytest.mark.parametrize("text", ["(встреча пройдет на 15.11.2008 в зале)", "(перенесли на 15.11.2008, потом)",
                                  "(назначено на 15.11.2008 и отменено)"])
def test_prose_in_brackets_stays_a_mention(text):
    assert parse_date(text, tz="Asia/Almaty", now=datetime(2008, 11, 20, 12, tzinfo=ZONE), lang="ru") is None


# --- a quoted day before a numeric month and year ---------------------------------------------


@pytest.mark.parametrize("template", ["“{d:%d}” {d:%m.%Y}-ж.", "«{d:%d}» {d:%m.%Y} г.", '"{d.day}" {d:%m.%Y}',
                                      "Киров айылы  №1   “{d:%d}” {d:%m.%Y}-ж", "«{d.day}»{d:%m.%Y}"])
def test_a_quoted_day_before_a_numeric_month_and_year_is_read(template):
    for day in DAYS:
        text = template.format(d=day)
        got = parse(text, day, "ky")
        assert got is not None and got.local == day, (text, got)


@pytest.mark.parametrize("text", ['"12" 13.2017', "«5» 1.5", "“09” 01.17", "“09” 2017", "«123» 01.2017"])
def test_look_alikes_of_a_quoted_day_stay_undated(text):
    assert parse_date(text, tz="Asia/Almaty", now=datetime(2018, 1, 1, 12, tzinfo=ZONE), lang="ky") is None


# --- a year-less numeric day and month standing alone (the generic reader) --------------------

AGES = [0, 1, 14, 44]  # days from the date to now, within the reader's 45 days


@pytest.mark.parametrize("template,lang,tz", [
    ("{d.month}/{d.day}", "en", "America/New_York"), ("{d.day}/{d:%m}", "ru", "Asia/Bishkek"),
    ("{d:%d}.{d:%m}", "ru", "Asia/Almaty"), ("{d:%d}/{d:%m}", None, "Asia/Almaty"),
    ("布鲁塞尔 ({d:%d}/{d:%m} – 30) 美国总统乔·拜登邀请", "zh", "Europe/Brussels"),
    ("Бишкек ({d:%d}.{d:%m}) Президент встретился", "ru", "Asia/Bishkek"),
    ("LONDON ({d:%d}/{d:%m} - 12) The president met", "en", "Europe/London"),
])
def test_a_yearless_numeric_day_and_month_standing_alone_is_read_near_now(template, lang, tz):
    zone = ZoneInfo(tz)
    for day in DAYS:
        text = template.format(d=day)
        for age in AGES:
            now = datetime.combine(day + timedelta(days=age), time(12), zone)
            got = parse_date(text, tz=tz, now=now, lang=lang)
            assert got is not None and got.local == day, (text, lang, now, got)


def test_a_pair_that_is_a_date_both_ways_takes_the_languages_order():
    now = datetime(2024, 3, 10, 12, tzinfo=ZONE)
    assert parse_date("3/7", tz="America/New_York", now=now, lang="en").local == date(2024, 3, 7)
    assert parse_date("7/3", tz="Asia/Almaty", now=now, lang="ru").local == date(2024, 3, 7)
    assert parse_date("07.03", tz="Asia/Almaty", now=now, lang="ru").local == date(2024, 3, 7)


@pytest.mark.parametrize("age", [46, 100, 300])
def test_a_yearless_numeric_pair_far_from_now_stays_undated(age):
    for day in DAYS:
        now = datetime.combine(day + timedelta(days=age), time(12), ZONE)
        assert parse_date(f"{day:%d}.{day:%m}", tz="Asia/Almaty", now=now, lang="ru") is None


@pytest.mark.parametrize("text", [
    "1/8 финала", "Кубок Азии, 1/8 финала.", "стартовал со стадии 1/4 финала", "в 09.30 (06.30 мск)",
    "06.30 мск", "Фото (1/8)", "(1/8)", "стр. 1/12", "1/12 стр.", "счет 2/3", "3.5", "12.5", "1.05 млн",
    "erst heute (31.05) in Osh", "Кубок (1/8 финала) прошел", "1/8/", "12/08 – 14/08",
])
def test_look_alikes_of_a_yearless_numeric_pair_stay_undated(text):
    """Stages, counters, clocks, decimals, a pair inside prose, a range: at a now that would make
    each pair a recent date."""
    for month in range(1, 13):
        now = datetime(2026, month, 20, 12, tzinfo=ZONE)
        assert parse_date(text, tz="Asia/Almaty", now=now, lang="ru") is None, (text, now)
