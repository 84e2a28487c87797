"""The primary country's rules and gazetteer classes of session 9 (issue 19, item 4), and a
floor on the fresh2 set: 300 real texts the rules never saw (benchmarks/README.md,
"Country tags, session 9"). Sentences written for the tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aggregator.enrich.countries import tag_countries

FRESH2_TEXTS = Path(os.environ.get("FRESH2_TEXTS", "/work/scratch/countries_fresh2"))


def tags(text: str, title: str = "", lang: str | None = None) -> tuple[list[str], str | None]:
    got = tag_countries(title, text, lang)
    return got.countries, got.primary


def test_talks_without_a_visit_are_the_two_countries_relations():
    # a phone call or a meeting between the two leading countries: no primary
    assert tags("Президент Казахстана провел телефонный разговор с президентом Кыргызстана. "
                "Стороны обсудили вопросы торговли и поставки электроэнергии в Бишкек.") == (
        ["KG", "KZ"], None)
    # ...but a road accident on an oncoming lane is not a meeting ("встречную полосу")
    got = tags("В Киргизии разбился автобус с туристами из Казахстана. Автобус выехал на "
               "встречную полосу вблизи Бишкека и столкнулся с грузовиком.",
               title="В Киргизии разбился автобус с туристами из Казахстана")
    assert got == (["KG", "KZ"], "KG")


def test_a_dateline_of_the_outlets_seat_does_not_decide():
    body = ("ТАШКЕНТ, 8 окт — Sputnik. Таджикистан и Кыргызстан согласовали еще 40 км "
            "общей границы, сообщили власти обеих республик.")
    assert tags(body) == (["KG", "TJ", "UZ"], None)
    # a dateline whose country is named again still places the story
    body = ("ТАШКЕНТ, 8 окт — Sputnik. В Узбекистане открыли новый завод, на открытии "
            "присутствовал посол Кыргызстана.")
    assert tags(body)[1] == "UZ"


def test_three_countries_listed_as_the_subject_act_jointly():
    title = "Узбекистан, Кыргызстан и Казахстан подписали соглашение о строительстве ГЭС"
    body = ("В Министерстве энергетики Кыргызстана министры трех стран подписали дорожную "
            "карту. Станция будет построена в Джалал-Абадской области Кыргызстана.")
    assert tags(body, title) == (["KG", "KZ", "UZ"], None)
    # a list in a subordinate clause does not: the Kyrgyz minister speaks
    body = ("Министр энергетики Кыргызстана провел пресс-конференцию и заявил, что Кыргызстан, "
            "Узбекистан и Казахстан проведут расследование аварии. Министр Кыргызстана "
            "добавил, что энергосистема Кыргызстана восстановлена.")
    assert tags(body)[1] == "KG"


@pytest.mark.parametrize("text, lang, country", [
    ("Жамбыл облысында жаңа мектеп ашылды.", "kk", "KZ"),
    ("Қордайда жол апаты болды.", "kk", "KZ"),
    ("Біздің елде сөз бостандығы әлі қалыптасқан жоқ.", "kk", "KZ"),
    ("Daşkendiň demir ýol menzilinde ilkinji otly garşylandy.", "tk", "UZ"),
    ("Шавкат Мирзиё Сингапурга ташриф буюради.", "uz", "UZ"),
    ("A traffic jam of heavy trucks formed at the Too-Ashuu pass.", "en", "KG"),
])
def test_gazetteer_classes_of_session_9(text, lang, country):
    assert tags(text, lang=lang) == ([country], country)


def test_a_state_newspaper_named_after_the_country_is_an_outlet():
    assert tags("Bu barada “Türkmenistan” gazetiniň elektron neşiri habar berýär.",
                lang="tk") == ([], None)


def test_fresh2_floor():
    """The fresh2 set (texts outside the repository; unseen in session 9, development data
    since session 10): P/F1 of the tags and the primary country stay at least where they
    were measured (0.990/0.989; primary 0.763 in session 9, 0.787 in session 10; 0.767 on the
    labels of session 13 round 2, which changed 12 primaries: country_primary_relabel.jsonl)."""
    if not (FRESH2_TEXTS / "texts.tsv").exists():
        pytest.skip(f"fresh2 texts not available in {FRESH2_TEXTS} (third-party prose, kept "
                    "outside the repository)")
    from benchmarks.bench_countries_fresh import LABEL_FILES, load, score

    records = load(FRESH2_TEXTS, LABEL_FILES["fresh2"])
    assert len(records) == 300
    s = score(records, [tag_countries(r["title"], r["text"]) for r in records])
    assert s["P"] >= 0.985 and s["F1"] >= 0.985 and s["primary"] >= 0.76, s
