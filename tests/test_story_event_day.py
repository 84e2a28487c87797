"""The event's day of a text (``benchmarks.event_day_reader``): generated cases over
templates, languages and every month, and look-alikes that are not the event's day."""

from __future__ import annotations

import pytest

from benchmarks.event_day_reader import classified_days, event_day, url_day
from aggregator.stories.eventdays import make_day, month_of

#: A day-and-month form per month and language, checked against the date table below.
MONTHS = {
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
    "kk": ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
           "қыркүйек", "қазан", "қараша", "желтоқсан"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}
#: (language, template, expected class): {d} {m} {y} the event's day; {d2} {m2} another.
REPORTS = [
    ("ru", "Президент подписал указ {d} {m} {y} года.", "lead_past"),
    ("ru", "Указ о назначении министра\nДокумент опубликован {d} {m} {y} года.", "lead"),
    ("ru", "Напомним, {d2} {m2} 2019 года суд вынес приговор. Апелляцию рассмотрели "
           "{d} {m} {y} года.", "body_past"),
    ("ru", "Форум в Астане пройдет {d2} {m2}. Подготовку обсудили {d} {m} {y} года.",
     "body_past"),
    ("ru", "Прием заявок продлится до {d2} {m2}. Конкурс объявлен {d} {m} {y} года.",
     "body"),
    ("kk", "{y} жылғы {d} {m} күні Президент жарлыққа қол қойды.", "lead"),
    ("en", "On {m} {d}, {y} the President signed a decree.", "lead"),
]
#: Texts whose only days are not the event's: a future act, a span, a deadline.
ASIDES = [
    ("ru", "Саммит состоится {d} {m} в Ашхабаде."),
    ("ru", "Выставка будет работать с {d} по {d2} {m}."),
    ("ru", "Документы принимаются до {d} {m}."),
]


def _cases():
    for lang, months in MONTHS.items():
        for month, word in enumerate(months, start=1):
            assert month_of(word) == month, (lang, word)
            other = months[month % 12]
            yield lang, month, word, other


@pytest.mark.parametrize("lang,month,word,other", list(_cases()))
def test_the_event_day_is_read_in_every_template_language_and_month(lang, month, word,
                                                                    other):
    for template_lang, template, cls in REPORTS:
        if template_lang != lang:
            continue
        text = template.format(d=14, m=word, y=2024, d2=3, m2=other)
        title, _, body = text.rpartition("\n")
        assert event_day(title or None, body, "", lang) == (make_day(2024, month, 14), cls)


@pytest.mark.parametrize("month", range(1, 13))
def test_a_future_a_span_and_a_deadline_are_not_the_event_day(month):
    word = MONTHS["ru"][month - 1]
    for lang, template in ASIDES:
        text = template.format(d=2, m=word, d2=9)
        assert event_day(None, text, "", lang) == (None, None)
        assert {cls for _, cls in classified_days(None, text, "", lang)} == {"aside"}


def test_the_url_day_comes_first_and_needs_year_month_and_day():
    day = make_day(2024, 7, 5)
    assert url_day("https://example.kz/news/2024/07/05/ukaz.html") == day
    assert url_day("https://example.kz/news/20240705-ukaz") == day
    assert url_day("https://example.kz/news/2024/07/ukaz.html") is None
    assert event_day(None, "Указ подписан 3 июля.", "https://example.kz/2024/07/05/x",
                     "ru") == (day, "url")


def test_numbers_that_are_not_dates_give_no_day():
    for text in ("Бюджет составит 14 миллионов тенге.", "В турнире 12 команд из 5 стран.",
                 "Счет матча 3:1, на 45 минуте."):
        assert event_day(None, text, "", "ru") == (None, None)


def test_the_scoring_counts_the_event_day_and_the_day_before_as_right():
    from benchmarks.bench_event_day import earliest, right, signed_gap

    event = make_day(2024, 1, 1)
    assert right(event, event) and right(make_day(2023, 12, 31), event)
    assert not right(make_day(2024, 1, 2), event) and not right(make_day(2023, 12, 30), event)
    # year-less days compare by day of year, across the year end
    assert signed_gap(make_day(None, 12, 31), make_day(None, 1, 1)) == -1
    assert right(make_day(None, 12, 31), event)
    assert earliest([make_day(2024, 7, 6), make_day(2024, 7, 5),
                     make_day(2024, 7, 9)]) == make_day(2024, 7, 5)
