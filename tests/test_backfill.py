"""news-asia.ru archive backfill: a generated 30-page archive walked completely, an
interrupted walk resumed from its job directory, and a normal run that stops paging."""

from __future__ import annotations

import json
import pickle
from collections import Counter
from pathlib import Path

import pytest
import sqlite_utils

from aggregator.testing import replay
from aggregator.testing.replay import ReplayServer
from aggregator.sources.registry import Listing, load_registry

from .replay import aggregator

PAGES, PER_PAGE = 30, 2
FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")


def _page(title: str, body: str) -> bytes:
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251" />'
            f"<title>{title} - News-Asia</title></head><body>{body}</body></html>").encode("cp1251")


def make_archive(root: Path) -> Path:
    """A news_asia site whose archive has PAGES listing pages of PER_PAGE articles each."""
    site = root / "news_asia"
    site.mkdir(parents=True)
    routes = []
    months = ["января", "февраля", "марта", "апреля", "мая", "июня"]
    for page in range(1, PAGES + 1):
        items = []
        for i in range(PER_PAGE):
            n = (PAGES - page) * PER_PAGE + (PER_PAGE - i)  # newest first
            day, month = 1 + n % 28, months[n % 6]
            items.append(f'<div class="news-item"><span class="date">{day} {month} 2012 10:{n % 60:02d}</span>'
                         f'<a class="title" href="/view/9/{n}">Новость архива номер {n}</a></div>')
            article = site / "view" / "9" / str(n)
            article.mkdir(parents=True)
            (article / "index.html").write_bytes(_page(f"Новость архива номер {n}", (
                f'<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/view/9">Экономика</a></div>'
                f'<h1 class="title">Новость архива номер {n}</h1><div class="content">'
                f"<p>В Бишкеке прошло заседание правительства Кыргызстана, посвященное вопросу номер {n}.</p>"
                f"<p>Участники обсудили бюджет и планы на следующий год.</p></div>"
                f'<div class="article-info"><span class="date">{day} {month} 2012 10:{n % 60:02d}</span>'
                f'<a class="comments" href="#c">Комментарии [{n % 5}]</a></div>')))
        listing = _page("Архив", '<div class="news-list">' + "".join(items) + "</div>"
                        f'<div class="pager"><a href="/?pg={page + 1}">{page + 1}</a></div>')
        name = "index.html" if page == 1 else f"archive-{page}.html"
        (site / name).write_bytes(listing)
        if page > 1:
            routes.append(f'"/?pg={page}" = {{ file = "{name}", type = "text/html" }}')
    (site / "archive-end.html").write_bytes(_page("Архив", '<div class="news-list"></div>'))
    routes.append(f'"/?pg={PAGES + 1}" = {{ file = "archive-end.html", type = "text/html" }}')
    (site / "site.toml").write_text('origin = "https://www.news-asia.ru"\n'
                                    'recorded_at = "2026-02-17T09:30:00+03:00"\n[routes]\n'
                                    + "\n".join(routes) + "\n", encoding="utf-8")
    return root


@pytest.fixture()
def archive(tmp_path, monkeypatch):
    """The generated archive served on 127.0.0.1; a log of the paths requested."""
    requested: list[str] = []
    original = replay._Handler.do_GET

    def logging_get(handler):
        requested.append(handler.path)
        return original(handler)

    monkeypatch.setattr(replay._Handler, "do_GET", logging_get)
    server = ReplayServer(make_archive(tmp_path / "sites"))
    server.start()
    overrides = server.write_overrides(load_registry(), tmp_path / "replay-sources.toml")
    yield overrides, requested
    server.stop()


def _listing_paths(requested):
    return [p for p in requested if p == "/" or p.startswith("/?pg=")]


def _articles(db) -> int:
    return sqlite_utils.Database(db)["articles"].count


def test_listing_requests_pickle_for_a_job_directory():
    listing = load_registry()["news_asia"].listings[0]
    assert pickle.loads(pickle.dumps(listing)) == listing
    assert isinstance(listing, Listing)


def test_backfill_walks_the_whole_archive(tmp_path, archive):
    overrides, requested = archive
    db, jobs = tmp_path / "news.db", tmp_path / "jobs"
    result = aggregator("crawl", "news_asia", "--backfill", "--sources", str(overrides), "--db", str(db),
                        "--jobdir", str(jobs), *FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    listing = Counter(_listing_paths(requested))
    assert set(listing) == {"/", *(f"/?pg={p}" for p in range(2, PAGES + 2))}  # page 31: empty, the end
    assert _articles(db) == PAGES * PER_PAGE
    assert not (jobs / "news_asia").exists()  # a finished backfill leaves no resume state


def test_interrupted_backfill_resumes_without_refetching_done_pages(tmp_path, archive):
    overrides, requested = archive
    db, jobs = tmp_path / "news.db", tmp_path / "jobs"
    args = ("crawl", "news_asia", "--backfill", "--sources", str(overrides), "--db", str(db), "--jobdir", str(jobs))
    first = aggregator(*args, *FAST, "-s", "CLOSESPIDER_PAGECOUNT=8")
    assert "closespider_pagecount" in first.stdout
    assert (jobs / "news_asia" / "requests.seen").is_file()
    done_first = len(requested)
    stored_first = _articles(db)
    assert 0 < stored_first < PAGES * PER_PAGE

    second = aggregator(*args, *FAST)
    assert second.returncode == 0, second.stderr[-3000:]
    assert _articles(db) == PAGES * PER_PAGE
    pages = [p for p in requested if p != "/robots.txt"]
    repeated = {p: n for p, n in Counter(pages).items() if n > 1}
    assert not repeated, f"fetched twice: {repeated}"
    assert len(requested) > done_first
    assert not (jobs / "news_asia").exists()


def test_normal_run_stops_paging_at_a_page_of_known_articles(tmp_path, archive):
    overrides, requested = archive
    db = tmp_path / "news.db"
    first = aggregator("crawl", "news_asia", "--sources", str(overrides), "--db", str(db), *FAST)
    assert first.returncode == 0, first.stderr[-3000:]
    assert _listing_paths(requested) and len(set(_listing_paths(requested))) == 3  # LISTING_MAX_PAGES
    requested.clear()
    again = aggregator("crawl", "news_asia", "--sources", str(overrides), "--db", str(db), *FAST)
    assert again.returncode == 0
    assert _listing_paths(requested) == ["/"]  # page 1 holds only known articles: stop
    stats = json.loads(list(sqlite_utils.Database(db).query(
        "select stats from crawl_runs order by id desc limit 1"))[0]["stats"])
    assert stats["new"] == 0
