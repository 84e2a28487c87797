"""WAL checkpoints in a background thread, so the writer only appends to the log.

In WAL mode each committed page is written twice: appended to the ``-wal`` file at
commit, then copied into the database file by a checkpoint, which SQLite runs inside the
writer's own commit once the log passes 1,000 pages. On a bulk load that copy (and its
fsync) is about as much work as the writes themselves. SQLite's documentation names the
alternative used here: checkpoints run by a separate thread on its own connection. A
PASSIVE checkpoint never blocks the writer or the readers, so the copying happens on
another core while the writer goes on. The writer keeps a high automatic threshold as a
safety net, so the log stays bounded even if the thread falls behind.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

#: Pages the log may reach before the writer checkpoints by itself (the safety net).
WRITER_THRESHOLD = 20_000


class Checkpointer:
    """Runs ``PRAGMA wal_checkpoint(PASSIVE)`` on ``path`` every ``interval`` seconds
    until ``close`` (a checkpoint with nothing new to copy costs next to nothing)."""

    def __init__(self, path: str | Path, interval: float = 0.25):
        self.path = str(path)
        self.interval = interval
        self._wake = threading.Event()
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the thread (the writer's close checkpoints what is left)."""
        self._stop = True
        self._wake.set()
        self._thread.join()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            while not self._stop:
                self._wake.wait(self.interval)
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:  # busy, locked, or the file went away: try next round
                    pass
        finally:
            conn.close()
