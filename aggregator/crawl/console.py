"""What a crawl shows on the console: warnings and one progress line; INFO goes to the log file.

Scrapy's own root handler would print every INFO line (settings and middleware dumps
for each spider, ~2,000 lines for the registry) to stderr. ``configure_logging``
installs instead a console handler at WARNING (``-v``: INFO, ``-q``: ERROR) and the log
file's handler at the ``--loglevel``; ``Progress`` reports sources done, pages,
articles and errors: a bar redrawn in place on a terminal, a plain line per finished
source (and one a minute) when stderr is not a terminal (cron, CI).
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from scrapy import signals

_FORMAT = "%(asctime)s [%(source)s] [%(name)s] %(levelname)s: %(message)s"


class _SourceFormatter(logging.Formatter):
    """Each line names the source (spider) it concerns, ``-`` for none."""

    def format(self, record):
        record.source = getattr(getattr(record, "spider", None), "name", None) or "-"
        return super().format(record)


class _BriefFormatter(_SourceFormatter):
    """One line per record: tracebacks stay in the log file."""

    def format(self, record):
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


class _ConsoleHandler(logging.StreamHandler):
    """stderr; clears a progress bar before a line and redraws it after."""

    progress: "Progress | None" = None

    def emit(self, record):
        if self.progress:
            self.progress.clear()
        super().emit(record)
        if self.progress:
            self.progress.draw()


def console_level(verbose: int, quiet: bool) -> int:
    return logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING


def configure_logging(settings, logfile: str | None, verbose: int = 0, quiet: bool = False,
                      stream=None) -> _ConsoleHandler:
    """Install the console handler and (with ``logfile``) the file handler on the root logger.

    Scrapy must not install its own (``LOG_INSTALL_ROOT_HANDLER=False``).
    """
    for handler in [h for h in logging.root.handlers if isinstance(h, (_ConsoleHandler, _FileHandler))]:
        logging.root.removeHandler(handler)  # a second crawl in one process (tests)
        handler.close()
    formatter = _SourceFormatter(_FORMAT, settings.get("LOG_DATEFORMAT"))
    console = _ConsoleHandler(stream or sys.stderr)
    console.setLevel(console_level(verbose, quiet))
    console.setFormatter(formatter if verbose else _BriefFormatter(_FORMAT, settings.get("LOG_DATEFORMAT")))
    logging.root.addHandler(console)
    levels = [console.level]
    if logfile:
        Path(logfile).parent.mkdir(parents=True, exist_ok=True)
        handler = _FileHandler(logfile, encoding="utf-8")
        handler.setFormatter(formatter)
        handler.setLevel(settings.get("LOG_LEVEL"))
        logging.root.addHandler(handler)
        levels.append(handler.level)
    logging.root.setLevel(min(levels))
    return console


class _FileHandler(logging.FileHandler):
    """The crawl's log file (told apart from other handlers when logging is reconfigured)."""


class Progress:
    """Sources done, pages, articles and errors of a crawl's crawlers, on stderr."""

    def __init__(self, crawlers, stream=None, bar: bool | None = None, interval: float | None = None):
        self.crawlers = list(crawlers)
        self.stream = stream or sys.stderr
        self.bar = self.stream.isatty() if bar is None else bar
        self.interval = interval or (0.5 if self.bar else 60.0)
        self.done: list[str] = []
        self._shown = False
        self._last_line = 0.0
        for crawler in self.crawlers:
            crawler.signals.connect(self._finished, signal=signals.spider_closed)

    def totals(self) -> dict:
        pages = articles = errors = 0
        for crawler in self.crawlers:
            stats = crawler.stats.get_stats() if crawler.stats else {}
            pages += stats.get("response_received_count", 0)
            articles += stats.get("item_scraped_count", 0)
            errors += stats.get("log_count/ERROR", 0)
        return {"done": len(self.done), "sources": len(self.crawlers), "pages": pages,
                "articles": articles, "errors": errors}

    def line(self) -> str:
        t = self.totals()
        text = (f"{t['done']}/{t['sources']} sources done, {t['pages']} pages, "
                f"{t['articles']} articles, {t['errors']} errors")
        if not self.bar:
            return "progress: " + text
        width = 20
        filled = width * t["done"] // max(t["sources"], 1)
        return f"[{'#' * filled}{'.' * (width - filled)}] {text}"

    def draw(self) -> None:
        if self.bar:
            self.stream.write("\r\033[K" + self.line())
            self.stream.flush()
            self._shown = True

    def clear(self) -> None:
        if self.bar and self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def tick(self) -> None:
        """Called every ``interval`` seconds while the crawl runs."""
        if self.bar:
            self.draw()
        elif time.monotonic() - self._last_line >= self.interval:
            self._print()

    def _print(self) -> None:
        self._last_line = time.monotonic()
        self.stream.write(self.line() + "\n")
        self.stream.flush()

    def _finished(self, spider, reason=None) -> None:
        self.done.append(spider.name)
        if self.bar:
            self.draw()
        else:
            self._print()

    def finish(self) -> None:
        """The crawl ended: leave the bar's last state on its own line."""
        if self.bar and self._shown:
            self.draw()
            self.stream.write("\n")
            self.stream.flush()

    def start(self) -> None:
        """Tick on the reactor once it runs (the crawler process installs it when crawling starts)."""
        if self.crawlers:
            self.crawlers[0].signals.connect(self._start_loop, signal=signals.engine_started)

    def _start_loop(self) -> None:
        from twisted.internet import task

        self._last_line = time.monotonic()
        self._loop = task.LoopingCall(self.tick)
        self._loop.start(min(self.interval, 5.0), now=False)
