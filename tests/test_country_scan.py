"""The country matcher's word-start prefilter finds the same cues as the word-by-word scan."""

from __future__ import annotations

import pytest

from aggregator.enrich import country_matcher as matcher

TEXTS = [
    "Казахстан и Кыргызстан подписали соглашение в Бишкеке; по-казахски — «Қазақстан».",
    "Токаев прибыл в Ташкент. 2024 год: Ош, Душанбе и Ашхабад (Туркменистан).",
    "O'zbekiston Respublikasi Prezidenti Shavkat Mirziyoyev Toshkentda",
    "24.kg сообщает: КР и РК обсудили курс тенге и сома.",
    "Kazakhstan's President met China's leader in Beijing; Kyrgyz and Tajik delegates too.",
    "новый курс: 1 доллар = 470 тенге, манат по-прежнему стабилен",
    "新华社乌鲁木齐5月16日电 哈萨克斯坦总统托卡耶夫 and Казахстан",
    "",
    "—Казахи и узбеки",
]


@pytest.mark.parametrize("lang", [None, *sorted(matcher.LANGS_WITH_EXTRAS)])
@pytest.mark.parametrize("text", TEXTS)
def test_prefiltered_scan_finds_the_cues_of_the_word_by_word_scan(text, lang):
    for variant in (text, text.upper(), matcher.normalise(text)):
        expected = matcher._scan_tokens(variant, variant.lower(), lang)
        assert matcher._scan(variant, lang, False) == expected


def test_the_scan_finds_cues_at_the_text_start_and_after_punctuation():
    groups = [group[:2] for group, *_ in matcher._scan("Казахстан, «Кыргызстан»-Узбекистан", None, False)]
    assert groups == ["KZ", "KG", "UZ"]
