"""The kind of event the title and first sentence tell (``country_events``; issue 19 item 4,
benchmarks/README.md "Primary country, session 16"): talks, a mutual act, relations between
two, a shared border, and two countries joined into one phrase, on sentences written for
the tests in each language. The features were not adopted (the product decides by the
rules), so no figure is asserted here; fresh5-holdout stays blind."""

from __future__ import annotations

import pytest

from aggregator.enrich.country_events import read_events, sentence_kinds
from aggregator.enrich.country_matcher import find_mentions, normalise
from aggregator.enrich.country_rules import lead_end


def events(title: str, lang: str | None, lead: str = ""):
    t, b = normalise(title), normalise(lead)
    return read_events(find_mentions(t, b, lang), t, b, lead_end(b), lang)


# talks or a mutual act between two portal countries, joined as one phrase
@pytest.mark.parametrize("title, lang, kind", [
    ("Президенты Казахстана и Узбекистана провели переговоры в Ташкенте", "ru", "talks"),
    ("Kyrgyzstan and Tajikistan agree on another 24 km of border", "en", "mutual"),
    ("Қазақстан мен Өзбекстан президенттері келіссөз жүргізді", "kk", "talks"),
    ("Кыргызстан менен Тажикстан меморандумга кол коюшту", "ky", "mutual"),
    ("O'zbekiston va Qozog'iston prezidentlari muzokaralar o'tkazdi", "uz", "talks"),
    ("Ўзбекистон ва Тожикистон ҳукуматлари битим имзолади", "uz", "mutual"),
    ("Тоҷикистон ва Қирғизистон созишнома имзо карданд", "tg", "mutual"),
    ("Türkmenistan we Özbegistan gepleşik geçirdi", "tk", "talks"),
    ("中国和哈萨克斯坦签署合作协议", "zh", "mutual"),
])
def test_shared_event_of_joined_countries(title, lang, kind):
    got = events(title, lang)
    assert kind in got.kinds
    assert len(got.joined) == 2 and got.shared


# one country acting on another: the sentence names both, but tells no shared kind
@pytest.mark.parametrize("title, lang", [
    ("Узбекистан прекратил поставки газа в Кыргызстан", "ru"),
    ("Turkmenistan starts exporting electricity to Kyrgyzstan", "en"),
    ("Қазақстан Қытайға астық экспорттайды", "kk"),
    ("O'zbekiston Tojikistonga elektr energiyasi yetkazib beradi", "uz"),
    ("哈萨克斯坦向中国出口小麦", "zh"),
])
def test_one_side_acting_is_no_shared_event(title, lang):
    got = events(title, lang)
    assert got.shared and not got.kinds and not got.joined


@pytest.mark.parametrize("title, lang", [
    ("Товарооборот Казахстана и Узбекистана вырос", "ru"),
    ("Trade turnover between Kazakhstan and China grew", "en"),
    ("Ўзбекистон ва Қозоғистон ўртасидаги товар айирбошлаш ошди", "uz"),
    ("Тоҷикистон ва Қирғизистон муносибатҳо", "tg"),
    ("Түркмөнстан менен Кыргызстан ортосундагы соода", "ky"),
    ("中国和塔吉克斯坦两国关系", "zh"),
])
def test_relations_between(title, lang):
    assert "between" in events(title, lang).kinds


@pytest.mark.parametrize("title, lang", [
    ("На кыргызско-таджикской границе произошла перестрелка", "ru"),
    ("Queues at the Kazakhstan-Kyrgyzstan border", "en"),
    ("Қазақстан мен Қырғызстан шекарасында кезек", "kk"),
    ("O'zbekiston va Tojikiston chegarasi", "uz"),
    ("Türkmenistan bilen Özbegistanyň serhedi", "tk"),
    ("吉尔吉斯斯坦和塔吉克斯坦边境冲突", "zh"),
])
def test_shared_border(title, lang):
    assert "border" in events(title, lang).kinds


def test_a_kind_counts_only_where_the_sentence_names_two_countries():
    # "Tokayev held talks with Putin": one portal country, its own story
    assert events("Президент Казахстана провел переговоры с Путиным", "ru").kinds == set()
    got = events("", "ru", "Президент Казахстана провел переговоры с Путиным. "
                           "Позже он посетил Кыргызстан.")
    assert not got.shared and got.kinds == set()  # the second country is past the first sentence


def test_a_list_in_another_role_is_no_joined_phrase():
    # the destinations of someone else's supplies, not two countries acting together
    got = events("Путин объявил о начале поставок газа в Казахстан и Узбекистан", "ru")
    assert got.shared and got.joined == set()
    # "с": a partner, not a second member of one phrase
    assert events("Казахстан договорился с Узбекистаном о воде", "ru").joined == set()


@pytest.mark.parametrize("sentence, lang, absent", [
    # Russian by lemma: "встречный" (counter-) is no meeting, "сторож" no side
    ("встречный иск сторожа", "ru", "talks"),
    ("встречный иск сторожа", "ru", "mutual"),
    # Kazakh "келіссөз" (talks) is no "келісім" (agreement)
    ("келіссөз жүргізді", "kk", "mutual"),
    # Kyrgyz "келиши" (his coming) is no "келишим" (agreement)
    ("президенттин келиши", "ky", "mutual"),
    # English word starts: "bordering" is a border word, "metal" is no "met"
    ("metal prices", "en", "talks"),
])
def test_look_alikes(sentence, lang, absent):
    assert absent not in sentence_kinds(sentence, lang)


def test_russian_reads_inflected_forms_by_lemma():
    assert sentence_kinds("подписали меморандум о совместной работе", "ru") == {"mutual"}
    assert sentence_kinds("встретились и обсудили", "ru") == {"talks"}
    assert sentence_kinds("на границе", "ru") == {"border"}


def test_unknown_language_reads_every_list_but_russian_lemmas():
    assert "talks" in sentence_kinds("muzokaralar", None)
    assert sentence_kinds("переговоры", None) == set()  # Russian needs its lemmas
