"""Failures that Scrapy drops silently, logged as errors of the source.

``LoggedRedirectMiddleware``, ``LoggedMetaRefreshMiddleware`` and
``LoggedCompressionMiddleware`` are Scrapy's own redirect, meta-refresh and
decompression middlewares, but a request they give up on (a redirect loop, a body that
decompresses past ``DOWNLOAD_MAXSIZE``) is logged as an error of the source and counted
(``aggregator/failed/<reason>``) instead of vanishing, and a redirect to anything but
http(s) (``javascript:``, ``data:``) is logged and not followed. ``DroppedDownloadMiddleware``
names each download given up for good (a body cut at ``DOWNLOAD_MAXSIZE``, a server that
trickles past ``DOWNLOAD_TIMEOUT``, a truncated response). Every drop, and every page the
spider refuses to extract, is also listed by URL and reason in the run's stats
(``note_dropped``: ``dropped`` in ``crawl_runs.stats``).
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest

from aggregator.extract.safe_urls import is_http_url

logger = logging.getLogger(__name__)

#: URLs (with their reasons) listed per run in the stats; the counts go on past it
DROPPED_LISTED = 100


def note_dropped(crawler, url: str, reason: str, kind: str) -> None:
    """Count a URL dropped for ``reason`` (``aggregator/dropped/<kind>``) and list it."""
    crawler.stats.inc_value(f"aggregator/dropped/{kind}")
    listed = crawler.stats.get_value("aggregator/dropped_urls") or []
    if len(listed) < DROPPED_LISTED:
        crawler.stats.set_value("aggregator/dropped_urls", [*listed, f"{url[:500]}: {reason}"])


def drop_reason(exception: BaseException) -> tuple[str, str]:
    """``(kind, reason)`` of a download given up: what an operator needs to know."""
    name = type(exception).__name__
    if "Timeout" in name or "took longer than" in str(exception):
        return "timeout", f"no complete response within DOWNLOAD_TIMEOUT ({exception})"
    if "Cancelled" in name:  # Scrapy cancels a download only at DOWNLOAD_MAXSIZE
        return "too_large", f"response cut at DOWNLOAD_MAXSIZE ({exception or 'body too large'})"
    if "DataLoss" in name or "PotentialDataLoss" in str(exception):
        return "truncated", f"response shorter than its Content-Length ({exception})"
    return "download", f"{name}: {exception}"


class DroppedDownloadMiddleware:
    """Logs each download given up for good (after the retries) with its URL and reason."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_exception(self, request, exception):
        if isinstance(exception, IgnoreRequest):  # robots.txt, offsite, logged elsewhere
            return None
        kind, reason = drop_reason(exception)
        note_dropped(self.crawler, request.url, reason, kind)
        logger.error("dropped %s: %s", request.url, reason, extra={"spider": self.crawler.spider})
        return None


class _HttpTargetsOnly:
    """A redirect or meta refresh to anything but http(s) is not followed: the response
    stays what it is (Scrapy would raise on ``javascript:``, a spider error)."""

    def process_response(self, request, response):
        try:
            result = super().process_response(request, response)
        except ValueError as exc:  # "Missing scheme": javascript:, vbscript:, a broken URL
            logger.warning("not following the redirect of %s: %s", request.url, exc,
                           extra={"spider": self.crawler.spider})
            return response
        if result is not response and hasattr(result, "url") and not is_http_url(result.url):
            logger.warning("not following the redirect of %s to %.200s: not http(s)",
                           request.url, result.url, extra={"spider": self.crawler.spider})
            return response
        return result


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


class LoggedMetaRefreshMiddleware(_HttpTargetsOnly, MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware; a refresh to ``javascript:`` is logged, not followed."""


class LoggedRedirectMiddleware(_LogIgnored, _HttpTargetsOnly, RedirectMiddleware):
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
