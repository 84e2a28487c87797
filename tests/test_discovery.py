"""What a spider knows of an article before its page: the same whichever path finds it first."""

from __future__ import annotations


import feedparser
from scrapy.http import HtmlResponse

from aggregator.sources.registry import load_registry
from aggregator.crawl.spider import NewsSpider
from aggregator.testing.replay import SITES

SITE = SITES / "news_asia"
PAGE = "https://www.news-asia.ru/view/2/1001"


def _spider() -> NewsSpider:
    spider = type("NewsAsiaSpider", (NewsSpider,), {"name": "news_asia"})()
    spider.source = load_registry()["news_asia"]
    return spider


def _feed_hints() -> dict:
    entry = next(e for e in feedparser.parse((SITE / "rss.xml").read_bytes()).entries
                 if e.link == PAGE)
    return {"title": entry.title, "lead": entry.summary, "date": entry.get("published"),
            "authors": []}


def _article(found_by: list[tuple[str, dict, str]]):
    """The article a spider makes of the recorded page when the paths in ``found_by``
    (url, hints, path) find it in that order."""
    spider = _spider()
    requests = [r for url, hints, via in found_by for r in spider.article_request(url, hints, via)]
    assert len(requests) == 1  # one request per article and run
    request = requests[0]
    response = HtmlResponse(request.url, body=(SITE / "view/2/1001/index.html").read_bytes(),
                            request=request)
    return spider.page_article(response, **request.cb_kwargs)


def test_feed_hints_reach_an_article_a_listing_found_first():
    feed = (PAGE + "?utm_source=rss", _feed_hints(), "feed")
    listing = (PAGE, {}, "listing")
    feed_first, listing_first = _article([feed, listing]), _article([listing, feed])
    assert feed_first.lead and feed_first.lead.startswith("В столице Таджикистан")
    fields = ("title", "lead", "body", "published_at", "authors", "date_layer")
    assert ({f: getattr(listing_first, f) for f in fields}
            == {f: getattr(feed_first, f) for f in fields})


def test_a_worse_path_found_later_changes_nothing():
    spider = _spider()
    assert len(list(spider.article_request(PAGE, _feed_hints(), "feed"))) == 1
    assert not list(spider.article_request(PAGE, {"date": "2026-02-17"}, "sitemap"))
    assert not list(spider.article_request(PAGE, {}, "listing"))
    assert spider.better_hints == {}


def test_a_better_path_found_after_the_page_was_parsed_leaves_nothing_behind():
    # the feed comes too late for this run's article: it must not linger in memory
    spider = _spider()
    request = next(iter(spider.article_request(PAGE, {}, "listing")))
    response = HtmlResponse(request.url, body=(SITE / "view/2/1001/index.html").read_bytes(),
                            request=request)
    assert spider.page_article(response, **request.cb_kwargs).title
    assert not list(spider.article_request(PAGE, _feed_hints(), "feed"))
    assert spider.better_hints == {}


def test_feeds_sitemaps_and_listings_are_fetched_before_article_pages():
    import asyncio

    async def starts():
        return [r async for r in _spider().start()]

    discovery = asyncio.run(starts())
    article = next(iter(_spider().article_request(PAGE, {}, "listing")))
    assert discovery and all(r.priority > article.priority for r in discovery)
