"""``scrapy crawl NAME``: Scrapy's command, holding the database's crawl lock around the run.

``CrawlLockExtension`` alone also refuses a second crawl, but from inside the crawler's
start-up, where Scrapy reports the refusal as an unretrieved task's traceback. Taking
the lock here first (the extension then stands aside, as for ``aggregator crawl``) turns
the refusal into one error line and exit code 1, before Scrapy starts anything.
"""

from __future__ import annotations

import logging

from scrapy.commands.crawl import Command as ScrapyCrawl

from aggregator.crawl.lock import AlreadyRunning, CrawlLock

logger = logging.getLogger(__name__)


class Command(ScrapyCrawl):
    def run(self, args, opts) -> None:
        settings = self.settings
        db = settings.get("AGGREGATOR_DB")
        if not db or not settings.getbool("AGGREGATOR_CRAWL_LOCK"):
            return super().run(args, opts)
        try:
            lock = CrawlLock(db).acquire()
        except AlreadyRunning as exc:
            logger.error("%s; not starting", exc)
            self.exitcode = 1
            return None
        try:
            from aggregator.crawl.runner import mark_killed_runs

            mark_killed_runs(db)  # runs left 'running' belong to dead processes
            return super().run(args, opts)
        finally:
            lock.release()
