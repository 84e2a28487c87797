"""Find every mention of the portal's six countries (KZ, KG, UZ, TJ, TM, CN) in an article.

The names live in ``aggregator/data/gazetteer.toml`` (data a maintainer extends without
touching code): country names in every case, adjectives and demonyms, capitals, regions
and cities, heads of state and officials, single-country institutions and currencies, in
Russian, Kazakh, Kyrgyz, Uzbek (Latin and Cyrillic), Tajik, Turkmen, English and Chinese.

At import the entries are compiled into one matcher (``country_patterns``): a one-level
trie keyed by a word's first two letters, each key holding one alternation regex of every
entry that starts so (one named group per country and kind of cue). An article is scanned
once: one regex finds the words that start with a key (and its three-letter prefixes), and
the key's regex is tried there, whatever the size of the gazetteer. Russian morphology is handled with stems (``бишкек*``) or explicit ending
sets (``ош{,а,у,е,ом}``) between word boundaries; look-alike phrases (``китайская
грамота``, ``Алматинская декларация``) are blocked by alternatives that win at the same
position; ambiguous cues (РК, КР, манат, Меджлис) are conditional on the rest of the text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from aggregator.enrich.char_map import CharMap
from aggregator.enrich.country_patterns import (
    APOSTROPHES_AND_YO,
    CJK,
    CONDITIONALS,
    COUNTRIES,
    FOLDS_APART,
    LANGS_WITH_EXTRAS,
    Conditional,
    candidate_patterns,
    key_matchers,
)

__all__ = ["COUNTRIES", "Mention", "find_mentions", "normalise"]

# outlet names and addresses ("Almaty-akshamy.kz", "24.kg") are not references
_DOMAIN = re.compile(  # a match can only start where a run starts: the look-behind skips the rest fast
    r"(?<![\w.\-])[\w.\-]+\.(?:kz|kg|uz|tj|tm|cn|ru|com|org|net|info|am|az|ua|by|media|news|asia|tv)\b",
    re.I,
)


_TRANSLATE = CharMap(APOSTROPHES_AND_YO)  # str.translate is slow on long texts


# what every address ends with: a fast scan that spares the slow _DOMAIN on most texts
_TLD = re.compile(_DOMAIN.pattern.split("+", 1)[1], re.I)


def normalise(text: str) -> str:
    text = _TRANSLATE(text)
    if not _TLD.search(text):
        return text
    return _blank_domains(text)


def _blank_domains(text: str) -> str:
    r"""``_DOMAIN.sub`` blanking each match with spaces, tried only where it can match.

    A match starts where a run of ``[\w.\-]`` characters starts (its look-behind) and ends
    inside that run, at the run's last address ending (``_TLD``): so each run that holds
    a ``_TLD`` match is tried once, at its start, which is where the sub, scanning every
    position, would find its match (~4 us for a text with an address instead of ~20)."""
    pieces, done, tried = [], 0, -1
    for tld in _TLD.finditer(text):
        start = tld.start()
        while start and _in_run(text[start - 1]):
            start -= 1
        if start == tried or start < done:
            continue  # a run already tried
        tried = start
        found = _DOMAIN.match(text, start)
        if found is not None:
            pieces += (text[done:start], " " * (found.end() - start))
            done = found.end()
    return "".join(pieces) + text[done:] if pieces else text


def _in_run(char: str) -> bool:
    r"""Whether ``char`` is one of ``[\w.\-]`` (re's ``\w``: ``isalnum`` or "_")."""
    return char.isalnum() or char in "_.-"


_SENTENCE_START = re.compile(r"(?:^|[.!?…:;«\"“„(\[\n—–-])\s*$")
_DATELINE_AFTER = re.compile(r"\s*(?:,|\s[—–-]|\(|/)")


_TOKEN = re.compile(r"[\u3400-\u9fff]+|[^\W\u3400-\u9fff]+")


def _scan(text: str, lang: str | None, title: bool) -> list[tuple[str, int, int, str]]:
    """(group, start, end, matched) for every cue in ``text``; blocks already dropped."""
    lower = text.lower()
    if CJK.search(lower):  # Chinese: a cue may start at any character
        return _scan_tokens(text, lower, lang)
    found: list = []
    matchers = key_matchers(lang)
    digits = matchers.get(None)
    end = 0
    # the candidates are the word starts the loop of ``_scan_tokens`` would not reject at
    # once (or more): the regex skips the other words in C, the checks stay as there
    heads = len(lower) == len(text) and FOLDS_APART.search(text) is None
    for start in _candidate_starts(lower, lang, heads):
        if start >= end:
            end = _try_word(matchers, digits, text, lower, start, end, found)
    return found


def _candidate_starts(lower: str, lang: str | None, heads: bool = False) -> list[int]:
    """Where a word of ``lower`` (a text without CJK characters) starts with a key and
    three-letter prefix of ``key_matchers(lang)`` or with a digit: a superset of the words
    ``_scan_tokens`` tries a regex at. Without CJK characters a word (``_TOKEN``) starts
    at 0 or after a non-word character. With ``heads`` (the text's lower case is what the
    key regexes read: ``FOLDS_APART``) only the words that start as an entry's head does
    (``key_heads``): the others are words where no key regex can match."""
    after_break, longest = candidate_patterns(lang, heads)
    starts = [0] if after_break.match(" " + lower[:longest]) else []  # a space for the start
    starts += [m.end() for m in after_break.finditer(lower)]
    return starts


def _scan_tokens(text: str, lower: str, lang: str | None) -> list[tuple[str, int, int, str]]:
    """``_scan`` word by word (any text; the one way for texts with CJK characters)."""
    found = []
    matchers = key_matchers(lang)
    digits = matchers.get(None)
    end = 0
    for tok in _TOKEN.finditer(lower):
        start = tok.start()
        if start < end:
            continue
        first = lower[start]
        if "\u3400" <= first <= "\u9fff":  # Chinese: a cue may start at any character
            for pos in range(start, tok.end()):
                entry = matchers.get(lower[pos])
                if pos >= end and entry is not None:
                    end = _match(entry[0], text, pos, end, found)
            continue
        end = _try_word(matchers, digits, text, lower, start, end, found)
    return found


def _try_word(matchers: dict, digits, text: str, lower: str, start: int, end: int,
              found: list) -> int:
    """Try the key matcher of the word at ``start``; return where the scan may go on."""
    # most words start no entry: a dict look-up and a prefix test reject them (a digit is
    # tried only then, by comparison rather than a method call)
    entry = matchers.get(lower[start : start + 2])
    if entry is None:
        if digits is None or not "0" <= lower[start] <= "9":
            return end
        entry = digits
    matcher, prefixes = entry
    if prefixes is not None and lower[start : start + 3] not in prefixes:
        return end
    return _match(matcher, text, start, end, found)


def _match(matcher: re.Pattern, text: str, pos: int, end: int, found: list) -> int:
    """Match a key's alternation at ``pos``; append a cue to ``found``; return where the
    scan may go on."""
    m = matcher.match(text, pos)
    if m is None:
        return end
    group = m.lastgroup
    if group == "block":
        return m.end()
    if group.endswith("_lower") and m.group()[0].isupper() and pos:
        # "Казахов" mid-sentence is a surname; "Казахи ..." at a sentence start not
        if not _SENTENCE_START.search(text[max(0, pos - 3) : pos]):
            return m.end()
    found.append((group, pos, m.end(), m.group()))
    return m.end()


def _is_dateline(body: str, start: int, end: int, matched: str) -> bool:
    if start > 60:
        return False
    prefix = body[:start]
    if CJK.search(matched) or CJK.search(prefix):
        # Chinese agencies: "新华社乌鲁木齐5月16日电"
        return bool(re.match(r"\s*新华社\S{0,6}$", prefix))
    if len(re.findall(r"[^\W\d_]{3,}", prefix)) > 4 or not _DATELINE_AFTER.match(body, end):
        return False
    if "\n" in prefix.strip():
        return False
    if prefix.strip() and prefix.rstrip()[-1].isalpha():
        return False  # "... clashes on Kyrgyzstan, ...": a word of the sentence before it
    after = body[end : end + 40]
    return (
        matched.isupper()
        or bool(re.search(r"\d", prefix))
        or bool(re.match(r"\s*[,(]?\s*[\w\s]{0,25}?(?:\d|—|–|\(|/|«|\"|Sputnik|ТАСС|Ховар)", after))
    )


class Mention(NamedTuple):
    """One reference to a country: where it is and which kind of gazetteer entry found it.
    A named tuple, not a frozen dataclass: an article has ~7 and a frozen dataclass's
    ``__init__`` (one ``object.__setattr__`` a field) costs four times as much to make."""

    country: str
    in_title: bool
    start: int  # offset in the title or in the body
    end: int
    kind: str  # name | cue | case | lower (the gazetteer's lists) | cond (a conditional cue)
    matched: str
    dateline: bool = False


def find_mentions(title: str, body: str, lang: str | None) -> list[Mention]:
    """Every country mention of ``title`` then ``body`` (both already ``normalise``d), in
    order; conditional cues only where the rest of the text agrees."""
    key = lang if lang in LANGS_WITH_EXTRAS else None
    found: list[Mention] = []
    pending: list[tuple[int, bool, int, int, str]] = []
    for in_title, part in ((True, title), (False, body)):
        for group, start, end, matched in _scan(part, key, in_title):
            if group.startswith("cond"):
                pending.append((int(group[4:]), in_title, start, end, matched))
                continue
            dateline = not in_title and _is_dateline(body, start, end, matched)
            found.append(Mention(group[:2], in_title, start, end, group[3:], matched, dateline))
    if not pending:
        return found
    full = f"{title}\n{body}"
    lower_full = full.lower()
    present = {m.country for m in found}
    for index, in_title, start, end, matched in pending:
        cond = CONDITIONALS[index]
        if cond.unless is not None and _found(cond, full, lower_full):
            continue
        if cond.needs_same and cond.country not in present:
            continue
        if cond.needs_region and not present:
            continue
        found.append(Mention(cond.country, in_title, start, end, "cond", matched))
        present.add(cond.country)
    return found


def _found(cond: Conditional, full: str, lower_full: str) -> bool:
    """Whether ``cond.unless`` matches ``full``; a substring test first, which is enough
    to rule it out on most texts."""
    starts = cond.unless_starts
    if starts is not None and not any(start in lower_full for start in starts):
        return False
    return bool(cond.unless.search(full))
