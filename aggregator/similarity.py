"""Text features for story deduplication: shingles, stems, named entities, named numbers.

Plain functions over text, no state. ``features(title, text)`` gives an article's
``Features``: the word-3-shingle set that MinHash summarises (reposts, light edits) and
the event keys (entities, title stems, numbers, content stems) that find and confirm
independent rewrites of one event. ``aggregator.stories`` indexes and compares them.

Key kinds (the prefix of each key string):

- ``e:`` a named entity: a capitalised word not at the start of a sentence, or an
  acronym (ГКНБ, ЕАЭС), or a capitalised word at a sentence start that the text also
  capitalises elsewhere. Names are keyed by a 5-letter prefix, because Russian case
  endings of names (Жапаров/Жапарова/Жапаровым) defeat suffix stemmers.
- ``n:`` a named number: an amount, count, percentage or date in the text (``n:17``,
  ``n:71.12``, ``n:25.12`` for "25 декабря"); years and tiny counts are left out.
- ``t:`` a stem of a word of the headline (or of the first sentence when there is none).
- ``w:`` a stem of a content word of the body (Snowball Russian stemmer; stop words out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

_LETTERS = "A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіЎўҲҳҶҷӢӣ"
_TOKEN = re.compile(
    rf"[{_LETTERS}]+(?:[-'’][{_LETTERS}]+)*|\d+(?:[.,:]\d+)*%?|[.!?\n]")
_UPPER = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲҶӢ]")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲҶӢ]{2,6}$")
_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "мая": 5, "май": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}

#: Function words and news boilerplate that say nothing about the event.
STOP_WORDS = frozenset("""
а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже
для до его ее её если есть еще ещё же за здесь и из или им их к как ко когда который которая
которые которого которой котором которых кто ли либо между меня мы на над назад не него нее
неё нет ни них но ну о об однако он она они оно от очень по под после при про с со так также
такой там те тем то того тоже той только том ту ты у уже хотя чего чей чем что чтобы чья эта
эти это этого этой этом этот я году года год годом сообщает сообщил сообщила сообщили
сообщается заявил заявила отметил отметила сказал сказала которое об этом своей свой своих
свои своим более менее около ранее сегодня вчера также может могут будет будут был стало
является являются время словам данным источник фото видео читайте подробнее том числе
""".split())

#: Capitalised words that open sentences or quotes without naming anyone.
_GENERIC_CAPS = STOP_WORDS


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("russian")


_STEM_CACHE: dict[str, str] = {}


def stem(word: str) -> str:
    """Snowball stem of a lower-case word (memoised: news vocabulary is Zipfian)."""
    cached = _STEM_CACHE.get(word)
    if cached is None:
        cached = _stemmer().stemWord(word) if len(word) > 3 else word
        if len(_STEM_CACHE) < 500_000:
            _STEM_CACHE[word] = cached
    return cached


def name_key(word: str) -> str:
    """Key of a proper name: lower case, ё→е, 5-letter prefix (case endings vary)."""
    word = word.lower().replace("ё", "е")
    return word[:5] if len(word) > 5 else word


def tokens(text: str) -> list[str]:
    """Words, numbers and sentence breaks (``.``, ``!``, ``?``, newline) in order."""
    return _TOKEN.findall(text)


def _number(token: str) -> str | None:
    """Normalised number text, or None for what is not a named number."""
    value = token.rstrip("%").replace(",", ".")
    if ":" in value:  # a clock time: 15:52
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if "." not in value and (1900 <= number <= 2100 or number < 3):
        return None  # years say little about the event; 1 and 2 are everywhere
    return value.rstrip("0").rstrip(".") if "." in value else value


def _month(word: str) -> int | None:
    word = word.lower()
    for prefix, number in _MONTHS.items():
        if word.startswith(prefix) and len(word) <= len(prefix) + 3:
            return number
    return None


@dataclass
class Features:
    """What deduplication knows about one article's text."""

    shingles: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    title: set[str] = field(default_factory=set)
    words: dict[str, int] = field(default_factory=dict)
    length: int = 0

    def keys(self) -> set[str]:
        """All event keys with their kind prefix (``e:``, ``n:``, ``t:``, ``w:``)."""
        return ({"e:" + k for k in self.entities} | {"n:" + k for k in self.numbers}
                | {"t:" + k for k in self.title} | {"w:" + k for k in self.words})


def _first_sentence(text: str) -> str:
    match = re.search(r"[.!?\n]", text[20:]) if len(text) > 20 else None
    return text[: match.start() + 20] if match else text[:200]


def features(title: str | None, text: str | None) -> Features:
    """Shingles, entities, numbers, title stems and body stems of an article."""
    title = (title or "").strip()
    text = (text or "").strip()
    headline = title or _first_sentence(text)
    toks = tokens(f"{title}\n{text}" if title else text)
    feats = Features()

    words: list[str] = []
    caps_mid: set[str] = set()
    caps_start: list[str] = []
    sentence_start = True
    previous = ""
    for tok in toks:
        if tok in ".!?\n":
            sentence_start = True
            continue
        first = tok[0]
        if first.isdigit():
            number = _number(tok)
            if number is not None:
                feats.numbers.add(number)
            previous = tok
            sentence_start = False
            continue
        lower = tok.lower().replace("ё", "е")
        month = _month(lower) if previous.isdigit() else None
        if month and previous.isdigit() and 1 <= int(previous) <= 31:
            feats.numbers.discard(previous)
            feats.numbers.add(f"{int(previous)}.{month:02d}")
        words.append(lower)
        if _ACRONYM.match(tok):
            feats.entities.add(name_key(tok))
        elif _UPPER.match(tok) and lower not in _GENERIC_CAPS:
            if sentence_start:
                caps_start.append(name_key(tok))
            else:
                caps_mid.add(name_key(tok))
        previous = tok
        sentence_start = False
    feats.entities |= caps_mid
    feats.entities |= {k for k in caps_start if k in caps_mid}

    feats.shingles = {" ".join(words[i:i + 3]) for i in range(max(0, len(words) - 2))}
    counts: dict[str, int] = {}
    for word in words:
        if word not in STOP_WORDS and len(word) > 2:
            key = stem(word)
            counts[key] = counts.get(key, 0) + 1
    feats.words = counts
    feats.length = len(words)
    for tok in tokens(headline):
        lower = tok.lower().replace("ё", "е")
        if tok[0].isalpha() and lower not in STOP_WORDS and len(lower) > 2:
            feats.title.add(stem(lower))
    return feats
