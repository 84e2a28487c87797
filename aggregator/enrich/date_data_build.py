"""Build ``data/date_generated.json``: date data derived from the tz database and CLDR.

    python -m aggregator.enrich.date_data_build

- ``zone_abbreviations``: the letter abbreviations the tz database gives to local times
  since 1990 ("BST", "CEST", "AEST", "SAST"), each with its UTC offset, kept only where the
  abbreviation means one offset in every zone that uses it ("IST" is India's, Ireland's and
  Israel's; "CST" China's and America's: left out) and CLDR's English locales, where they
  use it, give it the same offset ("GST" is Guam's in the tz database, the Gulf's in CLDR:
  left out), and not already a name of the
  ``[zones]`` table of ``date_words.toml`` (the table's own reading wins);
- ``hour_words``: the word CLDR's hour-only time pattern (skeleton ``H``) writes after the
  hour, in every CLDR locale ("HH 'Uhr'" de, "HH 'Auer'" lb, "HH 'giờ'" vi): a whole hour
  with it is a clock ("um 9 Uhr"). Words of one letter ("ч." bg, "h" ie) are left out, since
  the same letter abbreviates "hour" in durations ("5 ч. назад"), and so are the CJK signs
  ("8时", "3点"), which also count things ("3点建议" 'three proposals').

The file is data: the parser reads it, never the tz database's or CLDR's tables, at run
time. Rebuild it after a tzdata or babel upgrade; ``tests/test_date_dev12_causes.py`` checks
that it matches what this module derives.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from aggregator.enrich.date_words import date_words

OUTPUT = Path(__file__).resolve().parents[1] / "data" / "date_generated.json"
FIRST_YEAR, LAST_YEAR = 1990, 2030


def zone_abbreviations() -> dict[str, str]:
    """Abbreviation -> "+hh:mm" offset, for the unambiguous letter abbreviations."""
    offsets: dict[str, set[timedelta]] = {}
    for name in available_timezones():
        zone = ZoneInfo(name)
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            for month in (1, 4, 7, 10):  # both sides of every daylight-saving rule
                local = datetime(year, month, 15, 12, tzinfo=timezone.utc).astimezone(zone)
                abbreviation = local.tzname()
                if abbreviation and abbreviation.isalpha() and abbreviation.isupper():
                    offsets.setdefault(abbreviation, set()).add(local.utcoffset())
    words = date_words()
    known = {name.lower() for name in words["zones"]}
    cldr = _cldr_english_abbreviations()
    return {abbreviation: _offset_text(next(iter(found)))
            for abbreviation, found in sorted(offsets.items())
            if len(found) == 1 and abbreviation.lower() not in known
            and cldr.get(abbreviation, found) == found}


def _cldr_english_abbreviations() -> dict[str, set[timedelta]]:
    """Abbreviation -> the offsets of the zones CLDR's English locales name with it ("GST" is
    the Gulf's, UTC+4, there; the tz database gives it to Guam, UTC+10: then it is ambiguous)."""
    from babel import Locale, localedata
    from babel.core import get_global

    zones_of: dict[str, list[str]] = {}
    for zone, metazone in get_global("meta_zones").items():
        zones_of.setdefault(metazone, []).append(zone)
    found: dict[str, set[timedelta]] = {}
    for identifier in localedata.locale_identifiers():
        if identifier != "en" and not identifier.startswith("en_"):
            continue
        for metazone, names in Locale.parse(identifier).meta_zones.items():
            for kind, abbreviation in names.get("short", {}).items():
                if kind == "generic" or not abbreviation.isalpha():
                    continue
                for zone in zones_of.get(metazone, ()):
                    for month in (1, 7):
                        local = datetime(2024, month, 15, 12, tzinfo=timezone.utc).astimezone(ZoneInfo(zone))
                        if bool(local.dst()) == (kind == "daylight"):
                            found.setdefault(abbreviation, set()).add(local.utcoffset())
    return found


def hour_words() -> list[str]:
    """The words CLDR's locales write after a whole hour, lowercase, sorted."""
    from babel import Locale, localedata

    found = set()
    for identifier in localedata.locale_identifiers():
        try:
            pattern = str(Locale.parse(identifier).datetime_skeletons.get("H") or "")
        except (ValueError, KeyError, TypeError):
            continue
        after = re.fullmatch(r"H{1,2}\s*'([^']+)'\.?", pattern)
        if after and len(after[1]) >= 2 and all(ch.isalpha() and not _cjk(ch) for ch in after[1]):
            found.add(after[1].lower())
    return sorted(found)


def _cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def build() -> dict:
    return {"zone_abbreviations": zone_abbreviations(), "hour_words": hour_words()}


def main() -> None:
    data = build()
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {len(data['zone_abbreviations'])} zone abbreviations, {len(data['hour_words'])} hour words")


if __name__ == "__main__":
    main()
