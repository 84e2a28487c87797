"""parse_date on the date forms the larger real set showed beyond the dev file, and its
score on that set's held-out sites (``tests/data/date_strings.jsonl``).

The strings below are our own, written in the forms the sites use.
"""

from __future__ import annotations

import pytest

from aggregator.enrich.dates import parse_date
from benchmarks.bench_date_strings import DEFAULT_SET, run
from tests.test_dates import ALMATY, ASHGABAT, BISHKEK, DUSHANBE, MOSCOW, TASHKENT, at, local

# holdout2 measured 50/50 (1.000) on 2026-12-07 (benchmarks/README.md); one miss is 0.98
HOLDOUT2_FLOOR = 0.96
# dev4 (the former holdout3, measured once at 100/105 = 0.952, then opened) reads 104/105
# (0.990) after the session-11 rules (benchmarks/README.md); one miss more breaks the floor
DEV4_FLOOR = 0.99


@pytest.mark.parametrize(
    "text, tz, expected",
    [
        # Kazakh Latin of 2018 (acutes): "maýsym" is June, not Turkmen "maý" (May)
        ("10 maýsym 2012", ALMATY, "2012-06-10"),
        ("Jeksenbi, 3 qańtar 2016", ALMATY, "2016-01-03"),
        ("7 Qyrkúıek, 2019", ALMATY, "2019-09-07"),
        # informal Latin and the 2017 apostrophe alphabet
        ("25 Shilde 2020", ALMATY, "2020-07-25"),
        ("14 Qyrku'iek 2017", ALMATY, "2017-09-14"),
        # Kyrgyz folk month names, one word and two
        ("12-кулжа, 2021-ж.", BISHKEK, "2021-06-12"),
        ("4-баш оона, 2019-жыл", BISHKEK, "2019-08-04"),
        ("28-жалган куранда, 2022-ж.", BISHKEK, "2022-03-28"),
        # Turkmen months of 2002-2008
        ("12-nji Oguz 2005", ASHGABAT, "2005-06-12"),
        ("3-nji Alp Arslan 2006", ASHGABAT, "2006-08-03"),
        # month first in a language other than English, with the year
        ("Сентябр 5, 2019", DUSHANBE, "2019-09-05"),
        # a two-digit-year dash date that is the whole text
        ("04-10-21", ASHGABAT, "2021-10-04"),
        # windows-1251 Cyrillic read as Latin-1
        ("5-àïðåëÿ, 2013", DUSHANBE, "2013-04-05"),
    ],
)
def test_other_alphabets_and_spellings(text, tz, expected):
    assert local(text, tz, at("2026-02-17 12:00", tz)) == expected


def test_a_two_word_month_falls_back_to_its_first_word():
    """"мая айы" is not a month name of its own: the first word decides."""
    assert local("5 мая айы 2020", BISHKEK, at("2026-02-17 12:00", BISHKEK)) == "2020-05-05"


@pytest.mark.parametrize(
    "text, tz, expected",
    [
        ("Декабр 31, 2021 17:34 Asia/Dushanbe", MOSCOW, "2021-12-31T15:34:00+03:00"),
        ("2019-06-01 08:00 Europe/Moscow", TASHKENT, "2019-06-01T10:00:00+05:00"),
        # a template that glued the time to the year
        ("07.08.201413:24", DUSHANBE, "2014-08-07T13:24:00+05:00"),
        # a weekday and a zone label between the date and the time
        ("5-Май, 2024-жыл, жекшемби, Бишкек убактысы 00:28", BISHKEK, "2024-05-05T00:28:00+06:00"),
        # a counter word before the date: a stamp with its minute is no prose mention
        ("2009 12 pikir 19 Qyrkúıek, 2022 saghat 13:11", ALMATY, "2022-09-19T13:11:00+06:00"),
    ],
)
def test_zones_and_words_between_date_and_time(text, tz, expected):
    assert local(text, tz, at("2026-02-17 12:00", tz)) == expected


def test_a_date_mentioned_in_prose_without_a_time_stays_a_mention():
    now = at("2026-02-17 12:00", ALMATY)
    assert local("Ключевым матчем стала встреча 5 июня 2025 года с командой", ALMATY, now) is None


@pytest.mark.parametrize(
    "text, now, expected",
    [
        ("21:29", "2023-01-16 23:59", "2023-01-16T21:29:00+06:00"),
        ("• 19:04", "2025-09-07 21:00", "2025-09-07T19:04:00+06:00"),
        ("20:42 Ертең ауа райы қандай болады?", "2021-03-20 22:00", "2021-03-20T20:42:00+06:00"),
        # fetched just after midnight: 23:50 was yesterday
        ("23:50", "2026-02-17 00:10", "2026-02-16T23:50:00+06:00"),
        ("09:15:30", "2026-02-17 10:00", "2026-02-17T09:15:30+06:00"),
    ],
)
def test_time_only_lines_resolve_against_the_fetch_moment(text, now, expected):
    assert local(text, BISHKEK, at(now, BISHKEK)) == expected


@pytest.mark.parametrize(
    "text",
    ["12:30-14:00", "03:02\nUSD 87.00", "Жаңылыктар. Чыгарылыш 15:00", "Счёт матча 2:1", "25:10"],
)
def test_times_that_are_not_stamps(text):
    assert local(text, BISHKEK, at("2026-02-17 12:00", BISHKEK)) is None


@pytest.mark.parametrize(
    "text, now, expected",
    [
        ("4 months ago", "2021-05-13 12:00", "2021-01-13"),
        ("3 ай бұрын", "2024-05-31 12:00", "2024-02-29"),  # clamped to the month's last day
        ("2 года назад", "2026-02-17 12:00", "2024-02-17"),
        ("1 oy oldin", "2026-01-10 12:00", "2025-12-10"),
    ],
)
def test_months_and_years_ago_are_calendar_units(text, now, expected):
    assert local(text, ALMATY, at(now, ALMATY)) == expected


def test_a_compound_age_adds_its_parts():
    now = at("2026-02-17 12:00", BISHKEK)
    assert local("5 hours 42 min ago", BISHKEK, now) == "2026-02-17T06:18:00+06:00"
    assert local("1 час 5 минут назад", BISHKEK, now) == "2026-02-17T10:55:00+06:00"


@pytest.mark.parametrize(
    "text, expected",
    [
        # archives that typed the zeros of a year as the letter O, Latin or Cyrillic
        ("[05.03.2OO4] Заголовок архивной новости", "2004-03-05"),
        ("[19.11.2ОО1] Заголовок", "2001-11-19"),
    ],
)
def test_zeros_typed_as_letters_in_an_archive_year(text, expected):
    assert local(text, BISHKEK, at("2026-02-17 12:00", BISHKEK)) == expected


def test_letters_o_outside_a_numeric_date_stay_letters():
    now = at("2026-02-17 12:00", BISHKEK)
    assert local("ООО «2ОО2»", BISHKEK, now) is None
    assert local("05.03.2OO4X", BISHKEK, now) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Feb. 3, 2025 9 a.m. EST", "2025-02-03T09:00:00-05:00"),
        ("March 5, 2024 at 7 p.m.", "2024-03-05T19:00:00-05:00"),
        ("March 5, 2024 12 a.m.", "2024-03-05T00:00:00-05:00"),
        ("Monday, June 3, 2024 10 am - 11 am", "2024-06-03T10:00:00-04:00"),
        # a number and a word starting with "am" is no hour
        ("March 5, 2024 5 amendments", "2024-03-05"),
    ],
)
def test_a_whole_hour_with_am_pm_after_a_date_is_its_time(text, expected):
    """AP style writes whole hours without minutes ("9 a.m.")."""
    now = at("2026-02-17 12:00", "America/New_York")
    assert local(text, "America/New_York", now) == expected


def test_a_24_hour_time_with_a_redundant_pm_keeps_its_hour():
    now = at("2026-02-17 12:00", "America/New_York")
    assert local("Mar. 3, 2024 19:05 PM EST", "America/New_York", now) == "2024-03-03T19:05:00-05:00"
    assert local("Mar. 3, 2024 7:05 PM EST", "America/New_York", now) == "2024-03-03T19:05:00-05:00"
    # an AM hour past 12 is no time
    assert local("Mar. 3, 2024 19:05 AM EST", "America/New_York", now) == "2024-03-03"


@pytest.mark.parametrize(
    "text, tz, expected",
    [
        # an act's date after "от"/"аз", then its number: the act's own date, not prose
        ("Постановление Правительства от 12 марта 2019 года № 101", ALMATY, "2019-03-12"),
        ("Қарори Ҳукумат аз 3 марти соли 2021, № 77", DUSHANBE, "2021-03-03"),
        ("ПҚ-42-сон 05.02.2024.", TASHKENT, "2024-02-05"),
        ("Постановление 57 от 14.03.2016", ALMATY, "2016-03-14"),  # the act's number before "от"
        ("Қонуни ЧТ аз 12.05.16с., №1200", DUSHANBE, "2016-05-12"),  # a year abbreviation "с."
        ("Қонун аз 12.05. 2016 с., № 1200", DUSHANBE, "2016-05-12"),  # a space after the dot
    ],
)
def test_an_acts_date_before_its_number_is_read(text, tz, expected):
    assert local(text, tz, at("2026-02-17 12:00", tz)) == expected


def test_a_date_after_a_preposition_in_prose_stays_a_mention():
    now = at("2026-02-17 12:00", ALMATY)
    assert local("Встреча назначена на 12 марта 2019 года в зале", ALMATY, now) is None


def test_an_english_short_slash_date_reads_month_first():
    now = at("2026-02-17 12:00", ALMATY)
    assert parse_date("(WSJ, 1/7/98, p.A16)", ALMATY, now, lang="en").published_local == "1998-01-07"
    # a padded four-digit-year slash date is read as without the hint (European English sites)
    for text in ("07/05/2024", "02/10/2025"):
        assert (parse_date(text, ALMATY, now, lang="en").published_local
                == parse_date(text, ALMATY, now).published_local)
    # without the English hint the recent reading wins, as before
    assert parse_date("1/7/98", ALMATY, now).published_local == "1998-07-01"


def test_a_clock_glued_to_its_date_is_read():
    """Templates that leave out the space: a time then a day, or a year then a time."""
    now = at("2024-05-27 18:00", ALMATY)
    got = parse_date("12:5027.05.2024", ALMATY, now)
    assert got.published_local == "2024-05-27T12:50:00+05:00"
    got = parse_date("Wednesday, February 26, 202410:00 a.m.", ALMATY, now, lang="en")
    assert got.published_local == "2024-02-26T10:00:00+06:00"  # Almaty before 1 March 2024


def test_a_month_read_as_the_days_suffix_is_still_the_month():
    """"23-iyul — Sputnik": the hyphenated month must not be taken for a suffix like "5-уми"."""
    now = at("2023-07-23 18:00", ALMATY)
    assert parse_date("TOShKENT, 23-iyul — Sputnik.", ALMATY, now).published_local == "2023-07-23"
    assert parse_date("23-iyul", ALMATY, now).published_local == "2023-07-23"
    # a real day suffix before the month still reads as before
    assert parse_date("5-уми октябри соли 2016", ALMATY, now).published_local == "2016-10-05"


@pytest.mark.parametrize(
    "text, tz, expected",
    [
        # year, month word, day, as some agencies stamp items; the fetch is years later, so
        # the year must come from the text (a year-less reading would be dropped)
        ("2019 March 05 (Tuesday) 09:12:44", "Asia/Baku", "2019-03-05T09:12:44+04:00"),
        ("2021, Октябрь 3", ALMATY, "2021-10-03"),
        ("2016 dekabr 12-da", TASHKENT, "2016-12-12"),
        ("1999 September 9th", ALMATY, "1999-09-09"),
        # a date badge whose month, day and year the page's text glued together
        ("Мар052019 by Иван Петров", ALMATY, "2019-03-05"),
        ("Oct152020 Admin", ALMATY, "2020-10-15"),
        ("Қаз052019", ALMATY, "2019-10-05"),
        ("Сен12018", ALMATY, "2018-09-01"),
        # a weekday in brackets between the date and its time
        ("12 марта 2021 (пятница) 18:30", ALMATY, "2021-03-12T18:30:00+06:00"),
        ("March 5, 2019 (Tue) 09:12", BISHKEK, "2019-03-05T09:12:00+06:00"),
    ],
)
def test_year_first_month_words_glued_badges_and_bracketed_weekdays(text, tz, expected):
    assert local(text, tz, at("2026-02-17 12:00", tz)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jun2020",  # a month and a year: no day
        "Article122021",  # a word that is no month, then digits
        "2020 году 15 человек",  # a year word, not a month
        "2019 Marines 5",
        "2024 Mar 13:45",  # the number after the month is a time
    ],
)
def test_year_and_glued_forms_that_are_not_dates(text):
    assert local(text, ALMATY, at("2026-02-17 12:00", ALMATY)) is None


# --- the larger real set ------------------------------------------------------------------


def test_holdout_sites_score_floor():
    """Held-out sites (holdout2: collected after the rules, measured once, never tuned
    on): the figure of record is in benchmarks/README.md; this floor only catches a
    regression."""
    results = run(DEFAULT_SET)
    holdout = results[("parse_date", "holdout2")]
    dev = results[("parse_date", "dev")]
    assert holdout["total"] >= 50 and holdout["sites"] >= 15 and dev["total"] >= 200
    assert holdout["decidable_accuracy"] >= HOLDOUT2_FLOOR, holdout["misses"]
    assert dev["decidable_accuracy"] >= 0.99, dev["misses"]
    dev2 = results[("parse_date", "dev2")]  # the sites added for issue 18 (looked at): 115/116
    assert dev2["total"] >= 80 and dev2["decidable_accuracy"] >= 0.99, dev2["misses"]
    dev3 = results[("parse_date", "dev3")]  # the old held-out split, looked at since: 122/122
    assert dev3["total"] >= 100 and dev3["decidable_accuracy"] >= 0.995, dev3["misses"]
    # dateparser, the plain baseline, stays far behind on the same rows
    assert results[("dateparser.parse", "holdout2")]["accuracy"] < holdout["accuracy"] - 0.2


def test_dev4_sites_score_floor():
    """dev4, the former holdout3 (105 strings from 78 sites none of the other splits use),
    measured once as held-out at 0.952 and then opened: development data now, held at its
    figure so that a regression on these forms fails."""
    results = run(DEFAULT_SET)
    dev4 = results[("parse_date", "dev4")]
    assert dev4["total"] >= 100 and dev4["sites"] >= 30
    assert dev4["decidable_accuracy"] >= DEV4_FLOOR, dev4["misses"]
    assert results[("dateparser.parse", "dev4")]["accuracy"] < dev4["accuracy"] - 0.2


# dev5, the former holdout4, measured once as held-out on 2026-12-07 (benchmarks/README.md):
# 81/94 decidable (0.862); in the languages this product reads (ru, kk, ky, uz, tg, tk, en,
# zh) 57/58, in the others (ko, ja, th, de, sr, ...) 24/36. Opened as dev5 and read after the
# session-11 rules at 93/94 (0.989), the one miss outside the product's languages (a Persian
# stamp whose clock stands by the Solar Hijri day, read since session 15 round 2: 94/94); one
# miss more breaks the floor.
PRODUCT_LANGUAGES = {"ru", "kk", "ky", "uz", "uz-Cyrl", "tg", "tk", "en", "zh"}
DEV5_FLOOR = 0.98


def test_dev5_sites_score_floor():
    """dev5: 101 strings from 70 sites no other split uses, collected and labelled blind,
    measured once as holdout4 and then opened: development data now, held at its figure."""
    results = run(DEFAULT_SET)
    dev5 = results[("parse_date", "dev5")]
    assert dev5["total"] >= 100 and dev5["sites"] >= 60
    assert dev5["decidable_accuracy"] >= DEV5_FLOOR, dev5["misses"]
    decided_misses = [row for row, _ in dev5["misses"] if not row["_context"]]
    assert not [row for row in decided_misses if row["lang"] in PRODUCT_LANGUAGES]
    assert results[("dateparser.parse", "dev5")]["accuracy"] < dev5["accuracy"] - 0.2


# dev6, the former holdout5, measured once as held-out on 2026-12-07 (benchmarks/README.md):
# 84/93 decidable (0.903), the region's languages in any script 36/38, with English and
# Chinese 75/80, the other languages 9/13. Opened in session 12 and renamed dev6; read after
# the session-12 rules (CLDR's month words, Solar Hijri, Korean, badges) at 92/93 (0.989),
# the one miss a Persian signature outside the product's languages; one miss more breaks the
# floor.
DEV6_FLOOR = 0.98


def test_dev6_sites_score_floor():
    """dev6: 100 strings from 74 sites no other split uses, the region's own sites first,
    collected and labelled blind, measured once as holdout5 and then opened: development
    data now, held at its figure so that a regression on these forms fails."""
    results = run(DEFAULT_SET)
    dev6 = results[("parse_date", "dev6")]
    assert dev6["total"] >= 100 and dev6["sites"] >= 60
    assert dev6["decidable_accuracy"] >= DEV6_FLOOR, dev6["misses"]
    decided_misses = [row for row, _ in dev6["misses"] if not row["_context"]]
    assert not [row for row in decided_misses if row["lang"].split("-")[0] in PRODUCT_LANGUAGES]
    assert results[("dateparser.parse", "dev6")]["accuracy"] < dev6["accuracy"] - 0.2


# Blind splits, each collected and labelled without running the parser, measured once as
# held-out (benchmarks/README.md), then opened as development data and fixed, or still held
# out; each is held at its figure so that a regression fails (one miss more for the opened
# ones).
# - dev7, the former holdout6 (120 strings, 90 sites; main 69af423): 89/105 decidable
#   (0.848), the region's languages 57/65, English and Chinese 31/38; after the session-12
#   shape rules (dispatch datelines, titles "for" a day, look-alike letters, quoted days,
#   glued stamps, Minguo years, numbered months, dashed US dates, numeric datelines,
#   midnight placeholders) 105/105.
# - dev8, the former holdout7 (121 strings, 85 sites, the region's languages at 10+ rows
#   each; main 107fe41): 106/118 (0.898), the region's languages 82/92, English and Chinese
#   22/23; after the dev8 shape rules (clocks in brackets or dotted after a clock word, a
#   phrase cut at its preposition, Turkic genitive chains, spaced day endings and voiced
#   month stems, Roman-numeral months) 118/118.
# - dev9, the former holdout8 (121 strings, 80 sites; main 47d24a7): 99/118 (0.839), the
#   region's languages 78/97, English and Chinese 21/21; by rule (session 13) 99/105. Opened in
#   session 13 round 2: after its general fixes (a current-year lead, Tajik "моҳи" and endings
#   written apart, a dotted clock after "day", a clock word before a lone clock) 104/118, by
#   rule 104/105; the 13 rows the rule sets aside are announced days after now.
# - dev10, the former holdout9 (57 strings, 44 sites; session 13, main 424679c and branch
#   s13-datefix7 alike): 33/55 (0.600), by rule 33/41 (0.805), the region's languages 26/30, en+zh
#   7/11. Opened in session 14; the rule then also set aside a stated-year label after now (33/40);
#   after its general fixes (a day of the month without its month, 号 for 日, ISO basic dates, a
#   label between clock and date, a revision label before "от", ordinal day words) 40/55, by rule
#   39/40, the one left a BBC line with two zone-named clocks (read in session 14 round 2, with a
#   zone's name before its clock: 41/55, by rule 40/40).
# - dev11, the former holdout10 (60 strings, 53 sites; session 14, main 4b7c581 and branch
#   s14-dates10 alike, same run): 49/60 (0.817), by rule 49/54 (0.907), the region's languages
#   22/24, en+zh 22/24, the others 5/6. Opened in session 14 round 2: after its general fixes (a
#   year-first date whose month is the day's suffix, one-letter year words "й."/"ý.", a weekday
#   deciding a slash date's order, a CJK day after a zone's clock) 52/60, by rule 52/54.
# - dev12, the former holdout11 (108 strings, 92 sites; session 14 round 2, main 454bbf5 and branch
#   s14-dates11fix alike, same run): string-decidable 79/106 (0.745), by rule 79/94 (0.840), the
#   region's languages 32/41, en+zh 39/42, the others 8/11. Opened in session 15: after its general
#   fixes (a backward day range, a clock beside a bracketed date, a label run into its day, tzdata
#   zone abbreviations, CLDR hour words, the capital's time before a clock) 85/106, by rule 85/94;
#   the nine left are dates and relative words in running prose, which the parser leaves by design.
# - dev13, the former holdout12 (110 strings, 83 sites; session 15, main 361afd0 and branch s15-dates12fix alike, same
#   run): 82/110 (0.745), by rule 82/95 (0.863), the region's languages 59/69, en+zh 21/24, the
#   others 2/2. Opened in session 15 round 2: after its general fixes (a publication label in a
#   document's dated history, a clock beside the Solar Hijri twin of a Gregorian day) 84/110, by
#   rule 84/95 (0.884), date lines 50/51; the eleven by-rule misses left are prose by design, and
#   one wire dateline "布鲁塞尔 (21/08 – 30)".
# - dev14, the former holdout13 (102 strings, 83 sites; session 15 round 2, main 0de3d7d and branch
#   s15-dates13fix alike, same run, aggregate lines only): 88/102 (0.863), string-decidable 88/92
#   (0.957), by rule 87/89 (0.978), date lines 87/89; the region's languages 61/63 by rule, en+zh
#   22/22, the others 4/4. Opened in session 16: after its general fixes (a counter run into the
#   date after it, a title "for" a day that ends with its place) 90/102, string-decidable 90/92
#   (0.978), by rule 89/89, date lines 89/89; one miss more breaks either floor.
# - dev15, the former holdout14 (103 strings, 81 sites; session 16, main 68b4a86 and branch
#   s16-dates14fix alike, same run, aggregate lines only): 86/103 (0.835), string-decidable 86/94
#   (0.915), by rule 86/94, date lines 86/94; the region's languages 61/66, en+zh 21/23, the others
#   4/5. Opened in session 16 round 2: after its general fixes (a numeric date only valid month first,
#   mixed separators, Arabic commas, a year-less reading inside a dated one, the clock of a later
#   reading of the same day, a symbol before the clock, a title's date closing its bracket, a quoted
#   day before a numeric month, a year-less numeric pair standing alone) 94/103, string-decidable
#   94/94, by rule 94/94, date lines 94/94; one miss more breaks either floor.
# - dev16, the former holdout15 (92 strings, 80 sites; session 16 round 2, main e6c6b6b and branch s16-dates15fix
#   alike, same run, aggregate lines only): 87/92 (0.946), string-decidable 86/88 (0.977), by rule
#   86/88, date lines 86/88; the region's languages 62/64, en+zh 24/24. Opened in session 16 round 3:
#   after its general fixes (a month name cut after its abbreviation, a word run into the date) 89/92,
#   string-decidable 88/88, by rule 88/88, date lines 88/88; one miss more breaks either floor.
# - dev17, the former holdout16 (83 strings, 72 sites; session 16 round 3, main e54f1ac 64/71 and
#   branch s16-dates16fix 65/71, same run, aggregate lines only): 65/83 (0.783), string-decidable
#   65/71 (0.915), by rule 65/71, date lines 65/71; the region's languages 45/48, en+zh 13/13, the
#   others 7/10. Opened in session 17: after its general fixes (neighbours' CLDR month names in full dates, an acronym run into a stamp,
#   letter-spaced type, colon dates, Solar Hijri after a slash and month-first with the day's ordinal)
#   71/83, string-decidable 71/71, by rule 71/71, date lines 71/71; one miss more breaks either floor.
# - dev18, the former holdout17 (59 strings, 55 sites; session 17, main 4f56ae5 and branch
#   s17-dates17fix alike, same run, aggregate lines only): 45/59 (0.763), string-decidable 45/47
#   (0.957), by rule 45/47, date lines 45/47; the region's languages 27/29, en+zh 8/8, the others
#   10/10. Opened in session 17 round 2: after its general fixes (a lone clock with a count after
#   it, 'dated' prepositions before a title's date) 47/59, string-decidable 47/47, by rule 47/47,
#   date lines 47/47; one miss more breaks either floor.
# - holdout18 (48 strings, 46 sites; session 17 round 2, main 38d3457 and branch s17-dates18fix
#   alike, same run, aggregate lines only): 44/48 (0.917), string-decidable 43/44 (0.977), by rule
#   43/44, date lines 43/44; the region's languages 19/20, en+zh 20/20, the others 4/4. Never read:
#   the held-out figure of record; one miss more breaks either floor.
BLIND_SPLIT_FLOORS = {  # split: (floor, at least rows, at least sites)
    "dev7": (0.995, 120, 80),
    "dev8": (0.995, 120, 80),
    "dev9": (0.88, 120, 75),
    "dev10": (0.74, 55, 40),
    "dev11": (0.86, 60, 50),
    "dev12": (0.80, 108, 90),
    "dev13": (0.76, 110, 80),
    "dev14": (0.97, 102, 80),
    "dev15": (0.995, 103, 80),
    "dev16": (0.995, 92, 80),
    "dev17": (0.995, 83, 72),
    "dev18": (0.995, 59, 55),
    "holdout18": (0.97, 48, 46),
}
# The same splits on the rows decidable by rule (benchmarks/date_string_decidable.py: the label
# is what a year-less or relative string means at its now). holdout8, session 13 (main cb7f666
# and branch s13-datefix6 alike): 99/105 (0.943), the region's languages 78/84, en+zh 21/21.
BY_RULE_FLOORS = {"dev7": 0.995, "dev8": 0.995, "dev9": 0.99, "dev10": 0.995, "dev11": 0.96, "dev12": 0.90,
                 "dev13": 0.88, "dev14": 0.995,
                 "dev15": 0.995, "dev16": 0.995, "dev17": 0.995,
                 "dev18": 0.995, "holdout18": 0.97}


@pytest.fixture(scope="module")
def all_splits():
    return run(DEFAULT_SET)


@pytest.mark.parametrize("split", sorted(BLIND_SPLIT_FLOORS))
def test_blind_split_score_floor(split, all_splits):
    floor, rows, sites = BLIND_SPLIT_FLOORS[split]
    ours = all_splits[("parse_date", split)]
    assert ours["total"] >= rows and ours["sites"] >= sites
    # a held-out split's rows are not printed: its misses are not to be read
    shown = ours["misses"] if split.startswith("dev") else len(ours["misses"])
    assert ours["decidable_accuracy"] >= floor, shown
    assert ours["rule_accuracy"] >= BY_RULE_FLOORS[split], shown
    assert all_splits[("dateparser.parse", split)]["accuracy"] < ours["accuracy"] - 0.2
