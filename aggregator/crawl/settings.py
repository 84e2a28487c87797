"""Scrapy settings for the aggregator. Every value can be overridden with ``-s NAME=VALUE``."""

from aggregator.crawl.pipelines import item_pipelines

BOT_NAME = "aggregator"

SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# Spiders come from the sources registry: one per entry, a spider module only where
# config cannot say what a source needs (see aggregator.sources.spiderloader).
SPIDER_LOADER_CLASS = "aggregator.sources.spiderloader.RegistrySpiderLoader"

# --- aggregator ---------------------------------------------------------------------
AGGREGATOR_DB = "data/news.db"
# Extra registry files (path or comma-separated paths) that add or override sources.
AGGREGATOR_SOURCES = []
# Re-fetch article URLs already in the database.
AGGREGATOR_REFRESH = False
# Listing pages followed per listing in a normal run; a backfill follows them all.
LISTING_MAX_PAGES = 3
AGGREGATOR_BACKFILL = False
STORE_BATCH_SIZE = 50

# One adapter per step of aggregator.enrich.steps.STEPS, in that order (100, 200, ...),
# then the store (900); set ITEM_PIPELINES yourself to reorder, replace or drop them.
ITEM_PIPELINES = item_pipelines()

# --- politeness -----------------------------------------------------------------------
USER_AGENT = (
    "CentralAsiaNewsAggregator/0.1 (+https://github.com/central-asia-news/aggregator; "
    "news aggregation for a regional portal)"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
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
# Retries wait first: Retry-After on 429/503 (capped), else exponential backoff.
RETRY_AFTER_MAX = 120
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 60
REDIRECT_MAX_TIMES = 10
# Conditional requests (ETag/Last-Modified) for feeds and sitemaps; table feed_validators.
AGGREGATOR_CONDITIONAL = True
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "aggregator.crawl.middlewares.BackoffRetryMiddleware": 550,
    "aggregator.crawl.middlewares.ConditionalFeedMiddleware": 560,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "aggregator.crawl.middlewares.LoggedCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "aggregator.crawl.middlewares.LoggedRedirectMiddleware": 600,
}
SPIDER_MIDDLEWARES = {
    "aggregator.crawl.middlewares.DistributedStartMiddleware": 10,  # only with `crawl --distributed`
}
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# --- Scrapy housekeeping ----------------------------------------------------------------
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
