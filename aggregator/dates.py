"""Turn a date as a site writes it into an instant in the source's time zone.

Interim implementation on top of dateparser; the dedicated dates issue replaces the
internals while keeping ``parse_date`` and ``ParsedDate`` as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import dateparser

#: How far in the future (relative to the fetch time) a date may lie before it is
#: treated as a parse error rather than a publication time.
FUTURE_TOLERANCE = timedelta(hours=2)

PRECISIONS = ("day", "minute", "second")


@dataclass(frozen=True)
class ParsedDate:
    """A parsed publication date.

    ``local`` is an aware datetime in the source's zone, or a ``date`` when the text
    gives only a day (``precision == "day"``); ``utc`` is the same instant in UTC, or
    ``None`` for day precision, since no time of day is known.
    """

    local: datetime | date
    utc: datetime | None
    precision: str

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


def parse_date(
    text: str | int | float | None,
    tz: str = "UTC",
    now: datetime | None = None,
    lang: str | None = None,
) -> ParsedDate | None:
    """Parse ``text`` (a date as written on a page, or epoch seconds) in zone ``tz``.

    ``now`` is the fetch moment (aware) that relative forms ("Вчера", "5 минут назад")
    are resolved against; default: the current time. Returns ``None`` when the text
    holds no date or the date lies in the future beyond ``FUTURE_TOLERANCE``.
    """
    if text is None or text == "":
        return None
    zone = ZoneInfo(tz)
    now = (now or datetime.now(timezone.utc)).astimezone(zone)
    if isinstance(text, (int, float)):
        instant = datetime.fromtimestamp(text, timezone.utc)
        return _checked(instant.astimezone(zone), "second", now)
    settings = {
        "TIMEZONE": tz,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
    }
    languages = [lang, "ru", "en"] if lang and lang not in ("ru", "en") else ["ru", "en"]
    try:
        parsed = dateparser.parse(str(text), languages=languages, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if parsed is None:
        return None
    local = parsed.astimezone(zone)
    has_time = any(ch.isdigit() for ch in str(text).split()[-1]) and ":" in str(text)
    precision = ("second" if local.second else "minute") if has_time else "day"
    return _checked(local, precision, now)


def _checked(local: datetime, precision: str, now: datetime) -> ParsedDate | None:
    if local - now > FUTURE_TOLERANCE:
        return None
    if precision == "day":
        return ParsedDate(local=local.date(), utc=None, precision="day")
    return ParsedDate(local=local, utc=local.astimezone(timezone.utc), precision=precision)
