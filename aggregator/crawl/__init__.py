"""Crawling: the base spider, Scrapy settings (every default declared once), the crawl
runner, the per-database lock (and the extension that takes it for ``scrapy crawl`` and
scrapyd), one module per middleware (retry, conditional, logged, distributed), the item
pipelines (thin adapters over ``aggregator.enrich.steps``), and the scale-out's item
path: the Redis stream protocol (``item_stream``), the worker's pipeline that pushes to
it (``item_queue``) and ``aggregator ingest``'s drain into one database (``ingest``)."""

# the log levels a crawl's log file may be set to (Scrapy's LOG_LEVEL values); here, not in
# ``console``, so that commands that never crawl (``aggregator enrich``) do not import Scrapy
LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
