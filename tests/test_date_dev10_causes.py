"""Generated tests of the causes dev10 (the opened holdout9) showed, each as the general
mechanism it stands for, not as its strings:

- a day of the month without its month (CLDR's "d" and "Ed" skeletons): a CJK day alone
  ("30日", "13号"), a CJK weekday with a bracketed day ("周五(13日)", "13日(周五)"), and a
  weekday name of any covered locale with a day number ("пятница, 13", "Fri 13");
- the colloquial Chinese 号/號 for 日, with a month and with a year;
- ISO 8601's basic calendar date standing alone ("20250829", "(20250829)");
- a label between a clock and its date ("Время 15:34 Дата 07.04.2010");
- a revision label before a preposition and a date ("с изм. от 16.03.2021");
- a day written as an ordinal word ("второго июня", "двадцать третьего февраля").

Each form is rendered over days spread over 2008-2025, weekday names from CLDR through
babel, and read at fetch moments after the day; the look-alikes beside each form must stay
no date or keep their other reading. The rows of dev10 itself are in
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
        date(2012, 5, 15), date(2017, 8, 31)]
ZONES = {"ru": "Europe/Moscow", "tk": "Asia/Ashgabat", "kk": "Asia/Almaty", "ky": "Asia/Bishkek",
         "uz": "Asia/Tashkent", "uz_Cyrl": "Asia/Tashkent", "tg": "Asia/Dushanbe", "en": "Asia/Bishkek",
         "zh": "Asia/Urumqi", "zh_Hant": "Asia/Taipei"}
LATER = [timedelta(0), timedelta(days=1), timedelta(days=3), timedelta(days=6)]


def read(text: str, lang: str, now: datetime):
    return parse_date(text, ZONES[lang], now, lang.replace("_", "-"))


def noon(day: date, lang: str) -> datetime:
    return datetime.combine(day, time(12), ZoneInfo(ZONES[lang]))


def weekday_names(locale: str, day: date) -> list[str]:
    days = Locale.parse(locale).days
    names = {days[context][width][day.weekday()] for context in ("format", "stand-alone")
             for width in ("wide", "abbreviated")}
    return sorted(name for name in names if name.lower() != "душанбе")


# --- a weekday with a day number (CLDR "Ed") -----------------------------------------------

NAMED_TEMPLATES = ["{w}, {d}", "{w} {d}", "{d} {w}", "{w}. {d}"]


@pytest.mark.parametrize("lang", ["ru", "kk", "ky", "uz", "uz_Cyrl", "tk", "en"])
@pytest.mark.parametrize("template", NAMED_TEMPLATES)
def test_weekday_with_day_number(lang, template):
    for day in DAYS:
        for name in weekday_names(lang, day):
            text = template.format(w=name.rstrip(".") if "." in template else name, d=day.day)
            for later in LATER:
                got = read(text, lang, noon(day + later, lang))
                assert got is not None and got.precision == "day" and got.local == day, (text, later, got)


@pytest.mark.parametrize("lang", ["zh", "zh_Hant"])
@pytest.mark.parametrize("template", ["{w}({d}日)", "{w}（{d}日）", "{d}日({w})", "{d}日（{w}）", "{w} ({d}号)",
                                      "数千名示威者{w}({d}日)聚集在广场", "{w}({d}日)"])
def test_cjk_weekday_with_bracketed_day(lang, template):
    for day in DAYS:
        for name in weekday_names(lang, day):
            text = template.format(w=name, d=day.day)
            for later in LATER:
                got = read(text, lang, noon(day + later, lang))
                assert got is not None and got.local == day, (text, later, got)


def test_weekday_and_day_that_disagree_take_an_earlier_month():
    # 13 May 2005 was a Friday, 13 January 2005 a Thursday
    assert read("周五(13日)", "zh", noon(date(2005, 5, 14), "zh")).local == date(2005, 5, 13)
    assert read("周四(13日)", "zh", noon(date(2005, 2, 20), "zh")).local == date(2005, 1, 13)
    # no Thursday the 13th in the three months back: no date rather than a guess
    assert read("周四(13日)", "zh", noon(date(2005, 5, 14), "zh")) is None
    # other languages look a year back: "Thu 13" on 14 May 2005 is 13 January 2005
    assert read("Thu 13", "en", noon(date(2005, 5, 14), "en")).local == date(2005, 1, 13)


@pytest.mark.parametrize("text, lang", [
    ("пятница, 13 человек", "ru"), ("Fri 13 items", "en"), ("в пятницу 13 домов", "ru"),
    ("Душанбе, 14", "tg"), ("жума 13 киши келди", "ky"), ("Friday", "en"), ("13", "ru"),
    ("пятница, 45", "ru"), ("Fri 0", "en"),
])
def test_weekday_and_number_look_alikes(text, lang):
    for day in DAYS:
        assert read(text, lang, noon(day, lang)) is None, text


# --- a CJK day alone, and 号/號 ----------------------------------------------------------

@pytest.mark.parametrize("template", ["{d}日", "{d}号", "{d}號", "({d}日)", "（{d}日）", "{d} 日"])
def test_cjk_day_alone(template):
    for day in DAYS:
        text = template.format(d=day.day)
        for later in (timedelta(0), timedelta(days=2), timedelta(days=5)):
            got = read(text, "zh", noon(day + later, "zh"))
            if day.day > 28 and later and (day + later).month != day.month:
                continue  # the next month may have no such day: the latest one is still this day
            assert got is not None and got.precision == "day" and got.local == day, (text, later, got)


@pytest.mark.parametrize("text", ["30日内", "第30日", "13号线", "3号楼", "每月15日", "12日电视讲话", "30 日 元"])
def test_cjk_day_alone_look_alikes(text):
    for day in DAYS:
        assert read(text, "zh", noon(day, "zh")) is None, text


@pytest.mark.parametrize("template", ["{m}月{d}号", "{m}月{d}號", "{y}年{m}月{d}号", "{y}年{m}月{d}號",
                                      "政府在{m}月{d}号的动乱中", "{y}年{m}月{d}号 星期{w}"])
def test_hao_for_ri(template):
    for day in DAYS:
        text = template.format(y=day.year, m=day.month, d=day.day, w="一二三四五六日"[day.weekday()])
        got = read(text, "zh", noon(day + timedelta(days=2), "zh"))
        assert got is not None and got.local == day, (text, got)


# --- ISO 8601's basic calendar date --------------------------------------------------------

@pytest.mark.parametrize("template", ["{c}", "({c})", "（{c}）", "[{c}]"])
def test_iso_basic_date_alone(template):
    for day in DAYS:
        text = template.format(c=day.strftime("%Y%m%d"))
        got = read(text, "ru", noon(day + timedelta(days=1), "ru"))
        assert got is not None and got.precision == "day" and got.local == day, (text, got)


@pytest.mark.parametrize("text", ["20251399", "20250231", "20250000", "№20250829", "тел. 20250829",
                                  "202508291", "2025082", "(2025-0829)", "заказ 20250829 оплачен"])
def test_iso_basic_date_look_alikes(text):
    assert read(text, "ru", noon(date(2025, 9, 30), "ru")) is None, text


# --- a label between a clock and its date -------------------------------------------------

LABELLED = [("Время {t} Дата {dmy}", "ru"), ("{t} Дата: {dmy}", "ru"), ("Time {t} Date {ymd}", "en"),
            ("Soat {t} Sana {dmy}", "uz"), ("{t} | Опубликовано {dmy}", "ru"), ("{t} сана {dmy}", "tg")]


@pytest.mark.parametrize("template, lang", LABELLED)
def test_clock_label_date(template, lang):
    for day in DAYS:
        for h, mi in ((8, 5), (15, 34), (23, 59)):
            text = template.format(t=f"{h:02d}:{mi:02d}", dmy=day.strftime("%d.%m.%Y"), ymd=day.isoformat())
            got = read(text, lang, noon(day + timedelta(days=1), lang))
            assert got is not None and got.precision == "minute", (text, got)
            assert (got.local.date(), got.local.hour, got.local.minute) == (day, h, mi), (text, got)


@pytest.mark.parametrize("template", ["{t} рейс {dmy}", "{t} курс 12 {dmy}", "в {t} дата ремонта {dmy}"])
def test_clock_and_date_with_other_words_between_keep_the_day(template):
    # a word that is no label: the clock is not the date's; the day alone is read
    for day in DAYS:
        got = read(template.format(t="15:34", dmy=day.strftime("%d.%m.%Y")), "ru", noon(day + timedelta(days=1), "ru"))
        assert got is None or (got.precision == "day" and got.local == day), (template, got)


# --- a revision label, then a preposition and the date -------------------------------------

MONTHS_GEN = list(get_month_names("wide", "format", "ru").values())


@pytest.mark.parametrize("template", ["с изм. от {dmy}", "в ред. от {dmy}", "(с изменениями от {d} {mg} {y} года)",
                                      "Дата: от {dmy}", "(в редакции от {dmy})", "с изм. и доп. от {dmy}"])
def test_revision_label_before_preposition(template):
    for day in DAYS:
        text = template.format(dmy=day.strftime("%d.%m.%Y"), d=day.day, mg=MONTHS_GEN[day.month - 1], y=day.year)
        got = read(text, "ru", noon(day + timedelta(days=1), "ru"))
        assert got is not None and got.local == day, (text, got)


@pytest.mark.parametrize("template", ["встреча с {d} по 30 {mg} прошла", "перенесли на {dmy} заседание",
                                      "он вернулся из командировки от {dmy} года к работе"])
def test_prepositions_in_prose_stay_mentions(template):
    for day in DAYS:
        text = template.format(dmy=day.strftime("%d.%m.%Y"), d=day.day, mg=MONTHS_GEN[day.month - 1])
        assert read(text, "ru", noon(day + timedelta(days=1), "ru")) is None, text


# --- a day written as an ordinal word (Russian) --------------------------------------------

ORDINALS_GENITIVE = [
    "первого", "второго", "третьего", "четвёртого", "пятого", "шестого", "седьмого", "восьмого",
    "девятого", "десятого", "одиннадцатого", "двенадцатого", "тринадцатого", "четырнадцатого",
    "пятнадцатого", "шестнадцатого", "семнадцатого", "восемнадцатого", "девятнадцатого",
    "двадцатого", "двадцать первого", "двадцать второго", "двадцать третьего", "двадцать четвёртого",
    "двадцать пятого", "двадцать шестого", "двадцать седьмого", "двадцать восьмого",
    "двадцать девятого", "тридцатого", "тридцать первого"]


def nominative_neuter(genitive: str) -> str:
    return genitive[:-4] + "ье" if genitive.endswith("ьего") else genitive[:-3] + "ое"


@pytest.mark.parametrize("template", ["{o} {mg}", "{o} {mg} {y} года", "{O} {mg} {y} г.", "Бишкек, {o} {mg}"])
def test_day_as_ordinal_word(template):
    for day in DAYS:
        genitive = ORDINALS_GENITIVE[day.day - 1]
        for ordinal in (genitive, nominative_neuter(genitive)):
            text = template.format(o=ordinal, O=ordinal.capitalize(), mg=MONTHS_GEN[day.month - 1], y=day.year)
            got = read(text, "ru", noon(day + timedelta(days=1), "ru"))
            assert got is not None and got.precision == "day" and got.local == day, (text, got)


@pytest.mark.parametrize("text", ["второго числа", "первое место", "третьего лица", "пятого класса",
                                  "второе чтение", "первого заместителя", "В первый день 2024 года",
                                  "двадцать первого века"])
def test_ordinal_word_look_alikes(text):
    for day in DAYS:
        assert read(text, "ru", noon(day, "ru")) is None, text
