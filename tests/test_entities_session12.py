"""Entities, session 12: the general causes of the dev errors, each on composed sentences
with look-alikes that must not change (issue 19, item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.entities import extract_entities


def names(text, lang="ru", title=""):
    return {(e.type, e.name) for e in extract_entities(title, text, lang)}


def test_known_multiword_names_decline_in_every_word():
    found = names("Президент Республики Казахстан прибыл на саммит Шанхайской организации "
                  "сотрудничества в Российской Федерации, затем в Китае и Беларуси.")
    assert {("LOC", "Республика Казахстан"), ("ORG", "Шанхайская организация сотрудничества"),
            ("LOC", "Российская Федерация"), ("LOC", "Китай"), ("LOC", "Беларусь")} <= found


def test_a_known_name_is_written_with_a_capital():
    # a whale's genitive, a Chinese company, the Kazakh "also" and the Kyrgyz "a number of"
    assert not any(n == "Китай" for _, n in names("Мясо кита и китайские компании."))
    assert not any(n in ("Қатар", "Катар") for _, n in names("Сонымен қатар жиын өтті.", "kk"))
    assert not any(n in ("Қатар", "Катар") for _, n in names("Бир катар маселелер.", "ky"))
    assert ("LOC", "Қатар") in names("Делегация Қатарға барды.", "kk")


def test_an_organisation_takes_the_words_its_head_governs():
    found = names("Об этом сообщили в Министерстве иностранных дел Кыргызстана. Данные "
                  "Агентства по статистике РТ и решение Верховного суда Узбекистана.")
    assert ("ORG", "Министерство иностранных дел Кыргызстана") in found
    assert ("LOC", "Кыргызстан") in found  # the place inside stays its own entity
    assert ("ORG", "Агентство по статистике РТ") in found
    assert ("ORG", "Верховный суд Узбекистана") in found


def test_an_organisation_takes_no_preposition_and_no_person():
    found = names("Об этом сообщил председатель ЦИК республики Зайниддин Низамходжаев. "
                  "Исследование провела компания SNC Lavalin из Канады.")
    assert ("PER", "Зайниддин Низамходжаев") in found
    assert not any("Зайниддин" in n for kind, n in found if kind == "ORG")
    assert not any(" из " in n for _, n in found)
    assert ("ORG", "SNC Lavalin") in found


def test_a_body_and_the_place_it_belongs_to():
    found = names("Глава ГКНБ КР и представители МЧС Казахстана встретились.")
    assert ("ORG", "ГКНБ КР") in found and ("ORG", "МЧС Казахстана") in found
    assert ("LOC", "Казахстан") in found
    # a place in the nominative after a body is not whose the body is
    assert ("ORG", "ООН") in names("ООН Казахстан поддержала проект.")


def test_patronymics_are_left_out_and_the_official_order_turned():
    assert ("PER", "Жумгалбек Шабданбеков") in names("Шабданбеков Жумгалбек Кумарович назначен.")
    assert ("PER", "Шавкат Мирзиёев") in names("Так сказал Шавкат Миромонович Мирзиёев.")
    assert ("PER", "Шавкат Мирзиёев") in names("Президенті Шавкат Миромонович Мирзиёевті", "kk")
    english = names("Kassym-Jomart Kemelevich Tokayev will take part.", "en")
    assert ("PER", "Kassym-Jomart Tokayev") in english
    # a first name with its patronymic and no surname is an address, no entity
    assert not any(kind == "PER" for kind, _ in names("Уважаемый Иван Петрович, спасибо."))


def test_a_woman_keeps_her_surname_and_a_man_in_the_genitive_loses_the_ending():
    assert ("PER", "Динара Закиева") in names("Динара Закиева сообщила о решении.")
    assert ("PER", "Жазгуль Масалиева") in names("Об этом рассказала Жазгуль Масалиева.")
    assert ("PER", "Эмилбек Ысманов") in names("Заявление Эмилбека Ысманова опубликовано.")


def test_indeclinable_names_stay_as_written():
    assert ("PER", "Хабибулло Назарзода") in names("Об этом сообщил Хабибулло Назарзода.")
    assert ("PER", "Айсулуу Тыныбекова") in names("Тренер поздравил Айсулуу Тыныбекову.")


def test_common_abbreviations_headline_words_and_codes_name_nothing():
    assert names("Рост ВВП замедлился, число ДТП выросло.") == set()
    assert not any(n == "ПРЕЗИДЕНТА" for _, n in names("ПОСЛАНИЕ ПРЕЗИДЕНТА СТРАНЫ"))
    assert names("Код бумаги KZ1C00004050 в системе.") == set()
    assert ("ORG", "МЧС") in names("Спасатели МЧС прибыли.")  # a body's abbreviation stays


def test_the_words_before_a_name_tell_its_type():
    found = names("Кандидат от партии «Адолат» победил. Как в Улкене провели референдум. "
                  "Очередь у пункта пропуска «Нур Жолы» растёт.")
    assert ("ORG", "Адолат") in found and ("LOC", "Улкен") in found
    assert ("LOC", "Нур Жолы") in found
    # after "на" in the accusative a surname stays a person, not a place
    assert not any(kind == "LOC" for kind, _ in names("Подали в суд на Асанова."))


def test_plural_heads_and_legal_forms():
    found = names("В Сырдарьинской областях рост. Поставщик ООО Quramax Medical осуждён.")
    assert ("LOC", "Сырдарьинская область") in found
    assert ("ORG", "Quramax Medical") in found and not any("ООО" in n for _, n in found)


def test_an_english_body_of_a_known_place():
    found = names("The Ministry of Energy of Uzbekistan said so.", "en")
    assert ("ORG", "Ministry of Energy of Uzbekistan") in found and ("LOC", "Uzbekistan") in found


def test_the_fresh_set_is_skipped_cleanly_without_its_texts(tmp_path: Path):
    from benchmarks.bench_entities import load_fresh

    assert load_fresh(tmp_path / "absent.tsv") == []


@pytest.mark.parametrize("lang", ["ru", "kk", "en", "zh"])
def test_every_language_gives_records_with_the_fields_enrich_writes(lang):
    text = {"ru": "Садыр Жапаров прибыл в Астану.", "kk": "Тоқаев Ташкентке барды.",
            "en": "Tokayev visited Tashkent.", "zh": "习近平会见托卡耶夫。"}[lang]
    for entity in extract_entities("", text, lang):
        assert set(entity.record()) == {"type", "name", "mentions"} and entity.mentions >= 1


def test_untyped_names_in_a_list_of_places_are_places():
    found = names("Flights go to Dubai, Delhi, Amritsar, Istanbul, Seoul, Riga and Singapore.", "en")
    assert {("LOC", "Amritsar"), ("LOC", "Riga"), ("LOC", "Singapore")} <= found
    # a list of people, or one with a single place, is no list of places (the people are
    # people since round 2: their first names are known)
    assert not any(kind == "LOC" for kind, _ in names("Jan Smith, Bob Brown and Ann Lee came.", "en"))
    assert ("LOC", "Riga") not in names("Flights to Dubai, Riga and Lotus Holdings.", "en")


def test_the_article_script_names_an_entity_written_in_two():
    found = names("Статья «Visas to Kazakhstan» рассказывает о визах в Казахстан.")
    assert ("LOC", "Казахстан") in found and ("LOC", "Kazakhstan") not in found
