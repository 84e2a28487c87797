"""Generated tests of the causes dev18 (the opened holdout17) showed on its date lines, each as the
general mechanism it stands for, not as its strings:

- a lone clock with a listing's view or comment count after it (a stamp over an item whose day
  the page gives elsewhere): one whole number and nothing else, with or without a separator;
- "dated" prepositions before a date that ends a title, beside the "for" words already read
  (a day's listing, an issue, a document: Russian "от", Ukrainian "від", Belarusian "ад";
  English "dated" is read as a label already).

Month names come from babel's CLDR data (genitive, as a full date writes them). Each is crossed
with days, clocks and templates; the look-alikes beside each form must stay undated. The rows
themselves are in ``tests/data/date_strings.jsonl`` and are not repeated here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from aggregator.enrich.date_parse import parse_date

ZONE = ZoneInfo("Asia/Baku")
DAYS = [date(2008, 1, 11), date(2011, 3, 9), date(2013, 4, 12), date(2016, 6, 8), date(2018, 12, 7),
        date(2019, 9, 18), date(2020, 2, 4), date(2022, 10, 24), date(2023, 11, 27), date(2025, 7, 30),
        date(2012, 5, 15), date(2017, 8, 31)]
CLOCKS = [time(0, 5), time(7, 30), time(9, 51), time(12, 0), time(18, 45), time(23, 59)]
COUNTS = ["0", "7", "35", "200", "1234", "98765", "1500000"]


def local_day(got) -> date:
    return got.local if got.precision == "day" else got.local.date()


# --- a lone clock and a count -----------------------------------------------------------


@pytest.mark.parametrize("lang", [None, "ru", "az", "en", "kk"])
@pytest.mark.parametrize("separator", [" ", "  ", " | ", " • ", " · ", "\t"])
def test_a_lone_clock_with_a_count_after_it_is_todays_stamp(lang, separator):
    for i, day in enumerate(DAYS):
        clock = CLOCKS[i % len(CLOCKS)]
        now = datetime.combine(day, time(23, 59), ZONE)
        text = f"{clock:%H:%M}{separator}{COUNTS[i % len(COUNTS)]}"
        got = parse_date(text, tz="Asia/Baku", now=now, lang=lang)
        assert got is not None and got.precision == "minute", (text, got)
        assert got.local.replace(tzinfo=None) == datetime.combine(day, clock), (text, got)


@pytest.mark.parametrize("lang", [None, "ru", "en"])
def test_a_clock_later_than_now_with_a_count_is_yesterdays(lang):
    for day in DAYS:
        now = datetime.combine(day, time(8, 0), ZONE)
        got = parse_date("18:45 200", tz="Asia/Baku", now=now, lang=lang)
        assert got is not None and got.local.replace(tzinfo=None) == datetime.combine(day - timedelta(days=1),
                                                                                     time(18, 45)), got


#: what a header widget prints after its clock (weather, rates, a year, two figures, a unit),
#: and a count before words
WIDGET_TAILS = ["+12", "-3", "12°", "12 °C", "89.50", "89,50", "12%", "2025", "1999", "12 15", "200 руб",
                "USD 89", "200 просмотров сегодня", "1/2", "12-15"]


@pytest.mark.parametrize("lang", [None, "ru", "en"])
@pytest.mark.parametrize("tail", WIDGET_TAILS)
def test_a_clock_beside_other_figures_stays_undated(lang, tail):
    for i, day in enumerate(DAYS):
        clock = CLOCKS[i % len(CLOCKS)]
        text = f"{clock:%H:%M} {tail}"
        got = parse_date(text, tz="Asia/Baku", now=datetime.combine(day, time(23, 59), ZONE), lang=lang)
        assert got is None, (text, got)


# --- "dated" before a date that ends a title ---------------------------------------------

TITLES = {
    "ru": ["Новости от {d}", "Выпуск от {d}", "Приказ от {d}", "Сводка от {d}", "Новости от {d}, Саратов"],
    "uk": ["Новини від {d}", "Випуск від {d}", "Наказ від {d}"],
    "be": ["Навіны ад {d}", "Выпуск ад {d}"],
}
#: the same words inside running prose: the sentence goes on, ends with its full stop, or the
#: line is a clause cut from a sentence (it starts in lower case)
PROSE = {
    "ru": ["письмо от {d} поступило в редакцию", "Он получил письмо от {d}.", "Он получил письмо от {d}!",
           "назначенного решением президентов от {d}"],
    "uk": ["лист від {d} надійшов до редакції", "Він отримав лист від {d}.", "призначеного рішенням від {d}"],
    "be": ["ліст ад {d} паступіў у рэдакцыю", "Ён атрымаў ліст ад {d}.", "прызначанага рашэннем ад {d}"],
}


def written(day: date, locale: str) -> list[str]:
    """The day as pages print it: numeric day-first, and CLDR's full date with the month's name."""
    return [f"{day:%d.%m.%Y}", format_date(day, "d MMMM y", locale=locale)]


@pytest.mark.parametrize("locale", sorted(TITLES))
@pytest.mark.parametrize("lang", ["page", None])
def test_a_dated_title_gives_its_day(locale, lang):
    for template in TITLES[locale]:
        for day in DAYS:
            for form in written(day, locale):
                text = template.format(d=form)
                now = datetime.combine(day, time(12), ZONE) + timedelta(days=2)
                got = parse_date(text, tz="Europe/Moscow", now=now, lang=locale if lang else None)
                assert got is not None and local_day(got) == day, (text, got)


@pytest.mark.parametrize("locale", sorted(PROSE))
def test_the_same_preposition_in_prose_stays_a_mention(locale):
    # Ukrainian and Belarusian with their language given go to dateparser's search, which reads
    # mentions as it did before (a known limit of that path, not of the tables): no language here
    lang = locale if locale == "ru" else None
    for text, got in _answers(PROSE[locale], locale, lang):
        assert got is None, (text, got)


def _answers(templates, locale, lang):
    """(text, parse) of every template x test day x written form, read two days later."""
    for template in templates:
        for day in DAYS:
            for form in written(day, locale):
                text = template.format(d=form)
                now = datetime.combine(day, time(12), ZONE) + timedelta(days=2)
                yield text, parse_date(text, tz="Europe/Moscow", now=now, lang=lang)


#: a deadline, a start or an end before a date that ends the line: short prepositions too, but of
#: another meaning; a rule that took any short word before a title's date would read them
BOUNDS = {
    "ru": ["Скидки до {d}", "Действует с {d}", "Открыто по {d}", "Приём заявок до {d}", "Он был {d}"],
    "uk": ["Знижки до {d}", "Діє з {d}", "Прийом заявок до {d}"],
    "be": ["Зніжкі да {d}", "Дзейнічае з {d}"],
    "en": ["Apply by {d}", "Payment due {d}", "Valid to {d}"],
}


@pytest.mark.parametrize("locale", sorted(BOUNDS))
def test_a_deadline_or_a_start_before_a_date_stays_undated(locale):
    lang = locale if locale in ("ru", "en") else None  # see the prose test: the tables' path
    for text, got in _answers(BOUNDS[locale], locale, lang):
        assert got is None, (text, got)
