"""Publication days as intervals, and when two of them may belong to one story.

Days are counted from 1970-01-01. An article's interval is one day, or a whole month when
the page gave only ``YYYY-MM``, or None (unknown) when it is undated: an undated article
fits any story, so it cannot chain two events of different days together on its own
(the story's span does not grow from it).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

from aggregator.items import Article

_EPOCH = date(1970, 1, 1)
#: "No day" where a day is stored as a 32-bit integer (an undated article or story).
NO_DAY = -(2 ** 31)
_MONTH_ONLY = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def day_number(text: str) -> int:
    """The day (since 1970) of an ISO date or timestamp; ValueError when it is none."""
    return (date.fromisoformat(text[:10]) - _EPOCH).days


def day_interval(article: Article) -> tuple[int, int] | None:
    """Days (since 1970) the article may have been published on; None when undated."""
    value = article.published_at or article.published_local
    if value:
        try:
            d = day_number(value)
            return d, d
        except ValueError:
            pass
    match = _MONTH_ONLY.match(article.date_raw or "")
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            first = date(year, month, 1)
            last = date(year + (month == 12), month % 12 + 1, 1)
            return (first - _EPOCH).days, (last - _EPOCH).days - 1
    return None


def seen_day(article: Article) -> int:
    """The day the article was fetched (today when unknown): how old it is in the index."""
    when = article.fetched_at or datetime.now(timezone.utc).isoformat()
    try:
        return day_number(when)
    except ValueError:
        return (datetime.now(timezone.utc).date() - _EPOCH).days


def compatible(lo: int | None, hi: int | None, other_lo: int | None, other_hi: int | None,
               window_days: int) -> bool:
    """Whether the interval [lo, hi] lies within ``window_days`` of [other_lo, other_hi];
    an unknown interval (``lo`` None) fits any."""
    if lo is None or other_lo is None:
        return True
    return lo <= other_hi + window_days and hi >= other_lo - window_days
