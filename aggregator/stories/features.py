"""Text features for story deduplication: shingles, stems, named entities, named numbers.

Plain functions over text, no state. ``features(title, text)`` gives an article's
``Features``: the word-3-shingle set that MinHash summarises (reposts, light edits) and
the event keys (entities, title stems, numbers, content stems) that find and confirm
independent rewrites of one event. ``aggregator.stories.index`` indexes and compares them.

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
import tomllib
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import repeat

import snowballstemmer

_LETTERS = "A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіЎўҲҳҶҷӢӣ"
#: The lookahead skips spaces and punctuation with one class test instead of trying the
#: three branches at every position (~12% faster, the same tokens).
_TOKEN = re.compile(
    rf"(?=[{_LETTERS}\d.!?\n])(?:[{_LETTERS}]+(?:[-'’][{_LETTERS}]+)*|\d+(?:[.,:]\d+)*%?|[.!?\n])")
_UPPER = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲҶӢ]")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲҶӢ]{2,6}$")
_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ова|ева|ёва|ина)(?:а|у|ым|ой|ою|е|ым)?$")
_BREAKS = frozenset(".!?\n")


def _story_words() -> dict:
    return tomllib.loads(resources.files("aggregator").joinpath(
        "data/story_words.toml").read_text(encoding="utf-8"))


_WORDS = _story_words()
#: Month stems after a day number, in the order they are tried (``_month``).
_MONTHS: dict[str, int] = _WORDS["months"]
#: Function words and news boilerplate that say nothing about the event.
STOP_WORDS = frozenset(_WORDS["stop_words"].split())
#: Capitalised words that open sentences or quotes without naming anyone.
_GENERIC_CAPS = STOP_WORDS
#: Offices and institutions every country has: capitalised in official style, named in
#: countless stories, so weak evidence of one event (name keys, see ``name_key``).
GENERIC_NAMES = frozenset(_WORDS["generic_names"].split())
#: Stems of a headline that reports a reaction to an event, not the event: condolences
#: and congratulations (their own story, even when they name the event's place and day).
REACTIONS = tuple(_WORDS["reactions"])
#: Capitals (and the largest cities that stand for a country): named in countless stories.
CAPITALS = tuple(_WORDS["capitals"])
_OFFICIAL = re.compile(r"(?:ов|ев|ин|yev|ov|ev)$")


def _weak_cue(entry: str) -> bool:
    """A gazetteer cue that every story of its country may carry: a capital, an official
    (a surname) or a national institution. Regions, cities and companies are not: they
    place an event, and their window frequency says how common they are."""
    first = entry.lower().replace("ё", "е").split()[0].rstrip("*")
    first = first.split("{")[0]
    return (first.startswith(CAPITALS) or bool(_OFFICIAL.search(first))
            or name_key(first) in GENERIC_NAMES)


@lru_cache(maxsize=1)
def _gazetteer() -> dict:
    return tomllib.loads(resources.files("aggregator").joinpath(
        "data/gazetteer.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def gazetteer_stems() -> tuple[frozenset[str], frozenset[str]]:
    """Weak names from the country gazetteer (aggregator/data/gazetteer.toml): country
    names and adjectives, capitals, officials and institutions that appear in countless
    stories (see ``_weak_cue``). Returns (stems matched as word prefixes, whole word
    forms), lower case, ё→е."""
    data = _gazetteer()
    entries: list[str] = []
    for code, section in data.items():
        if code in ("block", "conditional"):
            continue
        for kind in ("names", "lower", "case"):
            entries += section.get(kind, [])
        entries += [e for e in section.get("cues", []) if _weak_cue(e)]
        for extra in section.get("lang", {}).values():
            for values in (extra.values() if isinstance(extra, dict) else [extra]):
                entries += values
    for cond in data.get("conditional", []):
        entries += cond.get("case", []) + cond.get("cues", [])
    return _entry_stems(entries)


@lru_cache(maxsize=1)
def gazetteer_places() -> tuple[frozenset[str], frozenset[str]]:
    """The gazetteer cues that are not weak (regions, cities, companies): as
    ``gazetteer_stems``."""
    return _entry_stems([e for code, section in _gazetteer().items()
                         if code not in ("block", "conditional")
                         for e in section.get("cues", []) if not _weak_cue(e)])


def _entry_stems(entries: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    prefixes, words = set(), set()
    for entry in entries:
        if entry.startswith("re:"):
            continue
        first = entry.lower().replace("ё", "е").split()[0]
        match = re.fullmatch(r"([^*{}]+)(\*|\{([^}]*)\})?", first)
        if not match or len(match.group(1)) < 2:
            continue
        stem_, star, endings = match.group(1), match.group(2) == "*", match.group(3)
        if star:
            prefixes.add(stem_)
        elif endings is not None:
            words.update(stem_ + e for e in endings.split(","))
        else:
            words.add(stem_)
    return frozenset(prefixes), frozenset(words)


@lru_cache(maxsize=65_536)
def is_weak_name(word: str) -> bool:
    """A name every story may carry: a gazetteer country/capital/leader/institution or a
    generic office (``GENERIC_NAMES``); ``word`` in lower case with ё→е. Memoised in a
    bounded LRU cache (names of a news stream are many but Zipfian)."""
    prefixes, words = gazetteer_stems()
    return (word in words or name_key(word) in GENERIC_NAMES
            or any(word[:n] in prefixes for n in range(2, len(word) + 1)))


def is_place(word: str) -> bool:
    """A region, city or company of the gazetteer (``word`` lower case, ё→е)."""
    prefixes, words = gazetteer_places()
    return word in words or any(word[:n] in prefixes for n in range(2, len(word) + 1))


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("russian")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """Snowball stem of a lower-case word (memoised in a bounded LRU cache: news
    vocabulary is Zipfian)."""
    return _stemmer().stemWord(word) if len(word) > 3 else word


_NAME, _ACRONYM_NAME = 2, 1  # kinds of a capitalised token (see ``word_info``)


def _word_info(tok: str) -> tuple[str, str | None, int, str, bool, bytes]:
    """What ``features`` needs of one word token, computed once per distinct token
    (``word_info``; one is looked up for every token of every article): its lower-case form
    (ё→е), its body stem (None for a stop word or a word of two letters), whether it is
    an acronym (``_ACRONYM_NAME``) or another capitalised word that may be a name
    (``_NAME``; 0 otherwise), its name key, whether that name is weak, and the lower-case
    form in UTF-8 (for the shingle hashes)."""
    lower = tok.lower().replace("ё", "е")
    stem_ = stem(lower) if lower not in STOP_WORDS and len(lower) > 2 else None
    if _ACRONYM.match(tok):
        kind = _ACRONYM_NAME
    elif len(tok) > 1 and _UPPER.match(tok) and lower not in _GENERIC_CAPS:
        kind = _NAME
    else:
        return lower, stem_, 0, "", False, lower.encode("utf-8")
    return lower, stem_, kind, name_key(tok), is_weak_name(lower), lower.encode("utf-8")


#: ``_word_info`` of the tokens seen, in a bounded LRU cache (a news stream's vocabulary
#: is Zipfian: most tokens are hits).
word_info = lru_cache(maxsize=65_536)(_word_info)

#: Token -> its ``word_info`` (None for a number or a break: what ``features`` keeps of
#: it): the article's tokens are looked up in one ``map`` of ``dict.get`` in C, a third
#: of the cost of a call of the LRU function each; emptied at ``_TABLE_SIZE`` tokens.
_WORD_TABLE: dict[str, tuple | None] = {}
_TABLE_SIZE = 65_536  # as the LRU of ``word_info``, whose tuples it shares
_UNSEEN = object()


def _token_infos(toks: list[str]) -> list[tuple | None]:
    """``word_info`` of each word token, None for numbers and breaks (which sort before
    "A": a word starts with a letter)."""
    infos = list(map(_WORD_TABLE.get, toks, repeat(_UNSEEN)))
    if _UNSEEN in infos:
        if len(_WORD_TABLE) >= _TABLE_SIZE:
            _WORD_TABLE.clear()
        for position in [p for p, info in enumerate(infos) if info is _UNSEEN]:
            tok = toks[position]
            info = _WORD_TABLE[tok] = word_info(tok) if tok >= "A" else None
            infos[position] = info
    return infos


def name_key(word: str) -> str:
    """Key of a proper name: lower case, ё→е, 5-letter prefix (case endings vary)."""
    word = word.lower().replace("ё", "е")
    return word[:5] if len(word) > 5 else word


def tokens(text: str) -> list[str]:
    """Words, numbers and sentence breaks (``.``, ``!``, ``?``, newline) in order."""
    return _TOKEN.findall(text)


@lru_cache(maxsize=16_384)
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


@lru_cache(maxsize=4096)  # the words after numbers: a small vocabulary
def _month(word: str) -> int | None:
    word = word.lower()
    for prefix, number in _MONTHS.items():
        if word.startswith(prefix) and len(word) <= len(prefix) + 3:
            return number
    return None


@dataclass
class Features:
    """What deduplication knows about one article's text."""

    #: the lower-case words in order, UTF-8: what the word-3-shingles are made of
    words_utf8: list[bytes] = field(default_factory=list, repr=False)
    entities: set[str] = field(default_factory=set)
    weak: set[str] = field(default_factory=set)  # the entities that are weak names
    numbers: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)  # the numbers that are day.month dates
    title: set[str] = field(default_factory=set)
    lead: set[str] = field(default_factory=set)   # stems of the headline and first sentence
    headline_numbers: set[str] = field(default_factory=set)  # numbers of the headline
    reaction: bool = False  # the headline/lead is a condolence or congratulation
    words: dict[str, int] = field(default_factory=dict)
    length: int = 0

    @property
    def shingles(self) -> set[str]:
        """The word-3-shingles ("a b c") of the text."""
        return {t.decode("utf-8") for t in self._shingle_bytes()}

    def shingle_hashes(self) -> list[int]:
        """CRC-32 of each shingle's UTF-8 text (repeats kept: MinHash takes minima),
        without making the strings: what ``aggregator.stories.minhash`` hashes."""
        return list(map(zlib.crc32, self._shingle_bytes()))

    def _shingle_bytes(self):
        w = self.words_utf8
        return map(b" ".join, zip(w, w[1:], w[2:]))

    def keys(self) -> set[str]:
        """All event keys with their kind prefix (``e:``, ``n:``, ``t:``, ``w:``)."""
        return ({"e:" + k for k in self.entities} | {"n:" + k for k in self.numbers}
                | {"t:" + k for k in self.title} | {"w:" + k for k in self.words})


def _sentence_start(toks: list[str], position: int) -> bool:
    """Whether the token at ``position`` opens a sentence: the text starts there or a
    sentence break precedes it ("им. Костенко", "г. Ош", "Ш. Мирзиёев": a period after
    an abbreviation or initial is not a break)."""
    j = position - 1
    while j >= 0:
        tok = toks[j]
        if tok not in _BREAKS:
            return False
        previous = toks[j - 1] if j else ""
        if not (tok == "." and previous[:1].isalpha() and (
                (len(previous) <= 3 and previous.islower()) or len(previous) == 1)):
            return True
        j -= 1
    return True


def _first_sentence(text: str) -> str:
    match = re.search(r"[.!?\n]", text[20:]) if len(text) > 20 else None
    return text[: match.start() + 20] if match else text[:200]


def features(title: str | None, text: str | None) -> Features:
    """Shingles, entities, numbers, title stems and body stems of an article."""
    title = (title or "").strip()
    text = (text or "").strip()
    headline = title or _first_sentence(text)
    # the tokens of "title\ntext" are the title's, a break, the text's (none spans the
    # newline): the headline's come with them
    head_tokens = tokens(headline)
    toks = head_tokens + ["\n"] + tokens(text) if title else tokens(text)
    feats = Features()

    # one pass over the tokens in C-speed comprehensions; the Python loops below visit only
    # numbers and capitalised words
    # token kinds by comparison, cheaper than ``tok[0].isalpha()`` on every token: a word
    # starts with a letter, and numbers and breaks (digits, ``.!?\n``) sort before "A";
    # a number is ``"0" <= tok < ":"`` (tests/test_stories.py checks both on the dev texts)
    infos = _token_infos(toks)
    words = [info[5] for info in infos if info is not None]  # UTF-8 lower-case forms
    stems = [s for info in infos if info is not None and (s := info[1]) is not None]
    for position in [p for p, tok in enumerate(toks) if "0" <= tok < ":"]:  # a digit first
        tok = toks[position]
        number = _number(tok)
        if number is not None:
            feats.numbers.add(number)
        following = infos[position + 1] if position + 1 < len(toks) else None
        if following is not None and tok.isdigit():  # "25 декабря": a date
            month = _month(following[0])
            if month and 1 <= int(tok) <= 31:
                feats.numbers.discard(tok)
                feats.numbers.add(f"{int(tok)}.{month:02d}")
                feats.dates.add(f"{int(tok)}.{month:02d}")
    caps: list[tuple[int, str, bool, bool]] = []  # (token position, key, weak, at start)
    for position in [p for p, info in enumerate(infos) if info is not None and info[2]]:
        _, _, kind, key, weak, _ = infos[position]
        caps.append((position, key, weak, kind == _NAME and _sentence_start(toks, position)))
    # the first name before a weak surname is part of it ("Шавкат Мирзиёев", "Касым-Жомарт
    # Токаев"): a well-known leader's name, weak as a whole (not a place: "в городе Нукус
    # Мирзиёев предложил")
    leaders = {pos for pos, _, weak, _ in caps if weak and _SURNAME.search(toks[pos])}
    mid = {key for _, key, _, start in caps if not start}
    for pos, key, weak, start in caps:
        if start and key not in mid:
            continue
        feats.entities.add(key)
        if weak or (pos + 1 in leaders
                    and not is_place(toks[pos].lower().replace("ё", "е"))):
            feats.weak.add(key)
    feats.words_utf8 = words
    counts = dict(Counter(stems))  # first-occurrence order, as the stems come
    feats.words = counts
    feats.length = len(words)
    feats.title = _stems(head_tokens)
    feats.headline_numbers = {n for tok in head_tokens if "0" <= tok < ":"
                              and (n := _number(tok)) and n in feats.numbers}
    body_first = _first_sentence(text[len(title):].lstrip() if title and text.startswith(title)
                                 else text)
    feats.lead = feats.title | _stems(tokens(body_first)[:40])
    feats.reaction = any(w.startswith(REACTIONS) for w in feats.lead)
    return feats


def rounded(number: str) -> str | None:
    """The whole part of a decimal figure (51.77 -> 51): what a rewrite that rounds it
    writes; None for what is not a decimal or a date."""
    if "." not in number:
        return None
    whole, _, frac = number.partition(".")
    if len(frac) == 2 and frac[0] in "01" and int(frac) <= 12 and int(whole) <= 31:
        return None  # 25.12: a day.month date
    return whole if len(whole) >= 2 else None


def _stems(toks: list[str]) -> set[str]:
    # words (``features``); the article's own tokens are in the word table already (a
    # dict probe, a third of an LRU call), a word cut short at the headline's end is not
    table = _WORD_TABLE
    out = {(table.get(tok) or word_info(tok))[1] for tok in toks if tok >= "A"}
    out.discard(None)
    return out
