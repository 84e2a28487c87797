"""Retries that wait first: Scrapy's retry rules, then a pause before the retry is sent.

``BackoffRetryMiddleware`` replaces Scrapy's ``RetryMiddleware`` (same ``RETRY_TIMES``,
``RETRY_HTTP_CODES``, ``RETRY_EXCEPTIONS``, request meta keys). A 429 or 503 with
``Retry-After`` (seconds or an HTTP date) waits that long, capped by ``RETRY_AFTER_MAX``;
anything else waits ``RETRY_BACKOFF_BASE * 2**(attempt-1)`` seconds, capped by
``RETRY_BACKOFF_MAX``. The retry request itself comes from Scrapy's public
``get_retry_request``, so stats and give-up logging are Scrapy's own.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


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
        super().__init__(settings)  # RETRY_* rules parsed as Scrapy parses them
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX")
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX")

    def delay_for(self, request, response=None) -> float:
        attempt = request.meta.get("retry_times", 0) + 1
        if response is not None and response.status in (429, 503):
            asked = retry_after_seconds(response.headers.get("Retry-After"))
            if asked is not None:
                return min(asked, self.retry_after_max)
        return min(self.backoff_base * 2 ** (attempt - 1), self.backoff_max)

    def retry_request(self, request, reason):
        """The next attempt of ``request``, or None when its retries are used up."""
        # the per-request meta overrides that Scrapy's RetryMiddleware honours
        return get_retry_request(
            request, spider=self.crawler.spider, reason=reason,
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
            give_up_log_level=request.meta.get("give_up_log_level", self.give_up_log_level))

    async def process_response(self, request, response):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self.retry_request(request, f"{response.status} response")
        if retry is None:
            return response
        await self._wait(self.delay_for(request, response), request)
        return retry

    async def process_exception(self, request, exception):
        if isinstance(exception, IgnoreRequest):  # robots.txt, offsite: not a failure
            return None
        retry = None
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry", False):
            retry = self.retry_request(request, exception)
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
