"""Titles without selectors: the visible headline confirmed by a metadata title wins, the
site's name is dropped, and the generated held-out title layouts come out right."""

import tempfile
from pathlib import Path

import pytest

from aggregator.extract.layers import extract_article
from aggregator.extract.titles import strip_site_name
from aggregator.testing.evaluation import same_title
from benchmarks.bench_titles import generated_pages

HEAD = "Правительство утвердило план развития дорог"


def title_of(head: str, body: str, url: str = "https://kabar.example/news/1") -> str:
    html = f"<html><head>{head}</head><body>{body}<p>{'Текст новости. ' * 30}</p></body></html>"
    return extract_article(html, url).values["title"]


@pytest.mark.parametrize("metadata", [
    f"{HEAD} — 24.example", f"{HEAD} | Kapital.example", f"Газета.example: {HEAD}",
    f"{HEAD} - Новости Таджикистана", f"{HEAD} | Экономика | Kapital.example",
])
def test_a_visible_headline_confirmed_by_a_title_with_the_site_name_wins(metadata):
    head = f'<title>{metadata}</title><meta property="og:title" content="{metadata}">'
    body = f'<header><h1 class="logo"><a href="/">Портал</a></h1></header><div><h1>{HEAD}</h1></div>'
    assert title_of(head, body) == HEAD


def test_the_site_name_is_dropped_without_a_visible_headline():
    head = ('<meta property="og:title" content="Курс сома вырос | Kapital.example | Иван Петров">'
            '<meta property="og:site_name" content="Kapital.example">')
    assert title_of(head, "<div>Без заголовка</div>") == "Курс сома вырос"
    assert strip_site_name("Газета.uz: Курс сома вырос", ["газета uz"]) == "Курс сома вырос"
    # a colon inside the headline is no site name
    assert strip_site_name("Министр: курс сома вырос", ["газета uz"]) == "Министр: курс сома вырос"


def test_the_headline_after_a_kicker_element_wins_when_metadata_confirms_it():
    head = (f'<title>{HEAD} | Портал</title><meta property="og:title" content="{HEAD}">'
            f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Экономика: {HEAD}"}}</script>')
    body = f'<article><h1><span class="kicker">Экономика</span> {HEAD}</h1></article>'
    assert title_of(head, body) == HEAD


def test_a_headline_in_an_h2_or_itemprop_and_split_by_br_is_read():
    head = f'<title>{HEAD} - Портал</title>'
    assert title_of(head, f'<main><h2 class="article-title">{HEAD}</h2></main>') == HEAD
    assert title_of(head, f'<div itemprop="headline">{HEAD}</div>') == HEAD
    assert title_of(head, '<h1>Правительство утвердило<br>план развития дорог</h1>') == HEAD


def test_a_heading_that_is_the_metadata_title_after_its_kicker_wins():
    # the reader sees the headline; the social card adds a topic before it (issue 18, item 6)
    head = f'<meta property="og:title" content="Дороги: {HEAD}">'
    assert title_of(head, f"<article><h2 class='title'>{HEAD}</h2></article>") == HEAD
    head = f'<title>Дороги: {HEAD} | Портал</title>'
    assert title_of(head, f"<article><h2 class='title'>{HEAD}</h2></article>") == HEAD
    # a heading shorter than three words is no headline on that evidence
    assert title_of('<meta property="og:title" content="Главное: Дороги и мосты">',
                    "<article><h2 class='title'>Дороги</h2></article>") == "Главное: Дороги и мосты"


def test_a_related_story_does_not_confirm():
    related = f"<aside><h2 class='title'>{HEAD}</h2></aside>"
    assert title_of(f'<meta property="og:title" content="{HEAD} | Портал">', related) == f"{HEAD} | Портал"


def test_a_kicker_element_is_dropped_when_the_metadata_writes_it_before_the_headline():
    head = f'<meta property="og:title" content="Дороги: {HEAD}">'
    for heading in (f'<h1><span class="topline">Дороги</span> <span>{HEAD}</span></h1>',
                    f'<h1><span>Дороги</span><span class="visually-hidden">:</span> {HEAD}</h1>'):
        assert title_of(head, f"<article>{heading}</article>") == HEAD
    # inline markup that is not set off by a separator in the metadata stays
    head = f'<meta property="og:title" content="{HEAD}">'
    assert title_of(head, "<article><h1><em>Правительство</em> утвердило план развития дорог</h1></article>") == HEAD


def test_a_breadcrumb_h1_gives_way_to_the_displayed_headline():
    shown = "Дороги отремонтируют за два года"
    head = (f'<meta property="og:title" content="{HEAD}">'
            f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{shown}"}}</script>')
    body = (f'<main><ol class="breadcrumb"><li><a href="/">Главная</a></li><li><h1>{HEAD}</h1></li></ol>'
            f'<article><h2 class="article-headline">{shown}</h2></article></main>')
    assert title_of(head, body) == shown
    # with nothing else confirmed, the breadcrumb's h1 is still read
    assert title_of(f'<meta property="og:title" content="{HEAD} | Портал">',
                    f'<ol class="breadcrumb"><li><h1>{HEAD}</h1></li></ol>') == HEAD


def test_the_pages_own_spelling_of_a_confirmed_headline_wins():
    head = "<meta property=\"og:title\" content=\"Mexico's economy grew 1.1% in the 1st quarter...\">"
    assert title_of(head, "<article><h1>Mexico’s economy grew 1.1% in the 1st quarter</h1></article>") \
        == "Mexico’s economy grew 1.1% in the 1st quarter"


def test_a_logo_heading_is_no_headline_even_when_the_title_starts_with_the_site_name():
    head = f'<title>Kapital.example | {HEAD}</title><meta property="og:site_name" content="Kapital.example">'
    body = '<main><div class="site-title">Kapital.example</div><p>Без заголовка</p></main>'
    assert title_of(head, body) == HEAD


def test_generated_held_out_title_layouts_are_right():
    with tempfile.TemporaryDirectory() as tmp:
        pages = [p for p in generated_pages(Path(tmp)) if "held-out" in p["group"]]
    assert len(pages) == 4 * 3 * 12
    right = sum(same_title(extract_article(p["html"], p["url"]).values.get("title"), p["title"])
                for p in pages)
    assert right / len(pages) >= 0.98


def test_the_fundus_export_keeps_its_body_and_publication_date_in_the_real_html_format():
    from benchmarks.fundus_pages import _body, _published
    expected = {"title": "T", "publishing_date": "2024-05-03 15:47:42.389000+00:00",
                "body": {"summary": ["Lead. "],
                         "sections": [{"headline": [], "paragraphs": ["One.", " "]},
                                      {"headline": ["Part two"], "paragraphs": ["Two."]}]}}
    assert _body(expected) == "Lead.\nOne.\nPart two\nTwo."
    assert _published(expected) == "2024-05-03T15:47:42.389000+00:00"
    assert _body({}) == "" and _published({}) is None
