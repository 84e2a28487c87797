"""Relative dates: "только что", "5 минут назад", "Вчера, 23:50", "бүгін", and lines
with a time of day only ("• 19:04"). Forms the word tables lack are read in CLDR's
words (:mod:`aggregator.enrich.date_cldr`: "5 дн. назад", "өткен дүйсенбі").

They are resolved against the fetch moment ``now``.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, datetime, timedelta, tzinfo

from aggregator.enrich.date_cldr import cldr_relative
from aggregator.enrich.date_clock import ParsedDate, _at, _clock, _finish, _time_near
from aggregator.enrich.date_patterns import (
    _AGO, _AGO_CJK, _AGO_PART, _DAY_WORD, _JUST_NOW, _L, _REL_TRIGGERS, _T, _TIME_ONLY, _WORD, _by_prefix,
)


def _relative(norm: str, raw: str, zone: tzinfo, now: datetime) -> ParsedDate | None:
    """"только что", "5 минут назад", "Вчера, 23:50", "бүгін", "5分钟前" ..."""
    if "前" in norm and (cjk := _ago_cjk(norm, now)) is not None:
        return cjk
    words = set(_WORD.findall(norm))
    if _REL_TRIGGERS.isdisjoint(words):  # one cheap pass instead of three
        return cldr_relative(norm, words, zone, now)
    if _JUST_NOW.search(norm):
        return _finish(now.replace(second=0, microsecond=0), "minute", now)
    ago = _ago(norm, now)
    if ago is not None:
        return ago
    match = _DAY_WORD.search(norm)
    if match is None:  # a form the tables lack, in CLDR's words ("5 дн. назад", "last Monday")
        return cldr_relative(norm, words, zone, now)
    clock = _time_near(norm, match.start(), match.end())
    if clock is None and not _stands_alone(norm, match):
        return None
    day = now.date() - timedelta(days=_T.days_back[match["w"]])
    return _at(day, clock, zone, now)


def _ago(norm: str, now: datetime) -> ParsedDate | None:
    for match in _AGO.finditer(norm):
        count = int(match["n"]) if match["n"] else _T.ago_numbers.get(match["nw"] or "", 1)
        unit = _by_prefix(match["unit"], _T.ago_units)
        if unit is None:
            months = _by_prefix(match["unit"], _T.ago_months)
            if months is None:
                continue
            return _finish(_months_back(now.date(), count * months), "day", now)
        seconds = count * unit
        for number, word in _AGO_PART.findall(match["more"]):
            part = _by_prefix(word, _T.ago_units)
            if part is not None:
                seconds += int(number) * part
        moment = now - timedelta(seconds=seconds)
        if unit >= 86400:
            return _finish(moment.date(), "day", now)
        return _finish(moment.replace(second=0, microsecond=0), "minute", now)
    return None


def _ago_cjk(norm: str, now: datetime) -> ParsedDate | None:
    """"5分钟前", "3 小時前", "2個月前": Chinese and Japanese ages, written without spaces."""
    match = _AGO_CJK.search(norm)
    if match is None:
        return None
    count, unit = int(match["n"]), match["unit"]
    if unit in _T.ago_cjk_months:
        return _finish(_months_back(now.date(), count * _T.ago_cjk_months[unit]), "day", now)
    seconds = count * _T.ago_cjk_units[unit]
    moment = now - timedelta(seconds=seconds)
    if _T.ago_cjk_units[unit] >= 86400:  # "36小时前" keeps its minute, as "36 часов назад" does
        return _finish(moment.date(), "day", now)
    return _finish(moment.replace(second=0, microsecond=0), "minute", now)


def _months_back(day: date, months: int) -> date:
    """The same day of the month ``months`` calendar months earlier (clamped: 31 -> 30)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


#: a count after a stamp: a separator or none, then a whole number that is not a year
_COUNT_AFTER = re.compile(r"\s*(?:[|•·]\s*)?(?!(?:19|20)\d\d\s*$)\d{1,7}\s*")


def time_only(norm: str, zone: tzinfo, now: datetime) -> ParsedDate | None:
    """A line that starts with a time and holds no date: the latest such moment not
    after the fetch (today, or yesterday when today's would lie in the future)."""
    match = _TIME_ONLY.match(norm) if ":" in norm else None
    # a clock beside figures is a header widget (rates, weather), not an item's stamp; but a
    # listing prints a stamp's view or comment count after it ("18:45 200", "09:10 | 35"): one
    # whole number and nothing else, no sign, unit or decimal part, and not a year
    if match is None or (any(c.isdigit() for c in norm[match.end() :])
                         and not _COUNT_AFTER.fullmatch(norm, match.end())):
        return None
    clock = _clock(match)
    if clock is None:
        return None
    today = now.date()
    return _at(today, clock, zone, now) or _at(today - timedelta(days=1), clock, zone, now)


def _stands_alone(norm: str, match: re.Match) -> bool:
    """A day word without a time counts only as a label of its own ("Вчера",
    "Обновлено: сегодня | 120"), not inside a sentence ("Сегодня в Бишкеке ...")."""
    head = norm[: match.start()]
    tail = re.split(r"[|•·/]", norm[match.end() :], maxsplit=1)[0]
    head_ok = not re.search(_L, head) or head.rstrip().endswith(":")
    return head_ok and not re.search(_L, tail)
