"""Page dates without selectors: the page-date finder, the date choice, generated sites.

The crawl test generates held-out config-only sites (layouts and class names the model
was not fitted on), serves them on 127.0.0.1 and crawls them through the CLI.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import sqlite_utils
from lxml import html as lxml_html

from aggregator.enrich.date_choice import choose_article_date, is_yearless
from aggregator.enrich.steps import normalise_dates
from aggregator.extract.layers import extract_article
from aggregator.extract.page_dates import best_page_date, date_texts, url_date
from aggregator.items import Article
from aggregator.testing.sitegen import generate, generate_many, is_right

from .replay import aggregator

ALMATY = "Asia/Almaty"
NOW = datetime(2026, 2, 17, 12, 0, tzinfo=ZoneInfo(ALMATY))

PORTAL_PAGE = """<html><body>
<div class="top">вторник, 17 февраля 2026</div>
<header><nav><a href="/">Главная</a></nav></header>
<div class="page"><div class="story">
 <h1>Министры обсудили сотрудничество</h1>
 <div class="meta"><span>Сегодня, 07:58</span> · <span>Комментарии [0]</span></div>
 <div class="text"><p>{para}</p><p>{para}</p></div>
 <div class="read-also"><h3>Читайте также</h3><ul>
  <li><a href="/n/1">Первая новость дня о переговорах</a> <span>16.02.2026 10:00</span></li>
  <li><a href="/n/2">Вторая новость дня о торговле</a> <span>15.02.2026 18:30</span></li>
  <li><a href="/n/3">Третья новость о строительстве</a> <span>15.02.2026 09:10</span></li>
 </ul></div>
</div></div>
<footer>© 2011–2026 Портал</footer></body></html>""".replace(
    "{para}", "Стороны обсудили вопросы торговли, транспорта и энергетики в регионе. " * 4)


def page_pick(html: str, seen=None) -> str | None:
    best = best_page_date(date_texts(lxml_html.document_fromstring(html), ALMATY, NOW, seen))
    return best.text if best else None


def test_the_article_date_wins_over_the_banner_and_related_dates():
    assert page_pick(PORTAL_PAGE) == "Сегодня, 07:58 · Комментарии [0]"


def test_a_date_text_repeated_on_other_pages_is_site_furniture():
    page = PORTAL_PAGE.replace("Сегодня, 07:58", "")
    texts = {t.text: t for t in date_texts(lxml_html.document_fromstring(page), ALMATY, NOW,
                                           {"вторник, 17 февраля 2026": 5})}
    fresh = {t.text: t for t in date_texts(lxml_html.document_fromstring(page), ALMATY, NOW)}
    assert texts["вторник, 17 февраля 2026"].features["repeated"] == 1
    assert texts["вторник, 17 февраля 2026"].score < fresh["вторник, 17 февраля 2026"].score


def test_microdata_content_is_a_machine_candidate_and_the_visible_time_refines_it():
    html = PORTAL_PAGE.replace(
        '<span>Сегодня, 07:58</span>',
        '<span itemprop="datePublished" content="2021-01-20">10:14, 20 января 2021</span>')
    found = extract_article(html, "", tz="Asia/Bishkek", now=NOW)
    assert ["microdata", "2021-01-20"] in found.date_candidates
    chosen = choose_article_date(found.date_candidates, "Asia/Bishkek", NOW)
    assert chosen.parsed.published_at == "2021-01-20T04:14:00Z"


def test_json_ld_with_the_local_clock_labelled_utc_gives_way_to_the_visible_time():
    chosen = choose_article_date([("jsonld", "2026-02-17T07:58:00+00:00"), ("text", "Сегодня, 07:58")],
                                 ALMATY, NOW)
    assert (chosen.layer, chosen.parsed.published_at) == ("text", "2026-02-17T02:58:00Z")
    # an explicit local offset is the site's statement and stays
    chosen = choose_article_date([("jsonld", "2026-02-17T07:58:00+03:00"), ("text", "Сегодня, 07:58")],
                                 ALMATY, NOW)
    assert chosen.layer == "jsonld"


def test_the_feed_beats_a_weak_page_date_that_disagrees_and_a_precise_page_date_refines_it():
    feed = ("feed", "Tue, 17 Feb 2026 07:58:41 +0500")
    assert choose_article_date([("generic", "2026-02-15"), feed], ALMATY, NOW).layer == "feed"
    assert choose_article_date([("text", "16 февраля 2026"), feed], ALMATY, NOW).layer == "feed"
    assert choose_article_date([("text", "17 февраля 2026"), feed], ALMATY, NOW).layer == "feed"
    assert choose_article_date([("text", "Сегодня, 07:58"), feed], ALMATY, NOW).layer == "text"
    day_feed = ("feed", "2026-02-17")
    assert choose_article_date([("text", "Сегодня, 07:58"), day_feed], ALMATY, NOW).layer == "text"
    # a stated page date stays even when the feed disagrees
    assert choose_article_date([("jsonld", "2026-02-16T10:00:00+05:00"), feed], ALMATY, NOW).layer == "jsonld"


def test_url_dates_are_weak_candidates():
    assert url_date("https://x.kz/2022/01/10/slug") == "2022-01-10"
    assert url_date("https://x.tj/ru/news/20260217/v-dushanbe") == "2026-02-17"
    assert url_date("https://x.uz/2022-01-10-kak-tak") == "2022-01-10"
    assert url_date("https://x.uz/news/123456") is None
    assert choose_article_date([("url", "2022-01-10")], ALMATY, NOW).layer == "url"


def test_a_yearless_date_without_a_fetch_time_keeps_month_and_day_only():
    assert is_yearless("29 сентября", ALMATY) and is_yearless("16.02 17:40", ALMATY)
    assert not is_yearless("Вчера, 20:30", ALMATY) and not is_yearless("29 сентября 2025", ALMATY)
    article = normalise_dates(Article(date_candidates=[["text", "29 сентября"]]), ALMATY)
    assert (article.published_local, article.date_precision, article.published_at) == ("--09-29", "month-day", None)
    # a dated candidate wins over the year-less one
    article = normalise_dates(Article(date_candidates=[["text", "29 сентября"], ["url", "2022-09-29"]]), ALMATY)
    assert article.published_local == "2022-09-29"
    # with a fetch time the year comes from it
    article = normalise_dates(Article(date_candidates=[["text", "16.02 17:40"]],
                                      fetched_at="2026-02-17T07:00:00Z"), ALMATY)
    assert article.published_at == "2026-02-16T12:40:00Z"


def test_generated_sites_are_deterministic(tmp_path):
    a = generate("issue18", 100, tmp_path / "a")
    b = generate("issue18", 100, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files and all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    assert a.truth == b.truth and "selectors" not in a.entry


def test_held_out_generated_sites_crawled_without_selectors_get_their_dates(tmp_path):
    pairs = [("issue18", 100), ("relative", 101), ("jsonld_wrong_zone", 102), ("sidebar_latest", 100)]
    root = tmp_path / "sites"
    sites, registry = generate_many(pairs, root)
    db = tmp_path / "news.db"
    run = aggregator("crawl", *(s.name for s in sites), "--sources", str(registry),
                     "--replay-dir", str(root), "--db", str(db), "--logfile", "")
    assert run.returncode == 0, run.stderr[-3000:]
    rows = {(r["source"], urlsplit(r["url"]).path): r for r in sqlite_utils.Database(db).query(
        "select source, url, published_at, published_local from articles")}
    total = right = 0
    for site in sites:
        for path, truth in site.truth.items():
            row = rows.get((site.name, path), {})
            total += 1
            right += is_right(truth, row.get("published_at"), row.get("published_local"))
    assert total == 48
    assert right / total >= 0.98, f"{right}/{total}"
