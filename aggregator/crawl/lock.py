"""One crawl per database at a time: an exclusive ``flock`` on ``<db>.lock``.

The operating system releases a ``flock`` when the process holding it dies, so a
crawl killed with SIGKILL (or a reboot) never leaves a stale lock behind: the file
may stay, the lock does not. The file holds the holder's pid and start time, only
to make the "already running" message useful.

``CrawlLockExtension`` takes the lock for crawls started by ``scrapy crawl`` or scrapyd;
``aggregator crawl`` holds it already (``held_here``) and the extension stands aside.
"""

from __future__ import annotations

import fcntl
import logging
import os
from datetime import datetime, timezone
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)

#: lock files this process holds (resolved paths): a second flock from the same process
#: on another descriptor would fail, so whoever holds it is asked first
_HELD: set[Path] = set()


class AlreadyRunning(RuntimeError):
    """Another process holds the lock; ``holder`` is what it wrote into the file."""

    def __init__(self, path: Path, holder: str):
        super().__init__(f"another crawl is already running on this database "
                         f"(lock {path} held by {holder or 'an unknown process'})")
        self.path = path
        self.holder = holder


def lock_path(db: str | os.PathLike) -> Path:
    return Path(f"{db}.lock")


def held_here(db: str | os.PathLike) -> bool:
    """Whether this process holds ``db``'s lock (e.g. ``aggregator crawl`` around Scrapy)."""
    return lock_path(db).resolve() in _HELD


class CrawlLock:
    """``with CrawlLock(db):`` holds the database's crawl lock or raises ``AlreadyRunning``."""

    def __init__(self, db: str | os.PathLike):
        self.path = lock_path(db)
        self._fd: int | None = None

    def acquire(self) -> "CrawlLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            os.close(fd)
            raise AlreadyRunning(self.path, holder) from None
        started = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {started}\n".encode(), 0)
        self._fd = fd
        _HELD.add(self.path.resolve())
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
            _HELD.discard(self.path.resolve())

    def __enter__(self) -> "CrawlLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


class CrawlLockExtension:
    """Holds ``AGGREGATOR_DB``'s lock from the crawler's start to the engine's stop.

    Built before the spider's pipelines open, so a crawl that finds the lock taken stops
    before it touches the database: the error names the holder and the crawler fails to
    start (``scrapy crawl`` exits 1; a scrapyd job ends with the message in its log).
    Stands aside when this process holds the lock already (``aggregator crawl``) or
    ``AGGREGATOR_CRAWL_LOCK`` is off.
    """

    def __init__(self, db: str):
        from aggregator.crawl.runner import mark_killed_runs

        try:
            self.lock = CrawlLock(db).acquire()
        except AlreadyRunning as exc:
            logger.error("%s; not starting", exc)
            raise
        mark_killed_runs(db)  # runs left 'running' belong to dead processes

    @classmethod
    def from_crawler(cls, crawler):
        db = crawler.settings.get("AGGREGATOR_DB")
        if not crawler.settings.getbool("AGGREGATOR_CRAWL_LOCK") or not db or held_here(db):
            raise NotConfigured
        extension = cls(db)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self) -> None:
        self.lock.release()
