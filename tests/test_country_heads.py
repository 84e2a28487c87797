"""The country scan's candidates by the first letters of each entry's head
(``country_patterns.key_heads``, session 14) keep every word where a key regex can match:
on a text without ``FOLDS_APART`` characters, re's IGNORECASE matches a head's letter
exactly where ``str.lower`` gives it, and the scan finds the same cues as with the
three-letter prefixes alone."""

from __future__ import annotations

import re

import pytest

from aggregator.enrich import country_matcher as matcher
from aggregator.enrich import country_patterns as patterns
from tests.conftest import read_jsonl

LANGS = [None, *sorted(patterns.LANGS_WITH_EXTRAS)]
#: every character of the BMP but the surrogates, one string for re to scan
BMP = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)


def _head_letters() -> set[str]:
    return {c for lang in LANGS for heads in patterns.key_heads(lang).values() if heads
            for head in heads for c in head}


def test_ignorecase_matches_a_head_letter_only_where_lower_case_gives_it():
    letters = _head_letters()
    assert len(letters) > 60  # Cyrillic, Latin and the region's own letters
    for letter in letters:
        assert not patterns.FOLDS_APART.match(letter)
        for written in {letter, letter.upper()} if len(letter.upper()) == 1 else {letter}:
            for match in re.finditer(re.escape(written), BMP, re.I):
                char = match.group()
                # "İ" lower-cases to two characters: the scan's length check sends it apart
                assert (char.lower() == letter or patterns.FOLDS_APART.match(char)
                        or len(char.lower()) != 1), (letter, char)


def test_every_key_match_starts_with_a_head_of_its_key(eval_dev):
    texts = [row["text"][:1500] for name in ("countries.jsonl", "stories.jsonl")
             for row in read_jsonl(eval_dev / name) if row.get("text")][:300]
    tried = 0
    for lang in (None, "ru", "kk", "uz"):
        matchers, heads = patterns.key_matchers(lang), patterns.key_heads(lang)
        for text in texts:
            text = matcher.normalise(text)
            lower = text.lower()
            if len(lower) != len(text) or patterns.FOLDS_APART.search(text):
                continue
            for word in re.finditer(r"(?<!\w)\w", lower):
                key = lower[word.start():word.start() + 2]
                if key in matchers and heads[key] is not None:
                    tried += 1
                    if matchers[key][0].match(text, word.start()):
                        assert lower.startswith(tuple(heads[key]), word.start())
    assert tried > 10_000


def _variants(text: str) -> list[str]:
    """The text as written, in capitals, and with letters re folds apart from their lower
    case put in ("ſ" for "s", "ᲀ" for "в", "ς" for "σ"), which must take the old path."""
    odd = text.replace("s", "ſ").replace("в", "ᲀ").replace("о", "ᲂ")
    return [text, text.upper(), matcher.normalise(text), odd, odd.upper() + " Σ", text + " İ"]


@pytest.mark.parametrize("lang", LANGS)
def test_scan_by_heads_finds_what_the_prefix_scan_finds(eval_dev, lang, monkeypatch):
    rows = read_jsonl(eval_dev / "countries.jsonl")[:60] + read_jsonl(eval_dev / "stories.jsonl")[:60]
    texts = [v for row in rows for v in _variants((row.get("title") or "") + "\n" + row["text"][:800])]
    by_heads = [matcher._scan(t, lang, False) for t in texts]
    assert sum(map(len, by_heads)) > 500
    monkeypatch.setattr(matcher, "FOLDS_APART", re.compile(r"[\s\S]"))  # every text: old path
    assert by_heads == [matcher._scan(t, lang, False) for t in texts]
    for text in texts:  # and the per-word scan, which never used the heads
        assert matcher._scan(text, lang, False) == matcher._scan_tokens(text, text.lower(), lang)


def test_a_head_is_the_start_of_an_entrys_literal_first_word():
    assert patterns.HEAD_LETTERS == 5
    assert patterns._entry_head("бишкек*") == {"бишке"}
    assert patterns._entry_head("Поднебесн*") == {"подне"}
    assert patterns._entry_head("ошск*") == {"ошск"}
    assert patterns._entry_head("республик* казахстан*") == {"респу"}
    assert patterns._entry_head("ош{,а,у}") == patterns._entry_parts("ош{,а,у}")[2]  # short: prefixes
    assert patterns._entry_head("ſomething") == patterns._entry_parts("ſomething")[2]


def test_the_text_start_is_a_candidate_as_after_a_space():
    for text in ("Казахстан и Китай", "2024 год", "госсовет", "a", "", " Казахстан"):
        lower = text.lower()
        for heads in (False, True):
            after_break, _ = patterns.candidate_patterns("ru", heads)
            at_zero = re.match(after_break.pattern[2:], lower)  # the look-ahead alone
            assert (0 in matcher._candidate_starts(lower, "ru", heads)) == (at_zero is not None)
