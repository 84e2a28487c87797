"""Scrapy settings for the aggregator. Every value can be overridden with ``-s NAME=VALUE``.

The aggregator's own settings (``AGGREGATOR_*``, ``STORE_BATCH_SIZE``,
``LISTING_MAX_PAGES``, ``RETRY_AFTER_MAX``, ``RETRY_BACKOFF_*``) are declared here
only, each with its default and a one-line description; code reads them without a
default of its own (tests/test_settings.py checks both).
"""

from aggregator.crawl.offload import default_workers
from aggregator.crawl.pipelines import STORE_PRIORITY, item_pipelines

BOT_NAME = "aggregator"

SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# Spiders come from the sources registry: one per entry, a spider module only where
# config cannot say what a source needs (see aggregator.sources.spiderloader).
SPIDER_LOADER_CLASS = "aggregator.sources.spiderloader.RegistrySpiderLoader"

# --- aggregator ---------------------------------------------------------------------
# The SQLite database articles, stories and runs are stored in (`crawl --db`).
AGGREGATOR_DB = "data/news.db"
# Extra registry files (path or comma-separated paths) that add or override sources.
AGGREGATOR_SOURCES = []
# Re-fetch article URLs already in the database (`crawl --refresh`).
AGGREGATOR_REFRESH = False
# Walk listings and archives to their last page (`crawl --backfill`).
AGGREGATOR_BACKFILL = False
# Where backfills keep their resumable state (Scrapy JOBDIR), one folder per source; '' for none.
AGGREGATOR_JOBS_DIR = "data/jobs"
# Listing pages followed per listing in a normal run; a backfill follows them all.
LISTING_MAX_PAGES = 3
# Sitemap indexes followed this deep (an index listing indexes ...); deeper ones are logged and skipped.
AGGREGATOR_SITEMAP_MAX_DEPTH = 3
# Article URLs one source may queue in one run (a log line when reached); 0 for no cap.
AGGREGATOR_MAX_ARTICLE_URLS = 50000
# Articles written to the database per transaction.
STORE_BATCH_SIZE = 50
# Take the database's crawl lock (<db>.lock) when a crawl starts, however started (scrapy crawl, scrapyd).
AGGREGATOR_CRAWL_LOCK = True
# Seconds the Redis keys of a `crawl --distributed` run live after a worker closes.
AGGREGATOR_REDIS_TTL = 86400
# With `crawl --distributed`: an idle worker waits while another got a response this many seconds ago.
AGGREGATOR_DISTRIBUTED_IDLE = 30

# Entity extractor of the live chain: "fast" (gazetteer + names, ~1 ms) or "natasha" (Russian NER, ~20 ms).
AGGREGATOR_ENTITIES_MODEL = "fast"
# Worker processes that extract article pages and run the steps before the first other
# pipeline, off the reactor (aggregator.crawl.offload); default one per core but one, 0 = in a thread.
AGGREGATOR_EXTRACT_WORKERS = default_workers()
# Push processed items to the Redis stream for `aggregator ingest` instead of storing them (`crawl --distributed`).
AGGREGATOR_ITEM_QUEUE = False
# The Redis stream (on REDIS_URL) distributed workers push items to and `aggregator ingest --redis` drains.
AGGREGATOR_ITEM_STREAM = "aggregator:items"
# The portal's address: the feeds' link and ids (`feed --base-url`, or this environment variable).
AGGREGATOR_BASE_URL = "http://127.0.0.1:8001/"

# One adapter per step of aggregator.enrich.steps.STEPS, in that order (100, 200, ...),
# then the store (900); set ITEM_PIPELINES yourself to reorder, replace or drop them.
ITEM_PIPELINES = item_pipelines()
# With AGGREGATOR_ITEM_QUEUE the Redis stream takes the store's place (the store stands
# aside); in the base so that it stays available whatever ITEM_PIPELINES says.
ITEM_PIPELINES_BASE = {"aggregator.crawl.item_queue.QueueItemPipeline": STORE_PRIORITY}

# --- politeness -----------------------------------------------------------------------
USER_AGENT = (
    "CentralAsiaNewsAggregator/0.1 (+https://github.com/central-asia-news/aggregator; "
    "news aggregation for a regional portal)"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts this many asyncio tasks for every callback's output, however little it
# yields (an article page yields one item): the default 100 cost about a quarter of the
# crawl process's CPU (issue 22's crawl profile)
CONCURRENT_ITEMS = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024  # also caps decompressed bodies (gzip bombs)
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Retries wait first (aggregator.crawl.retry). Longest wait a Retry-After on 429/503 gets, seconds.
RETRY_AFTER_MAX = 120
# Otherwise the wait before retry n is RETRY_BACKOFF_BASE * 2**(n-1) seconds ...
RETRY_BACKOFF_BASE = 1.0
# ... capped at this many seconds.
RETRY_BACKOFF_MAX = 60
REDIRECT_MAX_TIMES = 10
# Conditional requests (ETag/Last-Modified) for feeds and sitemaps; table feed_validators.
AGGREGATOR_CONDITIONAL = True
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "aggregator.crawl.retry.BackoffRetryMiddleware": 550,
    "aggregator.crawl.conditional.ConditionalFeedMiddleware": 560,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "aggregator.crawl.logged.LoggedCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "aggregator.crawl.logged.LoggedRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "aggregator.crawl.logged.LoggedMetaRefreshMiddleware": 580,
    # below the retries: hears only of downloads given up for good
    "aggregator.crawl.logged.DroppedDownloadMiddleware": 540,
}
SPIDER_MIDDLEWARES = {
    "aggregator.crawl.distributed.DistributedStartMiddleware": 10,  # only with `crawl --distributed`
}
# The database lock for every way a crawl starts; log lines counted per source (Scrapy's
# LogCount counts every crawler's lines in each).
EXTENSIONS = {
    "aggregator.crawl.lock.CrawlLockExtension": 0,  # one crawl per database (AGGREGATOR_CRAWL_LOCK)
    "scrapy.extensions.logcount.LogCount": None,
    "aggregator.crawl.logcount.SourceLogCount": 0,
}
# `scrapy crawl` takes the lock before Scrapy starts, so a refusal is one line, not a traceback
COMMANDS_MODULE = "aggregator.crawl.commands"
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# --- Scrapy housekeeping ----------------------------------------------------------------
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
