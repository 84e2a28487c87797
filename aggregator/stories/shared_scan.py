"""One word scan of an article's title and text for both story readers, where they agree.

``features`` (keys for the candidate search) and ``ArticleEvidence`` (what the fitted
matcher compares) each tokenise the same title and text, with two patterns that differ
in three ways only: the letters the evidence adds (Tajik, Turkish, Turkmen and Latin
letters with marks, and the apostrophes ' ’ ʻ ʼ, which ``features`` reads as joiners
inside a word); numbers (``features`` reads "1.234.567" and "15:52" as one token, the
evidence at most one "." or ","); and the evidence's blanking of numeric dates and clock
times before it tokenises. A text with none of these gives the same tokens under both
patterns, so ``scan`` returns them once for both to read; for any other text it returns
None and each reader scans as it always did.
"""

from __future__ import annotations

import re
from functools import lru_cache

from aggregator.items import Article
from aggregator.stories import evidence, features


class Scan(tuple):
    """(title tokens, text tokens): ``features._TOKEN``'s, which are also
    ``evidence._TOKEN``'s of the same strings. Read only: both readers share the lists."""

    __slots__ = ()


def article_text(article: Article) -> str:
    """The text both readers read of an article: its lead and body."""
    return "\n".join(filter(None, [article.lead, article.body]))


def scan(title: str, text: str) -> Scan | None:
    """The tokens of ``title`` and ``text`` that both readers would find, or None where
    their patterns (or the evidence's blanking) could read the strings differently."""
    apart = _apart()
    if (apart.search(text) is not None or apart.search(title) is not None
            or title != title.strip() or text != text.strip()  # features strips: "\n" is a token
            or evidence._may_hold_numeric_date(text) and evidence.NUMERIC_DATE.search(text)):
        return None
    return Scan((features.tokens(title), features.tokens(text)))


def _letters(spec: str) -> set[str]:
    """The characters of the Basic Multilingual Plane in the class ``[spec]``."""
    return set(re.findall(f"[{spec}]", "".join(map(chr, range(0x10000)))))


@lru_cache(maxsize=1)
def _apart() -> re.Pattern:
    """What the two patterns read apart: a letter of one class only (the apostrophes among
    them: letters to the evidence, joiners to ``features``), a clock time or a number with
    two separators (the evidence's clocks are ``\\d:\\d``, its numbers take one "." or
    ",")."""
    letters = _letters(evidence._LETTERS) ^ _letters(features._LETTERS)
    marks = re.escape("".join(sorted(letters)))
    # the look-ahead lets re skip to a candidate character by one class test
    return re.compile(rf"(?=[{marks}\d])(?:[{marks}]|\d:\d|\d[.,]\d+[.,]\d)")
