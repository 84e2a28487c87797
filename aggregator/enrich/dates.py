"""Choose an article's publication date among the candidates the extraction layers found.

The string parser lives in :mod:`aggregator.enrich.date_parse`; its public names are
re-exported here so that ``from aggregator.enrich.dates import parse_date`` keeps working.
"""

from __future__ import annotations

from datetime import date, datetime

from aggregator.enrich.date_parse import (
    FUTURE_TOLERANCE, PRECISIONS, YEARLESS_WINDOW, ParsedDate, parse_date,
)

__all__ = [
    "FUTURE_TOLERANCE", "PRECISIONS", "YEARLESS_WINDOW", "ParsedDate", "choose_date", "parse_date",
]

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
