"""Scrapy item pipelines: one thin adapter per processing step, and the store.

``aggregator.enrich.steps.STEPS`` holds the steps in order; each ``StepPipeline``
subclass here names one step and runs it with the spider's source as context, and
``item_pipelines()`` (the default ``ITEM_PIPELINES``) orders them as ``STEPS`` does.
Reorder, replace or drop them with the ``ITEM_PIPELINES`` setting as in any Scrapy project.
"""

from __future__ import annotations

from collections import Counter

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured

from aggregator.crawl.offload import done_by_worker
from aggregator.enrich import steps
from aggregator.enrich.persist import store_articles
from aggregator.items import Article
from aggregator.store import Store
from aggregator.store.runs import finish_run, start_run
from aggregator.stories.index import StoryIndex
from aggregator.stories.recluster import next_doc, recluster, restory


class _CrawlerPipeline:
    """Keeps the crawler, gives access to the running spider's source."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def source(self):
        return getattr(self.crawler.spider, "source", None)


class StepPipeline(_CrawlerPipeline):
    """Runs one step of ``STEPS`` (the ``step`` a subclass names) on each item, unless an
    extraction worker already did (``aggregator.crawl.offload``)."""

    step: steps.Step

    def process_item(self, item: Article) -> Article:
        if done_by_worker(item, type(self).step):
            return item
        return type(self).step(item, steps.StepContext(self.source))


class CleanPipeline(StepPipeline):
    """``steps.clean``; an item with neither title nor body is dropped."""

    step = steps.clean

    def process_item(self, item: Article) -> Article:
        # a worker cleans only an item that had a title or body before cleaning
        if not done_by_worker(item, steps.clean) and not (item.title or item.body):
            raise DropItem(f"no title and no body extracted from {item.url}")
        return super().process_item(item)


class DatesPipeline(StepPipeline):
    """``steps.dates``."""

    step = steps.dates


class LanguagePipeline(StepPipeline):
    """``steps.language``."""

    step = steps.language


class EntitiesPipeline(StepPipeline):
    """``steps.entities``, with the extractor the ``AGGREGATOR_ENTITIES_MODEL`` setting names."""

    step = steps.entities

    def process_item(self, item: Article) -> Article:
        if done_by_worker(item, steps.entities):
            return item
        model = self.crawler.settings.get("AGGREGATOR_ENTITIES_MODEL")
        return steps.entities(item, steps.StepContext(self.source, entities_model=model))


class CountriesPipeline(StepPipeline):
    """``steps.countries``."""

    step = steps.countries


class DedupPipeline(StepPipeline):
    """``steps.canonical``; a second copy of one article within a run is dropped."""

    step = steps.canonical

    def __init__(self, crawler):
        super().__init__(crawler)
        self.seen: set[str] = set()

    def process_item(self, item: Article) -> Article:
        item = super().process_item(item)
        if item.canonical_url in self.seen:
            self.crawler.stats.inc_value("aggregator/duplicate")
            raise DropItem(f"duplicate of {item.canonical_url} in this run")
        self.seen.add(item.canonical_url)
        return item


#: The adapter of each step.
STEP_PIPELINES: dict[steps.Step, type[StepPipeline]] = {
    cls.step: cls for cls in (CleanPipeline, DatesPipeline, LanguagePipeline, EntitiesPipeline,
                              CountriesPipeline, DedupPipeline)}
#: Where the store comes in ``ITEM_PIPELINES``: after every step.
STORE_PRIORITY = 900


def item_pipelines() -> dict[str, int]:
    """``ITEM_PIPELINES`` for ``STEPS`` in order (priorities 100, 200, ...), then the store."""
    order = {f"{__name__}.{STEP_PIPELINES[step].__name__}": 100 * n
             for n, step in enumerate(steps.STEPS, start=1)}
    return {**order, f"{__name__}.StorePipeline": STORE_PRIORITY}


class StorePipeline(_CrawlerPipeline):
    """Upsert articles into SQLite in batches, assign stories, record the crawl run.

    Settings: ``AGGREGATOR_DB`` (path), ``STORE_BATCH_SIZE`` (articles per transaction).
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        if crawler.settings.getbool("AGGREGATOR_ITEM_QUEUE"):
            raise NotConfigured  # a distributed worker: the ingest stores (crawl.item_queue)
        self.db_path = crawler.settings.get("AGGREGATOR_DB")
        self.batch_size = crawler.settings.getint("STORE_BATCH_SIZE")
        self.batch: list[Article] = []
        self.counts: Counter = Counter()
        self.stories: StoryIndex | None = None
        self.since_doc = 0  # the first index document of the batch being collected
        self.store: Store | None = None
        self.run_id: int | None = None

    def open_spider(self) -> None:
        self.store = Store(self.db_path)
        self.stories = StoryIndex(self.store)  # the recent window's signatures from the db
        self.since_doc = next_doc(self.stories)
        if self.source:
            self.store.save_sources([self.source])
        self.run_id = start_run(self.store, self.crawler.spider.name)

    def process_item(self, item: Article) -> Article:
        self.stories.assign(item)
        self.batch.append(item)
        if len(self.batch) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        if not self.batch:
            return
        # the batch's stories decided again as a whole before it is stored (the items
        # already passed on carry the story they joined on arrival)
        restory(self.batch, recluster(self.stories, self.since_doc))
        self.since_doc = next_doc(self.stories)
        for status in store_articles(self.store, self.stories, self.batch):
            self.counts[status] += 1
            self.crawler.stats.inc_value(f"aggregator/{status}")
        self.batch.clear()

    def close_spider(self) -> None:
        self.flush()
        # the run's row is written on spider_closed, when the finish reason is known
        self.crawler.signals.connect(self.record_run, signal=signals.spider_closed)

    def record_run(self, reason: str = "finished") -> None:
        summary = run_stats(self.crawler.stats.get_stats(), self.counts, reason)
        bad = summary["errors"] > 0 or reason != "finished"
        finish_run(self.store, self.run_id, "failed" if bad else "ok", summary)
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
        # URLs given up or refused, each with its reason (aggregator.crawl.logged.note_dropped)
        "dropped": stats.get("aggregator/dropped_urls", []),
    }
