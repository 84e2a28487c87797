"""Session 13 (issue 19, item 1): the third blind set (fresh4) and the fixes of its round:
Chinese personal names by surname, bodies written in lower case with their country,
organisations by legal form or quoted name, abbreviations defined in parentheses."""

from __future__ import annotations

import json
from pathlib import Path

from aggregator.entities import extract_entities


def names(text: str, lang: str | None = "ru", title: str = "") -> set[tuple[str, str]]:
    return {(e.type, e.name) for e in extract_entities(title, text, lang)}


def test_fresh4_labels_keep_texts_out_and_cover_every_language():
    rows = [json.loads(line) for line in
            Path("tests/data/entity_labels_fresh4.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 105 and {r["split"] for r in rows} == {"fresh4"}
    assert {"text", "title"}.isdisjoint(set().union(*rows))
    assert {r["lang"] for r in rows} == {"kk", "uz", "ky", "tk", "tg", "zh", "en", "ru"}
    assert len({r["id"] for r in rows}) == 105 and len({r["url"] for r in rows}) == 105
    assert all(e["type"] in {"PER", "ORG", "LOC"} and e["name"].strip()
               for r in rows for e in r["entities"])
    # no site of the other labelled sets (the set is blind only if its outlets are new)
    others = set()
    for name in ("entity_labels_fresh.jsonl", "entity_labels_fresh2.jsonl"):
        others |= {json.loads(line)["site"] for line in
                   Path("tests/data", name).read_text("utf-8").splitlines()}
    assert others.isdisjoint({r["site"] for r in rows})


def test_the_fresh4_part_is_skipped_cleanly_without_its_texts(tmp_path: Path):
    from benchmarks.bench_entities import FRESH4_LABELS, load_fresh

    assert load_fresh(tmp_path / "absent.tsv", FRESH4_LABELS) == []


# --- Chinese people: a common surname next to an office or a verb of saying ---------------

def test_chinese_people_by_surname_and_context():
    found = names("外交部发言人毛宁表示,国务院总理李强在北京会见。记者 张浩 摄。在塔什干读书的陈可说。", "zh")
    assert {("PER", "毛宁"), ("PER", "李强"), ("PER", "张浩"), ("PER", "陈可")} <= found
    # traditional characters read the same way
    assert ("PER", "毛寧") in names("中國外交部發言人毛寧表示,", "zh")


def test_chinese_look_alikes_of_people_stay_unnamed():
    # a surname character that starts a common word, with no office before nor verb after
    found = names("高度重视合作,王国的历史很长。马上开始建设,林业发展很快。", "zh")
    assert not any(kind == "PER" for kind, _ in found)
    # an office followed by a word that is no name ("记者会" is a press conference)
    assert not any(kind == "PER" for kind, _ in names("外交部举行记者会,介绍情况。", "zh"))


def test_transcribed_foreign_names():
    found = names("乌兹别克斯坦总统沙夫卡特·米尔济约耶夫抵达。大使努雷舍夫说,合作很好。", "zh")
    assert ("PER", "沙夫卡特·米尔济约耶夫") in found and ("PER", "努雷舍夫") in found
    # a city whose name ends as a surname might, without an office or a verb of saying
    assert not any(kind == "PER" for kind, _ in names("哈尔科夫是一座城市。", "zh"))


def test_chinese_names_in_russian_and_english_transcription():
    assert ("PER", "Хань Чжэн") in names("Вице-председатель КНР Хань Чжэн прибыл в Астану.", "ru")
    assert ("PER", "Zhang Hao") in names("The reporter Zhang Hao wrote from Bishkek.", "en")
    # look-alikes: a surname-like word before a word of no Chinese syllables
    found = names("The Sun Valley resort and the Long Beach port.", "en")
    assert not any(kind == "PER" for kind, _ in found)


# --- Chinese organisations: a known place and an organisation's suffix ----------------------

def test_chinese_organisations_of_a_known_place():
    found = names("塔吉克交通部发言人说,中国驻吉尔吉斯斯坦大使馆提醒公民。哈萨克斯坦国立大学录取了他。", "zh")
    assert {("ORG", "塔吉克交通部"), ("ORG", "中国驻吉尔吉斯斯坦大使馆"),
            ("ORG", "哈萨克斯坦国立大学")} <= found
    # the place nested in the organisation's name stays a place too
    assert ("LOC", "吉尔吉斯斯坦") in found


def test_chinese_look_alikes_of_organisations_stay_places():
    found = names("中国一家公司将帮助塔吉克修路。该国位于中亚东北部。比什凯克市中心很热闹。", "zh")
    assert not any(kind == "ORG" for kind, _ in found)
    assert ("LOC", "中亚") in found


def test_the_gazetteer_reads_chinese_forms_in_both_scripts():
    simplified = names("吉尔吉斯共和国总统访问撒马尔罕。", "zh")
    traditional = names("吉爾吉斯共和國總統訪問撒馬爾罕。", "zh")
    assert ("LOC", "吉尔吉斯共和国") in simplified and ("LOC", "撒马尔罕") in simplified
    assert ("LOC", "吉爾吉斯共和國") in traditional and ("LOC", "撒馬爾罕") in traditional
    entity = next(e for e in extract_entities("", "米爾濟約耶夫會見了代表團。", "zh") if e.type == "PER")
    assert entity.canonical == "Шавкат Мирзиёев" and entity.country == "UZ"


# --- bodies written in lower case with their country ----------------------------------------

def test_lower_case_bodies_of_a_known_country():
    found = names("Об этом сообщили в пресс-службе правительства Киргизии и министерства обороны "
                  "Таджикистана, а также минздрава Казахстана.", "ru")
    assert {("ORG", "правительство Киргизии"), ("ORG", "министерство обороны Таджикистана"),
            ("ORG", "минздрав Казахстана"), ("LOC", "Киргизия")} <= found
    assert ("ORG", "Правительство Узбекистана") in names(
        "Правительство Узбекистана в лице премьера уверено.", "ru")
    assert ("ORG", "government of Tajikistan") in names(
        "It was agreed with the government of Tajikistan on Monday.", "en")
    assert ("ORG", "ҳукумати Тоҷикистон") in names("Ин тасмими ҳукумати Тоҷикистон аст.", "tg")
    assert ("ORG", "Қазақстан үкіметі") in names("Қазақстан үкіметінің шешімі шықты.", "kk")


def test_lower_case_look_alikes_of_bodies_stay_places():
    # a plural ("between the governments of"), a body's word far from the place, a place alone
    found = names("Соглашение между правительствами Кыргызстана и Таджикистана подписано.", "ru")
    assert not any(kind == "ORG" for kind, _ in found)
    found = names("Министерство сообщило, что делегация прибыла из Казахстана.", "ru")
    assert not any(kind == "ORG" for kind, _ in found)
    assert not any(kind == "ORG" for kind, _ in names("He flew to Tajikistan on Monday.", "en"))


# --- abbreviations defined in parentheses; English facilities and bodies --------------------

def test_an_abbreviation_defined_after_a_name_takes_its_type():
    found = names("Talks on the Southern Gas Corridor (SGC) resumed. The SGC will be extended.", "en")
    assert ("LOC", "Southern Gas Corridor") in found and ("LOC", "SGC") in found
    # defined after an organisation ending in a known place: the organisation's
    found = names("Председатель Народно-демократической партии Узбекистана (НДПУ) выступил.", "ru")
    assert ("ORG", "НДПУ") in found and ("LOC", "НДПУ") not in found


def test_an_abbreviation_without_a_definition_stays_an_organisation():
    assert ("ORG", "KEGOC") in names("In Kazakhstan KEGOC said the grid is stable.", "en")


def test_english_facilities_and_bodies_named_after_a_known_place():
    found = names("The Trans-Caspian Gas Pipeline and the London Stock Exchange were discussed.", "en")
    assert ("LOC", "Trans-Caspian Gas Pipeline") in found and ("ORG", "London Stock Exchange") in found
    # a generic adjective and a facility word alone name nothing in particular
    assert not any(n == "International Airport" for _, n in names(
        "He landed at Manas. International Airport staff met him.", "en"))


# --- the region's states by their official names in each language; facilities by their noun --

def test_official_names_of_the_states_in_the_regions_languages():
    assert ("LOC", "Федератсияи Россия") in names("Муҳоҷирон ба Федератсияи Россия рафтанд.", "tg")
    assert ("LOC", "Кытай Эл Республикасы") in names("Кытай Эл Республикасынын өкүлү келди.", "ky")
    assert ("LOC", "Поднебесная") in names("Поднебесная наращивает импорт зерна.", "ru")
    entity = next(e for e in extract_entities("", "Түрікменстан газ сатады.", "kk"))
    assert entity.canonical == "Туркменистан" and entity.country == "TM"
    # the lower-case adjective is no name
    assert not names("Поднебесная империя давно исчезла, как и поднебесная слава.", "en") - {
        ("LOC", "Поднебесная")}


def test_facilities_and_features_named_by_their_noun():
    assert ("LOC", "Шу өзені") in names("Шу өзенінің суы азайды.", "kk")
    assert ("LOC", "Oş stansiýasy") in names("Otly Oş stansiýasyna ýetdi.", "tk")
    # a village is named without its noun, as the labels name it; a lower-case word is no name
    assert not any(n.endswith("ауылы") for _, n in names("Ақсу ауылында жиналыс болды.", "kk"))
    assert not any(kind == "LOC" for kind, _ in names("Өзені тартылып қалды.", "kk"))


# --- companies and media named in quotes next to the noun that says what they are -----------

def test_quoted_names_next_to_an_organisation_noun():
    found = names("Об этом сообщил телеканал «Мир 24», а газета «Аргументы недели» уточнила.", "ru")
    assert ("ORG", "Мир 24") in found and ("ORG", "Аргументы недели") in found
    assert ("ORG", "Qazaq promotions") in names(
        "\"Qazaq promotions\" компаниясының өкілі хабарлады.", "kk")
    assert ("ORG", "Kazakh Invest") in names("The company \"Kazakh Invest\" said so.", "en")


def test_quoted_look_alikes_stay_what_they_were():
    # a book, a quoted sentence, a slogan: no noun of an organisation next to them
    found = names("Он перечитал «Войну и мир». Министр сказал: «Мы готовы». Лозунг «Вперёд» висел.", "ru")
    assert not any(kind == "ORG" for kind, _ in found)
