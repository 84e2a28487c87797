"""The story readers' shared word scan (``aggregator.stories.shared_scan``): on the dev
texts ``features`` and ``ArticleEvidence`` give the same answers with and without it, and
the texts it refuses are ones where the two patterns, fed one scan, would read them apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aggregator.stories import evidence, features
from aggregator.stories.evidence import ArticleEvidence
from aggregator.stories.features import features as story_features
from aggregator.stories.shared_scan import scan

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"


def _dev_texts() -> list[tuple[str, str, str]]:
    """(title, text, language) of every dev text of the stories, dedup and countries sets."""
    rows = []
    for name in ("stories.jsonl", "dedup.jsonl", "countries.jsonl"):
        path = DEV / name
        if not path.exists():
            pytest.skip(f"{path} not available")
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            if row.get("text"):
                rows.append((row.get("title") or "", row["text"], row.get("lang") or "ru"))
    return rows


def _both(title: str, text: str, lang: str, scanned) -> tuple:
    return (story_features(title, text, scanned),
            ArticleEvidence.from_text(title, text, lang, "2024-07-05", "day", None,
                                      "https://example.kz/a", scanned))


def test_readers_give_the_same_answers_with_the_shared_scan():
    shared = refused = 0
    for title, text, lang in _dev_texts():
        scanned = scan(title, text)
        if scanned is None:
            refused += 1
            continue
        shared += 1
        assert _both(title, text, lang, scanned) == _both(title, text, lang, None), title[:60]
    # both kinds occur: the test compares many texts and the guard refuses real ones
    assert shared > 200 and refused > 50, (shared, refused)


def test_the_scan_is_each_readers_own_tokenisation():
    for title, text, _ in _dev_texts():
        scanned = scan(title, text)
        if scanned is not None:
            assert list(scanned) == [features.tokens(title.strip()), features.tokens(text.strip())]
            assert list(scanned) == [evidence._TOKEN.findall(title), evidence.body_tokens(text)[0]]
            assert evidence.body_tokens(text)[1] == []  # no numeric date to keep apart


#: what the two patterns read apart, each put before a word of a dev text
APART = ["’", "'", "ʻ", "Ş", "ӯ", "15:30 ", "1.234.567 ", "12.05.2024 ", "3,5.1 "]


@pytest.mark.parametrize("insert", APART)
def test_what_the_patterns_read_apart_is_refused(insert):
    """Each kind of difference, put into dev texts, is refused; and the readers' own
    tokenisations of the changed texts do differ (so the refusal is needed)."""
    apart = 0
    for title, text, _ in _dev_texts()[:150]:
        changed = text.replace(" ", f" {insert}", 1)
        if changed == text:
            continue
        assert scan(title, changed) is None, changed[:80]
        apart += features.tokens(changed) != evidence.body_tokens(changed)[0]
    assert apart > 100


def test_stripped_and_empty_strings():
    assert list(scan("", "")) == [[], []]
    assert scan("Заголовок ", "Текст.") is None  # features strips: checked, not assumed
    assert scan("Заголовок", "\nТекст.") is None  # a newline is a token
