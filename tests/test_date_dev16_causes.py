"""Generated tests of the causes dev16 (the opened holdout15) showed on its date lines, each as the
general mechanism it stands for, not as its strings:

- a month name cut after more letters than its abbreviation ("13 noya — Sputnik.": Uzbek "noy" is
  CLDR's cut, "noya" the same cut one letter later), read only where the date ends with it;
- a word run into the full date after it (a byline printed in the element before the date:
  "Виталий Волков13 ноября 2013 г.").

Month names and abbreviations come from babel's CLDR data, crossed with days spread over
2008-2025 and with templates; the look-alikes beside each form must stay undated. The rows
themselves are in ``tests/data/date_strings.jsonl`` and are not repeated here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, get_month_names

from aggregator.enrich.date_parse import parse_date
from aggregator.enrich.date_patterns import _T

TABLE_FORMS = {*_T.month_exact, *_T.month_stems}

DAYS = [date(2008, 1, 11), date(2011, 3, 9), date(2013, 4, 12), date(2016, 6, 8), date(2018, 12, 7),
        date(2019, 9, 18), date(2020, 2, 4), date(2022, 10, 24), date(2023, 11, 27), date(2025, 7, 30),
        date(2012, 5, 15), date(2017, 8, 31)]
ZONE = ZoneInfo("Asia/Almaty")
#: CLDR locales whose month names the product's tables hold, with the language a page would give
LOCALES = {"ru": "ru", "kk": "kk", "uz": "uz", "uz_Cyrl": "uz", "tk": "tk", "en": "en", "az": "az", "tg": "tg"}


def now_after(day: date) -> datetime:
    return datetime.combine(day, time(12), ZONE) + timedelta(days=3)


def local_day(got) -> date:
    return got.local if got.precision == "day" else got.local.date()


def _names() -> set[str]:
    """Every CLDR month name and abbreviation of the locales, in either context: whole forms."""
    return {name.rstrip(".").lower() for locale in LOCALES for context in ("format", "stand-alone")
            for width in ("wide", "abbreviated") for name in get_month_names(width, context, locale).values()}


NAMES = _names()


def cuts(locale: str) -> list[tuple[str, int]]:
    """(cut name, month) for every cut of a CLDR wide name that is longer than the month's CLDR
    abbreviation, starts with it, starts no other month's wide or abbreviated name, and is no
    locale's whole name or abbreviation ("сент", "январ")."""
    wide = get_month_names("wide", "format", locale)
    short = {n: a.rstrip(".").lower() for n, a in get_month_names("abbreviated", "format", locale).items()}
    found = []
    for number, name in wide.items():
        name = name.lower()
        for end in range(max(4, len(short[number]) + 1), len(name)):
            cut = name[:end]
            others = [w.lower() for n, w in wide.items() if n != number] + [a for n, a in short.items() if n != number]
            if cut.startswith(short[number]) and cut not in NAMES and not any(o.startswith(cut) or cut.startswith(o) for o in others):
                found.append((cut, number))
    return found


def test_every_locale_has_cuts_to_try():
    assert all(len(cuts(locale)) >= 10 for locale in LOCALES)


@pytest.mark.parametrize("locale", sorted(LOCALES))
@pytest.mark.parametrize("template", ["{d} {cut} {y}", "{d} {cut}. {y}", "{d} {cut} {y}, 10:15", "{d}-{cut} {y}"])
def test_a_cut_month_name_with_its_year_is_read(locale, template):
    for (cut, month), day in zip(cuts(locale), DAYS * 9):
        when = date(day.year, month, min(day.day, 28))
        text = template.format(d=when.day, cut=cut, y=when.year)
        got = parse_date(text, tz="Asia/Almaty", now=now_after(when), lang=LOCALES[locale])
        assert got is not None and local_day(got) == when, (text, got)


@pytest.mark.parametrize("locale", sorted(LOCALES))
@pytest.mark.parametrize("template", ["TOSHKENT, {d} {cut} — Sputnik.", "{d} {cut}.", "{d} {cut} / Kabar /",
                                      "{d} {cut}, 14:05"])
def test_a_yearless_cut_month_name_that_ends_its_date_is_read_at_its_now(locale, template):
    for (cut, month), day in zip(cuts(locale), DAYS * 9):
        when = date(day.year, month, min(day.day, 28))
        text = template.format(d=when.day, cut=cut)
        got = parse_date(text, tz="Asia/Almaty", now=now_after(when), lang=LOCALES[locale])
        assert got is not None and local_day(got) == when, (text, got)


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_a_cut_month_name_before_another_word_stays_undated(locale):
    """A cut is often a word of its own ("қара" 'black' starts "қараша"): inside a sentence it
    is one."""
    for cut, month in cuts(locale):
        if cut in TABLE_FORMS:  # a whole form of the tables ("sept"), read anywhere, as before
            continue
        text = f"Сегодня 5 {cut} дома"
        got = parse_date(text, tz="Asia/Almaty", now=datetime(2026, 12, 1, 12, tzinfo=ZONE), lang=LOCALES[locale])
        assert got is None, (text, got)


@pytest.mark.parametrize("text", ["5 қара.", "12 türkmen", "3 gurban", "7 ئىيۇ", "5 marcus 2019", "5 mars-2019"])
def test_look_alikes_of_a_cut_month_name_stay_undated(text):
    """A cut of a table with no abbreviation (the Turkmen names of 2002), of two months, a longer
    word, a name of another language; "қара" ends its date here, so only its table's rule keeps
    it: Kazakh's November abbreviation is "қар", so "қара" is a cut, and stays one."""
    got = parse_date(text, tz="Asia/Almaty", now=datetime(2026, 12, 1, 12, tzinfo=ZONE), lang="kk")
    if text == "5 қара.":
        assert got is not None and (got.local.month, got.local.day) == (11, 5)
    else:
        assert got is None, (text, got)


# --- a word run into the date after it ----------------------------------------------------------

WORDS = ["Волков", "Редакция", "admin", "Smith", "Aliyev", "tahririyat", "Жаңылыктар"]


@pytest.mark.parametrize("locale", ["ru", "kk", "uz", "en", "ky", "tg"])
@pytest.mark.parametrize("pattern", ["d MMMM y", "dd.MM.y", "d MMM y", "dd/MM/y"])
def test_a_word_run_into_a_full_date_is_parted_from_it(locale, pattern):
    for word, day in zip(WORDS * 2, DAYS):
        text = f"Автор: {word}{format_date(day, pattern, locale=locale)}"
        got = parse_date(text, tz="Asia/Almaty", now=now_after(day), lang=locale)
        assert got is not None and local_day(got) == day, (text, got)


@pytest.mark.parametrize("text", ["SU35 марта 2019", "COVID19 марта 2019", "ТУ154 мая 2019", "Волков13 ноября",
                                  "Волков13 ноября 19", "abc32 мая 2019", "Игрок17 голов 2019", "версия5.12"])
def test_look_alikes_of_a_word_run_into_a_date_stay_undated(text):
    """Capitals before the number (an acronym, a model), no year, no day, no month word."""
    assert parse_date(text, tz="Asia/Almaty", now=datetime(2026, 12, 1, 12, tzinfo=ZONE), lang="ru") is None
