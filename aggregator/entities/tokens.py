"""The words of a text outside the spans the gazetteer already named: what the name finders
(``capitalised``, ``russian_phrases``) read one after another."""

from __future__ import annotations

import re
from bisect import bisect_left

TOKEN = re.compile(r"\w[\w'.\-]*\w|\w", re.U)


def next_token(text: str, pos: int, known: list[tuple[int, int]]) -> tuple[int, int, str] | None:
    """The first word (start, end, text) at or after ``pos`` outside the ``known`` spans."""
    match = TOKEN.search(text, pos)
    while known and match is not None and overlaps(match.start(), match.end(), known):
        match = TOKEN.search(text, match.end())
    return None if match is None else (match.start(), match.end(), match.group())


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps one of ``spans`` (sorted by start, not overlapping each
    other, as the gazetteer's matches are): only the span starting last before ``end`` can."""
    i = bisect_left(spans, (end,)) - 1
    return i >= 0 and start < spans[i][1]


def known_end_at(spans: list[tuple[int, int]], start: int) -> int | None:
    """The end of the span of ``spans`` (sorted by start) that starts at ``start``, if any."""
    i = bisect_left(spans, (start,))
    return spans[i][1] if i < len(spans) and spans[i][0] == start else None


def char_class(chars: list[str]) -> str:
    """A regex character class of ``chars`` (sorted), consecutive code points as ranges."""
    ranges: list[list[int]] = []
    for code in map(ord, chars):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                         for a, b in ranges) + "]"
