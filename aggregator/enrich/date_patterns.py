"""Word tables and regular expressions the date parser matches.

Month names, relative-day words, "ago" units and zone names come from
``data/date_words.toml``, so every language is a table rather than code; the
patterns below are compiled from those tables once, at import.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from dataclasses import dataclass
from functools import lru_cache

from aggregator.enrich.date_endings import RUSSIAN_ENDINGS as _RUSSIAN_ENDINGS, month_ending_fits
from aggregator.enrich.date_words import date_words


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
        "\u200e": " ", "\u200f": " ",  # left-to-right and right-to-left marks (CLDR's fa "2023/1/5،\u200f 14:37")
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
    ago_months: dict[str, int]
    ago_words: tuple[str, ...]
    ago_numbers: dict[str, int]
    context: frozenset[str]
    zones: dict[str, str]
    ago_cjk_units: dict[str, int]
    ago_cjk_months: dict[str, int]
    day_periods: dict[str, str]
    slash_day_first: frozenset[str]
    english_day_first: frozenset[str]
    period_words: frozenset[str]
    clock_words: tuple[str, ...]
    clock_day_words: tuple[str, ...]
    day_endings_apart: tuple[str, ...]
    stem_tables: dict[str, frozenset[str]]  # a month stem -> the tables (languages) that hold it
    own_months: dict[str, frozenset[str]]  # a language -> the only tables it inflects
    not_endings: dict[str, frozenset[str]]  # a language -> endings it never puts on a month


# A final k/q of a Turkic stem is voiced before a vowel ending ("қыркүйек" -> "қыркүйегінде")
_VOICED = {"к": "г", "қ": "ғ", "k": "g", "q": "ǵ"}


def _load_tables() -> _Tables:
    raw = date_words()
    exact: dict[str, int] = {}
    stems: dict[str, int] = {}
    stem_tables: dict[str, set[str]] = {}
    english: dict[str, int] = {}
    for lang, months in raw["months"].items():
        for number, forms in months.items():
            for word in forms["exact"]:
                exact[_normalise(word)] = int(number)
                if lang == "en":
                    english[word] = int(number)
            for word in forms["stems"]:
                stems[_normalise(word).strip()] = int(number)
                stem_tables.setdefault(_normalise(word).strip(), set()).add(lang)
                if word[-1:] in _VOICED:  # Kazakh/Kyrgyz "қыркүйек" -> "қыркүйегінде"
                    voiced = _normalise(word[:-1] + _VOICED[word[-1]]).strip()
                    stems.setdefault(voiced, int(number))
                    stem_tables.setdefault(voiced, set()).add(lang)
    return _Tables(
        month_exact=exact,
        month_stems=stems,
        english_months=english,
        days_back={_normalise(k): v for k, v in raw["days_back"].items()},
        just_now=tuple(_normalise(p) for p in raw["just_now"]["phrases"]),
        ago_units={_normalise(k): v for k, v in raw["ago"]["units"].items()},
        ago_months={_normalise(k): v for k, v in raw["ago"]["months"].items()},
        ago_words=tuple(_normalise(w) for w in raw["ago"]["words"]),
        ago_numbers={_normalise(k): v for k, v in raw["ago"]["numbers"].items()},
        context=frozenset(_normalise(w) for w in [*raw["context"]["words"], *raw["days_back"]]),
        zones=dict(raw["zones"]),
        ago_cjk_units=dict(raw["ago_cjk"]["units"]),
        ago_cjk_months=dict(raw["ago_cjk"]["months"]),
        day_periods={word: half for half in ("am", "pm") for word in raw["day_periods"][half]},
        slash_day_first=frozenset(raw["slash_order"]["day_first"]),
        english_day_first=frozenset(raw["slash_order"]["english_day_first"]),
        period_words=frozenset(_normalise(w) for w in raw["period_words"]["words"]),
        clock_words=tuple(_normalise(w) for w in raw["clock_words"]["words"]),
        clock_day_words=tuple(_normalise(w) for w in raw["clock_words"]["day_words"]),
        day_endings_apart=tuple(_normalise(w) for w in raw["day_endings_apart"]["words"]),
        stem_tables={stem: frozenset(tables) for stem, tables in stem_tables.items()},
        own_months={k: frozenset(v) for k, v in raw["month_languages"]["own"].items()},
        not_endings={k: frozenset(_normalise(e) for e in v) for k, v in raw["month_languages"]["not_endings"].items()},
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
def _month(word: str, lang: str | None = None) -> int | None:
    """Month number of a (normalised) month word in any supported language; of two
    words ("баш оонада"), the pair when the tables know it, else the first word. The
    text's ``lang``, when given, may rule out an inflected form (``[month_languages]``)."""
    if not word.isalpha():
        first, *rest = word.split()
        if rest:
            return _month_of(" ".join([first, *rest]), lang) or _month_of(first, lang)
    return _month_of(word, lang)


def _month_of(word: str, lang: str | None = None) -> int | None:
    """An exact form, or the longest stem the word starts with whose rest is an ending
    the grammar allows ("сентябр|я", "қыркүйег|інде"; not "март|аба")."""
    number = _T.month_exact.get(word)
    if number is not None:
        return number
    for end in range(len(word), 2, -1):
        number = _T.month_stems.get(word[:end])
        if number is not None and month_ending_fits(word[:end], word[end:]):
            return number if lang is None or _language_allows(word[:end], word[end:], lang) else None
    return None


def _language_allows(stem: str, rest: str, lang: str) -> bool:
    """Whether a text in ``lang`` may inflect the month ``stem`` with ``rest``."""
    if not rest:
        return True
    base = lang.split("-")[0].lower()
    if rest in _T.not_endings.get(base, ()):
        return False
    own = _T.own_months.get(base)
    return own is None or bool(own & _T.stem_tables[stem]) or rest in _RUSSIAN_ENDINGS


# --- regular expressions --------------------------------------------------------------

_L = r"[^\W\d_]"  # a letter in any script
_YEAR_WORD = rf"(?:(?:год|жыл|йил|yil|ýyl|year|сол){_L}*|[гжйyý]\.|[гж](?!{_L}))"
# A month word may hold an apostrophe (Kazakh Latin of 2017: "qan'tar") or be two words
# whose second one the tables name ("баш оона", "жалган куранда").
_SECOND_MONTH_WORDS = _alternation(
    {stem.split()[1] for stem in (*_T.month_exact, *_T.month_stems) if " " in stem})
# A day may carry a suffix ("3-го", "5-уми", "18-njy", or an ordinal ending written apart:
# "6 уми"), but not the first word of a two-word month ("4-баш оона"). Lookbehinds sit after a pattern's first digit
# ("\d(?<![\w.]\d)" rather than "(?<![\w.])\d") so that the regex engine can skip
# ahead to digits: 2-3x faster.
_DAY = (rf"(?P<d>\d(?<![\w.:/]\d)\d?)(?:\s*-\s*(?P<d_to>\d{{1,2}})(?!\d))?"
        rf"(?:\s?-\s?{_L}{{1,5}}(?=\s)(?!\s(?:{_SECOND_MONTH_WORDS}))"
        rf"|\s(?:{_alternation(_T.day_endings_apart)})(?=\s)|st|nd|rd|th)?")
_MONTH_WORD = rf"(?P<mw>{_L}+(?:'{_L}+)?(?:\s(?:{_SECOND_MONTH_WORDS}){_L}*)?)\.?"

# "17 февраля 2026", "23 Ноябрь, 2025", "5-уми октябри соли 2016", "18-19-njy maýynda",
# "16-уми моҳи сентябри" (Tajik "of the month of", as English "of")
_DAY_MONTH = re.compile(
    rf"{_DAY}[\s.\-]*(?:(?:of|моҳи)\s+)?{_MONTH_WORD}"
    rf"(?:[\s,.\-]*(?:соли\s+)?(?P<y>\d{{4}})(?![\d:]))?"
)
# "Jan. 19, 2018", "Feb.20, 2018", "March 20, 2018"
_MONTH_DAY = re.compile(
    rf"\b(?P<mw>{_alternation(_T.english_months)})\.?\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])"
    rf"(?:\s?,?\s*(?P<y>\d{{4}})(?![\d:]))?"
)
# "Декабр 31, 2021", "Фев 15 , 2024": month first in any language, only with the year (alone, a word and
# a number are too often something else)
_MONTH_DAY_YEAR = re.compile(
    rf"(?<!{_L})(?P<mw>{_L}{{3,}})\.?\s*(?P<d>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?(?:\s?,)?\s+(?P<y>\d{{4}})(?![\d:])"
)
# "2023 жылғы 30 қазаннан", "2017 йил 22 июль", "2023-nji ýylyň 18-19-njy maýynda"
_YEAR_DAY_MONTH = re.compile(
    rf"(?P<y>\d(?<![\w.]\d)\d{{3}})\s*-?\s*(?:(?:nji|njy|nchi|inchi|нчи|инчи|чи)\s+)?"
    rf"{_YEAR_WORD}[\s,\-]*{_DAY}[\s.\-]*{_MONTH_WORD}"
)
# "2023, 5-қаңтар", "2023 5-يانۋار، پەيشەنبە": a year just before a year-less day and month,
# with no year word between (CLDR's Kazakh Arabic-script and Uyghur patterns); searched
# only before such a match, not after a dash ("ЕГЭ-2023 15 мая")
_YEAR_JUST_BEFORE = re.compile(r"(?<![\w.:/\-])(?P<y>(?:19|20)\d\d),?\s+$")
# "2014 April 02", "2019, March 5": year, month word, day, as some English-language
# agencies stamp items (the day must not run on into a time or a larger number)
_YEAR_MONTH_DAY = re.compile(
    rf"(?P<y>\d(?<![\w.:/]\d)\d{{3}}),?\s+(?P<mw>{_L}{{3,}})\.?\s+(?P<d>\d{{1,2}})(?![\d:.,/]\d|\d)"
    r"(?:st|nd|rd|th)?"
)
# "Июн292021", "Jun292021": a date badge whose month, day and year sit in separate
# elements with no space between them once the page is read as text
_MONTH_GLUED = re.compile(rf"(?<!{_L})(?P<mw>{_L}{{3,9}})\.?(?P<d>[0-3]?\d)(?P<y>(?:19|20)\d\d)(?!\d)")
# cheap tests that skip the two patterns above on most texts (the hot path)
_YEAR_MONTH_OR_GLUED_HINT = re.compile(rf"\d{{4}}(?:,?\s+{_L}|\d)")
_FIVE_DIGITS = re.compile(r"\d{5}")
# "2026-02-17", "2017-3-31", "2026/02/17", "2026.02.17", "2026年2月17日", "2026년 2월 17일"
_YMD = re.compile(
    r"(?P<y>\d(?<![\d.]\d)\d{3})(?:(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
    r"|\s*[年년]\s*(?P<m2>\d{1,2})\s*[月월]\s*(?P<d2>\d{1,2})\s*[日일号號])(?!\d)"
)
# "8. 1. 2022", "02. 07. 2022. у 23:45" (Czech, Slovak, Serbian, Polish...: a space after
# each dot) and "2021. 4. 29.", "2022. 9. 21. 23:58" (Korean, Hungarian: year first); a
# four-digit year is required, so numbered lists ("1. 2. 3.") stay no date
_SPACED_NUMERIC = re.compile(
    r"(?<![\d.])(?:(?P<d>\d{1,2})\. (?P<m>\d{1,2})\. ?(?P<y>(?:19|20)\d\d)"
    r"|(?P<y2>(?:19|20)\d\d)\. (?P<m2>\d{1,2})\. (?P<d2>\d{1,2}))\.?(?!\d)"
)
_SPACED_NUMERIC_HINT = re.compile(r"\d\. \d")
# "2月17日", "2월 17일" (the year left out, as Chinese and Korean datelines do); "5月13号":
# colloquial Chinese writes 号 (號) for 日
_MD_CJK = re.compile(r"(?<![\d年년])(?<![年년]\s)(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일号號]")
# "（中央社杜桑貝1日綜合外電報導）", "新华社莫斯科二十一日专电", "（法新社阿什加巴特12日電）": a
# Chinese agency dateline names the day of the month alone, in digits or Chinese numerals,
# before 电/電 (dispatch), 专电 (special dispatch), 综合外电 (from foreign wires) or 讯; not
# "5日电视讲话" (a TV address on the 5th) and not a day whose month is written ("9月13日电")
_CN_DAY = r"[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_DISPATCH_DAY = re.compile(
    rf"(?<![\d月〇零一二三四五六七八九十])(?P<d>\d{{1,2}}|{_CN_DAY})\s*日\s*"
    r"(?:[专專]|[综綜]合外?)?[电電讯訊](?![视視影话話子力网網脑腦竞競车車台梯源池])"
)
_CN_DIGITS = {ch: n for n, ch in enumerate("一二三四五六七八九", 1)}


def dispatch_day_number(text: str) -> int:
    """21 from "21" or "二十一"."""
    if text.isdigit():
        return int(text)
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return _CN_DIGITS[text]
    return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(units, 0)


# "1 3월", "1 3月": a badge, the day over the month numbered with 月/월, at the start of a line
_DAY_OVER_CJK_MONTH = re.compile(r"\s*(?P<d>\d{1,2})\s+(?P<m>\d{1,2})\s*[月월](?!\s*\d)")
# "17.02 14:30", "14:30 17.02": a day and month without the year, next to a time (alone,
# "17.02" is as likely a figure)
_DM_BY_TIME = re.compile(
    r"(?<![\d.,])(?P<d>\d{1,2})\.(?P<m>\d{2})(?=,?\s+(?:в\s+)?\d{1,2}:\d{2}(?!\d))"
    r"|(?<=\d:\d\d)[\s,|/]{1,4}(?P<d2>\d{1,2})\.(?P<m2>\d{2})(?!\d|[.,]\d)")
# "Семей.16.03.”Semeyainasy” –", "Бишкек, 16.03 - Kabar", "Oral, 16.03 /Kazinform/": a
# dateline of a place (one or two words at the start of the line), then a year-less day and
# month, then the outlet's name in quotes, a slash or a bracket, or a dash (what follows a
# figure, "Курс 12.03 - 13.03", has no place word and separator before it)
_PLACE_DAY_MONTH = re.compile(
    rf"{_L}{{3,}}(?:[\s\-]{_L}{{3,}})?[.,]\s*(?P<d>\d{{1,2}})\.(?P<m>\d{{2}})\.?"
    r"(?=\s*(?:[«\"“”„/(\-]))"
)
# "09 10.2025": a day badge, the day over "month.year" on the next line, read as one line
_DAY_OVER_MONTH_YEAR = re.compile(r"\s*(?P<d>\d{1,2})\s+(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?![\d.])")
# "17.02.2026", "08.08.19", "03/07/2024", "11/23/2005", "17-02-2026"; "26/03-2007": two different
# separators only before a four-digit year
_DMY = re.compile(
    r"(?P<a>\d(?<!\d\d)(?<!\d[/\-]\d)\d?)(?P<s>[./\-])(?P<b>\d{1,2})"
    r"(?:(?P=s)|(?P<s2>[./\-])(?=(?:19|20)\d\d(?!\d)))"
    r"(?:(?<=\.) (?=\d{4}))?"
    r"(?P<y>\d{4}(?=\d{1,2}:\d{2}(?!\d))|\d{4}(?!\d)|\d{2}(?!\d))(?!\.\d)"
)

# the word CLDR's hour-only pattern writes after a clock ("9:00 Uhr", de "HH 'Uhr'"), from the
# built data (aggregator/enrich/date_data_build.py)
_GENERATED = json.loads(resources.files("aggregator").joinpath("data/date_generated.json")
                        .read_text(encoding="utf-8"))
_HOUR_WORDS = _GENERATED["hour_words"]
_TIME = (r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<sec>\d{2})(?:[.,]\d+)?)?(?:\s*(?P<ap>[ap])\.?m\b\.?"
         rf"|\s(?:{_alternation(_HOUR_WORDS)})(?!{_L}))?")
_ZONE = (
    rf"(?:(?P<z>z)(?!{_L})"
    r"|\s?(?P<off>[+-]\d{2}(?::?\d{2})?)(?!\d)"
    r"|\s*\(?(?P<iana>(?:africa|america|asia|atlantic|australia|europe|indian|pacific)/[a-z_]+)"
    rf"|\s*\(?(?P<zn>{_alternation(k for k in _T.zones if k != 'z')})(?!{_L})"
    r"(?:\s*(?P<zoff>[+-]\d{1,2}(?::?\d{2})?))?)?"
)
# An hour with a.m./p.m. and no minutes ("Feb. 3, 2025 9 a.m. EST", as AP style writes
# whole hours) right after a date; the empty groups let it be read like a full time
_HOUR_AP = re.compile(
    rf"(?P<iso>(?!))?[\s,]*(?:at\s+)?(?P<h>\d{{1,2}})(?P<mi>)(?P<sec>)\s*(?P<ap>[ap])\.?m\b\.?{_ZONE}")
_GLUED_TIME = re.compile(rf"{_TIME}(?![\d:])")  # "07.08.201413:24": a template left out the space
# search up to the date; the date may stand in brackets after its clock ("10:26 (20.04.2023)")
_TIME_BEFORE = re.compile(rf"(?<![\d:]){_TIME}[\s,.|/\-(]{{0,5}}$")
# What may sit between a date and its time: separators and symbols (an icon's alt text,
# "31 oktyabr 2020 # 12:28"; not "+", which starts an offset), year words, "в", "at", a
# label such as "Бишкекское время", a weekday before it ("жума, Бишкек убактысы"), a
# weekday in brackets ("2014 April 02 (Wednesday) 14:58:07"), a numeric zone before the
# time (CLDR's Chinese "2023年1月5日 +0600 14:37:21"): at most three words (and 40
# characters, checked by the caller).
# A zone's name may also stand before the time ("GMT 21:58", "格林尼治标准时间21:58"), and a clock
# word after that name ("Toshkent vaqti bilan soat 09:12"): the words between are taken as few
# as possible, so that the name is read as the zone.
_TIME_AFTER = re.compile(
    rf"(?:(?P<iso>t)|(?:[^\w+]|{_YEAR_WORD})*(?:\(?{_L}+\)?[\s,:]+){{0,3}}?)"
    rf"(?:(?P<pre>[+-]\d\d:?\d\d)\s+|(?P<prezn>{_alternation(k for k in _T.zones if k != 'z')})(?!{_L})\s*"
    rf"(?:(?:{_alternation(_T.clock_words)})\s+)?)?"
    rf"(?<![\d]){_TIME}{_ZONE}"
)
# A clock written with dots ("7 декабря 2018 года в 11.00", "2022-03-21 at 13.58.15"), read
# only after a clock word right after the date, or after the word "day" there ("5 ақпан күні
# сағат 11.00-де"): alone, "11.00" is as likely a price or a score
_DOTTED_TIME_AFTER = re.compile(
    rf"(?:[\s,]|{_YEAR_WORD}|{_L}\.)*(?:(?:{_alternation(_T.clock_day_words)})[\s,]+)?"
    rf"\(?(?:{_alternation(_T.clock_words)})\s+"
    r"(?P<h>[01]?\d|2[0-3])\.(?P<mi>[0-5]\d)(?:\.(?P<sec>[0-5]\d))?(?P<ap>(?!))?(?![\d.,]?\d)"
)
# A line that starts with a time of day and holds no date ("21:29", "• 19:04",
# "20:42 Headline"), or with a clock word before it and perhaps a short preposition ("в
# 18:00", "аз соати 18:00"): listings print the day once above such lines. Not a range
# ("12:30-14:00") nor a duration with hours ("1:02:33" is left to the seconds group).
_TIME_ONLY = re.compile(
    rf"[\s•·|*>(\[-]*(?:(?:{_L}{{1,3}}\s+)?(?:{_alternation(_T.clock_words)})\s+)?"
    rf"(?<![\d:]){_TIME}(?![\d:]|\s*-\s*\d)")

_YEAR_FIRST_HINT = re.compile("год|жыл|йил|yil|ýyl|year|сол|г\\.|ж\\.|й\\.|y\\.|ý\\.| г| ж")
_LATIN_WORD = re.compile(r"[a-z]{3}")
_NUMERIC_HINT = re.compile(r"\d[-/.]\d|\d\s*[年년]\s*\d")
# "14時37分21秒", "2시 37분": hours and minutes written with their CJK and Korean unit signs
_CJK_CLOCK = re.compile(
    r"(?<!\d)(?P<h>\d{1,2})\s*[時时시]\s*(?P<mi>\d{1,2})\s*[分분](?:\s*(?P<s>\d{1,2})\s*[秒초])?")
_WORD = re.compile(rf"{_L}+")
# First words of every relative phrase: text without any of them needs no relative pass.
_REL_TRIGGERS = frozenset(
    phrase.split()[0] for phrase in (*_T.days_back, *_T.just_now, *_T.ago_words)
)
_DAY_WORD = re.compile(rf"(?<!{_L})(?P<w>{_alternation(_T.days_back)})(?!{_L})")
_JUST_NOW = re.compile(rf"(?<!{_L})(?:{_alternation(_T.just_now)})(?!{_L})")
# "5 hours 42 min ago": the larger parts of a compound age come first, in "more"
_AGO_PART = re.compile(rf"(\d{{1,3}})\s*({_L}+)")
_AGO = re.compile(
    rf"(?<![\w])(?P<more>(?:\d{{1,3}}\s*{_L}+\.?,?\s+)*?)(?:(?P<n>\d{{1,3}})\s*|(?P<nw>{_alternation(_T.ago_numbers)})\s+)?"
    rf"(?P<unit>{_L}+)\.?\s+(?:{_alternation(_T.ago_words)})(?!{_L})"
)
# "5分钟前", "3 小時前": a CJK age, number and unit with no space before 前
_AGO_CJK = re.compile(
    rf"(?<![\d第月])(?<!第\s)(?P<n>\d{{1,3}})\s*(?P<unit>{_alternation((*_T.ago_cjk_units, *_T.ago_cjk_months))})"
    r"\s*前(?![往进進])")  # not "第3天" (the 3rd day), "月5日前" (before the 5th), 前往 "to go to"
# "下午2:37", "오후 2:37": the half of the day before a 12-hour time
_DAY_PERIOD_BEFORE = re.compile(
    rf"(?P<p>{_alternation(_T.day_periods)})\s*(?P<clock>\d{{1,2}}:\d\d(?::\d\d)?)(?![\d:])")
# Prose goes on after a mention: a word, or sentence punctuation ("... 5 июня 2025 года.")
_PROSE_AFTER = re.compile(rf"^(?:\s*{_YEAR_WORD})?\s*(?:{_L}|[.;!?)»\"]|,\s*{_L})")
# Nothing but a year word after a date, to the end of the text ("... за 14 ноября 2025 года") or
# of the bracket the title is in ("(по состоянию на 15.11.2008г.)"), or a comma and the place the title is of ("Новости за 23 февраля 2024, Волгоград"): one to
# three capitalised words (checked by ``place_after``)
_TITLE_END = re.compile(rf"(?:\s*{_YEAR_WORD})?\s*[)\]]?\s*(?:,\s*(?P<place>(?:{_L}|[-'’ ]){{2,40}}?)\s*)?$")
#: an act's number after its date ("от 3 января 2023 года № 186", "аз 26 ноябри соли 2020, № 621")
_ACT_NUMBER = re.compile(rf"^(?:\s*{_YEAR_WORD}|\s*{_L}{{1,3}}\.)?\.?[\s,]*(?:№|n\b|no\.)\s*\d", re.I)
_EPOCH = re.compile(r"\d{9,13}(?:\.\d+)?")
