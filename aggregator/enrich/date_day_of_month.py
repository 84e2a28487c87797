"""A day of the month written without its month: "周五(13日)", "13日(周五)", "30日", "5号",
"Fri 13", "пятница, 13", "juma, 13".

CLDR has these shapes as date skeletons: "d" (Chinese and Japanese "d日", the day alone)
and "Ed" (a weekday with the day: "d日E", "E d", "ccc, d"). Pages use them for days of the
current weeks: a caption's "on Friday (the 13th)", a listing's day badge. Either means the
latest day with that number, and that weekday when one is given, not after ``now``:

- a CJK day alone ("30日", "13号", "(13號)") only as the whole text, also after a zone's
  clock ("当地时间19日" 'local time, the 19th'), within the last three months, as the agency
  datelines that name the day alone ("莫斯科21日电");
- a CJK weekday with a bracketed day, either way round, also inside a sentence (the pair
  is no number of anything else);
- another language's weekday name (CLDR's wide, abbreviated and short names of the
  covered locales) with a day number, only as the whole text, within the last year; the
  pair recurs every few months, and the latest one is meant.

The weekday names are read from babel once, at the first text that may hold such a form.
``weekday_before`` lends them to the slash-date reader: a weekday named before "7/6/24"
decides which of its two readings is meant.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from aggregator.enrich.date_cldr import _CAPITAL_WEEKDAY, LOCALES, _cjk, _pattern
from aggregator.enrich.date_patterns import _normalise

_DAY_MARK = "[日号號]"
_L_CJK = "[\u3400-\u9fff]"
_L_WORD = r"[^\W\d_]"  # a letter in any script
# a zone's clock may name the day ("当地时间19日" 'local time, the 19th', "北京时间19日")
_CJK_DAY_ALONE = re.compile(
    rf"(?:{_L_CJK}{{1,4}}[时時][间間]\s*)?[（(]?\s*(?P<d>\d{{1,2}})\s*{_DAY_MARK}\s*[)）]?")
_MONTHS_BACK_CJK = 3
_MONTHS_BACK_NAMED = 12


@lru_cache(maxsize=1)
def _names() -> dict[str, int]:
    """A weekday's name, lowercased, in every covered locale and width but the narrow
    one (single letters) -> weekday, 0 = Monday."""
    from babel import Locale  # imported on first use

    names: dict[str, int] = {}
    for name in LOCALES:
        days = Locale.parse(name).days
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated", "short"):
                for number, text in days[context][width].items():
                    text = " ".join(_normalise(text).rstrip(".").split())
                    if text != _CAPITAL_WEEKDAY and (len(text) >= 2 or _cjk(text)):
                        names.setdefault(text, number)
    return names


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    names = _names()
    cjk = _pattern(name for name in names if _cjk(name))
    other = _pattern(name for name in names if not _cjk(name))
    bracketed = re.compile(
        rf"(?P<w>{cjk})\s*[（(]\s*(?P<d>\d{{1,2}})\s*{_DAY_MARK}\s*[)）]"
        rf"|(?<!\d)(?P<d2>\d{{1,2}})\s*{_DAY_MARK}\s*[（(]\s*(?P<w2>{cjk})\s*[)）]")
    named = re.compile(
        rf"(?P<w>{other})\.?[\s,]+(?P<d>\d{{1,2}})"
        rf"|(?P<d2>\d{{1,2}})[\s,.]+(?P<w2>{other})\.?")
    return bracketed, named


def day_of_month_shape(norm: str, now: datetime) -> tuple[int, int, int, int, int] | None:
    """(start, end, year, month, day) of a day written without its month, resolved
    against ``now`` as the module says; None when there is none."""
    cjk = "日" in norm or "号" in norm or "號" in norm
    if cjk and (alone := _CJK_DAY_ALONE.fullmatch(norm.strip())) is not None:
        found = _latest(int(alone["d"]), None, now, _MONTHS_BACK_CJK)
        return (0, len(norm), *found) if found else None
    if cjk and ("(" in norm or "（" in norm):
        match = _patterns()[0].search(norm)
        if match is not None:
            return _resolved(match, now, _MONTHS_BACK_CJK)
    if len(norm) > 40 or len(norm.split()) > 3 or not any(ch.isdigit() for ch in norm):
        return None  # a weekday and a day number are two words, three with a dot apart
    match = _patterns()[1].fullmatch(norm.strip())
    return _resolved(match, now, _MONTHS_BACK_NAMED) if match is not None else None


def weekday_before(norm: str, start: int) -> int | None:
    """The weekday (0 = Monday) whose name, of any covered locale, ends just before ``start``
    ("Fri 7/6/24", "пятница, 07.06"); None when there is none."""
    match = _weekday_at_end().search(norm, max(0, start - 24), start)
    return _names()[" ".join(match["w"].split())] if match is not None else None


@lru_cache(maxsize=1)
def _weekday_at_end() -> re.Pattern:
    other = _pattern(name for name in _names() if not _cjk(name))
    return re.compile(rf"(?<!{_L_WORD})(?P<w>{other})\.?,?\s*$")


def _resolved(match: re.Match, now: datetime, months: int):
    name = match["w"] or match["w2"]
    weekday = _names()[" ".join(name.rstrip(".").split())]
    found = _latest(int(match["d"] or match["d2"]), weekday, now, months)
    return (match.start(), match.end(), *found) if found else None


def _latest(day: int, weekday: int | None, now: datetime, months: int) -> tuple[int, int, int] | None:
    """(year, month, day) of the latest date with that day of the month (and weekday) not
    after today, within ``months`` months back."""
    year, month = now.year, now.month
    for _ in range(months + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            found = None
        if found is not None and found <= now.date() and (weekday is None or found.weekday() == weekday):
            return found.year, found.month, found.day
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None
