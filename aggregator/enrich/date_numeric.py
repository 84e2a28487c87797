"""Numeric dates without a month word ("17.02.2026", "11/23/2005", "26/03-2007", "۲۰،۳،۲۰۱۸"):
which number is the day and which the month, and when a run of numbers is no date at all."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from aggregator.enrich.date_day_of_month import weekday_before

# "۲۰،۳،۲۰۱۸": Arabic commas between a date's day, month and four-digit year (a signature's
# date); the caller turns them into dots, which read day first
ARABIC_COMMA_DATE = re.compile(r"(?<![\d،])(\d{1,2})،(\d{1,2})،(\d{4})(?!\d|،\d)")
# a number sign just before mixed separators: a document's number ("№ 12/3-2019")
_NUMBER_SIGN = re.compile(r"[№#]|\bno\.?\s*$")
_MORE_NUMBERS = re.compile(r"[./\-]\d")


def stands_alone(norm: str, match: re.Match) -> bool:
    """The whole text, or the end of a caption's dateline after a comma ("Kerry, Kamilov meet
    in Washington, 3-12-13"): where a dashed two-digit-year date is no phone number."""
    return (match.start() == 0 or norm[match.start() - 2 : match.start()] == ", ") and match.end() == len(norm)


def numeric_dmy(match: re.Match, now: datetime, alone: bool, order: str | None, norm: str = "") -> tuple | None:
    """Read day/month order: dots and dashes are day-first unless only month-first is valid
    (with a four-digit year: "3.24.2015"; "1.13.12" stays a version); a slash date is day-first
    unless only month-first is valid, or both are and month-first is the recent one, or
    both are and it is an English short date (``order`` "month", a two-digit year, no
    leading zero: "(WSJ, 1/7/98, p.A16)"; "07/05/2024" stays day-first). In a language
    that writes slash dates day first (``order`` "day", from CLDR's short patterns: uz,
    tg "dd/MM/yy") a valid day-first reading is kept even when the other is more recent.
    A weekday named just before ("Fri 7/6/24") overrides all of these when it fits one
    reading only."""
    a, b, sep, year_text = int(match["a"]), int(match["b"]), match["s"], match["y"]
    if match["s2"] and (_NUMBER_SIGN.search(norm, max(0, match.start() - 4), match.start())
                        or _MORE_NUMBERS.match(norm, match.end())):
        return None  # "№ 12/3-2019", "1/2-2019-3": a document's number, not a date
    if len(year_text) == 2:
        if sep == "-" and not alone:  # "38-61-18, 39-95-82": phone numbers, scores
            return None
        year = 2000 + int(year_text)
        if year > now.year + 1:
            year -= 100
    else:
        year = int(year_text)
    day, month = a, b
    if sep != "/" and len(year_text) == 4 and a <= 12 < b and norm[match.start() - 1 : match.start()] not in (".", "-"):
        day, month = b, a  # "3.24.2015": only month-first is a date (US Blogger headers)
    elif sep == "-" and order == "month" and len(year_text) == 2 and a <= 12 and not match["a"].startswith("0"):
        day, month = b, a  # "3-12-13": the US short date written with dashes, as with slashes
    elif sep == "/" and a <= 12:
        if b > 12:
            day, month = b, a
        elif a != b and (agreed := _weekday_agrees(norm, match.start(), year, [(a, b), (b, a)])):
            day, month = agreed
        elif a != b and order != "day":
            us_short = order == "month" and len(year_text) == 2 and not match["a"].startswith("0")
            day, month = (b, a) if us_short else _closest_past(year, [(a, b), (b, a)], now)
    return match.start(), match.end(), year, month, day


_NUMBER_SIGN = re.compile(r"[№#]|\bno\.?\s*$")
_MORE_NUMBERS = re.compile(r"[./\-]\d")


def _weekday_agrees(norm: str, start: int, year: int, options: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The one (day, month) reading whose weekday is the one named just before the date."""
    weekday = weekday_before(norm, start) if start else None
    if weekday is None:
        return None
    fits = [(d, m) for d, m in options if date(year, m, d).weekday() == weekday]
    return fits[0] if len(fits) == 1 else None



def _closest_past(year: int, options: list[tuple[int, int]], now: datetime) -> tuple[int, int]:
    """Of (day, month) readings, the latest one not after today; else the first."""
    today = now.date()
    past = [(date(year, m, d), (d, m)) for d, m in options if date(year, m, d) <= today]
    return max(past)[1] if past else options[0]


# A year-less day and month in digits that is all the text says ("7/18", a diary's entry date set
# off on its own line) or all that a dateline's bracket says between its place and the story
# ("布鲁塞尔 (21/08 – 30) 美国总统..."; a gallery's "Фото (1/8)" opens no story).
# In running text such pairs are stages, fractions and clocks ("1/8 финала", "06.30 мск"), so they
# are read only standing alone, and only when they land within YEARLESS_ALONE_WINDOW before now:
# the numbers alone carry less evidence than a month word. A dot needs a two-digit month ("26.08").
YEARLESS_ALONE_WINDOW = timedelta(days=45)
_PAIR = r"(?P<a>\d{1,2})(?P<s>/|\.(?=\d\d(?!\d)))(?P<b>\d{1,2})"
_WHOLE_PAIR = re.compile(rf"\s*{_PAIR}\s*")
_DATELINE_BRACKET = re.compile(
    rf"[^\W\d_]{{2,}}(?:[ -][^\W\d_]{{2,}})?\s*\(\s*{_PAIR}\s*(?:[-–—]\s*\d{{1,3}}\s*)?\)(?=\s*[^\W\d_])")


def yearless_alone_shape(norm: str, raw: str, now: datetime, order: str | None) -> tuple | None:
    """(start, end, year, month, day) of a year-less numeric day and month standing alone; a
    dateline's place is a name, not a lowercase word of prose ("erst heute (31.05) in Osh")."""
    match = _WHOLE_PAIR.fullmatch(norm) or _DATELINE_BRACKET.match(norm)
    if match is None or raw[:1].islower():
        return None
    a, b = int(match["a"]), int(match["b"])
    options = [(d, m) for d, m in ((a, b), (b, a)) if 1 <= m <= 12 and 1 <= d <= 31]
    if len(options) == 2 and a != b:  # both are dates: the language's order, else day first
        options = options[1:] if order == "month" else options[:1]
    for day, month in options[:1]:
        for year in (now.year, now.year - 1):
            try:
                when = date(year, month, day)
            except ValueError:
                continue
            if when <= now.date():
                if now.date() - when <= YEARLESS_ALONE_WINDOW:
                    return match.start("a"), match.end("b"), year, month, day
                return None
    return None


# A date with colons for its separators, as some templates and cameras (EXIF) print it:
# "01:06 / 03:03:2026", "2026:03:03 01:06:00". A clock's third part is never a four-digit
# year; the day and month must be valid ones, written with two digits as templates print them
# ("2:1:2020" is a score). Written back as "03.03.2026" and "2026-03-03"
# (the same length, so positions hold)
_COLON_DATE_HINT = re.compile(r"\d:(?:19|20)\d\d(?![\d:])|(?<![\d:])(?:19|20)\d\d:\d")
_COLON_DATE = re.compile(
    r"(?<![\d:])(?:(?P<d>0[1-9]|[12]\d|3[01]):(?P<m>0[1-9]|1[0-2]):(?P<y>(?:19|20)\d\d)"
    r"|(?P<y2>(?:19|20)\d\d):(?P<m2>0[1-9]|1[0-2]):(?P<d2>0[1-9]|[12]\d|3[01]))(?![\d:])")


def colon_dates(raw: str) -> str:
    """``raw`` with each colon-separated date written with dots or dashes."""
    return _COLON_DATE.sub(_dotted_date, raw) if _COLON_DATE_HINT.search(raw) else raw


def _dotted_date(match: re.Match) -> str:
    if match["y"]:
        return f"{match['d']}.{match['m']}.{match['y']}"
    return f"{match['y2']}-{match['m2']}-{match['d2']}"
