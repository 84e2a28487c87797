"""Generated tests of the causes dev13 (the opened holdout12) and the date lines left on the
other opened splits showed, each as the general mechanism it stands for, not as its strings:

- a document's dated history in one line ("Received: ...; accepted: ...; published: ...",
  "收稿日期:...;录用日期:...;发布日期:..."): the leftmost date, the day it was received, was
  read; the day right after a publication label (``[publication]`` in date_words.toml) is
  the publication;
- a stamp that gives the day in both calendars, the clock beside the Solar Hijri one
  ("۱۳:۵۸ - ۲۲ دی ۱۴۰۰ - 12 January 2022"): the Gregorian day was read without its clock.

Each form is rendered over days spread over 2008-2025 (Gregorian month names from CLDR through
babel) in each language's template; the look-alikes beside each form must keep their reading.
The rows of dev13 itself are in ``tests/data/date_strings.jsonl`` and are not repeated here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, get_month_names

from aggregator.enrich.date_jalali import jalali_to_gregorian
from aggregator.enrich.date_parse import parse_date

DAYS = [date(2008, 1, 11), date(2011, 3, 9), date(2013, 4, 12), date(2016, 6, 8), date(2018, 12, 7),
        date(2019, 9, 18), date(2020, 2, 4), date(2022, 10, 24), date(2023, 11, 27), date(2025, 7, 30),
        date(2012, 5, 15), date(2017, 8, 31), date(2014, 7, 3), date(2021, 11, 6)]


def local_day(got) -> date:
    return got.local if got.precision == "day" else got.local.date()


# --- a document's dated history ---------------------------------------------------------------

# (received, revised, accepted, published) labels as journals and registries print them
HISTORY_LABELS = {
    "en": ("Received: ", "Revised: ", "Accepted: ", "Published: "),
    "en_online": ("Received ", "Revised ", "Accepted ", "Published online "),
    "zh": ("收稿日期:", "修回日期:", "录用日期:", "发布日期:"),
    "zh_fullwidth": ("收稿日期：", "修回日期：", "接受日期：", "网络出版时间："),
    "zh_Hant": ("收稿日期:", "修訂日期:", "接受日期:", "發表日期:"),
    "ru": ("Поступила в редакцию ", "Получена после доработки ", "Принята к публикации ", "Опубликована "),
    "ru_date": ("Дата поступления: ", "Дата доработки: ", "Дата принятия: ", "Дата публикации: "),
    "kk": ("Түсті: ", "Өңделді: ", "Қабылданды: ", "Жарияланды: "),
    "de": ("Eingegangen: ", "Überarbeitet: ", "Angenommen: ", "Veröffentlicht: "),
}
ZONES = {"en": "Asia/Shanghai", "zh": "Asia/Shanghai", "ru": "Asia/Almaty", "kk": "Asia/Almaty",
         "de": "Europe/Berlin"}
SEPARATORS = ["; ", " / ", ", ", " | "]
# German month words are not in the parser's word tables (a lone German date is dateparser's):
# German histories are tried with numeric dates
FORMS = {"de": range(1)}


def rendered(day: date, base: str, form: int) -> str:
    """The day in one of a language's forms (CLDR's through babel, and numeric)."""
    if base == "zh":
        return f"{day.year}年{day.month}月{day.day}日" if form % 2 else f"{day:%Y-%m-%d}"
    if form == 0:
        return f"{day:%d.%m.%Y}" if base != "en" else f"{day:%Y-%m-%d}"
    style = "long" if form == 1 else "medium"
    locale = {"en": "en_GB" if form == 1 else "en_US"}.get(base, base)
    return format_date(day, style, locale=locale).removesuffix(" г.").removesuffix(" ж.")


def history(labels, days, base, form, separator, order) -> str:
    return separator.join(labels[i] + rendered(days[i], base, form) for i in order)


@pytest.mark.parametrize("variant", sorted(HISTORY_LABELS))
def test_the_day_after_the_publication_label_is_read(variant):
    base = variant.split("_")[0]
    labels = HISTORY_LABELS[variant]
    for published in DAYS:
        days = [published - timedelta(days=70), published - timedelta(days=30),
                published - timedelta(days=9), published]
        now = datetime.combine(published, time(12), ZoneInfo(ZONES[base])) + timedelta(days=2)
        for form in FORMS.get(base, range(3)):
            for separator in SEPARATORS:
                for order in ((0, 2, 3), (0, 1, 2, 3), (3, 0, 2)):
                    text = history(labels, days, base, form, separator, order)
                    got = parse_date(text, ZONES[base], now, base)
                    assert got is not None and local_day(got) == published, (text, got)


@pytest.mark.parametrize("variant", ["en", "zh", "ru_date", "kk", "de"])
def test_a_history_without_a_publication_label_keeps_its_first_day(variant):
    # received, revised, accepted: no publication label, so the leftmost date stays, as before
    base, labels = variant.split("_")[0], HISTORY_LABELS[variant]
    for published in DAYS:
        days = [published - timedelta(days=70), published - timedelta(days=30),
                published - timedelta(days=9), published]
        now = datetime.combine(published, time(12), ZoneInfo(ZONES[base])) + timedelta(days=2)
        for form in FORMS.get(base, range(3)):
            text = history(labels, days, base, form, "; ", (0, 1, 2))
            got = parse_date(text, ZONES[base], now, base)
            assert got is not None and local_day(got) == days[0], (text, got)


def test_accepted_for_publication_is_no_publication_label():
    # "Принята к публикации" 'accepted for publication', "for publication" hold the word but
    # label another day: the reading is the one without the publication table
    for day in DAYS:
        later = day + timedelta(days=9)
        now = datetime.combine(later, time(12), ZoneInfo("Asia/Almaty")) + timedelta(days=1)
        for lang, text in (("ru", f"Дата поступления: {day:%d.%m.%Y}; принята к публикации: {later:%d.%m.%Y}"),
                           ("en", f"Date received: {day:%d.%m.%Y}; accepted for publication: {later:%d.%m.%Y}")):
            got = parse_date(text, "Asia/Almaty", now, lang)
            assert got is not None and local_day(got) == day, (text, got)


@pytest.mark.parametrize("template", [
    "Updated {a}, {b}: published version",  # the label after the dates, not before one
    "{a} - {b} (published)",
    "Received {a}; the unpublished {b}",  # a longer word that ends in the label
    "{a}; {b}",
])
def test_a_label_not_right_before_a_date_changes_nothing(template):
    for day in DAYS:
        later = day + timedelta(days=5)
        text = template.format(a=f"{day:%d.%m.%Y}", b=f"{later:%d.%m.%Y}")
        now = datetime.combine(later, time(12), ZoneInfo("Asia/Almaty")) + timedelta(days=1)
        got = parse_date(text, "Asia/Almaty", now, "en")
        assert got is not None and local_day(got) == day, (text, got)


# --- the same day in both calendars -----------------------------------------------------------

# Solar Hijri months: the Iranian names and the Afghan (Dari) zodiac ones (calendar facts)
JALALI_MONTHS = {
    "fa": ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"],
    "fa_AF": ["حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت"],
}
JALALI_ZONES = {"fa": "Asia/Tehran", "fa_AF": "Asia/Kabul"}
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
TWIN_TEMPLATES = [
    "{c} - {j} - {g}",
    "تاریخ انتشار: {c} - {j} - {g}",
    "{j} - {c} | {g}",
    "کد خبر 821784 {c} {j} - {g}",
]


def to_jalali(day: date) -> tuple[int, int, int]:
    """(year, month, day) of the Solar Hijri day that is ``day`` (by search over the inverse)."""
    for year in (day.year - 622, day.year - 621):
        for month in range(1, 13):
            for d in range(1, 32):
                if jalali_to_gregorian(year, month, d) == day:
                    return year, month, d
    raise AssertionError(day)


def jalali_text(day: date, variant: str, persian_digits: bool) -> str:
    year, month, d = to_jalali(day)
    text = f"{d} {JALALI_MONTHS[variant][month - 1]} {year}"
    return text.translate(PERSIAN_DIGITS) if persian_digits else text


def gregorian_text(day: date) -> str:
    return f"{day.day} {get_month_names('wide', 'format', 'en')[day.month]} {day.year}"


@pytest.mark.parametrize("variant", sorted(JALALI_MONTHS))
def test_the_clock_beside_the_solar_hijri_day_is_the_days_clock(variant):
    zone = ZoneInfo(JALALI_ZONES[variant])
    for day in DAYS:
        for hour, minute in [(9, 5), (13, 58), (23, 40)]:
            moment = datetime.combine(day, time(hour, minute), zone)
            for persian in (True, False):
                clock = f"{hour:02d}:{minute:02d}"
                clock = clock.translate(PERSIAN_DIGITS) if persian else clock
                for template in TWIN_TEMPLATES:
                    text = template.format(c=clock, j=jalali_text(day, variant, persian), g=gregorian_text(day))
                    got = parse_date(text, JALALI_ZONES[variant], moment + timedelta(hours=3), "fa")
                    assert got is not None and got.precision == "minute" and got.local == moment, (text, got)


@pytest.mark.parametrize("variant", sorted(JALALI_MONTHS))
def test_a_solar_hijri_day_that_is_another_day_lends_no_clock(variant):
    # the two calendars name different days (a site's two stamps, an event and its report):
    # the Gregorian day is kept, at day precision, as before
    zone = JALALI_ZONES[variant]
    for day in DAYS:
        other = day - timedelta(days=1)
        text = f"13:58 - {jalali_text(other, variant, True)} - {gregorian_text(day)}"
        got = parse_date(text, zone, datetime.combine(day, time(18), ZoneInfo(zone)), "fa")
        assert got is not None and got.precision == "day" and got.local == day, (text, got)
