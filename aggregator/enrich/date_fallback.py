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


#: Languages the word tables are written for; text in any other language whose date our
#: rules do not read goes to dateparser's search, which knows the month words of ~200.
COVERED_LANGUAGES = frozenset({"ru", "kk", "ky", "uz", "tg", "tk", "ug", "en", "zh"})
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d\d")
# a year next to a found span, with at most a short year word between ("2023 թ.", "2023 г.")
_YEAR_AFTER = re.compile(rf"[\s,.\-]*(?:{_L}{{1,3}}\.\s*)?(?P<y>(?:19|20)\d\d)(?![\d:])")
_YEAR_BEFORE = re.compile(rf"(?<!\d)(?P<y>(?:19|20)\d\d)[\s,.\-]*(?:{_L}{{1,3}}\.)?[\s,.\-]*$")
_ORDINAL_DOT = re.compile(rf"(?<=(?<!\d)\d)\.(?=\s+{_L})|(?<=(?<!\d)\d\d)\.(?=\s+{_L})")


def foreign_shape(raw: str, lang: str | None, now: datetime) -> tuple | None:
    """(start, end, year|None, month, day) of a month-word date dateparser finds in short text
    of a language the tables do not cover ("VARESE, 6 gennaio 2022", "6 oktober").

    Only a found span with a month word and the day's number is kept (dateparser fills a
    missing day or year from today's date: "2022" alone, "júla" alone would be invented
    dates); its year, if it names one, must be the year returned, else the caller resolves
    the year-less day by its own rule.
    """
    if not lang or lang.split("-")[0] in COVERED_LANGUAGES or len(raw) > 80:  # "uz-Cyrl" is uz
        return None
    if lang not in _dateparser_languages():
        return None
    from dateparser.search import search_dates  # lazily: only this rare path pays for it

    # "4. júla": the ordinal dot of Central European languages hides the day from
    # dateparser in some of them; the search reads the text without it
    text = _ORDINAL_DOT.sub("", raw)
    removed = [m.start() - i for i, m in enumerate(_ORDINAL_DOT.finditer(raw))]
    settings = {"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "past"}
    try:
        found = search_dates(text, languages=[lang], settings=settings) or []
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    for span, parsed in found:
        numbers = re.findall(r"\d+", span)
        if not re.search(rf"{_L}{{3}}", span) or str(parsed.day) not in {n.lstrip("0") for n in numbers}:
            continue
        years = _YEAR.findall(span)
        if years and years != [str(parsed.year)] or not years and parsed.year < 1900:
            continue  # "+0600" read as the year 600: a zone, not a date
        start = text.find(span)
        if start < 0:
            continue
        clock = _CLOCK.search(span)  # the parser's own rule reads the time next to the date
        end = start + (clock.start() if clock else len(span))
        if not years:  # "2023 թ. հնվ 5", "31 დეკემბერი, 2023": the year beside the span
            beside = _YEAR_AFTER.match(text, end) or _YEAR_BEFORE.search(text, 0, start)
            if beside is not None:
                years = [beside["y"]]
                end = max(end, beside.end())
        start += sum(1 for at in removed if at < start)  # back to positions in ``raw``
        end += sum(1 for at in removed if at < end)
        return start, end, int(years[0]) if years else None, parsed.month, parsed.day
    return None
