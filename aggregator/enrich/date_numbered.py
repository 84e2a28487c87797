"""Dates whose year or month is a number with a word, beyond the CJK "2026年2月17日".

Two shapes the main rules do not read:

- Minguo (Republic of China) years, as Taiwanese sites and agencies write them: year 1
  is 1912, so "114年12月1日", "民國114年12月1日", "114/12/01", "114.12.01" and the Central
  News Agency's compact sign-off "（編輯：…）1141201" are 1 December 2025. Only three-digit
  years (100 = 2011 on), or two-digit ones after 民國: "13年" alone is as likely 2013.
  Only in Chinese text (the language, a CJK letter or Taiwan's zone), as a bare "114/12/01"
  may be any number elsewhere.
- "the Nth month's Mth day": Uyghur "8-ئاينىڭ 8-كۈنى", Kazakh "8-айдың 8-күні", Kyrgyz
  "8-айдын 8-күнү" (the Chinese "8月8日" spelled out in the region's Turkic languages), with
  an optional year before ("2025-يىلى"), hyphens spaced or not ("8 - ئاينىڭ").
  The words come from ``data/date_words.toml``.
"""

from __future__ import annotations

import re
from datetime import datetime

from aggregator.enrich.date_patterns import _alternation
from aggregator.enrich.date_words import date_words

_MINGUO_OFFSET = 1911
_ROC = re.compile(
    r"(?<![\d.:/\-])(?:(?:民國|民国)\s*(?P<y0>\d{2,3})|(?P<y>1\d\d))(?:"
    r"\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|(?P<s>[/.\-])(?P<m2>\d{1,2})(?P=s)(?P<d2>\d{1,2})(?![\d/.\-]))"
)
# the compact form ends the text, alone or after the closing bracket of a credit
_ROC_COMPACT = re.compile(r"(?:^|[)）]\s*)(?P<y>1\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)\s*$")
_CJK = re.compile("[\u4e00-\u9fff]")

_WORDS = date_words()["numbered_month"]
_NUMBERED = re.compile(
    rf"(?:(?P<y>(?:19|20)\d\d)\s*-?\s*(?:{_alternation(_WORDS['year'])})\s+)?"
    rf"(?<![\d.:/])(?P<m>\d{{1,2}})\s*-?\s*(?:{_alternation(_WORDS['month'])})\s+"
    rf"(?P<d>\d{{1,2}})\s*-?\s*(?:{_alternation(_WORDS['day'])})(?![^\W\d_])"
)
_HINT = re.compile(_alternation(_WORDS["day"]))


def numbered_shape(norm: str, lang: str | None, tz: str, now: datetime) -> tuple | None:
    """(start, end, year|None, month, day) of a Minguo or a numbered-month date, or None."""
    if _HINT.search(norm):
        match = _NUMBERED.search(norm)
        if match is not None:
            year = int(match["y"]) if match["y"] else None
            return match.start(), match.end(), year, int(match["m"]), int(match["d"])
    if not (lang and lang.startswith("zh") or tz == "Asia/Taipei" or _CJK.search(norm)):
        return None
    match = _ROC.search(norm) or _ROC_COMPACT.search(norm)
    if match is None:
        return None
    groups = match.groupdict()
    year = int(groups.get("y") or groups.get("y0"))
    month = int(groups.get("m") or groups.get("m2"))
    day = int(groups.get("d") or groups.get("d2"))
    if not 1 <= year <= now.year - _MINGUO_OFFSET:
        return None
    return match.start(), match.end(), year + _MINGUO_OFFSET, month, day
