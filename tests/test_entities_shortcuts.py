"""The entities step's shortcuts give what the work they skip gives, on the dev texts: the
cache of ``russian.is_plain_word``, ``place_noun_before``'s test before its search, and
``lower_head``'s test before it reads the words after a name."""

from __future__ import annotations

import json

import pytest

from aggregator.entities import russian, russian_phrases
from aggregator.entities.capitalised import _next_capitalised
from benchmarks.bench_enrich import EVAL


@pytest.fixture(scope="module")
def texts() -> list[str]:
    if not EVAL.exists():
        pytest.skip("the labelled texts (../shared/eval/dev) are not here")
    out = []
    for name in ("stories.jsonl", "countries.jsonl"):
        for line in (EVAL / name).open(encoding="utf-8"):
            row = json.loads(line)
            if row.get("text"):
                out.append(f"{row.get('title') or ''}\n{row['text']}")
    return out


def _capitalised_words(text: str):
    pos = 0
    while (word := _next_capitalised(text, pos, [], bmp=False)) is not None:
        yield word
        pos = word[1]


def test_plain_words_cached_as_read_uncached(texts):
    words = {w for text in texts[:150] for _, _, w in _capitalised_words(text)}
    plain = [w for w in words if russian.is_plain_word.__wrapped__(w)]
    assert plain and len(plain) < len(words)  # both answers occur
    for word in sorted(words):
        assert russian.is_plain_word(word) == russian.is_plain_word.__wrapped__(word), word


def test_place_noun_before_as_its_search_at_every_position(texts):
    pattern = russian_phrases._PLACE_NOUN_BEFORE
    found = 0
    for text in texts:
        for start in range(len(text) + 1):
            searched = pattern.search(text, max(0, start - 16), start) is not None
            assert russian_phrases.place_noun_before(text, start) == searched, (text[max(0, start - 20):start])
            found += searched
    assert found  # some place nouns ("в селе ...") are in the texts


def test_place_noun_before_after_a_newline():
    # "$" matches before a last newline too: the test before the search leaves that case to it
    text = "в селе \nКок-Жар"
    assert russian_phrases._PLACE_NOUN_BEFORE.search(text, 0, 8) is not None
    assert russian_phrases.place_noun_before(text, 8)


def test_lower_head_as_reading_the_words_after_every_capitalised_word(texts):
    heads = 0
    for text in texts:
        for word in _capitalised_words(text):
            head = russian_phrases.lower_head(text, word, [])
            assert head == russian_phrases._read_lower_head(text, word, []), word
            heads += head is not None
    assert heads  # some names go on in lower case ("Чуйская область")
