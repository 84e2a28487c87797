"""Relative dates: "только что", "5 минут назад", "Вчера, 23:50", "бүгін" ...

They are resolved against the fetch moment ``now``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

from aggregator.enrich.date_clock import ParsedDate, _at, _finish, _time_near
from aggregator.enrich.date_patterns import (
    _AGO, _DAY_WORD, _JUST_NOW, _L, _REL_TRIGGERS, _T, _WORD, _by_prefix,
)


def _relative(norm: str, raw: str, zone: tzinfo, now: datetime) -> ParsedDate | None:
    """"только что", "5 минут назад", "Вчера, 23:50", "бүгін" ..."""
    if _REL_TRIGGERS.isdisjoint(_WORD.findall(norm)):  # one cheap pass instead of three
        return None
    if _JUST_NOW.search(norm):
        return _finish(now.replace(second=0, microsecond=0), "minute", now)
    ago = _ago(norm, now)
    if ago is not None:
        return ago
    match = _DAY_WORD.search(norm)
    if match is None:
        return None
    clock = _time_near(norm, match.start(), match.end())
    if clock is None and not _stands_alone(norm, match):
        return None
    day = now.date() - timedelta(days=_T.days_back[match["w"]])
    return _at(day, clock, zone, now)


def _ago(norm: str, now: datetime) -> ParsedDate | None:
    for match in _AGO.finditer(norm):
        unit = _by_prefix(match["unit"], _T.ago_units)
        if unit is None:
            continue
        count = int(match["n"]) if match["n"] else _T.ago_numbers.get(match["nw"] or "", 1)
        moment = now - timedelta(seconds=count * unit)
        if unit >= 86400:
            return _finish(moment.date(), "day", now)
        return _finish(moment.replace(second=0, microsecond=0), "minute", now)
    return None


def _stands_alone(norm: str, match: re.Match) -> bool:
    """A day word without a time counts only as a label of its own ("Вчера",
    "Обновлено: сегодня | 120"), not inside a sentence ("Сегодня в Бишкеке ...")."""
    head = norm[: match.start()]
    tail = re.split(r"[|•·/]", norm[match.end() :], maxsplit=1)[0]
    head_ok = not re.search(_L, head) or head.rstrip().endswith(":")
    return head_ok and not re.search(_L, tail)
