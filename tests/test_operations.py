"""Operations: the crawl lock, conditional feed requests, the log file, `aggregator health`."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import sqlite_utils

from aggregator.testing import replay
from aggregator.crawl.health import check_health
from aggregator.items import Article
from aggregator.crawl.lock import AlreadyRunning, CrawlLock
from aggregator.crawl.retry import BackoffRetryMiddleware
from aggregator.testing.replay import ReplayServer
from aggregator.sources.registry import load_registry
from aggregator.store import Store

from .conftest import REPO
from .replay import SITES, aggregator

FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")


# --- the lock ---------------------------------------------------------------------------------

def test_a_second_crawl_exits_at_once_with_status_3(tmp_path):
    db = tmp_path / "news.db"
    with CrawlLock(db):
        started = time.monotonic()
        result = aggregator("crawl", "news_asia", "--db", str(db))
        assert result.returncode == 3
        assert "already running" in result.stderr and f"pid {os.getpid()}" in result.stderr
        assert time.monotonic() - started < 20  # no crawling was attempted
        with pytest.raises(AlreadyRunning):
            CrawlLock(db).acquire()
    CrawlLock(db).acquire().release()


def test_the_lock_dies_with_a_killed_process(tmp_path):
    db = tmp_path / "news.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from aggregator.crawl.lock import CrawlLock; "
         "CrawlLock(sys.argv[1]).acquire(); print('locked', flush=True); time.sleep(60)", str(db)],
        cwd=REPO, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(AlreadyRunning):
        CrawlLock(db).acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    CrawlLock(db).acquire().release()  # the file is still there, the lock is not


def test_retry_waits_honour_retry_after_with_a_cap_else_back_off():
    from scrapy.http import Request, Response
    from scrapy.settings import Settings

    middleware = BackoffRetryMiddleware(Settings({"RETRY_AFTER_MAX": 30, "RETRY_BACKOFF_BASE": 0.5,
                                                  "RETRY_BACKOFF_MAX": 3}))
    request = Request("https://example.org/a")
    assert middleware.delay_for(request, Response(request.url, status=503, headers={"Retry-After": "7"})) == 7
    assert middleware.delay_for(request, Response(request.url, status=429, headers={"Retry-After": "999"})) == 30
    assert middleware.delay_for(request, Response(request.url, status=500, headers={"Retry-After": "7"})) == 0.5
    assert middleware.delay_for(request.replace(meta={"retry_times": 2})) == 2.0
    assert middleware.delay_for(request.replace(meta={"retry_times": 9})) == 3


# --- conditional requests, the log file ------------------------------------------------------

@pytest.fixture()
def news_asia_copy(tmp_path, monkeypatch):
    """A copy of the recorded news_asia site (so its feed can change), served; request log."""
    shutil.copytree(SITES / "news_asia", tmp_path / "sites" / "news_asia")
    requested: list[tuple[str, int, dict]] = []
    original = replay._Handler.do_GET

    def logging_get(handler):
        headers = dict(handler.headers)
        original(handler)
        requested.append((handler.path, handler._status, headers))

    def send_response(handler, code, message=None):
        handler._status = code
        return original_send(handler, code, message)

    original_send = replay._Handler.send_response
    monkeypatch.setattr(replay._Handler, "do_GET", logging_get)
    monkeypatch.setattr(replay._Handler, "send_response", send_response)
    server = ReplayServer(tmp_path / "sites")
    server.start()
    yield server.write_overrides(load_registry(), tmp_path / "replay.toml"), requested, tmp_path
    server.stop()


def last_run(db):
    return json.loads(list(sqlite_utils.Database(db).query(
        "select stats from crawl_runs order by id desc limit 1"))[0]["stats"])


def test_unchanged_feeds_answer_304_and_a_second_crawl_fetches_only_feed_and_first_listing_page(news_asia_copy):
    overrides, requested, tmp = news_asia_copy
    db = tmp / "news.db"
    crawl = ("crawl", "news_asia", "--sources", str(overrides), "--db", str(db), *FAST)

    assert aggregator(*crawl).returncode == 0
    assert last_run(db)["new"] == 4
    log = next((tmp / "logs").glob("crawl-*.log")).read_text(encoding="utf-8")  # beside the database
    assert "[news_asia]" in log and "Spider closed (finished)" in log
    assert sqlite_utils.Database(db)["feed_validators"].count == 1

    requested.clear()
    assert aggregator(*crawl).returncode == 0
    stats = last_run(db)
    assert stats["not_modified"] == 1 and stats["requests"] == 3 and stats["new"] == 0
    assert sorted((path, status) for path, status, _ in requested) == [
        ("/", 200), ("/robots.txt", 200), ("/rss/all", 304)]
    feed_headers = next(h for path, _, h in requested if path == "/rss/all")
    assert "If-None-Match" in feed_headers and "If-Modified-Since" in feed_headers

    # the feed changes: it is read in full again
    rss = tmp / "sites" / "news_asia" / "rss.xml"
    rss.write_bytes(rss.read_bytes().replace(b"</channel>", b"<!-- changed --></channel>"))
    requested.clear()
    assert aggregator(*crawl).returncode == 0
    assert last_run(db)["not_modified"] == 0
    assert ("/rss/all", 200) in [(p, s) for p, s, _ in requested]

    # --refresh sends no validators and fetches the known articles again
    requested.clear()
    assert aggregator(*crawl, "--refresh").returncode == 0
    assert all("If-None-Match" not in h for _, _, h in requested)
    assert last_run(db)["unchanged"] == 4
    runs = [r["status"] for r in sqlite_utils.Database(db).query("select status from crawl_runs")]
    assert runs == ["ok"] * 4


# --- health -----------------------------------------------------------------------------------------

def _run(store, source, started, new, status="ok", requests=10, failed=0, errors=0):
    store.db["crawl_runs"].insert({"started_at": started, "finished_at": started, "spiders": source,
                                   "status": status, "stats": json.dumps({
                                       "new": new, "requests": requests, "failed": failed, "errors": errors})})


def _articles(store, source, day, n, dated=True, start=0):
    store.upsert_articles([Article(
        url=f"https://{source}.example/{day}/{i}", canonical_url=f"https://{source}.example/{day}/{i}",
        source=source, title=f"Заголовок {i}", body="Текст статьи." if dated else "Текст.",
        body_layer="generic", date_layer="meta" if dated else None,
        published_at="2026-02-01T10:00:00Z" if dated else None,
        fetched_at=f"2026-02-{day:02d}T10:00:00Z") for i in range(start, start + n)])


@pytest.fixture()
def health_db(tmp_path):
    store = Store(tmp_path / "news.db")
    for day in range(1, 6):  # healthy history for both
        for source in ("steady", "quiet", "undated", "flaky"):
            _run(store, source, f"2026-02-{day:02d}T10:00:00Z", new=5)
            _articles(store, source, day, 5)
    for day in range(6, 9):  # then: the last three runs
        _run(store, "steady", f"2026-02-{day:02d}T10:00:00Z", new=5)
        _articles(store, "steady", day, 5)
        _run(store, "quiet", f"2026-02-{day:02d}T10:00:00Z", new=0)
        _run(store, "undated", f"2026-02-{day:02d}T10:00:00Z", new=5)
        _articles(store, "undated", day, 5, dated=False)
        _run(store, "flaky", f"2026-02-{day:02d}T10:00:00Z", new=2, failed=6,
             status="failed" if day == 8 else "ok", errors=6)
        _articles(store, "flaky", day, 2)
    store.close()
    return tmp_path / "news.db"


def test_health_reports_silent_failing_and_collapsed_sources(health_db):
    store = Store(health_db)
    problems = check_health(store, runs=3)
    store.close()
    kinds = {(p.source, p.kind) for p in problems}
    assert ("quiet", "silent") in kinds
    assert ("undated", "extraction") in kinds
    assert ("flaky", "failing") in kinds
    assert not [p for p in problems if p.source == "steady"]
    undated = next(p for p in problems if p.source == "undated")
    assert undated.message.startswith("date found in 0/15")


def test_health_command_exit_status(health_db, tmp_path):
    result = aggregator("health", "--db", str(health_db), "--runs", "3")
    assert result.returncode == 4
    assert "quiet" in result.stdout and "silent" in result.stdout
    document = json.loads(aggregator("health", "--db", str(health_db), "--json").stdout)
    assert document["healthy"] is False and document["runs"] == 3
    assert {p["source"] for p in document["problems"]} == {"quiet", "undated", "flaky"}
    fresh = tmp_path / "fresh.db"
    Store(fresh).close()
    ok = aggregator("health", "--db", str(fresh))
    assert ok.returncode == 0 and "all sources healthy" in ok.stdout
    healthy = aggregator("health", "--db", str(fresh), "--json")
    assert healthy.returncode == 0
    assert json.loads(healthy.stdout) == {"healthy": True, "runs": 3, "problems": []}
