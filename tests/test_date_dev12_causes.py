"""Generated tests of the causes dev12 (the opened holdout11) showed, each as the general
mechanism it stands for, not as its strings:

- a day "range" that does not go forward ("Day 27 - 21 May 2013": a counter, then the day)
  was read at its first number; a range goes forward ("5-7 мая" stays the 5th);
- a clock before a date in brackets, or a date in brackets before its clock ("10:26
  (20.04.2023)", "(20.04.2023) 10:26"): the brackets cut the clock off;
- a label of the context table run into its day ("Posted28 July 2018", "Опубликовано12 мая
  2020", "Veröffentlicht28. Juli 2018"), as templates print a label and its date in two
  elements; German publication labels joined the table;
- a zone abbreviation after a clock that the zones table did not know ("17:41 BST"): the
  clock was read in the source's zone, a wrong instant. The abbreviations come from the tz
  database (unambiguous since 1990, agreeing with CLDR's English names), in capitals only;
- a whole hour with the word CLDR's hour-only pattern writes after it ("ab 9 Uhr", de
  "HH 'Uhr'"), and a dotted clock before that word ("9.30 Uhr"): no clock was read.

Each form is rendered over days spread over 2008-2025 (month names from CLDR through babel)
and read at fetch moments after the day; the look-alikes beside each form must stay no date
or keep their other reading. The built data (``aggregator/data/date_generated.json``) is
checked against what ``aggregator.enrich.date_data_build`` derives. The rows of dev12 itself
are in ``tests/data/date_strings.jsonl`` and are not repeated here.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import get_month_names

from aggregator.enrich import date_data_build
from aggregator.enrich.date_parse import parse_date

DAYS = [date(2008, 1, 11), date(2011, 3, 9), date(2013, 4, 12), date(2016, 6, 8), date(2018, 12, 7),
        date(2019, 9, 18), date(2020, 2, 4), date(2022, 10, 24), date(2023, 11, 27), date(2025, 7, 30),
        date(2012, 5, 15), date(2017, 8, 31), date(2014, 7, 3), date(2021, 11, 6)]
ZONES = {"ru": "Europe/Moscow", "kk": "Asia/Almaty", "uz": "Asia/Tashkent", "en": "Asia/Bishkek",
         "de": "Europe/Berlin", "tk": "Asia/Ashgabat", "ky": "Asia/Bishkek"}
LATER = [timedelta(hours=3), timedelta(days=1), timedelta(days=40)]
CLOCKS = [(9, 5), (14, 30), (23, 59), (0, 15)]


def read(text: str, lang: str | None, now: datetime, zone_of: str):
    return parse_date(text, ZONES[zone_of], now, lang)


def after(day: date, lang: str, later: timedelta) -> datetime:
    return datetime.combine(day, time(23, 59), ZoneInfo(ZONES[lang])) + later


def month_name(locale: str, day: date) -> str:
    return get_month_names("wide", "format", locale)[day.month]


def local_day(got) -> date:
    return got.local if got.precision == "day" else got.local.date()


# --- a "range" that does not go forward ------------------------------------------------------

BACKWARD_TEMPLATES = {
    "en": ["Day {n} - {d} {m} {y}", "Day {n}: {n2}-{d} {m} {y}", "{n} - {d} {m} {y}"],
    "ru": ["День {n} - {d} {m} {y}", "{n}-{d} {m} {y} г."],
    "kk": ["{n} - {d} {m} {y}"],
}


@pytest.mark.parametrize("lang", sorted(BACKWARD_TEMPLATES))
def test_backward_range_is_a_number_then_the_day(lang):
    for template in BACKWARD_TEMPLATES[lang]:
        for day in DAYS:
            for n in {day.day, day.day + 1, 31}:
                text = template.format(n=n, n2=n, d=day.day, m=month_name(lang, day), y=day.year)
                for later in LATER:
                    got = read(text, lang, after(day, lang, later), lang)
                    assert got is not None and got.local == day, (text, later, got)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_forward_range_stays_at_its_first_day(lang):
    for day in DAYS:
        if day.day > 28:
            continue
        for last in (day.day + 1, day.day + 2):
            text = f"{day.day}-{last} {month_name(lang, day)} {day.year}"
            got = read(text, lang, after(day, lang, timedelta(days=3)), lang)
            assert got is not None and got.local == day, (text, got)


# --- a clock and a date in brackets ----------------------------------------------------------

def date_forms(day: date, lang: str) -> list[str]:
    return [f"{day:%d.%m.%Y}", f"{day:%Y-%m-%d}", f"{day.day} {month_name(lang, day)} {day.year}"]


BRACKET_TEMPLATES = ["{c} ({date})", "({date}) {c}", "{c}  ({date})", "({date}), {c}"]


@pytest.mark.parametrize("lang", ["ru", "uz", "en", "kk"])
def test_clock_beside_a_bracketed_date(lang):
    for day in DAYS:
        for hour, minute in CLOCKS:
            for form in date_forms(day, lang):
                for template in BRACKET_TEMPLATES:
                    text = template.format(c=f"{hour:02d}:{minute:02d}", date=form)
                    moment = datetime.combine(day, time(hour, minute), ZoneInfo(ZONES[lang]))
                    got = read(text, lang, moment + timedelta(hours=3), lang)
                    assert got is not None and got.precision == "minute", (text, got)
                    assert got.local == moment, (text, got)


@pytest.mark.parametrize("template", ["{c} рейс ({date})", "{c} - {c2} ({date})", "счёт {c} ({date})"])
def test_bracketed_date_look_alikes_keep_their_reading(template):
    # a word between the clock and the bracket: no clock is taken for the day; a range's end
    # is a clock as it was before; "счёт 2:1" is a score, not a clock before the bracket
    for day in DAYS:
        text = template.format(c="14:30", c2="16:00", date=f"{day:%d.%m.%Y}")
        got = read(text, "ru", after(day, "ru", timedelta(days=1)), "ru")
        assert got is not None and local_day(got) == day, (text, got)
        if "рейс" in template:
            assert got.precision == "day", (text, got)


# --- a label run into its day ----------------------------------------------------------------

GLUED_TEMPLATES = {
    "en": ["Posted{d} {m} {y}", "Published{d} {m} {y} by admin", "Updated{d} {m} {y}"],
    "ru": ["Опубликовано{d} {m} {y}", "Обновлено{d} {m} {y} г.", "Дата публикации{d} {m} {y}"],
    "de": ["Veröffentlicht{d}. {m} {y}", "Veröffentlicht{d}. {m} {y} von Webmaster", "Aktualisiert{d}. {m} {y}"],
    "kk": ["Жарияланды{d} {m} {y}"],
}


@pytest.mark.parametrize("lang", sorted(GLUED_TEMPLATES))
def test_label_run_into_its_day(lang):
    for template in GLUED_TEMPLATES[lang]:
        for day in DAYS:
            text = template.format(d=day.day, m=month_name(lang, day), y=day.year)
            for later in LATER:
                got = read(text, lang, after(day, lang, later), lang)
                assert got is not None and got.local == day, (text, later, got)


@pytest.mark.parametrize("text", ["Posted28 comments", "Updates28", "Опубликовано28 фото", "Дата3 версия",
                                  "Veröffentlicht28 Bilder", "Postedby 12 users", "Mondays12 items"])
def test_label_run_into_a_number_that_is_no_day(text):
    for day in DAYS[:5]:
        assert read(text, None, after(day, "en", timedelta(days=1)), "en") is None, text


# --- zone abbreviations after a clock ---------------------------------------------------------

def test_built_data_matches_its_sources():
    stored = json.loads((Path(date_data_build.__file__).parents[1] / "data" / "date_generated.json")
                        .read_text(encoding="utf-8"))
    assert stored == date_data_build.build()
    zones = stored["zone_abbreviations"]
    assert zones["BST"] == "+01:00" and zones["AEST"] == "+10:00" and zones["SAST"] == "+02:00"
    # ambiguous in the tz database (IST, CST, PST) or against CLDR's English names (GST): absent
    assert not {"IST", "CST", "PST", "GST", "KST"} & set(zones)
    assert "uhr" in stored["hour_words"] and not {"h", "ч", "时"} & set(stored["hour_words"])


ZONE_TEMPLATES = ["{date} {c} {z}", "{date} {c} ({z})", "{date}, {c}:00 {z}", "as of {date} {c} {z}"]


@pytest.mark.parametrize("abbreviation", ["BST", "AEST", "SAST", "WIB", "PKT", "JST", "HKT", "NZDT", "EAT"])
def test_zone_abbreviation_after_a_clock(abbreviation):
    offset_text = date_data_build.zone_abbreviations()[abbreviation]
    sign = -1 if offset_text[0] == "-" else 1
    offset = timezone(sign * timedelta(hours=int(offset_text[1:3]), minutes=int(offset_text[4:6])))
    for day in DAYS:
        for hour, minute in CLOCKS[:3]:
            moment = datetime.combine(day, time(hour, minute), offset)
            for template in ZONE_TEMPLATES:
                text = template.format(date=f"{day:%d/%m/%Y}", c=f"{hour:02d}:{minute:02d}", z=abbreviation)
                got = read(text, "en", moment + timedelta(days=1), "ru")
                assert got is not None and got.utc == moment.astimezone(timezone.utc), (text, got)


@pytest.mark.parametrize("word", ["west", "West", "met", "Cat", "wit", "eat"])
def test_zone_abbreviation_look_alikes_are_words(word):
    # not in capitals: a word after the clock, so the source's zone stays
    for day in DAYS:
        text = f"{day:%d.%m.%Y} 17:41 {word} of the town"
        got = read(text, "en", after(day, "ru", timedelta(days=1)), "ru")
        assert got is not None and got.local == datetime.combine(day, time(17, 41), ZoneInfo(ZONES["ru"])), (text, got)


# --- CLDR's hour word after a whole hour --------------------------------------------------------

HOUR_TEMPLATES = ["am {d}. {m} {y} um {h} Uhr", "{d}. {m} {y}, {h} Uhr", "am {d}. {m} {y} ab {h} Uhr von Wien",
                  "{d}. {m} {y} um {h}.{mi:02d} Uhr", "ab {h} Uhr am {d}. {m} {y}"]


def test_whole_hour_with_the_hour_word():
    for day in DAYS:
        for hour, minute in CLOCKS[:3]:  # "0 Uhr" is 00:00, which the parser takes for a template's placeholder
            for template in HOUR_TEMPLATES:
                text = template.format(d=day.day, m=month_name("de", day), y=day.year, h=hour, mi=minute)
                shown = minute if "{mi" in template else 0
                moment = datetime.combine(day, time(hour, shown), ZoneInfo(ZONES["de"]))
                got = read(text, "de", moment + timedelta(hours=3), "de")
                assert got is not None and got.precision == "minute" and got.local == moment, (text, got)


@pytest.mark.parametrize("template", ["{date}, 24 Uhren verkauft", "{date}, 30 Uhr", "{date} 9 Uhrmacher",
                                      "{date}, 9 Uhrzeiten"])
def test_hour_word_look_alikes_give_the_day_only(template):
    # no hour (30), a longer word (Uhren, Uhrmacher, Uhrzeiten): the day alone
    for day in DAYS:
        text = template.format(date=f"{day:%d.%m.%Y}")
        got = read(text, "de", after(day, "de", timedelta(days=1)), "de")
        assert got is not None and got.precision == "day" and got.local == day, (text, got)


# --- "by the capital's time" before the clock, with a clock word after it -----------------------

CAPITAL_TIME_TEMPLATES = {  # {w}: the weekday and "day" words, which may stand between
    "uz": ("{d} {m}, {w} Toshkent vaqti bilan soat {c} da", "Asia/Tashkent"),
    "tk": ("{d}-nji {m}, {w} Aşgabat wagty bilen sagat {c}-da", "Asia/Ashgabat"),
    "kk": ("{d} {m}, {w} Астана уақытымен сағат {c}-де", "Asia/Almaty"),
    "ky": ("{d}-{m}, {w} Бишкек убактысы менен саат {c}до", "Asia/Bishkek"),
}
DAY_WORDS = {"uz": "payshanba kuni", "tk": "penşenbe güni", "kk": "бейсенбі күні", "ky": "бейшемби күнү"}


@pytest.mark.parametrize("lang", sorted(CAPITAL_TIME_TEMPLATES))
def test_capital_time_before_the_clock(lang):
    template, zone = CAPITAL_TIME_TEMPLATES[lang]
    for day in DAYS:
        for hour, minute in CLOCKS[:3]:
            moment = datetime.combine(day, time(hour, minute), ZoneInfo(zone))
            for words in (DAY_WORDS[lang], ""):
                text = template.format(d=day.day, m=month_name(lang, day).lower(), w=words,
                                       c=f"{hour:02d}:{minute:02d}")
                # read in Moscow's zone: the instant is the capital's clock, whatever the source's zone
                got = read(" ".join(text.split()), lang, moment + timedelta(hours=3), "ru")
                assert got is not None and got.utc == moment.astimezone(timezone.utc), (text, got)


def test_capital_time_look_alikes():
    # a city's name without "time": the source's zone; a clock too far after the date: the day only
    for day in DAYS:
        now = after(day, "uz", timedelta(days=1))
        got = read(f"{day.day} {month_name('uz', day).lower()} Toshkent shahrida soat 09:12 da", "uz", now, "uz")
        assert got is not None and got.local == datetime.combine(day, time(9, 12), ZoneInfo(ZONES["uz"])), got
        far = f"{day.day} {month_name('uz', day).lower()}, payshanba kuni ko'chada odamlar ko'p bo'ldi soat 09:12 da"
        got = read(far, "uz", now, "uz")
        assert got is not None and got.precision == "day", (far, got)


def test_tajik_capital_time_after_the_clock():
    # Tajik writes "by Dushanbe's / Moscow's time" after the clock
    for day in DAYS:
        for capital, zone in (("Душанбе", "Asia/Dushanbe"), ("Маскав", "Europe/Moscow")):
            moment = datetime.combine(day, time(10, 5), ZoneInfo(zone))
            text = f"{day.day} {month_name('tg', day).lower()}и {day.year}, соати 10:05 ба вақти {capital}"
            got = read(text, "tg", moment + timedelta(hours=5), "kk")
            assert got is not None and got.utc == moment.astimezone(timezone.utc), (text, got)
