"""Dates written month first as a chain of genitives, and months in Roman numerals.

Two shapes the main rules do not read:

- the Turkic (and Azerbaijani) chain "of the year, of the month, on the day": the month
  word, optionally the word "month" in the genitive, then the day number with a case
  ending, hyphenated or glued: Turkmen "2020-nji ýylyň fewral aýynyň 4-ine", Kyrgyz
  "ушул жылдын кулжа айынын 8нен", Azerbaijani "yanvarın 3-də", Kazakh "қыркүйектің 18-і".
  The year is written before the chain ("2020-nji ýylyň"), named as the current one
  ("ушул жылдын", "ағымдағы жылдың": the fetch year), or left out (the latest such day).
  Without the word "month" the month word itself must be in the genitive, so that a
  noun that merely starts like a month ("майора 3-го") is no date.
- a Roman-numeral month between day and year, as decrees and letters write it:
  "24.X.2023", "5 XII 2019", "1/IV/2020" (upper case in the text);
- a month's plain name, then the day and no year, as the whole text (a clock may follow):
  "қазан 28", "Sentabr 5, 14:30", read only when the text's language is known to be one of
  the region's Turkic languages or Tajik, whose CLDR patterns and sites write it so; without
  a language, a word and a number ("Қазан 28" may be the city and a house number) stay no date.

The words come from ``data/date_words.toml`` (``[date_chain]``).
"""

from __future__ import annotations

import re
from datetime import datetime

from aggregator.enrich.date_patterns import _L, _T, _YEAR_WORD, _alternation, _month, _normalise
from aggregator.enrich.date_words import date_words

_WORDS = date_words()["date_chain"]
_MONTH_NOUN = _alternation(_normalise(w) for w in _WORDS["month"])
_THIS_YEAR = _alternation(_normalise(w) for w in _WORDS["this_year"])
# genitive endings of a month word with no "month" noun after it (az, tr, tk, uz, kk, ky)
_GENITIVE = re.compile(
    r"(?:[ıiuü]n|n[ıiuü]n|ning|нинг|[нндт][ыіи]ң|[нндт][ыиуү]н|n[yi]ň|[yi]ň)$")
_CHAIN = re.compile(
    rf"(?:(?:(?P<y>(?:19|20)\d\d)\s*-?\s*(?:{_L}{{1,5}}\s+)?|(?P<cur>{_THIS_YEAR})\s+){_YEAR_WORD}[\s,]+)?"
    rf"(?<!{_L})(?P<mw>{_L}{{3,}})\s+(?:(?P<noun>{_MONTH_NOUN})\s+)?"
    rf"(?P<d>\d(?<![\d.:/]\d)\d?)(?:\s?-\s?|(?={_L}))(?P<suffix>{_L}{{1,6}})(?!{_L})"
)
_CHAIN_HINT = re.compile(rf"{_L}\s+(?:{_MONTH_NOUN}\s+)?\d{{1,2}}\s?-?\s?{_L}")
# "Joriy yilning 19-sentyabr kuni", "ағымдағы жылдың 18 қыркүйегінде": the current year
# named just before a day-first date (searched only before such a date)
_THIS_YEAR_BEFORE = re.compile(rf"(?<!{_L})(?:{_THIS_YEAR})\s+{_YEAR_WORD}[\s,]*$")


def this_year_before(norm: str, start: int) -> int | None:
    """Where a "current year" lead ends right before ``start`` begins, or None."""
    lead = _THIS_YEAR_BEFORE.search(norm, max(0, start - 32), start)
    return lead.start() if lead is not None else None

_ROMAN_MONTHS = {r: n for n, r in enumerate(
    ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"), 1)}
_ROMAN = re.compile(
    r"(?<![\w.])(?P<d>\d{1,2})(?P<s>[./\-]|\s)(?P<m>xii|xi|x|ix|viii|vii|vi|v|iv|iii|ii|i)"
    r"(?P=s)\s?(?P<y>(?:19|20)\d\d)(?!\d)"
)

_ROMAN_HINT = re.compile(r"\d[./\-\s][ivx]")

# languages whose month-first year-less form is read ("қазан 28"); not Russian or English,
# whose month-first dates carry a year (the main rules read those)
_MONTH_FIRST_LANGUAGES = frozenset({"kk", "ky", "uz", "tg", "tk", "ug"})
_MONTH_FIRST = re.compile(
    rf"\s*(?P<mw>{_L}{{3,}})\.?\s+(?P<d>\d{{1,2}})(?!\d)(?=(?:,?\s+\d{{1,2}}:\d\d(?::\d\d)?)?\s*$)")


def month_first_shape(norm: str, lang: str | None) -> tuple | None:
    """(start, end, None, month, day) of "қазан 28" in a region language's text, or None."""
    if not lang or lang.split("-")[0] not in _MONTH_FIRST_LANGUAGES:
        return None
    match = _MONTH_FIRST.match(norm)
    if match is None:
        return None
    word = match["mw"]
    # the plain name, no case ending ("январь": a stem and its soft sign)
    month = _T.month_exact.get(word) or _T.month_stems.get(word.removesuffix("ь"))
    return (match.start("mw"), match.end(), None, month, int(match["d"])) if month else None


def chain_shape(norm: str, raw: str, now: datetime) -> tuple | None:
    """(start, end, year|None, month, day) of a genitive chain or a Roman-month date, or None."""
    for match in _CHAIN.finditer(norm) if _CHAIN_HINT.search(norm) else ():
        word = match["mw"]
        month = _month(word)
        if month is None or not (match["noun"] or _GENITIVE.search(word)):
            continue
        year = int(match["y"]) if match["y"] else now.year if match["cur"] else None
        return match.start(), match.end(), year, month, int(match["d"])
    for match in _ROMAN.finditer(norm) if _ROMAN_HINT.search(norm) else ():
        if raw[match.start("m") : match.end("m")].isupper():
            return match.start(), match.end(), int(match["y"]), _ROMAN_MONTHS[match["m"]], int(match["d"])
    return None
