"""Event days as evidence, with their uncertainty: a day of the year, the year when known.

A report names its event's day ("5 июля 2024", "29 сентября", "05.07.2024"); two reports
of one event name the same day, two stages of one affair name different days. Days are
``Day(year, doy, ordinal)``: a year-less date is a day and month, compared by day of year
wrapping at the year end (30 December and 2 January are 3 days apart); the year is kept
only when something states it (the raw date, the URL, or the text naming the same day
with a year), never taken from the fetch time or the current year, which an import or a
re-crawl does not know. A year-only or month-only date is no day at all.

``publication_day(article)`` is the article's own day, or else a stand-in: the first
explicit day and month its text names. A stand-in feeds the day features of the matcher
but never its cannot-link, so an undated article cannot bridge two events.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_URL_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?:[/_-]?(0[1-9]|1[0-2]))?(?:[/_-]?([0-3]\d))?(?!\d)")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})")  # the date step's year-less day
#: (The leading lookahead, implied by the pattern, makes the search skip to digits.)
NUMERIC_DATE = re.compile(r"(?=\d)(?<!\d)([0-3]?\d)[./]([01]?\d)[./]((?:19|20)\d{2})(?!\d)")
#: Precisions of a published date that name no day (``Article.date_precision``).
_NO_DAY = frozenset({"year", "month"})


@dataclass(frozen=True)
class Day:
    """A day: ``doy`` its day of the year (leap-year numbering, so 29 February exists),
    ``year`` and ``ordinal`` (``date.toordinal``) None when the year is unknown."""

    year: int | None
    doy: int
    ordinal: int | None = None

    def code(self) -> int:
        """The day as one non-negative int32 (``ordinal * 512 + doy``; ordinal 0 when the
        year is unknown): how records and saved signatures keep it."""
        return (self.ordinal or 0) * 512 + self.doy

    @classmethod
    def from_code(cls, code: int) -> "Day | None":
        if not code:
            return None
        ordinal, doy = divmod(code, 512)
        return cls(date.fromordinal(ordinal).year if ordinal else None, doy, ordinal or None)


def day_of_year(month: int, day: int) -> int | None:
    try:
        return date(2000, month, day).timetuple().tm_yday  # a leap year: 29.02 exists
    except ValueError:
        return None


def make_day(year: int | None, month: int, day: int) -> Day | None:
    """The ``Day`` of a day and month (and year, if known); None for an impossible date."""
    doy = day_of_year(month, day)
    if doy is None:
        return None
    ordinal = None
    if year:
        try:
            ordinal = date(year, month, day).toordinal()
        except ValueError:
            return None
    return Day(year, doy, ordinal)


def day_gap(a: Day | None, b: Day | None) -> int | None:
    """Days between two days: exact when both years are known, else by day of year
    wrapping at the year end; None when either is unknown."""
    if a is None or b is None:
        return None
    if a.ordinal is not None and b.ordinal is not None:
        return abs(a.ordinal - b.ordinal)
    d = abs(a.doy - b.doy)
    return min(d, 366 - d)


def same_date(a: Day, b: Day) -> bool:
    """The same day of the year, and the same year unless one is unknown."""
    return a.doy == b.doy and (a.year is None or b.year is None or a.year == b.year)


@lru_cache(maxsize=1)
def _month_words() -> tuple[tuple[tuple[str, int], ...], dict[str, int]]:
    """Month stems and exact forms of every language (``aggregator/data/date_words.toml``,
    the date parser's own table)."""
    data = tomllib.loads(resources.files("aggregator").joinpath(
        "data/date_words.toml").read_text(encoding="utf-8"))
    stems, exact = [], {}
    for table in data["months"].values():
        for number, entry in table.items():
            stems += [(s, int(number)) for s in entry.get("stems", []) if len(s) >= 3]
            exact.update({e: int(number) for e in entry.get("exact", [])})
    return tuple(sorted(stems, key=lambda s: -len(s[0]))), exact


@lru_cache(maxsize=50_000)
def month_of(word: str) -> int | None:
    """The month a word names ("сентября", "қазан", "July"), or None."""
    w = word.lower().replace("ё", "е").rstrip(".")
    stems, exact = _month_words()
    if w in exact:
        return exact[w]
    for stem, number in stems:
        if w.startswith(stem):
            return number
    return None


def _is_day_number(tok: str) -> bool:
    return tok.isdigit() and len(tok) <= 2 and 1 <= int(tok) <= 31


def text_dates(toks: list[str], numbers: list[int] | None = None) -> list[Day]:
    """Explicit day + month dates among tokens, in order, with the year when it is written
    next to them: "5 июля 2024", "29 сентября", "2023 жылғы 30 қазан", "July 5, 2024".
    ``numbers``: the positions of the tokens that start with a digit, when known."""
    found = []
    n = len(toks)
    # the short digit tokens first (a comprehension), then the full test on those only
    short = ([i for i, t in enumerate(toks) if len(t) <= 2 and t.isdigit()] if numbers is None
             else [i for i in numbers if len(toks[i]) <= 2 and toks[i].isdigit()])
    for i in short:
        t = toks[i]
        if not _is_day_number(t):
            continue
        if i + 1 < n and (m := month_of(toks[i + 1])):
            year = next((int(toks[j]) for j in (i + 2, i + 3)
                         if j < n and YEAR.fullmatch(toks[j])), None)
            if year is None and i >= 2 and YEAR.fullmatch(toks[i - 2]):
                year = int(toks[i - 2])  # "2023 жылғы 30 қазан"
        elif (i >= 1 and not toks[i - 1].isdigit() and (m := month_of(toks[i - 1]))
              and not (i >= 2 and _is_day_number(toks[i - 2]))):
            # "July 5": only when the month word is not already a "5 July"'s
            year = int(toks[i + 1]) if i + 1 < n and YEAR.fullmatch(toks[i + 1]) else None
        else:
            continue
        d = make_day(year, m, int(t))
        if d:
            found.append(d)
    return found


def numeric_dates(text: str) -> list[Day]:
    """Dates written as digits with a year: "05.07.2024", "5/7/2024" (day first)."""
    out = []
    for d, m, y in NUMERIC_DATE.findall(text):
        day = make_day(int(y), int(m), int(d)) if 1 <= int(m) <= 12 else None
        if day:
            out.append(day)
    return out


def publication_day(published_local: str | None, precision: str | None,
                    date_raw: str | None, url: str, text_days: list[Day],
                    raw_tokens: list[str]) -> tuple[Day | None, bool]:
    """The article's day and whether it is a stand-in (see the module docstring).

    ``published_local``/``precision`` are the date step's (``--MM-DD`` with precision
    ``month-day`` when no year was known); ``text_days`` the explicit dates of its text
    in order; ``raw_tokens`` the tokens of ``date_raw``."""
    day = None
    if published_local and precision not in _NO_DAY:
        if m := _MONTH_DAY.match(published_local):
            day = make_day(None, int(m.group(1)), int(m.group(2)))
        elif m := _ISO_DAY.match(published_local):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            raw = date_raw or ""
            known = bool(YEAR.search(raw)) or bool(re.search(r"\d{8}", raw))
            if not known and (um := _URL_YEAR.search(url or "")):
                known = int(um.group(1)) == y
            day = make_day(y if known else None, mo, d)
            if day is not None and day.year is None:  # the text may name it with its year
                day = next((t for t in text_days if t.year and t.doy == day.doy), day)
    if day is None and date_raw:
        # a raw "28 апр" the date step refused still gives a day of the year
        raw_days = text_dates(raw_tokens) + numeric_dates(date_raw)
        day = raw_days[0] if raw_days else None
    if day is not None:
        return day, False
    if text_days:
        return text_days[0], True
    return None, False
