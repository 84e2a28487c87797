"""Named entities: normal forms across scripts and cases, merging, the gazetteer's
countries, natasha offline, and a quality floor on the labelled holdout."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from aggregator.entities import extract_entities
from aggregator.entities.names import skeleton
from aggregator.entities.natasha_ner import available as natasha_available


def names(title, text, lang, model="fast"):
    return {(e.type, e.name) for e in extract_entities(title, text, lang, model)}


def by_name(entities, name):
    return next(e for e in entities if e.name == name)


def test_one_person_across_cases_and_a_lone_surname():
    found = extract_entities("Садыр Жапаров провёл встречу",
                             "Президент Садыр Жапаров встретился с послом. Жапарову вручили орден.", "ru")
    person = by_name(found, "Садыр Жапаров")
    assert person.type == "PER" and person.mentions == 3 and person.country == "KG"
    assert person.in_lead
    assert not any(e.name in ("Жапаров", "Жапарову") for e in found)


def test_latin_and_cyrillic_spellings_meet_on_one_key_and_one_canonical_name():
    assert skeleton("Japarov") == skeleton("Жапаров") == skeleton("Жапарова") == "jprv"
    english = extract_entities("", "Kyrgyz President Sadyr Japarov met investors.", "en")
    assert by_name(english, "Sadyr Japarov").display == "Садыр Жапаров"


def test_case_endings_of_the_region_languages():
    assert ("LOC", "Aşgabat") in names("", "Gazagystanyň wekiliýeti Aşgabada geldi.", "tk")
    assert ("LOC", "Gazagystan") in names("", "Gazagystanyň wekiliýeti Aşgabada geldi.", "tk")
    assert ("ORG", "Kun.uz") in names("", "Bu haqda Kun.uz'ga manbalar xabar berdi.", "uz")


def test_russian_names_are_brought_to_the_nominative():
    found = names("", "Переговоры прошли в Иссык-Кульской области, а затем Касым-Жомартом Токаевым "
                      "в Аральском море.", "ru")
    assert ("LOC", "Иссык-Кульская область") in found
    assert ("PER", "Касым-Жомарт Токаев") in found
    assert ("LOC", "Аральское море") in found


def test_a_country_inside_an_organisation_name_is_a_place_too():
    # the labels' convention: the body with whose it is ("ГКНБ КР", "МЧС Казахстана")
    found = names("", "Сотрудники ГКНБ Таджикистана задержали нарушителя.", "ru")
    assert ("ORG", "ГКНБ Таджикистана") in found and ("LOC", "Таджикистан") in found


def test_abbreviations_must_be_capitals():
    assert ("ORG", "ООН") in names("", "Генсек ООН выступил.", "ru")
    assert not any(n == "ООН" for _, n in names("", "Слово оон ничего не значит.", "ru"))


def test_an_unknown_model_is_refused():
    with pytest.raises(ValueError):
        extract_entities("", "Текст", "ru", "spacy")


@pytest.fixture()
def no_network(monkeypatch):
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError(f"network connection attempted: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.mark.parametrize("model", ["fast", "natasha"])
def test_extraction_never_connects_to_the_network(no_network, model):
    if model == "natasha" and not natasha_available():
        pytest.skip("natasha is not installed")
    found = names("", "Садыр Жапаров прилетел в Москву. Его встретил Владимир Путин.", "ru", model)
    assert ("PER", "Садыр Жапаров") in found
    assert no_network == []


@pytest.mark.skipif(not natasha_available(), reason="natasha is not installed")
def test_natasha_finds_people_the_gazetteer_does_not_know():
    found = names("", "Глава Минэнерго Таалайбек Ибраев встретился с представителями компании.",
                  "ru", "natasha")
    assert ("PER", "Таалайбек Ибраев") in found


def test_quality_on_the_holdout_labels_stays_above_its_floor():
    from benchmarks.bench_entities import EVAL, load, prf, score

    if not EVAL.exists():
        pytest.skip("the labelled texts (../shared/eval/dev) are not here")
    counts = score([pair for pair in load() if pair[0]["split"] == "holdout"])
    # measured 2026-12-07 (session 12): fast holdout F1 PER 0.745, ORG 0.653, LOC 0.875,
    # all 0.788 (benchmarks/README.md, "Entities, session 12"); round 2: 0.747, 0.667,
    # 0.887, 0.797
    assert prf(counts[("holdout", "PER")])[2] >= 0.70
    assert prf(counts[("holdout", "ORG")])[2] >= 0.60
    assert prf(counts[("holdout", "LOC")])[2] >= 0.83
    assert prf(counts[("holdout", "all")])[2] >= 0.75


def test_quality_on_the_fresh2_labels_stays_above_its_floor():
    from benchmarks.bench_entities import FRESH2_LABELS, load_fresh, prf, score

    # (the fresh set of round 1, countries_fresh3, has no floor: its texts were read before
    # round 1 wrote gazetteer entries, so a figure on it is an upper bound, not a measure)
    texts = Path(os.environ.get("FRESH2_TEXTS", "/work/scratch/countries_fresh2")) / "texts.tsv"
    pairs = load_fresh(texts, FRESH2_LABELS)
    if not pairs:
        pytest.skip("the fresh2 set's texts (outside the repository) are not here")
    counts = score(pairs)
    # a dev floor since session 13 (its errors were read to write that round's rules):
    # measured blind once, 2026-12-07 (session 12, round 2): fast fresh2 F1 PER 0.822, ORG
    # 0.475, LOC 0.828, all 0.783; session 13 (as dev): 0.883, 0.662, 0.870, 0.846
    assert prf(counts[("fresh2", "PER")])[2] >= 0.85
    assert prf(counts[("fresh2", "ORG")])[2] >= 0.60
    assert prf(counts[("fresh2", "LOC")])[2] >= 0.84
    assert prf(counts[("fresh2", "all")])[2] >= 0.82


def test_quality_on_the_fresh4_labels_stays_above_its_floor():
    from benchmarks.bench_entities import FRESH4_LABELS, load_fresh, prf, score

    texts = Path(os.environ.get("FRESH4_TEXTS", "/work/scratch/countries_fresh4")) / "texts.tsv"
    pairs = load_fresh(texts, FRESH4_LABELS)
    if not pairs:
        pytest.skip("the fresh4 set's texts (outside the repository) are not here")
    counts = score(pairs)
    # a dev floor since session 13 round 4 (its errors were read to write that round's
    # rules): measured blind once, 2026-12-07 (session 13): fast fresh4 F1 PER 0.783, ORG
    # 0.669, LOC 0.835, all 0.799; round 4 (as dev): 0.802, 0.669, 0.850, 0.813
    assert prf(counts[("fresh4", "PER")])[2] >= 0.77
    assert prf(counts[("fresh4", "ORG")])[2] >= 0.63
    assert prf(counts[("fresh4", "LOC")])[2] >= 0.82
    assert prf(counts[("fresh4", "all")])[2] >= 0.79


def test_quality_on_the_fresh5_labels_stays_above_its_floor():
    from benchmarks.bench_entities import FRESH5_LABELS, load_fresh, prf, score

    texts = Path(os.environ.get("FRESH5_TEXTS", "/work/scratch/stories_fresh/texts.jsonl"))
    pairs = load_fresh(texts, FRESH5_LABELS)
    if not pairs:
        pytest.skip("the fresh5 set's texts (outside the repository) are not here")
    counts = score(pairs)
    # the blind set: measured once, 2026-12-07 (session 13 round 4): fast fresh5 F1 PER
    # 0.760, ORG 0.720, LOC 0.755, all 0.750 (main before the round: 0.740, 0.720, 0.751, 0.742)
    assert prf(counts[("fresh5", "PER")])[2] >= 0.73
    assert prf(counts[("fresh5", "ORG")])[2] >= 0.69
    assert prf(counts[("fresh5", "LOC")])[2] >= 0.72
    assert prf(counts[("fresh5", "all")])[2] >= 0.72


def test_equally_full_spellings_name_an_entity_the_same_way_in_every_process():
    from aggregator.entities.extract import _merge

    # "WBA" and "WBO" share the consonant key "wb": one entity, named by the first in
    # sorted order whatever order a set (PYTHONHASHSEED) would give
    for order in (["WBO", "WBA"], ["WBA", "WBO"]):
        spans = [(i * 10, i * 10 + 3, "ORG", name, None, None) for i, name in enumerate(order)]
        (entity,) = _merge(spans, lead_end=0)
        assert entity.name == "WBA" and entity.mentions == 2
