"""What an extracted entity is (``Entity``) and the script-independent key names meet on.

The key is a consonant skeleton: Cyrillic (ru, kk, ky, uz, tg) and Turkic Latin letters are
brought to plain Latin, digraphs folded (zh/dzh/j, kh/h/x, sh/ş, w/v) and vowels dropped,
because the region's romanisations agree on consonants far more often than on vowels
("Mirziyoyev", "Мирзиёев"; "Japarov", "Жапаров", "Жапарова" all give ``mrzyv``/``jprv``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

#: every apostrophe variant read as "'" (Uzbek Latin writes o‘, g‘ with any of them)
APOSTROPHES = str.maketrans({c: "'" for c in "‘’ʻʼ`′‛ʹ"})

TYPES = ("PER", "ORG", "LOC")

#: "and" in the portal's languages, as it joins the names of a list
LIST_AND = "and|и|va|ва|және|жана|we"
#: a list's separator just before a name (searched in the few characters before it)
AFTER_LIST_SEPARATOR = re.compile(rf"(?:,|\s(?:{LIST_AND}))\s+$")


@dataclass
class Entity:
    """One entity of an article: its type, normal form and how it is mentioned."""

    type: str  # PER | ORG | LOC
    name: str  # normal form in the text's language (nominative)
    mentions: int = 0
    canonical: str | None = None  # one spelling across scripts, when the gazetteer knows it
    key: str = ""  # consonant skeleton (script-independent)
    in_lead: bool = False  # in the title or the first sentence of the text
    first_pos: int = -1  # offset of the first mention in title + "\n" + text
    country: str | None = None  # whose place, institution or official it is (gazetteer)
    variants: set = field(default_factory=set, repr=False)

    @property
    def display(self) -> str:
        """The name the dataset keeps: for a known person the one spelling across scripts
        ("Japarov" and "Жапаров" are "Садыр Жапаров"), otherwise the normal form as written
        (places and organisations keep their variants: "КНР" next to "Китай")."""
        return self.canonical if self.type == "PER" and self.canonical else self.name

    def record(self) -> dict:
        """The entity as ``aggregator enrich`` writes it."""
        return {"type": self.type, "name": self.display, "mentions": self.mentions}

    def evidence(self) -> dict:
        """The record with the forms written and what country tagging weighs."""
        # ``record``'s three fields written out, and the name (already one of the variants
        # wherever ``extract`` made the entity) added only when missing: half the cost,
        # for the ~7 entities of every article
        name, variants = self.name, self.variants
        return {"type": self.type, "name": self.display, "mentions": self.mentions,
                "aliases": sorted(variants if name in variants else variants | {name}),
                "country": self.country, "in_lead": self.in_lead, "first_pos": self.first_pos}


_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіўҳҷӣӯ",
    ["a", "b", "v", "g", "d", "e", "e", "j", "z", "i", "y", "k", "l", "m", "n", "o",
     "p", "r", "s", "t", "u", "f", "h", "c", "ch", "sh", "sh", "", "i", "", "e",
     "yu", "ya", "a", "g", "k", "n", "o", "u", "u", "h", "i", "u", "h", "j", "i", "u"]))
_LATIN = str.maketrans({"ş": "sh", "ç": "ch", "ž": "j", "ý": "y", "ň": "n", "ä": "a", "ö": "o",
                        "ü": "u", "ı": "i", "ǵ": "g", "ğ": "g", "ń": "n", "ó": "o", "ú": "u",
                        "á": "a", "é": "e", "w": "v", "q": "k", "x": "h"})


_WORD_BREAK = re.compile(r"[\s\-]+")
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLED = re.compile(r"(.)\1+")
_CYRILLIC_TO_LATIN = str.maketrans(_CYRILLIC)


@lru_cache(maxsize=65_536)  # names recur across articles; the key depends on the name only
def skeleton(name: str) -> str:
    """The consonant skeleton of ``name``, word by word."""
    out = []
    for word in _WORD_BREAK.split(name.lower().translate(APOSTROPHES).replace("'", "")):
        latin = word.translate(_CYRILLIC_TO_LATIN).translate(_LATIN)
        latin = latin.replace("dzh", "j").replace("zh", "j").replace("kh", "h").replace("ts", "c")
        consonants = _VOWELS.sub("", latin)
        out.append(_DOUBLED.sub(r"\1", consonants) or latin)
    return " ".join(out)


_VOWEL_RUN = re.compile(r"[aeiou]+|(?<![aeiou])y(?![aeiou])")


@lru_cache(maxsize=65_536)
def person_key(name: str) -> str:
    """A stricter key than ``skeleton`` for joining a person to a known one across
    transliterations: each word's consonants, how many vowels and which comes first ("y"
    between consonants a vowel, as in "Berdymukhamedov"; next to one a glide, as in
    "Mirziyoyev"), so "Мирзияев", "Mirziyoyev" and "Şawkat Mirziýoýew" meet "Шавкат
    Мирзиёев" but "Мирзаев" (3 vowels) and "Тукаев" (first vowel u) do not meet "Токаев"."""
    out = []
    for word in _WORD_BREAK.split(name.lower().translate(APOSTROPHES).replace("'", "")):
        latin = word.translate(_CYRILLIC_TO_LATIN).translate(_LATIN)
        latin = latin.replace("dzh", "j").replace("zh", "j").replace("kh", "h").replace("ts", "c")
        vowels = "".join(m.group() for m in _VOWEL_RUN.finditer(latin)).replace("y", "i")
        consonants = _DOUBLED.sub(r"\1", _VOWELS.sub("", latin))
        out.append(f"{consonants}{len(vowels)}{vowels[:1]}")
    return " ".join(out)


def comparable(name: str) -> str:
    """``name`` as two spellings of one normal form compare: lower case, ё as е, one
    apostrophe, no quote marks, single spaces."""
    name = name.translate(APOSTROPHES).lower().replace("ё", "е")
    return " ".join(re.sub(r"[\"«»“”„]", "", name).split())
