"""Extraction quality on real recorded pages: the generic layers against trafilatura alone."""

from aggregator.extract import article_from_html
from benchmarks.bench_extraction import run


def test_generic_layers_reach_the_thresholds_on_real_pages(real_html):
    ours, trafilatura_alone = run(real_html)
    mean = lambda values: sum(values) / len(values)  # noqa: E731
    assert mean(ours.f1) >= mean(trafilatura_alone.f1), (mean(ours.f1), mean(trafilatura_alone.f1))
    assert sum(ours.titles) / len(ours.titles) >= 0.95, ours.misses
    assert sum(ours.days) / len(ours.days) >= 0.95, ours.misses


PAGE = """<html><head><title>{html_title}</title>
<meta property="og:title" content="{og}">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{seo}"}}</script>
</head><body><header><a href="/">Site</a></header><article>
<h1>{h1}</h1><p>{body}</p></article></body></html>"""
BODY = "Парламент одобрил закон о бюджете на следующий год. " * 8


def test_visible_h1_confirming_a_metadata_title_wins_over_an_seo_headline():
    html = PAGE.format(html_title="Бюджет принят | Site", og="Бюджет принят", seo="SEO: бюджет 2026",
                       h1="Бюджет принят", body=BODY)
    article = article_from_html(html, "https://example.org/a/1")
    assert article.title == "Бюджет принят"
    assert article.title_layer == "meta"


def test_an_unconfirmed_h1_does_not_replace_the_metadata_title():
    html = PAGE.format(html_title="Полный заголовок | Site", og="Полный заголовок", seo="Полный заголовок",
                       h1="Короткий вариант", body=BODY)
    assert article_from_html(html, "https://example.org/a/1").title == "Полный заголовок"
