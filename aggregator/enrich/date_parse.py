"""Turn a date as a site writes it into an instant in the source's time zone.

The hot path is hand-written: a few compiled regular expressions find date shapes
(day-month-year with a month word, year-first "2023 жылғы 30 қазан", numeric
17.02.2026 / 2026-02-17 / 02/17/2026, relative "Вчера, 23:50" / "5 минут назад"),
and the month and relative words come from ``data/date_words.toml``, so every
language is a table rather than code. Local times become instants through
``zoneinfo``, so historical offsets (Kazakhstan's UTC+6 -> UTC+5 in 2024, Moscow in
2011 and 2014) come from the tz database. dateparser is kept only as a guarded
fallback for short date-like text the tables do not cover.

Rules that keep the parser from guessing:

- a date needs a day: "Декабрь-2021" or "2022–2028 годы" give ``None``;
- a date that is a mention inside running prose ("встреча 5 июня 2025 года с
  командой") is skipped; datelines ("Бишкек, 11 июня /Синьхуа/ --"), labels
  ("Обновлено: 27.01.2026") and dates at the start of a line are kept;
- a year-less date takes the latest such day not in the future, but only when that
  lands in the fetch year or within ``YEARLESS_WINDOW`` (otherwise it is most likely
  an announced future event, e.g. a headline "РЕФЕРЕНДУМ - 6 ОКТЯБРЯ");
- a day-only text gets day precision, never an invented time of day;
- anything later than the fetch time plus ``FUTURE_TOLERANCE`` is rejected.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo

from aggregator.enrich.date_cldr_months import neighbour_month_shape
from aggregator.enrich.date_chain import chain_shape, month_first_shape, this_year_before
from aggregator.enrich.date_day_of_month import day_of_month_shape
from aggregator.enrich.date_clock_forms import CLOCK_FORM_HINT, spell_clocks
from aggregator.enrich.date_clock import (
    FUTURE_TOLERANCE, PRECISIONS, ParsedDate, _as_now, _at, _finish, _time_near, _zone,
    zone_country,
)
from aggregator.enrich.date_fallback import _fallback, _looks_date_like, foreign_shape
from aggregator.enrich.date_patterns import (
    _CJK_CLOCK, _DAY_MONTH, _DAY_OVER_CJK_MONTH, _DAY_OVER_MONTH_YEAR,
    _DAY_PERIOD_BEFORE, _DISPATCH_DAY, _DM_BY_TIME, _DMY, _EPOCH, _FIVE_DIGITS, _LATIN_WORD, _MD_CJK, _MONTH_DAY,
    _MONTH_DAY_YEAR, _MONTH_GLUED, _NUMERIC_HINT, _PLACE_DAY_MONTH, _SPACED_NUMERIC,
    _SPACED_NUMERIC_HINT, _T, _YEAR_DAY_MONTH, _YEAR_FIRST_HINT, _YEAR_MONTH_DAY,
    _YEAR_JUST_BEFORE, _YEAR_MONTH_OR_GLUED_HINT, _YMD, _month, _normalise, dispatch_day_number,
)
from aggregator.enrich.date_history import after_label, publication_first
from aggregator.enrich.date_jalali import clock_of_twin, parse_jalali
from aggregator.enrich.date_machine import _from_epoch, _machine_form
from aggregator.enrich.date_mention import _is_mention
from aggregator.enrich.date_numeric import ARABIC_COMMA_DATE, colon_dates, numeric_dmy, stands_alone, yearless_alone_shape
from aggregator.enrich.date_numbered import numbered_shape
from aggregator.enrich.date_relative import _relative, time_only
from aggregator.enrich.date_repair import repairs
from aggregator.enrich.date_truncated import truncated_month

__all__ = ["FUTURE_TOLERANCE", "PRECISIONS", "YEARLESS_WINDOW", "ParsedDate", "parse_date"]

#: A year-less date ("27 марта") outside the fetch year must lie at most this far back.
YEARLESS_WINDOW = timedelta(days=120)


# --- parsing ------------------------------------------------------------------------


def parse_date(
    text: str | int | float | None,
    tz: str = "UTC",
    now: datetime | None = None,
    lang: str | None = None,
) -> ParsedDate | None:
    """Parse ``text`` (a date as written on a page, or epoch seconds) in zone ``tz``.

    ``now`` is the fetch moment (aware; a naive one is read in ``tz``) that relative
    forms ("Вчера", "5 минут назад") and year-less dates are resolved against;
    default: the current time. ``lang`` steers the dateparser fallback and reads a
    short slash date that is valid both ways month-first in English ("1/7/98"); the word
    tables of all languages are always used, but ``lang`` rules out a month word's
    inflection its grammar does not have (Uzbek "5 marta" 'five times', Kazakh "2 майда"). Returns ``None`` when the text
    holds no date or the date lies in the future beyond ``FUTURE_TOLERANCE``.
    """
    if text is None or isinstance(text, bool):
        return None
    try:
        return _parse_date(text, tz, now, lang)
    except OverflowError:  # a date at datetime's limits (9999-12-31 at -12:00): no date
        return None


def _parse_date(text, tz, now, lang, repaired_times: int = 0) -> ParsedDate | None:
    zone = _zone(tz)
    now = _as_now(now, zone)
    if isinstance(text, (int, float)):
        return _from_epoch(float(text), zone, now)
    raw = str(text).strip()[:1000]
    if not raw:
        return None
    if "時" in raw or "时" in raw or "시" in raw:
        raw = _CJK_CLOCK.sub(_colon_clock, raw)
    if ":" in raw:
        raw = _GLUED_CLOCK.sub(" ", raw)
        if raw[-1].isdigit():
            raw = _ASCTIME.sub(r"\g<d> \g<mon> \g<y> \g<clock>\g<zone>", raw)
        if _DAY_PERIOD_HINT.search(raw):
            raw = _DAY_PERIOD_BEFORE.sub(_period_after, raw)
    if CLOCK_FORM_HINT.search(raw):  # "17:41 BST", "ab 9 Uhr": a zone's offset, a colon clock
        raw = spell_clocks(raw)
    if "،" in raw:  # "۲۰،۳،۲۰۱۸": Arabic commas between a date's numbers, read as dots
        raw = ARABIC_COMMA_DATE.sub(r"\1.\2.\3", raw)
    if raw[0].isdigit() and _EPOCH.fullmatch(raw):
        return _from_epoch(float(raw), zone, now)
    machine = _machine_form(raw, zone)  # feeds and JSON-LD: the most common inputs
    if machine is not None:
        local, precision, stated = machine
        return _finish(local, precision, now, stated)
    if raw.count(":") >= 2:  # "03:03:2026", "2026:03:03": colons as a date's separators
        raw = colon_dates(raw)
    norm = _normalise(raw)
    if len(norm) != len(raw):  # a rare letter whose lowercase is longer
        raw = norm
    # only slash dates, and English dashed two-digit-year dates ("3-12-13"), need it
    order = _slash_order(lang, tz) if "/" in norm or ("-" in norm and lang and lang[:2] == "en") else None
    found, seen = _explicit(norm, raw, zone, now, order, lang)
    if found is not None and found.precision == "day" and not norm.isascii():
        found = clock_of_twin(found, norm, zone, now, YEARLESS_WINDOW)  # "۱۳:۵۸ - ۲۲ دی ۱۴۰۰ - 12 January 2022"
    if found is None and not seen:
        found = _relative(norm, raw, zone, now) or time_only(norm, zone, now)
        if found is None and _looks_date_like(norm):
            found = _fallback(raw, tz, zone, now, lang)
    if found is None:  # Solar Hijri (Iran, Afghanistan): only in Arabic-script text
        found = parse_jalali(norm, zone, now, YEARLESS_WINDOW)
    if found is None and (shape := numbered_shape(norm, lang, tz, now)) is not None:
        found = _build(norm, *shape, zone, now)  # Minguo years, "8-ئاينىڭ 8-كۈنى"
    if found is None and (shape := chain_shape(norm, raw, now)) is not None and not _is_mention(norm, raw, *shape[:2]):
        found = _build(norm, *shape, zone, now)  # "fewral aýynyň 4-ine", "24.X.2023"
    if found is None and (shape := month_first_shape(norm, lang)) is not None:
        found = _build(norm, *shape, zone, now)  # "қазан 28", the language known
    if found is None and (shape := day_of_month_shape(norm, now)) is not None:
        found = _build(norm, *shape, zone, now)  # "周五(13日)", "30日", "пятница, 13"
    if found is None and (shape := yearless_alone_shape(norm, raw, now, order or _slash_order(lang, tz))) is not None:
        found = _build(norm, *shape, zone, now)  # "7/18" on its own line, "布鲁塞尔 (21/08 – 30)"
    if found is None and lang is not None:
        shape = foreign_shape(raw, lang, now)
        if shape is not None:
            found = _build(norm, *shape, zone, now)
    if found is None and (shape := neighbour_month_shape(norm)) is not None and not _is_mention(norm, raw, *shape[:2]):
        found = _build(norm, *shape, zone, now)  # "09 Грудня 2020" on a Russian page, CLDR's months
    if found is None and repaired_times < 2:  # two repairs at most ("«11» dekаbr")
        for repaired in repairs(raw):
            if repaired != raw:
                found = _parse_date(repaired, tz, now, lang, repaired_times + 1)
                if found is not None:
                    break
    return found


# A clock glued to the date beside it, as some site templates print them: a time then a
# day ("12:5027.05.2024"), a year or a CJK day then a time ("February 26, 202510:00 a.m.",
# "2022年09月18日04:05:29"); a space goes between, so that both parts are read
_GLUED_CLOCK = re.compile(
    r"(?<=(?<!\d)\d\d:[0-5]\d)(?=\d{1,2}[./]\d{1,2}[./]\d{4}(?!\d))"
    r"|(?<=(?<![\d.:/-])(?:19|20)\d\d)(?=(?:[01]?\d|2[0-3]):[0-5]\d(?!\d))"
    r"|(?<=日)(?=(?:[01]?\d|2[0-3]):[0-5]\d(?!\d))"  # "2022年09月18日04:05:29"
)
# C's asctime and Java's Date.toString() put the year last, after the time and its zone
# ("Tue Jan 28 15:28:56 CET 2020", as some CMSs write JSON-LD): the day, month and year
# go together, then the time
_ASCTIME = re.compile(
    r"\b(?P<mon>[A-Z][a-z]{2}) +(?P<d>\d{1,2}) (?P<clock>\d{1,2}:\d\d(?::\d\d)?)"
    r"(?P<zone> [A-Z]{2,5})? (?P<y>(?:19|20)\d\d)$")


def _slash_order(lang: str | None, tz: str) -> str | None:
    """"day" or "month" when the text's language (and for English the source's country)
    says how a slash date is ordered, as CLDR's short patterns do; else None."""
    base = lang.split("-")[0] if lang else None
    if base == "en":
        return "day" if zone_country(tz) in _T.english_day_first else "month"
    return "day" if base in _T.slash_day_first else None


def _colon_clock(match: re.Match) -> str:
    """"14時37分21秒" -> "14:37:21 ", which the time pattern reads."""
    seconds = f":{int(match['s']):02d}" if match["s"] else ""
    return f"{match['h']}:{int(match['mi']):02d}{seconds} "


# CJK and Korean write the half of the day before a 12-hour time ("下午2:37"); it goes after
# the time as "pm", which the time pattern reads
_DAY_PERIOD_HINT = re.compile("[午晚凌早오]")


def _period_after(match: re.Match) -> str:
    if not 1 <= int(match["clock"].split(":")[0]) <= 12:  # "凌晨0:40": a 24-hour time already
        return match["clock"]
    return f"{match['clock']} {_T.day_periods[match['p']]} "


# the letters of a day's suffix, when they may be the month itself ("23-iyul"): a whole word,
# not the start of a longer one ("5-martaba" 'the fifth time')
_MONTH_AS_SUFFIX = re.compile(r"\s?-\s?([^\W\d_]{3,5})(?![^\W\d_])")


# --- explicit dates -------------------------------------------------------------------


def _explicit(norm: str, raw: str, zone: tzinfo, now: datetime, order: str | None = None, lang: str | None = None):
    """First usable explicit date in the text; also says whether any date shape was seen.

    A date shape that is rejected (a prose mention, a future or stale date) still
    counts as seen, so the dateparser fallback does not get to guess on it.
    """
    seen, found = False, None
    for start, end, y, m, d in publication_first(norm, _date_shapes(norm, now, order, lang)):
        seen = True
        if _is_mention(norm, raw, start, end) and not after_label(norm, start):
            continue
        result = _build(norm, start, end, y, m, d, zone, now)
        if result is None:
            continue
        if found is None:
            if result.precision != "day":
                return result, seen
            found = result  # a later reading of the same day may carry its clock
        elif result.precision != "day" and result.local.date() == found.local:
            return result, seen  # "26 августа. Третий день в Бухаре26.08 21:45"
    return found, seen


def _date_shapes(norm: str, now: datetime, order: str | None = None, lang: str | None = None) -> list[tuple]:
    """All (start, end, year|None, month, day) candidates, leftmost first; ``lang`` may rule
    out a month word's inflection (Kazakh "майда" is 'small')."""
    shapes: list[tuple] = []
    # Cheap substring tests skip whole patterns that cannot match (this is the hot path).
    year_first = _YEAR_FIRST_HINT.search(norm) is not None
    for match in _YEAR_DAY_MONTH.finditer(norm) if year_first else ():
        month, end = _month(match["mw"], lang), match.end()
        if not month and (suffix := _MONTH_AS_SUFFIX.match(norm, match.end("d"))):
            # "2022-yil 6-may kuni": the month was read as the day's suffix, the next word as the month
            month, end = _month(suffix[1], lang), suffix.end()
        if month:
            shapes.append((match.start(), end, int(match["y"]), month, _day(match)[1]))
    for match in _DAY_MONTH.finditer(norm):
        month, end = _month(match["mw"], lang), match.end()
        start, day = _day(match)
        year = int(match["y"]) if month and match["y"] else None
        if not month and (suffix := _MONTH_AS_SUFFIX.match(norm, match.end("d"))):
            # "23-iyul — Sputnik": the month, read as the day's suffix ("5-уми"), is the month
            month, end = _month(suffix[1], lang), suffix.end()
        if not month and (month := truncated_month(match["mw"].rstrip("."), norm, end)):
            year = int(match["y"]) if match["y"] else None  # "13 noya — Sputnik."
        if not month:
            continue
        if year is None and (before := _YEAR_JUST_BEFORE.search(norm, max(0, start - 8), start)):
            year, start = int(before["y"]), before.start()
        elif year is None and start and (lead := this_year_before(norm, start)) is not None:
            year, start = now.year, lead  # "Joriy yilning 19-sentyabr kuni": the fetch year
        shapes.append((start, end, year, month, day))
    for match in _MONTH_DAY.finditer(norm) if _LATIN_WORD.search(norm) else ():
        year = int(match["y"]) if match["y"] else None
        month = _T.english_months[match["mw"]]
        shapes.append((match.start(), match.end(), year, month, int(match["d"])))
    for match in _MONTH_DAY_YEAR.finditer(norm):
        month = None if match["mw"] in _T.english_months else _month(match["mw"], lang)
        if month:
            shapes.append((match.start(), match.end(), int(match["y"]), month, int(match["d"])))
    hint = _YEAR_MONTH_OR_GLUED_HINT.search(norm)  # "2014 April 02", "Июн292021": rare
    if hint is not None:
        matches = list(_YEAR_MONTH_DAY.finditer(norm, hint.start()))
        if _FIVE_DIGITS.search(norm, hint.start()):
            matches += _MONTH_GLUED.finditer(norm)
        for match in matches:
            month = _month(match["mw"], lang)
            if month:
                shapes.append((match.start(), match.end(), int(match["y"]), month, int(match["d"])))
    numeric = _NUMERIC_HINT.search(norm) is not None
    for match in _YMD.finditer(norm) if numeric else ():
        month, day = match["m"] or match["m2"], match["d"] or match["d2"]
        shapes.append((match.start(), match.end(), int(match["y"]), int(month), int(day)))
    for match in _SPACED_NUMERIC.finditer(norm) if _SPACED_NUMERIC_HINT.search(norm) else ():
        year, month, day = (match["y"], match["m"], match["d"]) if match["y"] else (
            match["y2"], match["m2"], match["d2"])
        shapes.append((match.start(), match.end(), int(year), int(month), int(day)))
    if "月" in norm or "월" in norm:
        for match in _MD_CJK.finditer(norm):
            shapes.append((match.start(), match.end(), None, int(match["m"]), int(match["d"])))
        if badge := _DAY_OVER_CJK_MONTH.match(norm):
            shapes.append((badge.start("d"), badge.end(), None, int(badge["m"]), int(badge["d"])))
    if "日" in norm:
        for match in _DISPATCH_DAY.finditer(norm):
            day = dispatch_day_number(match["d"])
            if month_of_day := _latest_month_with(day, now):
                shapes.append((match.start(), match.end(), *month_of_day, day))
    for match in _DM_BY_TIME.finditer(norm) if numeric and ":" in norm else ():
        month, day = int(match["m"] or match["m2"]), int(match["d"] or match["d2"])
        if 1 <= month <= 12:
            shapes.append((match.start(), match.end(), None, month, day))
    if numeric and norm[:1].isalpha() and (line := _PLACE_DAY_MONTH.match(norm)) and 1 <= int(line["m"]) <= 12:
        shapes.append((line.start("d"), line.end(), None, int(line["m"]), int(line["d"])))
    if numeric and (badge := _DAY_OVER_MONTH_YEAR.match(norm)):
        shapes.append((badge.start("d"), badge.end(), int(badge["y"]), int(badge["m"]), int(badge["d"])))
    for match in _DMY.finditer(norm) if numeric else ():
        shape = numeric_dmy(match, now, stands_alone(norm, match), order, norm)
        if shape:
            shapes.append(shape)
    if len(shapes) > 1:
        shapes.sort(key=lambda s: (s[0], -s[1]))
        shapes = _complete_over_partial(shapes)
    return shapes


def _complete_over_partial(shapes: list[tuple]) -> list[tuple]:
    """Drop a year-less reading that shares its characters with a reading that has a year:
    "Day 11 May 23, 2023" is May 23, 2023, not 11 May (the month word is one, the readings two)."""
    dated = [shape for shape in shapes if shape[2] is not None]
    return [shape for shape in shapes if shape[2] is not None
            or not any(other[0] < shape[1] and shape[0] < other[1] for other in dated)]


def _day(match: re.Match) -> tuple[int, int]:
    """(start, day) of a day and month match. "5-7 мая" is a range, read at its first day; a
    "range" that does not go forward is a number, then the day ("Day 27 - 21 May 2013")."""
    day, last = int(match["d"]), match["d_to"]
    if last is not None and int(last) <= day:
        return match.start("d_to"), int(last)
    return match.start(), day


def _latest_month_with(day: int, now: datetime) -> tuple[int, int] | None:
    """(year, month) of the latest month whose ``day`` is not after today: a dateline
    that names the day alone ("莫斯科21日电") was filed within the last month."""
    year, month = now.year, now.month
    for _ in range(3):
        if day <= now.day or month != now.month or year != now.year:
            try:
                date(year, month, day)
                return year, month
            except ValueError:
                pass
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


def _build(norm, start, end, y, m, d, zone, now) -> ParsedDate | None:
    """Turn one date shape plus the time next to it into a checked result."""
    clock = _time_near(norm, start, end)
    if y is None:
        return _yearless(m, d, clock, zone, now)
    if not 1900 <= y <= now.year + 1:
        return None
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    return _at(day, clock, zone, now)


def _yearless(m, d, clock, zone, now) -> ParsedDate | None:
    """Latest such day not in the future, if it is recent enough to be meant."""
    for year in range(now.year, now.year - 8, -1):
        try:
            day = date(year, m, d)
        except ValueError:  # 29 February
            continue
        result = _at(day, clock, zone, now)
        if result is None:
            continue
        if year != now.year and now.date() - day > YEARLESS_WINDOW:
            return None
        return result
    return None
