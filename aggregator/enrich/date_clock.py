"""The parser's result type and the time-of-day half of a date.

A local time becomes an instant through ``zoneinfo``, so historical offsets
(Kazakhstan's UTC+6 -> UTC+5 in 2024, Moscow in 2011 and 2014) come from the tz
database; a time written with its own zone (Z, +06:00, GMT+3, MSK) keeps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, available_timezones

from aggregator.enrich.date_patterns import (
    _DOTTED_TIME_AFTER, _GLUED_TIME, _HOUR_AP, _T, _TIME_AFTER, _TIME_BEFORE, _normalise,
)

#: How far in the future (relative to the fetch time) a date may lie before it is
#: treated as a parse error rather than a publication time.
FUTURE_TOLERANCE = timedelta(hours=2)

PRECISIONS = ("day", "minute", "second")


@dataclass(frozen=True)
class ParsedDate:
    """A parsed publication date.

    ``local`` is an aware datetime in the source's zone, or a ``date`` when the text
    gives only a day (``precision == "day"``); ``utc`` is the same instant in UTC, or
    ``None`` for day precision, since no time of day is known. ``stated_zone`` is the
    zone the text itself wrote after its time ("+03:00", "Z", "MSK"), if any: when the
    source's zone is unknown, the page's own offset is the best statement of its local
    time (``in_stated_zone``).
    """

    local: datetime | date
    utc: datetime | None
    precision: str
    stated_zone: tzinfo | None = field(default=None, compare=False)

    def in_stated_zone(self) -> ParsedDate:
        """The same instant with ``local`` in the zone the text wrote (unchanged if none)."""
        if self.stated_zone is None or not isinstance(self.local, datetime):
            return self
        return replace(self, local=self.local.astimezone(self.stated_zone))

    @property
    def published_at(self) -> str | None:
        """UTC instant as ISO 8601 with ``Z``; ``None`` for day precision."""
        if self.utc is None:
            return None
        return self.utc.strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def published_local(self) -> str:
        """Local form: ``YYYY-MM-DD`` for day precision, else ISO 8601 with offset."""
        return self.local.isoformat()


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    return ZoneInfo(name)


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """IANA zone -> ISO country code, from tzdata's zone.tab (empty if tzdata is absent)."""
    try:
        table = resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    rows = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return {row[2]: row[0] for row in rows if len(row) >= 3}


def zone_country(name: str) -> str | None:
    """The country a zone is in ("Asia/Singapore" -> "SG"), or None (UTC, unknown)."""
    return _zone_countries().get(name)


@lru_cache(maxsize=1)
def _iana_names() -> dict[str, str]:
    """Lowercase IANA zone name -> its proper spelling (the text is matched lowercased)."""
    return {name.lower(): name for name in available_timezones()}


def _as_now(now: datetime | None, zone: tzinfo) -> datetime:
    if now is None:
        return datetime.now(timezone.utc).astimezone(zone)
    if now.tzinfo is None:
        return now.replace(tzinfo=zone)
    return now if now.tzinfo is zone else now.astimezone(zone)



def _finish(local: datetime | date, precision: str, now: datetime,
            stated_zone: tzinfo | None = None) -> ParsedDate | None:
    """Build the result, rejecting dates in the future beyond the tolerance."""
    if precision == "day":
        start = datetime.combine(local, time(), now.tzinfo)
        if start - now > FUTURE_TOLERANCE:
            return None
        return ParsedDate(local=local, utc=None, precision="day")
    if local - now > FUTURE_TOLERANCE:
        return None
    return ParsedDate(local=local, utc=local.astimezone(timezone.utc), precision=precision,
                      stated_zone=stated_zone)


def _at(day: date, clock, zone: tzinfo, now: datetime) -> ParsedDate | None:
    """Combine a day with an optional (h, m, s, tzinfo|None) time; check the future."""
    if clock is None:
        return _finish(day, "day", now)
    hour, minute, second, given_zone = clock
    local = datetime.combine(day, time(hour, minute, second or 0), given_zone or zone)
    precision = "minute" if second is None else "second"
    return _finish(local.astimezone(zone), precision, now, given_zone)


# the last word before a date, when a label ("Дата", "Date", "Sana") stands between it and a clock
_LABEL_BEFORE = re.compile(r"(?P<w>[^\W\d_]{2,16})[\s:.,\-]{0,3}$")


def _time_near(norm: str, start: int, end: int):
    """The time written just before a date ("11:35, 10 января") or shortly after it."""
    if ":" in norm[max(0, start - 40) : start]:
        before = _TIME_BEFORE.search(norm, max(0, start - 24), start)
        if before is None and (label := _LABEL_BEFORE.search(norm, max(0, start - 16), start)):
            if _normalise(label["w"]) in _T.context:  # "Время 15:34 Дата 07.04.2010"
                before = _TIME_BEFORE.search(norm, max(0, label.start() - 24), label.start())
        if before is not None:
            return _clock(before)
    if ":" not in norm[end : end + 48]:
        hour = _HOUR_AP.match(norm, end) if "m" in norm[end : end + 12] else None
        if hour is None and "." in norm[end : end + 24]:
            hour = _DOTTED_TIME_AFTER.match(norm, end)
        return _clock(hour) if hour is not None else None
    if norm[end - 1 : end].isdigit() and norm[end : end + 1].isdigit():
        glued = _GLUED_TIME.match(norm, end)
        return _clock(glued) if glued is not None else None
    after = _TIME_AFTER.match(norm, end)
    # the words between count, not a zone's name before the clock ("Toshkent vaqti bilan soat")
    if after is not None and (after.start("prezn") if after["prezn"] else after.start("h")) - end <= 40:
        return _clock(after)
    return None


def _clock(match: re.Match):
    """(hour, minute, second|None, explicit tzinfo|None) from a time match, or None."""
    hour, minute = int(match["h"]), int(match["mi"] or 0)  # no minutes: a whole hour
    second = int(match["sec"]) if match["sec"] else None
    if match["ap"] and not (match["ap"] == "p" and 13 <= hour <= 23):  # "17:34 PM": 24-hour
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ap"] == "p" else 0)
    if hour > 23 or minute > 59 or (second is not None and second > 60):
        return None
    if second == 60:  # a leap second is not representable; the minute is what matters
        second = 59
    given = _given_zone(match) if "z" in match.re.groupindex else None
    if hour == minute == 0 and not second and given is None and not match["ap"]:
        # "16.09.2022 00:00": a template's placeholder for "no time", not a minute
        return None
    return hour, minute, second, given


def _given_zone(match: re.Match) -> tzinfo | None:
    """The zone written after a time: Z, +06:00 / +0600, GMT+3, MSK, Asia/Dushanbe ...; or
    before it ("GMT 21:58"), which wins: a name after such a clock starts the next one
    ("格林尼治标准时间21:58 北京时间05:58", a time in two zones)."""
    if "prezn" in match.re.groupindex and match["prezn"]:
        base = _T.zones[match["prezn"]]
        return _offset(base) if base[0] in "+-" else _zone(base)
    if match["z"]:
        return timezone.utc
    if match["off"]:
        # "12:30-14:00" is a range, not an offset: outside ISO's "T" form, a "+hh:mm"
        # offset needs seconds before it
        if match["sec"] is None and ":" in match["off"] and not match["iso"]:
            return None
        return _offset(match["off"])
    if match["iana"]:
        name = _iana_names().get(match["iana"])
        return _zone(name) if name else None
    if match["zn"]:
        base = _T.zones[match["zn"]]
        if match["zoff"]:
            return _offset(match["zoff"])
        return _offset(base) if base[0] in "+-" else _zone(base)
    if "pre" in match.re.groupindex and match["pre"]:  # the zone written before the time
        return _offset(match["pre"])
    return None


def _offset(text: str) -> timezone | None:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
