"""Machine-written dates, the most common inputs (feeds, JSON-LD, ``<time datetime>``):
ISO 8601 and RFC 822 with a numeric or UTC zone, read by the standard library, ISO 8601's
basic calendar date ("20250829", "(20250829)") standing alone, and epoch seconds."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone, tzinfo
from email.utils import parsedate_to_datetime

from aggregator.enrich.date_clock import ParsedDate, _finish

_ISO_FAST = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ](?P<hm>\d{2}:\d{2})(?P<s>:\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
# ISO 8601's basic format, as digests and file names stamp items: only as the whole text
# (in brackets or not), a real calendar day; inside a text eight digits are a number
_ISO_BASIC = re.compile(r"[(（\[]?(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])[)）\]]?")
_RFC822_FAST = re.compile(
    r"(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(?P<s>:\d{2})? (?:[+-]\d{4}|GMT|UTC|UT)")


def _machine_form(raw: str, zone: tzinfo) -> tuple[datetime | date, str, tzinfo | None] | None:
    """ISO 8601 and RFC 822 with a numeric or UTC zone, read by the standard library.

    Anything less regular (named zones such as MSK, words, prose) is left to the
    general parser.
    """
    iso = _ISO_FAST.fullmatch(raw) if raw[:4].isdigit() else None
    if iso:
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return None
        if not iso["hm"]:
            return moment.date(), "day", None
        stated = moment.tzinfo
        if stated is None and not (moment.hour or moment.minute or moment.second or moment.microsecond):
            return moment.date(), "day", None  # "2008-06-26 00:00:00": a date field's "no time"
        moment = moment.replace(tzinfo=zone) if stated is None else moment.astimezone(zone)
        return moment, "second" if iso["s"] else "minute", stated
    basic = _ISO_BASIC.fullmatch(raw) if len(raw) <= 10 else None
    if basic:
        try:
            return date(int(basic["y"]), int(basic["m"]), int(basic["d"])), "day", None
        except ValueError:  # "20250231"
            return None
    rfc = _RFC822_FAST.fullmatch(raw) if raw[-1].isdigit() or raw[-1] in "TC" else None
    if rfc:
        try:
            moment = parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        return moment.astimezone(zone), "second" if rfc["s"] else "minute", moment.tzinfo
    return None


def _from_epoch(seconds: float, zone: tzinfo, now: datetime) -> ParsedDate | None:
    """Epoch seconds (or milliseconds, as JavaScript writes them) to a date."""
    if seconds > 1e11:
        seconds /= 1000
    if not 6e8 < seconds < 4e9:  # 1989..2096: anything else is a counter or an id
        return None
    instant = datetime.fromtimestamp(int(seconds), timezone.utc).astimezone(zone)
    return _finish(instant, "second", now)
