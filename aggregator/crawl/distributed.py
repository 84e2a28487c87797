"""Worker etiquette for a crawl frontier shared through scrapy-redis (``crawl --distributed``).

``DistributedStartMiddleware`` is a spider middleware that does nothing unless the
scheduler is scrapy-redis's.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured

logger = logging.getLogger(__name__)


class DistributedStartMiddleware:
    """Worker etiquette for a frontier shared through scrapy-redis.

    - The feed and listing requests a spider starts with go through the shared
      dupefilter too (they are ``dont_filter`` for a lone crawl), so of several workers
      only one fetches each.
    - A worker that finds the shared queue empty does not close while another worker
      got a response in the last ``AGGREGATOR_DISTRIBUTED_IDLE`` seconds:
      that one may still add requests. Workers note their activity in a Redis sorted set.
    - The run's keys (queue, dupefilter, workers; persisted so that a worker finishing
      first does not wipe the others' queue) expire ``AGGREGATOR_REDIS_TTL`` seconds
      after a worker closes. (Defaults in ``aggregator.crawl.settings``.)
    """

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.get("REDIS_URL") or "scrapy_redis" not in str(settings.get("SCHEDULER")):
            raise NotConfigured
        from scrapy_redis.connection import get_redis_from_settings

        self.crawler = crawler
        self.ttl = settings.getint("AGGREGATOR_REDIS_TTL")
        self.window = settings.getfloat("AGGREGATOR_DISTRIBUTED_IDLE")
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
