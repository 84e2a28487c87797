"""Hostile pages to the extractor (bounded work, logged refusals), non-HTML bodies,
links that are not http(s), and the discovery caps of the spider."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from aggregator.crawl.spider import NewsSpider
from aggregator.extract.bounds import MAX_TITLE_CHARS, PageRefused, not_html, page_refusal
from aggregator.extract.layers import article_from_html, extract_layers
from aggregator.extract.safe_urls import http_url, is_http_url
from aggregator.portal.feeds import _image, _link

BODY = "<p>" + "Текст новости о бюджете и дорогах. " * 20 + "</p>"


def page(head: str = "", body: str = BODY) -> str:
    return f"<html><head>{head}<title>Заголовок</title></head><body><article>{body}</article></body></html>"


REFUSED = {
    "100k attributes": "<html><body><p " + " ".join(f"a{i}=v" for i in range(100_000)) + ">x</p></body></html>",
    "attributes after a script": "<script>var a=1</script><p " + " ".join(f"a{i}=v" for i in range(1000)) + ">x</p>",
    "1000 quoted attributes": "<p " + " ".join(f'data-x{i}="{"v" * 5}"' for i in range(1000)) + ">x</p>",
    "60k flat elements": "<html><body>" + "<p>ab</p>" * 60_000 + "</body></html>",
    "30k nested divs": "<div>" * 30_000 + "x" + "</div>" * 30_000,
    "9 MB page": "<html><body><p>" + "x" * 9_000_000 + "</p></body></html>",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_pages_beyond_the_bounds_are_refused_fast_with_a_reason(name):
    started = time.monotonic()
    with pytest.raises(PageRefused) as refused:
        article_from_html(REFUSED[name], "https://x.kg/a/1")
    assert time.monotonic() - started < 2
    assert "limit" in str(refused.value)
    with pytest.raises(PageRefused):
        extract_layers(REFUSED[name], "https://x.kg/a/1")


ACCEPTED = {
    "a script full of a<b": page(body=BODY + "<script>" + "if(a<b){c()}" * 40_000 + "</script>"),
    "an unclosed script": page(body=BODY + "<script>" * 50_000),
    # minified code as real pages serve it: "i<n.length;..." then thousands of characters
    # without < or >, which read as one tag of hundreds of "attributes" outside a script
    "a minified script with a long a<b run": page(body=BODY + "<script>for(i=0;i<n.length;i++){"
                                                   + "var x=f(a,b) ;" * 2_000 + "}</script>"),
    "a long data: image tag": page(body=BODY + '<img src="data:image/png;base64,' + "A" * 200_000 + '">'),
    "300 attributes": page(body="<p " + " ".join(f"a{i}=v" for i in range(300)) + ">" + BODY + "</p>"),
    "JSON-LD nested 100k": page(head='<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"),
    "broken JSON-LD": page(head='<script type="application/ld+json">{"@type": "NewsArticle", </script>'),
    "JSON body": '{"title": "x", "body": "<p>y</p>"}',
    "JSON array body": "[1, 2, 3]",
    "empty": "",
    "only text": "just some text",
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_odd_pages_within_the_bounds_are_extracted_quickly(name):
    started = time.monotonic()
    article = article_from_html(ACCEPTED[name], "https://x.kg/a/1")
    assert time.monotonic() - started < 10
    assert article.url == "https://x.kg/a/1"


def test_a_huge_title_is_capped():
    article = article_from_html(page(head="", body=f"<h1>{'Слово ' * 200_000}</h1>{BODY}"), "https://x.kg/a/1")
    assert len(article.title) <= MAX_TITLE_CHARS + 1


@pytest.mark.parametrize("value", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:image/png;base64,AAAA",
    "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://x.kg/a.jpg", "http://[::1", "mailto:a@b.kg",
    "jar:http://x.kg!/a", "javascript://x.kg/%0aalert(1)",
])
def test_og_image_and_canonical_that_are_not_http_are_dropped(value, caplog):
    html = page(head=f'<meta property="og:image" content="{value}"><link rel="canonical" href="{value}">')
    article = article_from_html(html, "https://x.kg/a/1")
    assert article.image_url is None and article.canonical_url is None
    assert "not an http(s) URL" in caplog.text


@pytest.mark.parametrize("value,expected", [
    ("/img/a.jpg", "https://x.kg/img/a.jpg"), ("//cdn.x.kg/a.jpg", "https://cdn.x.kg/a.jpg"),
    ("http://x.kg/a.jpg", "http://x.kg/a.jpg"), ("HTTPS://X.KG/a.jpg", "https://X.KG/a.jpg"),
])
def test_relative_and_http_images_are_kept_absolute(value, expected):
    assert http_url(value, "https://x.kg/a/1") == expected
    assert is_http_url(expected)


@pytest.mark.parametrize("body,what", [
    (b'{"a": 1}', "a JSON document"), (b"  [1, 2]", "a JSON document"),
    (b"\xef\xbb\xbf{\"a\": 1}", "a JSON document"), (b"%PDF-1.7 ...", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n\0\0", "a PNG image"), (b"\xff\xd8\xff\xe0", "a JPEG image"),
    (b"GIF89a", "a GIF image"), (b"PK\x03\x04", "a ZIP archive"), (b"\x00\x01\x02abc", "binary data"),
    (b"<html><body>fine</body></html>", None), (b"{not json but text", None),
    (b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00", None),
])
def test_bodies_that_are_not_html_are_named(body, what):
    assert not_html(body) == what


def test_page_refusal_is_none_for_a_normal_page():
    assert page_refusal(page()) is None


@pytest.mark.parametrize("column", ["canonical_url", "url", "image_url"])
def test_feeds_never_emit_a_stored_non_http_link(column):
    article = {"canonical_url": "https://x.kg/1", "url": "https://x.kg/1", "image_url": "https://x.kg/i.jpg"}
    article[column] = "javascript:alert(1)"
    link = _link(article)
    assert link is None or link.startswith("https://")
    assert _image(article) in (None, "https://x.kg/i.jpg")


# --- discovery caps --------------------------------------------------------------------

def _spider(max_urls: int = 5, depth: int = 3) -> NewsSpider:
    spider = NewsSpider(name="capped")
    stats = MemoryStatsCollector(SimpleNamespace(settings=Settings({"STATS_DUMP": False})))
    spider.crawler = SimpleNamespace(stats=stats, spider=spider)
    spider.source = SimpleNamespace(article_pattern=None)
    spider.max_article_urls, spider.sitemap_max_depth = max_urls, depth
    return spider


def test_the_per_run_url_cap_stops_discovery_with_one_log_line(caplog):
    spider = _spider(max_urls=5)
    requests = [r for i in range(50) for r in spider.article_request(f"https://x.kg/a/{i}", {}, "feed")]
    assert len(requests) == 5
    assert sum("AGGREGATOR_MAX_ARTICLE_URLS" in r.message for r in caplog.records) == 1
    assert spider.crawler.stats.get_value("aggregator/dropped/url_cap") == 1


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "http://[::1", "ftp://x.kg/a"])
def test_non_http_article_links_are_never_requested(url, caplog):
    spider = _spider()
    assert list(spider.article_request(url, {}, "feed")) == []
    assert "not http(s)" in caplog.text
