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
- a CJK day alone after a zone's clock ("当地时间19日" 'local time, the 19th');
- a month word's inflection that the text's language rules out (``[month_languages]`` in
  ``date_words.toml``): Uzbek puts no bare-vowel dative on a month ("5 marta" is 'five
  times'), Kazakh inflects only its own month names ("2 майда" is 'small'); without a
  language, or in a language that does inflect them, they stay dates.

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


# --- a month word's inflection, as the text's language allows it ------------------------------

FRONT = set("әеөүіэeäöü")


def locative(stem: str) -> str:
    """The Turkic locative by vowel harmony: "майда", "апрелде"."""
    last = next(ch for ch in reversed(stem) if ch in "аоуыяюёәеөүіэиaoueiäöüy")
    return stem + ("де" if last in FRONT else "да")


def stems(locale: str) -> list[str]:
    return [get_month_names("wide", "stand-alone", locale)[m].lower().removesuffix("ь") for m in range(1, 13)]


def month_day(month: int, day: int = 5) -> date:
    return date(2019, month, day)


@pytest.mark.parametrize("template", ["{d} {m}a", "{d}-{m}a"])
def test_uzbek_puts_no_bare_vowel_dative_on_a_month(template):
    for month, stem in enumerate(stems("uz"), start=1):
        text = template.format(d=5, m=stem)
        now = noon(month_day(month) + timedelta(days=2), "uz")
        assert read(text, "uz", now, "uz") is None, text
        assert read(text, "uz-Cyrl", now, "uz") is None, text
        # Uzbek's own endings, and no language at all, still read the month
        for own in (f"5-{stem}da", f"5-{stem}ga", f"5 {stem}", f"5-{stem}dan"):
            got = read(own, "uz", now, "uz")
            assert got is not None and got.local == month_day(month), own
        got = read(text, None, now, "uz")
        assert got is not None and got.local == month_day(month), text


def test_turkmen_dative_stays_a_month():
    for month, stem in enumerate(stems("tk"), start=1):
        last = next(ch for ch in reversed(stem) if ch in "aoueiäöüy")
        text = f"5 {stem}{'e' if last in FRONT else 'a'}"  # "5 marta", "5 aprele": to 5 March, April
        now = noon(month_day(month) + timedelta(days=2), "tk")
        got = read(text, "tk", now, "tk")
        assert got is not None and got.local == month_day(month), text


@pytest.mark.parametrize("template", ["{d} {m}", "{d}-{m}", "{y} жылы {d} {m}"])
def test_kazakh_inflects_only_its_own_month_names(template):
    for month, (russian, kazakh) in enumerate(zip(stems("ru"), stems("kk")), start=1):
        now = noon(month_day(month) + timedelta(days=2), "kk")
        quoted = template.format(d=5, y=2019, m=locative(russian))
        assert read(quoted, "kk", now, "kk") is None, quoted
        for lang in ("ky", "uz-Cyrl", None):  # languages that inflect Russian month names
            got = read(quoted, lang, now, "kk")
            assert got is not None and got.local == month_day(month), (quoted, lang)
        own = template.format(d=5, y=2019, m=locative(kazakh))
        got = read(own, "kk", now, "kk")
        assert got is not None and got.local == month_day(month), own
        russian_case = template.format(d=5, y=2019, m=get_month_names("wide", "format", "ru")[month])
        got = read(russian_case, "kk", now, "kk")  # a Russian date quoted in Kazakh text
        assert got is not None and got.local == month_day(month), russian_case


# --- a zone's name before the clock, and a time given in two zones ---------------------------

ZONE_NAMES = {"GMT": "UTC", "UTC": "UTC", "MSK": "Europe/Moscow", "BJT": "Asia/Shanghai", "CET": "+01:00",
              "格林尼治标准时间": "UTC", "格林尼治標準時間": "UTC", "北京时间": "Asia/Shanghai", "北京時間": "Asia/Shanghai"}
DATE_FORMS = {"zh": "{y}年{m:02d}月{d:02d}日", "en": "{d} {mon} {y}", "ru": "{d:02d}.{m:02d}.{y}"}


def zone_of(name: str):
    target = ZONE_NAMES[name]
    if target[0] in "+-":
        from datetime import timezone
        return timezone(timedelta(hours=int(target[:3])))
    return ZoneInfo(target)


@pytest.mark.parametrize("name", sorted(ZONE_NAMES))
@pytest.mark.parametrize("form", sorted(DATE_FORMS))
def test_zone_name_before_the_clock(name, form):
    for day in DAYS:
        clock = time(21, 58) if day.day % 2 else time(5, 7)
        stamp = DATE_FORMS[form].format(y=day.year, m=day.month, d=day.day, mon=day.strftime("%B"))
        want = datetime.combine(day, clock, zone_of(name))
        for glue in (" ", ""):
            text = f"{stamp} {name}{glue}{clock:%H:%M}"
            if glue == "" and name.isascii():
                continue  # Latin names are written apart from the figure
            got = read(text, None, noon(day + timedelta(days=1), "kk"), "kk")
            assert got is not None and got.precision == "minute" and got.utc == want, (text, got)


@pytest.mark.parametrize("first, second", [("格林尼治標準時間", "北京時間"), ("北京时间", "格林尼治标准时间"),
                                           ("GMT", "MSK"), ("MSK", "GMT")])
def test_a_time_in_two_zones_reads_the_first(first, second):
    for day in DAYS:
        at = datetime.combine(day, time(21, 58), zone_of(first))
        other = at.astimezone(zone_of(second))
        text = f"{day.year}年{day.month:02d}月{day.day:02d}日 {first} {at:%H:%M}{second} {other:%H:%M}發表"
        got = read(text, None, noon(day + timedelta(days=2), "kk"), "kk")
        assert got is not None and got.utc == at, (text, got)


@pytest.mark.parametrize("text", ["13 May 2005 at 21:58", "13 May 2005 gmtx 21:58", "13 May 2005 в 21:58",
                                  "2005年05月13日 时间 21:58", "2005年05月13日 当地时间 21:58"])
def test_no_zone_name_before_the_clock_keeps_the_source_zone(text):
    got = read(text, None, noon(date(2005, 5, 14), "kk"), "kk")
    assert got is not None and got.utc == datetime(2005, 5, 13, 21, 58, tzinfo=ZoneInfo(ZONES["kk"])), (text, got)
