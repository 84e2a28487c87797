"""The lead finder (aggregator.enrich.lead_sentence) on texts written for the tests: what a
page puts before the lead is skipped, in several languages, and look-alikes stay the lead."""

from __future__ import annotations

import pytest

from aggregator.enrich.lead_sentence import _FURNITURE, lead_span, opening_kind


def _lead(body: str, title: str = "") -> str:
    start, end = lead_span(body, title)
    return body[start:end].strip()


@pytest.mark.parametrize("opening", [
    "Понедельник, 13 Октября 2025\n\n",  # a weekday and a date
    "10 июля 2023, 09:10,\nобновлено 10 июля 2023, 09:56\n\n",  # published / updated
    "23.12.2022, город Душанбе\n",
    "02 May 2017 05:49 am\n",
    "14.10.2023 • 23:43\n",
])
def test_a_date_line_is_skipped(opening):
    body = opening + "Президент Казахстана провёл встречу с делегацией Китая. Стороны обсудили торговлю."
    assert _lead(body) == "Президент Казахстана провёл встречу с делегацией Китая."


@pytest.mark.parametrize("opening, lead", [
    ("Новости Казахстана Новости мира Интервью Life style Спорт Культура Регионы\n\n",
     "Объем торговли между странами вырос на треть за год."),
    ("Home\nNews\nWorld\nCentral Asia\n", "Kazakhstan and China signed an agreement on a new railway."),
    ("Басты бет › Саясат › Әлем\n", "Қазақстан мен Қытай жаңа келісімге қол қойды."),
    ("Menu\nRSS\n\n", "Узбекистан запустил новый рейс в Нью-Йорк."),
    ("Войти в почту\n\n", "В Ташкенте приземлился первый прямой рейс из США."),
    ("• $ 99.45 -0.13\n• ¥ 13.75 +0.15\n", "Таджикистан решил выйти на рынок евробондов."),
])
def test_a_menu_breadcrumb_or_furniture_run_is_skipped(opening, lead):
    assert _lead(opening + lead + " Подробности позже.") == lead


@pytest.mark.parametrize("credit, lead", [
    ("Фото: Акорда", "Президент подписал закон о республиканском бюджете."),
    ("Photo: AFP", "Uzbekistan placed its first green bonds in London."),
    ("Сурет: Ақорда баспасөз қызметі", "Мемлекет басшысы заңға қол қойды."),
    ("Muallif: Aziz Karimov", "O'zbekiston yangi yo'l qurilishini boshladi."),
    ("Автор: Жазгуль Масалиева", "Садыр Жапаров взял краткосрочный отпуск."),
    ("Source: Kabar", "Kyrgyzstan opened a new border crossing with Kazakhstan."),
    ("记者：张伟", "中国与哈萨克斯坦签署了新的合作协议。"),
    ("© Sputnik / Павел Бедняков", "Президент России запустил поставки газа в Узбекистан."),
])
def test_a_credit_or_byline_is_skipped(credit, lead):
    body = credit + "\n" + lead + " Ещё одно предложение."
    assert body[lead_span(body)[0]:].startswith(lead)  # a Chinese lead runs on past its 。


def test_the_labels_are_data_in_several_languages():
    labels = {*_FURNITURE["credit_words"], *_FURNITURE["byline_words"]}
    assert {"фото", "photo", "сурет", "автор", "muallif", "记者"} <= labels


def test_the_title_repeated_is_skipped():
    title = "Токаев встретился с Си Цзиньпином в Астане"
    body = ("Токаев встретился с Си Цзиньпином в Астане\n"
            "Президент Казахстана провёл переговоры с Председателем КНР в Акорде. Далее.")
    assert _lead(body, title) == "Президент Казахстана провёл переговоры с Председателем КНР в Акорде."
    # with its own stop, on the line of the lead
    body = ("Токаев встретился с Си Цзиньпином в Астане. "
            "Президент Казахстана провёл переговоры с Председателем КНР в Акорде. Далее.")
    assert _lead(body, title) == "Президент Казахстана провёл переговоры с Председателем КНР в Акорде."


def test_a_lead_that_shares_some_words_with_the_title_stays():
    title = "Kazakhstan and China sign a gas deal"
    body = "Kazakhstan and China signed a deal on gas supplies through a new pipeline. More."
    assert lead_span(body, title)[0] == 0


@pytest.mark.parametrize("body, lead", [
    # a real first sentence that opens with a date
    ("5 мая 2025 года Президент Казахстана посетил Китай с государственным визитом. Далее.",
     "5 мая 2025 года Президент Казахстана посетил Китай с государственным визитом."),
    ("On 9 August 2024, the Consultative Meeting was held in Astana. More text follows.",
     "On 9 August 2024, the Consultative Meeting was held in Astana."),
    # a dateline ending in a stop is still a lead on its own, as before
    ("ТАШКЕНТ, 5 мая — Sputnik. Узбекистан и Кыргызстан подписали соглашение.",
     "ТАШКЕНТ, 5 мая — Sputnik."),
    # a one-line lead without a stop
    ("Казахстан и Узбекистан подписали соглашение о границе",
     "Казахстан и Узбекистан подписали соглашение о границе"),
])
def test_look_alikes_stay_the_lead(body, lead):
    assert lead_span(body)[0] == 0
    assert _lead(body) == lead


def test_an_opening_of_nothing_but_headings_is_not_skipped():
    body = "Новости\nСпорт\nКультура"
    assert lead_span(body) == (0, len(body))


@pytest.mark.parametrize("segment, kind", [
    ("Среда, 3 Сентября 2025 10:43", "date"),
    ("Басты бет › Саясат › Әлем", "menu"),
    ("Фото: Global Look Press", "credit"),
    ("14.10.2023 • 23:43", "no letters"),
    ("Сердар Бердымухамедов назвал ключевой фактор партнерства", "title"),
    ("Президент Туркменистана направил поздравления Председателю КНР.", None),
])
def test_the_kind_of_an_opening_segment(segment, kind):
    title = "Сердар Бердымухамедов назвал ключевой фактор туркмено-китайского партнерства"
    assert opening_kind(segment, title) == kind
