"""Failures that Scrapy drops silently, logged as errors of the source.

``LoggedRedirectMiddleware`` and ``LoggedCompressionMiddleware`` are Scrapy's own
redirect and decompression middlewares, but a request they give up on (a redirect
loop, a body that decompresses past ``DOWNLOAD_MAXSIZE``) is logged as an error of the
source and counted (``aggregator/failed/<reason>``) instead of vanishing.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


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
