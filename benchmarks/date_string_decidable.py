"""Which labelled date strings a string parser can decide at all, from the labels alone.

A row of ``tests/data/date_strings.jsonl`` is the string, its fetch moment ``now`` and the
labelled instant ``expected``. A string that carries its year states its date; a string
without one ("29 сентября", "16.02 17:40", "вчера в 20:30", "21:29") means a day only
relative to ``now``, under the product's documented rule (``aggregator.enrich.date_parse``):

- a year-less day and month is the latest such day not after ``now``, and only when that
  day lies in ``now``'s year or at most ``YEARLESS_WINDOW`` back (an older one is read as
  an announced event, not a publication date);
- a relative form ("5 минут назад", "вчера") or a lone clock is at or before ``now``
  (plus ``FUTURE_TOLERANCE``);
- nothing after ``now`` (plus ``FUTURE_TOLERANCE``; for a day, after ``now``'s local day) is
  a publication date, so a label there is out of reach even when the string states its
  year ("2026-njy ýylyň 11-nji fewralynda" for a match announced in January).

Collectors sometimes took a year-less string's year from the page around it (an item
citing a day of an earlier year, an announced event after ``now``). Such a label is not
what the string means at ``now``; this module finds those rows mechanically, without
running the parser: it looks only at ``expected``, ``now`` and two tests on the text
(does it hold a year; does it hold a relative word from CLDR, read through babel).

A year-less label is decidable exactly when the rule above gives it: the labelled local
day is not after ``now``'s local day, and it is in ``now``'s year or within the window.
(For a day at most a year back, the latest day with its month and day not after ``now``
is that day itself, so the rule needs no parse of the string.) A row with a date label
whose text holds no number and no relative word names no day at all.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from babel import Locale

from aggregator.enrich.date_parse import FUTURE_TOLERANCE, YEARLESS_WINDOW

# The languages of the set whose relative words are looked for (CLDR locales).
RELATIVE_LOCALES = ("ru", "kk", "ky", "uz", "uz_Cyrl", "tg", "tk", "en", "zh", "zh_Hant", "ug",
                    "tr", "az", "uk")
# CLDR's units whose past forms ("{0} минут назад") name an age
_UNITS = ("second", "minute", "hour", "day", "week", "month", "year")
# Words for "just now" that CLDR does not list as a relative form
_JUST_NOW = ("только что", "just now", "жаңа ғана", "жаңы эле", "hozirgina", "ҳозиргина", "刚刚", "剛剛")

# A year in the text: four digits 19xx/20xx, a numeric date with a two-digit year
# ("16.02.25"), or a Minguo year before 年 ("114年")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|(?<![\d.])\d{1,2}[./-]\d{1,2}[./-]\d\d(?![\d.:])|(?<!\d)\d{2,3}\s*年")
_NUMBER = re.compile(r"\d|[一二三四五六七八九十]\s*日")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d\d(?::\d\d)?(?!\d)")


@lru_cache(maxsize=1)
def relative_fragments() -> tuple[str, ...]:
    """Lowercased relative words of CLDR: "вчера", "бүгін", "дня назад", "天前", ..."""
    words: set[str] = set(_JUST_NOW)
    for loc in RELATIVE_LOCALES:
        fields = Locale.parse(loc)._data["date_fields"]
        for width in ("", "-short", "-narrow"):
            day = fields.get("day" + width)
            if day is not None:
                words.update(text for offset, text in day["relative"].items() if offset <= 0)
            for unit in _UNITS:
                data = fields.get(unit + width)
                if data is None:
                    continue
                for pattern in data["past"].values():
                    rest = pattern.replace("{0}", " ").strip()
                    if rest and not rest.startswith("-"):
                        words.add(rest)
    return tuple(sorted({w.lower() for w in words if len(w) >= 2}, key=len, reverse=True))


def _has_relative_word(text: str) -> bool:
    folded = text.lower().replace("ё", "е")
    for fragment in relative_fragments():
        at = folded.find(fragment)
        while at >= 0:
            before = folded[at - 1] if at else " "
            after = folded[at + len(fragment)] if at + len(fragment) < len(folded) else " "
            # CJK words stand without spaces; other words must not sit inside a longer word
            if fragment[0] >= "\u3000" or (not before.isalpha() and not after.isalpha()):
                return True
            at = folded.find(fragment, at + 1)
    return False


def string_kind(text: str) -> str:
    """"year", "relative", "clock" (a time and no other number) or "yearless"."""
    if _YEAR.search(text):
        return "year"
    if _has_relative_word(text):
        return "relative"
    if _CLOCK.search(text) and not _NUMBER.search(_CLOCK.sub(" ", text)):
        return "clock"
    return "yearless"


def _local_day(value: str, zone_of: datetime) -> date:
    if "T" not in value:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value).astimezone(zone_of.tzinfo).date()


def decidable(row: dict) -> bool:
    """True when the row's label is what its string means at its ``now`` (see above)."""
    expected = row["expected"]
    if expected is None:
        return True
    text = row["text"]
    kind = string_kind(text)
    now = datetime.fromisoformat(row["now"])
    # a moment after now (an announced event) is no publication date, with or without a year
    if "T" in expected and datetime.fromisoformat(expected) - now > FUTURE_TOLERANCE:
        return False
    day, today = _local_day(expected, now), now.date()
    if day > today:
        return False
    if kind == "year":
        return True
    if kind == "relative":
        return True
    if kind == "clock":
        return today - day <= timedelta(days=1)
    if not _NUMBER.search(text):
        return False  # no number and no relative word: the string names no day
    return day.year == today.year or today - day <= YEARLESS_WINDOW
