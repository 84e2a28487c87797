"""Clock forms spelled out in the parser's own terms before a text is parsed.

Both come from ``data/date_generated.json`` (built by :mod:`aggregator.enrich.date_data_build`
from the tz database and CLDR):

- a zone abbreviation in capitals after a clock ("21/05/2013 17:41 BST", "9:00 (AEST)")
  becomes its offset ("17:41 UTC+01:00"), which the time pattern reads. Only capitals count:
  the lowercase words ("west", "met", "cat") are words;
- a whole hour with the word CLDR's hour-only pattern writes after it ("ab 9 Uhr", de
  "HH 'Uhr'"), or an hour and minutes with a dot before that word ("9.30 Uhr"), becomes a
  colon clock ("9:00 Uhr"); the time pattern takes the word after the clock.
"""

from __future__ import annotations

import re

from aggregator.enrich.date_patterns import _GENERATED as _DATA, _L, _alternation

_ZONE_AFTER_CLOCK = re.compile(
    rf"(?<=\d:\d\d)(?P<gap>(?::\d\d)?\s*\(?)(?P<abbr>{_alternation(_DATA['zone_abbreviations'])})(?![^\W\d_])")
_HOUR_WORD = re.compile(
    rf"(?<![\d:.,])(?P<h>[01]?\d|2[0-3])(?:\.(?P<mi>[0-5]\d))?\s?(?=(?:{_alternation(_DATA['hour_words'])})(?!{_L}))",
    re.IGNORECASE)
# the cheap test the caller makes first, case-sensitive literals (a regex engine skips ahead to
# their first letters): most texts hold neither form
_HOUR_WORD_FORMS = {form for word in _DATA["hour_words"] for form in (word, word.capitalize(), word.upper())}
CLOCK_FORM_HINT = re.compile(_alternation({*_DATA["zone_abbreviations"], *_HOUR_WORD_FORMS}))


def spell_clocks(raw: str) -> str:
    """``raw`` with zone abbreviations after a clock as offsets and hour words' clocks with colons."""
    if ":" in raw:
        raw = _ZONE_AFTER_CLOCK.sub(
            lambda m: f"{m['gap']}UTC{_DATA['zone_abbreviations'][m['abbr']]}", raw)
    return _HOUR_WORD.sub(lambda m: f"{m['h']}:{m['mi'] or '00'} ", raw)
