"""The registry's monthly sitemap template (kaktus.media publishes one sitemap a month)."""

from __future__ import annotations

import scrapy
from scrapy.http import XmlResponse

from aggregator.crawl.spider import NewsSpider, _month_before
from aggregator.sources.registry import load_registry, source_from_dict

ENTRY = {"homepage": "https://example.kg/", "country": "KG", "language": "ru",
         "timezone": "Asia/Bishkek", "article_pattern": "/doc/\\d+",
         "monthly_sitemap": "https://example.kg/sitemap.php?year={year}&mount={month}"}
URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://example.kg/doc/101_a.html</loc><lastmod>2025-03-04T10:00:00+06:00</lastmod></url>
</urlset>"""
EMPTY = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>"""


def test_the_template_gets_a_two_digit_month_and_its_host_is_allowed():
    source = source_from_dict("example", ENTRY)
    assert source.monthly_sitemap_url(2024, 3) == "https://example.kg/sitemap.php?year=2024&mount=03"
    assert source.domains == ["example.kg"]
    kaktus = load_registry()["kaktus"]
    assert kaktus.monthly_sitemap_url(2021, 1).endswith("sitemap.xml&year=2021&mount=01")


def test_month_before_crosses_the_year():
    assert _month_before(2025, 1) == (2024, 12)
    assert _month_before(2025, 7) == (2025, 6)


def _spider(backfill: bool) -> NewsSpider:
    spider = NewsSpider(name="example", backfill=backfill)
    spider.source = source_from_dict("example", ENTRY)
    return spider


def _parse(spider, body: bytes, month):
    url = spider.source.monthly_sitemap_url(*month)
    return list(spider.parse_sitemap(XmlResponse(url, body=body), month=month))


def test_a_backfill_walks_back_while_months_list_articles():
    spider = _spider(backfill=True)
    out = _parse(spider, URLSET, (2025, 3))
    sitemaps = [r.url for r in out if r.callback == spider.parse_sitemap]
    articles = [r.url for r in out if r.callback == spider.parse_article]
    assert sitemaps == ["https://example.kg/sitemap.php?year=2025&mount=02"]
    assert articles == ["https://example.kg/doc/101_a.html"]
    assert not [r for r in _parse(_spider(backfill=True), EMPTY, (2015, 1))
                if isinstance(r, scrapy.Request)]


def test_a_regular_crawl_reads_only_the_months_it_asked_for():
    spider = _spider(backfill=False)
    out = _parse(spider, URLSET, (2025, 3))
    assert [r.url for r in out] == ["https://example.kg/doc/101_a.html"]
