"""One crawl per database at a time: an exclusive ``flock`` on ``<db>.lock``.

The operating system releases a ``flock`` when the process holding it dies, so a
crawl killed with SIGKILL (or a reboot) never leaves a stale lock behind: the file
may stay, the lock does not. The file holds the holder's pid and start time, only
to make the "already running" message useful.
"""

from __future__ import annotations

import fcntl
import os
from datetime import datetime, timezone
from pathlib import Path


class AlreadyRunning(RuntimeError):
    """Another process holds the lock; ``holder`` is what it wrote into the file."""

    def __init__(self, path: Path, holder: str):
        super().__init__(f"another crawl is already running on this database "
                         f"(lock {path} held by {holder or 'an unknown process'})")
        self.path = path
        self.holder = holder


def lock_path(db: str | os.PathLike) -> Path:
    return Path(f"{db}.lock")


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
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "CrawlLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
