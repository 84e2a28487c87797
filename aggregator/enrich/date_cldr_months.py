"""Month names of the region's neighbours, read from the Unicode CLDR through ``babel``.

The word tables (``data/date_words.toml``) hold the month words of the languages the product
covers, and dateparser reads another language's months when the page says which language it
is. Pages about the region also print a neighbour's month where the page's language is another
or unknown: a Ukrainian month on a Russian page ("UA.NEWS 09 Грудня 2020 13:45"), a Turkish
agency stamp on a page of no stated language ("29 Ocak 2026 Perşembe 18:42"). This module reads
every month name CLDR gives for the languages in ``LOCALES`` (wide and abbreviated, format and
stand-alone), whatever the page's language.

A word is read as a month only in a full date: a day, the month word, a four-digit year
("9 грудня 2020", "22 Listopada 2024", "Ocak 29, 2026"), since a neighbour's month is often a
word of another language. A form that CLDR gives two months in two languages of the list is
read as neither, and so is a
form of one or two letters.

The data is read from babel once, at the first text the other rules found no date in.
"""

from __future__ import annotations

import re
from functools import lru_cache

from aggregator.enrich.date_patterns import _L, _normalise

#: the languages of the region's neighbours and of the outlets that write about it, and the
#: product's own (so that their words' months are checked against the others')
LOCALES = (
    "ru", "kk", "ky", "uz", "uz_Cyrl", "tg", "tk", "en", "az", "tr", "tt", "uk", "be", "pl", "lt",
    "lv", "et", "ka", "hy", "mn", "bg", "sr", "sr_Latn", "cs", "sk", "ro", "hu", "de", "fr", "it",
    "es", "pt", "nl", "sv", "fi",
)
_YEAR = r"(?P<y>(?:19|20)\d\d)(?![\d:])"


@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    """Every CLDR month form of ``LOCALES`` (lowercase, normalised, no final dot) -> month."""
    from babel import Locale  # imported on first use

    months: dict[str, int] = {}
    clashes: set[str] = set()
    for name in LOCALES:
        locale = Locale.parse(name)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, form in locale.months[context][width].items():
                    form = " ".join(_normalise(form).rstrip(".").split())
                    if len(form) < 3 or not re.fullmatch(rf"{_L}+(?: {_L}+)*", form):
                        continue
                    # Turkish and Azerbaijani "ı" is "I" in capitals, which lowercases to "i" ("ARALIK")
                    for spelling in {form, form.replace("ı", "i")}:
                        if months.setdefault(spelling, number) != number:
                            clashes.add(spelling)
    return {form: number for form, number in months.items() if form not in clashes}


# The shapes with any word in the month's place; the word is then looked up, which is cheaper
# than an alternation of some 600 forms. A month of up to three words ("арван нэгдүгээр сар")
_WORDS = rf"{_L}+(?:\s+{_L}+){{0,2}}"
_DAY_FIRST = re.compile(rf"(?<![\d.,:/-])(?<!{_L})(?P<d>\d{{1,2}})\.?\s*(?P<mw>{_WORDS})\.?,?\s+{_YEAR}")
_MONTH_FIRST = re.compile(rf"(?<!{_L})(?P<mw>{_WORDS})\.?\s+(?P<d>\d{{1,2}})(?![\d:]),?\s+{_YEAR}")
_HINT = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def neighbour_month_shape(norm: str) -> tuple | None:
    """(start, end, year, month, day) of the first full date with a neighbour's month word."""
    if not _HINT.search(norm):
        return None
    names = month_names()
    found = []
    for match in _DAY_FIRST.finditer(norm):
        words = match["mw"].split()  # the month is the words right after the day
        if (month := names.get(" ".join(words))) is not None:
            found.append((match.start(), match.end(), int(match["y"]), month, int(match["d"])))
    for match in _MONTH_FIRST.finditer(norm):
        words = match["mw"].split()  # the month is the last words before the day
        for first in range(len(words)):
            if (month := names.get(" ".join(words[first:]))) is not None:
                start = match.start("mw") + match["mw"].index(words[first])
                found.append((start, match.end(), int(match["y"]), month, int(match["d"])))
                break
    return min(found) if found else None
