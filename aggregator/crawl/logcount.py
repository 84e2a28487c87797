"""Log lines counted per source, in place of Scrapy's ``LogCount``.

Scrapy's ``LogCount`` extension adds a handler to the root logger for each crawler, and
each handler counts every record: in one process crawling 22 sources, one dead source's
errors were counted 22 times, every source's run was recorded as failed and lost its
feed validators. ``SourceLogCount`` counts, in the same ``log_count/<LEVEL>`` stats, only
the records of its own crawler: those whose ``spider`` (set by ``spider.logger`` and by
Scrapy's core) or ``crawler`` is its own. A record that names neither is counted by
every crawler only when one crawler is running (then it can only be that one's).
"""

from __future__ import annotations

import logging

from scrapy import signals

#: The handlers of the crawlers running in this process.
_ACTIVE: list["SourceLogHandler"] = []


class SourceLogHandler(logging.Handler):
    """Counts the records of one crawler into its stats."""

    def __init__(self, crawler, level=logging.NOTSET):
        super().__init__(level)
        self.crawler = crawler

    def owns(self, record: logging.LogRecord) -> bool:
        spider = getattr(record, "spider", None)
        crawler = getattr(record, "crawler", None)
        if spider is not None:
            return spider is self.crawler.spider
        if crawler is not None:
            return crawler is self.crawler
        return len(_ACTIVE) == 1

    def emit(self, record: logging.LogRecord) -> None:
        if self.owns(record):
            self.crawler.stats.inc_value(f"log_count/{record.levelname}")


class SourceLogCount:
    """Extension: one ``SourceLogHandler`` per crawler while its spider runs."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.handler: SourceLogHandler | None = None

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider) -> None:
        self.handler = SourceLogHandler(self.crawler, level=self.crawler.settings.get("LOG_LEVEL"))
        _ACTIVE.append(self.handler)
        logging.root.addHandler(self.handler)

    def spider_closed(self, spider, reason) -> None:
        # the counts stay in the stats, where the store and the conditional middleware read them
        if self.handler:
            logging.root.removeHandler(self.handler)
            _ACTIVE.remove(self.handler)
            self.handler = None
