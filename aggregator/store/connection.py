"""``Store``: the connection to the article database (SQLite through sqlite-utils).

One writer, many readers (WAL, checkpoints copied by a background thread: ``wal``).
Opening for writing creates the database and applies the pending ``migrations``;
``readonly=True`` opens an existing one without writing. The methods below are the
store's everyday API and hand over to the module that owns each table (``articles``,
``stories``, ``fts``); the other named queries are functions of those modules and of
``runs`` and ``signatures``, each taking the ``Store``.
"""

from __future__ import annotations

import sqlite3
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import sqlite_utils

from aggregator.items import Article
from aggregator.sources.registry import Source
from aggregator.store import articles, fts, stories
from aggregator.store.migrations import migrate
from aggregator.store.wal import WRITER_THRESHOLD, Checkpointer

DEFAULT_DB = "data/news.db"

#: What the store's functions raise when SQLite refuses (locked, missing, corrupt).
StoreError = sqlite3.Error


class Store:
    """The article database. ``Store(path)`` opens (creating and migrating) it."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False):
        self.path = Path(path)
        self.checkpointer: Checkpointer | None = None
        if readonly:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self.db = sqlite_utils.Database(conn)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite_utils.Database(self.path)
            self.db.conn.execute("PRAGMA busy_timeout = 10000")
            self.db.enable_wal()
            self.db.conn.execute("PRAGMA synchronous = NORMAL")
            self.db.conn.execute("PRAGMA cache_size = -65536")  # 64 MB: index pages stay hot
            self.db.conn.execute("PRAGMA foreign_keys = ON")
            migrate(self.db)
            self.db.conn.execute(f"PRAGMA wal_autocheckpoint = {WRITER_THRESHOLD}")
            self.checkpointer = Checkpointer(self.path)
            weakref.finalize(self, self.checkpointer.close)  # a Store never closed stops it too

    def close(self) -> None:
        if self.checkpointer:
            self.checkpointer.close()
        self.db.conn.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: the reads inside see one state of the database, however
        much a writer commits meanwhile."""
        self.db.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.db.conn.execute("COMMIT")

    def count(self, table: str = "articles") -> int:
        """Rows in ``table`` (0 when it does not exist)."""
        return self.db[table].count if self.db[table].exists() else 0

    # --- articles -----------------------------------------------------------------------

    def save_sources(self, sources: Iterable[Source]) -> None:
        """Record the registry entries that articles point to."""
        articles.save_sources(self, sources)

    def upsert_article(self, article: Article) -> str:
        """Insert or update one article by canonical URL.

        Returns ``"new"``, ``"updated"`` (title, lead, body or date changed: the latest
        version is kept and ``updated_at`` set) or ``"unchanged"``.
        """
        return self.upsert_articles([article])[0]

    def upsert_articles(self, batch: Iterable[Article], *, index: bool = True) -> list[str]:
        """``upsert_article`` for many articles in one transaction (the fast path).

        With ``index=False`` their texts wait for the next ``index_pending`` (a bulk load
        indexes once at the end, which is much faster; search does not see them until then).
        """
        statuses = articles.upsert_articles(self, batch)
        if index:
            self.index_pending()
        return statuses

    def known_urls(self, source: str | None = None) -> set[str]:
        """Canonical URLs already stored (of one source, or all)."""
        return articles.known_urls(self, source)

    # --- stories and the full-text index ------------------------------------------------

    def refresh_stories(self, story_ids: Iterable[str | None]) -> None:
        """Recompute the ``stories`` rows of ``story_ids`` (``stories.refresh_stories``)."""
        stories.refresh_stories(self, story_ids)

    def index_pending(self, batch: int = 20_000) -> int:
        """Bring the full-text index up to date; returns how many articles were indexed."""
        return fts.index_pending(self, batch)

    def pending_index_count(self) -> int:
        """Articles stored or rewritten but not yet in the full-text index."""
        return fts.pending_index_count(self)
