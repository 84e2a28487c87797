"""Extraction and the stateless steps in worker processes (aggregator.crawl.offload): the
same articles as inline, the crawl's state (repeated date texts) still counted, and the
step pipelines doing each step exactly once."""

import json
import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlsplit

import sqlite_utils
from scrapy.settings import Settings

from aggregator.crawl import settings as crawl_settings
from aggregator.crawl.offload import DONE_STEPS, PageJob, PageOffload, extract_page, offloaded_steps
from aggregator.crawl.pipelines import STEP_PIPELINES, CleanPipeline, LanguagePipeline
from aggregator.enrich import steps
from aggregator.extract import page_dates
from aggregator.extract.layers import article_from_html
from aggregator.items import Article
from aggregator.sources.registry import load_registry

from .conftest import REPO
from .replay import aggregator, serve

DATE_BANNER = "<div class='top'>12 марта 2026</div>"
PAGE = ("<html><head><title>Токаев встретился с Мирзиёевым в Ташкенте</title></head><body>"
        + DATE_BANNER + "<article><h1>Токаев встретился с Мирзиёевым в Ташкенте</h1>"
        "<time>5 марта 2026, 10:15</time><p>Президент Казахстана Касым-Жомарт Токаев провёл "
        "переговоры с президентом Узбекистана Шавкатом Мирзиёевым в Ташкенте. Стороны обсудили "
        "торговлю, транзит и водные ресурсы региона.</p><p>Жапаров также прибыл в Ташкент.</p>"
        "</article></body></html>")


def _source():
    return next(s for s in load_registry().values() if s.language == "ru")


def _job(page: str = PAGE, repeated: frozenset = frozenset(),
         step_names: tuple = tuple(s.__name__ for s in steps.STEPS)) -> PageJob:
    return PageJob(page.encode("utf-8"), "https://example.kz/news/1", "utf-8", _source(), {},
                   "2026-03-12T08:00:00Z", repeated, step_names)


def test_a_worker_gives_the_article_the_inline_extraction_and_steps_give():
    result = extract_page(_job())
    seen: dict = {}
    inline = article_from_html(PAGE, "https://example.kz/news/1", _source(), {},
                               fetched_at="2026-03-12T08:00:00Z", seen_dates=seen)
    context = steps.StepContext(_source())
    for step in steps.STEPS:
        inline = step(inline, context)
    assert result.refused is None
    assert result.article.to_dict() == inline.to_dict()
    assert result.article.countries and result.article.entities and result.article.lang == "ru"
    assert getattr(result.article, DONE_STEPS) == {s.__name__ for s in steps.STEPS}
    assert result.date_texts == frozenset(seen)  # what the spider counts for the next pages


def test_the_spiders_repeated_date_texts_reach_the_worker(monkeypatch):
    banner = next(t for t in extract_page(_job()).date_texts if "12 марта" in t)
    counts = []
    real = page_dates.date_texts

    def date_texts(root, tz, now, seen):
        counts.append(seen.get(banner, 0))
        return real(root, tz, now, seen)

    monkeypatch.setattr(page_dates, "date_texts", date_texts)
    extract_page(_job(repeated=frozenset({banner})))
    extract_page(_job())
    assert counts == [page_dates.REPEAT_PAGES, 0]  # seen on other pages enough to count; not


def test_a_refused_page_comes_back_as_a_reason():
    result = extract_page(_job(page="<html><body>" + "<div>" * 200_000 + "</body></html>"))
    assert result.article is None and result.refused


def test_a_worker_runs_the_step_pipelines_that_open_item_pipelines_and_no_more():
    base = Settings()
    base.setmodule(crawl_settings)
    assert offloaded_steps(base, STEP_PIPELINES) == tuple(s.__name__ for s in steps.STEPS)
    custom = Settings()
    custom.setmodule(crawl_settings)
    pipelines = dict(crawl_settings.ITEM_PIPELINES)
    pipelines["aggregator.crawl.item_queue.QueueItemPipeline"] = 250  # between dates and language
    custom.set("ITEM_PIPELINES", pipelines)
    assert offloaded_steps(custom, STEP_PIPELINES) == ("clean", "dates")


class _Crawler:
    class settings:  # noqa: N801 -- stands in for Scrapy's Settings
        get = staticmethod(lambda name, default=None: default)

    spider = None


def test_a_step_pipeline_passes_on_what_a_worker_did_and_does_the_rest():
    article = Article(url="https://example.kz/a", title="Новости", body="Текст на русском языке.")
    setattr(article, DONE_STEPS, frozenset({"clean", "language"}))
    article.lang = "marked by the worker"
    assert LanguagePipeline(_Crawler()).process_item(article).lang == "marked by the worker"
    fresh = Article(url="https://example.kz/a", title="Новости", body="Текст на русском языке.")
    assert LanguagePipeline(_Crawler()).process_item(fresh).lang == "ru"
    # cleaned by a worker, the item had a title or body before: not dropped afterwards
    cleaned = Article(url="https://example.kz/a", title="", body="")
    setattr(cleaned, DONE_STEPS, frozenset({"clean"}))
    assert CleanPipeline(_Crawler()).process_item(cleaned) is cleaned


def _stored(db_path):
    db = sqlite_utils.Database(db_path)
    rows = {}
    for row in db.query("select * from articles"):
        entities = list(db.query(
            "select e.type, e.name, ae.mentions from article_entities ae join entities e "
            "on e.id = ae.entity_id where ae.article_id = ? order by e.type, e.name", [row["id"]]))
        for name in ("id", "story_id", "first_seen_at", "fetched_at", "stored_at", "updated_at"):
            row.pop(name, None)
        rows[urlsplit(row.pop("url")).path] = (json.dumps(row, sort_keys=True, default=str), entities)
    return rows


def test_a_crawl_with_workers_stores_what_an_inline_crawl_stores(tmp_path):
    server, overrides = serve(tmp_path, "news_asia")
    try:
        stored = []
        for workers in (0, 2):
            db = tmp_path / f"news{workers}.db"
            done = aggregator("crawl", "news_asia", "--sources", str(overrides), "--db", str(db),
                              "-s", f"AGGREGATOR_EXTRACT_WORKERS={workers}")
            assert done.returncode == 0, done.stderr[-3000:]
            stored.append(_stored(db))
    finally:
        server.stop()
    assert stored[0] and stored[0] == stored[1]


def test_the_spiders_of_one_process_share_one_pool():
    first = PageOffload.acquire(1)
    try:
        assert PageOffload.acquire(3) is first  # a second spider of the same crawl
        PageOffload.release()
        assert PageOffload._shared is first
    finally:
        PageOffload.release()
    assert PageOffload._shared is None


def test_workers_end_when_their_crawl_is_killed(tmp_path):
    from aggregator.testing.replay import ReplayServer
    from aggregator.testing.synthetic_site import NAME, make_site, registry_entry

    server = ReplayServer(make_site(tmp_path / "sites", 200))
    server.start()
    log = tmp_path / "crawl.log"
    try:
        registry = registry_entry(server.sites[0].base, tmp_path / "bench.toml")
        crawl = subprocess.Popen(
            [sys.executable, "-m", "aggregator", "crawl", NAME, "--sources", str(registry),
             "--db", str(tmp_path / "news.db"), "--logfile", str(log), "-s", "DOWNLOAD_DELAY=0",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "AGGREGATOR_EXTRACT_WORKERS=1"],
            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
        deadline = time.monotonic() + 120
        while "worker processes" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline and crawl.poll() is None
            time.sleep(0.5)
        children = subprocess.run(["pgrep", "-P", str(crawl.pid)], capture_output=True,
                                  text=True).stdout.split()
        assert children
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
        deadline = time.monotonic() + 15
        while any(_running(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not [open(f"/proc/{pid}/cmdline").read() for pid in children if _running(pid)]
    finally:
        server.stop()


def _running(pid: str) -> bool:
    try:
        status = open(f"/proc/{pid}/status").read()
    except FileNotFoundError:
        return False
    return "zombie" not in status.lower()
