"""The cheaper text passes of the enrich steps give what the slower ones they replace gave
(session 11): ``CharMap`` as ``str.translate``, the country matcher's domain blanking as
``_DOMAIN.sub``, the language model's column sums as adding word by word."""

import random
from operator import add

import pytest

from aggregator.enrich import country_matcher
from aggregator.enrich.char_map import CharMap
from aggregator.enrich.country_patterns import APOSTROPHES_AND_YO
from aggregator.enrich.language_model import load_models, text_words
from aggregator.entities.names import APOSTROPHES


def _random_texts(alphabet: list[str], count: int, seed: int = 11) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(count)]


@pytest.mark.parametrize("table", [APOSTROPHES_AND_YO, APOSTROPHES])
def test_char_map_replaces_as_translate_does(table):
    mapped = CharMap(table)
    texts = _random_texts([*map(chr, table), "е", "'", "a", "Ё", " ", "ж"], 3000)
    texts += ["Алёна и Ёлка", "Oʻzbekiston gʻalaba", "plain text"]
    assert [mapped(t) for t in texts] == [t.translate(table) for t in texts]


def test_char_map_refuses_an_order_dependent_table():
    with pytest.raises(ValueError):
        CharMap({ord("a"): "b", ord("b"): "c"})


def test_domains_blanked_as_the_regex_sub_blanks_them():
    old = country_matcher._DOMAIN
    alphabet = list("ab.-_ kzgKZ1é/\n") + ["kz", "kg", "com", "ru", ".kz", ".com", ".Info", "ü", "٣"]
    texts = _random_texts(alphabet, 20000)
    texts += ["Источник: Kazinform.kz, 24.kg и www.akorda.kz/ru.", "..kz", "a..kz.ru-b", ".kz"]
    for text in texts:
        assert country_matcher._blank_domains(text) == old.sub(lambda m: " " * len(m.group()), text)
    # something was blanked in many of them: the comparison is not between untouched texts
    assert sum(country_matcher._blank_domains(t) != t for t in texts) > 1000


def test_language_scores_sum_as_word_by_word():
    models = load_models()
    if not models:
        pytest.skip("no fitted language model")
    texts = ["Қазақстан Республикасының Президенті бүгін", "Oʻzbekiston Respublikasi Prezidenti",
             "Кыргызстандын өкмөтү тууралуу", "", "the government said on Monday"]
    for model in models.values():
        for text in texts:
            words = text_words(text)
            scores, known = model.scores_of_words(words)
            sums = model.log_prior
            for word in words:
                sums = tuple(map(add, sums, model.word_scores(word)[0]))
            assert scores == dict(zip(model.classes, sums))
            assert known == sum(model.word_scores(w)[1] for w in words)
