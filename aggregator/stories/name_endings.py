"""Case endings of names in Kazakh, Kyrgyz, Uzbek, Turkmen, Tajik and English.

A Turkic language writes a name's case on its end ("Токаевқа", "Жапаровдун",
"Mirziyoyevning", "Путинге"); a name skeleton keeps consonants up to 4 symbols, so the
ending's consonant changes the key of every name shorter than that, and the report no
longer meets the Russian or English one ("Токаев", "Tokayev"). The endings are data
(``[name_endings]`` of ``aggregator/data/story_words.toml``).

``attached_stem`` cuts an ending written after a hyphen or an apostrophe ("ШОС-тың",
"Kun.uz'ga", "Tokayev's"): the writer marked it, so the stem replaces the word.
``ending_stem`` cuts an ending glued to the word. That cut is a guess: "Ақорда" ends like a
locative, so the evidence keys the stem *beside* the word, never instead of it. Two checks
keep the guesses few: a Kazakh or Kyrgyz ending must fit the stem's last sound (a voiceless
stem takes т/қ/к endings, a voiced one д/ғ/г: "Алматы" is not "Алма" + "ты"), and a
country's "-стан"/"-ston" is never an ablative ending.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

_APOSTROPHES = str.maketrans({c: "'" for c in "’ʻʼ‘`′"})
_VOWELS = frozenset("аеёиоуыэюяәөүұіӣӯaeiouyäöüıý")
_VOICELESS = frozenset("кқпстфхһҳцчшщkqpstfhxcçş")
#: Russian -ов/-ев surnames take either ending ("Тоқаевтың" in Kazakh, "Жапаровдун" in
#: Kyrgyz): the stem's "в" counts as voiced and as voiceless.
_BOTH = frozenset("вvw")
_AFTER_VOWEL_CONSONANTS = frozenset("мнң")
#: The languages whose glued endings are cut, and the tables of ``[name_endings]`` each
#: reads (Kazakh and Kyrgyz share one: the detector confuses them, the endings overlap).
_TABLES = {"kk": ("kk_ky", "uz"), "ky": ("kk_ky", "uz"), "uz": ("uz", "kk_ky"), "tk": ("tk",),
           "tg": ("tg",)}
#: A stem keeps at least this many letters.
_MIN_STEM = 3


@lru_cache(maxsize=1)
def _endings() -> dict[str, dict[str, tuple[str, ...]]]:
    """Table -> the sound class a stem must end in -> endings, longest first."""
    data = tomllib.loads(resources.files("aggregator").joinpath(
        "data/story_words.toml").read_text(encoding="utf-8"))["name_endings"]
    return {table: {cls: tuple(sorted(set(words.split()), key=len, reverse=True))
                    for cls, words in classes.items()}
            for table, classes in data.items()}


@lru_cache(maxsize=1)
def _attached() -> frozenset[str]:
    """Every ending of every table: what may follow a hyphen or an apostrophe."""
    return frozenset(e for classes in _endings().values() for words in classes.values()
                     for e in words)


def _fits(stem: str, cls: str) -> bool:
    last = stem[-1]
    if cls == "any" or last in _BOTH:
        return True
    if cls == "after_voiceless":
        return last in _VOICELESS
    if cls == "after_vowel":
        return last in _VOWELS or last in _AFTER_VOWEL_CONSONANTS
    return last not in _VOICELESS  # after_voiced: a vowel or a voiced consonant


def attached_stem(lower: str) -> str:
    """``lower`` without an ending written after its last hyphen or apostrophe, if any."""
    word = lower.translate(_APOSTROPHES)
    cut = max(word.rfind("-"), word.rfind("'"))
    if cut >= 2 and word[cut + 1:] in _attached():
        return word[:cut]
    return lower


@lru_cache(maxsize=50_000)
def ending_stem(lower: str, lang: str) -> str | None:
    """A lower-case name without the longest case ending of ``lang`` that fits it, or None
    when none does (or the language has no table)."""
    tables = _TABLES.get(lang)
    if not tables:
        return None
    endings = _endings()
    fitting = [(len(ending), lower[:-len(ending)])
               for table in tables for cls, words in endings[table].items()
               for ending in words
               if len(lower) - len(ending) >= _MIN_STEM and lower.endswith(ending)
               and _fits(lower[:-len(ending)], cls)
               and not _country_suffix(lower[:-len(ending)], ending)]
    return max(fitting)[1] if fitting else None


def _country_suffix(stem: str, ending: str) -> bool:
    """Whether the cut would split a country's "-стан"/"-stan"/"-ston" ("Пәкістан")."""
    return stem[-1] in "сs" and ending[:1] in "тt" and ending[1:2] in "аоao"
