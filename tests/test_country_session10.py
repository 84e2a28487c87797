"""The primary country's rules of session 10 (issue 19, item 4): the lead's frames in more
languages, who travels to a meeting of many and who hosts it; the weight fit's protocol;
and a floor on fresh3, texts nobody tuned on (benchmarks/README.md, "Country tags, session
10"). Sentences written for the tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aggregator.enrich import country_rules
from aggregator.enrich.countries import tag_countries
from aggregator.enrich.country_rules_fit import GRID, HAND_SET, best, correct_matrix

FRESH3_TEXTS = Path(os.environ.get("FRESH3_TEXTS", "/work/scratch/countries_fresh3"))


def tags(text: str, title: str = "", lang: str | None = None) -> tuple[list[str], str | None]:
    got = tag_countries(title, text, lang)
    return got.countries, got.primary


def test_a_visit_followed_by_talks_is_the_two_countries_relations():
    # Uzbek in Latin letters ("tashrif"), the meeting told in the next sentence
    assert tags("Qozog'iston prezidenti Qasim-Jomart To'qayev tashrif bilan O'zbekistonga "
                "keldi. Xiva shahrida prezidentlar uchrashuv o'tkazdi. Urganch aeroportida "
                "mehmonni Shavkat Mirziyoyev kutib oldi, so'ng prezidentlar Xivadagi korxonaga "
                "bordi.", "Qozog'iston prezidentining O'zbekistonga tashrifi", "uz") == (
        ["KZ", "UZ"], None)
    assert tags("Президент Узбекистана прибыл в Таджикистан с рабочим визитом. В Душанбе "
                "состоялись переговоры с Эмомали Рахмоном, затем гость осмотрел новый завод "
                "в Душанбе.", lang="ru") == (["TJ", "UZ"], None)
    # a state visit written in traditional characters
    assert tags("應習近平主席邀請,土庫曼斯坦總統別爾德穆哈梅多夫對中國進行國事訪問。",
                lang="zh") == (["CN", "TM"], None)


def test_officials_greeting_a_returning_visitor_are_no_talks():
    # "встречали ... поздравившие" is the welcome home, not a meeting of the two sides
    assert tags("Президент Туркменистана завершил рабочий визит в Китай и вернулся на родину. "
                "В аэропорту Ашхабада его встречали официальные лица, поздравившие его с "
                "успешным визитом.", lang="ru") == (["CN", "TM"], "TM")


def test_a_visit_to_a_meeting_of_many_is_the_visitors_in_turkic_languages():
    assert tags("Türkmenistanyň Prezidenti Merkezi Aziýa döwletleriniň Baştutanlarynyň "
                "Konsultatiw duşuşygyna gatnaşmak üçin Daşkent şäherine geldi.",
                "TÜRKMENISTANYŇ PREZIDENTI ÖZBEGISTAN RESPUBLIKASYNA IŞ SAPARY BILEN GELDI",
                "tk") == (["TM", "UZ"], "TM")
    assert tags("Түрікменстан президенті Орталық Азия мемлекеттері басшыларының "
                "консультативтік кездесуіне қатысады.", "Түрікменстан президенті Астанаға келді",
                "kk") == (["KZ", "TM"], "TM")


def test_a_summit_visited_only_from_outside_the_region_is_the_hosts():
    # the one met there ("встретится с Си Цзиньпином") does not travel: the host's story
    assert tags("Президент России прилетел в Астану для участия в саммите Шанхайской "
                "организации сотрудничества.",
                "Путин прибыл в Казахстан на саммит ШОС, где встретится с Си Цзиньпином",
                "ru") == (["CN", "KZ"], "KZ")


def test_the_host_of_a_meeting_of_many_with_its_participants_in_the_lead():
    assert tags("中国—中亚峰会将在西安举行,国家主席习近平将主持峰会,哈萨克斯坦、吉尔吉斯斯坦、"
                "塔吉克斯坦、土库曼斯坦、乌兹别克斯坦五国总统将应邀与会。", lang="zh") == (
        ["CN", "KG", "KZ", "TJ", "TM", "UZ"], "CN")
    # a lead naming the host alone, the participants only after it: no host decision
    # (labelled so in ../shared/eval/dev)
    assert tags("В Авазе под председательством президента Туркменистана прошла встреча глав "
                "государств Центральной Азии. В переговорах участвовали президенты Казахстана, "
                "Таджикистана, Узбекистана и Кыргызстана.", lang="ru") == (
        ["KG", "KZ", "TJ", "TM", "UZ"], None)


def test_the_weight_fit_prefers_the_hand_set_weights_on_a_tie_and_restores_them():
    combos = [dict(HAND_SET), dict(HAND_SET, ratio=GRID["ratio"][-1])]
    # both right on the same texts: the hand-set weights win the tie
    assert best(combos, [[True, False], [True, False]], [0, 1]) == 0
    assert best(combos, [[True, False], [True, True]], [0, 1]) == 1
    before = dict(country_rules.WEIGHTS)
    correct_matrix([], combos)
    assert country_rules.WEIGHTS == before


def test_fresh3_floor():
    """The unseen fresh3 set (texts outside the repository): the tags' P/F1 and the primary
    country stay at least where session 10 measured them (once, 2026-12-07)."""
    if not (FRESH3_TEXTS / "texts.tsv").exists():
        pytest.skip(f"fresh3 texts not available in {FRESH3_TEXTS} (third-party prose, kept "
                    "outside the repository)")
    from benchmarks.bench_countries_fresh import LABEL_FILES, load, score

    records = load(FRESH3_TEXTS, LABEL_FILES["fresh3"])
    assert len(records) == 151
    s = score(records, [tag_countries(r["title"], r["text"]) for r in records])
    # measured once, main and this branch alike: P 0.995, F1 0.995, primary 0.775; 0.768 on
    # the labels of session 13 round 2 (one primary changed, country_primary_relabel.jsonl)
    assert s["P"] >= 0.99 and s["F1"] >= 0.99 and s["primary"] >= 0.76, s
