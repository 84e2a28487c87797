"""Run a check's steps (``aggregator.sources.check``) as a tiny Scrapy crawl.

The requests go through the project's own settings and middlewares, so a check sees a
site as a crawl does: the same user agent, robots.txt, download size limits, timeouts,
retries with backoff, decompression and redirects. Conditional requests are off (the
check must read the feed, not get a 304) and nothing is stored.

Twisted's reactor starts once per process, so one process runs one check; that is what
``aggregator check-source`` does.
"""

from __future__ import annotations

import os
from email.message import Message

import scrapy
from scrapy.spidermiddlewares.httperror import HttpError

from aggregator.sources.check import FetchError, Page

#: settings of a check on top of the project's
CHECK_SETTINGS = {
    "LOG_LEVEL": "ERROR",  # the report is the output; Scrapy's own log only for errors
    "AGGREGATOR_CONDITIONAL": False,
    "ITEM_PIPELINES": {},
    "AGGREGATOR_CRAWL_LOCK": False,  # stores nothing: a running crawl must not stop a check
}


def page_of(response) -> Page:
    """The fetched page: final URL, body, the Content-Type charset, the Date header."""
    content_type = response.headers.get("Content-Type")
    charset = None
    if content_type:
        header = Message()
        header["Content-Type"] = content_type.decode("latin-1")
        charset = header.get_content_charset()
    date = response.headers.get("Date")
    return Page(response.url, response.body, charset, date.decode("latin-1") if date else None)


def fetch_error(failure) -> FetchError:
    """What went wrong with a request, worded as the check reports it."""
    url = failure.request.url
    if failure.check(HttpError):
        return FetchError(f"{url}: HTTP {failure.value.response.status}")
    return FetchError(f"{url}: {failure.getErrorMessage()}")


class StepsSpider(scrapy.Spider):
    """Fetches whatever the steps ask for next until they return their result."""

    name = "check_source"

    def __init__(self, steps, outcome: dict, **kwargs):
        super().__init__(**kwargs)
        self.steps = steps
        self.outcome = outcome

    async def start(self):
        request = self._advance(None)
        if request is not None:
            yield request

    def fetched(self, response):
        request = self._advance(page_of(response))
        if request is not None:
            yield request

    def failed(self, failure):
        request = self._advance(fetch_error(failure))
        if request is not None:
            yield request

    def _advance(self, outcome):
        """Send ``outcome`` to the steps; the request for the URL they ask for next, if any."""
        try:
            url = next(self.steps) if outcome is None else self.steps.send(outcome)
        except StopIteration as stop:
            self.outcome["result"] = stop.value
            return None
        except Exception as exc:  # a bug in the steps: raise it in the caller, not in a log
            self.outcome["error"] = exc
            return None
        return scrapy.Request(url, callback=self.fetched, errback=self.failed, dont_filter=True)


def run_in_scrapy(steps):
    """Run ``steps`` in one Scrapy crawl with the project settings; return their result."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "aggregator.crawl.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setdict(CHECK_SETTINGS, priority="cmdline")
    outcome: dict = {}
    process = CrawlerProcess(settings)
    process.crawl(StepsSpider, steps=steps, outcome=outcome)
    process.start()
    if "error" in outcome:
        raise outcome["error"]
    if "result" not in outcome:
        raise RuntimeError("the check's crawl ended before the check did (see the log above)")
    return outcome["result"]
