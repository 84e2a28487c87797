"""The page's own local time of its publication date, when the source's zone is unknown.

With a known source zone every instant is shown in that zone. Without one (``enrich``
with no source and no record zone) the local day must be the page's own, not the UTC
day: a date written with an offset ("2020-06-07T23:30:00+03:00") keeps it
(``ParsedDate.in_stated_zone``); a date written in UTC ("2020-02-25T02:25:54Z", as most
CMSs write JSON-LD) says nothing of the page's zone, and the page's other dates may:

1. another date of the page shows the same instant with its offset ("Sat, 19 Oct 2019
   00:04:00 +0200" beside "2019-10-18T22:04:00Z"), or as a wall clock without one
   ("February 24, 2020 | 9:25pm" beside "2020-02-25T02:25:54Z"): the difference, a
   whole number of quarter hours of at most ``MAX_OFFSET``, is the page's offset;
2. else a day the page states without a time (microdata "06 Dicembre 2020", a URL's
   ``/2020/12/06/``) is the next or the previous UTC day: the page's local day is that
   one, and its offset the smallest whole number of hours that reaches it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from aggregator.enrich.date_choice import DAY_STATED, Candidate
from aggregator.enrich.dates import ParsedDate, parse_date

#: Offsets of real zones lie between UTC-12 and UTC+14.
MAX_OFFSET = timedelta(hours=14)
MIN_OFFSET = timedelta(hours=-12)
_QUARTER_HOUR = 15


def in_page_zone(chosen: Candidate, candidates, now: datetime | None = None,
                 lang: str | None = None) -> ParsedDate:
    """``chosen`` (parsed with the zone UTC) with its local time in the page's own zone.

    ``candidates`` are all ``(layer, text)`` date candidates of the article."""
    parsed = chosen.parsed.in_stated_zone()
    if parsed.utc is None or parsed.stated_zone is None or parsed.local.utcoffset() != timedelta(0):
        return parsed  # a day, a wall clock without an offset, or the page's own offset
    others = []
    for layer, text in candidates:
        if (layer, str(text)) == (chosen.layer, chosen.text):
            continue
        other = parse_date(text, tz="UTC", now=now, lang=lang)
        if other is not None:
            others.append((layer, other))
    for _, other in others:
        offset = _shown_offset(parsed, other)
        if offset is not None:
            return _shifted(parsed, offset)
    for layer, other in others:
        if layer in DAY_STATED and other.precision == "day":
            offset = _offset_reaching(parsed.utc, other.local)
            if offset is not None:
                return _shifted(parsed, offset)
    return parsed


def _shown_offset(parsed: ParsedDate, other: ParsedDate) -> timedelta | None:
    """The offset at which ``other`` shows the instant of ``parsed``, if it does."""
    if other.utc is None:
        return None
    if other.stated_zone is not None:  # an instant with its own offset: the same one?
        offset = other.in_stated_zone().local.utcoffset()
        same = abs(other.utc - parsed.utc) < timedelta(minutes=1)
        return offset if same and offset and MIN_OFFSET <= offset <= MAX_OFFSET else None
    # a wall clock (read as UTC): the same minute, and second when both show one
    if "second" == other.precision == parsed.precision and other.utc.second != parsed.utc.second:
        return None
    shift = other.utc.replace(second=0, microsecond=0) - parsed.utc.replace(second=0, microsecond=0)
    minutes = shift.total_seconds() / 60
    if not shift or minutes % _QUARTER_HOUR or not MIN_OFFSET <= shift <= MAX_OFFSET:
        return None
    return shift


def _offset_reaching(instant: datetime, day: date) -> timedelta | None:
    """The smallest whole-hour offset at which ``instant`` falls on ``day`` (the next or
    the previous UTC day), if a real zone has it."""
    midnight = datetime.combine(instant.date(), datetime.min.time(), timezone.utc)
    if day == instant.date() + timedelta(days=1):
        hours = -(-(midnight + timedelta(days=1) - instant) // timedelta(hours=1))
        offset = timedelta(hours=hours)
    elif day == instant.date() - timedelta(days=1):
        offset = -timedelta(hours=(instant - midnight) // timedelta(hours=1) + 1)
    else:
        return None
    return offset if MIN_OFFSET <= offset <= MAX_OFFSET else None


def _shifted(parsed: ParsedDate, offset: timedelta) -> ParsedDate:
    return replace(parsed, local=parsed.utc.astimezone(timezone(offset)))
