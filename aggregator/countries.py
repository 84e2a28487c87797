"""Tag the portal's six countries (KZ, KG, UZ, TJ, TM, CN) in an article.

Interim implementation with a few stems; the dedicated countries issue replaces it
with a gazetteer matched by a compiled matcher, keeping ``tag_countries``'s signature.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

COUNTRIES = ("KZ", "KG", "UZ", "TJ", "TM", "CN")

_STEMS = {
    "KZ": r"казахстан|астан[аеуы]|алмат[ыи]|токаев|kazakhstan|almaty|astana",
    "KG": r"кыргызстан|киргиз|бишкек|жапаров|kyrgyz|bishkek",
    "UZ": r"узбекистан|ташкент|мирзиёев|uzbekistan|tashkent",
    "TJ": r"таджикистан|душанбе|рахмон|tajikistan|dushanbe",
    "TM": r"туркмен|ашхабад|бердымухамедов|turkmen|ashgabat",
    "CN": r"китай|китая|китаю|китаем|кнр|пекин|си цзиньпин|china|chinese|beijing",
}
_PATTERNS = {code: re.compile(rf"\b(?:{stems})", re.I) for code, stems in _STEMS.items()}


@dataclass(frozen=True)
class CountryTags:
    """Countries an article refers to (sorted) and the one it is mainly about."""

    countries: list[str] = field(default_factory=list)
    primary: str | None = None


def tag_countries(title: str, text: str, lang: str | None = None) -> CountryTags:
    """Return the portal countries named in ``title`` and ``text``."""
    counts = Counter()
    for code, pattern in _PATTERNS.items():
        counts[code] = 2 * len(pattern.findall(title or "")) + len(pattern.findall(text or ""))
    found = sorted(code for code, n in counts.items() if n)
    ranked = counts.most_common(2)
    primary = None
    if ranked and ranked[0][1] and (len(ranked) < 2 or ranked[0][1] > ranked[1][1]):
        primary = ranked[0][0]
    return CountryTags(countries=found, primary=primary)
