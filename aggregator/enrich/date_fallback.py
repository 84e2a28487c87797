"""A guarded dateparser fallback for short date-like text the word tables do not cover.

dateparser guesses freely (counters such as "2613" become years), so its answer is
kept only when the text itself shows the year and the day it returned.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from functools import lru_cache

from aggregator.enrich.date_clock import _finish
from aggregator.enrich.date_patterns import _L

_DATE_LIKE = re.compile(rf"(?=.*\b(?:19|20)\d\d\b)(?=.*(?<!\d)\d{{1,2}}(?!\d)).*{_L}{{3}}")


def _looks_date_like(norm: str) -> bool:
    """Short text with a plausible year, a day-sized number and a word."""
    return len(norm) <= 80 and _DATE_LIKE.match(norm) is not None


@lru_cache(maxsize=1)
def _dateparser_languages() -> frozenset[str]:
    from dateparser.data import languages_info

    return frozenset(languages_info.language_order)


def _fallback(raw: str, tz: str, zone: tzinfo, now: datetime, lang: str | None):
    """Ask dateparser, but keep its answer only if the text shows its year and day."""
    import dateparser  # imported lazily: it costs ~0.5 s and is rarely needed

    languages = [l for l in (lang, "ru", "en") if l in _dateparser_languages()]
    settings = {
        "TIMEZONE": tz,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
    }
    try:
        parsed = dateparser.parse(raw, languages=list(dict.fromkeys(languages)), settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if parsed is None:
        return None
    numbers = set(re.findall(r"\d+", raw))
    if str(parsed.year) not in numbers or not {str(parsed.day), f"{parsed.day:02d}"} & numbers:
        return None
    local = parsed.astimezone(zone)
    if re.search(rf"(?<!\d)0?{parsed.hour}:{parsed.minute:02d}(?!\d)", raw):
        return _finish(local, "minute", now)
    return _finish(local.date(), "day", now)
