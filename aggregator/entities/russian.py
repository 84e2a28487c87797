"""Russian names to their nominative with pymorphy3's dictionary (Name, Surn, Geox, Orgn
tags and inflection): "Жапарову" -> "Жапаров", "Иссык-Кульской области" -> "Иссык-Кульская
область". Every word is parsed once per process (``lru_cache``), so a warm run costs
microseconds a word; the dictionary ships inside the pymorphy3-dicts-ru wheel.
"""

from __future__ import annotations

from functools import lru_cache

_PERSON_TAGS = {"Name", "Surn", "Patr"}
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


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
               gender: str | None = None) -> str:
    """``word`` in the nominative, keeping its gender and capitalisation; ``case`` prefers
    the reading in that case (the case the whole name is in), ``person`` the readings as a
    name or surname, ``gender`` an adjective agreeing with its noun ("Аральском море")."""
    parses = _parses(word)
    if not parses:
        return word
    ranked = sorted(parses, key=lambda p: (
        -(person and bool(p.tag.grammemes & _PERSON_TAGS)),
        -(case is not None and _case(p) == case),
        -(gender is not None and gender in p.tag.grammemes), -p.score))
    best = ranked[0]
    if _case(best) in (None, "nomn") or "plur" in best.tag.grammemes:
        return word
    inflected = best.inflect({"nomn"})
    if inflected is None:
        return word
    return _recase(inflected.word, word)


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
