"""Page dates when the source's zone is unknown, dates read against the fetch moment,
and ``<time>`` elements that date something other than the article.

Every page here is a small synthetic one; the rules are general facts about how pages
write dates (see ``aggregator.enrich.date_zone``, ``date_choice``, ``page_dates``).
"""

from __future__ import annotations

from datetime import datetime, timezone

from lxml import html as lxml_html

from aggregator.enrich.date_choice import choose_article_date, reads_fetch_time
from aggregator.enrich.dates import parse_date
from aggregator.enrich.steps import StepContext, dates, normalise_dates
from aggregator.extract.layers import extract_article
from aggregator.extract.page_dates import article_time_values
from aggregator.items import Article

FETCHED = "2026-12-07T05:00:00Z"
NOW = datetime(2026, 12, 7, 5, 0, tzinfo=timezone.utc)


def local_of(candidates, tz=None, fetched_at=FETCHED) -> Article:
    return normalise_dates(Article(date_candidates=[list(c) for c in candidates], fetched_at=fetched_at), tz)


# --- the page's own offset when no zone is known ------------------------------------------


def test_an_offset_the_page_wrote_is_its_local_time_when_no_zone_is_known():
    article = local_of([("jsonld", "2020-06-07T23:30:00-04:00")])
    assert article.published_at == "2020-06-08T03:30:00Z"
    assert article.published_local == "2020-06-07T23:30:00-04:00"


def test_a_known_zone_still_shows_every_instant_in_that_zone():
    article = local_of([("jsonld", "2020-06-07T23:30:00-04:00")], tz="UTC")
    assert article.published_local == "2020-06-08T03:30:00+00:00"
    article = local_of([("jsonld", "2020-06-07T23:30:00-04:00")], tz="Asia/Almaty")
    assert article.published_local == "2020-06-08T09:30:00+06:00"


def test_a_visible_wall_clock_shows_the_offset_of_a_utc_instant():
    article = local_of([("jsonld", "2020-02-25T02:25:54Z"), ("text", "February 24, 2020 | 9:25pm")])
    assert article.date_layer == "jsonld"
    assert article.published_at == "2020-02-25T02:25:54Z"
    assert article.published_local == "2020-02-24T21:25:54-05:00"


def test_a_machine_wall_clock_with_the_same_seconds_shows_the_offset():
    article = local_of([("jsonld", "2023-11-09T05:30:59Z"), ("time", "2023-11-08 23:30:59")])
    assert article.published_local == "2023-11-08T23:30:59-06:00"


def test_another_date_of_the_same_instant_with_its_offset_gives_the_zone():
    article = local_of([("jsonld", "2019-10-18T22:04:00Z"), ("meta", "Sat, 19 Oct 2019 00:04:00 +0200")])
    assert article.published_local == "2019-10-19T00:04:00+02:00"


def test_a_wall_clock_that_is_not_the_same_minute_says_nothing_of_the_zone():
    # an update time, 3 h 07 min later: no whole number of quarter hours
    article = local_of([("jsonld", "2020-02-25T02:25:54Z"), ("text", "February 25, 2020 | 5:32am")])
    assert article.published_local == "2020-02-25T02:25:54+00:00"
    # other seconds, though the minutes would fit
    article = local_of([("jsonld", "2023-11-09T05:30:59Z"), ("time", "2023-11-08 23:30:12")])
    assert article.published_local == "2023-11-09T05:30:59+00:00"


def test_a_stated_day_next_to_the_utc_day_is_the_local_day():
    article = local_of([("jsonld", "2020-12-05T23:15:00Z"), ("url", "2020-12-06")])
    assert article.published_local == "2020-12-06T00:15:00+01:00"
    article = local_of([("jsonld", "2020-02-18T02:18:11Z"), ("url", "2020-02-17")])
    assert article.published_local == "2020-02-17T23:18:11-03:00"


def test_a_stated_day_no_real_zone_reaches_leaves_the_utc_day():
    # 12:00 UTC is on the previous day only west of UTC-12
    article = local_of([("jsonld", "2020-12-05T12:00:00Z"), ("url", "2020-12-04")])
    assert article.published_local == "2020-12-05T12:00:00+00:00"
    # and a day two days away is another date, not an offset
    article = local_of([("jsonld", "2020-12-05T23:15:00Z"), ("url", "2020-12-07")])
    assert article.published_local == "2020-12-05T23:15:00+00:00"


def test_the_generic_guess_is_no_statement_of_the_local_day():
    article = local_of([("jsonld", "2020-12-05T23:15:00Z"), ("generic", "2020-12-06")])
    assert article.published_local == "2020-12-05T23:15:00+00:00"


def test_the_dates_step_without_source_or_zone_keeps_the_pages_offset():
    assert not StepContext().zone_known
    assert StepContext(tz="Asia/Almaty").zone_known
    article = Article(date_candidates=[["jsonld", "2020-06-07T23:30:00+05:00"]], fetched_at=FETCHED)
    assert dates(article, StepContext()).published_local == "2020-06-07T23:30:00+05:00"
    article = Article(date_candidates=[["jsonld", "2020-06-07T23:30:00+05:00"]], fetched_at=FETCHED)
    assert dates(article, StepContext(tz="Europe/Moscow")).published_local == "2020-06-07T21:30:00+03:00"


# --- dates read against the fetch moment ---------------------------------------------------


def test_texts_whose_day_comes_from_the_fetch_moment():
    for text in ("16:45", "2:21 pm", "16 hours ago", "Вчера, 20:30", "29 сентября"):
        parsed = parse_date(text, "UTC", NOW)
        assert parsed is not None, text
        assert reads_fetch_time(text, parsed, "UTC", NOW), text
    for text in ("2020-03-23", "23 March 2020 05:01", "Tue Jan 28 15:28:56 CET 2020", "1580221736"):
        parsed = parse_date(text, "UTC", NOW)
        assert parsed is not None, text
        assert not reads_fetch_time(text, parsed, "UTC", NOW), text


def test_a_bare_time_does_not_move_a_day_the_page_states():
    chosen = choose_article_date([("jsonld", "2020-03-23"), ("text", "05:01 - Temps de lecture :")], "UTC", NOW)
    assert (chosen.layer, chosen.parsed.published_local) == ("jsonld", "2020-03-23")
    chosen = choose_article_date([("meta", "2020-08-16"), ("text", "By A. Writer • 16 hours ago")], "UTC", NOW)
    assert (chosen.layer, chosen.parsed.published_local) == ("meta", "2020-08-16")


def test_a_stated_day_displaces_a_machine_time_without_a_day():
    chosen = choose_article_date([("microdata", "9:05 PM"), ("text", "Wednesday, March 30, 2011")], "UTC", NOW)
    assert (chosen.layer, chosen.parsed.published_local) == ("text", "2011-03-30")


def test_a_relative_time_on_the_stated_day_still_refines_it():
    chosen = choose_article_date([("meta", "2026-12-06"), ("text", "Вчера, 20:30")], "UTC", NOW)
    assert chosen.layer == "text"
    assert chosen.parsed.published_at == "2026-12-06T20:30:00Z"


def test_the_weak_guess_does_not_displace_a_relative_date():
    # the generic extractor's guess is a guess: the relative text stays, as before
    chosen = choose_article_date([("text", "Вчера, 20:30"), ("generic", "2026-12-01")], "UTC", NOW)
    assert chosen.layer == "text"


# --- date forms -------------------------------------------------------------------------------


def test_asctime_dates_keep_their_year():
    parsed = parse_date("Tue Jan 28 15:28:56 CET 2020", "UTC", NOW)
    assert parsed.published_at == "2020-01-28T14:28:56Z"
    parsed = parse_date("Tue Jul 30 09:35:14 CEST 2019", "UTC", NOW)
    assert parsed.published_at == "2019-07-30T07:35:14Z"
    assert parse_date("Wed Jun 30 21:49:08 1993", "UTC", NOW).published_at == "1993-06-30T21:49:08Z"


# --- <time> elements that date something else ------------------------------------------------

TIMES_PAGE = """<html><body>
<article>
 <h1>Headline of the test article</h1>
 <div class="byline"><time datetime="2024-05-02T09:00:00+02:00">2 May 2024</time>
  · updated <time datetime="2024-05-03T10:00:00+02:00">3 May 2024</time></div>
 <p>First paragraph of the synthetic article text.</p>
 <blockquote class="embedded-post"><p>A quoted post</p>
  <time datetime="2023-01-10T08:00:00+00:00">10 Jan 2023</time></blockquote>
</article>
<aside><time datetime="2024-04-20">20 April</time></aside>
<div class="more-stories"><ul>
 <li class="story"><a href="/a">Another story</a><time datetime="2024-04-30">30 April</time></li>
 <li class="story"><a href="/b">Third story</a><time datetime="2024-04-29">29 April</time></li>
 <li class="story"><a href="/c">Fourth story</a><time datetime="2024-04-28">28 April</time></li>
</ul></div>
<div id="comments"><div class="reply"><span>A reader</span>
 <time datetime="2024-05-05T12:00:00+02:00">5 May</time></div></div>
</body></html>"""


def test_time_elements_of_embeds_asides_story_lists_and_comments_are_skipped():
    root = lxml_html.document_fromstring(TIMES_PAGE)
    assert article_time_values(root) == ["2024-05-02T09:00:00+02:00", "2024-05-03T10:00:00+02:00"]


def test_the_time_layer_offers_the_articles_own_time_first():
    found = extract_article(TIMES_PAGE.replace("2 May 2024", "").replace("3 May 2024", ""), "https://example.org/a")
    assert [text for layer, text in found.date_candidates if layer == "time"] == [
        "2024-05-02T09:00:00+02:00", "2024-05-03T10:00:00+02:00"]


def test_comment_and_quoted_times_alone_give_no_time_candidate():
    page = """<html><body><h1>Title</h1><p>Text of the page.</p>
    <ol class="comment-list"><li><time datetime="2019-08-24T03:36:11+02:00">24 August</time></li></ol>
    <blockquote class="instagram-media"><time datetime="2018-03-12T19:30:12+00:00">12 March</time></blockquote>
    </body></html>"""
    assert article_time_values(lxml_html.document_fromstring(page)) == []
