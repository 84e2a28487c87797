"""Page dates: what a page's evidence says when there is no fetch moment, a year-less
date beside the same date written in full, the page's own clock, and the URL's day.

Every page and candidate here is synthetic; the rules are general facts about how pages
write dates (``aggregator.enrich.steps.normalise_dates``, ``enrich.date_choice``,
``extract.page_dates``).
"""

from __future__ import annotations

from datetime import datetime, timezone

from lxml import html as lxml_html

from aggregator.enrich.date_choice import choose_article_date
from aggregator.enrich.dates import parse_date
from aggregator.enrich.steps import normalise_dates
from aggregator.extract.page_dates import DateText, date_texts, with_year
from aggregator.items import Article

NOW = datetime(2026, 12, 7, 5, 0, tzinfo=timezone.utc)


def dated(candidates, fetched_at=None, tz=None) -> Article:
    return normalise_dates(Article(date_candidates=[list(c) for c in candidates], fetched_at=fetched_at), tz)


# --- no fetch moment: a day read from it is no day --------------------------------------


def test_without_a_fetch_moment_a_bare_time_gives_way_to_any_dated_candidate():
    for text in ("08:00", "2:21 pm", "Сегодня 06:15", "3 hours ago"):
        article = dated([("microdata", text), ("generic", "2018-06-05")])
        assert (article.date_layer, article.published_local) == ("generic", "2018-06-05"), text


def test_with_a_fetch_moment_the_bare_time_keeps_its_day():
    article = dated([("text", "08:00"), ("generic", "2018-06-05")], fetched_at="2026-12-07T10:00:00Z")
    assert (article.date_layer, article.published_local) == ("text", "2026-12-07T08:00:00+00:00")


def test_without_a_fetch_moment_a_bare_time_alone_gives_no_date():
    article = dated([("text", "Сегодня 06:15")])
    assert (article.published_at, article.published_local, article.date_precision) == (None, None, None)
    assert (article.date_layer, article.date_raw) == ("text", "Сегодня 06:15")


def test_without_a_fetch_moment_a_bare_time_is_kept_whatever_the_hour_of_the_run():
    # read against the real clock, a time later in the day was "in the future" and lost
    for tz in ("UTC", "Asia/Bishkek", "America/New_York"):
        for text in ("Сегодня 23:58", "23:58", "Today, 11:58 PM"):
            article = dated([("text", text)], tz=tz)
            assert (article.published_at, article.date_precision) == (None, None), (tz, text)
            assert (article.date_layer, article.date_raw) == ("text", text), (tz, text)


def test_without_a_fetch_moment_dated_candidates_choose_as_before():
    article = dated([("jsonld", "2020-03-23T10:00:00+02:00"), ("text", "23 March 2020")])
    assert article.published_local == "2020-03-23T10:00:00+02:00"


# --- a year-less date completed by the same date in full --------------------------------


def _text(text: str, score: float) -> DateText:
    return DateText(text, parse_date(text, "UTC", NOW), {}, score)


def test_a_yearless_best_text_takes_the_full_date_of_the_same_day_and_month():
    prose = _text("подписал сегодня, 10 августа, премьер-министр", 0.63)
    texts = [prose, _text("вторник, 17 февраля 2026", 0.54), _text("10 августа 2011 16:51", 0.44)]
    assert with_year(prose, texts, "UTC").text == "10 августа 2011 16:51"


def test_a_yearless_best_text_without_a_full_twin_stays():
    prose = _text("подписал сегодня, 10 августа", 0.63)
    assert with_year(prose, [prose, _text("11 августа 2011", 0.5)], "UTC") is prose
    full = _text("10 августа 2011", 0.7)
    assert with_year(full, [full, _text("10 августа 2012 12:00", 0.5)], "UTC") is full


# --- the page's clock ---------------------------------------------------------------------


def test_a_date_labelled_as_the_current_time_is_not_a_date_text():
    page = """<html><body><div class="navbar"><p>It is currently 14.10.2020, 12:18</p>
    <p>Aktuelle Zeit: 14.10.2020, 12:18</p></div><h1>Topic title</h1>
    <div class="postbody"><p class="author">by r23 » 21.01.2009, 05:42</p></div></body></html>"""
    texts = [t.text for t in date_texts(lxml_html.document_fromstring(page), "UTC", NOW)]
    assert texts == ["by r23 » 21.01.2009, 05:42"]


# --- the URL's day ------------------------------------------------------------------------


def test_the_urls_day_outweighs_a_day_only_text_on_another_day():
    chosen = choose_article_date([("text", "Ergebnisse 19.5.2007"), ("generic", "2007-05-20"),
                                  ("url", "2007-05-20")], "UTC", NOW)
    assert (chosen.layer, chosen.parsed.published_local) == ("url", "2007-05-20")


def test_a_text_with_a_time_or_a_stated_date_keeps_its_day_against_the_url():
    chosen = choose_article_date([("text", "19.05.2007 23:30"), ("url", "2007-05-20")], "UTC", NOW)
    assert chosen.layer == "text"
    chosen = choose_article_date([("jsonld", "2007-05-19"), ("url", "2007-05-20")], "UTC", NOW)
    assert chosen.layer == "jsonld"
