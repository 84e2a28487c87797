"""Conditional GET for feeds and sitemaps: an unchanged feed costs one small request.

``ConditionalFeedMiddleware`` sends ``If-None-Match``/``If-Modified-Since`` for a
source's feeds and sitemaps with the validators of the last good run (table
``feed_validators``); a 304 is counted (``aggregator/not_modified``) and dropped
quietly.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from aggregator.store import StoreError
from aggregator.store.runs import forget_validators, known_validators, save_validators

logger = logging.getLogger(__name__)


class ConditionalFeedMiddleware:
    """ETag/Last-Modified for feeds and sitemaps, remembered per URL in the database.

    Validators are saved when a spider finishes without errors; after a run with errors
    they are forgotten, so the next run reads the feeds in full and retries what failed.
    Off with ``AGGREGATOR_CONDITIONAL = False``, and for ``--refresh`` and backfills.
    """

    def __init__(self, crawler):
        settings = crawler.settings
        if (not settings.getbool("AGGREGATOR_CONDITIONAL") or settings.getbool("AGGREGATOR_REFRESH")
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
