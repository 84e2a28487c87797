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
from email.utils import parsedate_to_datetime
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

#: How far in the future (relative to the fetch time) a date may lie before it is
#: treated as a parse error rather than a publication time.
FUTURE_TOLERANCE = timedelta(hours=2)

#: A year-less date ("27 марта") outside the fetch year must lie at most this far back.
YEARLESS_WINDOW = timedelta(days=120)

PRECISIONS = ("day", "minute", "second")

_WORDS_FILE = Path(__file__).parent.parent / "data" / "date_words.toml"


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


# --- normalisation ------------------------------------------------------------------

# One character in, one character out, so that match positions stay valid in the
# original text (the prose check needs the original letter case).
_FOLD = str.maketrans(
    {
        "ё": "е", "Ё": "Е",
        # legacy Tajik fonts typed ҷ ҳ қ ғ ӣ ӯ with Serbian/Macedonian letters
        "љ": "ҷ", "Љ": "Ҷ", "њ": "ҳ", "Њ": "Ҳ", "ќ": "қ", "Ќ": "Қ",
        "ѓ": "ғ", "Ѓ": "Ғ", "ї": "ӣ", "Ї": "Ӣ", "ў": "ӯ", "Ў": "Ӯ",
        "ə": "ә", "Ə": "Ә",  # Latin schwa typed for Kazakh ә
        "\u0674": " ",  # Kazakh Arabic-script hamza, a prefix that only marks vowel harmony
        "،": ",",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\t": " ",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "ʻ": "'", "ʼ": "'", "‘": "'", "’": "'", "`": "'",
        "İ": "I",
        **{chr(0x660 + i): str(i) for i in range(10)},
        **{chr(0x6F0 + i): str(i) for i in range(10)},
    }
)


_NEEDS_FOLD = re.compile("[" + re.escape("".join(chr(c) for c in _FOLD)) + "]")


def _normalise(text: str) -> str:
    """Lowercase, fold spelling variants; same length as ``text`` when possible."""
    if _NEEDS_FOLD.search(text):  # translate() is slow per character; most text needs none
        text = text.translate(_FOLD)
    return text.lower()


# --- word tables ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Tables:
    month_exact: dict[str, int]
    month_stems: dict[str, int]
    english_months: dict[str, int]
    days_back: dict[str, int]
    just_now: tuple[str, ...]
    ago_units: dict[str, int]
    ago_words: tuple[str, ...]
    ago_numbers: dict[str, int]
    context: frozenset[str]
    zones: dict[str, str]


def _load_tables(path: Path = _WORDS_FILE) -> _Tables:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    exact: dict[str, int] = {}
    stems: dict[str, int] = {}
    english: dict[str, int] = {}
    for lang, months in raw["months"].items():
        for number, forms in months.items():
            for word in forms["exact"]:
                exact[_normalise(word)] = int(number)
                if lang == "en":
                    english[word] = int(number)
            for word in forms["stems"]:
                stems[_normalise(word).strip()] = int(number)
    return _Tables(
        month_exact=exact,
        month_stems=stems,
        english_months=english,
        days_back={_normalise(k): v for k, v in raw["days_back"].items()},
        just_now=tuple(_normalise(p) for p in raw["just_now"]["phrases"]),
        ago_units={_normalise(k): v for k, v in raw["ago"]["units"].items()},
        ago_words=tuple(_normalise(w) for w in raw["ago"]["words"]),
        ago_numbers={_normalise(k): v for k, v in raw["ago"]["numbers"].items()},
        context=frozenset(_normalise(w) for w in [*raw["context"]["words"], *raw["days_back"]]),
        zones=dict(raw["zones"]),
    )


_T = _load_tables()


def _alternation(words) -> str:
    """Regex alternation of ``words``, longest first so that phrases win over words."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _by_prefix(word: str, stems: dict[str, int], shortest: int = 1) -> int | None:
    """Value of the longest stem that ``word`` starts with."""
    for end in range(len(word), shortest - 1, -1):
        value = stems.get(word[:end])
        if value is not None:
            return value
    return None


@lru_cache(maxsize=4096)
def _month(word: str) -> int | None:
    """Month number of a (normalised) month word in any supported language."""
    number = _T.month_exact.get(word)
    if number is None:
        number = _by_prefix(word, _T.month_stems, shortest=3)
    return number


# --- regular expressions --------------------------------------------------------------

_L = r"[^\W\d_]"  # a letter in any script
_YEAR_WORD = rf"(?:(?:год|жыл|йил|yil|ýyl|year|сол){_L}*|[гжy]\.|[гж](?!{_L}))"
# Lookbehinds sit after a pattern's first digit ("\d(?<![\w.]\d)" rather than
# "(?<![\w.])\d") so that the regex engine can skip ahead to digits: 2-3x faster.
_DAY = rf"(?P<d>\d(?<![\w.:/]\d)\d?)(?:\s*-\s*\d{{1,2}}(?!\d))?(?:-{_L}{{1,5}}(?=\s)|st|nd|rd|th)?"
_MONTH_WORD = rf"(?P<mw>{_L}+)\.?"

# "17 февраля 2026", "23 Ноябрь, 2025", "5-уми октябри соли 2016", "18-19-njy maýynda"
_DAY_MONTH = re.compile(
    rf"{_DAY}[\s.\-]*(?:of\s+)?{_MONTH_WORD}"
    rf"(?:[\s,.\-]*(?:соли\s+)?(?P<y>\d{{4}})(?![\d:]))?"
)
# "Jan. 19, 2018", "Feb.20, 2018", "March 20, 2018"
_MONTH_DAY = re.compile(
    rf"\b(?P<mw>{_alternation(_T.english_months)})\.?\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])"
    rf"(?:,?\s*(?P<y>\d{{4}})(?![\d:]))?"
)
# "2023 жылғы 30 қазаннан", "2017 йил 22 июль", "2023-nji ýylyň 18-19-njy maýynda"
_YEAR_DAY_MONTH = re.compile(
    rf"(?P<y>\d(?<![\w.]\d)\d{{3}})\s*-?\s*(?:(?:nji|njy|nchi|inchi|нчи|инчи|чи)\s+)?"
    rf"{_YEAR_WORD}[\s,\-]*{_DAY}[\s.\-]*{_MONTH_WORD}"
)
# "2026-02-17", "2017-3-31", "2026/02/17", "2026.02.17", "2026年2月17日"
_YMD = re.compile(
    r"(?P<y>\d(?<![\d.]\d)\d{3})(?:(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
    r"|\s*年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日)(?!\d)"
)
# "2月17日" (the year left out, as Chinese datelines do)
_MD_CJK = re.compile(r"(?<![\d年])(?<!年\s)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
# "17.02 14:30", "14:30 17.02": a day and month without the year, next to a time (alone,
# "17.02" is as likely a figure)
_DM_BY_TIME = re.compile(
    r"(?<![\d.,])(?P<d>\d{1,2})\.(?P<m>\d{2})(?=,?\s+(?:в\s+)?\d{1,2}:\d{2}(?!\d))"
    r"|(?<=\d:\d\d)[\s,|/]{1,4}(?P<d2>\d{1,2})\.(?P<m2>\d{2})(?!\d|[.,]\d)")
# "17.02.2026", "08.08.19", "03/07/2024", "11/23/2005", "17-02-2026"
_DMY = re.compile(
    r"(?P<a>\d(?<!\d\d)(?<!\d[/\-]\d)\d?)(?P<s>[./\-])(?P<b>\d{1,2})(?P=s)"
    r"(?P<y>\d{4}|\d{2})(?!\d)(?!\.\d)"
)

_TIME = r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<sec>\d{2})(?:[.,]\d+)?)?(?:\s*(?P<ap>[ap])\.?m\b\.?)?"
_ZONE = (
    rf"(?:(?P<z>z)(?!{_L})"
    r"|\s?(?P<off>[+-]\d{2}(?::?\d{2})?)(?!\d)"
    rf"|\s*\(?(?P<zn>{_alternation(k for k in _T.zones if k != 'z')})(?!{_L})"
    r"(?:\s*(?P<zoff>[+-]\d{1,2}(?::?\d{2})?))?)?"
)
_TIME_BEFORE = re.compile(rf"(?<![\d:]){_TIME}[\s,.|/\-]{{0,5}}$")  # search up to the date
# What may sit between a date and its time: separators, year words, "в", "at", a
# label such as "Бишкекское время" (at most two words).
_TIME_AFTER = re.compile(
    rf"(?:(?P<iso>t)|(?:[\s,.|/\-]|{_YEAR_WORD})*(?:{_L}+[\s,:]+){{0,2}})(?<![\d]){_TIME}{_ZONE}"
)

_YEAR_FIRST_HINT = re.compile("год|жыл|йил|yil|ýyl|year|сол|г\\.|ж\\.|y\\.| г| ж")
_LATIN_WORD = re.compile(r"[a-z]{3}")
_NUMERIC_HINT = re.compile(r"\d[-/.]\d|\d\s*年\s*\d")
_WORD = re.compile(rf"{_L}+")
# First words of every relative phrase: text without any of them needs no relative pass.
_REL_TRIGGERS = frozenset(
    phrase.split()[0] for phrase in (*_T.days_back, *_T.just_now, *_T.ago_words)
)
_DAY_WORD = re.compile(rf"(?<!{_L})(?P<w>{_alternation(_T.days_back)})(?!{_L})")
_JUST_NOW = re.compile(rf"(?<!{_L})(?:{_alternation(_T.just_now)})(?!{_L})")
_AGO = re.compile(
    rf"(?<![\w])(?:(?P<n>\d{{1,3}})\s*|(?P<nw>{_alternation(_T.ago_numbers)})\s+)?"
    rf"(?P<unit>{_L}+)\.?\s+(?:{_alternation(_T.ago_words)})(?!{_L})"
)
# Prose goes on after a mention: a word, or sentence punctuation ("... 5 июня 2025 года.")
_PROSE_AFTER = re.compile(rf"^(?:\s*{_YEAR_WORD})?\s*(?:{_L}|[.;!?)»\"]|,\s*{_L})")
_EPOCH = re.compile(r"\d{9,13}(?:\.\d+)?")


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
    default: the current time. ``lang`` only steers the dateparser fallback: the
    word tables of all languages are always used. Returns ``None`` when the text
    holds no date or the date lies in the future beyond ``FUTURE_TOLERANCE``.
    """
    if text is None or isinstance(text, bool):
        return None
    zone = _zone(tz)
    now = _as_now(now, zone)
    if isinstance(text, (int, float)):
        return _from_epoch(float(text), zone, now)
    raw = str(text).strip()[:1000]
    if not raw:
        return None
    if raw[0].isdigit() and _EPOCH.fullmatch(raw):
        return _from_epoch(float(raw), zone, now)
    machine = _machine_form(raw, zone)  # feeds and JSON-LD: the most common inputs
    if machine is not None:
        return _finish(*machine, now)
    norm = _normalise(raw)
    if len(norm) != len(raw):  # a rare letter whose lowercase is longer
        raw = norm
    found, seen = _explicit(norm, raw, zone, now)
    if found is None and not seen:
        found = _relative(norm, raw, zone, now)
        if found is None and _looks_date_like(norm):
            found = _fallback(raw, tz, zone, now, lang)
    return found


_ISO_FAST = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ](?P<hm>\d{2}:\d{2})(?P<s>:\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_RFC822_FAST = re.compile(
    r"(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(?P<s>:\d{2})? (?:[+-]\d{4}|GMT|UTC|UT)")


def _machine_form(raw: str, zone: tzinfo) -> tuple[datetime | date, str] | None:
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
            return moment.date(), "day"
        moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
        return moment, "second" if iso["s"] else "minute"
    rfc = _RFC822_FAST.fullmatch(raw) if raw[-1].isdigit() or raw[-1] in "TC" else None
    if rfc:
        try:
            moment = parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        return moment.astimezone(zone), "second" if rfc["s"] else "minute"
    return None


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    return ZoneInfo(name)


def _as_now(now: datetime | None, zone: tzinfo) -> datetime:
    if now is None:
        return datetime.now(timezone.utc).astimezone(zone)
    if now.tzinfo is None:
        return now.replace(tzinfo=zone)
    return now if now.tzinfo is zone else now.astimezone(zone)


def _from_epoch(seconds: float, zone: tzinfo, now: datetime) -> ParsedDate | None:
    """Epoch seconds (or milliseconds, as JavaScript writes them) to a date."""
    if seconds > 1e11:
        seconds /= 1000
    if not 6e8 < seconds < 4e9:  # 1989..2096: anything else is a counter or an id
        return None
    instant = datetime.fromtimestamp(int(seconds), timezone.utc).astimezone(zone)
    return _finish(instant, "second", now)


def _finish(local: datetime | date, precision: str, now: datetime) -> ParsedDate | None:
    """Build the result, rejecting dates in the future beyond the tolerance."""
    if precision == "day":
        start = datetime.combine(local, time(), now.tzinfo)
        if start - now > FUTURE_TOLERANCE:
            return None
        return ParsedDate(local=local, utc=None, precision="day")
    if local - now > FUTURE_TOLERANCE:
        return None
    return ParsedDate(local=local, utc=local.astimezone(timezone.utc), precision=precision)


# --- explicit dates -------------------------------------------------------------------


def _explicit(norm: str, raw: str, zone: tzinfo, now: datetime):
    """First usable explicit date in the text; also says whether any date shape was seen.

    A date shape that is rejected (a prose mention, a future or stale date) still
    counts as seen, so the dateparser fallback does not get to guess on it.
    """
    seen = False
    for start, end, y, m, d in _date_shapes(norm, now):
        seen = True
        if _is_mention(norm, raw, start, end):
            continue
        result = _build(norm, start, end, y, m, d, zone, now)
        if result is not None:
            return result, seen
    return None, seen


def _date_shapes(norm: str, now: datetime) -> list[tuple]:
    """All (start, end, year|None, month, day) candidates, leftmost first."""
    shapes: list[tuple] = []
    # Cheap substring tests skip whole patterns that cannot match (this is the hot path).
    year_first = _YEAR_FIRST_HINT.search(norm) is not None
    for match in _YEAR_DAY_MONTH.finditer(norm) if year_first else ():
        month = _month(match["mw"])
        if month:
            shapes.append((match.start(), match.end(), int(match["y"]), month, int(match["d"])))
    for match in _DAY_MONTH.finditer(norm):
        month = _month(match["mw"])
        if month:
            year = int(match["y"]) if match["y"] else None
            shapes.append((match.start(), match.end(), year, month, int(match["d"])))
    for match in _MONTH_DAY.finditer(norm) if _LATIN_WORD.search(norm) else ():
        year = int(match["y"]) if match["y"] else None
        month = _T.english_months[match["mw"]]
        shapes.append((match.start(), match.end(), year, month, int(match["d"])))
    numeric = _NUMERIC_HINT.search(norm) is not None
    for match in _YMD.finditer(norm) if numeric else ():
        month, day = match["m"] or match["m2"], match["d"] or match["d2"]
        shapes.append((match.start(), match.end(), int(match["y"]), int(month), int(day)))
    for match in _MD_CJK.finditer(norm) if "月" in norm else ():
        shapes.append((match.start(), match.end(), None, int(match["m"]), int(match["d"])))
    for match in _DM_BY_TIME.finditer(norm) if numeric and ":" in norm else ():
        month, day = int(match["m"] or match["m2"]), int(match["d"] or match["d2"])
        if 1 <= month <= 12:
            shapes.append((match.start(), match.end(), None, month, day))
    for match in _DMY.finditer(norm) if numeric else ():
        shape = _numeric_dmy(match, now)
        if shape:
            shapes.append(shape)
    if len(shapes) > 1:
        shapes.sort(key=lambda s: (s[0], -s[1]))
    return shapes


def _numeric_dmy(match: re.Match, now: datetime) -> tuple | None:
    """Read day/month order: dots and dashes are day-first; a slash date is day-first
    unless only month-first is valid, or both are and month-first is the recent one."""
    a, b, sep, year_text = int(match["a"]), int(match["b"]), match["s"], match["y"]
    if len(year_text) == 2:
        if sep == "-":  # "38-61-18": phone numbers, scores
            return None
        year = 2000 + int(year_text)
        if year > now.year + 1:
            year -= 100
    else:
        year = int(year_text)
    day, month = a, b
    if sep == "/" and a <= 12:
        if b > 12:
            day, month = b, a
        elif a != b:
            day, month = _closest_past(year, [(a, b), (b, a)], now)
    return match.start(), match.end(), year, month, day


def _closest_past(year: int, options: list[tuple[int, int]], now: datetime) -> tuple[int, int]:
    """Of (day, month) readings, the latest one not after today; else the first."""
    today = now.date()
    past = [(date(year, m, d), (d, m)) for d, m in options if date(year, m, d) <= today]
    return max(past)[1] if past else options[0]


def _is_mention(norm: str, raw: str, start: int, end: int) -> bool:
    """True for a date inside running prose rather than a dateline or a label.

    That is a date directly after a lowercase word that is no label, weekday or
    relative day, when it is a preposition ("с 1 по 5 марта", "на 17.02.2026") or
    the sentence goes on after it ("встреча 5 июня 2025 года с командой").
    A date after a lowercase word but before a separator or the end of the line
    ("Фото: пресс-служба 17.02.2026 | Просмотров: 1234") is kept.
    """
    if start == 0:
        return False
    if ":" in norm[max(0, start - 24) : start]:
        clock = _TIME_BEFORE.search(norm, max(0, start - 24), start)
        if clock is not None:
            start = clock.start()
    head = raw[max(0, start - 40) : start]
    if not head[-1:].isspace():  # "Бишкек, 11 июня": punctuation, not prose
        return False
    words = head.split()
    word = words[-1].rsplit("-", 1)[-1] if words else ""
    if not word.isalpha() or not word.islower() or _normalise(word) in _T.context:
        return False
    return len(word) <= 3 or _PROSE_AFTER.match(raw[end : end + 40]) is not None


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


def _at(day: date, clock, zone: tzinfo, now: datetime) -> ParsedDate | None:
    """Combine a day with an optional (h, m, s, tzinfo|None) time; check the future."""
    if clock is None:
        return _finish(day, "day", now)
    hour, minute, second, given_zone = clock
    local = datetime.combine(day, time(hour, minute, second or 0), given_zone or zone)
    precision = "minute" if second is None else "second"
    return _finish(local.astimezone(zone), precision, now)


def _time_near(norm: str, start: int, end: int):
    """The time written just before a date ("11:35, 10 января") or shortly after it."""
    if ":" in norm[max(0, start - 24) : start]:
        before = _TIME_BEFORE.search(norm, max(0, start - 24), start)
        if before is not None:
            return _clock(before)
    if ":" not in norm[end : end + 48]:
        return None
    after = _TIME_AFTER.match(norm, end)
    if after is not None and after.start("h") - end <= 30:
        return _clock(after)
    return None


def _clock(match: re.Match):
    """(hour, minute, second|None, explicit tzinfo|None) from a time match, or None."""
    hour, minute = int(match["h"]), int(match["mi"])
    second = int(match["sec"]) if match["sec"] else None
    if match["ap"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ap"] == "p" else 0)
    if hour > 23 or minute > 59 or (second is not None and second > 60):
        return None
    if second == 60:  # a leap second is not representable; the minute is what matters
        second = 59
    given = _given_zone(match) if "z" in match.re.groupindex else None
    return hour, minute, second, given


def _given_zone(match: re.Match) -> tzinfo | None:
    """The zone written after a time: Z, +06:00 / +0600, GMT+3, MSK ..."""
    if match["z"]:
        return timezone.utc
    if match["off"]:
        # "12:30-14:00" is a range, not an offset: outside ISO's "T" form, a "+hh:mm"
        # offset needs seconds before it
        if match["sec"] is None and ":" in match["off"] and not match["iso"]:
            return None
        return _offset(match["off"])
    if match["zn"]:
        base = _T.zones[match["zn"]]
        if match["zoff"]:
            return _offset(match["zoff"])
        return _offset(base) if base[0] in "+-" else _zone(base)
    return None


def _offset(text: str) -> timezone | None:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


# --- relative dates -------------------------------------------------------------------


def _relative(norm: str, raw: str, zone: tzinfo, now: datetime) -> ParsedDate | None:
    """"только что", "5 минут назад", "Вчера, 23:50", "бүгін" ..."""
    if _REL_TRIGGERS.isdisjoint(_WORD.findall(norm)):  # one cheap pass instead of three
        return None
    if _JUST_NOW.search(norm):
        return _finish(now.replace(second=0, microsecond=0), "minute", now)
    ago = _ago(norm, now)
    if ago is not None:
        return ago
    match = _DAY_WORD.search(norm)
    if match is None:
        return None
    clock = _time_near(norm, match.start(), match.end())
    if clock is None and not _stands_alone(norm, match):
        return None
    day = now.date() - timedelta(days=_T.days_back[match["w"]])
    return _at(day, clock, zone, now)


def _ago(norm: str, now: datetime) -> ParsedDate | None:
    for match in _AGO.finditer(norm):
        unit = _by_prefix(match["unit"], _T.ago_units)
        if unit is None:
            continue
        count = int(match["n"]) if match["n"] else _T.ago_numbers.get(match["nw"] or "", 1)
        moment = now - timedelta(seconds=count * unit)
        if unit >= 86400:
            return _finish(moment.date(), "day", now)
        return _finish(moment.replace(second=0, microsecond=0), "minute", now)
    return None


def _stands_alone(norm: str, match: re.Match) -> bool:
    """A day word without a time counts only as a label of its own ("Вчера",
    "Обновлено: сегодня | 120"), not inside a sentence ("Сегодня в Бишкеке ...")."""
    head = norm[: match.start()]
    tail = re.split(r"[|•·/]", norm[match.end() :], maxsplit=1)[0]
    head_ok = not re.search(_L, head) or head.rstrip().endswith(":")
    return head_ok and not re.search(_L, tail)


# --- guarded dateparser fallback ------------------------------------------------------

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


# --- choosing among candidates --------------------------------------------------------


def choose_date(
    candidates: list[tuple[str, str | int | float | None]],
    tz: str,
    now: datetime | None = None,
    lang: str | None = None,
) -> tuple[ParsedDate, str] | None:
    """Pick the publication date among ``(layer, text)`` candidates, most trusted first.

    Candidates come in order of trust, e.g. ``[("override", ...), ("jsonld", ...),
    ("meta", ...), ("time", ...), ("text", ...)]``. Each is parsed with
    :func:`parse_date`; ones that give no date are skipped. The rule:

    1. start from the most trusted candidate that parses;
    2. a later candidate replaces the current choice only when it is strictly more
       precise (day < minute < second) and either falls on the same local day, or
       the current choice gives only a day (it carries no time to contradict);
    3. otherwise the earlier, more trusted candidate stays.

    Returns ``(ParsedDate, layer)`` of the winner, or ``None`` if nothing parses.
    """
    best: tuple[ParsedDate, str] | None = None
    for layer, text in candidates:
        parsed = parse_date(text, tz=tz, now=now, lang=lang)
        if parsed is None:
            continue
        if best is None or _refines(parsed, best[0]):
            best = (parsed, layer)
    return best


def _refines(new: ParsedDate, old: ParsedDate) -> bool:
    if PRECISIONS.index(new.precision) <= PRECISIONS.index(old.precision):
        return False
    return old.precision == "day" or _local_day(new) == _local_day(old)


def _local_day(parsed: ParsedDate) -> date:
    local = parsed.local
    return local.date() if isinstance(local, datetime) else local
