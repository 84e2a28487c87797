"""Solar Hijri (Jalali) dates, as Iranian and Afghan sites write them: "۲۹ میزان",
"۰۸ فروردین ۱۴۰۱ - ۱۸:۵۵", "۱۴۰۱/۰۱/۰۸", "د میزان ۲۸ مه". The month names come from
``data/date_words.toml``; the calendar arithmetic is the standard 33-year-cycle
conversion, so no calendar library is needed.

Only reached when the Gregorian rules found nothing, and only in text with Arabic-script
letters (a bare "1401/01/08" may be a number of any kind).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo

from aggregator.enrich.date_clock import ParsedDate, _at, _time_near
from aggregator.enrich.date_patterns import _alternation
from aggregator.enrich.date_words import date_words

# Arabic yeh and kaf (and the final alef maksura) typed for the Persian letters: one
# character for one, so positions stay valid
_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی", "ة": "ه"})
_TABLE = date_words()["months_jalali"]
_MONTHS = {word.translate(_PERSIAN_LETTERS): int(number)
           for number, words in _TABLE.items() for word in words}
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3]")
_NOT_LETTER_AFTER = "(?![\u0600-\u06ff\\w])"
# "29 میزان", "08 فروردین 1401", "۵ام حمل سال ۱۴۰۲", "(پنجشنبه/۱۹جوزا/۱۴۰۱)": a day, the
# month, optionally the year. A slash before the day is a separator after a word (a weekday),
# not after a number: "1401/01/08" is the numeric form below
_DAY_MONTH = re.compile(
    rf"(?<![\d.:])(?<!\d/)(?P<d>\d{{1,2}})(?:\s*ام)?[\s/\-]*"
    rf"(?P<mw>{_alternation(_MONTHS)}){_NOT_LETTER_AFTER}"
    rf"(?:[\s,/\-]*(?:سال\s*)?(?P<y>1[34]\d\d)(?!\d))?"
)
# The month first, then the day with its ordinal ending: Pashto "د میزان ۲۸ مه", Dari "حمل ۵ام".
# Without the ending the number after a month word is a figure ("میزان ۲۸ درصد", 'a level of 28
# per cent')
_MONTH_DAY = re.compile(
    rf"(?<![\u0600-\u06ff\w])(?P<mw>{_alternation(_MONTHS)})\s*(?P<d>\d{{1,2}})\s*(?:مه|ام)"
    rf"{_NOT_LETTER_AFTER}(?:[\s,/\-]*(?:سال\s*|کال\s*)?(?P<y>1[34]\d\d)(?!\d))?"
)
# "1401/01/08", "1398-07-29": a year of this calendar (1300-1499) is never a Gregorian one
_NUMERIC = re.compile(
    r"(?<![\d/.\-])(?P<y>1[34]\d\d)(?P<s>[/\-.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\d/.\-]\d)")


def jalali_to_gregorian(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of a Solar Hijri one, or None if that day does not exist."""
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        return None
    ordinal = _ordinal(year, month, day)
    if month == 12 and day == 30 and ordinal + 1 != _ordinal(year + 1, 1, 1):
        return None  # 30 Esfand only in a leap year
    return date.fromordinal(ordinal)


def _ordinal(year: int, month: int, day: int) -> int:
    y = year + 1595
    days = -355668 + 365 * y + (y // 33) * 8 + ((y % 33) + 3) // 4 + day
    days += (month - 1) * 31 if month < 7 else (month - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    return date(gy, 1, 1).toordinal() + days


def parse_jalali(norm: str, zone: tzinfo, now: datetime, window: timedelta) -> ParsedDate | None:
    """First Solar Hijri date in ``norm`` (the parser's normalised text, digits already
    ASCII), with the time next to it; a year-less one is the latest such day not in the
    future, within ``window`` when it falls in an earlier Solar Hijri year."""
    if not _ARABIC_LETTER.search(norm):  # numeric ones too: not a bare "1401-02-03"
        return None
    text = norm.translate(_PERSIAN_LETTERS)
    found = [(m.start(), m.end(), int(m["y"]) if m["y"] else None, _MONTHS[m["mw"]], int(m["d"]))
             for pattern in (_DAY_MONTH, _MONTH_DAY) for m in pattern.finditer(text)]
    found += [(m.start(), m.end(), int(m["y"]), int(m["m"]), int(m["d"]))
              for m in _NUMERIC.finditer(text)]
    for start, end, year, month, day in sorted(found):
        clock = _time_near(text, start, end)
        if year is not None:
            gregorian = jalali_to_gregorian(year, month, day)
            result = _at(gregorian, clock, zone, now) if gregorian else None
        else:
            result = _yearless(month, day, clock, zone, now, window)
        if result is not None:
            return result
    return None


def clock_of_twin(found: ParsedDate, norm: str, zone: tzinfo, now: datetime, window: timedelta) -> ParsedDate:
    """``found``, a Gregorian day without a clock, or the same day written in this calendar
    with the clock beside it: Iranian and Afghan stamps give the day in both calendars
    ("۱۳:۵۸ - ۲۲ دی ۱۴۰۰ - 12 January 2022"), the clock next to the Solar Hijri one."""
    twin = parse_jalali(norm, zone, now, window)
    if twin is not None and twin.precision != "day" and twin.local.date() == found.local:
        return twin
    return found


def _yearless(month, day, clock, zone, now, window) -> ParsedDate | None:
    nowruz = jalali_to_gregorian(now.year - 621, 1, 1)  # the Solar Hijri new year, 20/21 March
    this_year = now.year - 621 if now.date() >= nowruz else now.year - 622
    for year in (this_year, this_year - 1):
        gregorian = jalali_to_gregorian(year, month, day)
        if gregorian is None:
            continue
        result = _at(gregorian, clock, zone, now)
        if result is None:  # in the future
            continue
        if year != this_year and now.date() - gregorian > window:
            return None
        return result
    return None
