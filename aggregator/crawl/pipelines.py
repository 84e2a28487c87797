"""Scrapy item pipelines: thin adapters over the plain functions of the chain.

Enable, reorder or replace them with the ``ITEM_PIPELINES`` setting. Each uses the
running spider's ``source`` (its registry entry) as context and calls one function.
"""

from __future__ import annotations

import json
from collections import Counter

from scrapy import signals
from scrapy.exceptions import DropItem

from aggregator.enrich import steps as chain
from aggregator.items import Article
from aggregator.store.store import Store, utc_now
from aggregator.stories.index import StoryIndex


class _Step:
    """Base of the pipelines: keeps the crawler, gives access to the spider's source."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def source(self):
        return getattr(self.crawler.spider, "source", None)

    def declared_language(self, item: Article) -> str | None:
        return self.source.language_for(item.url) if self.source else None


class CleanPipeline(_Step):
    """Whitespace, sanitised HTML, absolute image URL (``clean.clean_article``)."""

    def process_item(self, item: Article) -> Article:
        if not (item.title or item.body):
            raise DropItem(f"no title and no body extracted from {item.url}")
        return chain.clean_article(item)


class DatesPipeline(_Step):
    """Published time in UTC and local form, with precision (``chain.normalise_dates``)."""

    def process_item(self, item: Article) -> Article:
        tz = self.source.timezone if self.source else "UTC"
        return chain.normalise_dates(item, tz, self.declared_language(item))


class LanguagePipeline(_Step):
    """Detected language, the declared language as a prior (``chain.detect_lang``)."""

    def process_item(self, item: Article) -> Article:
        return chain.detect_lang(item, self.declared_language(item))


class CountriesPipeline(_Step):
    """The portal's country tags and primary country (``chain.tag``)."""

    def process_item(self, item: Article) -> Article:
        return chain.tag(item)


class DedupPipeline(_Step):
    """Canonical URL; a second copy of one article within a run is dropped."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.seen: set[str] = set()

    def process_item(self, item: Article) -> Article:
        chain.canonicalise(item)
        if item.canonical_url in self.seen:
            self.crawler.stats.inc_value("aggregator/duplicate")
            raise DropItem(f"duplicate of {item.canonical_url} in this run")
        self.seen.add(item.canonical_url)
        return item


class StorePipeline(_Step):
    """Upsert articles into SQLite in batches, assign stories, record the crawl run.

    Settings: ``AGGREGATOR_DB`` (path), ``STORE_BATCH_SIZE`` (articles per transaction).
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self.db_path = crawler.settings.get("AGGREGATOR_DB")
        self.batch_size = crawler.settings.getint("STORE_BATCH_SIZE")
        self.batch: list[Article] = []
        self.counts: Counter = Counter()
        self.stories: StoryIndex | None = None
        self.store: Store | None = None
        self.run_id: int | None = None

    def open_spider(self) -> None:
        self.store = Store(self.db_path)
        self.stories = StoryIndex(self.store)  # the recent window's signatures from the db
        if self.source:
            self.store.save_sources([self.source])
        with self.store.db.conn:
            self.run_id = self.store.db["crawl_runs"].insert(
                {"started_at": utc_now(), "spiders": self.crawler.spider.name,
                 "status": "running"}).last_pk

    def process_item(self, item: Article) -> Article:
        self.stories.assign(item)
        self.batch.append(item)
        if len(self.batch) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        if not self.batch:
            return
        for status in self.store.upsert_articles(self.batch):
            self.counts[status] += 1
            self.crawler.stats.inc_value(f"aggregator/{status}")
        merged = self.stories.save(self.store, self.batch)  # signatures; bridged stories merged
        self.store.refresh_stories({self.stories.resolve(a.story_id) for a in self.batch} | merged)
        self.batch.clear()

    def close_spider(self) -> None:
        self.flush()
        # the run's row is written on spider_closed, when the finish reason is known
        self.crawler.signals.connect(self.record_run, signal=signals.spider_closed)

    def record_run(self, reason: str = "finished") -> None:
        summary = run_stats(self.crawler.stats.get_stats(), self.counts, reason)
        bad = summary["errors"] > 0 or reason != "finished"
        with self.store.db.conn:
            self.store.db["crawl_runs"].update(self.run_id, {
                "finished_at": utc_now(), "status": "failed" if bad else "ok",
                "stats": json.dumps(summary)})
        self.store.close()


def run_stats(stats: dict, counts: Counter | None = None, reason: str | None = None) -> dict:
    """What a spider run did, from its Scrapy stats: the ``crawl_runs.stats`` JSON.

    ``failed`` counts requests given up (download errors after retries, HTTP errors,
    redirect loops, decompression bombs); ``errors`` counts error log lines and
    callback exceptions, a run with any is ``failed``.
    """
    counts = counts if counts is not None else Counter(
        {k: stats.get(f"aggregator/{k}", 0) for k in ("new", "updated", "unchanged")})
    failed = stats.get("httperror/response_ignored_count", 0) + sum(
        v for k, v in stats.items() if k.startswith("aggregator/failed/"))
    return {
        "new": counts["new"], "updated": counts["updated"], "unchanged": counts["unchanged"],
        "duplicate": stats.get("aggregator/duplicate", 0),
        "requests": stats.get("downloader/request_count", 0),
        "not_modified": stats.get("aggregator/not_modified", 0),
        "failed": failed,
        "errors": stats.get("log_count/ERROR", 0) + stats.get("spider_exceptions/count", 0),
        "finish_reason": reason or stats.get("finish_reason"),
    }
