"""Session 12, round 2 of the entity extractor: names in the region's languages, one person
across transliterations, Latin first names. Each rule on composed sentences, with the
look-alikes that must not change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aggregator.entities import extract_entities


def names(text: str, lang: str, title: str = "") -> set[tuple[str, str]]:
    return {(e.type, e.name) for e in extract_entities(title, text, lang)}


@pytest.mark.parametrize("lang, text, expected", [
    ("uz", "Миллий статистика қўмитасига кўра, нархлар ошди.", ("ORG", "Миллий статистика қўмитаси")),
    ("uz", "Qirg'iziston Iqtisodiyot vazirligi rahbari bilan uchrashdi.",
     ("ORG", "Qirg'iziston Iqtisodiyot vazirligi")),
    ("uz", "Bu haqda Iqtisodiyot va moliya vazirligining xabarida aytildi.",
     ("ORG", "Iqtisodiyot va moliya vazirligi")),
    ("uz", "Кеча Марказий банк ставкани оширди.", ("ORG", "Марказий банк")),
    ("kk", "Сыртқы істер министрлігінің ресми өкілі сөйледі.", ("ORG", "Сыртқы істер министрлігі")),
    ("ky", "Бул тууралуу Тышкы иштер министрлигинин басма сөз кызматы билдирди.",
     ("ORG", "Тышкы иштер министрлиги")),
    ("ky", "Мамлекеттик геология жана минералдык ресурстар боюнча агенттик маалымдады.",
     ("ORG", "Мамлекеттик геология жана минералдык ресурстар боюнча агенттик")),
    ("tk", "Daşary işler ministrliginiň metbugat gullugy habar berdi.",
     ("ORG", "Daşary işler ministrligi")),
    ("tg", "Дар ин хусус Вазорати корҳои хориҷии Ҷумҳурии Тоҷикистон хабар медиҳад.",
     ("ORG", "Вазорати корҳои хориҷии Ҷумҳурии Тоҷикистон")),
    ("tg", "Маҷлиси олии кишвар қонунро қабул кард.", ("ORG", "Маҷлиси олӣ")),
    ("tg", "Институти давлатии тарбияи ҷисмонӣ ва варзиши Туркманистон кушода шуд.",
     ("ORG", "Институти давлатии тарбияи ҷисмонӣ ва варзиши Туркманистон")),
])
def test_organisations_of_the_regions_languages_are_named_whole(lang, text, expected):
    assert expected in names(text, lang)


@pytest.mark.parametrize("lang, text, expected", [
    ("uz", "Namangan viloyatining Uchqo'rg'on tumanida post quriladi.",
     {("LOC", "Namangan viloyati"), ("LOC", "Uchqo'rg'on tumani")}),
    ("kk", "Кеше Жетісу облысында жер сілкінді.", {("LOC", "Жетісу облысы")}),
    ("ky", "Окуя Ноокен районунда болду.", {("LOC", "Ноокен району")}),
    ("tk", "Ahal welaýatynyň ekerançylary.", {("LOC", "Ahal welaýaty")}),
    ("en", "Clashes in the Batken Region and the Tashkent region's farms.",
     {("LOC", "Batken Region"), ("LOC", "Tashkent region")}),
])
def test_regions_keep_their_administrative_noun(lang, text, expected):
    assert expected <= names(text, lang)


@pytest.mark.parametrize("lang, text, unwanted", [
    # a person's name, a plural subject, a common word, a title before the lower-case words
    ("kk", "Бұл туралы деді Смадияров сыртқы істер министрлігінде өткен брифингте.", "Смадияров"),
    ("kk", "Тараптар сыртқы істер министрлігінде кездесті.", "Тараптар"),
    ("uz", "Bu haqda milliy aviakompaniya matbuot xizmati xabar berdi.", "Bu"),
    ("uz", "Prezident vazirlikka topshiriq berdi.", "Prezident"),
    ("uz", "Bugun sud qaror qildi.", "Bugun"),
    ("en", "The region is calm.", "The"),
])
def test_look_alikes_of_those_names_stay_out(lang, text, unwanted):
    assert not any(name.startswith(unwanted) and kind in ("ORG", "LOC")
                   for kind, name in names(text, lang))


def test_a_lower_case_body_alone_names_nothing():
    assert names("Вазирлик бу ҳақда хабар берди.", "uz") == set()
    assert names("министрлік мәлімдеді.", "kk") == set()


@pytest.mark.parametrize("lang, text, written, canonical", [
    ("uz", "Qasim-Jomart Toqaev keldi.", "Qasim-Jomart Toqaev", "Касым-Жомарт Токаев"),
    ("kk", "Қасым-Жомарт Тоқаев Ташкентке барды.", "Қасым-Жомарт Тоқаев", "Касым-Жомарт Токаев"),
    ("tk", "Şawkat Mirziýoýew bilen duşuşdy.", "Şawkat Mirziýoýew", "Шавкат Мирзиёев"),
    ("ru", "Президент Мирзияев прибыл.", "Мирзияев", "Шавкат Мирзиёев"),
    ("uz", "Toqaevni Mirziyoev kutib oldi.", "Mirziyoev", "Шавкат Мирзиёев"),
])
def test_one_person_across_transliterations(lang, text, written, canonical):
    people = {e.name: e.canonical for e in extract_entities("", text, lang) if e.type == "PER"}
    assert people[written] == canonical


def test_a_key_two_known_people_share_joins_neither():
    from aggregator.entities.gazetteer import known_person

    assert known_person("Mirziyoev").canonical == "Шавкат Мирзиёев"
    assert known_person("Мирзаев") is None  # another consonant key: another person
    # "Li Qiang" and "Li Keqiang" meet on one key: a third spelling joins neither
    assert known_person("Lee Qiang") is None


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "The Chairman of the Board of Gazprom, Alexey Miller, said.", ("PER", "Alexey Miller")),
    ("uz", "Direktor o'rinbosari Sergey Kim, uchuvchi Stanislav Gurfinkel.", ("PER", "Sergey Kim")),
    ("uz", "Ikkinchi uchuvchilar Rustam Qo'rg'onov va Olimjon Uzoqov tarkibidagi ekipaj.",
     ("PER", "Olimjon Uzoqov")),
])
def test_people_named_in_latin_letters(lang, text, expected):
    assert expected in names(text, lang)


def test_latin_look_alikes_of_people_stay_what_they_were():
    # a company in Latin letters in Russian text; an address with a patronymic; a body with "and"
    assert ("ORG", "Marion Biotech") in names("Препараты компании Marion Biotech ввозили.", "ru")
    assert not any(n == "Shavkat Miromonovich" for _, n in names(
        "Awarding the President Mirziyoyev Shavkat Miromonovich with the Badge.", "en"))
    assert ("ORG", "Ministry of Industry and Trade") in names(
        "The Ministry of Industry and Trade said on Monday.", "en")
    assert ("PER", "Rustam Qo'rg'onov") in names("Rustam Qo'rg'onov va Olimjon Uzoqov keldi.", "uz")


def test_fresh2_labels_keep_texts_out_and_cover_every_regional_language():
    rows = [json.loads(line) for line in
            Path("tests/data/entity_labels_fresh2.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 92 and {r["split"] for r in rows} == {"fresh2"}
    assert {"text", "title"}.isdisjoint(set().union(*rows))
    assert {r["lang"] for r in rows} == {"kk", "uz", "ky", "tk", "tg", "zh", "en", "ru"}


def test_the_fresh2_part_is_skipped_cleanly_without_its_texts(tmp_path: Path):
    from benchmarks.bench_entities import FRESH2_LABELS, load_fresh

    assert load_fresh(tmp_path / "absent.tsv", FRESH2_LABELS) == []


def test_a_known_place_starts_a_body_unless_it_says_where():
    assert ("ORG", "Қазақстан Халық банкі") in names("Қазақстан Халық банкі акцияларын сатты.", "kk")
    assert not any(n.startswith("Ташкентда") for _, n in names(
        "Ташкентда Миллий статистика қўмитаси йиғилди.", "uz"))
