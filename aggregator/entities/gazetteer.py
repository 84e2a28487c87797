"""Known entities found in a text: ``aggregator/data/entities.toml`` (people, institutions,
places in every language of the portal) and the case endings of each language
(``aggregator/data/entities_endings.toml``), both data a maintainer extends.

A token matches a known form when it is the form itself or the form plus one case ending of
the text's language ("Жапарову" is "Жапаров" + "у", "Aşgabada" is "Aşgabat" voiced + "a");
all the forms are compiled into one regex, so a text is scanned once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from importlib import resources

from aggregator.entities.names import APOSTROPHES, person_key
from aggregator.entities.tokens import char_class

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SPACES = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class Known:
    """A gazetteer entity as one of its forms names it."""

    type: str
    form: str  # the nominative form as written in its language
    canonical: str
    country: str | None


class Hit(NamedTuple):  # a tuple: made a few times per article, cheaply
    """A mention of a known entity: where it is and which."""

    start: int
    end: int
    entity: Known


def _read(name: str) -> dict:
    return tomllib.loads(resources.files("aggregator").joinpath(f"data/{name}").read_text("utf-8"))


@lru_cache(maxsize=1)
def case_endings() -> dict[str, tuple[str, ...]]:
    """Language -> its case endings, longest first."""
    return {lang: tuple(sorted(set(endings), key=len, reverse=True))
            for lang, endings in _read("entities_endings.toml").items()}


def strip_case(word: str, lang: str) -> str:
    """``word`` without the longest case ending of ``lang`` that leaves a stem of 3+ letters."""
    lower = word.lower()
    for ending in case_endings().get(lang, ()):
        if lower.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: len(word) - len(ending)]
    return word


@lru_cache(maxsize=1)
def known_entities() -> tuple[dict[tuple[str, ...], Known], re.Pattern]:
    """Form (its lower-case words) -> entity, and one regex finding every form, each of its
    words with the rest of that word (a case ending is checked afterwards)."""
    table: dict[tuple[str, ...], Known] = {}
    for entry in _entries():
        for form in entry["forms"]:
            stem, _, nominative = form.partition("=")
            stem = stem.translate(APOSTROPHES)
            known = Known(entry["type"], (nominative or stem).translate(APOSTROPHES),
                          entry["canonical"], entry.get("country"))
            words = _words(stem)
            table[words] = known
            if words[-1][-1] in "ая" and len(words[-1]) >= 5:
                # "Акорда": "Акорде", "Акорды", "Москве": the vowel is the ending
                table.setdefault((*words[:-1], words[-1][:-1]), known)
    for words, known in list(table.items()):
        stems = _russian_stems(words)
        if stems != words:
            # "Китае", "Беларуси", "Республики Казахстан", "Российской Федерации",
            # "Шанхайской организации сотрудничества": every Russian word declines
            if stems not in table:
                _russian_only().add(stems)
                table[stems] = known
    forms = sorted({" ".join(words) for words in table}, key=len, reverse=True)
    alternatives = [_form_regex(f) for f in forms if not _CJK.match(f)]
    pattern = r"(?<!\w)(?:" + "|".join(alternatives) + ")"
    cjk = _cjk_alternation(forms)
    if cjk:
        pattern += "|" + cjk
    return table, re.compile(pattern, re.I)


def _entries() -> list[dict]:
    """The entries of ``entities.toml`` and, merged into them, those of ``entities_zh.toml``
    (an entry of the same type and canonical takes the Chinese forms, keeping its country),
    every Chinese form also in the other script (simplified <-> traditional: texts of
    Hong Kong and Taiwan write "烏茲別克斯坦", of the mainland "乌兹别克斯坦")."""
    entries = [dict(e) for e in _read("entities.toml")["entity"]]
    by_name = {(e["type"], e["canonical"]): e for e in entries}
    for extra in _read("entities_zh.toml")["entity"]:
        entry = by_name.get((extra["type"], extra["canonical"]))
        if entry is None:
            entries.append(by_name.setdefault((extra["type"], extra["canonical"]), dict(extra)))
        else:
            entry["forms"] = [*entry["forms"], *extra["forms"]]
    for entry in entries:
        if any(_CJK.search(f) for f in entry["forms"]):
            entry["forms"] = list(dict.fromkeys(entry["forms"] + _other_script(
                [f for f in entry["forms"] if _CJK.search(f)])))
    return entries


def _other_script(forms: list[str]) -> list[str]:
    """``forms`` (Chinese) in traditional and in simplified characters."""
    to_traditional, to_simplified = _converters()
    return [to_traditional.convert(f) for f in forms] + [to_simplified.convert(f) for f in forms]


@lru_cache(maxsize=1)
def _converters():
    from opencc_purepy import OpenCC  # only when the gazetteer is built

    return OpenCC("s2t"), OpenCC("t2s")


@lru_cache(maxsize=1)
def _cjk_pattern() -> re.Pattern:
    """The Chinese forms alone (see ``_cjk_alternation``)."""
    table, _ = known_entities()
    return re.compile(_cjk_alternation(sorted({" ".join(w) for w in table}, key=len, reverse=True)))


def _cjk_alternation(forms: list[str]) -> str:
    """The Chinese forms (longest first) as one alternation grouped by first character: the
    same first match, but re tries only the forms that start with the text's character
    instead of each in turn."""
    groups: dict[str, list[str]] = {}
    for form in forms:
        if _CJK.match(form):
            groups.setdefault(form[0], []).append(re.escape(form[1:]))
    return "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")"
                    for first, rests in groups.items())


#: a Russian word's ending in its nominative: an adjective's two letters, else a final
#: vowel, soft sign or й (what declension replaces: "Федерация" -> "Федерации")
_RU_ADJECTIVE_END = re.compile(r"(?:ая|яя|ое|ее|ий|ый|ой)$")
_RU_FINAL = frozenset("аяоеьйыи")
_CYRILLIC_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*")


def _russian_stems(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` with each Russian word's nominative ending cut off (a form of Russian words
    only: the region's other Cyrillic languages add their endings to the whole form)."""
    if not all(_CYRILLIC_WORD.fullmatch(w) for w in words):
        return words
    stems = []
    for word in words:
        if len(word) >= 6 and _RU_ADJECTIVE_END.search(word):
            word = word[:-2]
        elif len(word) >= 4 and word[-1] in _RU_FINAL:
            word = word[:-1]
        stems.append(word)
    return tuple(stems)


@lru_cache(maxsize=1)
def _russian_only() -> set[tuple[str, ...]]:
    """The stems ``known_entities`` added: only Russian text reads a form through them."""
    return set()


def _form_regex(form: str, after_first: int = 0) -> str:
    """A known form as a regex: each word with the rest of that word (a case ending),
    the words apart by spaces or hyphens; ``after_first`` leaves out the form's first
    characters (a caller matched them)."""
    return (r"[\w']*[\s\-]+".join(re.escape(w) for w in form[after_first:].split(" "))
            + r"[\w']*")


@lru_cache(maxsize=4)  # with and without the Chinese forms (as passed or by default)
def _lower_pattern(cjk: bool = False) -> re.Pattern:
    """``known_entities``' pattern for lower-case text, without IGNORECASE and with its
    alternation as a trie over the forms' first two letters (their order kept within each
    branch): the same first match at every position, but Python's re tries only the forms
    that start with the text's letters there instead of every form in turn (~5x faster).

    re tries a branch's letters one after another, so the letters words most often start
    with come first (``_FREQUENT_FIRST``): the branches exclude each other, so their order
    changes the time only (a third less), never the match. The Chinese forms are in it only
    with ``cjk`` (a text with no Chinese character needs no try of them at every name)."""
    table, pattern = known_entities()
    forms = sorted({" ".join(words) for words in table}, key=len, reverse=True)
    trie: dict[str, dict[str, list[str]]] = {}
    for form in forms:
        if _CJK.match(form):
            continue
        if len(form.split(" ")[0]) < 2:  # no two-letter literal prefix: keep the flat form
            return pattern  # (its IGNORECASE matches the lower-cased text the same)
        trie.setdefault(form[0], {}).setdefault(form[1], []).append(_form_regex(form, 2))
    # branches on different letters exclude each other: grouping them keeps the first match
    branches = [re.escape(first) + "(?:" + "|".join(
        re.escape(second) + "(?:" + "|".join(seconds[second]) + ")"
        for second in sorted(seconds, key=_frequent_first)) + ")"
        for first, seconds in sorted(trie.items(), key=lambda item: _frequent_first(item[0]))]
    source = r"(?<!\w)(?:" + "|".join(branches) + ")"
    chinese = _cjk_alternation(forms) if cjk else ""
    if chinese:
        source += "|" + chinese
    return re.compile(source)


#: letters in about the order words start with them: Russian, the region's own, English
_FREQUENT_FIRST = "пвснокдмитрабзгулчэешжфхцяюйщъыьқөүәҳҷўstcpamdbfhirelwognvukjyqzx"


def _frequent_first(letter: str) -> tuple[int, str]:
    rank = _FREQUENT_FIRST.find(letter)
    return (rank if rank >= 0 else len(_FREQUENT_FIRST), letter)


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in _SPACES.split(text.lower()) if w)


def _ending_fits(rest: str, lang: str) -> bool:
    endings = case_endings()
    return rest == "" or rest in endings.get(lang, ()) or rest in endings["ru" if lang == "ru" else "en"]


@lru_cache(maxsize=65_536)  # the same surfaces recur in a news stream; the table is fixed
def _resolve(surface: str, lang: str) -> Known | None:
    """The known form ``surface`` is (each word the form's word plus a fitting ending)."""
    table = known_entities()[0]
    if _CJK.match(surface):
        return table.get((surface,))
    words = _words(surface)
    *head, last = words
    for known_words, known in _candidates(tuple(head)):
        if len(known_words) != len(words) or (lang != "ru" and known_words in _russian_only()):
            continue
        if all(w.startswith(k) and _ending_fits(w[len(k):], lang) for w, k in zip(words, known_words)):
            return known
    for length in range(len(last), 0, -1):  # one word: the longest known form + an ending
        known = table.get((*head, last[:length])) if not head else None
        if known and _ending_fits(last[length:], lang) and (
                lang == "ru" or (last[:length],) not in _russian_only()):
            return known
    return None


def _candidates(head: tuple[str, ...]):
    if not head:
        return ()
    return _multiword_index().get(head[0][:3], ())


@lru_cache(maxsize=1)
def _multiword_index() -> dict[str, list]:
    table, _ = known_entities()
    index: dict[str, list] = {}
    for words, known in table.items():
        if len(words) > 1:
            index.setdefault(words[0][:3], []).append((words, known))
    return index


def gazetteer_hits(text: str, lang: str) -> list[Hit]:
    """Each mention of a known entity in ``text`` (already apostrophe-normalised)."""
    table, pattern = known_entities()
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lower case is longer ("İ") would shift offsets
        matches, plain = pattern.finditer(text), False
    elif _ASTRAL.search(text):
        # the forms are lower case: matching lower-cased text without IGNORECASE is ~3x
        # faster (Python's re does not share work across a case-insensitive alternation)
        matches, plain = _lower_pattern(_CJK.search(text) is not None).finditer(lower), True
    elif _CJK.search(text):
        # Chinese forms anywhere (no capitals, no spaces), the others where a name starts:
        # two scans, each far faster than the joint pattern at every position (the Chinese
        # one skips by its first characters' set)
        matches = sorted([*_at_name_starts(text, lower), *_cjk_pattern().finditer(lower)],
                         key=lambda m: m.start())
        plain = True
    else:
        matches, plain = _at_name_starts(text, lower), True
    hits = []
    for match in matches:
        surface = text[match.start():match.end()] if plain else match.group(0)
        found = _resolve(surface, lang)
        if found is None:
            continue
        # all-caps abbreviations (РФ, ООН, US) count only when written in capitals, and
        # every language of the portal writes a name with a capital ("кита" is a whale's,
        # not "Китай"; Kazakh "қатар" is "a row", not "Қатар"), domains aside ("24.kg")
        if found.form.isupper() and not surface[: len(found.form)].isupper():
            continue
        if surface[:1].islower() and not found.form[:1].islower():
            continue
        hits.append(Hit(match.start(), match.end(), found))
    return hits


def _at_name_starts(text: str, lower: str) -> list[re.Match]:
    """``_lower_pattern``'s matches in ``lower`` that start where a word of ``text`` starts
    with a capital or a digit, left to right, plus those of the forms written in lower case
    ("prezident.uz"): only there can a name the hits keep start, and trying the pattern
    there alone is ~3x faster than ``finditer`` over every position."""
    # ``False`` written out: ``_lower_pattern()`` would be a second cache entry, and the
    # pattern (~0.05-0.15 s to compile) built again for the first text with a character
    # beyond the BMP and none of Chinese (an emoji), which ``gazetteer_hits`` passes it for
    pattern, found, end = _lower_pattern(False), [], 0
    for start in _name_start().finditer(text):
        at = start.start()
        if at < end or (at and (text[at - 1].isalnum() or text[at - 1] == "_")):
            continue
        match = pattern.match(lower, at)
        if match:
            found.append(match)
            end = match.end()
    lowercase, firsts = _lowercase_forms()
    if lowercase is not None and any(first in lower for first in firsts):
        taken = [(m.start(), m.end()) for m in found]
        extra = [m for m in lowercase.finditer(lower)
                 if not any(m.start() < e and s < m.end() for s, e in taken)]
        found = sorted(found + extra, key=lambda m: m.start())
    return found


@lru_cache(maxsize=1)
def _name_start() -> re.Pattern:
    """A capital (of the BMP) or a digit and the rest of its word (a word in capitals is
    one match, not one a letter)."""
    capitals = [c for c in map(chr, range(0x10000)) if c.isupper() and re.match(r"\w", c)]
    return re.compile(char_class(sorted(capitals + list("0123456789"), key=ord)) + r"[\w'.\-]*")


@lru_cache(maxsize=1)
def _lowercase_forms() -> tuple[re.Pattern | None, tuple[str, ...]]:
    """The known forms written in lower case ("prezident.uz", "khovar.tj") as a pattern,
    and their first words (a text without one of them needs no search)."""
    table, _ = known_entities()
    forms = sorted({" ".join(w) for w, k in table.items() if k.form[:1].islower()}, key=len, reverse=True)
    if not forms:
        return None, ()
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(_form_regex(f) for f in forms) + ")")
    return pattern, tuple(sorted({f.split(" ")[0] for f in forms}))


def known_person(name: str) -> Known | None:
    """The known person a name found by the rules spells in another transliteration
    ("Qasim-Jomart Toqaev", "Мирзияев" for "Касым-Жомарт Токаев", "Шавкат Мирзиёев"): the one
    whose form has the same key (``names.person_key``), when only one has it."""
    return _people_by_key().get(person_key(name))


@lru_cache(maxsize=1)
def _people_by_key() -> dict[str, Known]:
    """Each ``person_key`` of a known person's forms (full name and surname alone) -> that
    person; a key two people share (Садыр and Акылбек Жапаров's surname) is left out."""
    by_key: dict[str, Known] = {}
    shared: set[str] = set()
    for words, known in known_entities()[0].items():
        if known.type != "PER" or _CJK.match(words[0]):
            continue
        for key in {person_key(" ".join(words)), person_key(known.form)}:
            if key in by_key and by_key[key].canonical != known.canonical:
                shared.add(key)
            by_key.setdefault(key, known)
    return {key: known for key, known in by_key.items() if key not in shared}
