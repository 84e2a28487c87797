"""The parser against the Unicode CLDR (as shipped inside ``babel``): every month name,
weekday, "today/yesterday" word and age phrase that CLDR gives for a language the word
tables cover, and every default date and date-time pattern of those locales, rendered by
babel for a range of dates, must be read back as the date it stands for.

These are the forms a site produces when it prints a date with its platform's locale
defaults, so a form no page in our sets has shown yet fails here, not in production.
The expected answers come from the dates passed to babel, never from the parser.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel import Locale, localedata
from babel.dates import format_date, format_datetime, format_timedelta

from aggregator.enrich.date_patterns import _T, _normalise
from aggregator.enrich.dates import parse_date

# Every language and script date_words.toml is written for, as a CLDR locale. CLDR has no
# Latin-script Kazakh locale (``kk_Latn``), no Arabic-script Kyrgyz and no Turkmen of
# 2002-2008: those spellings stay tested by hand in tests/test_date_strings.py.
COVERED = ["ru", "kk", "kk_Arab", "ky", "uz", "uz_Cyrl", "tg", "tk", "ug", "en", "zh", "zh_Hant"]
# Chinese month "names" are numerals ("一月", "1月") read through the numeric 年月日 patterns,
# not words; their patterns are checked below like every other locale's.
WORD_MONTHS = [loc for loc in COVERED if not loc.startswith("zh")]

ZONE = "Asia/Almaty"
NOW = datetime(2026, 2, 17, 12, 0, tzinfo=ZoneInfo(ZONE))
# days whose day and month are both <= 12 (slash order matters), month ends, a leap-year
# February, an old archive year and a recent day
DAYS = [date(2023, 1, 5), date(2023, 2, 28), date(2023, 3, 1), date(2023, 4, 12),
        date(2023, 5, 9), date(2023, 6, 30), date(2023, 7, 4), date(2023, 8, 15),
        date(2023, 9, 9), date(2023, 10, 27), date(2023, 11, 3), date(2023, 12, 31),
        date(2024, 2, 29), date(2009, 5, 1), date(2025, 12, 1)]
# The one documented exception: CLDR's weekday abbreviations of one or two letters are not
# in the tables, because they are prepositions and articles too ("we", "sa", "an", uz "se");
# weekdays of three letters and more must be.
SHORT_WEEKDAY = 3


def _read(text: str, lang: str) -> str | None:
    got = parse_date(text, ZONE, NOW, lang=lang.split("_")[0])
    return got.published_local if got else None


def _month_forms(locale: Locale) -> set[tuple[int, str]]:
    """(month, form) of format and stand-alone, wide and abbreviated: for Russian that is
    the genitive ("января") and the nominative ("январь") with their abbreviations."""
    return {(number, form)
            for context in ("format", "stand-alone") for width in ("wide", "abbreviated")
            for number, form in locale.months[context][width].items()}


@pytest.mark.parametrize("loc", WORD_MONTHS)
def test_every_cldr_month_form_is_read(loc):
    misses = [(form, got) for number, form in sorted(_month_forms(Locale.parse(loc)))
              if (got := _read(f"15 {form} 2023", loc)) != f"2023-{number:02d}-15"]
    assert not misses, misses


@pytest.mark.parametrize("loc", COVERED)
@pytest.mark.parametrize("width", ["short", "medium", "long", "full"])
def test_cldr_date_patterns_are_read(loc, width):
    misses = [(text, got) for day in DAYS
              if (got := _read(text := format_date(day, width, locale=loc), loc)) != day.isoformat()]
    assert not misses, misses


@pytest.mark.parametrize("loc", COVERED)
@pytest.mark.parametrize("width", ["short", "medium", "long", "full"])
def test_cldr_datetime_patterns_are_read(loc, width):
    """Date and time as the locale prints them by default; short has minutes only. The
    zone babel writes is the source's own, so the local time must come back unchanged."""
    zone = ZoneInfo(ZONE)
    misses = []
    for day in DAYS:
        moment = datetime(day.year, day.month, day.day, 14, 37, 21, tzinfo=zone)
        text = format_datetime(moment, width, tzinfo=zone, locale=loc)
        want = (moment.replace(second=0) if width == "short" else moment).isoformat()
        if (got := _read(text, loc)) != want:
            misses.append((text, got))
    assert not misses, misses


@pytest.mark.parametrize("loc", [*COVERED, "tr", "az"])  # ages of two Turkic neighbours too
def test_cldr_age_phrases_are_read(loc):
    """"5 минут назад", "3 сағат бұрын", "180分钟前" as babel words an age."""
    misses = []
    for age in (timedelta(minutes=5), timedelta(minutes=45), timedelta(hours=3),
                timedelta(days=2), timedelta(weeks=2)):
        text = format_timedelta(-age, add_direction=True, locale=loc)
        moment = NOW - age
        want = moment.date().isoformat() if age >= timedelta(days=1) else moment.isoformat()
        if (got := _read(text, loc)) != want:
            misses.append((text, got, want))
    assert not misses, misses


@pytest.mark.parametrize("loc", [*COVERED, "tr", "az"])
def test_cldr_today_and_yesterday_words_are_read(loc):
    relative = Locale.parse(loc)._data["date_fields"]["day"]["relative"]
    misses = []
    for back in (0, 1, 2):
        word = relative.get(-back)
        if word is None:  # CLDR has no "day before yesterday" in this language
            continue
        day = NOW.date() - timedelta(days=back)
        for text, want in ((word, day.isoformat()), (f"{word}, 09:15", f"{day}T09:15:00+05:00")):
            if (got := _read(text, loc)) != want:
                misses.append((text, got, want))
    assert not misses, misses


@pytest.mark.parametrize("loc", WORD_MONTHS)
def test_a_cldr_weekday_before_a_date_makes_it_a_stamp(loc):
    """A date after a lowercase word and followed by more words is a mention in prose,
    unless that word is a label or a weekday ("среда 15 марта 2023 Новости")."""
    locale = Locale.parse(loc)
    month = locale.months["format"]["wide"][3]
    forms = {form for context in ("format", "stand-alone") for width in ("wide", "abbreviated", "short")
             for form in locale.days[context][width].values()}
    misses = [form for form in sorted(forms)
              if len(form.rstrip(".")) >= SHORT_WEEKDAY
              and _read(f"{form.lower()} 15 {month} 2023 abc", loc) != "2023-03-15"]
    assert not misses, misses


def test_a_lowercase_word_that_is_no_weekday_still_marks_a_mention():
    """The check above can fail: the same line after an ordinary word is prose."""
    assert _read("встреча 15 марта 2023 года с командой", "ru") is None


def test_slash_order_follows_cldr_in_every_language():
    """A language whose CLDR short date writes the day first before a slash is in the
    tables' day-first list, and one that writes the month first (en, fil ...) is not."""
    wrong = []
    for loc in localedata.locale_identifiers():
        if "_" in loc:
            continue
        pattern = Locale.parse(loc).date_formats["short"].pattern
        if "/" not in pattern or pattern.lower().startswith("y"):
            continue
        day_first = pattern.lower().index("d") < pattern.index("M")
        if (loc in _T.slash_day_first) != day_first:
            wrong.append((loc, pattern))
    assert not wrong, wrong


@pytest.mark.parametrize(
    "loc, zone_name",
    [("fr", "Europe/Paris"), ("es", "Europe/Madrid"), ("it", "Europe/Rome"), ("pt", "Europe/Lisbon"),
     ("vi", "Asia/Ho_Chi_Minh"), ("hi", "Asia/Kolkata"), ("ur", "Asia/Karachi"), ("id", "Asia/Jakarta")],
)
def test_short_slash_dates_of_other_languages_read_day_first(loc, zone_name):
    """Languages the word tables do not cover: their CLDR short date, day and month <= 12."""
    now = datetime(2026, 2, 17, 12, 0, tzinfo=ZoneInfo(zone_name))
    for day in (date(2023, 1, 5), date(2023, 12, 4), date(2023, 9, 5)):
        text = format_date(day, "short", locale=loc)
        got = parse_date(text, zone_name, now, lang=loc)
        assert got is not None and got.published_local == day.isoformat(), (text, got)


@pytest.mark.parametrize("loc", ["zh", "zh_Hant", "ko", "ja"])
def test_cldr_am_pm_words_before_a_time_are_in_the_tables(loc):
    periods = Locale.parse(loc).day_periods["format"]["abbreviated"]
    assert _T.day_periods.get(_normalise(periods["am"])) == "am"
    assert _T.day_periods.get(_normalise(periods["pm"])) == "pm"


# --- the rules the CLDR check called for, on our own strings and look-alikes ------------


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("2021، 7-ناۋرىز", "kk", "2021-03-07"),  # a year, then day and month, no year word
        ("2019 14-ئۆكتەبىر، دۈشەنبە 09:30", "ug", "2019-10-14T09:30:00+06:00"),
        ("2022, 3 мая", "ru", "2022-05-03"),
        ("2020 11-aprel", "uz", "2020-04-11"),
    ],
)
def test_a_year_before_day_and_month_is_their_year(text, lang, expected):
    assert _read(text, lang) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the year of a named event, then a year-less date: the dash keeps them apart
        ("ЕГЭ-2023 15 января", "2026-01-15"),
        # a year after the month is the date's own year
        ("2019 5 мая 2021", "2021-05-05"),
        # a number is no year
        ("2500 5 января", "2026-01-05"),
    ],
)
def test_a_number_before_a_date_that_is_not_its_year(text, expected):
    assert _read(text, "ru") == expected


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("2024/3/8 下午 05:20", "zh", "2024-03-08T17:20:00+05:00"),
        ("2024年3月8日 上午11:05", "zh", "2024-03-08T11:05:00+05:00"),
        ("2024年3月8日 凌晨0:40", "zh", "2024-03-08T00:40:00+05:00"),
        ("2024. 3. 8. 오후 1:15", "ko", "2024-03-08T13:15:00+05:00"),
        ("昨天 下午3:20", "zh", "2026-02-16T15:20:00+05:00"),
    ],
)
def test_the_half_of_the_day_before_a_time(text, lang, expected):
    assert _read(text, lang) == expected


def test_a_day_period_word_without_a_time_changes_nothing():
    assert _read("2024年3月8日 下午", "zh") == "2024-03-08"
    assert _read("下午 15", "zh") is None


def test_a_numeric_zone_before_the_time_is_its_zone():
    assert _read("2024年3月8日 +0300 10:15:00", "zh") == "2024-03-08T12:15:00+05:00"
    # a signed number that is no zone (four digits without a time after it) is left alone
    assert _read("2024年3月8日 +0300", "zh") == "2024-03-08"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12分钟前", "2026-02-17T11:48:00+05:00"),
        ("3 小時前", "2026-02-17T09:00:00+05:00"),
        ("2天前", "2026-02-15"),
        ("2個月前", "2025-12-17"),
    ],
)
def test_cjk_ages(text, expected):
    assert _read(text, "zh") == expected


@pytest.mark.parametrize("text", ["前进2分钟", "第3天前往", "第 3 天前", "3天前往北京", "12 分", "截至本月5日前"])
def test_cjk_look_alikes_of_ages(text):
    """Not an age: 前 before the number, an ordinal day, 前往 "to go to", no 前 at all."""
    assert _read(text, "zh") is None


def test_slash_dates_in_a_day_first_language_read_day_first():
    # both readings are past; the month-first one is more recent, but uz writes the day first
    assert _read("05/01/23", "uz") == "2023-01-05"
    assert _read("05/01/23", "en") == "2023-05-01"
    assert _read("05/01/2023", "de") == "2023-05-01"  # de writes dots: the recent reading
    assert _read("05/01/2023", "fr") == "2023-01-05"  # CLDR fr "dd/MM/y"
    # only one reading valid: the language does not matter
    assert _read("12/25/23", "uz") == "2023-12-25"
    # Russian writes dots: a slash date on a Russian page comes from another template (an
    # English CMS's "07/04/2024 | Press release"), so the language sets no order
    assert _read("05/03/2023 | Press release", "ru") == _read("05/03/2023 | Press release", "xx")


# English as CLDR writes it in the countries of our sources' zones: the slash order follows
# the country (zone.tab), so each locale's patterns are read in one of its country's zones
ENGLISH_BY_COUNTRY = {"en_US": "America/New_York", "en_GB": "Europe/London", "en_IN": "Asia/Kolkata",
                      "en_SG": "Asia/Singapore", "en_AU": "Australia/Sydney", "en_PK": "Asia/Karachi",
                      "en_AE": "Asia/Dubai", "en_PH": "Asia/Manila", "en_IE": "Europe/Dublin"}


@pytest.mark.parametrize("loc", sorted(ENGLISH_BY_COUNTRY))
def test_cldr_english_of_a_country_is_read_in_its_zone(loc):
    zone_name = ENGLISH_BY_COUNTRY[loc]
    zone = ZoneInfo(zone_name)
    now = datetime(2026, 2, 17, 12, 0, tzinfo=zone)
    misses = []
    for day in DAYS:
        for width in ("short", "medium", "long", "full"):
            text = format_date(day, width, locale=loc)
            got = parse_date(text, zone_name, now, lang="en")
            if (got.published_local if got else None) != day.isoformat():
                misses.append((text, got))
            moment = datetime(day.year, day.month, day.day, 14, 37, tzinfo=zone)
            text = format_datetime(moment, "short", tzinfo=zone, locale=loc)
            got = parse_date(text, zone_name, now, lang="en")
            if (got.published_local if got else None) != moment.isoformat():
                misses.append((text, got))
    assert not misses, misses


def test_bidi_marks_between_date_and_time_are_spaces():
    """CLDR's Persian short date-time puts a right-to-left mark after the comma."""
    text = format_datetime(datetime(2023, 4, 12, 14, 37, tzinfo=ZoneInfo("Asia/Tehran")), "short",
                           tzinfo=ZoneInfo("Asia/Tehran"), locale="fa")
    assert "\u200f" in text
    got = parse_date(text, "Asia/Tehran", NOW, lang="fa")
    assert got.published_local == "2023-04-12T14:37:00+03:30"
