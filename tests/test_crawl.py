"""End to end: recorded sites on a real local HTTP server, crawled through Scrapy into SQLite."""

import json
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from .replay import COMPARED_FIELDS, aggregator, expected_pages, serve

JSON_FIELDS = ("authors", "tags")


@pytest.fixture()
def news_asia(tmp_path):
    server, overrides = serve(tmp_path, "news_asia")
    yield overrides
    server.stop()


def stored_articles(db_path):
    db = sqlite_utils.Database(db_path)
    rows = {}
    for row in db.query("select * from articles"):
        row["countries"] = [r["country"] for r in db.query(
            "select country from article_countries where article_id = ? order by country", [row["id"]])]
        for key in JSON_FIELDS:
            row[key] = json.loads(row[key])
        rows[urlsplit(row["url"]).path] = row
    return rows


def test_crawl_stores_every_field_as_expected_and_recrawl_adds_nothing(tmp_path, news_asia):
    db = tmp_path / "news.db"
    first = aggregator("crawl", "news_asia", "--sources", str(news_asia), "--db", str(db))
    assert first.returncode == 0, first.stderr[-3000:]
    rows = stored_articles(db)
    expected = expected_pages("news_asia")
    assert set(rows) == set(expected)
    for path, fields in expected.items():
        for name in COMPARED_FIELDS:
            assert rows[path][name] == fields[name], f"{path}: {name}"
    assert "news_asia" in first.stdout and "ok" in first.stdout

    second = aggregator("crawl", "news_asia", "--sources", str(news_asia), "--db", str(db), "--refresh")
    assert second.returncode == 0, second.stderr[-3000:]
    database = sqlite_utils.Database(db)
    assert database["articles"].count == len(expected)
    runs = list(database.query("select status, stats from crawl_runs order by id"))
    assert [r["status"] for r in runs] == ["ok", "ok"]
    assert json.loads(runs[1]["stats"])["unchanged"] == len(expected)


def test_stored_html_is_sanitised(tmp_path, news_asia):
    db = tmp_path / "news.db"
    assert aggregator("crawl", "news_asia", "--sources", str(news_asia), "--db", str(db)).returncode == 0
    for row in sqlite_utils.Database(db).query("select body_html from articles"):
        assert "<p>" in row["body_html"]
        for bad in ("<script", "<iframe", "onclick", "javascript:"):
            assert bad not in row["body_html"]


def test_incremental_run_skips_known_articles_and_stops_paging(tmp_path, news_asia):
    db = tmp_path / "news.db"
    assert aggregator("crawl", "news_asia", "--sources", str(news_asia), "--db", str(db)).returncode == 0
    again = aggregator("crawl", "news_asia", "--sources", str(news_asia), "--db", str(db))
    assert again.returncode == 0
    stats = json.loads(list(sqlite_utils.Database(db).query(
        "select stats from crawl_runs order by id desc limit 1"))[0]["stats"])
    # robots.txt, the feed and the first listing page only: nothing new, so no paging
    assert stats["requests"] == 3
    assert stats["new"] == stats["updated"] == 0


def test_scrapy_list_and_crawl_work_from_the_repository_root(tmp_path, news_asia):
    import subprocess
    import sys

    from .conftest import REPO

    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=REPO, capture_output=True, text=True)
    assert {"news_asia", "tengrinews", "kaktus", "kun_uz", "asiaplus"} <= set(listed.stdout.split())
    db = tmp_path / "scrapy.db"
    crawl = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news_asia", "-s", f"AGGREGATOR_SOURCES={news_asia}",
         "-s", f"AGGREGATOR_DB={db}", "-s", "LOG_LEVEL=WARNING"],
        cwd=REPO, capture_output=True, text=True, timeout=240)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert sqlite_utils.Database(db)["articles"].count == len(expected_pages("news_asia"))


def test_unknown_source_is_a_usage_error():
    result = aggregator("crawl", "no_such_source", "--db", "/nonexistent/x.db")
    assert result.returncode == 2
    assert "unknown source" in result.stderr
