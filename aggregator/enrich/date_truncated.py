"""A month word cut short after more letters than its abbreviation ("13 noya — Sputnik.").

Sites abbreviate a month by cutting its name anywhere, not only where CLDR does: Uzbek
"noy" is CLDR's, "noya" and "noyab" are the same cut made later. A word of four or more
letters counts as its month when it starts a form of that month in a table of
``data/date_words.toml`` and itself starts with one of that month's abbreviations in any
table (so the Turkmen names of 2002, which no abbreviation begins, give none), and no form of
another month in any table starts with it ("ئىيۇ" starts both June and July). A cut word is often
a word of its own too (Kazakh "қара" 'black' starts "қараша" November), so the parser takes
one only where the date ends with it: at the end of the text, or before a sign or a number.
"""

from __future__ import annotations

import re
from functools import lru_cache

from aggregator.enrich.date_patterns import _T, _normalise
from aggregator.enrich.date_words import date_words

SHORTEST = 4
#: what may follow a cut month word: nothing, a sign ("—", ",", "/") or a number (year, clock)
ENDS_DATE = re.compile(r"\s*(?:$|[^\w\s]|\d)")


@lru_cache(maxsize=1)
def truncated_months() -> dict[str, int]:
    """Every cut form -> its month number."""
    months_of: dict[str, set[int]] = {}
    for table in (_T.month_stems, _T.month_exact):  # any table's form: a cut of two months is none
        for form, number in table.items():
            for end in range(3, len(form)):
                months_of.setdefault(form[:end], set()).add(number)
    known = {*_T.month_stems, *_T.month_exact}
    tables = date_words()["months"].values()
    abbreviations: dict[int, set[str]] = {}  # a month -> its abbreviations in any table
    for months in tables:
        for number, forms in months.items():
            abbreviations.setdefault(int(number), set()).update(
                a for a in (_normalise(w).strip() for w in forms["exact"]) if len(a) >= 3)
    cut: dict[str, int] = {}
    for months in tables:
        for number, forms in months.items():
            for form in (_normalise(w).strip() for w in (*forms["stems"], *forms["exact"])):
                for end in range(SHORTEST, len(form)):
                    word = form[:end]
                    if (word.isalpha() and word not in known and months_of[word] == {int(number)}
                            and any(word.startswith(a) for a in abbreviations[int(number)])):
                        cut[word] = int(number)
    return cut


def truncated_month(word: str, text: str, end: int) -> int | None:
    """The month of the cut month ``word`` that ends a date at ``end`` of ``text``, else None."""
    number = truncated_months().get(word)
    return number if number is not None and ENDS_DATE.match(text, end) else None
