"""The worker's end of a distributed crawl: items go to a Redis stream, not to SQLite.

``QueueItemPipeline`` takes the store's place in ``ITEM_PIPELINES`` when
``AGGREGATOR_ITEM_QUEUE`` is on (``aggregator crawl --distributed`` turns it on): each
item the steps before it processed is pushed to ``AGGREGATOR_ITEM_STREAM`` on
``REDIS_URL`` (``aggregator.crawl.item_stream``), and ``aggregator ingest`` on the
database host assigns stories and stores it. The worker's own database (``--db``) keeps
the crawl's bookkeeping: its lock, its runs (``crawl_runs``) and feed validators.
"""

from __future__ import annotations

from collections import Counter

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import load_object

from aggregator.crawl import item_stream
from aggregator.crawl.pipelines import STORE_PRIORITY, StepPipeline, run_stats
from aggregator.items import Article
from aggregator.store import Store
from aggregator.store.runs import finish_run, start_run


def steps_before(item_pipelines: dict, priority: int = STORE_PRIORITY) -> tuple[str, ...]:
    """Names of the steps whose adapters run before ``priority`` in ``ITEM_PIPELINES``."""
    names = []
    for path, order in sorted(item_pipelines.items(), key=lambda kv: kv[1] if kv[1] is not None else 0):
        if order is None or order >= priority:
            continue
        cls = load_object(path) if isinstance(path, str) else path
        if isinstance(cls, type) and issubclass(cls, StepPipeline):
            names.append(cls.step.__name__)
    return tuple(names)


class QueueItemPipeline:
    """Push each item to the Redis stream; record the worker's run in its own database.

    Settings: ``AGGREGATOR_ITEM_QUEUE`` (on/off), ``AGGREGATOR_ITEM_STREAM`` (the key),
    ``REDIS_URL``, ``AGGREGATOR_DB`` (the worker's bookkeeping database).
    """

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("AGGREGATOR_ITEM_QUEUE"):
            raise NotConfigured
        if not settings.get("REDIS_URL"):
            raise NotConfigured("AGGREGATOR_ITEM_QUEUE needs REDIS_URL")
        from scrapy_redis.connection import get_redis_from_settings

        self.crawler = crawler
        self.client = get_redis_from_settings(settings)
        self.stream = settings.get("AGGREGATOR_ITEM_STREAM")
        self.steps = steps_before(settings.getwithbase("ITEM_PIPELINES"))
        self.db_path = settings.get("AGGREGATOR_DB")
        self.store: Store | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        # what the ingest stored in earlier runs is known, as a lone crawl knows its db
        known = getattr(spider, "known", None)
        if isinstance(known, set):
            known |= item_stream.known_urls(self.client, self.stream, spider.name)
        self.store = Store(self.db_path)
        if getattr(spider, "source", None):
            self.store.save_sources([spider.source])
        self.run_id = start_run(self.store, spider.name)

    def process_item(self, item: Article) -> Article:
        # synchronous on purpose: once XADD returns, a SIGKILL of the worker loses nothing
        item_stream.push(self.client, self.stream, item, self.steps)
        self.crawler.stats.inc_value("aggregator/queued")
        return item

    def close_spider(self) -> None:
        self.crawler.signals.connect(self.record_run, signal=signals.spider_closed)

    def record_run(self, reason: str = "finished") -> None:
        # new/updated/unchanged are the ingest's to know; the worker counts what it queued
        summary = run_stats(self.crawler.stats.get_stats(), Counter(), reason)
        summary["queued"] = self.crawler.stats.get_value("aggregator/queued", 0)
        bad = summary["errors"] > 0 or reason != "finished"
        finish_run(self.store, self.run_id, "failed" if bad else "ok", summary)
        self.store.close()
