"""Relative dates read with the Unicode CLDR's own grammar data, through ``babel``.

The word tables (``data/date_words.toml``) hold the relative words sites were seen to use;
this module reads the forms CLDR defines for every language the product covers, whether
or not a page has shown them yet:

- ages in every width and plural form CLDR has: "5 дн. назад", "3 сағ. бұрын", "1 мүн.
  мурун", "2 ст. пеш", "4 hep. öň", "1 wk. ago", "5h ago", "3mo ago" (the number, then the
  pattern's text after ``{0}``); a pattern whose text is only a sign ("-5 мин", CLDR's
  narrow Russian) is left out, since a figure is written the same way, and so are the
  Chinese ages, which the tables' own reader takes with their look-alikes ("第3天前往");
- weekday-relative words: "в прошлый понедельник", "өткен дүйсенбі", "o'tgan dushanba",
  "душанбеи гузашта", "geçen duşenbe", "last Monday", "上周一" (CLDR's -1: that weekday of
  the previous week) and "в этот понедельник", "осы дүйсенбі", "this Monday", "本周一"
  (CLDR's 0: that weekday of the current week, which is no date when it is still ahead).
  Weeks start on the locale's first weekday (Monday in all the covered locales). Like a
  "yesterday" word, such a phrase counts with a time next to it or as a label of its own,
  not inside a sentence;
- a weekday's own name with a clock and nothing else ("Понедельник, 14:05", "Friday
  09:30", "星期三 15:13"), as listings stamp the items of the past week: the latest such
  weekday and clock not after ``now``. Tajik "Душанбе" (Monday) is left out: it is also the
  capital's name, which datelines put before a clock.

The data is read from babel once (about 50 ms of CPU), at the first text in which the word
tables found no date, and kept for the life of the process.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache

from aggregator.enrich.date_clock import ParsedDate, _at, _finish, _time_near
from aggregator.enrich.date_patterns import _L, _normalise

#: CLDR locales read: the product's languages and scripts, and two Turkic neighbours.
LOCALES = ("ru", "kk", "kk_Arab", "ky", "uz", "uz_Cyrl", "tg", "tk", "ug", "en", "zh", "zh_Hant", "tr", "az")
_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
_MONTHS = {"month": 1, "year": 12}
_WIDTHS = ("", "-short", "-narrow")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class _Grammar:
    # keyed by _key(): a form typed without its dot or with other spacing is the same form
    ages: dict[str, tuple[str, int]]  # text after the number -> ("seconds"|"months", amount)
    weekdays: dict[str, tuple[int, int]]  # phrase -> (weekday 0=Monday, weeks back 0|1)
    day_names: dict[str, int]  # a weekday's wide name -> weekday 0=Monday
    first_weekday: int
    age: re.Pattern
    weekday: re.Pattern
    day_name: re.Pattern  # a weekday's name, then a clock and nothing else
    words: frozenset[str]  # a text with none of these words holds no form


def _key(text: str) -> str:
    return re.sub(r"[\s.]", "", text)


def _cjk(text: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" for ch in text)


def _pattern(phrases) -> str:
    """Alternation of phrases; spaces match any run of spaces, a dot may be left out,
    and a phrase of letters must not run on into a longer word (CJK ones stand glued)."""
    parts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        body = r"\s*".join(re.escape(word).replace(r"\.", r"\.?") for word in phrase.split())
        parts.append(body if _cjk(phrase) else rf"{body}(?!{_L})")
    return "|".join(parts)


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    from babel import Locale  # imported on first use: the tables cover most pages without it

    ages: dict[str, tuple[str, int]] = {}  # by the form as CLDR writes it
    weekdays: dict[str, tuple[int, int]] = {}
    day_names: dict[str, int] = {}
    clashes: set[str] = set()
    first_weekdays = set()
    for name in LOCALES:
        locale = Locale.parse(name)
        first_weekdays.add(locale.first_week_day)
        fields = locale._data["date_fields"]
        for context in ("format", "stand-alone"):
            for number, name in locale.days[context]["wide"].items():
                day_names.setdefault(" ".join(_normalise(name).split()), number)
        for width in _WIDTHS:
            for unit, amount in (*_SECONDS.items(), *_MONTHS.items()):
                kind = "seconds" if unit in _SECONDS else "months"
                for pattern in (fields.get(unit + width) or {}).get("past", {}).values():
                    head, _, tail = pattern.partition("{0}")
                    tail = " ".join(_normalise(tail).split())
                    if head.strip() or not any(ch.isalpha() for ch in tail) or _cjk(tail):
                        continue  # "-{0} мин": a sign, not words; CJK ages: the tables' reader
                    ages.setdefault(tail, (kind, amount))
            for number, key in enumerate(_WEEKDAYS):
                relative = (fields.get(key + width) or {}).get("relative", {})
                for offset in (-1, 0):
                    if offset in relative:
                        phrase = " ".join(_normalise(relative[offset]).split())
                        if weekdays.setdefault(phrase, (number, -offset)) != (number, -offset):
                            clashes.add(phrase)  # CLDR gives it two meanings (ky "өткөн жм."): neither
    weekdays = {phrase: value for phrase, value in weekdays.items() if phrase not in clashes}
    day_names.pop(_CAPITAL_WEEKDAY, None)
    by_key: dict[str, tuple[str, int]] = {}
    for tail, value in ages.items():
        if by_key.setdefault(_key(tail), value) != value:
            clashes.add(_key(tail))  # the same letters for two units: read neither
    ages = {tail: value for tail, value in ages.items() if _key(tail) not in clashes}
    # the words that show a form may be there: an age's last word ("назад", "ago", "öň"), a
    # weekday phrase's words of two letters or more ("прошлый", "понедельник", "şu", "db")
    words = {re.findall(_L + "+", tail)[-1] for tail in ages}
    words |= {word for phrase in weekdays if not _cjk(phrase) for word in re.findall(_L + "+", phrase)
              if len(word) >= 2}
    words |= {word for name in day_names if not _cjk(name) for word in re.findall(_L + "+", name)}
    return _Grammar(
        ages={_key(tail): value for tail, value in ages.items()},
        weekdays={_key(phrase): value for phrase, value in weekdays.items()},
        first_weekday=first_weekdays.pop() if len(first_weekdays) == 1 else 0,
        age=re.compile(rf"(?<![\d.,:/\-])(?P<n>\d{{1,3}})\s*(?P<tail>{_pattern(ages)})"),
        weekday=re.compile(rf"(?<!{_L})(?P<w>{_pattern(weekdays)})"),
        day_names={_key(name): number for name, number in day_names.items()},
        day_name=re.compile(
            rf"[\s•·|*>(\[-]*(?P<w>{_pattern(day_names)})\.?\)?[\s,]*(?:{_L}{{1,5}}\s+)?"
            r"(?=\d{1,2}:\d\d(?::\d\d)?\s*$)"),
        words=frozenset(words),
    )


# CJK forms need no word test: the characters that all of them hold
_CJK_HINT = re.compile("[前周週星]")
# Tajik Monday, written as the capital's name
_CAPITAL_WEEKDAY = "душанбе"


def cldr_relative(norm: str, words: set[str], zone: tzinfo, now: datetime) -> ParsedDate | None:
    """An age or a weekday-relative phrase in CLDR's words, resolved against ``now``;
    ``words`` are the letter runs of ``norm`` (the caller has them already)."""
    if not _CJK_HINT.search(norm) and words.isdisjoint(_trigger_words()):
        return None
    data = grammar()
    match = data.age.search(norm)
    if match is not None:
        return _age(match, data, now)
    match = data.weekday.search(norm)
    if match is not None:
        return _weekday(norm, match, data, zone, now)
    match = data.day_name.match(norm) if ":" in norm else None
    if match is not None:
        return _named_day(norm, match, data, zone, now)
    return None


@lru_cache(maxsize=1)
def _trigger_words() -> frozenset[str]:
    return grammar().words


def _age(match: re.Match, data: _Grammar, now: datetime) -> ParsedDate | None:
    kind, amount = data.ages[_key(match["tail"])]
    count = int(match["n"]) * amount
    if kind == "months":
        return _finish(_months_back(now.date(), count), "day", now)
    moment = now - timedelta(seconds=count)
    if amount >= 86400:
        return _finish(moment.date(), "day", now)
    return _finish(moment.replace(second=0, microsecond=0), "minute", now)


def _weekday(norm: str, match: re.Match, data: _Grammar, zone: tzinfo, now: datetime) -> ParsedDate | None:
    clock = _time_near(norm, match.start(), match.end())
    if clock is None and not _alone(norm, match):
        return None
    weekday, weeks_back = data.weekdays[_key(match["w"])]
    today = now.date()
    week_start = today - timedelta(days=(today.weekday() - data.first_weekday) % 7)
    day = week_start - timedelta(weeks=weeks_back) + timedelta(days=(weekday - data.first_weekday) % 7)
    return _at(day, clock, zone, now)


def _named_day(norm: str, match: re.Match, data: _Grammar, zone: tzinfo, now: datetime) -> ParsedDate | None:
    """"Понедельник, 14:05": the latest such weekday at that clock not after ``now``."""
    clock = _time_near(norm, match.start("w"), match.end("w"))
    if clock is None:
        return None
    weekday, today = data.day_names[_key(match["w"])], now.date()
    day = today - timedelta(days=(today.weekday() - weekday) % 7)
    return _at(day, clock, zone, now) or _at(day - timedelta(weeks=1), clock, zone, now)


def _alone(norm: str, match: re.Match) -> bool:
    """A label of its own ("Өткен дүйсенбі", "Опубликовано: в прошлый понедельник"), not a
    phrase inside a sentence ("В прошлый понедельник в Бишкеке прошёл ...")."""
    head, tail = norm[: match.start()], re.split(r"[|•·/]", norm[match.end():], maxsplit=1)[0]
    head_ok = not re.search(_L, head) or head.rstrip().endswith(":")
    return head_ok and not re.search(_L, tail)


def _months_back(day: date, months: int) -> date:
    """The same day of the month ``months`` calendar months earlier (clamped: 31 -> 30)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))
