"""Whether the letters after a month stem are an ending the languages' grammar allows.

The month tables match a word by its stem ("сентябр", "қыркүйек", "noýabr"), since a
month word in the region's languages carries case and possessive endings. Any letters
after the stem used to count, so a number before a word that merely starts like a month
("5 мартаба" 'five times', "15 майор", "5 майдон" 'square', "5 майских") read as a date.
Here the rest of the word must be a Russian case ending or a Turkic/Tajik chain of
possessive, case and adjective suffixes whose vowels agree with the stem's
(``data/date_words.toml``, ``[month_endings]``). Stems in other scripts (Arabic-script
Kazakh and Uyghur) keep the old rule: any ending.
"""

from __future__ import annotations

import re
from aggregator.enrich.date_words import date_words

_WORDS = date_words()["month_endings"]


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


RUSSIAN_ENDINGS = _RUSSIAN = frozenset(_WORDS["russian"])
_TURKIC = re.compile(
    rf"(?:{_alternation(_WORDS['joins'])})?(?:{_alternation(_WORDS['possessive'])})?"
    rf"(?:(?:{_alternation(_WORDS['cases'])})(?:{_alternation(_WORDS['adjective'])})?)?")

_BACK = frozenset("аоуыяюёaouyı")
_FRONT = frozenset("әеөүіэeäöü")
_ROUNDED = frozenset("оөуүюёoöuü")
_ROUNDED_ENDING = frozenset("оөoö")
_ANY_STEM = frozenset("аиai")  # Uzbek and Tajik endings keep these after any stem
_VOWELS = _BACK | _FRONT | frozenset("иi")
_CYRILLIC_OR_LATIN = re.compile(r"[a-zа-яёäöüýňşçžıəğǵúñńіүөұқғңһәҳҷӣӯ]+")


def month_ending_fits(stem: str, rest: str) -> bool:
    """True when ``rest`` may follow the month stem ``stem`` (both normalised)."""
    if not rest or rest in _RUSSIAN:
        return True
    if not _CYRILLIC_OR_LATIN.fullmatch(stem):
        return True  # Arabic script: endings are not modelled
    if _TURKIC.fullmatch(rest) is None:
        return False
    last = next((ch for ch in reversed(stem) if ch in _VOWELS), "а")
    for ch in rest:
        if ch in _ANY_STEM or ch not in _VOWELS:
            continue
        if (last in _BACK and ch in _FRONT) or (last not in _BACK and ch in _BACK):
            return False
        if ch in _ROUNDED_ENDING and last not in _ROUNDED:
            return False
    return True
