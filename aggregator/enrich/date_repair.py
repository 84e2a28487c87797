"""Repairs of a date text that the parser tries when the text as written gives no date.

Each repair undoes one way a date's characters get garbled on their way to the page:
an encoding read with the wrong codec, the zeros of a year typed as the letter O, a
word typed with letters of two scripts, a label, a counter or an acronym run into its date, a
day set in quotation marks, a day written as an ordinal word ("второго июня"), letter-spaced
type. They run only after the text failed, so the common path pays nothing for them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from aggregator.enrich.date_patterns import _L, _T, _alternation, _normalise
from aggregator.enrich.date_words import date_words

# Old archives typed the zeros of a number as the letter O, Latin or Cyrillic
# ("[11.09.2OO2]", "24 декабря 2ОО2 г.", "2OO2-12-24", "1O.O5.2003"): a token of two to four
# digits and O's that starts with a digit
_LETTER_ZERO = re.compile(r"(?<!\w)\d(?=[\dOoОо]{0,2}[OoОо])[\dOoОо]{1,3}(?!\w)")
_ZERO_LETTERS = str.maketrans("OoОо", "0000")

# Windows-1251 Cyrillic read as Latin-1 / Windows-1252 ("àïðåëü" for "апрель"): text
# extracted from old PDFs and mislabelled pages. Three such letters in a row are
# rare in real Latin-script text.
_MOJIBAKE = re.compile("[\u00c0-\u00ff]{3}")

# A word typed with letters of both alphabets that look alike ("dekаbr" with a Cyrillic
# "а", "нoября" with a Latin "o"): keyboards switched mid-word, or text pasted from
# another document. The minority script's look-alikes become the majority's letters.
_CYRILLIC_LOOKALIKES = "аеорсхуіјкмтАВЕКМНОРСТХ"
_LATIN_LOOKALIKES = "aeopcxyijkmtABEKMHOPCTX"
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKALIKES, _LATIN_LOOKALIKES)
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKALIKES, _CYRILLIC_LOOKALIKES)
_MIXED_WORD = re.compile(r"\w*(?:[a-zA-Z\u00c0-\u024f][\u0400-\u04ff]|[\u0400-\u04ff][a-zA-Z\u00c0-\u024f])\w*")
_LATIN_LETTER = re.compile("[a-zA-Z\u00c0-\u024f]")
_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")

# A day in quotation marks, as legal documents and decrees write it ('«11» ноября 2016 г.',
# '"5" October 2020', '“11” noýabr 2016ý.'): the marks become spaces
_QUOTED_DAY = re.compile(r"""[«"“„'‘]\s?(\d{1,2})\s?[»"”“'’](?=\s*[^\W\d_])""")
# ... and before a numeric month and year ('“09” 01.2017-ж'): the day joins them with a dot
_QUOTED_DAY_NUMERIC = re.compile(r"""[«"“„'‘]\s?(\d{1,2})\s?[»"”“'’]\s*(?=(?:0?[1-9]|1[0-2])\.(?:19|20)\d\d(?!\d))""")


# A headline run into the stamp under it, with no space between ("... новостей на 14
# маяСегодня, 15:01"): a capitalised relative-day word glued to the end of a word. The
# stamp is the part from that word on; the headline's own date is a mention.
_GLUED_DAY_WORD = re.compile(
    rf"(?<=[^\W\d_])(?=(?:{_alternation(w.capitalize() for w in _T.days_back)})(?![^\W\d_]))")


# A label run into the day after it, as page templates print a label and its date in two
# elements ("Veröffentlicht28. Juli 2018", "Posted28 July 2018", "Опубликовано12 мая 2020"): a
# label word of the context table right before a digit; a space goes between
_GLUED_LABEL = re.compile(rf"(?<![^\W\d_])(?:{_alternation(w for w in _T.context if len(w) >= 4)})(?=\d)")


# A counter run into the date after it, as page templates print a view or comment count and the
# date in two elements with nothing between ("236327 августа 2020": 2363 views, 27 August 2020;
# "302827.11.2017", "12042020-08-27", "23632020 ж. 27 тамыз", "2363August 27, 2020"). A run of
# four or more digits before a full date with a four-digit year: before a day, the day is the
# run's last two digits when they make one (a day of 10-31 is more common than a padded or
# one-digit day after a count ending in 1-3), else its last one; before a year-first date (ISO,
# or a year word or 年 after the year), the year is its last four; before a month word, the run
# ends where the letters begin. A space goes after the count; the parse that follows checks the
# month word.
_YEAR = r"(?:19|20)\d\d(?!\d)"
_DAY = r"(?:0[1-9]|[12]\d|3[01]|[1-9])"
_COUNT_BEFORE_DATE = re.compile(
    rf"(?<![\d.,:/№#-])(?<![№#]\s)(?=\d{{4}})\d{{2,}}?(?="
    rf"{_DAY}(?:[.-]?\s?{_L}+\.?,?\s*{_YEAR}|([./])(?:0?[1-9]|1[0-2])\1{_YEAR})"  # day first
    rf"|{_YEAR}(?:-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)|[\s-]?{_L})"  # year first
    rf"|{_L}{{3,}}\.?\s?{_DAY}(?!\d),?\s*{_YEAR})"  # month first
)

# A word run into the full date after it, as a byline, a name or a label printed in the element
# before the date ("Виталий Волков13 ноября 2013 г.", "Posted by admin05.03.2019"): a word of three
# or more letters ending in a lowercase one (not an acronym or a code, "SU35", "COVID19") right
# before a day, then a month word or number and a four-digit year. A space goes between.
_WORD_BEFORE_DATE = re.compile(
    rf"(?<=[^\W\d_]{{3}})(?={_DAY}(?:[.-]?\s?{_L}+\.?,?\s*{_YEAR}|([./])(?:0?[1-9]|1[0-2])\1{_YEAR}))")

# An acronym run into a full stamp after it, as agency templates print the agency's name and the
# stamp in two elements ("AA29 Ocak 2026 Perşembe 18:42"): a run of capitals right before a day,
# a month word or number, a four-digit year and a clock (a weekday may stand before the clock). A
# code before a number ("SU35", "COVID19 марта 2019") has no clock after its "year"; a stamp has.
_CAPITALS_BEFORE_STAMP = re.compile(
    rf"(?<=[^\W\d_]{{2}})(?={_DAY}(?:[.-]?\s?{_L}+\.?,?\s*|([./])(?:0?[1-9]|1[0-2])\1){_YEAR}"
    rf"[\s,]*(?:{_L}+[\s,]*)?(?:[01]?\d|2[0-3]):[0-5]\d(?!\d))")

# Letter-spaced type, as OCR reads a newspaper's running head ("1 2 М А Я 2 0 0 5 Ч Е Т В Е Р Г",
# "T H U R S D A Y  J A N U A R Y  1 1"): six or more single characters one or two spaces apart.
# Two spaces part words; within a word each run of letters or of digits becomes one word again,
# with a space between a word and a number.
_LETTER_SPACED = re.compile(r"(?<!\S)\S(?: {1,2}\S){5,}(?!\S)")


def _unspaced(match: re.Match) -> str:
    words: list[str] = []
    for spaced in match[0].split("  "):
        start = len(words)
        for char in spaced.split(" "):
            kind = _kind(char)
            if len(words) > start and kind is not None and _kind(words[-1][-1]) == kind:
                words[-1] += char
            else:
                words.append(char)
    return " ".join(words)


def _kind(char: str) -> str | None:
    return "letter" if char.isalpha() else "digit" if char.isdigit() else None


def repairs(raw: str) -> list[str]:
    """Repaired versions of ``raw`` worth parsing again, most specific first."""
    found = []
    if _MOJIBAKE.search(raw):
        for codec in ("cp1252", "latin-1"):
            try:
                found.append(raw.encode(codec).decode("cp1251"))
                break
            except UnicodeError:
                continue
    if _LETTER_ZERO.search(raw):
        found.append(_LETTER_ZERO.sub(_zeros_as_digits, raw))
    if _MIXED_WORD.search(raw):
        found.append(_MIXED_WORD.sub(_one_script, raw))
    glued = _GLUED_DAY_WORD.search(raw)
    if glued is not None and raw[glued.start() - 1].islower():  # not an acronym ("РИАСегодня")
        found.append(raw[glued.start():])
    norm = _normalise(raw)
    if (label := _GLUED_LABEL.search(norm)) is not None and len(norm) == len(raw):
        found.append(f"{raw[:label.end()]} {raw[label.end():]}")
    if (count := _COUNT_BEFORE_DATE.search(raw)) is not None:
        found.append(f"{raw[:count.end()]} {raw[count.end():]}")
    if (word := _WORD_BEFORE_DATE.search(raw)) is not None and raw[word.start() - 1].islower():
        found.append(f"{raw[:word.start()]} {raw[word.start():]}")
    if (capitals := _CAPITALS_BEFORE_STAMP.search(raw)) is not None and raw[capitals.start() - 1].isupper():
        found.append(f"{raw[:capitals.start()]} {raw[capitals.start():]}")
    if _LETTER_SPACED.search(raw):
        found.append(_LETTER_SPACED.sub(_unspaced, raw))
    if _QUOTED_DAY.search(raw):
        found.append(_QUOTED_DAY.sub(lambda m: f" {m[1]} ", raw))
    if _QUOTED_DAY_NUMERIC.search(raw):
        found.append(_QUOTED_DAY_NUMERIC.sub(lambda m: f" {m[1]}.", raw))
    pattern, numbers = _day_words()
    if pattern.search(norm):  # same length: the match's places hold in ``raw``
        found.append(pattern.sub(lambda m: str(numbers[" ".join(m[0].split())]), norm))
    return found


@lru_cache(maxsize=1)
def _day_words() -> tuple[re.Pattern, dict[str, int]]:
    """An ordinal word for a day before a word (the month's, checked by the parse that
    follows), and each written form's number: "второго" 2, "двадцать третьего" 23."""
    tables = date_words()["day_words"]
    numbers: dict[str, int] = {}
    for table in tables.values():
        for stem, number in table["stems"].items():
            for ending in table["soft_endings"] if stem in table["soft"] else table["endings"]:
                numbers[stem + ending] = number
        units = {form: n for form, n in numbers.items() if n < 10}
        for ten, value in table["tens"].items():
            for form, unit in units.items():
                if value + unit <= 31:
                    numbers[f"{ten} {form}"] = value + unit
    forms = sorted(numbers, key=len, reverse=True)
    words = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in forms)
    return re.compile(rf"(?<![^\W\d_])(?:{words})(?=\s+[^\W\d_])"), numbers


def _zeros_as_digits(match: re.Match) -> str:
    return match[0].translate(_ZERO_LETTERS)


def _one_script(match: re.Match) -> str:
    word = match[0]
    latin = len(_LATIN_LETTER.findall(word))
    cyrillic = len(_CYRILLIC_LETTER.findall(word))
    return word.translate(_TO_LATIN if latin > cyrillic else _TO_CYRILLIC)
