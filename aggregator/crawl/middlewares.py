"""Downloader and spider middlewares for polite, incremental, observable crawling.

Enabled in ``aggregator/settings.py``:

- ``BackoffRetryMiddleware`` replaces Scrapy's ``RetryMiddleware``: the same retry
  rules (``RETRY_TIMES``, ``RETRY_HTTP_CODES``, ``RETRY_EXCEPTIONS``), but it waits
  before retrying. A 429 or 503 with ``Retry-After`` (seconds or an HTTP date) waits
  that long, capped by ``RETRY_AFTER_MAX``; anything else waits
  ``RETRY_BACKOFF_BASE * 2**(attempt-1)`` seconds, capped by ``RETRY_BACKOFF_MAX``.
- ``ConditionalFeedMiddleware`` sends ``If-None-Match``/``If-Modified-Since`` for a
  source's feeds and sitemaps with the validators of the last good run (table
  ``feed_validators``); a 304 is counted (``aggregator/not_modified``) and dropped
  quietly, so an unchanged feed costs one small request.
- ``LoggedRedirectMiddleware`` and ``LoggedCompressionMiddleware``: Scrapy's own, but
  a request they give up on (a redirect loop, a body that decompresses past
  ``DOWNLOAD_MAXSIZE``) is logged as an error of the source instead of vanishing.
- ``DistributedStartMiddleware`` (spider middleware, only with ``crawl --distributed``):
  the feed and listing requests a spider starts with go through the shared dupefilter
  too, so of several workers only one fetches each.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy import signals
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured

from aggregator.store import StoreError
from aggregator.store.runs import forget_validators, known_validators, save_validators

logger = logging.getLogger(__name__)


# --- retries with backoff ----------------------------------------------------------------

def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - (now or datetime.now(timezone.utc))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, with a wait before each: Retry-After, else exponential backoff."""

    def __init__(self, settings):
        super().__init__(settings)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    def delay_for(self, request, response=None) -> float:
        attempt = request.meta.get("retry_times", 0) + 1
        if response is not None and response.status in (429, 503):
            asked = retry_after_seconds(response.headers.get("Retry-After"))
            if asked is not None:
                return min(asked, self.retry_after_max)
        return min(self.backoff_base * 2 ** (attempt - 1), self.backoff_max)

    async def process_response(self, request, response):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, f"{response.status} response")
        if retry is None:
            return response
        await self._wait(self.delay_for(request, response), request)
        return retry

    async def process_exception(self, request, exception):
        if isinstance(exception, IgnoreRequest):  # robots.txt, offsite: not a failure
            return None
        retry = None
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry", False):
            retry = self._retry(request, exception)
        if retry is None:
            self.crawler.stats.inc_value("aggregator/failed/download")
            return None
        await self._wait(self.delay_for(request), request)
        return retry

    async def _wait(self, seconds: float, request) -> None:
        if seconds <= 0:
            return
        self.crawler.stats.inc_value("retry/backoff_seconds", round(seconds, 3))
        logger.info("waiting %.1f s before retrying %s", seconds, request,
                    extra={"spider": self.crawler.spider})
        await asyncio.sleep(seconds)


# --- conditional requests for feeds ------------------------------------------------------

class ConditionalFeedMiddleware:
    """ETag/Last-Modified for feeds and sitemaps, remembered per URL in the database.

    Validators are saved when a spider finishes without errors; after a run with errors
    they are forgotten, so the next run reads the feeds in full and retries what failed.
    Off with ``AGGREGATOR_CONDITIONAL = False``, and for ``--refresh`` and backfills.
    """

    def __init__(self, crawler):
        settings = crawler.settings
        if (not settings.getbool("AGGREGATOR_CONDITIONAL", True) or settings.getbool("AGGREGATOR_REFRESH")
                or settings.getbool("AGGREGATOR_BACKFILL")):
            raise NotConfigured
        self.crawler = crawler
        self.db_path = settings.get("AGGREGATOR_DB")
        self.known: dict[str, tuple[str | None, str | None]] = {}
        self.seen: dict[str, tuple[str | None, str | None]] = {}
        self.urls: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self) -> None:
        source = getattr(self.crawler.spider, "source", None)
        self.urls = set(source.feeds) | set(source.sitemaps) if source else set()
        if not self.urls or not self.db_path:
            return
        self.known = known_validators(self.db_path, self.urls)

    def _conditional(self, request) -> bool:
        return request.meta.get("conditional", request.url in self.urls)

    def process_request(self, request):
        if not self._conditional(request):
            return None
        etag, modified = self.known.get(request.url, (None, None))
        if etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = etag
        if modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = modified
        return None

    def process_response(self, request, response):
        if not self._conditional(request):
            return response
        if response.status == 304:
            self.crawler.stats.inc_value("aggregator/not_modified")
            logger.info("not modified since the last run: %s", request.url,
                        extra={"spider": self.crawler.spider})
            raise IgnoreRequest(f"not modified: {request.url}")
        if response.status == 200:
            etag = response.headers.get("ETag")
            modified = response.headers.get("Last-Modified")
            if etag or modified:
                self.seen[request.url] = (etag.decode("latin-1") if etag else None,
                                          modified.decode("latin-1") if modified else None)
        return response

    def spider_closed(self, reason: str) -> None:
        if not self.db_path or not self.urls:
            return
        stats = self.crawler.stats
        clean = reason == "finished" and not stats.get_value("log_count/ERROR", 0)
        try:
            if clean:
                save_validators(self.db_path, self.crawler.spider.name, self.seen)
            else:
                forget_validators(self.db_path, self.urls)
        except StoreError as exc:
            logger.warning("could not save feed validators: %s", exc)


# --- failures that Scrapy drops silently --------------------------------------------------

class _LogIgnored:
    """Log an ``IgnoreRequest`` raised while processing a response as the source's error."""

    reason_key = "ignored"

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:
            self.crawler.stats.inc_value(f"aggregator/failed/{self.reason_key}")
            logger.error("gave up on %s: %s", request.url, exc, extra={"spider": self.crawler.spider})
            raise


class LoggedRedirectMiddleware(_LogIgnored, RedirectMiddleware):
    """Scrapy's RedirectMiddleware; a redirect loop is an error of the source.

    A chain longer than ``REDIRECT_MAX_TIMES`` is given up by Scrapy; a cycle (a
    redirect back to a URL of the same chain, which the dupefilter would otherwise
    drop without a word) is given up here.
    """

    reason_key = "redirects"

    def process_response(self, request, response):
        result = super().process_response(request, response)
        if result is not response and hasattr(result, "url") and result.url in [
                *request.meta.get("redirect_urls", []), request.url]:
            self.crawler.stats.inc_value(f"aggregator/failed/{self.reason_key}")
            logger.error("gave up on %s: redirect loop back to %s", request.meta.get(
                "redirect_urls", [request.url])[0], result.url, extra={"spider": self.crawler.spider})
            raise IgnoreRequest("redirect loop")
        return result


class LoggedCompressionMiddleware(_LogIgnored, HttpCompressionMiddleware):
    """Scrapy's HttpCompressionMiddleware; a decompression bomb is an error."""

    reason_key = "decompression"

    @classmethod
    def from_crawler(cls, crawler):
        middleware = super().from_crawler(crawler)
        middleware.crawler = crawler
        return middleware


# --- scale-out ------------------------------------------------------------------------------

class DistributedStartMiddleware:
    """Worker etiquette for a frontier shared through scrapy-redis.

    - The feed and listing requests a spider starts with go through the shared
      dupefilter too (they are ``dont_filter`` for a lone crawl), so of several workers
      only one fetches each.
    - A worker that finds the shared queue empty does not close while another worker
      got a response in the last ``AGGREGATOR_DISTRIBUTED_IDLE`` seconds (default 30):
      that one may still add requests. Workers note their activity in a Redis sorted set.
    - The run's keys (queue, dupefilter, workers; persisted so that a worker finishing
      first does not wipe the others' queue) expire ``AGGREGATOR_REDIS_TTL`` seconds
      after a worker closes (default a day).
    """

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.get("REDIS_URL") or "scrapy_redis" not in str(settings.get("SCHEDULER")):
            raise NotConfigured
        from scrapy_redis.connection import get_redis_from_settings

        self.crawler = crawler
        self.ttl = settings.getint("AGGREGATOR_REDIS_TTL", 86400)
        self.window = settings.getfloat("AGGREGATOR_DISTRIBUTED_IDLE", 30)
        self.server = get_redis_from_settings(settings)
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.workers_key = ""
        self.last_beat = 0.0

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.response_received, signal=signals.response_received)
        crawler.signals.connect(middleware.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def _keys(self) -> list[str]:
        name = self.crawler.spider.name
        return [self.crawler.settings.get(k) % {"spider": name}
                for k in ("SCHEDULER_QUEUE_KEY", "SCHEDULER_DUPEFILTER_KEY") if self.crawler.settings.get(k)]

    async def process_start(self, start):
        async for item_or_request in start:
            if getattr(item_or_request, "dont_filter", False):
                item_or_request = item_or_request.replace(dont_filter=False)
            yield item_or_request

    def spider_opened(self) -> None:
        keys = self._keys()
        self.workers_key = (keys[0] if keys else f"aggregator:{self.crawler.spider.name}") + ":workers"
        self._beat()

    def _beat(self) -> None:
        now = time.time()
        self.server.zadd(self.workers_key, {self.worker: now})
        self.server.expire(self.workers_key, self.ttl)
        self.last_beat = now

    def response_received(self) -> None:
        if time.time() - self.last_beat >= 1:
            self._beat()

    def spider_idle(self) -> None:
        scheduler = getattr(self.crawler.engine, "scheduler", None)
        if scheduler is not None and scheduler.has_pending_requests():
            raise DontCloseSpider
        self.server.zrem(self.workers_key, self.worker)  # idle: adds nothing to the frontier
        others = self.server.zrangebyscore(self.workers_key, time.time() - self.window, "+inf")
        if others:
            logger.info("shared queue empty; %d other worker(s) still busy: waiting", len(others),
                        extra={"spider": self.crawler.spider})
            raise DontCloseSpider

    def spider_closed(self) -> None:
        try:
            self.server.zrem(self.workers_key, self.worker)
            for key in [*self._keys(), self.workers_key]:
                self.server.expire(key, self.ttl)
        except Exception as exc:  # the crawl is done; a dead Redis is not its failure
            logger.warning("could not set the expiry of the run's Redis keys: %s", exc)
