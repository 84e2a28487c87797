"""Russian names to their nominative with pymorphy3's dictionary (Name, Surn, Geox, Orgn
tags and inflection): "Жапарову" -> "Жапаров", "Иссык-Кульской области" -> "Иссык-Кульская
область". Every word is parsed once per process (``lru_cache``), so a warm run costs
microseconds a word; the dictionary ships inside the pymorphy3-dicts-ru wheel.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PERSON_TAGS = {"Name", "Surn", "Patr"}
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
#: surnames and patronymic parts that do not decline ("Назарзода", "Алиев оглы", "уулу"):
#: pymorphy's guesser reads their final vowel as a case ending
_INDECLINABLE = re.compile(r"(зода|заде|оглы|оглу|уулу|кызы|угли|қизи|ұлы|қызы|"
                           r"уу|үү|аа|ээ|оо|өө|ыы)$", re.I)  # and Kyrgyz long vowels: "Айсулуу"
_FEMALE_SURNAME = re.compile(r"(ова|ева|ёва|ина|ына)$")
#: a Russian patronymic in any case ("Миромонович", "Кумаровича", "Ивановна")
PATRONYMIC = re.compile(r"(ович|евич|ьич|овна|евна|ична)(а|у|ем|ом|е|ы|ой|ю)?$", re.I)
#: the genitive (or, after "по", dative) words that go on an organisation's name
_GOVERNED = {"gent": ("NOUN", "ADJF"), "datv": ("NOUN", "ADJF")}
_FUNCTION_WORDS = {"PREP", "CONJ", "PRCL", "INTJ", "NUMR"}


@lru_cache(maxsize=1)
def _analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def _parses(word: str) -> tuple:
    return tuple(_analyzer().parse(word))


def kind_of(word: str) -> str | None:
    """PER, LOC or ORG when the dictionary knows ``word`` as a name, surname, place or
    organisation (its best parse), else None."""
    parses = _parses(word)
    if not parses:
        return None
    best = parses[0]
    grammemes = best.tag.grammemes
    if grammemes & _PERSON_TAGS:
        return "PER"
    if "Geox" in grammemes:
        return "LOC"
    if "Orgn" in grammemes:
        return "ORG"
    return None


@lru_cache(maxsize=65_536)
def has_name_reading(word: str) -> bool:
    """Whether one of the dictionary's readings of ``word`` is a first name ("Динара")."""
    return any("Name" in p.tag.grammemes for p in _parses(word))


def is_first_name(word: str) -> bool:
    """Whether the dictionary's first reading of ``word`` is a first name it knows."""
    parses = _parses(word)
    return bool(parses) and parses[0].is_known and "Name" in parses[0].tag.grammemes


@lru_cache(maxsize=65_536)
def is_common_abbreviation(word: str) -> bool:
    """An abbreviation the dictionary knows as a common noun ("ВВП", "ДТП", "СМИ"), not
    as an organisation, place or name."""
    parses = _parses(word)
    return bool(parses) and parses[0].is_known and "Abbr" in parses[0].tag.grammemes and not (
        parses[0].tag.grammemes & (_PERSON_TAGS | {"Geox", "Orgn"}))


@lru_cache(maxsize=65_536)
def governed(word: str, case: str) -> bool:
    """Whether ``word`` reads as a noun or adjective in ``case`` among its likelier readings
    ("безопасности", "иностранных", "дел" in the genitive)."""
    parses = _parses(word)
    if not word.replace("-", "").isalpha() or not parses or parses[0].tag.POS in _FUNCTION_WORDS:
        return False  # "из", "в" (also read as "век"), "1980-х"
    return any(_case(p) == case and p.tag.POS in _GOVERNED[case] and "Abbr" not in p.tag.grammemes
               for p in parses[:4])


@lru_cache(maxsize=65_536)
def agrees(adjective: str, noun: str) -> bool:
    """Whether ``adjective`` reads as an adjective in the case and number of ``noun``'s
    likeliest reading ("Государственного комитета", not "Данные Агентства")."""
    nouns = _parses(noun)
    if not nouns:
        return False
    case, number = _case(nouns[0]), nouns[0].tag.number
    return any("ADJF" in p.tag.grammemes and _case(p) == case and p.tag.number == number
               for p in _parses(adjective))


@lru_cache(maxsize=65_536)
def reads_locative(word: str) -> bool:
    """Whether ``word``'s likeliest reading is in the locative (prepositional) case."""
    parses = _parses(word)
    return bool(parses) and _case(parses[0]) == "loct"


@lru_cache(maxsize=65_536)
def is_shouted_word(word: str) -> bool:
    """A word of a headline in capitals that the dictionary knows as a plain word
    ("ПРЕЗИДЕНТА", "ОСНОВНЫХ"), not an abbreviation (those are short)."""
    return len(word) > 5 and word.isupper() and is_plain_word(word.capitalize())


def is_plain_word(word: str) -> bool:
    """A dictionary word that is no name ("Правительство", "Однако"): a capital at the start
    of a sentence, not a name."""
    parses = _parses(word)
    return bool(parses) and parses[0].is_known and not (
        parses[0].tag.grammemes & (_PERSON_TAGS | {"Geox", "Orgn", "Abbr"}))


def _case(parse) -> str | None:
    return next((c for c in _CASES if c in parse.tag.grammemes), None)


def run_case(words: list[str]) -> str | None:
    """The case most words of a name agree on ("Садыра Жапарова": gent), else None."""
    votes: dict[str, float] = {}
    for word in words:
        for parse in _parses(word)[:3]:
            case = _case(parse)
            if case:
                votes[case] = votes.get(case, 0.0) + parse.score
    return max(votes, key=votes.get) if votes else None


@lru_cache(maxsize=200_000)
def nominative(word: str, case: str | None = None, person: bool = False,
               gender: str | None = None, singular: bool = False) -> str:
    """``word`` in the nominative, keeping its gender and capitalisation; ``case`` prefers
    the reading in that case (the case the whole name is in), ``person`` the readings as a
    name or surname, ``gender`` an adjective agreeing with its noun ("Аральском море")."""
    parses = _parses(word)
    if not parses or _INDECLINABLE.search(word):
        return word
    ranked = sorted(parses, key=lambda p: (
        -(person and bool(p.tag.grammemes & _PERSON_TAGS)),
        -(case is not None and _case(p) == case),
        -(gender is not None and gender in p.tag.grammemes), -p.score))
    best = ranked[0]
    plural = "plur" in best.tag.grammemes
    if _case(best) is None or (_case(best) == "nomn" and not (plural and singular)) or (
            plural and not singular):
        return word
    wanted = {"nomn", "sing"} if plural else {"nomn"}
    if plural and gender and "ADJF" in best.tag.grammemes:
        wanted.add(gender)  # "Сырдарьинской областях" -> "Сырдарьинская область"
    inflected = best.inflect(wanted)
    if inflected is None:
        return word
    return _recase(inflected.word, word)


def person_nominative(words: list[str]) -> list[str]:
    """A person's name in the nominative: the case most of its words agree on, each word
    read as a name or surname in it. A first name the case leaves as written before a
    surname in -ова/-ева/-ина is a woman named in the nominative ("Жазгуль Масалиева",
    "Динара Закиева"), not a man in the genitive ("Садыра Жапарова" -> "Садыр Жапаров")."""
    case = run_case(words)
    names = [nominative(w, case, True) for w in words]
    if len(words) >= 2 and names[0] == words[0] and _FEMALE_SURNAME.search(words[-1]):
        return [words[0]] + [w if _FEMALE_SURNAME.search(w) else nominative(w, None, True, "femn")
                             for w in words[1:]]
    return names


def noun_gender(word: str, case: str | None = None) -> str | None:
    """The gender of ``word`` read as a noun (in ``case`` when it can be)."""
    nouns = [p for p in _parses(word) if "NOUN" in p.tag.grammemes]
    nouns.sort(key=lambda p: -(case is not None and _case(p) == case))
    for parse in nouns:
        for gender in ("masc", "femn", "neut"):
            if gender in parse.tag.grammemes:
                return gender
    return None


def _recase(new: str, like: str) -> str:
    if like.isupper():
        return new.upper()
    parts = new.split("-")
    originals = like.split("-")
    return "-".join(p.capitalize() if i < len(originals) and originals[i][:1].isupper() else p
                    for i, p in enumerate(parts))
